/** The commands' arguments: Node's parser, with messages that say what to type instead, and the usage. */
import { ParseArgsConfig, parseArgs } from "util";
import { didYouMean } from "../config/suggest";
import { PlanInputError } from "./planConfig";

type Options = NonNullable<ParseArgsConfig["options"]>;

/** Parses `argv` strictly; a mistake is a PlanInputError (exit 1) that ends with `usage`. */
export function parseCommandArgs<O extends Options>(argv: string[], options: O, usage: string, allowPositionals = false) {
    try {
        return parseArgs({ args: argv, options, strict: true, allowPositionals });
    } catch (err) {
        const e = err as { code?: string; message: string };
        if (!e.code?.startsWith("ERR_PARSE_ARGS")) throw err;
        const names = Object.keys(options).map((o) => `--${o}`);
        const quoted = /'([^']*)'/.exec(e.message)?.[1] ?? "";
        let what = e.message.split(". ")[0];
        if (e.code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") what = `Unknown option ${quoted}.${didYouMean(quoted.split("=")[0], names)}`;
        else if (e.code === "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL") what = `Unexpected argument ${JSON.stringify(quoted)}: every value follows its option${/^[A-Za-z0-9_.-]+$/.test(quoted) && "stack" in options ? ` (a stack: --stack ${quoted})` : ""}.`;
        throw new PlanInputError(`${what}\n${usage}`);
    }
}
