/**
 * Validators for single values. Each returns undefined when the value is fine, or what is wrong
 * and what to do. Limits come from the AWS API models (shared/reference/data) and Kubernetes.
 */

import { type Check, fail } from "./check";

export type { Check };
export { fail };

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

/**
 * A fix that names a value names one the same check accepts: `candidate` when it passes (and is
 * not the value itself), else `otherwise`.
 */
function suggest(check: (v: string) => Check | undefined, value: string, candidate: string, otherwise: string): string {
    return candidate && candidate !== value && !check(candidate) ? `Use "${candidate}".` : otherwise;
}

/** An example hostname for fixes: valid, and not a documentation domain the deployment refuses. */
const HOST_EXAMPLE = "mdai.your-company.com";

export function checkHostname(v: string): Check | undefined {
    const otherwise = `Use the fully qualified name users will open, e.g. "${HOST_EXAMPLE}".`;
    const fix = (candidate: string) => suggest(checkHostname, v, candidate.toLowerCase(), otherwise);
    const url = /^([a-z][a-z0-9+.-]*):\/\/([^/:?#]*)/i.exec(v);
    if (url) return fail("it must be a bare hostname, not a URL (no scheme, path or port)", fix(url[2]));
    if (/\s/.test(v)) return fail("it contains white space", fix(v.trim()));
    if (v.includes("/")) return fail("it must not contain a path; the console is served at the root of its hostname", fix(v.split("/")[0]));
    if (v.includes("*")) return fail("a wildcard cannot be the console's hostname (the Cognito callback URL needs one exact host)", fix(v.replace(/^\*\./, "mdai.")));
    if (v.includes(":") || v.startsWith("[")) return fail("it must not contain a port or be an IPv6 address; the ALB serves HTTPS on 443", fix(v.split(":")[0]));
    if (v.endsWith(".")) return fail("it must not end with a dot", fix(v.replace(/\.+$/, "")));
    if (IPV4.test(v)) return fail("an IP address cannot be the console's hostname (ACM certificates and Cognito callback URLs need a DNS name)", `${otherwise.slice(0, -1)}, and point it at the ALB.`);
    const labels = v.toLowerCase().split(".");
    if (labels.length < 2) return fail("it must be a fully qualified domain name", otherwise);
    if (v.length > 253 || labels.some((l) => l.length > 63 || !DNS_LABEL.test(l))) {
        return fail("it is not a valid DNS name (labels of letters, digits and inner hyphens, at most 63 characters each)", otherwise);
    }
    return undefined;
}

export const RESERVED_DOMAIN_WORDS = ["aws", "amazon", "cognito"] as const;

/** Cognito domain prefix: CreateUserPoolDomain's DomainType plus the reserved words. */
export function checkDomainPrefix(v: string): Check | undefined {
    const reserved = RESERVED_DOMAIN_WORDS.find((w) => v.toLowerCase().includes(w));
    if (reserved) return fail(`Cognito rejects prefixes containing the reserved word "${reserved}"`, `Choose a prefix without aws, amazon or cognito, e.g. "mdai-console-login".`);
    if (v.includes(".")) return fail("it must be a prefix, not a full domain", `Use only the first label, e.g. "${v.split(".")[0].toLowerCase()}"; the hosted UI becomes https://<prefix>.auth.<region>.amazoncognito.com.`);
    if (/[A-Z]/.test(v)) return fail("it must be lowercase", `Use "${v.toLowerCase()}".`);
    if (v.length > 63) return fail(`it is ${v.length} characters long; the maximum is 63`, "Shorten it.");
    if (!/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(v)) {
        return fail("it may hold only lowercase letters, digits and hyphens, and must not start or end with a hyphen", `Use e.g. "${v.toLowerCase().replace(/[^a-z0-9-]/g, "-").replace(/^-+|-+$/g, "") || "mdai-login"}".`);
    }
    return undefined;
}

const REGION_SHAPE = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d{1,2}$/;

export function checkRegion(v: string): Check | undefined {
    if (REGION_SHAPE.test(v.toLowerCase()) && v !== v.toLowerCase()) return fail("region codes are lowercase", `Use "${v.toLowerCase()}".`);
    if (!REGION_SHAPE.test(v)) return fail("it is not an AWS region code", 'Use a code such as "us-east-1" or "eu-west-1".');
    return undefined;
}

export interface CertificateArn {
    partition: string;
    region: string;
    account: string;
}

const ACM_ARN = /^arn:(aws|aws-cn|aws-us-gov):acm:([a-z0-9-]+):(\d{12}):certificate\/[0-9a-f-]{8,}$/;

export function parseCertificateArn(v: string): CertificateArn | Check {
    const m = ACM_ARN.exec(v);
    if (m) return { partition: m[1], region: m[2], account: m[3] };
    const service = /^arn:[a-z-]+:([a-z0-9-]+):/.exec(v);
    if (service && service[1] !== "acm") {
        return fail(`it is an ARN of the ${service[1]} service; the ALB controller takes an ACM certificate`, "Request or import the certificate in AWS Certificate Manager and use its ARN (arn:aws:acm:<region>:<account>:certificate/<id>).");
    }
    return fail("it is not an ACM certificate ARN", "Copy the ARN from AWS Certificate Manager; it looks like arn:aws:acm:us-east-1:123456789012:certificate/<id>.");
}

/** Load balancer names: 1-32 alphanumerics and inner hyphens; `internal-` is reserved by ELB. */
export function checkLoadBalancerName(v: string): Check | undefined {
    if (v.length > 32) return fail(`it is ${v.length} characters long; ALB names have at most 32`, `Shorten it, e.g. "${v.slice(0, 32).replace(/-+$/, "")}".`);
    if (v.toLowerCase().startsWith("internal-")) return fail('ALB names must not start with "internal-"', `Use e.g. "${v.slice("internal-".length) || "mdai-console"}".`);
    if (!/^[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?$/.test(v)) return fail("ALB names hold only letters, digits and inner hyphens", 'Use e.g. "mdai-console".');
    return undefined;
}

/** Namespaces and other RFC 1123 labels. */
export function checkDnsLabel(v: string, what: string): Check | undefined {
    if (v.length > 63 || !DNS_LABEL.test(v)) {
        return fail(`a Kubernetes ${what} must be a DNS-1123 label (lowercase letters, digits and inner hyphens, at most 63 characters)`, `Use e.g. "${v.toLowerCase().replace(/[^a-z0-9-]/g, "-").replace(/^-+|-+$/g, "").slice(0, 63) || "default"}".`);
    }
    return undefined;
}

/** Service names are DNS-1035 labels: they must also start with a letter. */
export function checkServiceName(v: string): Check | undefined {
    if (v.length > 63 || !/^[a-z]([-a-z0-9]*[a-z0-9])?$/.test(v)) {
        return fail("a Kubernetes Service name must be a DNS-1035 label (starts with a lowercase letter; letters, digits, inner hyphens; at most 63 characters)",
            "Use the Service's name as `kubectl get service -n <namespace>` lists it.");
    }
    return undefined;
}

/** Object names such as the Ingress's: DNS-1123 subdomains. */
export function checkDnsSubdomain(v: string, what: string): Check | undefined {
    if (v.length > 253 || !v.split(".").every((l) => DNS_LABEL.test(l))) {
        return fail(`a Kubernetes ${what} name must be a DNS-1123 subdomain (lowercase letters, digits, '-' and '.')`, 'Use e.g. "ui-alb-ingress".');
    }
    return undefined;
}

/** Cognito pool and client names (UserPoolNameType / ClientNameType). */
export function checkCognitoName(v: string): Check | undefined {
    if (v.length > 128 || !/^[\w\s+=,.@-]+$/.test(v)) {
        return fail("Cognito names are 1 to 128 characters of letters, digits, spaces and + = , . @ - _", 'Use e.g. "mdai-user-pool".');
    }
    return undefined;
}

const EMAIL = /^[^\s@"(),:;<>[\]\\]+@[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$/i;

/** Characters no real address needs, which a shell would run or redirect if a printed command held them unquoted. */
const NOT_IN_ADDRESSES = /[`$|;<>()\\\s\p{Cc}]/gu;
const charName = (c: string) => (c === " " ? "a space" : /\s/.test(c) ? "white space" : /\p{Cc}/u.test(c) ? "a control character" : c);

export function checkEmail(v: string): Check | undefined {
    const odd = [...new Set((v.match(NOT_IN_ADDRESSES) ?? []).map(charName))];
    if (odd.length) {
        const list = odd.length > 1 ? `${odd.slice(0, -1).join(", ")} and ${odd[odd.length - 1]}` : odd[0];
        return fail(`it holds ${list}, which no real e-mail address needs (of the characters mail allows, only these are refused: \` $ | ; < > ( ) \\, white space and control characters)`,
            "Use the person's address as their mail system shows it, name@domain, without display name or brackets; an apostrophe (o'brien@…) is fine.");
    }
    if (v.length > 128 || !EMAIL.test(v)) return fail("it is not an e-mail address", "Use the person's address, name@domain, without display name or brackets.");
    return undefined;
}

/** Names reserved for documentation (RFC 2606/6761), which can never be a real console's. */
export function isDocumentationHostname(v: string): boolean {
    return /(^|\.)(example\.(com|org|net)|test|example|invalid|localhost)$/i.test(v);
}

/** The account field of any ARN (arn:partition:service:region:account:resource). */
export const arnAccount = (arn: string) => /^arn:[^:]+:[^:]+:[^:]*:(\d{12}):/.exec(arn)?.[1];

/** 123456789012 is the account number AWS uses in its documentation. */
export function isDocumentationArn(v: string): boolean {
    return arnAccount(v) === "123456789012";
}

export function checkHttpsUrl(v: string): Check | undefined {
    // A backslash or user-info makes a URL parse to another host than it reads (https://evil.test\@login.acme.io/ goes to evil.test).
    if (v.includes("\\")) return fail("it holds a backslash, which browsers and URL parsers read as a slash: the URL would lead to another host than it reads", "Copy the URL from the identity provider's discovery document (/.well-known/openid-configuration).");
    if (/[\s<>"{}|^`]/.test(v)) return fail("it holds characters a URL cannot (white space, quotes, angle or curly brackets)", "Copy the URL from the identity provider's discovery document (/.well-known/openid-configuration).");
    let url: URL;
    try {
        url = new URL(v);
    } catch {
        return fail("it is not a URL", "Copy it from the identity provider's discovery document (/.well-known/openid-configuration).");
    }
    if (url.username || url.password || /^[a-z]+:\/\/[^/?#]*@/i.test(v)) {
        return fail("it holds user-info (a name before @), which makes it lead to the host after the @ and may carry credentials", "Copy the URL from the identity provider's discovery document (/.well-known/openid-configuration).");
    }
    if (url.protocol !== "https:") return fail("the ALB only talks to identity providers over HTTPS", `Use the https:// URL${url.protocol === "http:" ? `: "${v.replace(/^http:/i, "https:")}"` : ""}.`);
    // Parsers disagree on an @ after ? or #: some read what precedes it as user-info and go to the host after it.
    const tail = /[?#]/.exec(v);
    if (tail && v.slice(tail.index).includes("@")) {
        return fail("it holds an @ after its ? or #, which some URL parsers read as user-info, leading to the host after the @", "Copy the URL from the identity provider's discovery document (/.well-known/openid-configuration).");
    }
    const authority = /^[a-z]+:\/\/([^/?#]*)/i.exec(v)?.[1] ?? "";
    if (/[^\x00-\x7f]/.test(authority)) {
        return fail(`its host ${authority} holds non-ASCII characters, which can imitate another host's letters (it is ${url.hostname} on the wire)`,
            `If ${url.hostname} is the identity provider's host, write it so: "${url.href}".`);
    }
    return undefined;
}

/** Parses an integer in [min, max]; returns the number or what is wrong. */
export function parseIntegerIn(v: string, min: number, max: number, unit: string): number | Check {
    const n = /^\s*-?\d+\s*$/.test(v) ? Number(v) : NaN;
    const range = `${min} to ${max}${unit ? ` ${unit}` : ""}`;
    if (!Number.isSafeInteger(n)) return fail("it is not a whole number", `Use a whole number from ${range}.`);
    if (n < min || n > max) return fail(`it is outside the allowed range ${range}`, `Use a value from ${min} to ${max}.`);
    return n;
}

export function parseBoolean(v: string): boolean | Check {
    if (/^(true|yes|1)$/i.test(v)) return true;
    if (/^(false|no|0)$/i.test(v)) return false;
    return fail("it is not a boolean", "Use true or false.");
}

export function isCheck(v: unknown): v is Check {
    return typeof v === "object" && v !== null && "wrong" in v && "fix" in v;
}

/**
 * The sign-out path: an absolute URL path the ALB can match exactly (path patterns are at most 128
 * characters; the signed-out page adds "/done"), clear of the ALB's /oauth2/ callback and of `/`.
 */
export function checkSignOutPath(v: string): Check | undefined {
    return checkPath(v, "/_mdai/sign-out", checkSignOutPath, (p) =>
        (p.replace(/\/+$/, "") === "" ? fail("the console itself is served at /", 'Use a path of its own, e.g. "/_mdai/sign-out".') : undefined));
}

/** A container image reference: registry/name[:tag][@sha256:digest]. */
export function checkImage(v: string): Check | undefined {
    if (!/^[a-z0-9][a-z0-9._\-/:]*(?::[\w][\w.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$/i.test(v)) {
        return fail("it is not a container image reference", 'Use e.g. "registry.example.com/nginx-unprivileged:1.29-alpine@sha256:<digest>".');
    }
    return undefined;
}

/** A Service port: a number, or the name of one of its ports (IANA_SVC_NAME: 1-15 of a-z0-9-, a letter among them). */
export function parsePort(v: string): number | string | Check {
    if (/^\d+$/.test(v.trim())) {
        const n = Number(v);
        return n >= 1 && n <= 65535 ? n : fail("it is outside the allowed range 1 to 65535", "Use a port number from 1 to 65535, or the name of the Service's port.");
    }
    if (/^(?=.*[a-z])[a-z0-9]([a-z0-9]|-(?!-))*[a-z0-9]?$/.test(v) && v.length <= 15 && !v.endsWith("-")) return v;
    return fail("it is neither a port number nor a port name (up to 15 lowercase letters, digits and single inner hyphens, with a letter)", 'Use the Service\'s port number, e.g. 5173, or its name, e.g. "http".');
}

/**
 * A path prefix routed apart (public or 401-only): absolute, not `/` (that would be everything),
 * nothing the ALB keeps for itself under /oauth2/, no wildcard (an Ingress prefix matches whole segments).
 */
export function checkDoorPath(v: string): Check | undefined {
    return checkPath(v, "/healthz", checkDoorPath, (p) => {
        if (p.replace(/\/+$/, "") === "") return fail("/ is the whole site: the console itself must stay behind the login", 'List the prefixes to open, e.g. "/healthz".');
        if (p.includes("*")) return fail("Ingress path prefixes match whole path segments; a wildcard is not one", suggest(checkDoorPath, p, tidyPath(p), 'List the prefix itself, e.g. "/static".'));
        return undefined;
    });
}

/**
 * The path a user most likely meant (absolute, percent-encoding decoded, a trailing wildcard dropped,
 * single slashes, only allowed characters), or "" when there is none to offer: a path with dot
 * segments (plain or encoded) resolves outside the prefix written, so opening what it resolves to
 * could make another path public; and a wildcard inside a path is no prefix at all.
 */
function tidyPath(v: string): string {
    let decoded = v.trim();
    try {
        decoded = decodeURIComponent(decoded);
    } catch {
        // Malformed encoding: tidy the characters as written.
    }
    if (/\*./.test(decoded)) return "";
    const cleaned = `/${decoded}`.replace(/\*$/, "").replace(/[^A-Za-z0-9._~/-]/g, "").replace(/\/+/g, "/").replace(/\/+$/, "");
    const hasDots = (p: string) => p.split(/[/\\]/).some((seg) => seg === "." || seg === "..");
    return hasDots(decoded) || hasDots(cleaned) ? "" : cleaned;
}

/** What every path the program routes needs; `specific` adds the rules of one kind of path. */
function checkPath(v: string, example: string, self: (v: string) => Check | undefined, specific: (v: string) => Check | undefined): Check | undefined {
    const fix = (otherwise = `Use e.g. "${example}".`) => suggest(self, v, tidyPath(v), otherwise);
    if (!v.startsWith("/")) return fail("it must be an absolute path", fix());
    const own = specific(v);
    if (own) return own;
    if (v.toLowerCase().includes("/oauth2/") || v.toLowerCase().endsWith("/oauth2")) return fail("the ALB receives its login callback under /oauth2/ (/oauth2/idpresponse)", `Choose a path outside /oauth2/, e.g. "${example}".`);
    if (v.endsWith("/") || v.includes("//")) return fail("it must not end in / or hold an empty segment", fix());
    if (v.split("/").some((seg) => seg === "." || seg === "..")) {
        return fail("it holds a . or .. segment: Kubernetes refuses it in an Ingress path, and a backend would resolve it to another path",
            "Write the prefix itself, as a browser requests it, without . or .. segments.");
    }
    if (/%2e/i.test(v)) return fail("it holds an encoded dot (%2e), which a backend may decode into a . or .. segment", "Write the prefix itself, as a browser requests it, without . or .. segments.");
    if (!/^[A-Za-z0-9._~/-]+$/.test(v)) return fail("it may hold only letters, digits and . _ ~ - /", fix());
    if (v.length > 100) return fail(`it is ${v.length} characters long; at most 100 leave room for the ALB's 128-character path patterns`, "Shorten it.");
    return undefined;
}

/** Prefix `a` covers `b` when they are equal or `b` lies below `a` (whole segments, as Ingress Prefix matching does). */
export const pathCovers = (a: string, b: string) => a === b || b.startsWith(`${a}/`);

export { CIDR_EXAMPLE, checkCidr } from "./cidr";

/**
 * Accounts every pod of a namespace runs as (`default`), and kube-system's core components: bound
 * to the OIDC client secret, any of them would let far more than the controller read it.
 */
const GENERAL_PURPOSE_ACCOUNTS = /^(.+\/default|kube-system\/(kube-proxy|aws-node|coredns|generic-garbage-collector|namespace-controller|replicaset-controller|deployment-controller|daemon-set-controller|statefulset-controller|job-controller|cronjob-controller|clusterrole-aggregation-controller|horizontal-pod-autoscaler|disruption-controller|endpoint-controller|endpointslice-controller|resourcequota-controller|service-account-controller|pod-garbage-collector|ttl-controller|node-controller|persistent-volume-binder))$/;

/** `namespace/name` of a namespaced object: a namespace (DNS label) and a name (DNS subdomain). */
export function checkNamespacedName(v: string, kind: string, example: string): Check | undefined {
    const parts = v.split("/");
    if (parts.length !== 2 || checkDnsLabel(parts[0], "namespace") || checkDnsSubdomain(parts[1], kind)) return fail(`it must be <namespace>/<${kind} name>`, `Use e.g. "${example}".`);
    return undefined;
}

/** The one ServiceAccount that may read the OIDC client secret: `namespace/name`, not a general-purpose one. */
export function checkSecretReader(v: string): Check | undefined {
    const parts = v.split("/");
    if (parts.length !== 2 || parts.some((p) => checkDnsLabel(p, "name") !== undefined)) {
        return fail("it must be <namespace>/<service account name>", 'Use e.g. "kube-system/aws-load-balancer-controller".');
    }
    if (GENERAL_PURPOSE_ACCOUNTS.test(v)) {
        return fail("it is a general-purpose account (every pod of a namespace runs as default; kube-system's core components have their own): bound to the OIDC client secret, they could all read it",
            'Name the AWS Load Balancer Controller\'s own ServiceAccount, e.g. "kube-system/aws-load-balancer-controller" (`kubectl get deploy -A -l app.kubernetes.io/name=aws-load-balancer-controller -o jsonpath=\'{..serviceAccountName}\'`).');
    }
    return undefined;
}
