/**
 * What the Pulumi CLI checks of stack config, and what it cannot: `pulumi up` refuses a value
 * whose type differs from the `type:` Pulumi.yaml declares (pulumi/pulumi pkg/workspace/project.go,
 * ValidateConfigValue), but passes a misspelt key on to the program silently. Both are errors here,
 * so `npm run plan` never passes what `pulumi up` refuses and nothing the user wrote is ignored.
 */
import { Problem, problem } from "./errors";
import { CONFIG_KEYS, KeySpec, PROJECT } from "./keys";
import { didYouMean } from "./suggest";
import { shellCommand, shellQuote } from "./shell";

const PREFIX = `${PROJECT}:`;
// strconv.ParseBool, which the CLI uses for boolean keys given as strings.
const CLI_BOOLEAN = /^(1|t|T|TRUE|true|True|0|f|F|FALSE|false|False)$/;

/** The CLI's name for a declared type, as its error message prints it. */
const typeName = (k: KeySpec) => (k.type === "array" ? `array<${k.items ?? "string"}>` : k.type);

/** The JSON value of `v` when it is of that shape, else undefined (also for text that is not JSON). */
export function parsesAs(v: string, shape: "array"): unknown[] | undefined;
export function parsesAs(v: string, shape: "object"): Record<string, unknown> | undefined;
export function parsesAs(v: string, shape: "array" | "object"): unknown[] | Record<string, unknown> | undefined {
    // Most values are plain strings: a failed JSON.parse costs an exception (and its stack) every time.
    const first = v.trimStart()[0];
    if (first !== (shape === "array" ? "[" : "{")) return undefined;
    try {
        const x = JSON.parse(v) as unknown;
        if (shape === "array") return Array.isArray(x) ? x : undefined;
        return typeof x === "object" && x !== null && !Array.isArray(x) ? (x as Record<string, unknown>) : undefined;
    } catch {
        return undefined;
    }
}

/** Whether the CLI accepts `value` (a string, or JSON text for structured YAML) for a key of this type. */
export function cliAccepts(k: KeySpec, value: string): boolean {
    const structured = parsesAs(value, "array") ?? parsesAs(value, "object");
    switch (k.type) {
        case "string": return structured === undefined;
        case "integer": return /^-?\d+$/.test(value);
        case "boolean": return CLI_BOOLEAN.test(value);
        case "array": return (parsesAs(value, "array") ?? [0]).every((x) =>
            (k.items === "object" ? typeof x === "object" && x !== null && !Array.isArray(x) : typeof x === "string"));
        case "object": return parsesAs(value, "object") !== undefined;
    }
}

/** Namespaces other programs and providers read; a key there is theirs. */
const OTHER_NAMESPACES = ["aws", "kubernetes", "pulumi", "random", "tls", "command"];

/**
 * A key in a namespace no one reads, that this program would have read under its own: a misspelt
 * project name (`mdai-cogntio:`), or one of this program's keys under another (`mdai:users`).
 */
function misspeltNamespace(full: string): { wrong: string; fix: string } | undefined {
    const [ns, ...rest] = full.split(":");
    const name = rest.join(":");
    if (!name || OTHER_NAMESPACES.includes(ns)) return undefined;
    const declared = CONFIG_KEYS.find((k) => k.key === name.split(/[.[]/)[0]);
    const close = didYouMean(ns, [PROJECT]).includes(PROJECT);
    if (!declared && !close) return undefined;
    const right = `${PROJECT}:${name}`;
    return { wrong: `the project is ${PROJECT}, so nothing reads the namespace ${ns}: this value would be ignored`,
        fix: `Move it to ${right}: \`${shellCommand("pulumi", "config", "rm", full)}\` and \`pulumi config set ${name.includes(".") || name.includes("[") ? `--path ${shellQuote(name)}` : shellQuote(name)} <value>\`.` };
}

/** The command that sets `path` to `value`: `pulumi config set`, or the plan's own `--set` when the value came from one. */
const setCommand = (viaSet: boolean, path: string, value: string, isPath: boolean) =>
    viaSet ? `--set ${shellQuote(`${path}=${value}`)}` : `pulumi config set ${isPath ? `--path ${shellQuote(path)}` : shellQuote(path)} ${shellQuote(value)}`;

const howToSet = (k: KeySpec, viaSet: boolean) =>
    k.type === "array" ? `Set it as a list, one item at a time: \`${setCommand(viaSet, `${k.key}[0]`, "<value>", true)}\`` :
    k.type === "object" ? `Set its fields with \`${setCommand(viaSet, `${k.key}${k.key === "extraAnnotations" ? '["<annotation>"]' : ".<field>"}`, "<value>", true)}\`` :
    k.type === "integer" ? `Use a whole number: \`${setCommand(viaSet, k.key, "<number>", false)}\`` :
    k.type === "boolean" ? `Use true or false: \`${setCommand(viaSet, k.key, "true", false)}\`` :
    `Use a plain value: \`${setCommand(viaSet, k.key, "<value>", false)}\``;

/**
 * Checks every `mdai-cognito:` key of the stack config: declared, not a flat path, of the
 * declared type. `origin` labels where each key's value came from (stack config or --set).
 */
export function checkStackConfig(stackConfig: Record<string, string>, secretKeys: readonly string[], origin: (fullKey: string) => string): Problem[] {
    const problems: Problem[] = [];
    const declared = CONFIG_KEYS.map((k) => k.key);
    for (const [full, value] of Object.entries(stackConfig)) {
        if (!full.startsWith(PREFIX)) {
            const misplaced = misspeltNamespace(full);
            if (misplaced) problems.push(problem(full, secretKeys.includes(full) ? { hidden: true } : value, misplaced.wrong, misplaced.fix, origin(full)));
            continue;
        }
        const name = full.slice(PREFIX.length);
        const spec = CONFIG_KEYS.find((k) => k.key === name);
        const shown = secretKeys.includes(full) ? { hidden: true as const } : value;
        if (!spec) {
            // `pulumi config set oidc.issuer x` without --path stores the flat key "oidc.issuer".
            const base = name.split(/[.[]/)[0];
            const parent = CONFIG_KEYS.find((k) => k.key === base && (k.type === "object" || k.type === "array"));
            if (parent && base !== name) {
                const path = name.slice(base.length);
                const remove = origin(full).startsWith("--set") ? `Drop --set ${name}` : `Remove it (\`${shellCommand("pulumi", "config", "rm", name)}\`)`;
                problems.push(problem(full, shown, `it is a flat key named "${name}", not ${path.startsWith("[") ? "an item" : "a field"} of ${base} (the usual result of forgetting --path), so the program would not see it`,
                    `${remove} and set it with --path: \`pulumi config set ${secretKeys.includes(full) ? "--secret " : ""}--path ${shellQuote(name)} <value>\`.`, origin(full)));
            } else {
                const remove = origin(full).startsWith("--set") ? `drop --set ${name}` : `remove this one with \`${shellCommand("pulumi", "config", "rm", name)}\``;
                problems.push(problem(full, shown, "mdai-cognito has no such key, so this value would be ignored",
                    `${didYouMean(name, declared).trim() || "Check the spelling."} The keys are listed in Pulumi.yaml and docs/configuration.md; ${remove}.`, origin(full)));
            }
            continue;
        }
        if (value !== "" && !secretKeys.includes(full) && !cliAccepts(spec, value)) {
            problems.push(problem(full, value, `pulumi up refuses it: Pulumi.yaml declares ${name} as type '${typeName(spec)}'`, `${howToSet(spec, origin(full).startsWith("--set"))}.`, origin(full)));
        }
    }
    return problems;
}
