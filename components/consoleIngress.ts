import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { stackScopedName } from "../config/names";
import { AuthSettings, IngressAuth, SESSION_COOKIE, backendOverrideError, groupAnnotations, memberAnnotations } from "./annotations";
import { ALB_SCOPES } from "./cognitoUrls";
import { signOutNginxConf } from "./nginxConf";
import { DEFAULT_SIGN_OUT_PATH, Member, backendPort, consoleMembers, signedOutPath } from "./routes";
import { SignOutService } from "./signOut";

/** How the ALB authenticates; Inputs so that CognitoAuth's outputs can be passed straight in. */
export type ConsoleIngressAuth =
    | { type: "cognito"; userPoolArn: pulumi.Input<string>; userPoolClientId: pulumi.Input<string>; userPoolDomain: pulumi.Input<string> }
    | {
          type: "oidc";
          issuer: pulumi.Input<string>;
          authorizationEndpoint: pulumi.Input<string>;
          tokenEndpoint: pulumi.Input<string>;
          userInfoEndpoint: pulumi.Input<string>;
          clientId: pulumi.Input<string>;
          /** Stored only in the Kubernetes Secret, and as a Pulumi secret. */
          clientSecret: pulumi.Input<string>;
      }
    | { type: "none" };

export interface SignOutArgs {
    /** Path of the sign-out endpoint on the console's host, behind the login. @default "/_mdai/sign-out" */
    path?: string;
    /**
     * Where the sign-out endpoint sends the browser after expiring the ALB session: the IdP's
     * logout URL, which must return to `https://<hostname><path>/done` (the public signed-out page).
     * @default the signed-out page itself (the IdP session stays)
     */
    idpLogoutUrl?: pulumi.Input<string>;
    /** The nginx image. @default DEFAULT_SIGN_OUT_IMAGE (nginx-unprivileged, pinned by digest) */
    image?: pulumi.Input<string>;
}

export interface ConsoleIngressArgs {
    /** Public hostname; the rules match only this host. A plain string: it shapes the rules. */
    hostname: string;
    /** ACM certificate for the HTTPS listener, in the ALB's region. */
    certificateArn: pulumi.Input<string>;
    /** Authentication; `none` publishes the console without login. */
    auth: ConsoleIngressAuth;
    /** @default "default" */
    namespace?: string;
    /** Name of the console's Ingress (the other members, the OIDC Secret and its Role are named after it). @default "ui-alb-ingress" */
    ingressName?: string;
    /** @default "mdai-console" */
    serviceName?: string;
    /** A port number or the name of a port of the Service. @default 5173 */
    servicePort?: number | string;
    /** ALB name, at most 32 characters, unique per account and region. @default "mdai-console" */
    loadBalancerName?: pulumi.Input<string>;
    /** The IngressGroup: one ALB for every member. @default "mdai-<stack>" */
    groupName?: string;
    /** ALB authentication session in seconds. @default 3600 */
    sessionTimeout?: pulumi.Input<number>;
    /** Scopes the ALB requests. @default ["openid", "email"] */
    scopes?: string[];
    /**
     * The AWS Load Balancer Controller's ServiceAccount: since controller v2.4.1 it may read
     * only Secrets a Role grants it, so an OIDC Secret comes with a Role for exactly this account.
     * @default { namespace: "kube-system", name: "aws-load-balancer-controller" }
     */
    controllerServiceAccount?: { namespace: string; name: string };
    /**
     * How long `pulumi up` waits for the controller to give each Ingress an address (the ALB).
     * @default 10
     */
    waitMinutes?: number;
    /**
     * A sign-out endpoint that expires the ALB session and signs out of the IdP; `false` for none.
     * Ignored when `auth` is `none`.
     * @default {} (on, with the defaults of SignOutArgs)
     */
    signOut?: SignOutArgs | false;
    /**
     * Ask ExternalDNS in the cluster to own the hostname's record
     * (`external-dns.alpha.kubernetes.io/hostname` on the console's Ingress).
     * @default false
     */
    externalDns?: boolean;
}


