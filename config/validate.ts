import { ConfigError, Problem, problem } from "./errors";
import { fullKey, keySpec } from "./keys";
import * as rules from "./rules";
import { Check, isCheck } from "./rules";
import { RawValue, Resolved } from "./sources";
import { ClusterTarget, clusterTarget } from "./cluster";
import { defaultLoadBalancerName } from "./names";
import { AUTH_MODES, AuthDecision, AuthModeSetting, decideAuth } from "../region/decide";

export interface ExternalIdp {
    issuer: string;
    authorizationEndpoint: string;
    tokenEndpoint: string;
    userInfoEndpoint: string;
    clientId: string;
    clientSecret: string;
}

export const MFA_SETTINGS = ["off", "optional", "on"] as const;
export const THREAT_PROTECTION_SETTINGS = ["off", "audit", "enforced"] as const;
export const RETENTION_SETTINGS = ["retain", "delete"] as const;
export const ACCOUNT_RECOVERY_SETTINGS = ["email", "admin-only"] as const;

/** Validated configuration: everything the program needs, typed and normalised. */
export interface Settings {
    region: string;
    cognitoRegion: string;
    authMode: AuthModeSetting;
    decision: AuthDecision;
    uiHostname: string;
    /** Set whenever the decision creates a user pool. */
    userPoolDomain?: string;
    certificateArn: string;
    namespace: string;
    ingressName: string;
    serviceName: string;
    servicePort: number;
    loadBalancerName: string;
    userPoolName: string;
    appClientName: string;
    sessionTimeout: number;
    users: string[];
    oidc?: ExternalIdp;
    lbControllerServiceAccount: { namespace: string; name: string };
    /** The cluster the Kubernetes resources go to, and how it is reached. */
    cluster: ClusterTarget;
    /** How long `pulumi up` waits for the Ingress to get an address. */
    ingressWaitMinutes: number;
    /** Arguments for the explicit AWS providers (profile, credentials, endpoints, …) and which are secret. */
    awsProvider: { args: Record<string, unknown>; secret: string[] };
    userPoolRetention: (typeof RETENTION_SETTINGS)[number];
    mfa: (typeof MFA_SETTINGS)[number];
    threatProtection: (typeof THREAT_PROTECTION_SETTINGS)[number];
    passwordMinimumLength: number;
    temporaryPasswordValidityDays: number;
    tokenValidityMinutes: number;
    /** Derived from sessionTimeout when not configured. */
    refreshTokenValidityMinutes: number;
    accountRecovery: (typeof ACCOUNT_RECOVERY_SETTINGS)[number];
    tokenRevocation: boolean;
    preventUserExistenceErrors: boolean;
    selfSignUp: boolean;
    /** Less secure opt-ins and likely typos, to log. */
    warnings: string[];
}

const OIDC_FIELDS = ["issuer", "authorizationEndpoint", "tokenEndpoint", "userInfoEndpoint", "clientId", "clientSecret"] as const;

