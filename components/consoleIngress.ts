import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { defaultGroupName } from "../config/names";
import { albAttributes, ANNOTATION_PREFIX, AuthSettings, changedSchemeError, groupAnnotations, GroupSettings, IngressAuth, memberAnnotations, NEW_ALB_ANNOTATIONS, renamedAlbError, sessionCookieFor } from "./annotations";
import { ALB_SCOPES, consoleUrl } from "./cognitoUrls";
import { signOutNginxConf } from "./nginxConf";
import { DEFAULT_SIGN_OUT_PATH, Member, Site, backendPort, groupMembers, hostUrl, idpSignOutPath, signedOutPath } from "./routes";
import { readCluster } from "./clusterReads";
import { FIXED_NAME } from "./fixedName";
import { checkConsoleIngressArgs } from "./validateArgs";
import { SignOutService } from "./signOut";

/** How the ALB authenticates; Inputs so that CognitoAuth's outputs can be passed straight in. */
export type ConsoleIngressAuth =
    | {
          type: "cognito"; userPoolArn: pulumi.Input<string>; userPoolClientId: pulumi.Input<string>; userPoolDomain: pulumi.Input<string>;
          /** Per app name, the app client its host signs in with instead of `userPoolClientId`. @default {} */
          appClientIds?: Record<string, pulumi.Input<string>>;
          /** Query parameters for the authorize request, e.g. `{ identity_provider: "okta" }` to go straight to one IdP. @default none */
          extraParams?: Record<string, string>;
      }
    | {
          type: "oidc";
          issuer: pulumi.Input<string>;
          authorizationEndpoint: pulumi.Input<string>;
          tokenEndpoint: pulumi.Input<string>;
          userInfoEndpoint: pulumi.Input<string>;
          clientId: pulumi.Input<string>;
          /** Stored only in the Kubernetes Secrets, and as a Pulumi secret. */
          clientSecret: pulumi.Input<string>;
          /** Per app name, the client its host signs in with (its own Secret, `<app>-alb-ingress-oidc`). @default {} */
          appClients?: Record<string, { clientId: pulumi.Input<string>; clientSecret: pulumi.Input<string> }>;
          /** Query parameters for the authorize request. @default none */
          extraParams?: Record<string, string>;
      }
    | { type: "none" };

export interface SignOutArgs {
    /** Path of the sign-out endpoint on every host, behind the login. @default "/_mdai/sign-out" */
    path?: string;
    /**
     * Per host, where the sign-out endpoint sends the browser after expiring the ALB session: the
     * IdP's logout URL, which must return to `https://<host><path>/done` (the public signed-out page).
     * @default the signed-out page itself (the IdP session stays)
     */
    idpLogoutUrls?: Record<string, pulumi.Input<string>>;
    /**
     * Per host, an OIDC IdP's end-session URL (returning to the signed-out page): the public page
     * `<path>/idp` sends the browser there, and `idpLogoutUrls` should return to that page.
     * @default none: no such page
     */
    idpEndSessionUrls?: Record<string, pulumi.Input<string>>;
    /** The nginx image. @default DEFAULT_SIGN_OUT_IMAGE (nginx-unprivileged, pinned by digest) */
    image?: pulumi.Input<string>;
}

/** Another UI behind the same ALB and login. Plain strings: they shape the rules. */
export interface ConsoleApp {
    /** Names its Ingresses (`<name>-alb-ingress`) and resources. */
    name: string;
    hostname: string;
    serviceName: string;
    /** A port number or the name of a port of the Service. */
    servicePort: number | string;
    /** @default the console's namespace */
    namespace?: string;
    /** Path prefixes served without login. @default [] */
    publicPaths?: string[];
    /** Path prefixes answered 401 instead of a login redirect. @default [] */
    apiPaths?: string[];
}

