/**
 * The doors of the one ALB: more UIs (`apps`), paths served without login (`publicPaths`) or with
 * 401 instead of a redirect (`apiPaths`), and the ALB's group-wide options. Every conflict the
 * controller or a browser would hit later is refused here, before anything is registered.
 * @see https://kubernetes-sigs.github.io/aws-load-balancer-controller/latest/guide/ingress/annotations/
 */
import { ANNOTATIONS_SIZE_LIMIT, ANNOTATION_PREFIX, annotationProblem } from "./annotationPolicy";
import { TRAVERSAL_PATTERNS, signedOutPath } from "../components/routes";
import { partitionOf } from "../region/regions";
import { Problem, asShown, problem } from "./errors";
import { fullKey } from "./keys";
import * as rules from "./rules";
import { RawValue } from "./sources";
import { didYouMean } from "./suggest";
import { parsesAs } from "./keyCheck";

export interface AppSettings {
    name: string;
    hostname: string;
    serviceName: string;
    servicePort: number | string;
    namespace: string;
    publicPaths: string[];
    apiPaths: string[];
    /** Set: the app has a client of its own and this list instead of the stack's allowedGroups (checked in access.ts). */
    allowedGroups?: string[];
}

export const DESYNC_MODES = ["defensive", "strictest", "monitor"] as const;

export interface AlbSettings {
    groupName: string;
    scheme: "internet-facing" | "internal";
    inboundCidrs: string[];
    wafAclArn?: string;
    ingressClassName: string;
    extraAnnotations: Record<string, string>;
    /** Security Hub's ELB controls: ELB.4, ELB.12/14, ELB.6, ELB.5. */
    dropInvalidHeaders: boolean;
    desyncMitigationMode: (typeof DESYNC_MODES)[number];
    deletionProtection: boolean;
    accessLogs: boolean;
}

const GROUP_NAME = /^([a-z0-9][-a-z0-9.]*)?[a-z0-9]$/;
const APP_FIELDS = ["name", "hostname", "serviceName", "servicePort", "namespace", "publicPaths", "apiPaths", "allowedGroups"] as const;

export interface DoorsInput {
    raw: (key: string) => RawValue | undefined;
    /** Keys the CLI's type check refused already (full names): reported once, there. */
    refused: ReadonlySet<string>;
    stackGroupName: string;
    uiHostname?: string;
    namespace?: string;
    region?: string;
    signOutPath?: string;
}

export interface Doors {
    publicPaths: string[];
    apiPaths: string[];
    apps: AppSettings[];
    alb: AlbSettings;
}

// A value of the wrong type was reported by keyCheck; here it counts as empty.
const list = (r: RawValue | undefined): unknown[] => (r ? parsesAs(r.value, "array") ?? [] : []);

/** More than an ALB listener's rules can hold (100 by default): refused before anything else is checked. */
const MAX_PATHS = 100;
const MAX_APPS = 25;

