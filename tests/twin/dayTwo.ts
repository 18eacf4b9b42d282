/**
 * The day-2 changes the documentation lists, each from a deployed stack, with what the twin proves
 * happens: the same ALB or a new one, or a refusal. docs/day-2.md is written from this list
 * (`npm run docs`), so it states only what the tests prove.
 */
import { EXTERNAL_IDP, GRAFANA_APP as GRAFANA, RunOptions, WAF_ACL_ARN as WAF, baseConfig, certArn } from "../harness";
import { UPGRADE_KUBECONFIG } from "../upgrade/stacks";
import { COMPANY_POOL, INSTALLER_POOL } from "./world";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { OIDC_ENTRA, OKTA_METADATA, SAML_OKTA, federated } from "../federationFixtures";

/** A project directory with the Okta app's metadata, and the same with a second signing certificate (a rotation under way). */
function samlProject(): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mdai-twin-saml-"));
    fs.mkdirSync(path.join(dir, "idp"));
    fs.writeFileSync(path.join(dir, "idp", "okta.xml"), OKTA_METADATA);
    const signing = /<md:KeyDescriptor use="signing">[^]*?<\/md:KeyDescriptor>/.exec(OKTA_METADATA)![0];
    fs.writeFileSync(path.join(dir, "idp", "okta-next.xml"), OKTA_METADATA.replace(signing, `${signing}\n    ${signing}`));
    return dir;
}
const FILE_OKTA = { ...SAML_OKTA, metadataUrl: undefined, metadataFile: "idp/okta.xml" };

const MACHINES = { machineClients: JSON.stringify([{ name: "exporter", scopes: ["metrics.read"] }, { name: "ci", scopes: ["metrics.read", "deploy"] }]),
    machinePaths: JSON.stringify([{ path: "/api/metrics", scopes: ["metrics.read"] }, { path: "/api/deploy", scopes: ["deploy"] }]) };

const PROMETHEUS = { name: "prometheus", hostname: "prometheus.example.com", serviceName: "prometheus", servicePort: "http", namespace: "monitoring" };
const OPERATORS = { operators: ["alice@example.com"], viewers: ["bob@example.com"] };

/** The deployed stacks changes start from. */
export const STARTS: Record<string, RunOptions> = {
    "certificateArn": { config: { ...baseConfig(), authMode: "cognito", users: '["alice@example.com"]' } },
    "hostedZone with apps": { config: { ...baseConfig(), certificateArn: "", hostedZone: "example.com", apps: JSON.stringify([GRAFANA]), users: '["alice@example.com"]' } },
    "a web ACL": { config: { ...baseConfig(), wafAclArn: WAF } },
    "an external IdP": { config: { ...baseConfig(), userPoolDomain: "", oidc: JSON.stringify(EXTERNAL_IDP) }, secretKeys: ["oidc"] },
    "an app with allowedGroups of its own": { config: { ...baseConfig(), certificateArn: "", hostedZone: "example.com", users: '["alice@example.com","bob@example.com"]', groups: JSON.stringify(OPERATORS),
        allowedGroups: '["operators"]', apps: JSON.stringify([{ ...GRAFANA, allowedGroups: ["viewers"] }]) } },
    "an allowed-groups gate": { config: { ...baseConfig(), users: '["alice@example.com","bob@example.com"]', groups: JSON.stringify(OPERATORS), allowedGroups: '["operators"]' } },
    "identity providers": { config: { ...baseConfig(), users: '["alice@example.com"]', ...federated([SAML_OKTA, OIDC_ENTRA]), allowedGroups: '["okta:mdai-admins"]' }, secretKeys: ["identityProviders"] },
    "machine clients": { config: { ...baseConfig(), ...MACHINES } },
    "managed login": { config: { ...baseConfig(), users: '["alice@example.com","bob@example.com"]', groups: JSON.stringify(OPERATORS), managedLogin: "true",
        apps: JSON.stringify([{ ...GRAFANA, allowedGroups: ["viewers"] }]) } },
    "a sign-in domain of your own": { config: { ...baseConfig(), certificateArn: "", hostedZone: "example.com", apps: JSON.stringify([GRAFANA]), users: '["alice@example.com"]', authDomain: "auth.example.com" } },
    "a SAML provider from a file": { config: { ...baseConfig(), users: '["alice@example.com"]', ...federated([FILE_OKTA]) }, cwd: samlProject() },
};