/** The ALB's group-wide options, set identically on every member. */
export interface AlbOptions {
    /** @default "internet-facing" */
    scheme?: "internet-facing" | "internal";
    /** @default [] (anywhere) */
    inboundCidrs?: string[];
    // A web ACL is a resource of its own: AlbWebAcl (components/albWebAcl.ts).
    /** Other controller annotations, from the allow-list of config/annotationPolicy.ts. @default {} */
    extraAnnotations?: Record<string, string>;
    /** Drop requests with header fields that are not valid HTTP (Security Hub ELB.4). @default true */
    dropInvalidHeaders?: boolean;
    /** How the ALB treats requests that could desynchronise it (Security Hub ELB.12/14). @default "defensive" */
    desyncMitigationMode?: "defensive" | "strictest" | "monitor";
    /** ALB deletion protection (Security Hub ELB.6); the controller lifts it when it deletes an emptied group's ALB. @default true */
    deletionProtection?: boolean;
    /** Access logs (Security Hub ELB.5) to this bucket, which must let ELB log delivery write (AlbAccessLogs does). @default none */
    accessLogs?: { bucket: pulumi.Input<string>; prefix?: string };
}

export interface ConsoleIngressArgs {
    /** Public hostname of the console; the rules match only this host (and each app's). A plain string: it shapes the rules. */
    hostname: string;
    /**
     * ACM certificates for the HTTPS listener, in the ALB's region: one covering every host, or
     * several (the first is the listener's default, the others are served by SNI, at most 26).
     */
    certificateArn: pulumi.Input<string> | pulumi.Input<string>[];
    /** Authentication; `none` publishes every host without login. */
    auth: ConsoleIngressAuth;
    /** @default "default" */
    namespace?: string;
    /** Name of the console's Ingress (the other members, the OIDC Secrets and the sign-out server are named after it). @default "ui-alb-ingress" */
    ingressName?: string;
    /** @default "mdai-console" */
    serviceName?: string;
    /** A port number or the name of a port of the Service. @default 5173 */
    servicePort?: number | string;
    /** Path prefixes on the console's host served without login. @default [] */
    publicPaths?: string[];
    /** Path prefixes on the console's host answered 401 instead of a login redirect. @default [] */
    apiPaths?: string[];
    /** More UIs behind the same ALB and login. @default [] */
    apps?: ConsoleApp[];
    /** ALB name, at most 32 characters, unique per account and region. @default "mdai-console" */
    loadBalancerName?: pulumi.Input<string>;
    /**
     * The name the group's ALB already has, when one exists: recorded as the name it was created with (the controller never
     * renames an ALB), so that a stack whose ALB an earlier release named otherwise is told so. @default none (the configured name)
     */
    existingAlbName?: pulumi.Input<string | undefined>;
    /** The IngressGroup: one ALB for every member. @default "mdai-<stack>" */
    groupName?: string;
    /** @default "alb" */
    ingressClassName?: string;
    /** @default {} (internet-facing, open to anywhere, no WAF) */
    alb?: AlbOptions;
    /** ALB authentication session in seconds. @default 3600 */
    sessionTimeout?: pulumi.Input<number>;
    /** Scopes the ALB requests. @default ["openid", "email"] */
    scopes?: string[];
    /**
     * The AWS Load Balancer Controller's Deployment: since controller v2.4.1 the controller may read
     * only Secrets a Role grants it, so each OIDC Secret comes with a Role bound to exactly the
     * ServiceAccount this Deployment's pods run as (read at deploy; on EKS Auto Mode, the group eks:managed).
     * @default { namespace: "kube-system", name: "aws-load-balancer-controller" }
     */
    controllerDeployment?: { namespace: string; name: string };
    /** The controller's ServiceAccount, when you want it checked: it must be the one the Deployment runs as. @default read from the Deployment */
    controllerServiceAccount?: { namespace: string; name: string };
    /** How long `pulumi up` waits for the controller to give each Ingress an address (the ALB). @default 10 */
    waitMinutes?: number;
    /**
     * A sign-out endpoint on every host that expires the ALB session and signs out of the IdP;
     * `false` for none. Ignored when `auth` is `none`.
     * @default {} (on, with the defaults of SignOutArgs)
     */
    signOut?: SignOutArgs | false;
    /** Ask ExternalDNS in the cluster to own each host's record (`external-dns.alpha.kubernetes.io/hostname`). @default false */
    externalDns?: boolean;
    /**
     * Bearer-token doors (config/machines.ts): each path's Ingress asks the ALB to check a Cognito
     * access token with its scopes (jwt-validation), and nothing else. Needs the controller v2.15.0 or
     * later, which is read from its Deployment before any Ingress exists. @default []
     */
    machinePaths?: { path: string; scopes: string[]; app?: string }[];
    /** The pool's issuer (`https://cognito-idp.<region>.amazonaws.com/<poolId>`), with machinePaths. */
    jwtIssuer?: pulumi.Input<string>;
}

