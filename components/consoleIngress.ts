import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { IngressAuth, backendOverrideError, buildAnnotations } from "./annotations";
import { ALB_SCOPES } from "./cognitoUrls";

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

export interface ConsoleIngressArgs {
    /** Public hostname; the Ingress rule matches only this host. */
    hostname: pulumi.Input<string>;
    /** ACM certificate for the HTTPS listener, in the ALB's region. */
    certificateArn: pulumi.Input<string>;
    /** Authentication; `none` publishes the console without login. */
    auth: ConsoleIngressAuth;
    /** @default "default" */
    namespace?: pulumi.Input<string>;
    /** Name of the Ingress (the OIDC Secret and its Role are named after it). @default "ui-alb-ingress" */
    ingressName?: string;
    /** @default "mdai-console" */
    serviceName?: pulumi.Input<string>;
    /** @default 5173 */
    servicePort?: pulumi.Input<number>;
    /** ALB name, at most 32 characters. @default "mdai-console" */
    loadBalancerName?: pulumi.Input<string>;
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
     * How long `pulumi up` waits for the controller to give the Ingress an address (the ALB).
     * @default 10
     */
    waitMinutes?: number;
}

/** The MDAI console's Ingress for the AWS Load Balancer Controller, with authentication on the ALB. */
export class ConsoleIngress extends pulumi.ComponentResource {
    public readonly ingress: k8s.networking.v1.Ingress;
    /** Present in OIDC mode only. */
    public readonly oidcSecret?: k8s.core.v1.Secret;
    public readonly secretReaderRole?: k8s.rbac.v1.Role;
    public readonly secretReaderBinding?: k8s.rbac.v1.RoleBinding;
    /** The console's Service as read from the cluster before the Ingress is created. */
    public readonly backend: k8s.core.v1.Service;
    /** The ALB's DNS name, from the Ingress status: the target of the console's CNAME. */
    public readonly albHostname: pulumi.Output<string | undefined>;

    constructor(name: string, args: ConsoleIngressArgs, opts?: pulumi.ComponentResourceOptions) {
        super("mdai:k8s:ConsoleIngress", name, {}, opts);
        const ingressName = args.ingressName ?? "ui-alb-ingress";
        const namespace = args.namespace ?? "default";
        const scope = (args.scopes ?? [...ALB_SCOPES]).join(" ");
        const sa = args.controllerServiceAccount ?? { namespace: "kube-system", name: "aws-load-balancer-controller" };
        const auth = args.auth;

        let ingressAuth: pulumi.Output<IngressAuth>;
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
            ingressAuth = pulumi.all([auth.issuer, auth.authorizationEndpoint, auth.tokenEndpoint, auth.userInfoEndpoint])
                .apply(([issuer, authorizationEndpoint, tokenEndpoint, userInfoEndpoint]) =>
                    ({ type: "oidc" as const, idp: { issuer, authorizationEndpoint, tokenEndpoint, userInfoEndpoint, secretName } }));
        } else if (auth.type === "cognito") {
            ingressAuth = pulumi.all([auth.userPoolArn, auth.userPoolClientId, auth.userPoolDomain])
                .apply(([userPoolARN, userPoolClientID, userPoolDomain]) => ({ type: "cognito" as const, idp: { userPoolARN, userPoolClientID, userPoolDomain } }));
        } else {
            ingressAuth = pulumi.output({ type: "none" as const });
        }

        // The controller applies auth-* annotations of the backend Service over the Ingress's: read it first and refuse any.
        const serviceName = args.serviceName ?? "mdai-console";
        this.backend = k8s.core.v1.Service.get(`${name}-backend`, pulumi.interpolate`${namespace}/${serviceName}`, { parent: this });
        const backendChecked = pulumi.all([this.backend.metadata, namespace, serviceName]).apply(([m, ns, svc]) => {
            const err = backendOverrideError(`${ns}/${svc}`, m?.annotations);
            if (err) throw err;
            return true;
        });
        const annotations = pulumi.all([ingressAuth, args.certificateArn, args.loadBalancerName ?? "mdai-console", args.sessionTimeout ?? 3600, backendChecked])
            .apply(([a, certificateArn, loadBalancerName, sessionTimeout]) => buildAnnotations({ auth: a, certificateArn, loadBalancerName, sessionTimeout, scope }));
        const wait = `${args.waitMinutes ?? 10}m`;

        this.ingress = new k8s.networking.v1.Ingress(`${name}-ingress`, {
            metadata: { name: ingressName, namespace, annotations },
            spec: {
                ingressClassName: "alb",
                rules: [{
                    host: pulumi.output(args.hostname).apply((h) => h.toLowerCase()),
                    http: {
                        paths: [{
                            path: "/",
                            pathType: "Prefix",
                            backend: { service: { name: serviceName, port: { number: args.servicePort ?? 5173 } } },
                        }],
                    },
                }],
            },
        }, {
            parent: this,
            // The controller reads the OIDC Secret on its first reconcile; it must exist, readable, before the Ingress does.
            dependsOn: [this.oidcSecret, this.secretReaderRole, this.secretReaderBinding].filter((x): x is NonNullable<typeof x> => x !== undefined),
            // A renamed or moved Ingress is a new ALB with the same load-balancer-name: the old one must be gone first.
            deleteBeforeReplace: true,
            customTimeouts: { create: wait, update: wait },
        });

        this.albHostname = this.ingress.status.apply((s) => s?.loadBalancer?.ingress?.[0]?.hostname);
        this.registerOutputs({ albHostname: this.albHostname });
    }
}