/** The gate: its function, role and permission, the groups and memberships. */
const GATE = /AllowedGroupsGate|UserGroup|UserInGroup/;
/** The pool, its client, domain and users, and the stack's records of it (gate, name, management): in the stack with a Cognito IdP, out of it (retained) with an external one. */
const POOL_LEAVES = /CognitoAuth|Stash::mdai-(allowed-groups-gate|user-pool-created-as|manages-pool-|domain-added-to-)/;
const ALIAS_RECORDS = /ConsoleDnsRecord/;
/** An app's own client, and the gate (with its right to list the pool's clients) that tells it apart. */
const OWN_CLIENT = /app-client-grafana|AllowedGroupsGate|UserGroup|UserInGroup/;
const CERTIFICATES_AND_RECORDS = /ConsoleCertificate|ConsoleDnsRecord/;
/** A sign-in domain of your own: its certificate, domain, records and the stash of what it was created with. */
const AUTH_DOMAIN = /sign-in-domain|auth-domain/;
/** The identity providers, and the gate that reads their groups. */
const IDPS = /IdentityProviders|AllowedGroupsGate/;

export interface DayTwoChange {
    /** What the user changes, in the documentation's words. */
    what: string;
    from: keyof typeof STARTS;
    change: Record<string, string>;
    /** Keys of `change` stored as secrets. */
    secretKeys?: string[];
    /** `same`: the ALB stays; `new`: the controller replaces it (new DNS name); or the change is refused. */
    alb: "same" | "new" | "refused";
    /**
     * Whether the console is unreachable for a while: `none`; `seconds` while a replaced Ingress's rules or the hosted-UI
     * domain are deleted and created again (same ALB); `minutes` while a new ALB is provisioned and DNS follows. Derived in twin/dayTwo.deep.ts
     * from the run; defaults to `minutes` for a new ALB and `none` otherwise.
     */
    downtime?: "none" | "seconds" | "minutes";
    /**
     * What happens to DNS: `unchanged`; `updated` by the same `pulumi up` (route53 mode); `yours` to create or update as
     * `dnsRecord` says. Derived in twin/dayTwo.deep.ts from the records and outputs before and after; defaults from the ALB.
     */
    dns?: "unchanged" | "updated" | "yours";
    /** For a refusal: what the error says. */
    refusal?: RegExp;
    /** Resources (URN) this change adds or removes by design, besides those any change may (twin/dayTwo.deep.ts). */
    comesAndGoes?: RegExp;
    /** The app client is replaced by design (it moves to another pool): every session ends. */
    newClient?: true;
    /** How many `pulumi up` runs the change takes to settle (a sign-in domain the ALB moves to once it resolves). @default 1 */
    settles?: 1 | 2;
}