/**
 * The MDAI console's IngressGroup for the AWS Load Balancer Controller: per host a login
 * Ingress, and public and 401-only members where paths ask for them, one ALB for all, with
 * the sign-out server and the OIDC Secrets each namespace needs.
 */
export class ConsoleIngress extends pulumi.ComponentResource {
    /** The console's own Ingress. */
    public readonly ingress: k8s.networking.v1.Ingress;
    /** Every member of the group, the console's first. */
    public readonly ingresses: k8s.networking.v1.Ingress[];
    /** Per namespace with a login (OIDC mode only). */
    public readonly oidcSecrets: k8s.core.v1.Secret[] = [];
    /** Per namespace with a sign-out endpoint. */
    public readonly signOutServices: SignOutService[] = [];
    /** Each backend Service as read from the cluster before its Ingresses are created. */
    public readonly backends: k8s.core.v1.Service[] = [];
    /** True once every check of what was read from the cluster passed (Services, IngressClass, the controller): what depends on them waits for it. */
    public readonly checked: pulumi.Output<boolean>;
    /** The ALB's DNS name, from the Ingress status: the target of every host's record. */
    public readonly albHostname: pulumi.Output<string | undefined>;
    /** `https://<hostname><sign-out path>` per host, when there is a sign-out endpoint. */
    public readonly signOutUrls: Record<string, string> = {};
    /** The console's sign-out URL. */
    public readonly signOutUrl?: string;
    /** The members, as data: which Ingress serves which paths of which host, with which access. */
    public readonly members: Member[];

