/** Reads what the cluster holds for the stack, with @kubernetes/client-node and the kubeconfig the program would use. */
import type * as K8s from "@kubernetes/client-node";
import { ANNOTATION_PREFIX } from "../config/annotationPolicy";
import { Step, attempt } from "./attempt";
import type { Expected } from "./expected";
import { KubeEvent, KubeLive, KubeObject, Read, isReadError } from "./types";

// The client is an ES module; this CommonJS program loads it with a real dynamic import.
const esmImport = new Function("m", "return import(m)") as (m: string) => Promise<unknown>;

const split = (key: string) => { const [namespace, name] = key.split("/"); return { namespace, name }; };
const obj = (v: unknown) => v as KubeObject;

export async function readKube(e: Expected, kubeconfig: string, context: string | undefined, step: Step): Promise<KubeLive> {
    const k8s = (await esmImport("@kubernetes/client-node")) as typeof K8s;
    const kc = new k8s.KubeConfig();
    kc.loadFromString(kubeconfig);
    if (context) kc.setCurrentContext(context);
    const net = kc.makeApiClient(k8s.NetworkingV1Api);
    const core = kc.makeApiClient(k8s.CoreV1Api);
    const apps = kc.makeApiClient(k8s.AppsV1Api);
    const discovery = kc.makeApiClient(k8s.DiscoveryV1Api);
    const custom = kc.makeApiClient(k8s.CustomObjectsApi);
    const verb = (v: string, what: string, ns?: string) => `Kubernetes RBAC: ${v} ${what}${ns ? ` in namespace ${ns}` : ""}`;

    const live: KubeLive = { ingresses: {}, events: {}, groupMembers: null, ingressClass: null, services: {}, endpointSlices: {}, deployments: {} };
    live.ingressClass = await attempt(`IngressClass ${e.ingressClassName}`, verb("get", "ingressclasses.networking.k8s.io"), step, async () => obj(await net.readIngressClass({ name: e.ingressClassName })));
    // The first read tells whether the cluster answers at all; one that does not is one item, not one per object.
    if (isReadError(live.ingressClass) && !live.ingressClass.permission) throw new Error(live.ingressClass.error);
    const params = !isReadError(live.ingressClass) ? live.ingressClass?.spec?.parameters as { kind?: string; name?: string } | undefined : undefined;
    if (params?.kind === "IngressClassParams" && params.name) {
        live.ingressClassParams = await attempt(`IngressClassParams ${params.name}`, verb("get", "ingressclassparams.elbv2.k8s.aws"), step, async () =>
            obj(await custom.getClusterCustomObject({ group: "elbv2.k8s.aws", version: "v1beta1", plural: "ingressclassparams", name: params.name! })));
    }
    for (const { key } of e.ingresses) {
        const { namespace, name } = split(key);
        live.ingresses[key] = await attempt(`Ingress ${key}`, verb("get", "ingresses.networking.k8s.io", namespace), step, async () => obj(await net.readNamespacedIngress({ name, namespace })));
        live.events[key] = await attempt(`the events of Ingress ${key}`, verb("list", "events", namespace), step, async () =>
            (await core.listNamespacedEvent({ namespace, fieldSelector: `involvedObject.kind=Ingress,involvedObject.name=${name}` })).items as unknown as KubeEvent[]);
    }
    live.groupMembers = await attempt("the Ingresses of every namespace (for other members of the group)", verb("list", "ingresses.networking.k8s.io", "every namespace"), step, async () =>
        (await net.listIngressForAllNamespaces()).items.map(obj).filter((i) => i.metadata.annotations?.[`${ANNOTATION_PREFIX}group.name`] === e.groupName));
    for (const key of e.services) {
        const { namespace, name } = split(key);
        live.services[key] = await attempt(`Service ${key}`, verb("get", "services", namespace), step, async () => obj(await core.readNamespacedService({ name, namespace })));
        live.endpointSlices[key] = await attempt(`the endpoints of Service ${key}`, verb("list", "endpointslices.discovery.k8s.io", namespace), step, async () =>
            (await discovery.listNamespacedEndpointSlice({ namespace, labelSelector: `kubernetes.io/service-name=${name}` })).items.map(obj));
    }
    for (const key of e.deployments) {
        const { namespace, name } = split(key);
        live.deployments[key] = await attempt(`Deployment ${key}`, verb("get", "deployments.apps", namespace), step, async () => obj(await apps.readNamespacedDeployment({ name, namespace })) as Read<KubeObject>);
    }
    return live;
}
