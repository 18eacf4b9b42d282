/**
 * Which AWS Load Balancer Controller annotations `extraAnnotations` may set: an allow-list of those
 * known not to weaken what the program guarantees (the login, HTTPS only, the ALB's exposure, the
 * group), each with a check of its value where a value could weaken it. Anything else is refused
 * with the reason; the program's own settings are never overridden.
 * @see https://kubernetes-sigs.github.io/aws-load-balancer-controller/latest/guide/ingress/annotations/
 */
import { Check, fail } from "./rules";

export const ANNOTATION_PREFIX = "alb.ingress.kubernetes.io/";

/** The annotation by which an Ingress says it is meant to be public (its value says why): the policy pack (policy/rules.ts) refuses an unauthenticated one without it. */
export const PUBLIC_MARKER = "mdai.io/public-door";

/** The TLS policy the program sets on every member: the controller's default (ELBSecurityPolicy-2016-08) lacks TLS 1.3. */
export const TLS13_SSL_POLICY = "ELBSecurityPolicy-TLS13-1-2-2021-06";

/** ALB attributes the program sets itself (Security Hub ELB.4, ELB.5, ELB.6, ELB.12), through their own keys. */
export const PROGRAM_LB_ATTRIBUTES: Readonly<Record<string, string>> = {
    "routing.http.drop_invalid_header_fields.enabled": "dropInvalidHeaders",
    "routing.http.desync_mitigation_mode": "desyncMitigationMode",
    "deletion_protection.enabled": "albDeletionProtection",
    "access_logs.s3.enabled": "albAccessLogs",
    "access_logs.s3.bucket": "albAccessLogs",
    "access_logs.s3.prefix": "albAccessLogs",
};

/** Other load-balancer attributes that change no exposure and no check (ELB's DescribeLoadBalancerAttributes). */
const SAFE_LB_ATTRIBUTES: Readonly<Record<string, (v: string) => boolean>> = {
    "idle_timeout.timeout_seconds": (v) => /^\d{1,4}$/.test(v) && Number(v) >= 1 && Number(v) <= 4000,
    "client_keep_alive.seconds": (v) => /^\d{2,6}$/.test(v) && Number(v) >= 60 && Number(v) <= 604800,
    "routing.http2.enabled": (v) => v === "true" || v === "false",
    "routing.http.preserve_host_header.enabled": (v) => v === "true" || v === "false",
    "routing.http.x_amzn_tls_version_and_cipher_suite.enabled": (v) => v === "true" || v === "false",
    "routing.http.xff_client_port.enabled": (v) => v === "true" || v === "false",
    "routing.http.xff_header_processing.mode": (v) => ["append", "preserve", "remove"].includes(v),
    // Open (true) lets requests through unchecked while WAF is unreachable.
    "waf.fail_open.enabled": (v) => v === "false",
};

/** HTTPS listener attributes: response headers only, and never credentialed CORS for any origin. */
const SAFE_LISTENER_ATTRIBUTE = /^routing\.http\.response\.(strict_transport_security|content_security_policy|x_content_type_options|x_frame_options|access_control_allow_(origin|methods|headers|credentials)|access_control_expose_headers|access_control_max_age)\.header_value$|^routing\.http\.response\.server\.enabled$/;

const list = (v: string) => v.split(",").map((x) => x.trim()).filter(Boolean);
const pairs = (v: string) => list(v).map((p) => [p.slice(0, p.indexOf("=")).trim(), p.slice(p.indexOf("=") + 1).trim(), p] as const);

export function checkLbAttributes(v: string): Check | undefined {
    for (const [k, value, item] of pairs(v)) {
        if (!item.includes("=")) return fail(`"${item}" is not key=value`, "Write attributes as key=value pairs separated by commas.");
        const own = PROGRAM_LB_ATTRIBUTES[k];
        if (own) return fail(`the program sets ${k} itself (Security Hub's ELB controls)`, `Use the ${own} key instead.`);
        const check = SAFE_LB_ATTRIBUTES[k];
        if (!check) return fail(`${k} is not among the attributes known not to weaken the ALB (${Object.keys(SAFE_LB_ATTRIBUTES).join(", ")})`, "Remove it, or set it on the ALB outside this program.");
        if (!check(value)) return fail(`${k}=${value} is not allowed${k === "waf.fail_open.enabled" ? ": an open WAF lets requests through unchecked" : ""}`, "Use a value AWS documents for it (for waf.fail_open.enabled only false).");
    }
    return undefined;
}