    constructor(name: string, args: ConsoleIngressArgs, opts?: pulumi.ComponentResourceOptions) {
        super("mdai:k8s:ConsoleIngress", name, {}, opts);
        checkConsoleIngressArgs(name, args);
        const ingressName = args.ingressName ?? "ui-alb-ingress";
        const namespace = args.namespace ?? "default";
        const controller = { deployment: args.controllerDeployment ?? { namespace: "kube-system", name: "aws-load-balancer-controller" }, serviceAccount: args.controllerServiceAccount };
        const auth = args.auth;
        const machineOf = (app?: string) => (args.machinePaths ?? []).map((m, index) => ({ ...m, index })).filter((m) => m.app === app).map(({ path, scopes, index }) => ({ path, scopes, index }));
        const sites: Site[] = [
            { key: "", ingressName, namespace, host: args.hostname.toLowerCase(), service: args.serviceName ?? "mdai-console", port: args.servicePort ?? 5173,
                publicPaths: args.publicPaths ?? [], apiPaths: args.apiPaths ?? [], machinePaths: machineOf(undefined) },
            ...(args.apps ?? []).map((a): Site => ({ key: `-${a.name}`, app: a.name, ingressName: `${a.name}-alb-ingress`, namespace: a.namespace ?? namespace, host: a.hostname.toLowerCase(),
                service: a.serviceName, port: a.servicePort, publicPaths: a.publicPaths ?? [], apiPaths: a.apiPaths ?? [], machinePaths: machineOf(a.name) })),
        ];
        const namespaces = [...new Set(sites.map((s) => s.namespace))];
        // The console's namespace keeps the resource names it had before there were apps (their URNs must not change).
        const nsSuffix = (ns: string) => (ns === namespace ? "" : `-${ns}`);

        const groupName = args.groupName ?? defaultGroupName(pulumi.getStack());
        const scheme = args.alb?.scheme ?? "internet-facing";
        // Keyed by Service: the first site naming one gives its read the resource name it had before there were apps.
        const backendIds = [...new Map(sites.map((s) => [`${s.namespace}/${s.service}`, s.key])).entries()].map(([id, resourceSuffix]) => ({ id, resourceSuffix }));
        const loadBalancerName = pulumi.output(args.loadBalancerName ?? "mdai-console");
        const reads = readCluster(name, { ingressClassName: args.ingressClassName ?? "alb", backends: backendIds, scheme, inboundCidrs: args.alb?.inboundCidrs ?? [], groupName,
            loadBalancerName, subnetsAnnotation: `${ANNOTATION_PREFIX}subnets` in (args.alb?.extraAnnotations ?? {}),
            controller: auth.type === "oidc" ? controller : undefined, jwtValidation: args.machinePaths?.length ? { deployment: controller.deployment } : undefined }, this);
        this.backends.push(...reads.backends);
        this.checked = reads.checked;

        // Apps with a client of their own (per-app allowed groups): their hosts sign in with it.
        const ownApps = new Set(Object.keys((auth.type === "cognito" ? auth.appClientIds : auth.type === "oidc" ? auth.appClients : undefined) ?? {}));
        const appOf = new Map(sites.filter((s) => s.app !== undefined && ownApps.has(s.app)).map((s) => [s.host, s]));
        // Each client its own session cookie: a session made through one client is no session on a host of another.
        const cookieOf = (host: string) => sessionCookieFor(appOf.get(host)?.app);
        let idpAuthFor: (host: string) => pulumi.Output<IngressAuth>;
        const needs = new Map<string, pulumi.Resource[]>(namespaces.map((ns) => [ns, []]));
        if (auth.type === "oidc") {
            // The controller reads an OIDC Secret only from the Ingress's own namespace, and only where a Role lets it.
            const secretName = `${ingressName}-oidc`;
            const ownSecret = (s: Site) => `${s.ingressName}-oidc`;
            const oidcSecret = (resourceName: string, ns: string, nameInCluster: string, client: { clientId: pulumi.Input<string>; clientSecret: pulumi.Input<string> }) =>
                new k8s.core.v1.Secret(resourceName, {
                    metadata: { name: nameInCluster, namespace: ns },
                    type: "Opaque",
                    // No trailing newline: older controllers answer "561 Authentication Error" otherwise. Written only once every
                    // check of the cluster has passed: no secret lands in a cluster whose controller could not be the one to read it.
                    stringData: pulumi.secret(pulumi.all([reads.checked, client.clientId, client.clientSecret]).apply(([, clientID, clientSecret]) => ({ clientID, clientSecret }))),
                }, { ...FIXED_NAME, parent: this });
            for (const ns of namespaces) {
                const here = sites.filter((s) => s.namespace === ns);
                const own = here.filter((s) => appOf.has(s.host));
                // A client's secret only where a host signs in with that client.
                const shared = own.length < here.length;
                const secrets = [...(shared ? [oidcSecret(`${name}-oidc-secret${nsSuffix(ns)}`, ns, secretName, auth)] : []),
                    ...own.map((s) => oidcSecret(`${name}-oidc-secret${s.key}`, ns, ownSecret(s), auth.appClients![s.app!]))];
                const role = new k8s.rbac.v1.Role(`${name}-oidc-secret-reader${nsSuffix(ns)}`, {
                    metadata: { name: `${secretName}-reader`, namespace: ns },
                    rules: [{ apiGroups: [""], resources: ["secrets"], resourceNames: [...(shared ? [secretName] : []), ...own.map(ownSecret)], verbs: ["get", "list", "watch"] }],
                }, { ...FIXED_NAME, parent: this });
                const binding = new k8s.rbac.v1.RoleBinding(`${name}-oidc-secret-reader${nsSuffix(ns)}`, {
                    metadata: { name: `${secretName}-reader`, namespace: ns },
                    roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: role.metadata.name },
                    subjects: reads.secretReaderSubject.apply((subject) => [subject]),
                }, { ...FIXED_NAME, parent: this });
                this.oidcSecrets.push(...secrets);
                needs.get(ns)!.push(...secrets, role, binding);
            }
            const endpoints = pulumi.all([auth.issuer, auth.authorizationEndpoint, auth.tokenEndpoint, auth.userInfoEndpoint]);
            idpAuthFor = (host) => endpoints.apply(([issuer, authorizationEndpoint, tokenEndpoint, userInfoEndpoint]) => ({ type: "oidc" as const,
                idp: { issuer, authorizationEndpoint, tokenEndpoint, userInfoEndpoint, secretName: appOf.has(host) ? ownSecret(appOf.get(host)!) : secretName,
                    ...(auth.extraParams ? { authenticationRequestExtraParams: auth.extraParams } : {}) } }));
        } else if (auth.type === "cognito") {
            idpAuthFor = (host) => pulumi.all([auth.userPoolArn, appOf.has(host) ? auth.appClientIds![appOf.get(host)!.app!] : auth.userPoolClientId, auth.userPoolDomain])
                .apply(([userPoolARN, userPoolClientID, userPoolDomain]) => ({ type: "cognito" as const, idp: { userPoolARN, userPoolClientID, userPoolDomain,
                    ...(auth.extraParams ? { authenticationRequestExtraParams: auth.extraParams } : {}) } }));
        } else {
            idpAuthFor = () => pulumi.output({ type: "none" as const });
        }

