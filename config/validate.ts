import { SecretValue, redactSecrets, useSecrets } from "./redact";
import { ConfigError, Problem, problem } from "./errors";
import { CONFIG_KEYS, fullKey, keySpec } from "./keys";
import * as rules from "./rules";
import { Check, isCheck } from "./rules";
import { RawValue, Resolved } from "./sources";
import { clusterTarget } from "./cluster";
import { defaultGroupName, defaultLoadBalancerName } from "./names";
import { validateDoors } from "./doors";
import { COGNITO_DEFAULT_EMAILS_PER_DAY, parseOidc, parseUsers } from "./lists";
import { ignoredSettings, isSet } from "./applicability";
import { weakPoolSettings } from "./poolWarnings";
import { existingPool } from "./existingPool";
import { DNS_MODES, planDns } from "./dns";
import { accountLock, checkArnAccounts } from "./account";
import { parseAccess } from "./access";
import { parseFederation } from "./federation";
import { poolOptions } from "./poolOptions";
import { parseSignIn } from "./signIn";
import { AUTH_MODES, AuthDecision, decideAuth } from "../region/decide";
import { partitionOf } from "../region/regions";

// The shape lives in settings.ts, below both this file and its users.
export { ACCOUNT_RECOVERY_SETTINGS, MFA_SETTINGS, RETENTION_SETTINGS, THREAT_PROTECTION_SETTINGS } from "./settings";
export type { Settings } from "./settings";
import { ACCOUNT_RECOVERY_SETTINGS, MFA_SETTINGS, RETENTION_SETTINGS, THREAT_PROTECTION_SETTINGS } from "./settings";
import type { Settings } from "./settings";


/** Validates every value, reporting all problems at once; throws ConfigError before any resource exists. */
/**
 * The settings, or a ConfigError listing every problem; no message, warning or log line holds a
 * secret value (config/redact.ts).
 */
export function validateSettings(resolved: Resolved): Settings {
    const secrets: SecretValue[] = [...resolved.values.entries()].filter(([, r]) => r.secret)
        .map(([key, r]) => {
            const spec = CONFIG_KEYS.find((k) => k.key === key);
            // An object (or a list of objects) shows its other fields: only the secret ones are hidden.
            return { value: r.value, structured: spec?.type === "object" || spec?.items === "object" };
        });
    useSecrets([...secrets, ...resolved.awsProvider.secret.map((name) => ({ value: String(resolved.awsProvider.args[name] ?? "") }))]);
    const s = validate(resolved);
    return { ...s, warnings: s.warnings.map(redactSecrets), info: s.info.map(redactSecrets), blockers: s.blockers.map((p) => ({ ...p, message: redactSecrets(p.message) })) };
}

