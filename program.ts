import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { ConfigError } from "./config/errors";
import { PROJECT } from "./config/keys";
import { Sources, resolveSources } from "./config/sources";
import { Settings, validateSettings } from "./config/validate";
import { CognitoAuth } from "./components/cognitoAuth";
import { consoleUrl, createUserCommand, endSessionUrl } from "./components/cognitoUrls";
import { signedOutPath } from "./components/routes";
import { ConsoleIngress, ConsoleIngressAuth } from "./components/consoleIngress";
import { ClusterInfo, connectCluster } from "./cluster/connect";

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
}

/** Prefix of the warnings that name a value to replace before `pulumi up` will deploy. */
export const FIX_FIRST = "Fix before deploying: ";

export interface DnsRecord {
    name: string;
    type: "CNAME";
    value: string;
}

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
    dnsRecord: pulumi.Output<DnsRecord | undefined>;
    userPoolId?: pulumi.Output<string>;
    userPoolArn?: pulumi.Output<string>;
    userPoolClientId?: pulumi.Output<string>;
    userPoolDomain?: pulumi.Output<string>;
    hostedUiUrl?: pulumi.Output<string>;
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

/** The whole program: validate, decide, then create the Cognito resources and the Ingress. */
export async function mdaiCognito(options: ProgramOptions = {}): Promise<StackOutputs> {
    const log = options.log ?? pulumi.log;
    const s = loadSettings(options);
    if (s.blockers.length && (options.deploying ?? !pulumi.runtime.isDryRun())) throw new ConfigError(s.blockers, s.warnings);
    s.blockers.forEach((b) => log.warn(FIX_FIRST + b.message));
    s.warnings.forEach((w) => log.warn(w));
    s.info.forEach((i) => log.info(i));
    log.info(`authMode ${s.decision.mode}: ${s.decision.reason}.`);

    const providers = awsProviders(s);
    const cluster = connectCluster("mdai-k8s", s.cluster, providers.alb);
    log.info(describeCluster(s));
    const signedOutUrl = s.signOut && `https://${s.uiHostname}${signedOutPath(s.signOut.path)}`;
    const cognito = s.decision.idp === "cognito-pool" ? createCognito(s, providers.cognito(), log, signedOutUrl) : undefined;

    const ui = new ConsoleIngress("mdai-console", {
        hostname: s.uiHostname,
        certificateArn: s.certificateArn,
        auth: ingressAuth(s, cognito),
        namespace: s.namespace,
        ingressName: s.ingressName,
        serviceName: s.serviceName,
        servicePort: s.servicePort,
        loadBalancerName: s.loadBalancerName,
        sessionTimeout: s.sessionTimeout,
        controllerServiceAccount: s.lbControllerServiceAccount,
        waitMinutes: s.ingressWaitMinutes,
        signOut: s.signOut ? { path: s.signOut.path, image: s.signOut.image, idpLogoutUrl: idpLogoutUrl(s, cognito, signedOutUrl!) } : false,
    }, { providers: [cluster.provider] });
    log.info(`reads Service ${s.namespace}/${s.serviceName} before creating the Ingress: it must exist (else the ALB answers 503) and carry no alb.ingress.kubernetes.io/auth-* annotation (the controller would apply it over the Ingress's).`);

    return {
        authMode: s.decision.mode,
        authReason: s.decision.reason,
        region: s.region,
        cognitoRegion: cognito ? s.cognitoRegion : undefined,
        uiUrl: consoleUrl(s.uiHostname),
        cluster: cluster.info,
        albHostname: ui.albHostname,
        dnsRecord: ui.albHostname.apply((h) => (h ? { name: s.uiHostname, type: "CNAME" as const, value: h } : undefined)),
        userPoolId: cognito?.userPoolId,
        userPoolArn: cognito?.userPoolArn,
        userPoolClientId: cognito?.clientId,
        userPoolDomain: cognito?.domainPrefix,
        hostedUiUrl: cognito?.hostedUiUrl,
        signOutUrl: ui.signOutUrl,
        createUserCommand: cognito?.userPoolId.apply((id) => createUserCommand(id, s.cognitoRegion)),
    };
}