export function validateDoors(i: DoorsInput, problems: Problem[], warnings: string[]): Doors {
    const bounded = (key: string, max: number): unknown[] => {
        const items = list(i.raw(key));
        if (items.length <= max) return items;
        problems.push(problem(fullKey(key), `${items.length} items`, `an ALB listener holds 100 rules by default, and one group cannot serve more than ${max} ${key}`,
            "Serve them from fewer prefixes (a prefix covers every path below it), or split them over two stacks.", i.raw(key)?.origin));
        return [];
    };
    const publicPaths = paths("publicPaths", bounded("publicPaths", MAX_PATHS), i.raw("publicPaths")?.origin, problems);
    const apiPaths = paths("apiPaths", bounded("apiPaths", MAX_PATHS), i.raw("apiPaths")?.origin, problems);
    checkOverlaps("", publicPaths, apiPaths, i.signOutPath, problems);
    const apps = bounded("apps", MAX_APPS).map((a, n) => app(a, n, i, problems)).filter((a): a is AppSettings => a !== undefined);
    const hosts = new Map<string, string>(i.uiHostname ? [[i.uiHostname, "uiHostname"]] : []);
    const names = new Set<string>();
    apps.forEach((a, n) => {
        const other = hosts.get(a.hostname);
        if (other) problems.push(problem(fullKey(`apps[${n}].hostname`), a.hostname, `${other} already uses this hostname; one host is one door`, "Give each app its own hostname, or list the paths under the existing host."));
        hosts.set(a.hostname, `apps[${n}] (${a.name})`);
        if (names.has(a.name)) problems.push(problem(fullKey(`apps[${n}].name`), a.name, "another app has this name", "Give each app a name of its own: its Ingresses are named after it."));
        names.add(a.name);
    });
    const settings = alb(i, problems, warnings);
    checkRuleQuota({ publicPaths, apiPaths }, apps, i.signOutPath ? 1 : 0, problems);
    return { publicPaths, apiPaths, apps, alb: settings };
}

/**
 * The ALB allows 100 rules per listener by default; each site needs two of its own (and one for
 * sign-out), one per path, and its traversal guard's. Blames the key that adds the most.
 */
export function checkRuleQuota(consoleSite: { publicPaths: string[]; apiPaths: string[] }, apps: AppSettings[], signOutRules: number, problems: Problem[]): void {
    const site = (s: { publicPaths: string[]; apiPaths: string[] }) => 2 + signOutRules + s.publicPaths.length + s.apiPaths.length + (s.publicPaths.length + s.apiPaths.length ? TRAVERSAL_PATTERNS.length : 0);
    const total = site(consoleSite) + apps.reduce((n, a) => n + site(a), 0);
    if (total <= 100) return;
    const parts: [string, number][] = [["publicPaths", consoleSite.publicPaths.length], ["apiPaths", consoleSite.apiPaths.length], ["apps", total - site(consoleSite)]];
    const [key, most] = parts.reduce((a, b) => (b[1] > a[1] ? b : a));
    const fix = key === "apps"
        ? "Move some apps to another stack (with a groupName of its own), or list fewer paths per app."
        : `List fewer ${key} (a prefix covers every path below it)${apps.length ? ", or move some apps to another stack (with a groupName of its own)" : ""}.`;
    problems.push(problem(fullKey(key), key === "apps" ? `${apps.length} app(s)` : `${most} items`,
        `the group needs ${total} listener rules (${parts.map(([k, n]) => `${k} ${n}`).join(", ")}, and ${total - parts.reduce((n, [, x]) => n + x, 0)} for the console's default, sign-out and traversal-guard rules), ` +
        "over the ALB's default quota of 100 rules per listener: the controller would fail the whole group", fix));
}

function paths(key: string, values: unknown[], origin: string | undefined, problems: Problem[]): string[] {
    const out: string[] = [];
    values.forEach((v, n) => {
        const k = fullKey(`${key}[${n}]`);
        if (typeof v !== "string") return void problems.push(problem(k, asShown(v), "it must be a path", 'Use e.g. "/healthz".', origin));
        const c = rules.checkDoorPath(v);
        if (c) problems.push(problem(k, v, c.wrong, c.fix, origin));
        else out.push(v);
    });
    return out;
}

/**
 * Public and 401-only prefixes must not overlap each other or the sign-out endpoint. Linear in the
 * number of path segments: each path looks up its own prefixes among the paths listed before it.
 */