/**
 * The MDAI console's IngressGroup for the AWS Load Balancer Controller: the console's Ingress,
 * with authentication on the ALB, and (with sign-out) a public member for the signed-out page
 * and the server behind both.
 */
export class ConsoleIngress extends pulumi.ComponentResource {
    /** The console's own Ingress. */
    public readonly ingress: k8s.networking.v1.Ingress;
    /** Every member of the group, the console's first. */
    public readonly ingresses: k8s.networking.v1.Ingress[];
    /** Present in OIDC mode only. */
    public readonly oidcSecret?: k8s.core.v1.Secret;
    public readonly secretReaderRole?: k8s.rbac.v1.Role;
    public readonly secretReaderBinding?: k8s.rbac.v1.RoleBinding;
    /** Present with sign-out. */
    public readonly signOut?: SignOutService;
    /** The console's Service as read from the cluster before the Ingress is created. */
    public readonly backend: k8s.core.v1.Service;
    /** The ALB's DNS name, from the Ingress status: the target of the console's CNAME. */
    public readonly albHostname: pulumi.Output<string | undefined>;
    /** `https://<hostname><sign-out path>`, when there is a sign-out endpoint. */
    public readonly signOutUrl?: string;

    constructor(name: string, args: ConsoleIngressArgs, opts?: pulumi.ComponentResourceOptions) {
        super("mdai:k8s:ConsoleIngress", name, {}, opts);
        const ingressName = args.ingressName ?? "ui-alb-ingress";
        const namespace = args.namespace ?? "default";
        const serviceName = args.serviceName ?? "mdai-console";
        const host = args.hostname.toLowerCase();
        const sa = args.controllerServiceAccount ?? { namespace: "kube-system", name: "aws-load-balancer-controller" };
        const auth = args.auth;

        let idpAuth: pulumi.Output<IngressAuth>;
        if (auth.type === "oidc") {
            const secretName = `${ingressName}-oidc`;
            this.oidcSecret = new k8s.core.v1.Secret(`${name}-oidc-secret`, {
                metadata: { name: secretName, namespace },
                type: "Opaque",
                // No trailing newline: older controllers answer "561 Authentication Error" otherwise.
                stringData: { clientID: auth.clientId, clientSecret: pulumi.secret(auth.clientSecret) },
            }, { parent: this });
            this.secretReaderRole = new k8s.rbac.v1.Role(`${name}-oidc-secret-reader`, {
                metadata: { name: `${secretName}-reader`, namespace },
                rules: [{ apiGroups: [""], resources: ["secrets"], resourceNames: [secretName], verbs: ["get", "list", "watch"] }],
            }, { parent: this });
            this.secretReaderBinding = new k8s.rbac.v1.RoleBinding(`${name}-oidc-secret-reader`, {
                metadata: { name: `${secretName}-reader`, namespace },
                roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: this.secretReaderRole.metadata.name },
                subjects: [{ kind: "ServiceAccount", name: sa.name, namespace: sa.namespace }],
            }, { parent: this });
            idpAuth = pulumi.all([auth.issuer, auth.authorizationEndpoint, auth.tokenEndpoint, auth.userInfoEndpoint])
                .apply(([issuer, authorizationEndpoint, tokenEndpoint, userInfoEndpoint]) =>
                    ({ type: "oidc" as const, idp: { issuer, authorizationEndpoint, tokenEndpoint, userInfoEndpoint, secretName } }));
        } else if (auth.type === "cognito") {
            idpAuth = pulumi.all([auth.userPoolArn, auth.userPoolClientId, auth.userPoolDomain])
                .apply(([userPoolARN, userPoolClientID, userPoolDomain]) => ({ type: "cognito" as const, idp: { userPoolARN, userPoolClientID, userPoolDomain } }));
        } else {
            idpAuth = pulumi.output({ type: "none" as const });
        }

