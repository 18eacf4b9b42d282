/**
 * The login guarantee, for Kubernetes objects whoever wrote them: plain functions over manifests,
 * which the policy pack (policy/index.ts, `pulumi preview --policy-pack policy`), `npm run policy`
 * and the plan all call. An Ingress the AWS Load Balancer Controller serves must authenticate
 * (Cognito or OIDC, or check a bearer token) unless it is marked public on purpose; listen on HTTPS
 * with port 80 redirected; use a TLS 1.2+ policy; and set no ALB attribute that weakens the group or
 * contradicts another member (the controller then stops the whole group). An IngressClassParams may
 * set only what config/classParamsPolicy.ts allows; no Service of type LoadBalancer exposes the console.
 */
import { ANNOTATION_PREFIX as A, PUBLIC_MARKER } from "../config/annotationPolicy";
import { ClassParamsWant, classParamsFindings } from "../config/classParamsPolicy";

export { PUBLIC_MARKER };

export type Level = "mandatory" | "advisory" | "disabled";

export interface Violation {
    rule: string;
    level: Exclude<Level, "disabled">;
    /** `Kind namespace/name`. */
    object: string;
    message: string;
    fix: string;
}

export interface PolicyOptions {
    /** IngressClasses served by the AWS Load Balancer Controller. @default ["alb"] */
    ingressClasses?: string[];
    /** Services that are the console (`namespace/name` or `name`). @default ["mdai-console"] */
    consoleServices?: string[];
    /** A rule's level instead of its default. */
    levels?: Record<string, Level>;
    /** What the stack sets, when the objects are its own (the plan): IngressClassParams are then held to it. */
    want?: ClassParamsWant;
}

export interface K8sObject {
    apiVersion?: string;
    kind?: string;
    metadata?: { name?: string; namespace?: string; annotations?: Record<string, string> };
    spec?: Record<string, unknown>;
}

interface Rule {
    name: string;
    description: string;
    level: Exclude<Level, "disabled">;
    /** One object's violations; `all` for rules across objects (a group's members). */
    check(o: K8sObject, all: K8sObject[], opts: PolicyOptions): Omit<Violation, "rule" | "level">[];
}

const id = (o: K8sObject) => `${o.kind} ${o.metadata?.namespace ?? "default"}/${o.metadata?.name}`;
const ann = (o: K8sObject) => o.metadata?.annotations ?? {};

/** Whether the AWS Load Balancer Controller serves this Ingress: its class, or the legacy class annotation. */
export function servedByAlb(o: K8sObject, opts: PolicyOptions): boolean {
    if (o.kind !== "Ingress") return false;
    const classes = opts.ingressClasses ?? ["alb"];
    const cls = (o.spec?.ingressClassName as string | undefined) ?? ann(o)["kubernetes.io/ingress.class"];
    return cls !== undefined && classes.includes(cls);
}

/** Predefined ELB policies whose lowest version is TLS 1.2 or 1.3 (their names say so: TLS13-1-2, TLS13-1-3, TLS-1-2, FS-1-2). */
export const isTls12Policy = (p: string) => /^ELBSecurityPolicy-(TLS13-1-[23]|TLS-1-2|FS-1-2)-/.test(p);

/** ALB attributes that turn one of the group's protections off. */
const WEAKENING: Record<string, (v: string) => boolean> = {
    "routing.http.drop_invalid_header_fields.enabled": (v) => v === "false",
    "routing.http.desync_mitigation_mode": (v) => v === "monitor",
    "deletion_protection.enabled": (v) => v === "false",
    "waf.fail_open.enabled": (v) => v === "true",
};

const attributes = (o: K8sObject): [string, string][] => (ann(o)[`${A}load-balancer-attributes`] ?? "").split(",").map((p) => p.trim()).filter((p) => p.includes("="))
    .map((p) => [p.slice(0, p.indexOf("=")).trim(), p.slice(p.indexOf("=") + 1).trim()]);

