import * as pulumi from "@pulumi/pulumi";
import { ConfigError } from "./config/errors";
import { redactSecrets } from "./config/redact";
import { PROJECT } from "./config/keys";
import { Sources, resolveSources } from "./config/sources";
import { Settings, validateSettings } from "./config/validate";
import { AlbAccessLogs } from "./components/albAccessLogs";
import { AlbWebAcl } from "./components/albWebAcl";
import { consoleUrl, createUserCommand, hostedUiBaseUrl } from "./components/cognitoUrls";
import { ConsoleIngress } from "./components/consoleIngress";
import { Door, doorsTable } from "./components/routes";
import { ClusterInfo, connectCluster, describeCluster } from "./cluster/connect";
import { IdpRegistration, createCognito, idpEndSessionUrls, idpLogoutUrls, idpRegistration, ingressAuth, straightTo } from "./wiring/auth";
import { DnsRecord, prepareDns, publishDns } from "./wiring/dns";
import { awsProviders } from "./wiring/providers";
import { existingAlbName } from "./wiring/alb";
import { Fetch, ProviderSetup, checkFederation, federationOutputs, httpFetch } from "./wiring/federation";
import { MachineOutputs, createMachines } from "./wiring/machines";
import { SignInOutput, checkSesAccount, signInOutput } from "./wiring/signIn";
import { AuthDomainOutput, Resolver, authDomainOutput, checkAuthDomain, dnsResolver, prepareAuthDomain } from "./wiring/authDomain";

export type { DnsRecord };

export interface Logger {
    info(message: string): void;
    warn(message: string): void;
}

export interface ProgramOptions {
    /** @default process.env */
    env?: Record<string, string | undefined>;
    /** Directory the values file is resolved against. @default process.cwd() (Pulumi runs programs in the project directory) */
    cwd?: string;
    /** @default pulumi.log */
    log?: Logger;
    /**
     * True for `pulumi up`, false for a preview or `npm run plan`: only a deployment refuses
     * documentation example values (a preview shows them as the first thing to fix).
     * @default !pulumi.runtime.isDryRun()
     */
    deploying?: boolean;
    /** Where stack config values came from when not the stack file (`npm run plan --set`), by full key. */
    configOrigins?: Record<string, string>;
    /** True under `npm run plan`: lookups answer placeholders, so checks of their values wait for a deploy. */
    offline?: boolean;
    /** How the identity providers' metadata and discovery documents are read (not when offline). @default Node's fetch (wiring/federation.ts) */
    fetch?: Fetch;
    /** Whether a name resolves: authDomain's parent, and authDomain before the ALB uses it (not when offline). @default Node's resolver (wiring/authDomain.ts) */
    resolve?: Resolver;
}

/** Prefix of the warnings that name a value to replace before `pulumi up` will deploy. */
export const FIX_FIRST = "Fix before deploying: ";

/** The stack outputs. Those that do not apply to the chosen mode are undefined. */
export interface StackOutputs {
    authMode: string;
    authReason: string;
    region: string;
    cognitoRegion?: string;
    uiUrl: string;
    /** The Kubernetes cluster the Ingress went to, and how it was reached. */
    cluster: ClusterInfo;
    albHostname: pulumi.Output<string | undefined>;
    /** The console's DNS record: to create (manual), created (route53) or kept by ExternalDNS. */
    dnsRecord: pulumi.Output<DnsRecord | undefined>;
    /** The certificate of the console's host on the HTTPS listener (its default): the given one, or the one this stack requested. */
    certificateArn: pulumi.Output<string>;
    userPoolId?: pulumi.Output<string>;
    userPoolArn?: pulumi.Output<string>;
    userPoolClientId?: pulumi.Output<string>;
    userPoolDomain?: pulumi.Output<string>;
    hostedUiUrl?: pulumi.Output<string>;
    /** Each app's URL, sign-out URL and DNS record, by name (only with apps). */
    apps?: Record<string, {
        url: string; signOutUrl?: string; dnsRecord: pulumi.Output<DnsRecord | undefined>; allowedGroups?: string[];
        /** An app with its own client: its id, the `client` the ALB names in the `x-amzn-oidc-data` header it signs for the app. */
        clientId?: pulumi.Output<string>;
    }>;
    /** What is reachable how: host and path → login, 401 or public, and the backend. */
    doors: Door[];
    /** With a Cognito pool: the groups whose members alone may sign in (empty: every user of the pool). */
    allowedGroups?: string[];
    /** With an external IdP: the redirect and post-logout URIs to register with its client. */
    idpRegistration?: IdpRegistration;
    /** With identityProviders: per provider, what its administrator registers (ACS URL and entity ID, or redirect URI). */
    identityProviders?: Record<string, ProviderSetup>;
    /** With SAML single logout: the pool's signing certificate, which the IdP must trust to accept Cognito's logout requests. */
    samlSigningCertificate?: pulumi.Output<string>;
    /** With machineClients: per client its id and scopes, where it gets a token, and (a secret output) each client's secret. */
    machineClients?: MachineOutputs["clients"];
    machineTokenUrl?: pulumi.Output<string>;
    machineClientSecrets?: pulumi.Output<Record<string, string>>;
    /** With identityProviders: whether the pool's own users sign in too, and the provider the login goes straight to (one provider, no local users). */
    localUsers?: boolean;
    signInStraightTo?: string;
    /** With the stack's own pool: its feature plan, the sign-in pages, passwordless factors and who sends its e-mail. */
    signIn?: SignInOutput;
    /** With authDomain: whether sign-in uses it yet, and its record (to create when it is yours). */
    authDomain?: AuthDomainOutput;
    /** Link the console's "sign out" here: ends the ALB session and the IdP's, then shows the signed-out page. */
    signOutUrl?: string;
    createUserCommand?: pulumi.Output<string>;
}