function checkOverlaps(where: string, publicPaths: string[], apiPaths: string[], signOutPath: string | undefined, problems: Problem[]): void {
    const all: [string, string][] = [...publicPaths.map((p): [string, string] => [`${where}publicPaths`, p]), ...apiPaths.map((p): [string, string] => [`${where}apiPaths`, p])];
    const seen = new Map<string, string>();
    const below = new Map<string, [string, string]>();
    for (const [kb, b] of all) {
        const segments = b.split("/");
        const prefixes = segments.map((_, i) => segments.slice(0, i + 1).join("/")).filter((x) => x.length > 0);
        // An earlier path equal to or above this one, or one below it.
        const above = prefixes.map((x) => (seen.has(x) ? [seen.get(x)!, x] : undefined)).find(Boolean);
        const under = below.get(b);
        const other = above ?? under;
        if (other) problems.push(problem(fullKey(kb), b, `it overlaps ${other[1]} in ${other[0]}: which one wins would depend on rule order`, "List each prefix once, in one of publicPaths and apiPaths."));
        seen.set(b, kb);
        for (const x of prefixes.slice(0, -1)) if (!below.has(x)) below.set(x, [kb, b]);
    }
    if (!signOutPath) return;
    for (const [k, p] of all) {
        if ([signOutPath, signedOutPath(signOutPath)].some((s) => rules.pathCovers(p, s) || rules.pathCovers(s, p))) {
            problems.push(problem(fullKey(k), p, `it covers the sign-out endpoint ${signOutPath} (or its signed-out page), which the program routes itself`, "Choose a prefix apart from it, or move the endpoint with signOutPath."));
        }
    }
}

function app(v: unknown, n: number, i: DoorsInput, problems: Problem[]): AppSettings | undefined {
    const key = (f: string) => fullKey(`apps[${n}]${f ? `.${f}` : ""}`);
    if (typeof v !== "object" || v === null || Array.isArray(v)) return void problems.push(problem(key(""), asShown(v), "each app is an object", `Set its fields, e.g. \`pulumi config set --path 'apps[${n}].name' grafana\`.`));
    const o = v as Record<string, unknown>;
    const before = problems.length;
    for (const f of Object.keys(o).filter((f) => !(APP_FIELDS as readonly string[]).includes(f))) {
        problems.push(problem(key(f), asShown(o[f]), "apps have no such field (a typo?)", `${didYouMean(f, APP_FIELDS)} Fields: ${APP_FIELDS.join(", ")}.`.trim()));
    }
    const str = (f: string, check: (s: string) => rules.Check | undefined, required = true): string | undefined => {
        const x = o[f];
        if (x === undefined && !required) return undefined;
        if (typeof x !== "string" && !(f === "servicePort" && typeof x === "number")) return void problems.push(problem(key(f), x === undefined ? undefined : asShown(x), `apps[${n}] needs ${f}`, `Set it with \`pulumi config set --path 'apps[${n}].${f}' <value>\`.`));
        const s = String(x);
        const c = check(s);
        return c ? void problems.push(problem(key(f), s, c.wrong, c.fix)) : s;
    };
    const name = str("name", (s) => (s.length > 40 ? { wrong: "at most 40 characters (Ingress names are built from it)", fix: "Shorten it." } : rules.checkDnsLabel(s, "app name")));
    const hostname = str("hostname", rules.checkHostname)?.toLowerCase();
    const serviceName = str("serviceName", rules.checkServiceName);
    const portRaw = str("servicePort", (s) => { const p = rules.parsePort(s); return rules.isCheck(p) ? p : undefined; });
    const namespace = str("namespace", (s) => rules.checkDnsLabel(s, "namespace"), false) ?? i.namespace ?? "default";
    const publicPaths = paths(`apps[${n}].publicPaths`, Array.isArray(o.publicPaths) ? o.publicPaths : o.publicPaths === undefined ? [] : [o.publicPaths], undefined, problems);
    const apiPaths = paths(`apps[${n}].apiPaths`, Array.isArray(o.apiPaths) ? o.apiPaths : o.apiPaths === undefined ? [] : [o.apiPaths], undefined, problems);
    checkOverlaps(`apps[${n}].`, publicPaths, apiPaths, i.signOutPath, problems);
    const allowed = o.allowedGroups;
    if (allowed !== undefined && (!Array.isArray(allowed) || allowed.some((g) => typeof g !== "string"))) {
        problems.push(problem(key("allowedGroups"), asShown(allowed), "it is a list of group names", `Set it with \`pulumi config set --path 'apps[${n}].allowedGroups[0]' <group>\`.`));
    }
    if (problems.length > before || !name || !hostname || !serviceName || portRaw === undefined) return undefined;
    return { name, hostname, serviceName, servicePort: rules.parsePort(portRaw) as number | string, namespace, publicPaths, apiPaths, ...(Array.isArray(allowed) ? { allowedGroups: allowed as string[] } : {}) };
}

