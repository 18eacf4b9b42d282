/**
 * The configuration contract, declared once: every key of the `mdai-cognito:` namespace, its
 * environment variable (read from the process environment, then the values file), its default and
 * its meaning. `npm run keys` writes Pulumi.yaml's `config:` block and the key table of docs/configuration.md from
 * this list; a test fails when either drifts from it.
 *
 * Keys that fall back to an environment variable are declared in Pulumi.yaml with the default
 * `""` ("unset"): the Pulumi CLI passes declared defaults to the program as stack config, and a
 * real default there would always win over the environment and the values file. Keys whose
 * default is derived (from the stack, the region, another key) are declared empty too.
 */
import { DEFAULT_SIGN_OUT_PATH } from "../components/routes";

export const PROJECT = "mdai-cognito";

export type KeyType = "string" | "integer" | "boolean" | "array" | "object";
type Value = string | number | boolean | string[];

export interface KeySpec {
    key: string;
    type: KeyType;
    /** The type of an array's items. @default "string" */
    items?: "string" | "object";
    /** Environment variable consulted when stack config leaves the key unset. */
    env?: string;
    /** The value the program uses when nothing sets the key (`undefined`: required or derived). */
    default?: Value;
    /** The key table's default column when `default` does not say it (required, derived, …); markdown. */
    docDefault?: string;
    /** One sentence of meaning, markdown (the key table); Pulumi.yaml gets it as plain text. */
    doc: string;
    secret?: boolean;
}

