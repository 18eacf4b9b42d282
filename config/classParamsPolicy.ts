/**
 * What an IngressClassParams may set for every Ingress of the class this stack uses: an allow-list,
 * because the controller lets the class's parameters win over an Ingress's annotations (or merges
 * them per key, the parameters winning) — so a field could weaken the login, HTTPS or the ALB's
 * exposure for every door at once. Fields that cannot weaken what the program promises pass; fields
 * the program also sets pass only with the stack's own value; anything else — and any field a later
 * controller release adds, until someone has reviewed it — is refused. The program (before any
 * Ingress exists), the doctor and the policy pack read this one module.
 * @see kubernetes-sigs/aws-load-balancer-controller apis/elbv2/v1beta1/ingressclassparams_types.go (v3.5.0)
 */
import { UserFacingError } from "./errors";
import { isPlaceholder } from "./placeholders";
import { TLS13_SSL_POLICY, checkLbAttributes } from "./annotationPolicy";
import { shellQuote } from "./shell";

/** What this stack sets, which a class's parameters must not contradict. */
export interface ClassParamsWant {
    ingressClassName: string;
    scheme: string;
    inboundCidrs: string[];
    groupName: string;
    /** The ALB's name, when known (the plan and the doctor may not know it). */
    loadBalancerName?: string;
    /** extraAnnotations sets `subnets`: the controller stops a group whose class also sets them. */
    subnetsAnnotation?: boolean;
}

/** One field of the parameters the stack cannot accept, and why. */
export interface ClassParamsFinding {
    field: string;
    value: string;
    why: string;
}

type Verdict = string | undefined;
const show = (v: unknown) => (typeof v === "string" ? v : JSON.stringify(v));
const sameAs = (wanted: string | undefined, what: string) => (v: unknown): Verdict =>
    (wanted === undefined || isPlaceholder(wanted) || v === wanted ? undefined : `this stack sets ${what} ${wanted}, and the class's value would win over it`);

/**
 * Per field (its json name), the check of its value: undefined passes, a sentence refuses. A string
 * instead of a check refuses the field whatever its value.
 */
// Without `want` (the policy pack over objects of any stack), the fields only a stack's own settings decide pass.
const FIELDS: Readonly<Record<string, string | ((v: unknown, want: ClassParamsWant | undefined) => Verdict)>> = {
    // Narrows which namespaces may use the class: what docs/security.md tells users to set.
    namespaceSelector: () => undefined,
    group: (v, w) => sameAs(w?.groupName, "the group")((v as { name?: unknown })?.name),
    scheme: (v, w) => sameAs(w?.scheme, "the scheme")(v),
    inboundCIDRs: (v, w) => {
        if (!w) return undefined;
        const have = Array.isArray(v) ? v.map(String) : [show(v)];
        return [...have].sort().join(",") === [...w.inboundCidrs].sort().join(",") ? undefined
            : `this stack admits ${w.inboundCidrs.join(", ") || "anywhere"}, and the class's list would replace it`;
    },
    sslPolicy: (v, w) => (w ? sameAs(TLS13_SSL_POLICY, "the TLS policy")(v)
        : /^ELBSecurityPolicy-(TLS13-1-[23]|TLS-1-2|FS-1-2)-/.test(String(v)) ? undefined : "it accepts TLS versions before 1.2 for every Ingress of the class"),
    sslRedirectPort: (v) => (String(v) === "443" ? undefined : "the ALB authenticates only on HTTPS: port 80 must redirect to 443"),
    targetType: (v, w) => (!w || v === "ip" ? undefined : "the program routes to pod IPs (target type ip), which the sign-out server and the doors rely on"),
    loadBalancerName: (v, w) => sameAs(w?.loadBalancerName, "the ALB's name")(v),
    // ALB attributes merge per key, the class's winning: the same allow-list as extraAnnotations.
    loadBalancerAttributes: (v) => {
        if (!Array.isArray(v)) return "it must be a list of {key, value}";
        const c = checkLbAttributes(v.map((a: { key?: unknown; value?: unknown }) => `${a?.key}=${a?.value}`).join(","));
        return c && `${c.wrong} (${c.fix})`;
    },
    ipAddressType: (v) => (["ipv4", "dualstack", "dualstack-without-public-ipv4"].includes(String(v)) ? undefined : "it is not an address type the controller knows"),
    subnets: (_v, w) => (w?.subnetsAnnotation ? "extraAnnotations sets subnets too, and the controller stops a group whose class and annotations both name subnets" : undefined),
    tags: () => undefined,
    minimumLoadBalancerCapacity: () => undefined,
    ipamConfiguration: () => undefined,
    certificateArn: "it replaces the stack's certificate on every Ingress of the class",
    listeners: "it sets listeners and their attributes (ports, protocols, CORS headers) over the stack's HTTPS-only listeners",
    prefixListsIDs: "it opens the ALB to prefix lists beside inboundCidrs",
    PrefixListsIDs: "it opens the ALB to prefix lists beside inboundCidrs",
    wafv2AclArn: "it replaces (or detaches) the stack's web ACL (wafAclArn)",
    wafv2AclName: "it replaces (or detaches) the stack's web ACL (wafAclArn), and wins over any ARN",
};

/** A value the controller reads as not set: it skips empty strings and lists (model_build_load_balancer_addons.go and the like). */
const unset = (v: unknown) => v === undefined || v === null || v === "" || (Array.isArray(v) && v.length === 0) || isPlaceholder(v);

/** What the parameters set that this stack cannot accept; empty when every field passes. */
export function classParamsFindings(spec: Record<string, unknown> | undefined, want?: ClassParamsWant): ClassParamsFinding[] {
    const out: ClassParamsFinding[] = [];
    for (const [field, value] of Object.entries(spec ?? {})) {
        if (unset(value)) continue;
        const rule = FIELDS[field];
        const why = rule === undefined
            ? "this program has not reviewed this field (a newer controller's?), and the class's parameters apply to every Ingress of the class"
            : typeof rule === "string" ? rule : rule(value, want);
        if (why) out.push({ field, value: show(value).slice(0, 200), why });
    }
    return out;
}

/** The fields of IngressClassParams this program accepts (with the stack's own values where it sets them too). */
export const ACCEPTED_CLASS_PARAMS = Object.keys(FIELDS).filter((f) => typeof FIELDS[f] !== "string");

/** The error to stop with when the parameters set what the stack cannot accept, or undefined. */
export function classParamsError(name: string, spec: Record<string, unknown> | undefined, want: ClassParamsWant): UserFacingError | undefined {
    const found = classParamsFindings(spec, want);
    if (!found.length) return undefined;
    return new UserFacingError(`IngressClassParams ${name} of IngressClass ${want.ingressClassName} sets ${found.map((f) => `${f.field} ${f.value} (${f.why})`).join("; ")}. ` +
        "The controller applies a class's parameters to every Ingress of the class, over their annotations, so the console would not be served as configured; nothing was changed. " +
        `Remove ${found.length === 1 ? "that field" : "those fields"} from the IngressClassParams (\`kubectl edit ingressclassparams ${shellQuote(name)}\`), or use an IngressClass without parameters ` +
        `or whose parameters set only ${ACCEPTED_CLASS_PARAMS.join(", ")} (group, scheme, inboundCIDRs, sslPolicy, sslRedirectPort, targetType and loadBalancerName as this stack sets them).`);
}
