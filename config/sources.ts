import * as fs from "fs";
import * as path from "path";
import * as dotenv from "dotenv";
import { AwsProviderSettings, awsProviderSettings } from "./awsProvider";
import { Problem, problem } from "./errors";
import { checkStackConfig } from "./keyCheck";
import { CONFIG_KEYS, KNOWN_FILE_VARIABLES, fullKey } from "./keys";
import { didYouMean } from "./suggest";

/** A raw (unvalidated) value and where it came from, for error messages. */
export interface RawValue {
    value: string;
    origin: string;
    /** True when it came from a secret (encrypted) stack config value. */
    secret?: boolean;
    /** True when it came from stack config (typed by Pulumi.yaml), not from a variable. */
    fromConfig?: boolean;
}

/** Everything the program reads from outside, captured once so resolution stays a pure function. */
export interface Sources {
    /** Stack config with full keys (`mdai-cognito:uiHostname`, `aws:region`); objects as JSON text. */
    stackConfig: Record<string, string>;
    /** Full keys whose stack config value is a secret. */
    secretKeys: readonly string[];
    /** Where a stack config value came from when not the stack file (`npm run plan --set`), by full key. */
    configOrigins?: Record<string, string>;
    /** The process environment. */
    env: Record<string, string | undefined>;
    /** Directory a relative envFile is resolved against (the project directory). */
    cwd: string;
    /** The stack's name: stack-scoped default names and the per-stack values file derive from it. */
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
    /** Where to tell the user to write a variable: the file read, else the files looked for. */
    valuesFileHint: string;
    /** What was read, for the log and the plan. */
    info: string[];
    /** `aws:*` stack config (and AWS_PROFILE / AWS_ACCOUNT_ID) for the explicit AWS providers. */
    awsProvider: AwsProviderSettings;
}

export const SHARED_VALUES_FILE = "values/aws.env";
export const stackValuesFile = (stack: string) => `values/${stack}.env`;
const REGION_VARS = ["AWS_REGION", "AWS_DEFAULT_REGION"];

/**
 * Variables of MDAI's own installer (mdai-inkops' aws.env and CDK app) that this program does not
 * read: a values file shared with the installer holds them, so they are known, not typos.
 */
const INSTALLER_VARIABLES = ["MDAI_EC2_INSTANCE_CLASS", "MDAI_EC2_INSTANCE_SIZE", "MDAI_CLUSTER_CAPACITY", "MDAI_API_VERSION", "MDAI_CONSOLE_VERSION",
    "MDAI_OPERATOR_VERSION", "KARPENTER", "AWS_SSO_ROLE", "AWS_PARTITION", "DATALYZER_VERSION"];

