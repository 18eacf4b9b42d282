import { redactSecrets } from "./redact";

/** One thing wrong with the configuration: which key, what was wrong, what to do. */
export interface Problem {
    /** The config key as the user writes it, e.g. `mdai-cognito:uiHostname` or `aws:region`. */
    key: string;
    /** A sentence (or two) naming the bad value, what is wrong with it and how to fix it. */
    message: string;
}

/**
 * A failure the user fixes outside the program (config, the cluster): the Pulumi runtime prints
 * a RunError's message alone, without a stack trace (cmd/run/run.js). The marker is how it
 * recognises one (RunError.isInstance), so config/ need not load the SDK.
 */
export class UserFacingError extends Error {
    readonly __pulumiRunError = true;

    constructor(message: string) {
        super(redactSecrets(message));
    }
}

/** Every configuration problem found, reported together so a user fixes them in one round. */
export class ConfigError extends UserFacingError {
    /** `warnings` (likely typos, overrides) are printed with the problems: they often explain them. */
    readonly problems: Problem[];
    readonly warnings: string[];

    constructor(problems: Problem[], warnings: string[] = []) {
        super(formatProblems(problems, warnings));
        this.problems = problems.map((p) => ({ ...p, message: redactSecrets(p.message) }));
        this.warnings = warnings.map(redactSecrets);
        this.name = "ConfigError";
    }
}

export function formatProblems(problems: Problem[], warnings: string[] = []): string {
    const noun = problems.length === 1 ? "problem" : "problems";
    const lines = problems.map((p) => `  - ${p.message}`);
    const notes = warnings.length ? ["Warnings, which may explain them:", ...warnings.map((w) => `  - ${w}`)] : [];
    return [`mdai-cognito: ${problems.length} configuration ${noun}; nothing was deployed:`, ...lines, ...notes].join("\n");
}

/** Where a value came from, for messages: `Pulumi config`, `MDAI_UI_HOSTNAME in values/aws.env`, … */
export type Origin = string;

/** A config value as a message shows it: a string once quoted, anything else as its JSON. */
export const asShown = (v: unknown): string | { json: unknown } => (typeof v === "string" ? v : { json: v });

/** A value's JSON cut to a line: a message quotes a value, it does not dump a document. */
const bounded = (text: string) => (text.length > 80 ? `${text.slice(0, 77)}…` : text);

/**
 * Builds a problem sentence: `<key> (from <origin>) is "<value>": <wrong>. <fix>`
 * Pass `value: undefined` for a missing value; pass `hidden` for secrets that must never be echoed;
 * `asShown(v)` for a value that may not be a string.
 */
export function problem(
    key: string,
    value: string | undefined | { hidden: true } | { json: unknown },
    wrong: string,
    fix: string,
    origin?: Origin,
): Problem {
    const from = origin ? ` (from ${origin})` : "";
    let shown: string;
    if (value === undefined) shown = "is not set";
    // A message quotes a value, it does not repeat a pasted document: long strings are cut too.
    else if (typeof value === "string") shown = `is ${JSON.stringify(value.length > 200 ? `${value.slice(0, 197)}…` : value)}`;
    else if ("json" in value) shown = `is ${bounded(JSON.stringify(value.json) ?? "undefined")}`;
    else shown = "is set";
    return { key, message: `${key}${from} ${shown}: ${wrong}. ${fix}` };
}