/** Validates every value, reporting all problems at once; throws ConfigError before any resource exists. */
export function validateSettings(resolved: Resolved): Settings {
    const problems: Problem[] = [...resolved.problems];
    const warnings: string[] = [...resolved.warnings];
    const raw = (key: string): RawValue | undefined => resolved.values.get(key);
    const keyName = (key: string) => (key === "region" ? "aws:region" : fullKey(key));
    const report = (key: string, r: RawValue | undefined, c: Check) => problems.push(problem(keyName(key), r?.value, c.wrong, c.fix, r?.origin));

    /** A string value (or its default) that passes `check`; undefined when missing or invalid. */
    const text = (key: string, check?: (v: string) => Check | undefined): string | undefined => {
        const r = raw(key);
        const v = r?.value.trim() ?? (key === "region" ? undefined : (keySpec(key).default as string | undefined));
        if (v === undefined) return undefined;
        const c = check?.(v);
        if (c) return void report(key, r, c);
        return v;
    };
    const required = (key: string, what: string, fix: string, check?: (v: string) => Check | undefined): string | undefined => {
        if (!raw(key)) return void problems.push(problem(keyName(key), undefined, `${what} is required`, fix));
        return text(key, check);
    };
    const oneOf = <T extends string>(key: string, allowed: readonly T[]): T | undefined =>
        text(key, (v) => (allowed.includes(v as T) ? undefined : { wrong: `it must be one of ${allowed.join(", ")}`, fix: `Allowed values are: ${allowed.join(", ")}.` })) as T | undefined;
    const flag = (key: string): boolean => {
        const r = raw(key);
        if (!r) return keySpec(key).default as boolean;
        const b = rules.parseBoolean(r.value);
        if (!isCheck(b)) return b;
        report(key, r, b);
        return false;
    };
    const integer = (key: string, min: number, max: number, unit: string): number => {
        const r = raw(key);
        if (!r) return keySpec(key).default as number;
        const n = rules.parseIntegerIn(r.value, min, max, unit);
        if (!isCheck(n)) return n;
        report(key, r, n);
        return NaN;
    };

    const region = required("region", "the AWS region", "Set it with `pulumi config set aws:region us-east-1` (or AWS_REGION in the environment or the values file).", rules.checkRegion);
    const poolRegion = raw("cognitoRegion") ? text("cognitoRegion", rules.checkRegion) : region;
    const uiHostname = required("uiHostname", "the console's public hostname", "Set MDAI_UI_HOSTNAME in values/aws.env or `pulumi config set uiHostname mdai.example.com`.", rules.checkHostname)?.toLowerCase();
    const certificateArn = required("certificateArn", "an ACM certificate for the HTTPS listener", "Set MDAI_UI_ACM_ARN in values/aws.env or `pulumi config set certificateArn arn:aws:acm:…` to a certificate covering uiHostname in the stack's region.");
    if (certificateArn !== undefined) checkCertificate(certificateArn, region, raw("certificateArn"), problems);
    const authMode = oneOf("authMode", AUTH_MODES);
    const userPoolDomainRaw = text("userPoolDomain", rules.checkDomainPrefix);
    const namespace = text("namespace", (v) => rules.checkDnsLabel(v, "namespace"));
    const ingressName = text("ingressName", (v) => rules.checkDnsSubdomain(v, "Ingress"));
    const serviceName = text("serviceName", rules.checkServiceName);
    const servicePort = integer("servicePort", 1, 65535, "");
    const loadBalancerName = raw("loadBalancerName") ? text("loadBalancerName", rules.checkLoadBalancerName) : defaultLoadBalancerName(resolved.stack);
    const userPoolName = text("userPoolName", rules.checkCognitoName);
    const appClientName = text("appClientName", rules.checkCognitoName);
    const sessionTimeout = integer("sessionTimeout", 1, 604800, "seconds");
    const users = parseUsers(raw("users"), problems);
    const oidc = parseOidc(raw("oidc"), problems);
    const sa = text("lbControllerServiceAccount", checkServiceAccount);
    const userPoolRetention = oneOf("userPoolRetention", RETENTION_SETTINGS);
    const mfa = oneOf("mfa", MFA_SETTINGS);
    const threatProtection = oneOf("threatProtection", THREAT_PROTECTION_SETTINGS);
    const passwordMinimumLength = integer("passwordMinimumLength", 8, 99, "characters");
    const temporaryPasswordValidityDays = integer("temporaryPasswordValidityDays", 1, 365, "days");
    const tokenValidityMinutes = integer("tokenValidityMinutes", 5, 1440, "minutes");
    const refreshSetting = integer("refreshTokenValidityMinutes", 0, 5256000, "minutes");
    const accountRecovery = oneOf("accountRecovery", ACCOUNT_RECOVERY_SETTINGS);
    const tokenRevocation = flag("tokenRevocation");
    const preventUserExistenceErrors = flag("preventUserExistenceErrors");
    const selfSignUp = flag("selfSignUp");
    const ingressWaitMinutes = integer("ingressWaitMinutes", 1, 120, "minutes");
    const cluster = clusterTarget({ clusterName: raw("clusterName"), kubeconfig: raw("kubeconfig"), kubeContext: raw("kubeContext"), region, awsArgs: resolved.awsProvider.args, cwd: resolved.cwd }, problems, warnings);
    if (refreshSetting > 0 && refreshSetting < 60) {
        report("refreshTokenValidityMinutes", raw("refreshTokenValidityMinutes"), { wrong: "Cognito refresh tokens live at least 60 minutes", fix: "Use 0 (as long as sessionTimeout) or a value from 60 to 5256000." });
    }
    // Cognito rejects ID/access tokens that outlive the refresh token ("Invalid range for token validity").
    if (refreshSetting >= 60 && refreshSetting < tokenValidityMinutes) {
        report("refreshTokenValidityMinutes", raw("refreshTokenValidityMinutes"), { wrong: `Cognito refuses refresh tokens shorter than the ID and access tokens (tokenValidityMinutes ${tokenValidityMinutes})`, fix: `Use at least ${tokenValidityMinutes}, or lower tokenValidityMinutes.` });
    }
    // The ALB refreshes tokens during its session, so refresh tokens need to live as long as the session, no longer.
    const refreshTokenValidityMinutes = refreshSetting || Math.max(60, Math.ceil(sessionTimeout / 60), tokenValidityMinutes);

    let decision: AuthDecision | undefined;
    if (region && poolRegion && authMode && oidc !== null) {
        try {
            decision = decideAuth({ authMode, region, cognitoRegion: poolRegion, externalIdp: oidc !== undefined });
        } catch (err) {
            if (!(err instanceof ConfigError)) throw err;
            problems.push(...err.problems);
        }
    }
    if (decision?.idp === "cognito-pool" && !raw("userPoolDomain")) {
        problems.push(problem(fullKey("userPoolDomain"), undefined, "a hosted-UI domain prefix is required because this configuration creates a Cognito user pool",
            "Set MDAI_UI_USER_POOL_DOMAIN in values/aws.env or `pulumi config set userPoolDomain <prefix>` (lowercase letters, digits, hyphens; unique in the region; no aws, amazon or cognito)."));
    }
    if (problems.length > 0 || !decision || !cluster) throw new ConfigError(problems);

    if (userPoolRetention === "delete") warnings.push("userPoolRetention is delete: `pulumi destroy` (or a replacement) deletes the user pool and every user in it. Use retain unless this stack is disposable.");
    if (selfSignUp) warnings.push("selfSignUp is true: anyone who reaches the hosted UI can create an account and then use the console.");
    if (mfa === "off") warnings.push("mfa is off: users cannot protect their accounts with a second factor.");
    if (passwordMinimumLength < 12) warnings.push(`passwordMinimumLength is ${passwordMinimumLength}, below the recommended 12.`);
    if (temporaryPasswordValidityDays > 7) warnings.push(`temporaryPasswordValidityDays is ${temporaryPasswordValidityDays}: invitation passwords stay usable longer than the default 7 days.`);
    if (!tokenRevocation) warnings.push("tokenRevocation is false: signing out no longer revokes refresh tokens, so a stolen token stays usable until it expires.");
    if (!preventUserExistenceErrors) warnings.push("preventUserExistenceErrors is false: sign-in and recovery errors reveal which e-mail addresses have accounts.");
    if (tokenValidityMinutes > 60) warnings.push(`tokenValidityMinutes is ${tokenValidityMinutes}: revoked users keep access for up to that long (default 60).`);
    if (decision.idp !== "cognito-pool" && raw("userPoolDomain")) {
        warnings.push(`userPoolDomain is set but ignored: authMode ${decision.mode}${decision.idp === "external" ? " with an external identity provider" : ""} creates no Cognito user pool.`);
    }
    // Copied examples pass validation but would deploy a console nobody can reach.
    if (rules.isDocumentationHostname(uiHostname!)) warnings.push(`uiHostname is ${uiHostname}, a documentation example domain: replace it with the console's real hostname before deploying.`);
    if (rules.isDocumentationArn(certificateArn!)) warnings.push("certificateArn uses 123456789012, AWS's documentation account: replace it with your certificate's ARN before deploying.");
    warnings.push(...decision.warnings);

    const [saNamespace, saName] = sa!.split("/");
    return {
        region: region!, cognitoRegion: poolRegion!, authMode: authMode!, decision, uiHostname: uiHostname!,
        userPoolDomain: decision.idp === "cognito-pool" ? userPoolDomainRaw : undefined,
        certificateArn: certificateArn!, namespace: namespace!, ingressName: ingressName!, serviceName: serviceName!, servicePort,
        loadBalancerName: loadBalancerName!, userPoolName: userPoolName!, appClientName: appClientName!, sessionTimeout, users,
        oidc: oidc ?? undefined, lbControllerServiceAccount: { namespace: saNamespace, name: saName }, cluster, ingressWaitMinutes,
        awsProvider: resolved.awsProvider,
        userPoolRetention: userPoolRetention!, mfa: mfa!, threatProtection: threatProtection!, passwordMinimumLength,
        temporaryPasswordValidityDays, tokenValidityMinutes, refreshTokenValidityMinutes, accountRecovery: accountRecovery!,
        tokenRevocation, preventUserExistenceErrors, selfSignUp, warnings,
    };
}