        // There is nothing to sign out of without a login.
        const so = auth.type !== "none" && args.signOut !== false ? { ...(args.signOut || {}), path: (args.signOut || {}).path ?? DEFAULT_SIGN_OUT_PATH } : undefined;
        if (so) {
            const landing = `https://${host}${signedOutPath(so.path)}`;
            this.signOutUrl = `https://${host}${so.path}`;
            const nginxConf = pulumi.output(so.idpLogoutUrl ?? landing).apply((redirectTo) => signOutNginxConf({
                signOutPath: so.path, signedOutPath: signedOutPath(so.path), cookieName: SESSION_COOKIE, redirectTo, uiUrl: `https://${host}/`,
            }));
            this.signOut = new SignOutService(`${name}-sign-out`, { namespace, name: `${ingressName}-sign-out`, nginxConf, image: so.image }, { parent: this });
        }
        const members = consoleMembers({
            ingressName, namespace, host, service: serviceName, port: args.servicePort ?? 5173,
            signOut: so && { signOutPath: so.path, signedOutPath: signedOutPath(so.path), service: `${ingressName}-sign-out`, port: 80 },
        });

        // The controller applies auth-* annotations of the backend Service over the Ingress's: read it first and refuse any.
        this.backend = k8s.core.v1.Service.get(`${name}-backend`, `${namespace}/${serviceName}`, { parent: this });
        const backendChecked = this.backend.metadata.apply((m) => {
            const err = backendOverrideError(`${namespace}/${serviceName}`, m?.annotations);
            if (err) throw err;
            return true;
        });
        const group = pulumi.all([args.certificateArn, args.loadBalancerName ?? "mdai-console"]).apply(([certificateArn, loadBalancerName]) =>
            groupAnnotations({ groupName: args.groupName ?? stackScopedName("mdai", pulumi.getStack(), 63), certificateArn, loadBalancerName }));
        const authSettings = pulumi.all([idpAuth, args.sessionTimeout ?? 3600]).apply(([a, sessionTimeout]): AuthSettings =>
            ({ auth: a, sessionTimeout, scope: (args.scopes ?? [...ALB_SCOPES]).join(" ") }));
        const wait = `${args.waitMinutes ?? 10}m`;
        // The controller reads the OIDC Secret on its first reconcile; it must exist, readable, before the Ingress does.
        // The sign-out Service must exist too: a rule whose Service is missing stops the whole group's reconcile.
        const needs = [this.oidcSecret, this.secretReaderRole, this.secretReaderBinding, this.signOut?.service].filter((x): x is NonNullable<typeof x> => x !== undefined);

        this.ingresses = members.map((m: Member) => new k8s.networking.v1.Ingress(`${name}-ingress${m.resourceSuffix}`, {
            metadata: {
                name: m.name,
                namespace: m.namespace,
                annotations: pulumi.all([group, authSettings, backendChecked]).apply(([g, a]) => ({
                    ...g, ...memberAnnotations(m.access, a),
                    ...(args.externalDns && m.access === "login" ? { "external-dns.alpha.kubernetes.io/hostname": m.host } : {}),
                })),
            },
            spec: {
                ingressClassName: "alb",
                rules: [{ host: m.host, http: { paths: m.routes.map((r) => ({ path: r.path, pathType: r.pathType, backend: { service: { name: r.service, port: backendPort(r.port) } } })) } }],
            },
        }, {
            parent: this,
            dependsOn: needs,
            // A replaced member is deleted first: its explicit group.order must not exist twice (controllers before v2.8
            // refuse the whole group then), and without a group a new Ingress would ask for the old one's ALB name.
            deleteBeforeReplace: true,
            customTimeouts: { create: wait, update: wait },
        }));
        this.ingress = this.ingresses[0];
        this.albHostname = this.ingress.status.apply((s) => s?.loadBalancer?.ingress?.[0]?.hostname);
        this.registerOutputs({ albHostname: this.albHostname, signOutUrl: this.signOutUrl });
    }
}
