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
    stackFile: string;
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

export function readPlanConfig(projectDir: string, stack: string, sets: string[]): PlanConfig {
    const projectFile = path.join(projectDir, "Pulumi.yaml");
    const project = YAML.parse(fs.readFileSync(projectFile, "utf8")) as { name: string; config?: Record<string, { default?: unknown } | unknown> };
    const config: Record<string, string> = {};
    const secretKeys = new Set<string>();

    for (const [key, decl] of Object.entries(project.config ?? {})) {
        // A declaration is an object with type/default…; a bare value sets the key for every stack.
        const isDecl = typeof decl === "object" && decl !== null && !Array.isArray(decl);
        const value = isDecl ? (decl as { default?: unknown; value?: unknown }).value ?? (decl as { default?: unknown }).default : decl;
        if (value !== undefined) config[fullKey(project.name, key)] = asConfigString(value);
    }

    const stackFile = path.join(projectDir, `Pulumi.${stack}.yaml`);
    if (!fs.existsSync(stackFile)) {
        throw new PlanInputError(`No stack file ${path.basename(stackFile)} in ${projectDir}. Create it (\`pulumi stack init ${stack}\` and \`pulumi config set …\`), or pass --stack with an existing stack.`);
    }
    const stackDoc = (YAML.parse(fs.readFileSync(stackFile, "utf8")) ?? {}) as { config?: Record<string, unknown> };
    for (const [key, raw] of Object.entries(stackDoc.config ?? {})) {
        const { value, secret } = hideSecure(raw);
        const k = fullKey(project.name, key);
        config[k] = asConfigString(value);
        if (secret) secretKeys.add(k);
    }

    for (const set of sets) {
        const eq = set.indexOf("=");
        if (eq <= 0) throw new PlanInputError(`--set ${set}: expected key=value, e.g. --set uiHostname=mdai.example.com or --set aws:region=eu-west-1.`);
        const k = fullKey(project.name, set.slice(0, eq));
        config[k] = set.slice(eq + 1);
        secretKeys.delete(k);
    }
    return { project: project.name, stack, stackFile: path.basename(stackFile), config, secretKeys: [...secretKeys] };
}
