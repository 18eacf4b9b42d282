/**
 * What ConsoleIngress reads from the cluster before any of its Ingresses exists, and the checks
 * on it; every member's annotations wait for all of them, so no door opens while one fails:
 * - each backend Service carries no `auth-*` annotation (the controller applies a Service's over
 *   the Ingress's: enhanced_backend_builder.go);
 * - the IngressClass is served by the AWS Load Balancer Controller (`ingress.k8s.aws/alb`, or EKS
 *   Auto Mode's `eks.amazonaws.com/alb`): another controller ignores every `alb.ingress.kubernetes.io/*`
 *   annotation, the login included; its IngressClassParams may set only what config/classParamsPolicy.ts
 *   allows (the controller lets them win over annotations);
 * - in OIDC mode, the controller's Deployment: the ServiceAccount its pods run as is the one reader of
 *   the client secret (a general-purpose account, or another than lbControllerServiceAccount names, is refused).
 * Values `npm run plan` answers with placeholders are left to the deployment.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { UserFacingError } from "../config/errors";
import { isPlaceholder } from "../config/placeholders";
import { ClassParamsWant, classParamsError } from "../config/classParamsPolicy";
import { checkSecretReader } from "../config/rules";
import { backendOverrideError } from "./annotations";

export const ALB_CONTROLLERS = ["ingress.k8s.aws/alb", "eks.amazonaws.com/alb"] as const;
export const AUTO_MODE_CONTROLLER = "eks.amazonaws.com/alb";

export interface ClusterReadsArgs {
    ingressClassName: string;
    /** Each backend Service, `namespace/name`. */
    backends: { id: string; resourceSuffix: string }[];
    /** The settings an IngressClassParams may not override. */
    scheme: string;
    inboundCidrs: string[];
    groupName: string;
    loadBalancerName: pulumi.Input<string>;
    subnetsAnnotation: boolean;
    /** In OIDC mode, the controller whose pods alone may read the client secret; undefined otherwise. */
    controller?: ControllerArgs;
    /** Machine paths ask the controller for jwt-validation: its Deployment must run v2.15.0 or later (a controller that does not know the annotation forwards unchecked). */
    jwtValidation?: { deployment: { namespace: string; name: string } };
}

/** Where the AWS Load Balancer Controller runs. */
export interface ControllerArgs {
    /** Its Deployment (the Helm chart's default: kube-system/aws-load-balancer-controller). */
    deployment: { namespace: string; name: string };
    /** The ServiceAccount the user named: it must be the one the Deployment's pods run as. @default read from the Deployment */
    serviceAccount?: { namespace: string; name: string };
}

interface DeploymentSpec { template?: { spec?: { serviceAccountName?: string; serviceAccount?: string; containers?: { name?: string; image?: string }[] } } }

/** The first controller release with `alb.ingress.kubernetes.io/jwt-validation` (PR #4445). */
export const JWT_MIN_VERSION = [2, 15, 0] as const;

/**
 * Why machine paths cannot open on this controller, or undefined: EKS Auto Mode (which ignored the
 * annotation as of 2025-12, controller issue #4473), a version before v2.15.0, or one the image tag does
 * not tell (a digest alone). Each would forward a bearer path's requests unchecked: the path would be public.
 */