        // There is nothing to sign out of without a login.
        const so = auth.type !== "none" && args.signOut !== false ? { ...(args.signOut || {}), path: (args.signOut || {}).path ?? DEFAULT_SIGN_OUT_PATH } : undefined;
        const signOutService = `${ingressName}-sign-out`;
        if (so) {
            for (const ns of namespaces) {
                const here = sites.filter((s) => s.namespace === ns);
                const hops = pulumi.all(here.map((s) => pulumi.output(so.idpEndSessionUrls?.[s.host] ?? "")));
                const nginxConf = pulumi.all([pulumi.all(here.map((s) => pulumi.output(so.idpLogoutUrls?.[s.host] ?? hostUrl(s.host, signedOutPath(so.path))))), hops]).apply(([redirects, ends]) => signOutNginxConf({
                    sites: here.map((s, i) => ({ host: s.host, signOutPath: so.path, signedOutPath: signedOutPath(so.path), redirectTo: redirects[i], uiUrl: consoleUrl(s.host), cookieName: cookieOf(s.host),
                        ...(ends[i] ? { idpHop: { path: idpSignOutPath(so.path), redirectTo: ends[i] } } : {}) })),
                }));
                const server = new SignOutService(`${name}-sign-out${nsSuffix(ns)}`, { namespace: ns, name: signOutService, nginxConf, image: so.image }, { parent: this });
                this.signOutServices.push(server);
                // A rule whose Service is missing stops the whole group's reconcile: wait for the Service (not its pods).
                needs.get(ns)!.push(server.service);
            }
            for (const s of sites) this.signOutUrls[s.host] = hostUrl(s.host, so.path);
            this.signOutUrl = this.signOutUrls[sites[0].host];
        }
        this.members = groupMembers(sites, so && { signOutPath: so.path, service: signOutService, port: 80, idpHop: Boolean(so.idpEndSessionUrls) });