function alb(i: DoorsInput, problems: Problem[], warnings: string[]): AlbSettings {
    const text = (k: string) => i.raw(k)?.value.trim();
    const report = (k: string, v: string, c: rules.Check) => void (i.refused.has(fullKey(k)) || problems.push(problem(fullKey(k), v, c.wrong, c.fix, i.raw(k)?.origin)));
    const groupName = text("groupName") ?? i.stackGroupName;
    if (groupName.length > 63 || !GROUP_NAME.test(groupName)) report("groupName", groupName, { wrong: "an IngressGroup name is at most 63 lowercase letters, digits, '-' and '.', starting and ending with a letter or digit", fix: 'Use e.g. "mdai-prod".' });
    const scheme = text("scheme") ?? "internet-facing";
    if (scheme !== "internet-facing" && scheme !== "internal") report("scheme", scheme, { wrong: "it must be internet-facing or internal", fix: "Allowed values are: internet-facing, internal." });
    const inboundCidrs = list(i.raw("inboundCidrs")).filter((c, n): c is string => {
        const bad = typeof c !== "string" ? { wrong: "it must be a CIDR block", fix: `Use e.g. "${rules.CIDR_EXAMPLE}".` } : rules.checkCidr(c);
        if (bad) problems.push(problem(fullKey(`inboundCidrs[${n}]`), asShown(c), bad.wrong, bad.fix, i.raw("inboundCidrs")?.origin));
        return !bad;
    });
    const extra = extraAnnotations(i.raw("extraAnnotations"), problems);
    // The controller opens IPv6 CIDRs only on a dualstack ALB (model_build_managed_sg.go): elsewhere they would be dropped.
    const dualstack = /^dualstack/.test(extra[`${ANNOTATION_PREFIX}ip-address-type`] ?? "");
    inboundCidrs.forEach((c, n) => {
        if (c.includes(":") && !dualstack) {
            problems.push(problem(fullKey(`inboundCidrs[${n}]`), c, "it is an IPv6 block, which the controller ignores unless the ALB is dualstack (the ALB would not be open to it)",
                'Set extraAnnotations."alb.ingress.kubernetes.io/ip-address-type" to dualstack, or list IPv4 blocks only.', i.raw("inboundCidrs")?.origin));
        }
    });
    const wafAclArn = text("wafAclArn");
    if (wafAclArn) checkWafArn(wafAclArn, i.region, (c) => report("wafAclArn", wafAclArn, c));
    const ingressClassName = text("ingressClassName") ?? "alb";
    const cc = rules.checkDnsSubdomain(ingressClassName, "IngressClass");
    if (cc) report("ingressClassName", ingressClassName, cc);
    const flag = (k: string, fallback: boolean) => {
        const v = text(k);
        const b = v === undefined ? fallback : rules.parseBoolean(v);
        if (!rules.isCheck(b)) return b;
        report(k, v!, b);
        return fallback;
    };
    const dropInvalidHeaders = flag("dropInvalidHeaders", true);
    if (!dropInvalidHeaders) warnings.push("dropInvalidHeaders is false: the ALB forwards requests with header fields that are not valid HTTP (Security Hub ELB.4 fails).");
    const desync = text("desyncMitigationMode") ?? "defensive";
    if (!(DESYNC_MODES as readonly string[]).includes(desync)) report("desyncMitigationMode", desync, { wrong: `it must be one of ${DESYNC_MODES.join(", ")}`, fix: "Allowed values are: defensive, strictest, monitor." });
    else if (desync === "monitor") warnings.push("desyncMitigationMode is monitor: the ALB forwards requests that could desynchronise it from the backend (request smuggling); Security Hub ELB.12 fails.");
    const deletionProtection = flag("albDeletionProtection", true);
    if (!deletionProtection) warnings.push("albDeletionProtection is false: anyone with elasticloadbalancing:DeleteLoadBalancer can delete the console's ALB (Security Hub ELB.6).");
    return { groupName, scheme: scheme as AlbSettings["scheme"], inboundCidrs, wafAclArn, ingressClassName, extraAnnotations: extra, dropInvalidHeaders,
        desyncMitigationMode: desync as AlbSettings["desyncMitigationMode"], deletionProtection, accessLogs: flag("albAccessLogs", false) };
}