function checkCertificate(arn: string, region: string | undefined, r: RawValue | undefined, problems: Problem[]): void {
    const parsed = rules.parseCertificateArn(arn);
    const key = fullKey("certificateArn");
    if (isCheck(parsed)) return void problems.push(problem(key, arn, parsed.wrong, parsed.fix, r?.origin));
    if (region && parsed.region !== region) {
        problems.push(problem(key, arn, `the certificate is in ${parsed.region}, but an ALB can only use an ACM certificate from its own region (${region})`,
            `Request or import the certificate in ${region} and use that ARN.`, r?.origin));
    }
}

function checkServiceAccount(v: string): Check | undefined {
    const parts = v.split("/");
    if (parts.length !== 2 || parts.some((p) => rules.checkDnsLabel(p, "name") !== undefined)) {
        return { wrong: "it must be <namespace>/<service account name>", fix: 'Use e.g. "kube-system/aws-load-balancer-controller".' };
    }
    return undefined;
}

function parseUsers(r: RawValue | undefined, problems: Problem[]): string[] {
    if (!r) return [];
    const key = fullKey("users");
    let list: unknown;
    try {
        const v = r.value.trim();
        // JSON from `pulumi config set --path 'users[0]' …`, or a comma-separated list from the CLI or env.
        list = v.startsWith("[") ? JSON.parse(v) : v.startsWith("{") ? undefined : v.split(",").map((s) => s.trim()).filter(Boolean);
    } catch {
        list = undefined;
    }
    if (!Array.isArray(list) || list.some((u) => typeof u !== "string")) {
        problems.push(problem(key, r.value, "it must be a list of e-mail addresses", "Set it with `pulumi config set --path 'users[0]' alice@example.com`.", r.origin));
        return [];
    }
    const seen = new Set<string>();
    const users: string[] = [];
    for (const u of list as string[]) {
        const email = u.trim().toLowerCase(); // usernames are case-insensitive in the pool
        const c = rules.checkEmail(email);
        if (c) problems.push(problem(key, u, c.wrong, c.fix, r.origin));
        else if (seen.has(email)) problems.push(problem(key, u, "this address is listed twice (addresses are compared without case)", "Remove the duplicate.", r.origin));
        else users.push(email);
        seen.add(email);
    }
    return users;
}

