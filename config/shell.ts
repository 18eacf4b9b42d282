/**
 * Commands the program, the plan and the doctor print for a person to paste into a shell: every
 * value in them is quoted, so a value that holds `$(…)`, a backtick, `|` or `'` is an argument, never
 * code. lambda/signOutRemovedUser.js quotes the same way (it is deployed alone, so it has its own
 * copy); tests/shellQuote.test.ts runs the printed commands through sh.
 */

import { isPlaceholder } from "./placeholders";

/** Characters that need no quoting in POSIX sh (and read naturally). */
const PLAIN = /^[A-Za-z0-9_@%+=:,./-]+$/;
/** A placeholder for the reader to replace, such as `<value>` or `<e-mail address>`: shown as it is. */
const PLACEHOLDER = /^<[a-z][a-z .-]*>$/;

/** One shell word: plain when it can be, else POSIX single quotes (`'` written as `'\''`). */
export function shellQuote(value: string): string {
    // The plan's `<known after deploy: …>` marks stand for a value too: shown as they are.
    if (PLAIN.test(value) || PLACEHOLDER.test(value) || isPlaceholder(value)) return value;
    return `'${value.replace(/'/g, "'\\''")}'`;
}

/** A command line from its words, each quoted as needed. */
export const shellCommand = (...words: string[]): string => words.map(shellQuote).join(" ");