export function jwtSupportError(deployment: string, spec: DeploymentSpec | undefined, autoMode: boolean): UserFacingError | undefined {
    const fix = "Remove machinePaths, or upgrade the controller (Helm chart aws-load-balancer-controller, image v2.15.0 or later) and run pulumi up again; nothing was changed.";
    if (autoMode) return new UserFacingError(`machinePaths: the IngressClass is served by EKS Auto Mode's built-in load balancing, which ignored alb.ingress.kubernetes.io/jwt-validation as of December 2025 (aws-load-balancer-controller issue #4473): each machine path would forward every request unchecked. ${fix}`);
    const containers = spec?.template?.spec?.containers ?? [];
    const image = (containers.find((c) => c.name === "aws-load-balancer-controller") ?? containers.find((c) => /aws-load-balancer-controller/.test(c.image ?? "")) ?? containers[0])?.image;
    if (image === undefined || isPlaceholder(image)) return image === undefined ? new UserFacingError(`machinePaths: the Deployment ${deployment} names no controller image, so its version cannot be told. ${fix}`) : undefined;
    const v = /:v?(\d+)\.(\d+)\.(\d+)(?:@|$)/.exec(image);
    if (!v) return new UserFacingError(`machinePaths: the controller's image ${image} carries no version tag, so whether it knows jwt-validation (v2.15.0 and later) cannot be told. Tag it with its version. ${fix}`);
    const [major, minor, patch] = v.slice(1).map(Number);
    const at = major * 1e6 + minor * 1e3 + patch;
    if (at < JWT_MIN_VERSION[0] * 1e6 + JWT_MIN_VERSION[1] * 1e3 + JWT_MIN_VERSION[2]) {
        return new UserFacingError(`machinePaths: the controller runs ${major}.${minor}.${patch} (${image}), which ignores alb.ingress.kubernetes.io/jwt-validation (added in v2.15.0): each machine path would forward every request unchecked, open to anyone. ${fix}`);
    }
    return undefined;
}

/**
 * The ServiceAccount the controller's pods run as — the one subject bound to read the OIDC client
 * secret — or why the program refuses it: a general-purpose account (every pod of the namespace
 * would read the secret), or another than the one the user named.
 */
export function controllerReader(c: ControllerArgs, spec: DeploymentSpec | undefined): { namespace: string; name: string } | UserFacingError {
    const deployment = `${c.deployment.namespace}/${c.deployment.name}`;
    const pod = spec?.template?.spec;
    // Kubernetes runs a pod without serviceAccountName as its namespace's `default`.
    const name = pod?.serviceAccountName || pod?.serviceAccount || "default";
    const found = { namespace: c.deployment.namespace, name };
    if (isPlaceholder(name)) return found;
    const general = checkSecretReader(`${found.namespace}/${name}`);
    if (general) {
        return new UserFacingError(`Deployment ${deployment}, the AWS Load Balancer Controller, runs as ServiceAccount ${found.namespace}/${name}: ${general.wrong}; nothing was changed. ` +
            "Give the controller a ServiceAccount of its own (the Helm chart's serviceAccount.create or serviceAccount.name), then run pulumi up again.");
    }
    const named = c.serviceAccount;
    if (named && (named.namespace !== found.namespace || named.name !== name)) {
        return new UserFacingError(`lbControllerServiceAccount is ${named.namespace}/${named.name}, but the controller's Deployment ${deployment} runs as ${found.namespace}/${name}: ` +
            "only the controller may read the OIDC client secret, so the program binds no other account; nothing was changed. Remove lbControllerServiceAccount " +
            `(\`pulumi config rm lbControllerServiceAccount\`: it is read from the Deployment), or set lbControllerDeployment to the controller's Deployment (\`kubectl get deploy -A -l app.kubernetes.io/name=aws-load-balancer-controller\`).`);
    }
    return found;
}

export interface ClusterReads {
    backends: k8s.core.v1.Service[];
    /** Resolves once every check has passed (and fails the deployment otherwise). */
    checked: pulumi.Output<boolean>;
    /** The RBAC subject that may read the OIDC secret: the controller's ServiceAccount (from its Deployment), or on EKS Auto Mode the group eks:managed. */
    secretReaderSubject: pulumi.Output<{ kind: string; name: string; namespace?: string; apiGroup?: string }>;
}

interface ClassSpec { controller?: string; parameters?: { apiGroup?: string; kind?: string; name?: string; namespace?: string } }

/** Why the IngressClass cannot carry the console's login, or undefined. */
export function ingressClassError(name: string, spec: ClassSpec | undefined): UserFacingError | undefined {
    const controller = spec?.controller;
    if (controller === undefined || isPlaceholder(controller) || (ALB_CONTROLLERS as readonly string[]).includes(controller)) return undefined;
    return new UserFacingError(`IngressClass ${name} is served by ${controller}, not the AWS Load Balancer Controller (${ALB_CONTROLLERS.join(" or ")}): that controller ignores every ` +
        "alb.ingress.kubernetes.io/* annotation, the login included, and would serve the console without it; nothing was changed. Set ingressClassName to a class of the AWS Load " +
        "Balancer Controller (`kubectl get ingressclass` shows each class's controller), then run pulumi up again.");
}