function validate(resolved: Resolved): Settings {
    const problems: Problem[] = [...resolved.problems];
    const warnings: string[] = [...resolved.warnings];
    const raw = (key: string): RawValue | undefined => resolved.values.get(key);
    const keyName = (key: string) => (key === "region" ? "aws:region" : fullKey(key));
    // A key the CLI type check already refused is reported once.
    const refused = new Set(resolved.problems.map((p) => p.key));
    const report = (key: string, r: RawValue | undefined, c: Check) => {
        if (!refused.has(keyName(key))) problems.push(problem(keyName(key), r?.value, c.wrong, c.fix, r?.origin));
    };
    const file = resolved.valuesFileHint;

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
    const uiHostname = required("uiHostname", "the console's public hostname", `Set MDAI_UI_HOSTNAME in ${file} or`+" `pulumi config set uiHostname mdai.example.com`.", rules.checkHostname)?.toLowerCase();
    // Without a certificate the program can request one, but only into a hosted zone it may write.
    const certificateArn = raw("certificateArn") || !raw("hostedZone")
        ? required("certificateArn", "an ACM certificate for the HTTPS listener", `Set MDAI_UI_ACM_ARN in ${file} or`+" `pulumi config set certificateArn arn:aws:acm:…` to a certificate covering uiHostname in the stack's region, or set hostedZone (the public Route 53 zone of uiHostname) to have one created and validated.")
        : undefined;
    if (certificateArn !== undefined) checkCertificate(certificateArn, region, raw("certificateArn"), problems);

    const authMode = oneOf("authMode", AUTH_MODES);
    const userPoolDomainRaw = text("userPoolDomain", rules.checkDomainPrefix);
    const namespace = text("namespace", (v) => rules.checkDnsLabel(v, "namespace"));
    const ingressName = text("ingressName", (v) => rules.checkDnsSubdomain(v, "Ingress"));
    const serviceName = text("serviceName", rules.checkServiceName);
    const servicePortRaw = text("servicePort", (v) => { const p = rules.parsePort(v); return isCheck(p) ? p : undefined; });
    const servicePort = servicePortRaw === undefined ? NaN : rules.parsePort(servicePortRaw) as number | string;
    const loadBalancerName = raw("loadBalancerName") ? text("loadBalancerName", rules.checkLoadBalancerName) : defaultLoadBalancerName(resolved.stack);
    const userPoolName = text("userPoolName", rules.checkCognitoName);
    const appClientName = text("appClientName", rules.checkCognitoName);
    const sessionTimeout = integer("sessionTimeout", 1, 604800, "seconds");
    const users = refused.has(fullKey("users")) ? [] : parseUsers(raw("users"), problems);
    const oidc = refused.has(fullKey("oidc")) ? null : parseOidc(raw("oidc"), problems, warnings);
    const sa = raw("lbControllerServiceAccount")?.value.trim() ? text("lbControllerServiceAccount", rules.checkSecretReader) : undefined;
    const controllerDeployment = text("lbControllerDeployment", (v) => rules.checkNamespacedName(v, "Deployment", "kube-system/aws-load-balancer-controller"));
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
    const signOutOn = flag("signOut");
    const signOutPath = text("signOutPath", rules.checkSignOutPath);
    const signOutImage = raw("signOutImage") ? text("signOutImage", rules.checkImage) : undefined;
    // The sign-out Service is named after the Ingress, and Service names are DNS-1035 labels.
    const signOutService = `${ingressName}-sign-out`;
    if (signOutOn && ingressName && rules.checkServiceName(signOutService)) {
        report("ingressName", raw("ingressName"), { wrong: `the sign-out server's Service would be named ${signOutService}, which is not a valid Service name (a DNS-1035 label: a lowercase letter first, letters, digits and inner hyphens, at most 63 characters)`,
            fix: 'Use a name of at most 54 characters that starts with a letter and holds no dot, e.g. "ui-alb-ingress".' });
    }
    const doors = validateDoors({ raw, refused, stackGroupName: defaultGroupName(resolved.stack), uiHostname, namespace, region, signOutPath: signOutOn ? signOutPath : undefined }, problems, warnings);
    const dns = planDns({
        mode: oneOf("dnsMode", DNS_MODES), hostedZone: raw("hostedZone"), hasCertificate: raw("certificateArn") !== undefined, adoptRecord: flag("adoptDnsRecord"),
        hostnames: uiHostname ? [uiHostname, ...doors.apps.map((a) => a.hostname)] : [], region,
    }, problems, warnings);
    const lock = accountLock(resolved.awsProvider.args, resolved.awsProvider.origins);
    const cluster = clusterTarget({ clusterName: raw("clusterName"), kubeconfig: raw("kubeconfig"), kubeContext: raw("kubeContext"), region, awsArgs: resolved.awsProvider.args, lock, cwd: resolved.cwd }, problems, warnings);
    problems.push(...checkArnAccounts(lock, [
        certificateArn !== undefined && { key: fullKey("certificateArn"), arn: certificateArn, origin: raw("certificateArn")?.origin, what: "the certificate", instead: (a) => `Use a certificate from ACM in account ${a}` },
        doors.alb.wafAclArn !== undefined && { key: fullKey("wafAclArn"), arn: doors.alb.wafAclArn, origin: raw("wafAclArn")?.origin, what: "the web ACL", instead: (a) => `Use a web ACL of account ${a}` },
    ]));
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
            decision = decideAuth({ authMode, region, cognitoRegion: poolRegion, externalIdp: oidc !== undefined, albCognitoConfirmedIn: oidc === undefined ? raw("albCognitoConfirmedIn")?.value : undefined });
        } catch (err) {
            if (!(err instanceof ConfigError)) throw err;
            problems.push(...err.problems);
        }
    }
    const federation = decision?.idp === "cognito-pool" ? parseFederation({ raw, cwd: resolved.cwd }, problems, warnings) : { providers: [], localUsers: true };
    const access = decision ? parseAccess({ raw, users, decision, externalClientId: oidc?.clientId, existingPool: Boolean(raw("userPoolId")), apps: doors.apps, appClientName,
        federation: { providers: federation.providers.map((p) => p.name), groupProviders: federation.providers.filter((p) => p.groupsClaim).map((p) => p.name), localUsers: federation.localUsers } },
    problems, warnings) : { groups: {}, allowedGroups: [], appAllowedGroups: {}, gate: "keep" as const };
    const machines = poolOptions({ raw, decision, federation, users, access, doors, signOutPath: signOutOn ? signOutPath : undefined, appClientName }, problems);
    const signIn = parseSignIn({ raw, ownPool: decision?.idp === "cognito-pool" && !raw("userPoolId")?.value.trim(), existingPool: decision?.idp === "cognito-pool" && Boolean(raw("userPoolId")?.value.trim()), region: poolRegion, mfa, threatProtection, accountRecovery, localUsers: federation.localUsers,
        cwd: resolved.cwd, dns, hostnames: uiHostname ? [uiHostname, ...doors.apps.map((a) => a.hostname)] : [], providers: federation.providers.length > 0 }, problems, warnings);
    problems.push(...checkArnAccounts(lock, [
        signIn.email && { key: `${fullKey("email")}.sesIdentityArn`, arn: signIn.email.sesIdentityArn, origin: raw("email")?.origin, what: "the SES identity", instead: (a) => `Use an identity verified in SES in account ${a}` },
        signIn.authDomain?.certificateArn !== undefined && { key: fullKey("authCertificateArn"), arn: signIn.authDomain.certificateArn, origin: raw("authCertificateArn")?.origin, what: "the certificate", instead: (a) => `Use a certificate from ACM in account ${a}` },
    ]));
    const existingUserPoolId = decision ? existingPool({ raw, decision, cognitoRegion: poolRegion, isSet: (k) => isSet(k, raw(k)), users }, problems, warnings) : undefined;
    // An existing pool may have its domain already: the lookup at deploy says (wiring/auth.ts).
    if (decision?.idp === "cognito-pool" && !raw("userPoolDomain") && !raw("userPoolId")) {
        problems.push(problem(fullKey("userPoolDomain"), undefined, "a hosted-UI domain prefix is required because this configuration creates a Cognito user pool",
            `Set MDAI_UI_USER_POOL_DOMAIN in ${file} or`+" `pulumi config set userPoolDomain <prefix>` (lowercase letters, digits, hyphens; unique in the region; no aws, amazon or cognito)."));
    }
    if (problems.length > 0 || !decision || !cluster || !dns) throw new ConfigError(problems, warnings);

    if (decision.idp === "cognito-pool" && !signIn.email && users.length > COGNITO_DEFAULT_EMAILS_PER_DAY) {
        warnings.push(`users lists ${users.length} addresses, but Cognito's default e-mail sends ${COGNITO_DEFAULT_EMAILS_PER_DAY} messages a day: invitations beyond that fail until the next day (and are not sent again). ` +
            "Add them in batches of 50 a day, or have the pool send through Amazon SES (the email key, see docs/sign-in.md) before adding them.");
    }
    if (decision.idp === "cognito-pool") warnings.push(...weakPoolSettings({ userPoolRetention: userPoolRetention!, selfSignUp, mfa: mfa!, passwordMinimumLength, temporaryPasswordValidityDays, tokenRevocation, preventUserExistenceErrors, tokenValidityMinutes }));
    warnings.push(...ignoredSettings(decision, raw, signOutOn));
    const signOut = signOutOn && decision.mode !== "none" ? { path: signOutPath!, image: signOutImage } : undefined;
    if (signOut && signOutImage && !signOutImage.includes("@sha256:")) {
        warnings.push(`signOutImage ${signOutImage} is not pinned by digest: the tag can be re-pushed with other contents. Append @sha256:<digest>.`);
    }
    if (signOut && decision.idp === "external" && !oidc?.endSessionEndpoint) {
        warnings.push("oidc.endSessionEndpoint is not set: signing out ends only the ALB session, and the IdP signs the user straight back in on the next visit. " +
            "Set it to the IdP's end_session_endpoint (`pulumi config set --path oidc.endSessionEndpoint https://…`) and register the signed-out page as a post-logout redirect URI there.");
    }
    warnings.push(...decision.warnings);

    const namespaced = (v: string) => { const [ns, name] = v.split("/"); return { namespace: ns, name }; };
    return {
        region: region!, cognitoRegion: poolRegion!, authMode: authMode!, decision, uiHostname: uiHostname!,
        userPoolDomain: decision.idp === "cognito-pool" ? userPoolDomainRaw : undefined,
        ...doors, certificateArn, dns, namespace: namespace!, ingressName: ingressName!, serviceName: serviceName!, servicePort,
        loadBalancerName: loadBalancerName!, userPoolName: userPoolName!, appClientName: appClientName!, sessionTimeout, users,
        oidc: oidc ?? undefined, lbControllerDeployment: namespaced(controllerDeployment!), lbControllerServiceAccount: sa ? namespaced(sa) : undefined, cluster, ingressWaitMinutes,
        awsProvider: resolved.awsProvider,
        userPoolRetention: userPoolRetention!, mfa: mfa!, threatProtection: threatProtection!, passwordMinimumLength,
        temporaryPasswordValidityDays, tokenValidityMinutes, refreshTokenValidityMinutes, accountRecovery: accountRecovery!,
        tokenRevocation, preventUserExistenceErrors, selfSignUp, signOut, access, federation, machines, signIn, existingUserPoolId, warnings, info: resolved.info,
        blockers: documentationExamples(uiHostname!, certificateArn, dns.zone?.name, decision.idp === "cognito-pool" ? users : [], raw),
    };
}