function checkWafArn(v: string, region: string | undefined, report: (c: rules.Check) => void): void {
    const m = /^arn:(aws|aws-cn|aws-us-gov):([a-z0-9-]+):([a-z0-9-]*):(\d{12}):(.+)$/.exec(v);
    if (!m) return report({ wrong: "it is not an ARN", fix: "Copy the web ACL's ARN from the AWS WAF console (arn:aws:wafv2:<region>:<account>:regional/webacl/<name>/<id>)." });
    const [, partition, service, arnRegion, , resource] = m;
    if (service !== "wafv2") return report({ wrong: `it is an ARN of the ${service} service; the ALB takes a WAFv2 web ACL`, fix: "Create the web ACL in AWS WAF (v2) and use its ARN." });
    if (!/^regional\/webacl\/[^/]+\/[^/]+$/.test(resource)) {
        return report({ wrong: resource.startsWith("global/") ? "it is a global (CloudFront) web ACL; an ALB needs a regional one" : "it is not a web ACL", fix: "Create a regional web ACL in the stack's region and use its ARN." });
    }
    if (region && arnRegion !== region) return report({ wrong: `the web ACL is in ${arnRegion}, but an ALB can only use one of its own region (${region})`, fix: `Create the web ACL in ${region}.` });
    if (region && partition !== partitionOf(region)) report({ wrong: `an ARN in ${region} starts with arn:${partitionOf(region)}:`, fix: "Copy the web ACL's ARN from the stack's region." });
}

/** Room the program's own annotations need on one Ingress (the IdP JSON, certificates, attributes), well over what they take. */
const OWN_ANNOTATIONS_RESERVE = 16 * 1024;

function extraAnnotations(r: RawValue | undefined, problems: Problem[]): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries((r && parsesAs(r.value, "object")) ?? {})) {
        const key = fullKey(`extraAnnotations.${k}`);
        if (typeof v !== "string") {
            problems.push(problem(key, asShown(v), "annotation values are strings", `Quote it: "${String(v)}".`));
            continue;
        }
        const c = annotationProblem(k, v);
        if (c) problems.push(problem(key, v, c.wrong, c.fix));
        else out[k] = v;
    }
    const size = Object.entries(out).reduce((n, [k, v]) => n + Buffer.byteLength(k) + Buffer.byteLength(v), 0);
    if (size > ANNOTATIONS_SIZE_LIMIT - OWN_ANNOTATIONS_RESERVE) {
        problems.push(problem(fullKey("extraAnnotations"), `${size} bytes`, `Kubernetes allows ${ANNOTATIONS_SIZE_LIMIT / 1024} KiB of annotations on an object, and the program needs up to ${OWN_ANNOTATIONS_RESERVE / 1024} KiB of them`,
            "Keep extraAnnotations under 240 KiB."));
    }
    return out;
}