/** HSTS shorter than a year lets a browser fall back to plain HTTP, where the ALB only redirects (OWASP, HSTS preload lists). */
export const MIN_HSTS_SECONDS = 31536000;
const CORS = "routing.http.response.access_control_allow_";

function checkListenerAttributes(v: string): Check | undefined {
    const attrs = new Map(pairs(v).map(([k, value]) => [k, value]));
    for (const [k] of attrs) {
        if (!SAFE_LISTENER_ATTRIBUTE.test(k)) return fail(`${k} is not among the response-header attributes this program lets through`, "Remove it, or set it on the listener outside this program.");
    }
    // The ALB and browsers read these values without regard to case: so do the checks.
    const origin = attrs.get(`${CORS}origin.header_value`)?.trim();
    const credentials = attrs.get(`${CORS}credentials.header_value`)?.trim().toLowerCase() === "true";
    if (origin !== undefined && origin.toLowerCase() === "null") {
        return fail("it allows the origin null, which sandboxed frames and local files send: any page can claim it", "Name the https:// origins that may call the console.");
    }
    if (credentials && origin !== undefined && !/^https:\/\/[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:\d{1,5})?$/i.test(origin)) {
        return fail(origin === "*" ? "it sends credentialed CORS headers for any origin: any web page could read the console's responses with the user's session"
            : `with credentials, the allowed origin must be one explicit https:// origin (scheme, host and optional port, nothing else), not ${JSON.stringify(origin)}`,
        "Name the one https:// origin that may call the console with the user's session (e.g. https://dashboards.your-company.com), or drop allow_credentials.");
    }
    const hsts = attrs.get("routing.http.response.strict_transport_security.header_value");
    if (hsts !== undefined) {
        const maxAge = /(?:^|;)\s*max-age\s*=\s*"?(\d+)"?\s*(?:;|$)/i.exec(hsts)?.[1];
        if (maxAge === undefined || Number(maxAge) < MIN_HSTS_SECONDS) {
            return fail(`Strict-Transport-Security ${JSON.stringify(hsts)} is weaker than a year (max-age ${MIN_HSTS_SECONDS}): browsers would try plain HTTP again sooner`,
                `Use at least "max-age=${MIN_HSTS_SECONDS}", or leave the header out.`);
        }
    }
    return undefined;
}

const oneOf = (...values: string[]) => (v: string) => (values.includes(v) ? undefined : fail(`it must be one of ${values.join(", ")}`, `Allowed values are: ${values.join(", ")}.`));
const anything = () => undefined;

/** The allow-list: annotation name (after the prefix) → the check of its value. */
export const ALLOWED_ANNOTATIONS: Readonly<Record<string, (v: string) => Check | undefined>> = {
    "tags": (v) => (pairs(v).every(([k, , item]) => item.includes("=") && k) ? undefined : fail("tags are key=value pairs separated by commas", 'Use e.g. "team=mdai,env=prod".')),
    "ip-address-type": oneOf("ipv4", "dualstack", "dualstack-without-public-ipv4"),
    "subnets": (v) => (list(v).length ? undefined : fail("it names no subnet", "List subnet IDs or Name tags, separated by commas.")),
    "load-balancer-attributes": checkLbAttributes,
    "listener-attributes.HTTPS-443": checkListenerAttributes,
    "target-group-attributes": anything,
    "backend-protocol": oneOf("HTTP", "HTTPS"),
    "backend-protocol-version": oneOf("HTTP1", "HTTP2", "GRPC"),
    "healthcheck-protocol": oneOf("HTTP", "HTTPS"),
    "healthcheck-port": (v) => (/^(traffic-port|\d{1,5})$/.test(v) ? undefined : fail("it must be traffic-port or a port number", 'Use e.g. "traffic-port".')),
    "healthcheck-path": (v) => (v.startsWith("/") ? undefined : fail("it must be a path", 'Use e.g. "/healthz".')),
    "healthcheck-interval-seconds": anything,
    "healthcheck-timeout-seconds": anything,
    "healthy-threshold-count": anything,
    "unhealthy-threshold-count": anything,
    "success-codes": anything,
    "shield-advanced-protection": oneOf("true"),
    "minimum-load-balancer-capacity": anything,
};

