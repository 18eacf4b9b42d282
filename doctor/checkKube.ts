/** Checks of what the cluster holds: the group's Ingresses and the controller's word on them, the class, backends, sign-out pods, strangers in the group. */
import { ANNOTATION_PREFIX } from "../config/annotationPolicy";
import { isPlaceholder } from "../config/placeholders";
import { backendOverrideError } from "../components/annotations";
import { ingressClassError } from "../components/clusterReads";
import { classParamsError } from "../config/classParamsPolicy";
import { judgeEvents } from "./events";
import type { Expected } from "./expected";
import { Item, KubeLive, KubeObject, Read, fail, isReadError, ok, unreadable } from "./types";
import { shellCommand } from "../config/shell";
import { hostedUiBaseUrl } from "../components/cognitoUrls";

const K = "Kubernetes" as const;
const GROUP = `${ANNOTATION_PREFIX}group.name`;
const ORDER = `${ANNOTATION_PREFIX}group.order`;

/** Calls `present` with the object, or answers for a missing or unreadable one. */
function read<T>(title: string, r: Read<T>, missing: () => Item, present: (v: T) => Item | Item[]): Item[] {
    if (r === null) return [missing()];
    if (isReadError(r)) return [unreadable(K, title, r)];
    const out = present(r as T);
    return Array.isArray(out) ? out : [out];
}

/** Annotations whose live value differs from the rendered one; a placeholder (known only at deploy) matches anything, field by field in JSON. */
export function annotationDiff(want: Record<string, string>, have: Record<string, string>, alternatives: [string, string][] = []): string[] {
    const exact = (w: string, h: string | undefined): boolean => {
        if (h === undefined) return false;
        if (!w.includes("<known after deploy") && !w.includes("<looked up at deploy")) return w === h;
        try {
            const [a, b] = [JSON.parse(w), JSON.parse(h)] as Record<string, unknown>[];
            return Object.entries(a).every(([k, v]) => isPlaceholder(v) || JSON.stringify(v) === JSON.stringify(b[k]));
        } catch {
            return true;
        }
    };
    // What the plan cannot know offline (authDomain, once it resolves): the live value may name the alternative instead.
    const instead = (w: string) => alternatives.reduce((x, [a, b]) => x.split(a).join(b), w);
    const same = (w: string, h: string | undefined) => exact(w, h) || (alternatives.length > 0 && exact(instead(w), h));
    const keys = new Set([...Object.keys(want), ...Object.keys(have).filter((k) => k.startsWith(ANNOTATION_PREFIX))]);
    return [...keys].filter((k) => (k in want ? !same(want[k], have[k]) : true)).sort();
}

/** With authDomain, the prefix domain (its name, and its pages' URL in OIDC endpoints) may have given way to it. */
function signInDomainAlternatives(e: Expected): [string, string][] {
    if (!e.authDomain || !e.userPoolDomain) return [];
    return [[`"${e.userPoolDomain}"`, `"${e.authDomain}"`], [hostedUiBaseUrl(e.userPoolDomain, e.cognitoRegion), `https://${e.authDomain}`]];
}

function ingressItems(e: Expected, kube: KubeLive, albDnsName: string | undefined): Item[] {
    return e.ingresses.flatMap((want) => {
        const title = `Ingress ${want.key}`;
        return read(title, kube.ingresses[want.key], () => fail(K, title, "not found", "Run pulumi up: the stack's Ingress is missing (deleted by hand, or the last update failed)."), (ing) => {
            const items: Item[] = [];
            const diff = annotationDiff(want.annotations, ing.metadata.annotations ?? {}, signInDomainAlternatives(e));
            items.push(diff.length
                ? fail(K, `${title}: annotations`, `differ from what the stack renders: ${diff.join(", ")}`, "Run pulumi up to restore them; if something edits them after (a GitOps tool, kubectl), stop it.")
                : ok(K, `${title}: annotations as the stack renders them`));
            const address = (ing.status?.loadBalancer?.ingress ?? [])[0]?.hostname as string | undefined;
            if (!address) items.push(fail(K, `${title}: address`, "the controller has given it no address", "Read the controller's events on it (next item) and fix what they name."));
            else if (albDnsName && address.toLowerCase() !== albDnsName.toLowerCase()) {
                items.push(fail(K, `${title}: address`, `reports ${address}, but the group's ALB ${e.loadBalancerName} is ${albDnsName}: the status is stale, the controller has not reconciled this Ingress since`, "Read the controller's events on it and fix what they name."));
            } else items.push(ok(K, `${title}: address ${address}`));
            const events = kube.events[want.key];
            if (isReadError(events)) items.push(unreadable(K, `${title}: controller events`, events));
            else {
                const v = judgeEvents(events ?? []);
                items.push(v.problem
                    ? fail(K, `${title}: controller events`, `${v.problem.reason}: ${v.problem.message.replace(/\s+/g, " ")} — ${v.problem.cause}`, v.problem.fix)
                    : ok(K, `${title}: no unresolved controller warnings`, v.resolved ? `${v.resolved} earlier warning(s), answered by a later successful reconcile` : undefined));
            }
            return items;
        });
    });
}