/** Copied examples pass validation but would deploy a console nobody can reach (and a deletion-protected pool). */
function documentationExamples(uiHostname: string, certificateArn: string | undefined, zone: string | undefined, users: string[], raw: (key: string) => RawValue | undefined): Problem[] {
    const b: Problem[] = [];
    const fix = "`pulumi up` deploys nothing while a documentation example remains (preview and `npm run plan` show it first).";
    if (rules.isDocumentationHostname(uiHostname)) {
        b.push(problem(fullKey("uiHostname"), uiHostname, "it is a documentation example domain, not the console's real hostname", `Replace it with the hostname users will open. ${fix}`, raw("uiHostname")?.origin));
    }
    if (zone && rules.isDocumentationHostname(zone)) {
        b.push(problem(fullKey("hostedZone"), zone, "it is a documentation example domain, not a zone you own", `Name the public zone of uiHostname. ${fix}`, raw("hostedZone")?.origin));
    }
    if (certificateArn && rules.isDocumentationArn(certificateArn)) {
        b.push(problem(fullKey("certificateArn"), certificateArn, "it is in 123456789012, AWS's documentation account", `Replace it with your certificate's ARN. ${fix}`, raw("certificateArn")?.origin));
    }
    for (const u of users.filter((x) => rules.isDocumentationHostname(x.split("@")[1]))) {
        b.push(problem(fullKey("users"), u, "it is an address at a documentation example domain, where no one reads the invitation", `Invite real addresses, or none. ${fix}`, raw("users")?.origin));
    }
    return b;
}

function checkCertificate(arn: string, region: string | undefined, r: RawValue | undefined, problems: Problem[]): void {
    const parsed = rules.parseCertificateArn(arn);
    const key = fullKey("certificateArn");
    if (isCheck(parsed)) return void problems.push(problem(key, arn, parsed.wrong, parsed.fix, r?.origin));
    if (region && parsed.region !== region) {
        problems.push(problem(key, arn, `the certificate is in ${parsed.region}, but an ALB can only use an ACM certificate from its own region (${region})`,
            `Request or import the certificate in ${region} and use that ARN.`, r?.origin));
    } else if (region && parsed.partition !== partitionOf(region)) {
        problems.push(problem(key, arn, `an ARN in ${region} starts with arn:${partitionOf(region)}:, not arn:${parsed.partition}: (${region} is in the ${partitionOf(region)} partition)`,
            `Copy the certificate's ARN from ACM in ${region}; it begins arn:${partitionOf(region)}:acm:${region}:.`, r?.origin));
    }
}