        // The name the group's ALB was created with, kept in the state per ALB (a new group or scheme is a new ALB).
        const createdAs = new pulumi.Stash(`${name}-alb-name-${groupName}-${scheme}`,
            { input: pulumi.all([args.existingAlbName, loadBalancerName]).apply(([existing, wanted]) => existing ?? wanted) }, { parent: this });
        // And the scheme it was created with, per group: a group cannot change its scheme one member at a time.
        const schemeAs = new pulumi.Stash(`${name}-alb-scheme-${groupName}`, { input: scheme }, { parent: this });
        const nameKept = pulumi.all([createdAs.output, loadBalancerName, schemeAs.output]).apply(([created, wanted, createdScheme]) => {
            const err = changedSchemeError(String(createdScheme), scheme, groupName) ?? renamedAlbError(String(created), wanted, groupName);
            if (err) throw err;
            return true;
        });
        const certificates = pulumi.all(Array.isArray(args.certificateArn) ? args.certificateArn : [args.certificateArn]);
        const group: pulumi.Output<GroupSettings> = pulumi.all([certificates, loadBalancerName, args.alb?.accessLogs?.bucket]).apply(([certificateArns, lbName, logBucket]) => ({
            groupName, certificateArn: certificateArns.join(","), loadBalancerName: lbName,
            scheme, inboundCidrs: args.alb?.inboundCidrs ?? [], extra: args.alb?.extraAnnotations ?? {},
            lbAttributes: albAttributes({ ...args.alb, accessLogs: logBucket ? { bucket: logBucket, prefix: args.alb?.accessLogs?.prefix } : undefined }),
        }));
        const authSettings = (host: string) => pulumi.all([idpAuthFor(host), args.sessionTimeout ?? 3600, args.jwtIssuer]).apply(([a, sessionTimeout, jwtIssuer]): AuthSettings =>
            ({ auth: a, cookieName: cookieOf(host), sessionTimeout, scope: (args.scopes ?? [...ALB_SCOPES]).join(" "), jwtIssuer }));
        const wait = `${args.waitMinutes ?? 10}m`;

        this.ingresses = this.members.map((m) => new k8s.networking.v1.Ingress(`${name}-ingress${m.resourceSuffix}`, {
            metadata: {
                name: m.name,
                namespace: m.namespace,
                // Every member waits for every check of what was read from the cluster (no door of the group opens while a Service
                // or the IngressClass could switch the login off) and for the ALB name check (nothing changes when it would be ignored).
                annotations: pulumi.all([group, authSettings(m.host), reads.checked, nameKept])
                    .apply(([g, a]) => ({
                        ...groupAnnotations(g), ...memberAnnotations(m, a),
                        ...(args.externalDns && m.access === "login" ? { "external-dns.alpha.kubernetes.io/hostname": m.host } : {}),
                    })),
            },
            spec: {
                ingressClassName: args.ingressClassName ?? "alb",
                rules: [{ host: m.host, http: { paths: m.routes.map((r) => ({ path: r.path, pathType: r.pathType, backend: { service: { name: r.service, port: backendPort(r.port) } } })) } }],
            },
        }, {
            ...FIXED_NAME,
            parent: this,
            dependsOn: needs.get(m.namespace),
            // Deleted first also because its explicit group.order must not exist twice (controllers before v2.8 refuse the
            // whole group then), and without a group a new Ingress would ask for the old one's ALB name.
            // A new scheme or group gives the group a new ALB, but an updated Ingress satisfies pulumi-kubernetes' wait with the
            // old ALB's address it still carries: replaced (created anew), each member waits for the new ALB's address.
            replaceOnChanges: NEW_ALB_ANNOTATIONS.map((a) => `metadata.annotations["${ANNOTATION_PREFIX}${a}"]`),
            customTimeouts: { create: wait, update: wait },
        }));
        this.ingress = this.ingresses[0];
        this.albHostname = this.ingress.status.apply((s) => s?.loadBalancer?.ingress?.[0]?.hostname);
        this.registerOutputs({ albHostname: this.albHostname, signOutUrls: this.signOutUrls });
    }
}
