/**
 * The stack config `pulumi up` would hand the program, read offline: Pulumi.yaml's declared
 * defaults, then Pulumi.<stack>.yaml, then `--set` overrides. Encrypted (`secure:`) values are
 * never decrypted: they become SECRET_PLACEHOLDER and their keys are marked secret.
 */
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";

export const SECRET_PLACEHOLDER = "[secret]";

export interface PlanConfig {
    project: string;
    stack: string;
    /** The stack file read, or undefined when there is none (every value then comes from the values file). */
    stackFile?: string;
    /** Where values came from when not the stack file, by full key (`--set`). */
    origins: Record<string, string>;
    /** Full keys (`ns:key`) to string values, as the Pulumi runtime sees them. */
    config: Record<string, string>;
    secretKeys: string[];
}

export class PlanInputError extends Error {}

/** `key` or `ns:key` → `ns:key`; keys without a namespace belong to the project. */
const fullKey = (project: string, key: string) => (key.includes(":") ? key : `${project}:${key}`);

/** Replaces `{ secure: … }` leaves; reports whether any was found. */
function hideSecure(v: unknown): { value: unknown; secret: boolean } {
    if (typeof v === "object" && v !== null && !Array.isArray(v) && Object.keys(v).length === 1 && "secure" in v) {
        return { value: SECRET_PLACEHOLDER, secret: true };
    }
    if (Array.isArray(v)) {
        const parts = v.map(hideSecure);
        return { value: parts.map((p) => p.value), secret: parts.some((p) => p.secret) };
    }
    if (typeof v === "object" && v !== null) {
        const parts = Object.entries(v).map(([k, x]) => [k, hideSecure(x)] as const);
        return { value: Object.fromEntries(parts.map(([k, p]) => [k, p.value])), secret: parts.some(([, p]) => p.secret) };
    }
    return { value: v, secret: false };
}

/** Config values are strings; structured ones are JSON, as the CLI passes them. */
const asConfigString = (v: unknown) => (typeof v === "string" ? v : JSON.stringify(v));

/** Parses a YAML file, turning a syntax error into `file:line:column: message`. */
function parseYamlFile(file: string): unknown {
    const doc = YAML.parseDocument(fs.readFileSync(file, "utf8"));
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

export function readPlanConfig(projectDir: string, stack: string, sets: string[]): PlanConfig {
    const projectFile = path.join(projectDir, "Pulumi.yaml");
    const project = parseYamlFile(projectFile) as { name: string; config?: Record<string, { default?: unknown } | unknown> };
    const config: Record<string, string> = {};
    const secretKeys = new Set<string>();

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
        const { value, secret } = hideSecure(raw);
        const k = fullKey(project.name, key);
        config[k] = asConfigString(value);
        if (secret) secretKeys.add(k);
    }

    const origins: Record<string, string> = {};
    for (const set of sets) {
        const eq = set.indexOf("=");
        if (eq <= 0) throw new PlanInputError(`--set ${set}: expected key=value, e.g. --set uiHostname=mdai.example.com or --set aws:region=eu-west-1.`);
        const k = fullKey(project.name, set.slice(0, eq));
        config[k] = set.slice(eq + 1);
        origins[k] = `--set ${set.slice(0, eq)}`;
        secretKeys.delete(k);
    }
    return { project: project.name, stack, stackFile: exists ? path.basename(stackFile) : undefined, origins, config, secretKeys: [...secretKeys] };
}