/** undefined: no external IdP; null: configured but invalid (problems recorded). */
function parseOidc(r: RawValue | undefined, problems: Problem[]): ExternalIdp | undefined | null {
    if (!r) return undefined;
    const key = fullKey("oidc");
    let obj: Record<string, unknown>;
    try {
        obj = JSON.parse(r.value);
    } catch {
        obj = {};
    }
    if (typeof obj !== "object" || obj === null || Array.isArray(obj)) {
        problems.push(problem(key, { hidden: true }, "it must be an object", "Set its fields with `pulumi config set --path oidc.issuer https://…`."));
        return null;
    }
    if (Object.keys(obj).length === 0) return undefined;
    const before = problems.length;
    for (const f of OIDC_FIELDS) {
        const v = obj[f];
        const sub = `${key}.${f}`;
        if (typeof v !== "string" || v.trim() === "") {
            const how = f === "clientSecret" ? "pulumi config set --secret --path oidc.clientSecret <secret>" : `pulumi config set --path oidc.${f} <value>`;
            problems.push(problem(sub, undefined, `the external identity provider needs ${f}`, `Set it with \`${how}\`.`));
        } else if (f.endsWith("ndpoint") || f === "issuer") {
            const c = rules.checkHttpsUrl(v);
            if (c) problems.push(problem(sub, v, c.wrong, c.fix));
        }
    }
    if (typeof obj.clientSecret === "string" && obj.clientSecret !== "" && !r.secret) {
        problems.push(problem(`${key}.clientSecret`, { hidden: true }, "it is stored in plain text in the stack's config file",
            "Store it encrypted: `pulumi config set --secret --path oidc.clientSecret <secret>`."));
    }
    for (const k of Object.keys(obj)) {
        if (!(OIDC_FIELDS as readonly string[]).includes(k)) problems.push(problem(`${key}.${k}`, { hidden: true }, "it is not a field of oidc (a typo?)", `Use only ${OIDC_FIELDS.join(", ")}.`));
    }
    return problems.length > before ? null : (obj as unknown as ExternalIdp);
}