function classItems(e: Expected, kube: KubeLive): Item[] {
    const title = `IngressClass ${e.ingressClassName}`;
    return read(title, kube.ingressClass, () => fail(K, title, "not found", "Install the AWS Load Balancer Controller (it creates the class), or set ingressClassName to its class."), (cls) => {
        const wrong = ingressClassError(e.ingressClassName, cls.spec);
        if (wrong) return fail(K, title, `served by ${cls.spec?.controller}`, wrong.message);
        const params = kube.ingressClassParams;
        const paramsWrong = params && !isReadError(params) ? classParamsError(params.metadata.name, params.spec, e.classParams) : undefined;
        return paramsWrong ? fail(K, `${title}: parameters`, "its IngressClassParams set what this stack cannot accept", paramsWrong.message) : ok(K, `${title}: served by ${cls.spec?.controller}`);
    });
}

/** Ingresses in the group that the stack did not create, and whether their rules come before ours on our hosts. */
function strangerItems(e: Expected, kube: KubeLive): Item[] {
    const title = `IngressGroup ${e.groupName}: members`;
    const all = kube.groupMembers;
    if (isReadError(all)) return [unreadable(K, title, all)];
    const ours = new Set(e.ingresses.map((i) => i.key));
    // groupMembers holds the group's Ingresses only (readKube filters by group.name).
    const strangers = (all ?? []).filter((i) => !ours.has(`${i.metadata.namespace}/${i.metadata.name}`));
    if (!strangers.length) return [ok(K, `${title}: only this stack's ${ours.size} Ingress(es)`)];
    return strangers.map((s: KubeObject) => {
        const name = `${s.metadata.namespace}/${s.metadata.name}`;
        const order = Number(s.metadata.annotations?.[ORDER] ?? 0);
        const hosts: string[] = (s.spec?.rules ?? []).map((r: { host?: string }) => r.host ?? "");
        const shared = e.ingresses.filter((i) => i.hosts.some((h) => hosts.includes(h) || hosts.includes("")));
        const before = shared.filter((i) => order < i.order || (order === i.order && name < i.key));
        return before.length
            ? fail(K, `${title}: ${name}`, `joins the group with group.order ${order} on ${hosts.map((h) => h || "every host").join(", ")}: its rules are evaluated before ${before.map((i) => i.key).join(", ")} and can answer requests meant for the login`,
                `Remove it from the group (its ${GROUP} annotation), give it a host of its own, or a group.order above ${Math.max(...before.map((i) => i.order))}.`)
            : ok(K, `${title}: ${name} joins the group, after this stack's rules`, `group.order ${order}`);
    });
}

function backendItems(e: Expected, kube: KubeLive): Item[] {
    return e.services.flatMap((svc) => read(`Service ${svc}`, kube.services[svc], () => fail(K, `Service ${svc}`, "not found: the ALB answers 503", "Deploy the backend, or set serviceName and namespace to where it is."), (s) => {
        const override = backendOverrideError(svc, s.metadata.annotations);
        if (override) return fail(K, `Service ${svc}`, "carries auth-* annotations", override.message);
        const slices = kube.endpointSlices[svc];
        if (isReadError(slices)) return [ok(K, `Service ${svc} exists, no auth-* annotation`), unreadable(K, `Service ${svc}: endpoints`, slices)];
        const ready = (slices ?? []).flatMap((x) => (x as unknown as { endpoints?: { conditions?: { ready?: boolean } }[] }).endpoints ?? []).filter((p) => p.conditions?.ready !== false).length;
        return ready
            ? ok(K, `Service ${svc}: ${ready} ready endpoint(s), no auth-* annotation`)
            : fail(K, `Service ${svc}: endpoints`, "no ready endpoints: the ALB answers 503", `Check its pods (\`${shellCommand("kubectl", "get", "pods", "-n", svc.split("/")[0])}\`) and that the Service's selector matches them.`);
    }));
}

function deploymentItems(e: Expected, kube: KubeLive): Item[] {
    return e.deployments.flatMap((d) => read(`sign-out server ${d}`, kube.deployments[d], () => fail(K, `sign-out server ${d}`, "not found", "Run pulumi up."), (dep) => {
        const want = Number(dep.spec?.replicas ?? 1);
        const ready = Number(dep.status?.readyReplicas ?? 0);
        return ready >= want && want > 0
            ? ok(K, `sign-out server ${d}: ${ready}/${want} ready`)
            : fail(K, `sign-out server ${d}`, `${ready}/${want} pods ready: the sign-out path answers 503`, `Look at its pods (\`${shellCommand("kubectl", "get", "pods", "-n", d.split("/")[0], "-l", "app.kubernetes.io/name=mdai-sign-out")}\`); an image the cluster cannot pull needs signOutImage.`);
    }));
}

export function checkKube(e: Expected, kube: KubeLive, albDnsName: string | undefined): Item[] {
    return [...classItems(e, kube), ...ingressItems(e, kube, albDnsName), ...strangerItems(e, kube), ...backendItems(e, kube), ...deploymentItems(e, kube)];
}
