import { createHash } from "crypto";
import * as k8s from "@pulumi/kubernetes";
import { FIXED_NAME } from "./fixedName";
import * as pulumi from "@pulumi/pulumi";
import { DEFAULT_SIGN_OUT_IMAGE, HEALTH_PATH, SIGN_OUT_PORT } from "./nginxConf";

export interface SignOutServiceArgs {
    /** Namespace of the Deployment, Service and ConfigMap (the Ingress's: an Ingress routes only to its own namespace). */
    namespace: pulumi.Input<string>;
    /** Name of the Deployment, Service and ConfigMap. */
    name: string;
    /** The whole nginx.conf (see nginxConf.ts). */
    nginxConf: pulumi.Input<string>;
    /** @default DEFAULT_SIGN_OUT_IMAGE */
    image?: pulumi.Input<string>;
    /** @default 2 (a sign-out that fails during a node drain is a sign-out that did not happen) */
    replicas?: number;
}

/**
 * The tiny server behind the console's sign-out path: a hardened nginx Deployment (non-root,
 * read-only root filesystem, no capabilities, RuntimeDefault seccomp, no service account token),
 * its ConfigMap and a ClusterIP Service on port 80.
 */
export class SignOutService extends pulumi.ComponentResource {
    public readonly configMap: k8s.core.v1.ConfigMap;
    public readonly deployment: k8s.apps.v1.Deployment;
    public readonly service: k8s.core.v1.Service;
    /** The Service's name and port, for an Ingress backend. */
    public readonly serviceName: pulumi.Output<string>;
    public readonly servicePort = 80;

    constructor(name: string, args: SignOutServiceArgs, opts?: pulumi.ComponentResourceOptions) {
        super("mdai:k8s:SignOutService", name, {}, opts);
        const labels = { "app.kubernetes.io/name": "mdai-sign-out", "app.kubernetes.io/instance": args.name, "app.kubernetes.io/managed-by": "pulumi" };
        const selector = { "app.kubernetes.io/name": labels["app.kubernetes.io/name"], "app.kubernetes.io/instance": args.name };
        const metadata = { name: args.name, namespace: args.namespace, labels };

        this.configMap = new k8s.core.v1.ConfigMap(`${name}-config`, { metadata, data: { "nginx.conf": args.nginxConf } }, { ...FIXED_NAME, parent: this });
        // A changed config replaces the ConfigMap; the checksum makes the Deployment roll so the pods read it.
        const checksum = pulumi.output(args.nginxConf).apply((c) => createHash("sha256").update(c).digest("hex"));

        this.deployment = new k8s.apps.v1.Deployment(`${name}-deployment`, {
            metadata,
            spec: {
                replicas: args.replicas ?? 2,
                selector: { matchLabels: selector },
                template: {
                    metadata: { labels, annotations: { "mdai.io/nginx-conf-sha256": checksum } },
                    spec: {
                        automountServiceAccountToken: false,
                        enableServiceLinks: false,
                        securityContext: { runAsNonRoot: true, runAsUser: 101, runAsGroup: 101, seccompProfile: { type: "RuntimeDefault" } },
                        containers: [{
                            name: "nginx",
                            image: args.image ?? DEFAULT_SIGN_OUT_IMAGE,
                            // nginx itself, without the image's entrypoint scripts (they try to rewrite files on a read-only filesystem).
                            command: ["nginx", "-g", "daemon off;"],
                            ports: [{ name: "http", containerPort: SIGN_OUT_PORT, protocol: "TCP" }],
                            securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true, capabilities: { drop: ["ALL"] } },
                            resources: { requests: { cpu: "10m", memory: "16Mi" }, limits: { cpu: "100m", memory: "64Mi" } },
                            readinessProbe: { httpGet: { path: HEALTH_PATH, port: "http" }, periodSeconds: 10 },
                            livenessProbe: { httpGet: { path: HEALTH_PATH, port: "http" }, periodSeconds: 20 },
                            volumeMounts: [
                                { name: "config", mountPath: "/etc/nginx/nginx.conf", subPath: "nginx.conf", readOnly: true },
                                { name: "tmp", mountPath: "/tmp" },
                            ],
                        }],
                        volumes: [
                            { name: "config", configMap: { name: this.configMap.metadata.name } },
                            { name: "tmp", emptyDir: { medium: "Memory", sizeLimit: "16Mi" } },
                        ],
                    },
                },
            },
        }, { ...FIXED_NAME, parent: this });

        this.service = new k8s.core.v1.Service(`${name}-service`, {
            // Created without waiting for ready pods: the console's Ingress waits for this Service, and
            // its login must not wait on the sign-out server (the Deployment's own wait reports a bad image).
            // The ALB health-checks `/` by default, which this server answers 404: point it at the health path.
            // Service annotations win over the Ingress's: the server speaks plain HTTP whatever extraAnnotations say.
            metadata: { ...metadata, annotations: { "pulumi.com/skipAwait": "true", "alb.ingress.kubernetes.io/healthcheck-path": HEALTH_PATH,
                "alb.ingress.kubernetes.io/backend-protocol": "HTTP", "alb.ingress.kubernetes.io/healthcheck-protocol": "HTTP" } },
            // The labels, not the Deployment's output: the Service need not wait for the Deployment.
            spec: { type: "ClusterIP", selector, ports: [{ name: "http", port: this.servicePort, targetPort: "http", protocol: "TCP" }] },
        }, { ...FIXED_NAME, parent: this });
        this.serviceName = this.service.metadata.name;
        this.registerOutputs({ serviceName: this.serviceName });
    }
}
