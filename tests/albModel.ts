/**
 * What the ALB does with a request, read off the Ingresses the program renders, the way the AWS
 * Load Balancer Controller builds listener rules (pkg/ingress/model_build_listener_rules.go):
 * members of a group by group.order (default 0), then namespace/name; within one, Exact paths
 * first, then Prefix paths longest first; the first rule that matches wins. Independent of the
 * program's own routing tables, so the tests check the objects, not our intentions.
 */
const P = "alb.ingress.kubernetes.io/";

export interface IngressObject {
    metadata: { name: string; namespace: string; annotations: Record<string, string> };
    spec: { rules: { host: string; http: { paths: { path: string; pathType: string; backend: { service: { name: string; port: { number?: number; name?: string } } } }[] } }[] };
}

/** `bearer`: the ALB admits only a valid access token (jwt-validation); a controller before v2.15.0 ignores that annotation, and the door is public. */
export type Access = "login" | "401" | "public" | "bearer";

export interface Verdict {
    access: Access;
    ingress: string;
    service: string;
}

/** An ALB path pattern (ImplementationSpecific paths are used as patterns as written): `*` any characters, `?` one; the whole path, case-sensitive. */
const globs = new Map<string, RegExp>();
export const glob = (pattern: string) => {
    let re = globs.get(pattern);
    if (!re) globs.set(pattern, (re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".")}$`, "s")));
    return re;
};

const matches = (pathType: string, rule: string, path: string) =>
    pathType === "Exact" ? path === rule
        : pathType === "ImplementationSpecific" ? glob(rule).test(path)
        : rule === "/" || path === rule || path.startsWith(`${rule}/`);

export function accessOf(i: IngressObject, controller: { jwtValidation: boolean } = { jwtValidation: true }): Access {
    const a = i.metadata.annotations;
    if ((a[P + "auth-type"] ?? "none") === "none") return a[P + "jwt-validation"] !== undefined && controller.jwtValidation ? "bearer" : "public";
    return a[P + "auth-on-unauthenticated-request"] === "deny" ? "401" : a[P + "auth-on-unauthenticated-request"] === "allow" ? "public" : "login";
}

/** The rule that answers `host` + `path`, or undefined (the ALB's default action: 404). */
export function evaluate(ingresses: IngressObject[], host: string, path: string, controller: { jwtValidation: boolean } = { jwtValidation: true }): Verdict | undefined {
    const order = (i: IngressObject) => Number(i.metadata.annotations[P + "group.order"] ?? 0);
    const sorted = [...ingresses].sort((a, b) => order(a) - order(b) || `${a.metadata.namespace}/${a.metadata.name}`.localeCompare(`${b.metadata.namespace}/${b.metadata.name}`));
    for (const i of sorted) {
        for (const rule of i.spec.rules.filter((r) => r.host === host)) {
            const paths = [...rule.http.paths].sort((a, b) => (a.pathType === b.pathType ? b.path.length - a.path.length : a.pathType === "Exact" ? -1 : 1));
            const hit = paths.find((p) => matches(p.pathType, p.path, path));
            if (hit) return { access: accessOf(i, controller), ingress: `${i.metadata.namespace}/${i.metadata.name}`, service: hit.backend.service.name };
        }
    }
    return undefined;
}
