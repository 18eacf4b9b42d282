import * as fs from "fs";
import * as path from "path";
import * as dotenv from "dotenv";
import { CONFIG_KEYS, KNOWN_FILE_VARIABLES, fullKey } from "./keys";
import { AwsProviderSettings, awsProviderSettings } from "./awsProvider";
import { Problem, problem } from "./errors";

/** A raw (unvalidated) value and where it came from, for error messages. */
export interface RawValue {
    value: string;
    origin: string;
    /** True when it came from a secret (encrypted) stack config value. */
    secret?: boolean;
}

/** Everything the program reads from outside, captured once so resolution stays a pure function. */
export interface Sources {
    /** Stack config with full keys (`mdai-cognito:uiHostname`, `aws:region`); objects as JSON text. */
    stackConfig: Record<string, string>;
    /** Full keys whose stack config value is a secret. */
    secretKeys: readonly string[];
    /** The process environment. */
    env: Record<string, string | undefined>;
    /** Directory a relative envFile is resolved against (the project directory). */
    cwd: string;
    /** The stack's name: stack-scoped default names derive from it. */
    stack: string;
}

export interface Resolved {
    stack: string;
    /** The project directory, for relative paths. */
    cwd: string;
    /** Each key's winning value, by short key name; `region` holds the AWS region. */
    values: Map<string, RawValue>;
    problems: Problem[];
    warnings: string[];
    /** The values file that was read, if any (for messages and the plan). */
    valuesFile?: string;
    /** `aws:*` stack config (and the values file's AWS_PROFILE / AWS_ACCOUNT_ID) for the explicit AWS providers. */
    awsProvider: AwsProviderSettings;
}

const DEFAULT_ENV_FILE = "values/aws.env";

const REGION_VARS = ["AWS_REGION", "AWS_DEFAULT_REGION"];

/** Applies the precedence Pulumi stack config > process environment > values file. */
export function resolveSources(src: Sources): Resolved {
    const values = new Map<string, RawValue>();
    const problems: Problem[] = [];
    const warnings: string[] = [];
    const fromConfig = (key: string): RawValue | undefined => {
        const v = src.stackConfig[key];
        return v === undefined || v === "" ? undefined : { value: v, origin: "stack config", secret: src.secretKeys.includes(key) };
    };

    const envFileSetting = fromConfig(fullKey("envFile"));
    const file = readValuesFile(src.cwd, envFileSetting, problems);
    const candidates = (name: string): RawValue[] => {
        const found: RawValue[] = [];
        const e = src.env[name];
        if (e !== undefined && e !== "") found.push({ value: e, origin: `environment variable ${name}` });
        const f = file.vars[name];
        if (f !== undefined && f !== "") found.push({ value: f, origin: `${name} in ${file.display}` });
        return found;
    };
    const fromEnvOrFile = (name: string): RawValue | undefined => candidates(name)[0];

    for (const spec of CONFIG_KEYS) {
        const all = [fromConfig(fullKey(spec.key)), ...(spec.env ? candidates(spec.env) : [])].filter((v): v is RawValue => v !== undefined);
        if (all.length === 0) continue;
        values.set(spec.key, all[0]);
        // A filled-in values file silently losing to the example stack file is an easy mistake to miss.
        for (const shadowed of all[0].secret ? [] : all.slice(1).filter((v) => v.value !== all[0].value)) {
            warnings.push(`${spec.key}: ${all[0].origin} (${JSON.stringify(all[0].value)}) overrides ${shadowed.origin} (${JSON.stringify(shadowed.value)}).`);
        }
    }
    const region = fromConfig("aws:region") ?? REGION_VARS.map(fromEnvOrFile).find((v) => v !== undefined);
    if (region) values.set("region", region);

    // The original installer's COGNITO=false turned authentication off; never do that implicitly.
    const legacy = fromEnvOrFile("COGNITO");
    if (legacy && /^(false|0|no)$/i.test(legacy.value.trim()) && !values.has("authMode")) {
        problems.push(problem("COGNITO", legacy.value,
            "the original installer's switch to turn authentication off is not honoured implicitly, because it makes the console public",
            "To really publish the console without login, set MDAI_AUTH_MODE=none (or mdai-cognito:authMode none); otherwise remove COGNITO.", legacy.origin));
    }

    const known = new Set<string>([...CONFIG_KEYS.flatMap((k) => (k.env ? [k.env] : [])), ...KNOWN_FILE_VARIABLES]);
    for (const name of Object.keys(file.vars)) {
        if (name.startsWith("MDAI_") && !known.has(name)) {
            warnings.push(`${file.display} sets ${name}, which mdai-cognito does not read (a typo?). Known variables: ${[...known].filter((n) => n.startsWith("MDAI_")).join(", ")}.`);
        }
    }
    const awsProvider = awsProviderSettings(src.stackConfig, src.secretKeys, fromEnvOrFile, problems, warnings);
    // The explicit Kubernetes provider reads none of the default provider's settings; say so rather than ignore them.
    for (const k of Object.keys(src.stackConfig).filter((x) => x.startsWith("kubernetes:") && src.stackConfig[x] !== "")) {
        warnings.push(`${k} is ignored: this program connects through its own Kubernetes provider; say which cluster with mdai-cognito:clusterName, or mdai-cognito:kubeconfig and kubeContext.`);
    }
    return { stack: src.stack, cwd: src.cwd, values, problems, warnings, valuesFile: file.exists ? file.display : undefined, awsProvider };
}

interface ValuesFile {
    vars: Record<string, string>;
    display: string;
    exists: boolean;
}

function readValuesFile(cwd: string, setting: RawValue | undefined, problems: Problem[]): ValuesFile {
    const display = setting?.value ?? DEFAULT_ENV_FILE;
    const file = path.resolve(cwd, display);
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        // The default file is optional: stack config may cover every key.
        if (setting || code !== "ENOENT") {
            problems.push(problem(fullKey("envFile"), display, `the values file cannot be read (${code ?? String(err)} at ${file})`,
                "Create the file, fix the path (relative paths start at the project directory), or unset envFile to use values/aws.env when present.", setting?.origin));
        }
        return { vars: {}, display, exists: false };
    }
    return { vars: dotenv.parse(text), display, exists: true };
}
