/**
 * The `aws:` stack config an explicit AWS provider needs handed over. The default provider reads
 * `aws:*` itself; an explicit one reads nothing, so without this `aws:profile`, credentials,
 * endpoints or FIPS settings would silently stop applying to the resources this program creates.
 */
import { Problem, problem } from "./errors";

type Kind = "string" | "boolean" | "number" | "json";

/**
 * Every argument of @pulumi/aws 7's ProviderArgs except `region` (the program sets that per
 * provider), with how its stack-config string is read. A test holds this list to provider.d.ts.
 */
export const AWS_PROVIDER_SETTINGS: Readonly<Record<string, Kind>> = {
    accessKey: "string", secretKey: "string", token: "string", profile: "string",
    sharedConfigFiles: "json", sharedCredentialsFiles: "json",
    assumeRoles: "json", assumeRoleWithWebIdentity: "json",
    allowedAccountIds: "json", forbiddenAccountIds: "json",
    defaultTags: "json", ignoreTags: "json", tagPolicyCompliance: "string",
    endpoints: "json", useFipsEndpoint: "boolean", useDualstackEndpoint: "boolean", stsRegion: "string",
    customCaBundle: "string", httpProxy: "string", httpsProxy: "string", noProxy: "string", insecure: "boolean",
    ec2MetadataServiceEndpoint: "string", ec2MetadataServiceEndpointMode: "string",
    maxRetries: "number", retryMode: "string", tokenBucketRateLimiterCapacity: "number",
    s3UsePathStyle: "boolean", s3UsEast1RegionalEndpoint: "string",
    skipCredentialsValidation: "boolean", skipMetadataApiCheck: "boolean", skipRegionValidation: "boolean", skipRequestingAccountId: "boolean",
    userAgents: "json",
};

/** Never stored in plain text, whether or not the stack config encrypted them. */
export const ALWAYS_SECRET: readonly string[] = ["accessKey", "secretKey", "token"];

export interface AwsProviderSettings {
    /** Provider arguments by name, typed. */
    args: Record<string, unknown>;
    /** Argument names whose values must be Pulumi secrets. */
    secret: string[];
    /** Where `profile` and `allowedAccountIds` came from when not from stack config, for messages and the plan. */
    origins: Record<string, string>;
}

/** A value from the environment or the values file, with where it came from. */
export type Lookup = (name: string) => { value: string; origin: string } | undefined;

export function awsProviderSettings(stackConfig: Record<string, string>, secretKeys: readonly string[], lookup: Lookup, problems: Problem[], warnings: string[]): AwsProviderSettings {
    const args: Record<string, unknown> = {};
    const secret = new Set<string>();
    const origins: Record<string, string> = {};
    for (const [full, v] of Object.entries(stackConfig)) {
        if (!full.startsWith("aws:") || full === "aws:region" || v === "") continue;
        const name = full.slice("aws:".length);
        const kind = AWS_PROVIDER_SETTINGS[name];
        const isSecret = secretKeys.includes(full) || ALWAYS_SECRET.includes(name);
        if (!kind) {
            warnings.push(`${full} is not a setting of the AWS provider (a typo?); it is ignored. Settings: ${Object.keys(AWS_PROVIDER_SETTINGS).join(", ")}.`);
            continue;
        }
        const parsed = parse(kind, v);
        if (parsed === undefined) {
            const how = kind === "json" ? `e.g. \`pulumi config set --path '${full}[0]' …\`` : `as a ${kind}`;
            problems.push(problem(full, isSecret ? { hidden: true } : v, `it is not a valid ${kind === "json" ? "structured value" : kind}`, `Set it as the AWS provider documents, ${how}.`, "stack config"));
            continue;
        }
        args[name] = parsed;
        origins[name] = "stack config";
        if (isSecret) secret.add(name);
    }
    warnings.push(...codeLikeSettings(args));
    // The values file names the account and profile it was written for; a region from it without them could deploy elsewhere.
    const profile = lookup("AWS_PROFILE");
    if (profile && args.profile === undefined) {
        args.profile = profile.value;
        origins.profile = profile.origin;
    }
    const account = lookup("AWS_ACCOUNT_ID") ?? lookup("AWS_ACCOUNT");
    if (account && args.allowedAccountIds === undefined) {
        if (/^\d{12}$/.test(account.value.trim())) {
            args.allowedAccountIds = [account.value.trim()];
            origins.allowedAccountIds = account.origin;
        } else {
            const name = account.origin.split(" ").find((w) => w.startsWith("AWS_ACCOUNT")) ?? "AWS_ACCOUNT_ID";
            problems.push(problem(name, account.value, "an AWS account ID is 12 digits", "Write the account's 12-digit ID, as `aws sts get-caller-identity` prints it.", account.origin));
        }
    }
    return { args, secret: [...secret], origins };
}

/**
 * A stack config is code: these settings send the provider's requests, signed with the credentials
 * of whoever runs `pulumi up`, somewhere else than AWS, or let it trust what it would refuse.
 */
function codeLikeSettings(args: Record<string, unknown>): string[] {
    const out: string[] = [];
    const endpoints = (Array.isArray(args.endpoints) ? args.endpoints : [args.endpoints]).flatMap((e) => (e && typeof e === "object" ? Object.entries(e as Record<string, unknown>) : []));
    if (endpoints.length) {
        out.push(`aws:endpoints sends the AWS provider's requests, signed with the credentials of whoever runs pulumi up, to ${endpoints.map(([svc, url]) => `${url} (${svc})`).join(", ")} instead of AWS: ` +
            "a stack config is code — check that each endpoint is one you run, and remove the setting if you did not put it there.");
    }
    for (const k of ["httpProxy", "httpsProxy"].filter((x) => typeof args[x] === "string")) out.push(`aws:${k} sends the AWS provider's traffic through ${String(args[k])}: check that the proxy is yours.`);
    if (args.insecure === true) out.push("aws:insecure is true: the AWS provider accepts any TLS certificate, so whoever sits between you and AWS can read and change its requests. Remove it.");
    if (typeof args.customCaBundle === "string") out.push(`aws:customCaBundle makes the AWS provider trust the certificate authorities in ${args.customCaBundle}: check that the file is yours.`);
    return out;
}

function parse(kind: Kind, v: string): unknown {
    if (kind === "string") return v;
    try {
        const x = JSON.parse(v);
        if (kind === "boolean") return typeof x === "boolean" ? x : undefined;
        if (kind === "number") return typeof x === "number" ? x : undefined;
        return typeof x === "object" && x !== null ? x : undefined;
    } catch {
        return undefined;
    }
}
