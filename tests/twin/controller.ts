/**
 * The AWS Load Balancer Controller, as far as what it does over time matters to a stack: one ALB
 * per IngressGroup, reconciled from the group's members. Sources (kubernetes-sigs/aws-load-balancer-controller):
 * - members: Ingresses of a class whose spec.controller is ingress.k8s.aws/alb, grouped by
 *   `group.name` (else namespace/name) — pkg/ingress/group_loader.go;
 * - "exclusive" annotations that differ between the members that set them fail the whole group
 *   (FailedBuildModel), status untouched; a member that omits one does not conflict with one that sets it
 *   — pkg/ingress/model_builder.go (buildLoadBalancerScheme, buildLoadBalancerName), controllers/ingress/group_controller.go;
 * - the ALB is found by its tags (cluster, `ingress.k8s.aws/stack`), not its name; the name is used
 *   only to create it — pkg/deploy/elbv2/load_balancer_synthesizer.go, load_balancer_manager.go;
 * - a new scheme replaces the ALB, the old one deleted first (isSDKLoadBalancerRequiresReplacement);
 * - a group without members loses its ALB; names are unique per account and region
 *   (DuplicateLoadBalancerName → FailedDeployModel, retried);
 * - `wafv2-acl-arn` absent leaves the ALB's web ACL as it is; `none` or an empty value detaches it
 *   (the parser takes "" as present: model_build_load_balancer_addons.go, web_acl_association_synthesizer.go);
 * - a deleted member keeps the controller's finalizer until the group deploys without it; while the
 *   group cannot deploy, the delete waits (and `pulumi up` with it) — group_controller.go;
 * - certificate-arn merges across members: the first member's first ARN is the default, the rest SNI
 *   (model_builder.go mergeListenPortConfigs); a certificate not yet issued fails the deploy;
 * - status.loadBalancer is written only after a successful deploy — group_controller.go.
 */
import { Alb, Cluster, K8sObject, World, hash, objectKey } from "./world";
import { resolves } from "./providers";

const P = "alb.ingress.kubernetes.io/";
/** Annotations every member must agree on (the subset this program sets or allows). */
const EXCLUSIVE = ["scheme", "load-balancer-name", "inbound-cidrs", "wafv2-acl-arn", "ssl-policy", "ssl-redirect", "ip-address-type", "load-balancer-attributes", "security-groups", "subnets"];

const annotations = (o: K8sObject) => ((o.body.metadata as { annotations?: Record<string, string> } | undefined)?.annotations ?? {});

/** The IngressGroup an Ingress belongs to, or undefined when the controller does not serve its class. */
export function groupOf(cluster: Cluster, o: K8sObject): string | undefined {
    if (o.kind !== "Ingress") return undefined;
    const cls = (o.body.spec as { ingressClassName?: string } | undefined)?.ingressClassName;
    const controller = (cluster.objects.get(objectKey("IngressClass", "", cls ?? ""))?.body.spec as { controller?: string } | undefined)?.controller;
    if (controller !== "ingress.k8s.aws/alb") return undefined;
    return annotations(o)[P + "group.name"] ?? `${o.namespace}/${o.name}`;
}

export function members(cluster: Cluster, group: string): K8sObject[] {
    const order = (o: K8sObject) => Number(annotations(o)[P + "group.order"] ?? 0);
    // A member being deleted is left out of the model; its finalizer goes once the group deploys without it.
    return [...cluster.objects.values()].filter((o) => !o.deleting && groupOf(cluster, o) === group)
        .sort((a, b) => order(a) - order(b) || `${a.namespace}/${a.name}`.localeCompare(`${b.namespace}/${b.name}`));
}

export const albOf = (world: World, cluster: Cluster, group: string) => world.albs.find((a) => a.cluster === cluster.name && a.group === group);

/** A failed reconcile: a Warning event on every member, nothing else changes. */
function refuse(cluster: Cluster, ms: K8sObject[], event: string): false {
    for (const m of ms) {
        const key = `${m.namespace}/${m.name}`;
        cluster.events.set(key, [...(cluster.events.get(key) ?? []), event]);
    }
    return false;
}

function deleteAlb(world: World, alb: Alb): void {
    world.albs = world.albs.filter((a) => a !== alb);
    world.webAcls.delete(alb.arn);
}

