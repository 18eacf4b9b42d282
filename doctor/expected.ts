/**
 * What the live system should hold for a stack: the plan's rendering (the real program, run under
 * the mock engine) and the validated settings, reduced to what the checks compare.
 */
import type { Settings } from "../config/validate";
import type { ClassParamsWant } from "../config/classParamsPolicy";
import { ANNOTATION_PREFIX } from "../config/annotationPolicy";
import { ownClientName } from "../config/gateConfig";
import { isPlaceholder } from "../config/placeholders";
import { albCallbackUrl, hostedUiBaseUrl } from "../components/cognitoUrls";
import { TLS13_SSL_POLICY } from "../components/annotations";
import type { Door } from "../components/routes";
import type { Plan } from "../scripts/planReport";
import { clientsOf, hostnames } from "../wiring/auth";

export interface ExpectedClient {
    name: string;
    callbackUrls: string[];
    logoutUrls: string[];
}

export interface ExpectedIngress {
    /** namespace/name */
    key: string;
    annotations: Record<string, string>;
    hosts: string[];
    order: number;
}

export interface Expected {
    stack: string;
    region: string;
    cognitoRegion: string;
    mode: string;
    idp: "cognito-pool" | "external" | "none";
    hosts: string[];
    groupName: string;
    loadBalancerName: string;
    scheme: string;
    inboundCidrs: string[];
    sslPolicy: string;
    ingressClassName: string;
    /** What the class's IngressClassParams may not contradict (config/classParamsPolicy.ts). */
    classParams: ClassParamsWant;
    ingresses: ExpectedIngress[];
    doors: Door[];
    /** Backend Services the Ingresses route to (namespace/name). */
    services: string[];
    /** The sign-out server's Deployments (namespace/name). */
    deployments: string[];
    /** A certificate the user gave (undefined: this stack requested its own). */
    certificateArn?: string;
    userPoolDomain?: string;
    /** A sign-in domain of your own (authDomain): the rules may name it instead of the prefix, once it serves. */
    authDomain?: string;
    /** The sign-in domains serve managed login (version 2), each login client with a style. */
    managedLogin: boolean;
    oidc?: { issuer: string; authorizationEndpoint: string; clientId: string };
    /** Hosts the ALB itself calls after a login: the IdP's token and user-info endpoints (empty when unknown or none). */
    backchannel: string[];
    /** Where an unauthenticated request to a login door is sent (the start of the Location header). */
    authorizeUrl?: string;
    /** The stack's app clients (pool modes): the shared one first, then each app's own, with the URLs each must list. */
    clients: ExpectedClient[];
    allowedAccountIds?: string[];
}

const key = (m: { metadata?: { namespace?: string; name?: string } }) => `${m.metadata?.namespace ?? "default"}/${m.metadata?.name}`;

export function expectedState(s: Settings, plan: Plan): Expected {
    const manifests = plan.manifests as { kind?: string; metadata?: { namespace?: string; name?: string; annotations?: Record<string, string> }; spec?: { rules?: { host?: string }[] } }[];
    const ingresses = manifests.filter((m) => m.kind === "Ingress").map((m): ExpectedIngress => ({
        key: key(m),
        annotations: m.metadata?.annotations ?? {},
        hosts: (m.spec?.rules ?? []).map((r) => r.host ?? ""),
        order: Number(m.metadata?.annotations?.["alb.ingress.kubernetes.io/group.order"] ?? 0),
    }));
    const pool = s.decision.idp === "cognito-pool" && s.userPoolDomain ? hostedUiBaseUrl(s.userPoolDomain, s.cognitoRegion) : undefined;
    const given = s.certificateArn && !isPlaceholder(s.certificateArn) ? s.certificateArn : undefined;
    return {
        stack: plan.stack,
        region: s.region,
        cognitoRegion: s.cognitoRegion,
        mode: s.decision.mode,
        idp: s.decision.idp as Expected["idp"],
        hosts: hostnames(s),
        groupName: s.alb.groupName,
        loadBalancerName: s.loadBalancerName,
        scheme: s.alb.scheme,
        inboundCidrs: s.alb.inboundCidrs,
        sslPolicy: TLS13_SSL_POLICY,
        ingressClassName: s.alb.ingressClassName,
        classParams: { ingressClassName: s.alb.ingressClassName, scheme: s.alb.scheme, inboundCidrs: s.alb.inboundCidrs, groupName: s.alb.groupName,
            loadBalancerName: s.loadBalancerName, subnetsAnnotation: `${ANNOTATION_PREFIX}subnets` in s.alb.extraAnnotations },
        ingresses,
        doors: (plan.outputs.doors ?? []) as Door[],
        services: plan.reads.filter((r) => r.type === "kubernetes:core/v1:Service").map((r) => r.id),
        deployments: manifests.filter((m) => m.kind === "Deployment").map(key),
        certificateArn: s.dns.createCertificate ? undefined : given,
        userPoolDomain: s.decision.idp === "cognito-pool" ? s.userPoolDomain : undefined,
        authDomain: s.signIn.authDomain?.domain,
        managedLogin: Boolean(s.signIn.managedLogin),
        oidc: s.oidc ? { issuer: s.oidc.issuer, authorizationEndpoint: s.oidc.authorizationEndpoint, clientId: s.oidc.clientId } : undefined,
        authorizeUrl: pool ? `${pool}/oauth2/authorize` : s.oidc?.authorizationEndpoint,
        backchannel: [...new Set(pool ? [new URL(pool).hostname, ...(s.signIn.authDomain ? [s.signIn.authDomain.domain] : [])] : s.oidc ? [s.oidc.tokenEndpoint, s.oidc.userInfoEndpoint].map((u) => new URL(u).hostname) : [])],
        clients: s.decision.idp === "cognito-pool" ? expectedClients(s) : [],
        allowedAccountIds: Array.isArray(s.awsProvider.args.allowedAccountIds) ? (s.awsProvider.args.allowedAccountIds as string[]) : undefined,
    };
}

/** What wiring/auth.ts gives CognitoAuth: the shared client's hosts and signed-out pages, and each own client's. */
function expectedClients(s: Settings): ExpectedClient[] {
    const c = clientsOf(s);
    return [
        { name: s.appClientName, callbackUrls: [s.uiHostname, ...c.otherHostnames].map(albCallbackUrl), logoutUrls: c.signOutUrls },
        ...c.ownClients.map((o) => ({ name: ownClientName(s.appClientName, o.key), callbackUrls: [albCallbackUrl(o.hostname)], logoutUrls: o.signOutUrl ? [o.signOutUrl] : [] })),
    ];
}