/** Reads the stack config from the Pulumi runtime (empty strings are "unset", see config/keys.ts). */
export function stackSources(options: ProgramOptions = {}): Sources {
    const stackConfig = pulumi.runtime.allConfig();
    // isConfigSecret is exported by the runtime but not typed; it is how the SDK itself tells secrets apart.
    const isSecret = (pulumi.runtime as unknown as { isConfigSecret(k: string): boolean }).isConfigSecret;
    return {
        stackConfig,
        secretKeys: Object.keys(stackConfig).filter((k) => k.startsWith(`${PROJECT}:`) && isSecret(k)),
        configOrigins: options.configOrigins,
        env: options.env ?? process.env,
        cwd: options.cwd ?? process.cwd(),
        stack: pulumi.getStack(),
    };
}

/** Config → validated settings; throws ConfigError (listing every problem) before any resource exists. */
export function loadSettings(options: ProgramOptions = {}): Settings {
    return validateSettings(resolveSources(stackSources(options)));
}

/** The whole program: validate, decide, then create the identity provider, the Ingress group and the DNS. */
export async function mdaiCognito(options: ProgramOptions = {}): Promise<StackOutputs> {
    const s = loadSettings(options);
    // Every line is held to the run's secret values (config/redact.ts), whatever quotes them.
    const to = options.log ?? pulumi.log;
    const log: Logger = { info: (m) => to.info(redactSecrets(m)), warn: (m) => to.warn(redactSecrets(m)) };
    if (s.blockers.length && (options.deploying ?? !pulumi.runtime.isDryRun())) throw new ConfigError(s.blockers, s.warnings);
    s.blockers.forEach((b) => log.warn(FIX_FIRST + b.message));
    s.warnings.forEach((w) => log.warn(w));
    s.info.forEach((i) => log.info(i));
    log.info(`authMode ${s.decision.mode}: ${s.decision.reason}.`);

    // What the identity providers publish is checked before anything is created.
    const federation = s.federation.providers.length ? await checkFederation(s, options.offline ? undefined : options.fetch ?? httpFetch, log) : undefined;
    const providers = awsProviders(s);
    const resolve = options.offline ? undefined : options.resolve ?? dnsResolver;
    await checkSesAccount(s, providers.cognito);
    await checkAuthDomain(s, providers, resolve);
    const dns = await prepareDns(s, providers, log, !options.offline);
    const cluster = connectCluster("mdai-k8s", s.cluster, providers.alb);
    log.info(describeCluster(s.cluster));
    const authDomain = await prepareAuthDomain(s, dns, providers, log, resolve);
    const cognito = s.decision.idp === "cognito-pool" ? await createCognito(s, providers.cognito(), log, federation, authDomain?.args) : undefined;
    const accessLogs = s.alb.accessLogs ? new AlbAccessLogs("mdai-alb-logs", {}, { providers: [providers.alb()] }) : undefined;

    const ui = new ConsoleIngress("mdai-console", {
        hostname: s.uiHostname,
        certificateArn: dns.certificateArns,
        auth: ingressAuth(s, cognito),
        namespace: s.namespace,
        ingressName: s.ingressName,
        serviceName: s.serviceName,
        servicePort: s.servicePort,
        publicPaths: s.publicPaths,
        apiPaths: s.apiPaths,
        apps: s.apps,
        groupName: s.alb.groupName,
        ingressClassName: s.alb.ingressClassName,
        alb: { ...s.alb, accessLogs: accessLogs && { bucket: accessLogs.bucketName, prefix: accessLogs.prefix } },
        loadBalancerName: s.loadBalancerName,
        // Not where the stack reaches AWS for nothing else (an external IdP, a kubeconfig): it then needs no AWS credentials at all.
        existingAlbName: s.decision.idp === "external" && s.cluster.via === "kubeconfig" && s.dns.mode !== "route53" && !s.alb.wafAclArn && !s.alb.accessLogs
            ? undefined : existingAlbName(s, providers.alb()),
        sessionTimeout: s.sessionTimeout,
        controllerDeployment: s.lbControllerDeployment,
        controllerServiceAccount: s.lbControllerServiceAccount,
        waitMinutes: s.ingressWaitMinutes,
        externalDns: s.dns.mode === "external-dns",
        machinePaths: s.machines.paths,
        jwtIssuer: cognito?.issuer,
        signOut: s.signOut ? { path: s.signOut.path, image: s.signOut.image, idpLogoutUrls: idpLogoutUrls(s, cognito), idpEndSessionUrls: idpEndSessionUrls(s, federation) } : false,
    }, { providers: [cluster.provider] });
    const machines = cognito ? createMachines(s, cognito, providers.cognito(), log, ui.checked) : undefined;
    if (s.alb.wafAclArn) new AlbWebAcl("mdai-console-waf", { albHostname: ui.albHostname, webAclArn: s.alb.wafAclArn }, { providers: [providers.alb()] });
    const records = publishDns(s, dns, ui.albHostname, providers, (host, record) => { if (host === authDomain?.parentPublished) authDomain.parentRecord?.([record]); });
    const fed = cognito && federationOutputs(s, cognito, federation);
    const backends = [`${s.namespace}/${s.serviceName}`, ...s.apps.map((a) => `${a.namespace}/${a.serviceName}`)];
    log.info(`reads Service ${backends.join(", ")} before creating the Ingresses: each must exist (else the ALB answers 503) and carry no alb.ingress.kubernetes.io/auth-* annotation (the controller would apply it over the Ingress's).`);

    return {
        authMode: s.decision.mode,
        authReason: s.decision.reason,
        region: s.region,
        cognitoRegion: cognito ? s.cognitoRegion : undefined,
        uiUrl: consoleUrl(s.uiHostname),
        cluster: cluster.info,
        albHostname: ui.albHostname,
        dnsRecord: records[s.uiHostname],
        certificateArn: pulumi.output(dns.certificateArns[0]),
        userPoolId: cognito?.userPoolId,
        userPoolArn: cognito?.userPoolArn,
        userPoolClientId: cognito?.clientId,
        userPoolDomain: cognito?.domainPrefix,
        hostedUiUrl: cognito?.hostedUiUrl,
        allowedGroups: cognito ? s.access.allowedGroups : undefined,
        idpRegistration: idpRegistration(s),
        identityProviders: fed?.setup,
        samlSigningCertificate: fed?.signingCertificate,
        localUsers: fed ? s.federation.localUsers : undefined,
        machineClients: machines?.clients,
        machineTokenUrl: machines?.tokenUrl,
        machineClientSecrets: machines?.secrets,
        signInStraightTo: fed ? straightTo(s)?.identity_provider : undefined,
        signIn: signInOutput(s, authDomain?.args.passkeysOnIt ? authDomain.args.domain : s.userPoolDomain && new URL(hostedUiBaseUrl(s.userPoolDomain, s.cognitoRegion)).host),
        authDomain: cognito?.customDomain && authDomainOutput(authDomain!, cognito.customDomain),
        signOutUrl: ui.signOutUrl,
        apps: s.apps.length ? Object.fromEntries(s.apps.map((a) => [a.name, { url: consoleUrl(a.hostname), signOutUrl: ui.signOutUrls[a.hostname], dnsRecord: records[a.hostname],
            ...(cognito && s.access.appAllowedGroups[a.name] ? { allowedGroups: s.access.appAllowedGroups[a.name], clientId: cognito.ownClients[a.name]?.id } : {}) }])) : undefined,
        doors: doorsTable(ui.members, s.decision.mode === "none"),
        createUserCommand: cognito?.userPoolId.apply((id) => createUserCommand(id, s.cognitoRegion)),
    };
}