/** Applies the precedence Pulumi stack config > process environment > values file. */
export function resolveSources(src: Sources): Resolved {
    const values = new Map<string, RawValue>();
    const problems: Problem[] = [];
    const warnings: string[] = [];
    const info: string[] = [];
    const configOrigin = (key: string) => src.configOrigins?.[key] ?? "stack config";
    const fromConfig = (key: string): RawValue | undefined => {
        const v = src.stackConfig[key];
        return v === undefined || v === "" ? undefined : { value: v, origin: configOrigin(key), secret: src.secretKeys.includes(key), fromConfig: true };
    };
    problems.push(...checkStackConfig(src.stackConfig, src.secretKeys, configOrigin));

    const file = readValuesFile(src, fromConfig(fullKey("envFile")), problems);
    info.push(file.exists ? `values file: ${file.display}` : `values file: none (looked for ${file.display})`);
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
    // The region is a key like the others: every layer that sets it, and a warning when one overrides a different value.
    const regions = [fromConfig("aws:region"), ...REGION_VARS.flatMap(candidates)].filter((v): v is RawValue => v !== undefined);
    if (regions.length) values.set("region", regions[0]);
    const shellRegion = regions.find((r) => r.origin.startsWith("environment variable"));
    const fileRegion = regions.find((r) => !r.fromConfig && !r.origin.startsWith("environment variable"));
    const regionsDisagree = !fromConfig("aws:region") && shellRegion && fileRegion && shellRegion.value !== fileRegion.value;
    if (shellRegion && fileRegion && regionsDisagree) {
        // CI runners often export AWS_REGION: a stack must not follow whichever shell runs it away from its own file.
        problems.push(problem("aws:region", undefined, `${shellRegion.origin} says ${shellRegion.value} but ${fileRegion.origin} says ${fileRegion.value}, ` +
            "and the stack config sets no aws:region, so the stack would go wherever the shell that runs it points",
            `Choose in the stack config, which wins over both: \`pulumi config set aws:region ${fileRegion.value} --stack ${src.stack}\` ` +
            `(or ${shellRegion.value}); or unset ${shellRegion.origin.replace("environment variable ", "")} in the shell.`));
    }
    for (const shadowed of regionsDisagree ? [] : regions.slice(1).filter((v) => v.value !== regions[0].value)) {
        warnings.push(`aws:region: ${regions[0].origin} (${JSON.stringify(regions[0].value)}) overrides ${shadowed.origin} (${JSON.stringify(shadowed.value)}); the stack deploys to ${regions[0].value}.`);
    }

    // The original installer's COGNITO=false turned authentication off; never do that implicitly.
    const legacy = fromEnvOrFile("COGNITO");
    if (legacy && /^(false|0|no)$/i.test(legacy.value.trim()) && !values.has("authMode")) {
        problems.push(problem("COGNITO", legacy.value,
            "the original installer's switch to turn authentication off is not honoured implicitly, because it makes the console public",
            "To really publish the console without login, set MDAI_AUTH_MODE=none (or mdai-cognito:authMode none); otherwise remove COGNITO.", legacy.origin));
    }

    const ours = CONFIG_KEYS.flatMap((k) => (k.env ? [k.env] : []));
    const known = new Set<string>([...ours, ...KNOWN_FILE_VARIABLES, ...INSTALLER_VARIABLES]);
    const unknown = (where: string, names: string[]) => {
        for (const name of names.filter((n) => n.startsWith("MDAI_") && !known.has(n))) {
            warnings.push(`${where} sets ${name}, which mdai-cognito does not read (a typo?).${didYouMean(name, ours)} The variables it reads: ${ours.join(", ")}.`);
        }
    };
    unknown(file.display, Object.keys(file.vars));
    unknown("the environment", Object.keys(src.env).filter((n) => src.env[n] !== undefined));

    const awsProvider = awsProviderSettings(src.stackConfig, src.secretKeys, fromEnvOrFile, problems, warnings);
    // The explicit Kubernetes provider reads none of the default provider's settings; say so rather than ignore them.
    for (const k of Object.keys(src.stackConfig).filter((x) => x.startsWith("kubernetes:") && src.stackConfig[x] !== "")) {
        warnings.push(`${k} is ignored: this program connects through its own Kubernetes provider; say which cluster with mdai-cognito:clusterName, or mdai-cognito:kubeconfig and kubeContext.`);
    }
    return {
        stack: src.stack, cwd: src.cwd, values, problems, warnings, info, awsProvider,
        valuesFile: file.exists ? file.display : undefined,
        valuesFileHint: file.exists || file.named ? file.display : `${stackValuesFile(src.stack)} (or ${SHARED_VALUES_FILE})`,
    };
}

interface ValuesFile {
    vars: Record<string, string>;
    /** The file read, or the files looked for. */
    display: string;
    exists: boolean;
    /** True when envFile named it. */
    named: boolean;
}

/** envFile when set (it must exist), else values/<stack>.env, else values/aws.env; neither need exist. */
function readValuesFile(src: Sources, setting: RawValue | undefined, problems: Problem[]): ValuesFile {
    const tryRead = (rel: string): string | NodeJS.ErrnoException => {
        try {
            return fs.readFileSync(path.resolve(src.cwd, rel), "utf8");
        } catch (err) {
            return err as NodeJS.ErrnoException;
        }
    };
    if (setting) {
        const text = tryRead(setting.value);
        if (typeof text === "string") return { vars: dotenv.parse(text), display: setting.value, exists: true, named: true };
        problems.push(problem(fullKey("envFile"), setting.value, `the values file cannot be read (${text.code ?? String(text)} at ${path.resolve(src.cwd, setting.value)})`,
            `Create the file, fix the path (relative paths start at the project directory), or unset envFile to use ${stackValuesFile(src.stack)} or ${SHARED_VALUES_FILE} when present.`, setting.origin));
        return { vars: {}, display: setting.value, exists: false, named: true };
    }
    for (const rel of [stackValuesFile(src.stack), SHARED_VALUES_FILE]) {
        const text = tryRead(rel);
        if (typeof text === "string") return { vars: dotenv.parse(text), display: rel, exists: true, named: false };
        // The default files are optional (stack config may cover every key), but one that exists must be readable.
        if (text.code !== "ENOENT") {
            problems.push(problem(fullKey("envFile"), undefined, `the values file ${rel} exists but cannot be read (${text.code ?? String(text)})`, "Fix its permissions, or remove it.", undefined));
            return { vars: {}, display: rel, exists: false, named: false };
        }
    }
    return { vars: {}, display: `${stackValuesFile(src.stack)} and ${SHARED_VALUES_FILE}`, exists: false, named: false };
}