/** What the ALB authenticates against: the pool (natively or through its OIDC endpoints), an external IdP, or nothing. */
function ingressAuth(s: Settings, cognito: CognitoAuth | undefined): ConsoleIngressAuth {
    if (s.decision.mode === "none") return { type: "none" };
    if (!cognito) return { type: "oidc", ...s.oidc!, clientSecret: pulumi.secret(s.oidc!.clientSecret) };
    if (s.decision.mode === "cognito") {
        return { type: "cognito", userPoolArn: cognito.userPoolArn, userPoolClientId: cognito.clientId, userPoolDomain: cognito.domainPrefix };
    }
    const { issuer, authorizationEndpoint, tokenEndpoint, userInfoEndpoint, clientId, clientSecret } = cognito;
    return { type: "oidc", issuer, authorizationEndpoint, tokenEndpoint, userInfoEndpoint, clientId, clientSecret };
}

/**
 * Explicit AWS providers, created on first use: one for the stack's region (EKS lookup) and one
 * for the pool's. They pin each resource to the region the decision was made for, whatever the
 * ambient AWS config says; in external-IdP mode with a kubeconfig none exists, so no AWS
 * credentials are needed.
 */
function awsProviders(s: Settings): { alb: () => aws.Provider; cognito: () => aws.Provider } {
    const args = Object.fromEntries(Object.entries(s.awsProvider.args).map(([k, v]) => [k, s.awsProvider.secret.includes(k) ? pulumi.secret(v) : v]));
    const memo = new Map<string, aws.Provider>();
    const make = (name: string, region: string) => () => {
        if (!memo.has(name)) memo.set(name, new aws.Provider(name, { ...args, region: region as aws.Region }));
        return memo.get(name)!;
    };
    return { alb: make("mdai-aws", s.region), cognito: make("mdai-aws-cognito", s.cognitoRegion) };
}

function describeCluster(s: Settings): string {
    const c = s.cluster;
    return c.via === "clusterName"
        ? `cluster: EKS cluster ${c.clusterName} in ${c.region}, looked up by name; kubectl-style access through \`aws eks get-token\`${c.profile ? ` with profile ${c.profile}` : ""}${c.roleArn ? ` as ${c.roleArn}` : ""}.`
        : `cluster: context ${c.context} (cluster ${c.cluster}) of ${c.isPath ? c.kubeconfig : "the kubeconfig given as contents"}.`;
}

/** Where the sign-out endpoint sends the browser: the IdP's logout, returning to the signed-out page. */
function idpLogoutUrl(s: Settings, cognito: CognitoAuth | undefined, signedOutUrl: string): pulumi.Input<string> | undefined {
    if (cognito) return cognito.logoutUrl;
    const end = s.oidc?.endSessionEndpoint;
    return end ? endSessionUrl(end, s.oidc!.clientId, signedOutUrl) : undefined;
}

function createCognito(s: Settings, provider: aws.Provider, log: Logger, signedOutUrl: string | undefined): CognitoAuth {
    log.info(`users: ${s.users.length} e-mail address(es) managed in the user pool; removing an address from users deletes that user at the next update.`);
    return new CognitoAuth("mdai", {
        uiHostname: s.uiHostname,
        signOutUrl: signedOutUrl,
        domainPrefix: s.userPoolDomain!,
        region: s.cognitoRegion,
        userPoolName: s.userPoolName,
        appClientName: s.appClientName,
        users: s.users,
        mfa: s.mfa,
        passwordMinimumLength: s.passwordMinimumLength,
        temporaryPasswordValidityDays: s.temporaryPasswordValidityDays,
        tokenValidityMinutes: s.tokenValidityMinutes,
        refreshTokenValidityMinutes: s.refreshTokenValidityMinutes,
        accountRecovery: s.accountRecovery,
        tokenRevocation: s.tokenRevocation,
        preventUserExistenceErrors: s.preventUserExistenceErrors,
        selfSignUp: s.selfSignUp,
        threatProtection: s.threatProtection,
        retainUserPool: s.userPoolRetention === "retain",
    }, { providers: [provider] });
}