/** One reconcile of a group; true when it succeeded (every member then carries the ALB's address). */
export function reconcile(world: World, cluster: Cluster, group: string): boolean {
    const ms = members(cluster, group);
    const existing = albOf(world, cluster, group);
    if (ms.length === 0) {
        if (existing) deleteAlb(world, existing);
        return true;
    }
    // Only the values members set explicitly: one that omits a setting agrees with any.
    const settings = (k: string) => [...new Set(ms.map((m) => annotations(m)[P + k]).filter((v): v is string => v !== undefined))];
    const conflict = EXCLUSIVE.find((k) => settings(k).length > 1);
    if (conflict) return refuse(cluster, ms, `FailedBuildModel: conflicting ${conflict}: ${settings(conflict).join(" vs ")}`);
    const one = (k: string) => settings(k)[0] || undefined;
    const certificates = [...new Set(ms.flatMap((m) => (annotations(m)[P + "certificate-arn"] ?? "").split(",").map((c) => c.trim()).filter(Boolean)))];
    // Elastic Load Balancing quotas: a listener's default certificate and 25 more.
    if (certificates.length > 26) return refuse(cluster, ms, `FailedDeployModel: TooManyCertificates: ${certificates.length} certificates on one listener`);
    const unusable = certificates.find((c) => world.certificates.get(c)?.status !== "ISSUED");
    if (unusable) return refuse(cluster, ms, `FailedDeployModel: UnsupportedCertificate: certificate ${unusable} is not issued`);
    const scheme = one("scheme") ?? "internal";
    let alb = existing;
    if (alb && alb.scheme !== scheme) {
        deleteAlb(world, alb);
        alb = undefined;
    }
    if (!alb) {
        const name = one("load-balancer-name") ?? `k8s-${group.replace(/[^a-z0-9]/g, "").slice(0, 16)}-${hash(group).slice(0, 10)}`;
        if (world.albs.some((a) => a.name === name)) return refuse(cluster, ms, `FailedDeployModel: DuplicateLoadBalancerName: A load balancer with the name '${name}' already exists`);
        const id = String(++world.serial).padStart(10, "0");
        alb = { arn: `arn:aws:elasticloadbalancing:${world.region}:${world.account}:loadbalancer/app/${name}/${hash(id)}${hash(name)}`, name, scheme, cluster: cluster.name, group, certificates: [],
            dnsName: `${scheme === "internal" ? "internal-" : ""}${name}-${id}.${world.region}.elb.amazonaws.com` };
        world.albs.push(alb);
    }
    alb.certificates = certificates;
    const [waf] = settings("wafv2-acl-arn");
    if (waf === "none" || waf === "") world.webAcls.delete(alb.arn);
    else if (waf !== undefined) world.webAcls.set(alb.arn, waf);
    for (const m of ms) m.status = { loadBalancer: { ingress: [{ hostname: alb.dnsName }] } };
    // The rules now send users to each member's sign-in domain: one of your own must resolve already.
    for (const m of ms) {
        const cognito = annotations(m)[P + "auth-idp-cognito"];
        const domain = cognito ? (JSON.parse(cognito) as { userPoolDomain?: string }).userPoolDomain : undefined;
        if (domain?.includes(".") && !resolves(world, domain, "cloudfront")) world.unstyled.push(`the login of ${m.name}, sent to ${domain}, which does not resolve yet`);
    }
    return true;
}

/** What the controller converges to: every group of every cluster reconciled, and groups that lost their last member emptied. */
export function converge(world: World): void {
    for (const cluster of world.clusters.values()) {
        const groups = new Set([...cluster.objects.values()].map((o) => groupOf(cluster, o)).filter((g): g is string => g !== undefined));
        for (const alb of world.albs.filter((a) => a.cluster === cluster.name)) groups.add(alb.group);
        for (const g of groups) release(cluster, g, reconcile(world, cluster, g));
    }
}

/**
 * Deletes an Ingress as the API server does with the controller's finalizer on it: gone once its
 * group deploys without it, else left in place (deleting) — the delete, and `pulumi up`, wait.
 */
export function deleteMember(world: World, cluster: Cluster, key: string): boolean {
    const o = cluster.objects.get(key);
    const group = o && groupOf(cluster, o);
    if (!o || !group) return true;
    o.deleting = true;
    return release(cluster, group, reconcile(world, cluster, group));
}

/** After a reconcile: a successful one lets the group's deleted members go. */
function release(cluster: Cluster, group: string, deployed: boolean): boolean {
    if (!deployed) return false;
    for (const [k, o] of cluster.objects) if (o.deleting && groupOf(cluster, o) === group) cluster.objects.delete(k);
    return true;
}