/** Why an annotation is refused outright: each would weaken or contradict what the program guarantees. */
const REFUSED: readonly [RegExp, string][] = [
    [/^(auth-|jwt-validation$)/, "authentication is what the program configures; use authMode, oidc, publicPaths and apiPaths"],
    [/^(listen-ports|ssl-redirect)$/, "the ALB authenticates only on HTTPS: the program keeps :80 redirecting to :443"],
    [/^(certificate-arn|ssl-policy|create-acm-cert|acm-pca-arn|skip-on-cert-error|mutual-authentication)$/, "the program sets the certificate (certificateArn, hostedZone) and a TLS 1.3 policy"],
    [/^scheme$/, "use the scheme key"],
    [/^(inbound-cidrs|security-group-prefix-lists)$/, "who may reach the ALB is the inboundCidrs key"],
    [/^(security-groups|manage-backend-security-group-rules)$/, "a security group of your own replaces the managed one and makes inboundCidrs ignored"],
    [/^(wafv2-acl-arn|wafv2-acl-name|waf-acl-id|web-acl-id)$/, "use the wafAclArn key (the stack owns the association; `none` here would detach any web ACL)"],
    [/^(enable-frontend-nlb|frontend-nlb-)/, "a network load balancer in front of the ALB has a scheme and sources of its own, around the ALB's"],
    [/^group\./, "the program names and orders the group's members; use groupName"],
    [/^load-balancer-name$/, "use the loadBalancerName key"],
    [/^target-type$/, "the program routes to pod IPs (target-type ip), which the sign-out server and the doors rely on"],
    [/^(actions|conditions)\./, "custom actions and conditions rewrite the rules the program builds, around the login"],
    [/^transforms\./, "a URL or host rewrite after the rule has matched could map a public path onto a protected one"],
    [/^use-regex-path-match$/, "it changes how every path of the group is matched, doors included"],
];

/** Kubernetes' own rule for an annotation key (apimachinery validation.IsQualifiedName). */
const QUALIFIED_NAME = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

/** What is wrong with setting `key` to `value` through extraAnnotations, or undefined when it may be set. */
export function annotationProblem(key: string, value: string): Check | undefined {
    const name = key.slice(key.indexOf("/") + 1);
    if (!QUALIFIED_NAME.test(key) || name.length > 63 || key.indexOf("/") > 253) {
        return fail("Kubernetes refuses this annotation key (a DNS prefix, '/', and a name of at most 63 letters, digits, '-', '_' or '.')", "Correct the key.");
    }
    if (!key.startsWith(ANNOTATION_PREFIX)) {
        return fail(`only the AWS Load Balancer Controller's annotations (${ANNOTATION_PREFIX}*) belong here`, "Put other annotations where the object is managed, or prefix the key if it is the controller's.");
    }
    // The controller reads annotation keys as written: a key in other case is not the one it knows, and not one to let through.
    const refused = REFUSED.find(([re]) => re.test(name.toLowerCase()));
    if (refused) return fail(`the program does not let this annotation be set: ${refused[1]}`, "Remove it from extraAnnotations.");
    const check = ALLOWED_ANNOTATIONS[name];
    if (!check) return fail(`it is not on the list of annotations known not to weaken the login, HTTPS or the ALB's exposure (${Object.keys(ALLOWED_ANNOTATIONS).join(", ")})`, "Remove it from extraAnnotations.");
    return check(value);
}

/** Kubernetes' limit on the total size of an object's annotations (apimachinery TotalAnnotationSizeLimitB). */
export const ANNOTATIONS_SIZE_LIMIT = 256 * 1024;