export const CONFIG_KEYS: readonly KeySpec[] = [
    { key: "uiHostname", type: "string", env: "MDAI_UI_HOSTNAME", docDefault: "required", doc: "public hostname of the console, e.g. `mdai.example.com` (no scheme, path or port)" },
    { key: "userPoolDomain", type: "string", env: "MDAI_UI_USER_POOL_DOMAIN", docDefault: "required when a pool is created", doc: "hosted-UI domain **prefix**: lowercase letters, digits, inner hyphens, ≤ 63, no `aws`/`amazon`/`cognito`, unique in the region" },
    { key: "certificateArn", type: "string", env: "MDAI_UI_ACM_ARN", docDefault: "required without `hostedZone`", doc: "ACM certificate for the HTTPS listener, in the stack's region and partition; without it and with `hostedZone` the program creates one (see [DNS and certificates](dns-and-certificates.md))" },
    { key: "hostedZone", type: "string", env: "MDAI_HOSTED_ZONE", docDefault: "none", doc: "Route 53 **public** hosted zone (name like `example.com`, or zone ID) that holds `uiHostname`" },
    { key: "dnsMode", type: "string", env: "MDAI_DNS_MODE", default: "auto", doc: "`auto` (`route53` with `hostedZone`, else `manual`), `route53` (an alias record in the zone), `external-dns` (ExternalDNS owns the record), `manual` (you create `dnsRecord`)" },
    { key: "adoptDnsRecord", type: "boolean", default: false, doc: "in `route53` mode, take over a record for `uiHostname` that this stack did not create (otherwise the deploy stops)" },
    { key: "clusterName", type: "string", env: "MDAI_CLUSTER_NAME", docDefault: "one of `clusterName`, `kubeconfig`", doc: "name of the EKS cluster in the stack's region; the program looks it up and connects with `aws eks get-token` (see [Cluster](#cluster))" },
    { key: "kubeconfig", type: "string", docDefault: "one of `clusterName`, `kubeconfig`", doc: "kubeconfig path or contents, for a cluster not reached through EKS by name" },
    { key: "kubeContext", type: "string", docDefault: "the kubeconfig's only context", doc: "context of `kubeconfig` to use; required when it holds several" },
    { key: "authMode", type: "string", env: "MDAI_AUTH_MODE", default: "auto", doc: "`auto`, `cognito`, `oidc` or `none` (see [Regions](#regions-and-auth-modes))" },
    { key: "cognitoRegion", type: "string", env: "MDAI_COGNITO_REGION", docDefault: "the stack's region", doc: "region of the user pool; a different region forces OIDC" },
    { key: "albCognitoConfirmedIn", type: "string", docDefault: "none", doc: "a region whose ALBs you have confirmed support `authenticate-cognito` though the region table says not (AWS added it first): there `cognito` and `auto` use it, with a warning; anywhere else it is an error" },
    { key: "namespace", type: "string", env: "MDAI_NAMESPACE", default: "default", doc: "namespace of the Ingress and the OIDC Secret" },
    { key: "ingressName", type: "string", default: "ui-alb-ingress", doc: "name of the Ingress" },
    { key: "serviceName", type: "string", default: "mdai-console", doc: "the console's Service, which must exist and carry no `alb.ingress.kubernetes.io/auth-*` annotation" },
    { key: "servicePort", type: "string", default: "5173", doc: "port of that Service: a number, or the name of one of its ports" },
    { key: "publicPaths", type: "array", default: [], doc: "path prefixes on the console's host served **without** login (e.g. `/healthz`, `/manifest.json`); not `/`, nothing under `/oauth2/` or the sign-out path" },
    { key: "apiPaths", type: "array", default: [], doc: "path prefixes where a request without a session gets `401` instead of a redirect to the login page (`auth-on-unauthenticated-request: deny`)" },
    { key: "apps", type: "array", items: "object", default: [], doc: "more UIs behind the same ALB and user pool: `{ name, hostname, serviceName, servicePort, namespace?, publicPaths?, apiPaths?, allowedGroups? }` each (see [Doors](doors-and-sign-out.md); `allowedGroups`: [Who may sign in](security.md#who-may-sign-in))" },
    { key: "groupName", type: "string", docDefault: "`mdai-<stack>`", doc: "the IngressGroup: one ALB for every Ingress of this stack (lowercase letters, digits, `-`, `.`; ≤ 63)" },
    { key: "scheme", type: "string", default: "internet-facing", doc: "`internet-facing` or `internal` (reachable only inside the VPC)" },
    { key: "inboundCidrs", type: "array", default: [], doc: "CIDRs allowed to reach the ALB, e.g. `[\"198.51.100.0/24\"]`, without host bits (`10.0.0.1/8` is refused: say `10.0.0.0/8` or `10.0.0.1/32`); IPv6 only on a dualstack ALB; empty: anywhere" },
    { key: "wafAclArn", type: "string", docDefault: "none", doc: "a regional WAFv2 web ACL for the ALB, in the stack's region; the stack owns the association, so removing the key detaches it" },
    { key: "ingressClassName", type: "string", default: "alb", doc: "the IngressClass of the AWS Load Balancer Controller" },
    { key: "dropInvalidHeaders", type: "boolean", default: true, doc: "the ALB drops requests with header fields that are not valid HTTP (Security Hub ELB.4); `false` warns" },
    { key: "desyncMitigationMode", type: "string", default: "defensive", doc: "how the ALB treats requests that could desynchronise it from the backend: `defensive` or `strictest` (Security Hub ELB.12/ELB.14); `monitor` warns" },
    { key: "albDeletionProtection", type: "boolean", default: true, doc: "the ALB cannot be deleted by hand (Security Hub ELB.6); the controller lifts it itself when the group is emptied, so `pulumi destroy` still works" },
    { key: "albAccessLogs", type: "boolean", default: false, doc: "ALB access logs to an S3 bucket this stack creates and keeps on destroy (Security Hub ELB.5)" },
    { key: "extraAnnotations", type: "object", docDefault: "none", doc: "other `alb.ingress.kubernetes.io/*` annotations for every Ingress of the group, from an allow-list of those that cannot weaken the login, HTTPS or the ALB's exposure (config/annotationPolicy.ts); anything else is refused with the reason" },
    { key: "loadBalancerName", type: "string", docDefault: "`mdai-console-<stack>`", doc: "ALB name (≤ 32 characters, unique per account and region, not `internal-…`); the default differs per stack so environments never collide. Fixed once the ALB exists: change it only together with `groupName` (see [day-2 changes](day-2.md))" },
    { key: "ingressWaitMinutes", type: "integer", default: 10, doc: "how long `pulumi up` waits for the controller to give the Ingress an address (1–120)" },
    { key: "userPoolId", type: "string", env: "MDAI_UI_USER_POOL_ID", docDefault: "none: the stack creates its pool", doc: "an existing user pool to use instead (e.g. the one MDAI's installer created), in the pool's region; the program adds its app client (and a domain if the pool has none) and never changes or deletes the pool (see [Security](security.md#an-existing-user-pool))" },
    { key: "userPoolName", type: "string", default: "mdai-user-pool", doc: "name of the user pool (**never change it after the first deploy**: it replaces the pool and deletes every user)" },
    { key: "appClientName", type: "string", default: "mdai-app-client", doc: "name of the app client (a change renames it in place)" },
    { key: "sessionTimeout", type: "integer", default: 3600, doc: "ALB authentication session, seconds (1–604800)" },
    { key: "users", type: "array", default: [], doc: "e-mail addresses to invite, e.g. `pulumi config set --path 'users[0]' <e-mail address>`; removing one signs that user out everywhere, then deletes them" },
    { key: "groups", type: "object", docDefault: "none", doc: "Cognito groups and their members, e.g. `pulumi config set --path 'groups.operators[0]' <e-mail address>`; each member must be in `users` or already in the pool (see [Who may sign in](security.md#who-may-sign-in))" },
    { key: "allowedGroupsGate", type: "string", default: "keep", doc: "once `allowedGroups` (and every app's) is empty, what a pool that has had the gate keeps: `keep` its trigger and function, open; `detach` the trigger (the function stays), then, after checking the pool, `remove` the function (see [Who may sign in](security.md#who-may-sign-in))" },
    { key: "allowedGroups", type: "array", default: [], doc: "only members of these groups (declared in `groups`, or an identity provider's as `<provider>:<group>`) get tokens: a pre-token-generation Lambda refuses everyone else at sign-in and at each token refresh; empty: every user of the pool; an app's own `allowedGroups` replaces it on that app's host" },
    { key: "identityProviders", type: "array", items: "object", default: [], doc: "corporate SAML or OIDC identity providers in the pool: `{ name, type: saml, metadataUrl \| metadataFile, attributeMapping, groupsClaim?, idpIdentifiers?, signOut? }` or `{ name, type: oidc, issuer, clientId, clientSecret (**with `--secret`**), scopes?, attributeMapping?, groupsClaim?, idpIdentifiers? }` (see [Identity providers](identity-providers.md))" },
    { key: "machineClients", type: "array", items: "object", default: [], doc: "API clients that get access tokens with the client_credentials grant instead of signing in: `{ name, scopes }` each (scopes of the resource server `mdai`; see [Machines](machines.md))" },
    { key: "machinePaths", type: "array", items: "object", default: [], doc: "path prefixes where the ALB admits a bearer access token with these scopes, not a browser: `{ path, scopes, app? }` each (needs AWS Load Balancer Controller v2.15.0 or later; see [Machines](machines.md))" },
    { key: "localUsers", type: "boolean", default: true, doc: "Cognito's own users and password page beside `identityProviders`; `false`: everyone signs in through a provider (with one, the login goes straight to it), and `users` and `groups` members are refused" },
    { key: "oidc", type: "object", docDefault: "none", doc: "external OIDC IdP: `issuer`, `authorizationEndpoint`, `tokenEndpoint`, `userInfoEndpoint`, `clientId`, `clientSecret` (**with `--secret`**), optional `endSessionEndpoint` (for sign-out)" },
    { key: "signOut", type: "boolean", default: true, doc: "a sign-out endpoint at `signOutPath` that ends the ALB session and the IdP's (see [Sign-out](doors-and-sign-out.md#sign-out)); `false` for none" },
    { key: "signOutPath", type: "string", default: DEFAULT_SIGN_OUT_PATH, doc: "path of the sign-out endpoint on the console's host; the public signed-out page is `<signOutPath>/done`" },
    { key: "signOutImage", type: "string", docDefault: "`nginxinc/nginx-unprivileged:1.29-alpine`, pinned by digest", doc: "image of the sign-out server, for private registries and air-gapped clusters (pin it by digest)" },
    { key: "lbControllerDeployment", type: "string", default: "kube-system/aws-load-balancer-controller", doc: "`namespace/name` of the AWS Load Balancer Controller's Deployment: in OIDC modes the ServiceAccount its pods run as, read at deploy, is the only reader of the OIDC Secret" },
    { key: "lbControllerServiceAccount", type: "string", docDefault: "the one the controller's Deployment runs as", doc: "`namespace/name` of the controller's ServiceAccount, when you want it checked: `pulumi up` refuses if the Deployment runs as another" },
    { key: "envFile", type: "string", docDefault: "`values/<stack>.env`, else `values/aws.env`, if present", doc: "values file (dotenv); one named explicitly must exist" },
    { key: "userPoolRetention", type: "string", default: "retain", doc: "`retain` (the pool survives `pulumi destroy`, deletion protection on) or `delete` (see [Security](security.md#keeping-the-users))" },
    { key: "mfa", type: "string", default: "optional", doc: "TOTP multi-factor authentication: `off`, `optional`, `on`" },
    { key: "threatProtection", type: "string", default: "off", doc: "Cognito threat protection: `off`, `audit`, `enforced` (selects the billed Plus tier)" },
    { key: "featurePlan", type: "string", docDefault: "`essentials` (`plus` with `threatProtection`)", doc: "Cognito's feature plan, always sent: `lite`, `essentials` (what AWS gives a new pool) or `plus`; a feature that needs a higher plan is refused, and the plan prints an estimated monthly cost (see [Sign-in](sign-in.md))" },
    { key: "managedLogin", type: "boolean", default: false, doc: "managed login (the hosted pages' version 2) instead of the classic hosted UI, with a style for every browser client; needs `essentials` (see [Sign-in](sign-in.md#managed-login))" },
    { key: "managedLoginBranding", type: "object", docDefault: "Cognito's own style", doc: "the managed login style from files in the repository: `{ settingsFile?, assets?: [{ file, category, colorMode? }] }` (see [Sign-in](sign-in.md#branding))" },
    { key: "passkeys", type: "boolean", default: false, doc: "users may sign in with a passkey (WebAuthn; relying party: the hosted-UI domain); needs `managedLogin`, `essentials` and `mfa` not `on`" },
    { key: "passkeyUserVerification", type: "string", default: "preferred", doc: "whether a passkey must verify the user (a fingerprint, a PIN): `preferred` or `required`" },
    { key: "emailOtp", type: "boolean", default: false, doc: "users may sign in with a code sent by e-mail; needs `managedLogin`, `essentials`, `email` (SES) and `mfa` not `on`" },
    { key: "email", type: "object", docDefault: "Cognito's own e-mail (about 50 a day)", doc: "send the pool's e-mail through Amazon SES: `{ sesIdentityArn, from, replyTo? }`, an identity of this account in the pool's region (or us-east-1, us-west-2, eu-west-1) that covers `from` (see [Sign-in](sign-in.md#e-mail))" },
    { key: "authDomain", type: "string", docDefault: "none: `<userPoolDomain>.auth.<region>.amazoncognito.com`", doc: "the sign-in pages on a name of your own, e.g. `auth.example.org` (its parent must resolve; it can take up to an hour to become usable; see [Sign-in](sign-in.md#a-sign-in-domain-of-your-own))" },
    { key: "authCertificateArn", type: "string", docDefault: "created in `hostedZone` (dnsMode route53)", doc: "ACM certificate for `authDomain`, in **us-east-1**" },
    { key: "passwordMinimumLength", type: "integer", default: 12, doc: "8–99; lowercase, uppercase, digits and symbols are always required" },
    { key: "temporaryPasswordValidityDays", type: "integer", default: 7, doc: "how long an invitation's temporary password works (1–365)" },
    { key: "tokenValidityMinutes", type: "integer", default: 15, doc: "lifetime of ID and access tokens (5–1440); the ALB asks Cognito again each time the access token expires, so this bounds how long a user taken out of `users` or `allowedGroups` keeps an open session (see [Who may sign in](security.md#who-may-sign-in))" },
    { key: "refreshTokenValidityMinutes", type: "integer", default: 0, doc: "lifetime of refresh tokens (60–5256000, ≥ `tokenValidityMinutes`); `0` = as long as `sessionTimeout`, at least 60 and at least `tokenValidityMinutes`" },
    { key: "accountRecovery", type: "string", default: "email", doc: "password recovery: `email` (verified e-mail only) or `admin-only`" },
    { key: "tokenRevocation", type: "boolean", default: true, doc: "signing out revokes refresh tokens (`false` is insecure and warns)" },
    { key: "preventUserExistenceErrors", type: "boolean", default: true, doc: "errors do not reveal whether an account exists (`false` is insecure and warns)" },
    { key: "selfSignUp", type: "boolean", default: false, doc: "let anyone create an account on the hosted UI (insecure, warns)" },
];

/** What Pulumi.yaml declares as the key's default (see the note at the top). */
export function projectDefault(k: KeySpec): Value | Record<string, never> {
    if (k.env || k.default === undefined) return k.type === "array" ? [] : k.type === "object" ? {} : "";
    return k.default;
}

/** Values-file variables that are not keys but are known (the original installer's, and AWS's). */
export const KNOWN_FILE_VARIABLES: readonly string[] = ["AWS_REGION", "AWS_DEFAULT_REGION", "AWS_PROFILE", "AWS_ACCOUNT_ID", "AWS_ACCOUNT", "COGNITO"];

export function keySpec(key: string): KeySpec {
    const spec = CONFIG_KEYS.find((k) => k.key === key);
    if (!spec) throw new Error(`unknown config key ${key}`);
    return spec;
}

export const fullKey = (key: string) => `${PROJECT}:${key}`;