export const DAY_TWO: DayTwoChange[] = [
    { what: "uiHostname", from: "certificateArn", change: { uiHostname: "console.example.org" }, alb: "same", dns: "yours" },
    // Settings of the pool, its client and the ALB session, which touch nothing else: one scenario for all of them.
    { what: "sessionTimeout, ingressWaitMinutes, appClientName, userPoolRetention, mfa, password, token, threat-protection, sign-up and recovery settings", from: "certificateArn",
        change: { sessionTimeout: "86400", ingressWaitMinutes: "20", appClientName: "mdai-console-client", userPoolRetention: "delete", mfa: "on", passwordMinimumLength: "16",
            temporaryPasswordValidityDays: "3", tokenValidityMinutes: "30", refreshTokenValidityMinutes: "720", threatProtection: "audit", selfSignUp: "true",
            accountRecovery: "admin-only", tokenRevocation: "false", preventUserExistenceErrors: "false" }, alb: "same" },
    { what: "add a user", from: "certificateArn", change: { users: '["alice@example.com","bob@example.com"]' }, alb: "same" },
    { what: "remove a user (signed out everywhere, then deleted)", from: "certificateArn", change: { users: "[]" }, alb: "same", comesAndGoes: /RemovalSignOut/ },
    { what: "groups and allowedGroups (the gate)", from: "certificateArn", change: { users: '["alice@example.com","bob@example.com"]', groups: JSON.stringify(OPERATORS), allowedGroups: '["operators"]' },
        alb: "same", comesAndGoes: GATE },
    { what: "a member moved to another group", from: "an allowed-groups gate", change: { groups: JSON.stringify({ operators: ["bob@example.com"], viewers: ["alice@example.com"] }) }, alb: "same", comesAndGoes: /UserInGroup/ },
    { what: "allowedGroups emptied (the gate stays, open)", from: "an allowed-groups gate", change: { allowedGroups: "[]" }, alb: "same" },
    { what: "the gate detached (allowedGroups emptied, allowedGroupsGate detach: the trigger leaves the pool, the function stays, open)", from: "an allowed-groups gate",
        change: { allowedGroups: "[]", allowedGroupsGate: "detach" }, alb: "same" },
    { what: "the gate removed (allowedGroups emptied, allowedGroupsGate remove: trigger and function gone)", from: "an allowed-groups gate",
        change: { allowedGroups: "[]", allowedGroupsGate: "remove" }, alb: "same", comesAndGoes: /AllowedGroupsGate/ },
    { what: "allowedGroupsGate detach while allowedGroups names groups", from: "an allowed-groups gate", change: { allowedGroupsGate: "detach" }, alb: "refused",
        refusal: /allowedGroupsGate .*allowedGroups still names groups, so the gate is in use/ },
    { what: "groups and allowedGroups removed", from: "an allowed-groups gate", change: { groups: "", allowedGroups: "[]" }, alb: "same", comesAndGoes: /UserGroup|UserInGroup/ },
    { what: "userPoolId: the installer's pool instead of the stack's (a new app client there: everyone signs in again; the stack's pool is kept)", from: "certificateArn",
        change: { userPoolId: INSTALLER_POOL, userPoolDomain: "" }, alb: "same", comesAndGoes: POOL_LEAVES, newClient: true },
    { what: "userPoolId: a pool without a hosted-UI domain (the stack adds userPoolDomain to it, and keeps it on every later pulumi up)", from: "certificateArn",
        change: { userPoolId: COMPANY_POOL }, alb: "same", downtime: "seconds", comesAndGoes: POOL_LEAVES, newClient: true },
    { what: "authMode cognito → oidc", from: "certificateArn", change: { authMode: "oidc" }, alb: "same" },
    { what: "authMode → an external IdP", from: "certificateArn", change: { authMode: "auto", userPoolDomain: "", oidc: JSON.stringify(EXTERNAL_IDP) }, secretKeys: ["oidc"], alb: "same", comesAndGoes: POOL_LEAVES },
    { what: "an external IdP → the Cognito pool", from: "an external IdP", change: { userPoolDomain: "mdai-login-test", oidc: "" }, alb: "same", comesAndGoes: POOL_LEAVES },
    { what: "namespace", from: "certificateArn", change: { namespace: "mdai" }, alb: "same", downtime: "seconds" },
    { what: "ingressName", from: "certificateArn", change: { ingressName: "mdai-console" }, alb: "same", downtime: "seconds" },
    { what: "serviceName and servicePort", from: "certificateArn", change: { serviceName: "console", servicePort: "8080" }, alb: "same" },
    { what: "certificateArn", from: "certificateArn", change: { certificateArn: certArn("us-east-1").replace("0b9b5a4e", "1c2d3e4f") }, alb: "same" },
    { what: "userPoolDomain", from: "certificateArn", change: { userPoolDomain: "mdai-login-two" }, alb: "same", downtime: "seconds" },
    { what: "signOutPath and signOutImage", from: "certificateArn", change: { signOutPath: "/auth/logout", signOutImage: "registry.acme.io/nginx-unprivileged:1.29-alpine@sha256:" + "a".repeat(64) }, alb: "same" },
    { what: "signOut off", from: "certificateArn", change: { signOut: "false" }, alb: "same", comesAndGoes: /SignOutService/ },
    { what: "publicPaths and apiPaths", from: "certificateArn", change: { publicPaths: '["/healthz"]', apiPaths: '["/api"]' }, alb: "same" },
    { what: "inboundCidrs and extraAnnotations", from: "certificateArn", change: { inboundCidrs: '["203.0.113.0/24"]', extraAnnotations: JSON.stringify({ "alb.ingress.kubernetes.io/tags": "team=mdai" }) }, alb: "same" },
    { what: "add wafAclArn", from: "certificateArn", change: { wafAclArn: WAF }, alb: "same" },
    { what: "remove wafAclArn", from: "a web ACL", change: { wafAclArn: "" }, alb: "same" },
    { what: "scheme alone", from: "certificateArn", change: { scheme: "internal" }, alb: "refused", refusal: /scheme is internal, but the ALB of IngressGroup mdai-dev was created internet-facing/ },
    { what: "scheme and groupName", from: "certificateArn", change: { scheme: "internal", groupName: "mdai-team" }, alb: "new" },
    { what: "groupName", from: "certificateArn", change: { groupName: "mdai-team" }, alb: "new" },
    { what: "groupName and loadBalancerName", from: "certificateArn", change: { groupName: "mdai-team", loadBalancerName: "mdai-team-console" }, alb: "new" },
    { what: "loadBalancerName alone", from: "certificateArn", change: { loadBalancerName: "mdai-prod" }, alb: "refused", refusal: /loadBalancerName/ },
    { what: "the same cluster by kubeconfig instead of clusterName", from: "certificateArn", change: { clusterName: "", kubeconfig: UPGRADE_KUBECONFIG }, secretKeys: ["kubeconfig"], alb: "same" },
    { what: "another cluster", from: "certificateArn", change: { clusterName: "mdai-other" }, alb: "new" },
    { what: "an app's own allowedGroups (an app client of its own: the app's users sign in again)", from: "hostedZone with apps",
        change: { users: '["alice@example.com","bob@example.com"]', groups: JSON.stringify(OPERATORS), apps: JSON.stringify([{ ...GRAFANA, allowedGroups: ["viewers"] }]) },
        alb: "same", comesAndGoes: OWN_CLIENT },
    { what: "an app's own allowedGroups changed", from: "an app with allowedGroups of its own", change: { apps: JSON.stringify([{ ...GRAFANA, allowedGroups: ["operators", "viewers"] }]) }, alb: "same" },
    { what: "authMode cognito → oidc, with an app of its own (its client moves into a Secret of its own)", from: "an app with allowedGroups of its own", change: { authMode: "oidc" }, alb: "same" },
    { what: "appClientName, with an app of its own (both clients renamed in place)", from: "an app with allowedGroups of its own", change: { appClientName: "mdai-console-client" }, alb: "same" },
    { what: "an app's own allowedGroups removed (back to the stack's client and list)", from: "an app with allowedGroups of its own", change: { apps: JSON.stringify([GRAFANA]) },
        alb: "same", comesAndGoes: OWN_CLIENT },
    { what: "rename an app that keeps its hostname, with hostedZone (its DNS records stay: they are named after the host)", from: "hostedZone with apps",
        change: { apps: JSON.stringify([{ ...GRAFANA, name: "dashboards" }]) }, alb: "same", comesAndGoes: /grafana|dashboards|sign-out-monitoring/ },
    { what: "rename an app with allowedGroups of its own (a new app client: its users sign in again)", from: "an app with allowedGroups of its own",
        change: { apps: JSON.stringify([{ ...GRAFANA, name: "dashboards", allowedGroups: ["viewers"] }]) }, alb: "same", comesAndGoes: /grafana|dashboards|sign-out-monitoring/ },
    { what: "add an app", from: "hostedZone with apps", change: { apps: JSON.stringify([GRAFANA, PROMETHEUS]) }, alb: "same", comesAndGoes: /prometheus/, dns: "updated" },
    { what: "ten apps more (eleven hosts, past ACM's ten names per certificate)", from: "hostedZone with apps",
        change: { apps: JSON.stringify([GRAFANA, ...Array.from({ length: 10 }, (_, n) => ({ ...PROMETHEUS, name: `app${n}`, hostname: `app${n}.example.com` }))]) }, alb: "same", comesAndGoes: /app\d/, dns: "updated" },
    { what: "remove the last app", from: "hostedZone with apps", change: { apps: "[]" }, alb: "same", comesAndGoes: /grafana|sign-out-monitoring/, dns: "updated" },
    { what: "uiHostname, with hostedZone", from: "hostedZone with apps", change: { uiHostname: "console.example.com" }, alb: "same", comesAndGoes: /validation-(mdai|console)\.example\.com$/, dns: "updated" },
    { what: "scheme and groupName, with hostedZone", from: "hostedZone with apps", change: { scheme: "internal", groupName: "mdai-team" }, alb: "new" },
    { what: "groupName, with hostedZone", from: "hostedZone with apps", change: { groupName: "mdai-team" }, alb: "new" },
    { what: "dnsMode route53 → manual", from: "hostedZone with apps", change: { dnsMode: "manual" }, alb: "same", comesAndGoes: ALIAS_RECORDS, dns: "yours" },
    { what: "dnsMode route53 → external-dns", from: "hostedZone with apps", change: { dnsMode: "external-dns" }, alb: "same", comesAndGoes: ALIAS_RECORDS, dns: "yours" },
    { what: "add identity providers (every app client offers them; the pool gets the IdP groups' attribute)", from: "certificateArn", change: federated([SAML_OKTA, OIDC_ENTRA]),
        secretKeys: ["identityProviders"], alb: "same", comesAndGoes: IDPS },
    { what: "remove an identity provider (the clients stop offering it, then it is deleted; its users stay in the pool, unable to sign in)", from: "identity providers",
        change: federated([SAML_OKTA]), alb: "same", comesAndGoes: /idp-entra/ },
    { what: "rename an identity provider (a new provider: its users get new `<provider>_<id>` accounts)", from: "identity providers",
        change: federated([SAML_OKTA, { ...OIDC_ENTRA, name: "entra-id" }]), secretKeys: ["identityProviders"], alb: "same", comesAndGoes: /idp-entra/ },
    { what: "an identity provider's type, same name (deleted before the new one exists: Cognito holds one provider of a name)", from: "identity providers",
        change: federated([SAML_OKTA, { ...SAML_OKTA, name: "entra", idpIdentifiers: ["acme.org"] }]), alb: "same" },
    { what: "rotate an OIDC provider's client secret (updated in place)", from: "identity providers",
        change: federated([SAML_OKTA, { ...OIDC_ENTRA, clientSecret: "entra-s3cret-Next-2y" }]), secretKeys: ["identityProviders"], alb: "same" },
    { what: "all identity providers removed (the pool keeps the IdP groups' attribute: Cognito never removes one)", from: "identity providers",
        change: { identityProviders: "[]", allowedGroups: "[]" }, alb: "same", comesAndGoes: IDPS },
    { what: "one OIDC provider for everyone (localUsers false: signing out also ends its session, through a public page to its end-session endpoint)", from: "identity providers",
        change: { ...federated([OIDC_ENTRA], { localUsers: "false" }), users: "[]", allowedGroups: "[]" }, secretKeys: ["identityProviders"], alb: "same", comesAndGoes: /idp-okta|RemovalSignOut/ },
    { what: "localUsers false (no password page: the login goes straight to the one provider; invited users are signed out and deleted)", from: "a SAML provider from a file",
        change: { localUsers: "false", users: "[]" }, alb: "same", comesAndGoes: /RemovalSignOut/ },
    { what: "rotate a SAML provider's signing certificate (new metadata, both certificates: updated in place)", from: "a SAML provider from a file",
        change: federated([{ ...FILE_OKTA, metadataFile: "idp/okta-next.xml" }]), alb: "same" },
    { what: "machine clients and bearer-token paths added (a resource server, a client per machine, an Ingress per path; the controller's version is read first)", from: "certificateArn",
        change: MACHINES, alb: "same", comesAndGoes: /MachineClients|machine-\d/ },
    { what: "a machine path's scopes changed (its Ingress updated in place)", from: "machine clients",
        change: { machinePaths: JSON.stringify([{ path: "/api/metrics", scopes: ["metrics.read"] }, { path: "/api/deploy", scopes: ["deploy", "metrics.read"] }]) }, alb: "same" },
    { what: "a machine client and its path removed (the path's Ingress, then the client, then the scope)", from: "machine clients",
        change: { machineClients: JSON.stringify([{ name: "exporter", scopes: ["metrics.read"] }]), machinePaths: JSON.stringify([{ path: "/api/metrics", scopes: ["metrics.read"] }]) },
        alb: "same", comesAndGoes: /machines-ci|machine-1/ },
    { what: "machine clients and paths removed", from: "machine clients", change: { machineClients: "[]", machinePaths: "[]" }, alb: "same", comesAndGoes: /MachineClients|machine-\d/ },
    { what: "managedLogin on (a style for every browser client, then the domain's managed login version)", from: "an app with allowedGroups of its own",
        change: { managedLogin: "true" }, alb: "same", comesAndGoes: /ManagedLoginStyles|managed-login/ },
    { what: "managedLogin off (the domain back to the classic hosted UI, then the styles deleted)", from: "managed login",
        change: { managedLogin: "false" }, alb: "same", comesAndGoes: /ManagedLoginStyles|managed-login/ },
    { what: "passkeys and e-mail codes through SES added to managed login (the pool's sign-in policy and e-mail, in place)", from: "managed login",
        change: { passkeys: "true", emailOtp: "true", email: JSON.stringify({ sesIdentityArn: "arn:aws:ses:us-east-1:123456789012:identity/example.com", from: "no-reply@example.com" }) }, alb: "same" },
    { what: "an app with its own client added under managed login (its client, then its style)", from: "managed login",
        change: { apps: JSON.stringify([{ ...GRAFANA, allowedGroups: ["viewers"] }, { ...PROMETHEUS, allowedGroups: ["operators"] }]) }, alb: "same", comesAndGoes: /prometheus/, dns: "yours" },
    { what: "rename an app with allowedGroups of its own under managed login (its new client and style before its login moves; the old ones after)", from: "managed login",
        change: { apps: JSON.stringify([{ ...GRAFANA, name: "dashboards", allowedGroups: ["viewers"] }]) }, alb: "same", comesAndGoes: /grafana|dashboards|sign-out-monitoring/ },
    { what: "featurePlan plus (the pool's tier, in place)", from: "certificateArn", change: { featurePlan: "plus" }, alb: "same" },
    { what: "featurePlan lite while managed login is on", from: "managed login", change: { featurePlan: "lite" }, alb: "refused",
        refusal: /managedLogin needs the essentials feature plan or higher, but featurePlan is lite/ },
    { what: "authDomain added, with hostedZone (its certificate in us-east-1, the domain, its record; then the ALB moves to it)", from: "hostedZone with apps",
        change: { authDomain: "auth.example.com" }, alb: "same", comesAndGoes: AUTH_DOMAIN, dns: "updated" },
    { what: "authDomain added under the console's own host (the domain after that host's record; the ALB moves to it on the next pulumi up)", from: "hostedZone with apps",
        change: { authDomain: "auth.mdai.example.com" }, alb: "same", comesAndGoes: AUTH_DOMAIN, dns: "updated", settles: 2 },
    { what: "authDomain added with passkeys on (the ALB and the passkeys' relying party move together, on the next pulumi up)", from: "managed login",
        change: { passkeys: "true", certificateArn: "", hostedZone: "example.com", authDomain: "auth.example.com" }, alb: "same", comesAndGoes: /sign-in-domain|auth-domain|ConsoleCertificate|ConsoleDnsRecord/, dns: "updated", settles: 2 },
    { what: "authDomain added, without a zone (the domain; the ALB moves at the first pulumi up after you create its record)", from: "certificateArn",
        change: { authDomain: "auth.example.com", authCertificateArn: certArn("us-east-1") }, alb: "same", comesAndGoes: AUTH_DOMAIN },
    { what: "hostedZone off while authDomain's record is in it (the ALB back to the prefix domain first, then the record deleted; yours to create, and the next pulumi up after it resolves moves sign-in again)",
        from: "a sign-in domain of your own", change: { hostedZone: "", certificateArn: certArn("us-east-1"), authCertificateArn: certArn("us-east-1") }, alb: "same",
        comesAndGoes: /sign-in-domain|auth-domain|ConsoleCertificate|ConsoleDnsRecord/, dns: "yours" },
    { what: "authDomain removed (the ALB back to the prefix domain, then the domain and its record deleted)", from: "a sign-in domain of your own",
        change: { authDomain: "" }, alb: "same", comesAndGoes: AUTH_DOMAIN, dns: "updated" },
    { what: "authDomain changed", from: "a sign-in domain of your own", change: { authDomain: "login.example.com" }, alb: "refused", refusal: /would replace the sign-in domain auth\.example\.com/ },
    { what: "managedLogin turned on while authDomain is set (styles first, then both domains' login version, in place)", from: "a sign-in domain of your own",
        change: { managedLogin: "true" }, alb: "same", comesAndGoes: /ManagedLoginStyles|managed-login/ },
    { what: "hostedZone off (a given certificate)", from: "hostedZone with apps", change: { hostedZone: "", certificateArn: certArn("us-east-1") }, alb: "same", comesAndGoes: CERTIFICATES_AND_RECORDS, dns: "yours" },
    { what: "hostedZone on", from: "certificateArn", change: { hostedZone: "example.com", certificateArn: "" }, alb: "same", comesAndGoes: CERTIFICATES_AND_RECORDS, dns: "updated" },
];

export const downtime = (c: DayTwoChange) => c.downtime ?? (c.alb === "new" ? "minutes" : "none");
export const dnsClaim = (c: DayTwoChange) => c.dns ?? (c.alb !== "new" ? "unchanged" : STARTS[c.from].config?.hostedZone ? "updated" : "yours");