export const RULES: readonly Rule[] = [
    {
        name: "ingress-authenticates", level: "mandatory",
        description: "An Ingress the AWS Load Balancer Controller serves authenticates every request (auth-type cognito or oidc, or jwt-validation), unless it is marked public on purpose.",
        check: (o, _all, opts) => {
            if (!servedByAlb(o, opts)) return [];
            const a = ann(o);
            const auth = a[`${A}auth-type`] ?? "none";
            if (auth === "cognito" || auth === "oidc" || a[`${A}jwt-validation`] !== undefined || a[PUBLIC_MARKER]) return [];
            return [{ object: id(o), message: `it forwards to its backends without authentication (auth-type ${auth}, no jwt-validation): every path it lists is open to anyone who reaches the ALB`,
                fix: `Set alb.ingress.kubernetes.io/auth-type to cognito or oidc with its auth-idp annotation, or jwt-validation for API clients; if the paths are meant to be public, say so with the annotation ${PUBLIC_MARKER}: "<why>".` }];
        },
    },
    {
        name: "https-only", level: "mandatory",
        description: "It listens on HTTPS, and port 80 only redirects (ssl-redirect): the ALB authenticates on HTTPS listeners only.",
        check: (o, _all, opts) => {
            if (!servedByAlb(o, opts)) return [];
            const a = ann(o);
            let ports: Record<string, number>[] = [{ HTTP: 80 }];
            try {
                ports = a[`${A}listen-ports`] ? JSON.parse(a[`${A}listen-ports`]) : ports;
            } catch {
                return [{ object: id(o), message: "its listen-ports is not JSON", fix: `Write it as JSON, e.g. '[{"HTTPS":443}]'.` }];
            }
            const http = ports.some((p) => "HTTP" in p);
            const https = ports.some((p) => "HTTPS" in p);
            if (!https) return [{ object: id(o), message: "it listens on HTTP only (listen-ports, whose default is HTTP 80): the ALB authenticates nobody there and the traffic is in the clear", fix: `Set listen-ports to '[{"HTTP":80},{"HTTPS":443}]' with ssl-redirect "443", and a certificate.` }];
            if (http && !a[`${A}ssl-redirect`]) return [{ object: id(o), message: "it listens on HTTP without ssl-redirect: port 80 forwards in the clear, past the login", fix: 'Set alb.ingress.kubernetes.io/ssl-redirect: "443", or listen on HTTPS only.' }];
            return [];
        },
    },
    {
        name: "tls-policy", level: "mandatory",
        description: "It uses a TLS 1.2+ security policy (the controller's default, ELBSecurityPolicy-2016-08, accepts TLS 1.0).",
        check: (o, _all, opts) => {
            if (!servedByAlb(o, opts)) return [];
            const p = ann(o)[`${A}ssl-policy`];
            if (p && isTls12Policy(p)) return [];
            return [{ object: id(o), message: p ? `its ssl-policy ${p} accepts versions before TLS 1.2` : "it sets no ssl-policy, so the controller's default ELBSecurityPolicy-2016-08 (TLS 1.0 and up) applies to the group",
                fix: 'Set alb.ingress.kubernetes.io/ssl-policy to a TLS 1.2+ policy, e.g. "ELBSecurityPolicy-TLS13-1-2-2021-06".' }];
        },
    },
    {
        // Advisory by default: the program's own opt-outs (dropInvalidHeaders false, …) are explicit, and warn.
        name: "alb-hardening", level: "advisory",
        description: "It sets no load-balancer attribute that turns a protection of the group's ALB off (invalid headers kept, desync monitor only, no deletion protection, WAF fail-open).",
        check: (o, _all, opts) => (!servedByAlb(o, opts) ? [] : attributes(o).filter(([k, v]) => WEAKENING[k]?.(v))
            .map(([k, v]) => ({ object: id(o), message: `it sets ${k}=${v}, which turns a protection of the whole group's ALB off`, fix: `Remove ${k} from load-balancer-attributes.` }))),
    },
    {
        name: "alb-attributes-agree", level: "mandatory",
        description: "It sets no load-balancer attribute another member of its group sets otherwise: the controller stops reconciling the whole group on a conflict.",
        check: (o, all, opts) => {
            if (!servedByAlb(o, opts)) return [];
            const out: Omit<Violation, "rule" | "level">[] = [];
            const group = ann(o)[`${A}group.name`];
            if (!group) return out;
            const mine = new Map(attributes(o));
            for (const other of all.filter((x) => x !== o && servedByAlb(x, opts) && ann(x)[`${A}group.name`] === group)) {
                for (const [k, v] of attributes(other)) {
                    if (mine.has(k) && mine.get(k) !== v && id(o) < id(other)) {
                        out.push({ object: id(o), message: `it sets ${k}=${mine.get(k)}, and ${id(other)} of the same group sets ${v}: the controller stops reconciling the whole group`, fix: `Give every member of group ${group} the same ${k}, or none.` });
                    }
                }
            }
            return out;
        },
    },
    {
        name: "ingress-class-params", level: "mandatory",
        description: "An IngressClassParams sets only what cannot weaken the login, HTTPS or the ALB's exposure (config/classParamsPolicy.ts).",
        check: (o, _all, opts) => {
            if (o.kind !== "IngressClassParams") return [];
            return classParamsFindings(o.spec, opts.want).map((f) => ({ object: id(o).replace(/ default\//, " /"), message: `it sets ${f.field} ${f.value}: ${f.why}`, fix: `Remove ${f.field} from the IngressClassParams.` }));
        },
    },
    {
        name: "no-public-service", level: "mandatory",
        description: "No Service of type LoadBalancer exposes the console (it would reach it past the ALB and its login).",
        check: (o, _all, opts) => {
            if (o.kind !== "Service" || o.spec?.type !== "LoadBalancer") return [];
            const names = opts.consoleServices ?? ["mdai-console"];
            const full = `${o.metadata?.namespace ?? "default"}/${o.metadata?.name}`;
            if (!names.includes(full) && !names.includes(o.metadata?.name ?? "")) return [];
            return [{ object: id(o), message: "it is the console's Service with type LoadBalancer: a load balancer of its own reaches the console without the ALB's login", fix: "Make it type ClusterIP; the ALB reaches it through the Ingress." }];
        },
    },
];

/** Every violation of the objects, at its rule's level (levels may raise, lower or disable a rule). */
export function checkObjects(objects: K8sObject[], opts: PolicyOptions = {}): Violation[] {
    return RULES.flatMap((r) => {
        const level = opts.levels?.[r.name] ?? r.level;
        if (level === "disabled") return [];
        return objects.flatMap((o) => r.check(o, objects, opts).map((v) => ({ ...v, rule: r.name, level })));
    });
}
