/**
 * The stack config `pulumi up` would hand the program, read offline: Pulumi.yaml's declared
 * defaults, then Pulumi.<stack>.yaml, then `--set` overrides (paths as `pulumi config set --path`
 * takes them). Encrypted (`secure:`) values are never decrypted: they become SECRET_PLACEHOLDER
 * and their keys are marked secret; one the program must read to plan is refused with the --set
 * that supplies it.
 */
import { ALWAYS_SECRET } from "../config/awsProvider";
import { SHARED_VALUES_FILE, stackValuesFile } from "../config/sources";
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import { Problem, problem } from "../config/errors";
import { didYouMean } from "../config/suggest";
import { ConfigPathError, Segment, formatConfigPath, parseConfigPath, setAtPath } from "./configPath";
import { shellQuote } from "../config/shell";

export const SECRET_PLACEHOLDER = "[secret]";

export interface PlanConfig {
    project: string;
    stack: string;
    /** The stack file read, or undefined when there is none (every value then comes from the values file). */
    stackFile?: string;
    /** Where values came from when not the stack file (`--set`), by full key. */
    origins: Record<string, string>;
    /** Full keys (`ns:key`) to string values, as the Pulumi runtime sees them. */
    config: Record<string, string>;
    secretKeys: string[];
}

/** Input the plan cannot work from (arguments, files); `problems` name the config keys involved. */
export class PlanInputError extends Error {
    constructor(message: string, readonly problems: Problem[] = []) {
        super(message);
    }
}

/** `key` or `ns:key` → `ns:key`; keys without a namespace belong to the project. */
const fullKey = (project: string, key: string) => (key.includes(":") ? key : `${project}:${key}`);

/** Replaces `{ secure: … }` leaves with the placeholder; lists where they were. */
function hideSecure(v: unknown, at: Segment[] = []): { value: unknown; secure: Segment[][] } {
    if (typeof v === "object" && v !== null && !Array.isArray(v) && Object.keys(v).length === 1 && "secure" in v) {
        return { value: SECRET_PLACEHOLDER, secure: [at] };
    }
    if (Array.isArray(v)) {
        const parts = v.map((x, n) => hideSecure(x, [...at, n]));
        return { value: parts.map((p) => p.value), secure: parts.flatMap((p) => p.secure) };
    }
    if (typeof v === "object" && v !== null) {
        const parts = Object.entries(v).map(([k, x]) => [k, hideSecure(x, [...at, k])] as const);
        return { value: Object.fromEntries(parts.map(([k, p]) => [k, p.value])), secure: parts.flatMap(([, p]) => p.secure) };
    }
    return { value: v, secure: [] };
}

/**
 * Encrypted values the program passes on without reading them: the plan shows them as [secret].
 * Every other encrypted value of this project or of aws: is read (checked, rendered) and must be given to plan.
 */
const opaque = (project: string, key: string, at: readonly Segment[]) =>
    (key === `${project}:oidc` && (at[0] === "clientSecret" || at[0] === "clientId")) ||
    (key === `${project}:identityProviders` && at.length === 2 && at[1] === "clientSecret") ||
    ALWAYS_SECRET.some((k) => key === `aws:${k}`) ||
    (!key.startsWith(`${project}:`) && !key.startsWith("aws:"));

/** Config values are strings; structured ones are JSON, as the CLI passes them. */
const asConfigString = (v: unknown) => (typeof v === "string" ? v : JSON.stringify(v));
const fromConfigString = (v: string | undefined): unknown => {
    if (v === undefined) return undefined;
    try {
        const x = JSON.parse(v);
        return typeof x === "object" && x !== null ? x : v;
    } catch {
        return v;
    }
};

/** Files parsed before, by their text: the plan, the doctor and the tests read Pulumi.yaml again and again. */
const parsedFiles = new Map<string, unknown>();

/** Parses a YAML file, turning a syntax error into `file:line:column: message`; each caller gets its own copy. */
function parseYamlFile(file: string): unknown {
    const text = fs.readFileSync(file, "utf8");
    const key = `${path.basename(file)}\0${text}`;
    if (!parsedFiles.has(key)) parsedFiles.set(key, parseYamlText(file, text));
    return structuredClone(parsedFiles.get(key));
}

function parseYamlText(file: string, text: string): unknown {
    const doc = YAML.parseDocument(text);
    const err = doc.errors[0];
    if (err) {
        const at = err.linePos?.[0];
        const what = err.message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "");
        throw new PlanInputError(`${path.basename(file)}:${at ? `${at.line}:${at.col}` : "?"}: ${what}. Fix the YAML syntax there (indentation, a missing colon or quote).`);
    }
    try {
        return doc.toJS();
    } catch (e) {
        // yaml refuses documents whose aliases expand without bound ("billion laughs"): say so, without a stack trace.
        throw new PlanInputError(`${path.basename(file)}: ${(e as Error).message.split("\n")[0]}. Write the values out instead of repeating aliases (*name) of aliases.`);
    }
}

/** The stacks a project directory describes: a stack file or a values file of their own. */
export function knownStacks(projectDir: string): string[] {
    const names = (dir: string, re: RegExp) => (fs.existsSync(dir) ? fs.readdirSync(dir).flatMap((f) => re.exec(f)?.[1] ?? []) : []);
    const all = [...names(projectDir, /^Pulumi\.(.+)\.yaml$/), ...names(path.join(projectDir, "values"), /^(.+)\.env$/).filter((n) => stackValuesFile(n) !== SHARED_VALUES_FILE)];
    return [...new Set(all)].sort();
}