export function readCluster(name: string, a: ClusterReadsArgs, parent: pulumi.Resource): ClusterReads {
    const backends = a.backends.map((b) => k8s.core.v1.Service.get(`${name}-backend${b.resourceSuffix}`, b.id, { parent }));
    const backendsChecked = backends.map((svc, i) => svc.metadata.apply((m) => {
        const err = backendOverrideError(a.backends[i].id, m?.annotations);
        if (err) throw err;
        return true;
    }));
    const cls = k8s.networking.v1.IngressClass.get(`${name}-ingress-class`, a.ingressClassName, { parent });
    const spec = cls.spec.apply((s) => s as ClassSpec | undefined);
    const classChecked = spec.apply((s) => {
        const err = ingressClassError(a.ingressClassName, s);
        if (err) throw err;
        return true;
    });
    // The parameters' name is known only from the class: read where it is found (as a preview does too).
    const paramsChecked = spec.apply((s) => {
        const p = s?.parameters;
        if (!p?.name || isPlaceholder(p.name) || p.kind !== "IngressClassParams") return pulumi.output(true);
        // Read with a `spec` key, so the resource has it as an output (CustomResource.get exposes only apiVersion and kind).
        const params = new k8s.apiextensions.CustomResource(`${name}-ingress-class-params`, { apiVersion: `${p.apiGroup ?? "elbv2.k8s.aws"}/v1beta1`, kind: "IngressClassParams", spec: undefined },
            { id: p.name, parent });
        const want = pulumi.output(a.loadBalancerName).apply((loadBalancerName): ClassParamsWant =>
            ({ ingressClassName: a.ingressClassName, scheme: a.scheme, inboundCidrs: a.inboundCidrs, groupName: a.groupName, loadBalancerName, subnetsAnnotation: a.subnetsAnnotation }));
        return pulumi.all([(params as unknown as { spec: pulumi.Output<Record<string, unknown> | undefined> }).spec, want]).apply(([ps, w]) => {
            const err = classParamsError(p.name!, ps, w);
            if (err) throw err;
            return true;
        });
    });
    const autoMode = spec.apply((s) => s?.controller === AUTO_MODE_CONTROLLER);
    const controller = a.controller;
    // On EKS Auto Mode the controller is part of EKS, with no Deployment in the cluster (EKS user guide, auto-managed-rbac-example).
    type Subject = { kind: string; name: string; namespace?: string; apiGroup?: string };
    const reader: pulumi.Output<Subject> | undefined = controller ? autoMode.apply((auto): pulumi.Output<Subject> => {
        if (auto) return pulumi.output<Subject>({ kind: "Group", name: "eks:managed", apiGroup: "rbac.authorization.k8s.io" });
        const d = k8s.apps.v1.Deployment.get(`${name}-controller`, `${controller.deployment.namespace}/${controller.deployment.name}`, { parent });
        return d.spec.apply((ds): Subject => {
            const found = controllerReader(controller, ds as DeploymentSpec | undefined);
            if (found instanceof UserFacingError) throw found;
            return { kind: "ServiceAccount", name: found.name, namespace: found.namespace };
        });
    }) : undefined;
    const readerChecked = reader ? reader.apply(() => true) : pulumi.output(true);
    const jwt = a.jwtValidation;
    const jwtChecked = jwt ? autoMode.apply((auto) => {
        const key = `${jwt.deployment.namespace}/${jwt.deployment.name}`;
        const spec: pulumi.Output<unknown> = auto ? pulumi.output(undefined) : k8s.apps.v1.Deployment.get(`${name}-controller-version`, key, { parent }).spec;
        return spec.apply((ds) => {
            const err = jwtSupportError(key, ds as DeploymentSpec | undefined, auto);
            if (err) throw err;
            return true;
        });
    }) : pulumi.output(true);
    const secretReaderSubject: ClusterReads["secretReaderSubject"] = reader ?? pulumi.output({ kind: "ServiceAccount", name: "aws-load-balancer-controller", namespace: "kube-system" });
    return { backends, checked: pulumi.all([...backendsChecked, classChecked, paramsChecked, readerChecked, jwtChecked]).apply(() => true), secretReaderSubject };
}