/**
 * `--stack` as the Pulumi CLI takes it: `stack`, `org/stack` or `org/project/stack`. Stack files
 * are named by the stack alone; a project part must be this project.
 */
export function stackName(arg: string, project: string): string {
    const parts = arg.split("/");
    if (parts.length > 3 || parts.some((p) => !/^[A-Za-z0-9_.-]+$/.test(p))) {
        throw new PlanInputError(`--stack ${arg}: a stack is named stack, org/stack or org/project/stack, of letters, digits, -, _ and . (as \`pulumi stack ls\` shows it).`);
    }
    if (parts.length === 3 && parts[1] !== project) {
        throw new PlanInputError(`--stack ${arg}: that stack belongs to the project ${parts[1]}, and this is ${project}. Use --stack ${parts[0]}/${project}/${parts[2]}, or plan it from ${parts[1]}'s directory.`);
    }
    return parts[parts.length - 1];
}

export function readPlanConfig(projectDir: string, stackArg: string, sets: string[]): PlanConfig {
    const projectFile = path.join(projectDir, "Pulumi.yaml");
    const project = parseYamlFile(projectFile) as { name: string; config?: Record<string, { default?: unknown } | unknown> };
    const stack = stackName(stackArg, project.name);
    const config: Record<string, string> = {};
    /** Encrypted leaves by full key, as paths below it. */
    const secure = new Map<string, Segment[][]>();

    for (const [key, decl] of Object.entries(project.config ?? {})) {
        // A declaration is an object with type/default…; a bare value sets the key for every stack.
        const isDecl = typeof decl === "object" && decl !== null && !Array.isArray(decl);
        const value = isDecl ? (decl as { default?: unknown; value?: unknown }).value ?? (decl as { default?: unknown }).default : decl;
        if (value !== undefined) config[fullKey(project.name, key)] = asConfigString(value);
    }

    // A stack whose values all come from the values file has no stack file (or an empty one); plan it.
    const stackFile = path.join(projectDir, `Pulumi.${stack}.yaml`);
    const exists = fs.existsSync(stackFile);
    const stackDoc = ((exists ? parseYamlFile(stackFile) : undefined) ?? {}) as { config?: Record<string, unknown> };
    for (const [key, raw] of Object.entries(stackDoc.config ?? {})) {
        const hidden = hideSecure(raw);
        const k = fullKey(project.name, key);
        config[k] = asConfigString(hidden.value);
        if (hidden.secure.length) secure.set(k, hidden.secure);
    }

    const origins: Record<string, string> = {};
    for (const set of sets) {
        const eq = set.indexOf("=");
        if (eq <= 0) throw new PlanInputError(`--set ${set}: expected key=value, e.g. --set uiHostname=mdai.your-company.com, --set aws:region=eu-west-1 or --set 'users[0]=<e-mail address>'.`);
        const given = set.slice(0, eq);
        try {
            const p = parseConfigPath(given);
            const k = fullKey(project.name, p.root);
            config[k] = asConfigString(setAtPath(p.rest.length ? fromConfigString(config[k]) : undefined, p.rest, set.slice(eq + 1), given));
            origins[k] = origins[k] ? `${origins[k]}, --set ${given}` : `--set ${given}`;
            // What --set wrote is no longer encrypted; the rest of the key may still be.
            const left = (secure.get(k) ?? []).filter((at) => !p.rest.every((seg, n) => at[n] === seg));
            if (left.length) secure.set(k, left);
            else secure.delete(k);
        } catch (e) {
            if (e instanceof ConfigPathError) throw new PlanInputError(`--set ${set}: ${e.message}. Paths are written as for \`pulumi config set --path\`, e.g. --set 'users[0]=<e-mail address>' or --set oidc.issuer=https://….`);
            throw e;
        }
    }

    if (!exists && !fs.existsSync(path.join(projectDir, stackValuesFile(stack))) && !config[fullKey(project.name, "envFile")]) {
        const stacks = knownStacks(projectDir);
        throw new PlanInputError(`--stack ${stackArg}: there is no Pulumi.${stack}.yaml and no ${stackValuesFile(stack)}, so nothing says what stack ${stack} is.` +
            `${didYouMean(stack, stacks)} Stacks here: ${stacks.join(", ") || "none"}. To plan a new stack, create Pulumi.${stack}.yaml (\`pulumi config set aws:region <region> --stack ${shellQuote(stack)}\` writes it) or ${stackValuesFile(stack)}.`);
    }

    const unreadable = [...secure].flatMap(([k, paths]) => paths.filter((at) => !opaque(project.name, k, at)).map((at) => formatConfigPath(k, at)));
    if (unreadable.length) {
        const problems = unreadable.map((full) => {
            const short = full.startsWith(`${project.name}:`) ? full.slice(project.name.length + 1) : full;
            const value = short === "kubeconfig" ? "<path to the kubeconfig file>" : "<value>";
            return problem(full, { hidden: true }, `it is encrypted in Pulumi.${stack}.yaml, and the plan, which runs without the Pulumi CLI, cannot decrypt it; it needs the value to check and render the stack`,
                `Plan with \`--set '${short}=${value}'\` (\`pulumi up\` decrypts it itself).`);
        });
        throw new PlanInputError([`mdai-cognito plan: ${problems.length} encrypted value(s) it must read:`, ...problems.map((p) => `  - ${p.message}`)].join("\n"), problems);
    }
    return { project: project.name, stack, stackFile: exists ? path.basename(stackFile) : undefined, origins, config, secretKeys: [...secure.keys()] };
}
