/** Checks of what AWS holds: the account, the ALB and its listeners, the rules against the doors, targets, certificates, the app client. */
import type { Expected } from "./expected";
import { albCallbackUrl } from "../components/cognitoUrls";
import { accessOf, allRules, byPriority, clientIdOf, conditionsOf, doorAccess, firstRule, glob, patternsOf, samplePaths } from "./rules";
import { AwsLive, Certificate, Item, Listener, Rule, fail, isReadError, ok, unreadable } from "./types";
import { egressItems } from "./egress";
import { signInPageItems } from "./signInPages";

const A = "AWS" as const;
const DAY = 86_400_000;
/** Fewer days than this left on a certificate ACM will not renew is a problem. */
export const EXPIRY_DAYS = 30;

function accountItem(e: Expected, live: AwsLive): Item {
    const id = live.identity;
    if (isReadError(id)) return unreadable(A, "AWS credentials", id);
    const account = id?.Account ?? "?";
    if (e.allowedAccountIds?.length && !e.allowedAccountIds.includes(account)) {
        return fail(A, "AWS credentials", `are of account ${account}; the stack is locked to ${e.allowedAccountIds.join(", ")}`, "Use credentials of the stack's account (AWS_PROFILE or aws:profile), then run the doctor again.");
    }
    return ok(A, `AWS credentials of account ${account}`, id?.Arn);
}

const hostOf = (r: Rule) => conditionsOf(r).hosts;
const onOurHosts = (e: Expected, r: Rule) => !hostOf(r) || hostOf(r)!.some((h) => e.hosts.some((x) => glob(h, x, true)));

/** Each door's sample requests, answered by the live HTTPS rules (sorted byPriority), against the access the stack configured. */
function doorItems(e: Expected, rules: Rule[]): Item[] {
    return e.hosts.map((host) => {
        const doors = e.doors.filter((d) => d.host === host);
        const wrong = doors.flatMap((d) => samplePaths(d).flatMap((path) => {
            const rule = firstRule(rules, host, path);
            const got = accessOf(rule?.Actions);
            const want = doorAccess(d.access);
            // A bearer door forwarded as is: the controller ignored jwt-validation (before v2.15.0, or EKS Auto Mode).
            const why = want === "bearer" && got === "public" ? ": its rule checks no token (the controller ignores jwt-validation before v2.15.0 and on EKS Auto Mode), so anyone gets through" : "";
            return got === want ? [] : [`${path} gets ${got} (rule ${rule?.IsDefault ? "default" : rule?.Priority ?? "none"}), configured ${want}${why}`];
        }));
        return wrong.length
            ? fail(A, `listener rules for ${host}`, wrong.join("; "), "Run pulumi up; if the rules stay different, read the controller's events on the group's Ingresses (Kubernetes items) and look for Ingresses of the group this stack did not create.")
            : ok(A, `listener rules for ${host}: ${doors.length} door(s) answer as configured`);
    });
}

/** Every rule that authenticates uses this stack's identity provider. */
function idpItem(e: Expected, rules: Rule[]): Item | undefined {
    if (e.idp === "none") return undefined;
    const wrong: string[] = [];
    for (const r of rules.filter((x) => onOurHosts(e, x))) {
        for (const a of r.Actions ?? []) {
            const c = a.AuthenticateCognitoConfig;
            const o = a.AuthenticateOidcConfig;
            if (c && (e.idp !== "cognito-pool" || ![e.userPoolDomain, e.authDomain].includes(c.UserPoolDomain) || !c.UserPoolArn?.includes(`:${e.cognitoRegion}:`))) wrong.push(`rule ${r.Priority}: Cognito pool ${c.UserPoolArn} (domain ${c.UserPoolDomain})`);
            const j = a.JwtValidationConfig;
            if (j && (e.idp !== "cognito-pool" || !j.Issuer?.startsWith(`https://cognito-idp.${e.cognitoRegion}.amazonaws.com/`))) wrong.push(`rule ${r.Priority}: bearer tokens of issuer ${j.Issuer}`);
            if (o) {
                const mine = e.idp === "external" ? o.Issuer === e.oidc?.issuer && o.ClientId === e.oidc?.clientId : Boolean(o.Issuer?.startsWith(`https://cognito-idp.${e.cognitoRegion}.amazonaws.com`)) && Boolean(e.authorizeUrl && (o.AuthorizationEndpoint === e.authorizeUrl || (e.authDomain && o.AuthorizationEndpoint === `https://${e.authDomain}/oauth2/authorize`)));
                if (!mine) wrong.push(`rule ${r.Priority}: OIDC issuer ${o.Issuer}, client ${o.ClientId}`);
            }
        }
    }
    const want = e.idp === "external" ? `issuer ${e.oidc?.issuer}, client ${e.oidc?.clientId}` : `the pool with domain ${e.userPoolDomain}${e.authDomain ? ` (or ${e.authDomain})` : ""} in ${e.cognitoRegion}`;
    return wrong.length
        ? fail(A, "identity provider of the login rules", `${wrong.join("; ")}; the stack configures ${want}`, "Run pulumi up; an Ingress of the group this stack did not create may carry its own auth annotations.")
        : ok(A, `identity provider of the login rules: ${want}`);
}

/** A rule on our hosts that forwards without a login must be one of the configured public doors. */
function publicRulesItem(e: Expected, rules: Rule[]): Item {
    const allowed = new Set(e.doors.filter((d) => d.access === "public").flatMap(patternsOf));
    const open = rules.filter((r) => !r.IsDefault && onOurHosts(e, r) && accessOf(r.Actions) === "public" && (conditionsOf(r).paths ?? ["(any path)"]).some((p) => !allowed.has(p)));
    return open.length
        ? fail(A, "rules that skip the login", open.map((r) => `rule ${r.Priority}: ${(hostOf(r) ?? ["any host"]).join(", ")} ${(conditionsOf(r).paths ?? ["any path"]).join(", ")}`).join("; ") + " forward without a login; no configured public path says so",
            "Find the Ingress that adds them (the group's members are listed under Kubernetes) and remove it from the group, or list the path in publicPaths if it is meant to be public.")
        : ok(A, "rules that skip the login: only the configured public paths");
}

function listenerItems(e: Expected, listeners: Listener[], live: AwsLive): Item[] {
    const items: Item[] = [];
    const https = listeners.find((l) => l.Protocol === "HTTPS" && l.Port === 443);
    if (!https) items.push(fail(A, "HTTPS listener on 443", "missing", "Run pulumi up; the controller creates it from the Ingress's listen-ports."));
    else {
        const onListener = (https.Certificates ?? []).map((c) => c.CertificateArn);
        if (e.certificateArn && !onListener.includes(e.certificateArn)) {
            items.push(fail(A, "HTTPS listener on 443: certificate", `the stack's certificateArn ${e.certificateArn} is not on it (it has ${onListener.join(", ") || "none"})`,
                "Run pulumi up; if it stays so, read the controller's events (a certificate it cannot use is refused there)."));
        }
        items.push(https.SslPolicy === e.sslPolicy ? ok(A, `HTTPS listener on 443, TLS policy ${https.SslPolicy}`)
            : fail(A, "HTTPS listener on 443: TLS policy", `is ${https.SslPolicy}, the stack sets ${e.sslPolicy}`, "Run pulumi up; another member of the group may set ssl-policy."));
        const rules = live.rules[https.ListenerArn!];
        if (isReadError(rules)) items.push(unreadable(A, "HTTPS listener rules", rules));
        else {
            const sorted = byPriority(rules ?? []);
            items.push(...doorItems(e, sorted), publicRulesItem(e, sorted));
            const idp = idpItem(e, sorted);
            if (idp) items.push(idp);
        }
    }
    for (const l of listeners.filter((x) => x.Protocol === "HTTP")) {
        const rules = live.rules[l.ListenerArn!];
        const actions = [...(l.DefaultActions ?? []), ...(Array.isArray(rules) ? rules.flatMap((r) => r.Actions ?? []) : [])];
        const serving = actions.filter((a) => a.Type !== "redirect" && a.Type !== "fixed-response");
        items.push(serving.length
            ? fail(A, `HTTP listener on ${l.Port}`, `serves requests without TLS (${[...new Set(serving.map((a) => a.Type))].join(", ")})`, "Run pulumi up (the stack sets ssl-redirect); look for a member of the group that sets its own listen-ports or actions.")
            : ok(A, `HTTP listener on ${l.Port}: only redirects to HTTPS`));
    }
    return items;
}

function targetItems(live: AwsLive): Item[] {
    return Object.entries(live.targetHealth).map(([arn, r]) => {
        const name = arn.split("/").slice(-2, -1)[0] ?? arn;
        if (isReadError(r)) return unreadable(A, `target group ${name}`, r);
        const healthy = (r ?? []).filter((t) => t.TargetHealth?.State === "healthy").length;
        const reasons = [...new Set((r ?? []).filter((t) => t.TargetHealth?.State !== "healthy").map((t) => `${t.TargetHealth?.State}${t.TargetHealth?.Reason ? ` (${t.TargetHealth.Reason})` : ""}`))];
        return healthy ? ok(A, `target group ${name}: ${healthy} healthy target(s)`)
            : fail(A, `target group ${name}`, `no healthy target${reasons.length ? `: ${reasons.join(", ")}` : " (none registered)"}; the ALB answers 503`, "Check the backend's pods and readiness, and that its security group lets the ALB in (Target.Timeout) and the health check path answers 200.");
    });
}

/** Whether a certificate name covers a host: exactly, or a wildcard for one label. */
export const covers = (name: string, host: string) => name.toLowerCase() === host || (name.startsWith("*.") && host.slice(host.indexOf(".") + 1) === name.slice(2).toLowerCase());

function certificateItems(e: Expected, live: AwsLive, now: number): Item[] {
    const items: Item[] = [];
    const certs = Object.entries(live.certificates);
    const issued: Certificate[] = [];
    for (const [arn, c] of certs) {
        const id = arn.split("/").pop();
        if (isReadError(c)) { items.push(unreadable(A, `certificate ${id}`, c)); continue; }
        if (!c) { items.push(fail(A, `certificate ${id}`, "not found in the ALB's account and region", "Give certificateArn a certificate of the stack's region and account.")); continue; }
        if (c.Status !== "ISSUED") {
            const records = (c.DomainValidationOptions ?? []).map((d) => d.ResourceRecord).filter(Boolean).map((r) => `${r!.Name} ${r!.Type} ${r!.Value}`);
            items.push(fail(A, `certificate ${id}`, `is ${c.Status}`, c.Status === "PENDING_VALIDATION" ? `Create the validation record(s) in DNS: ${records.join("; ") || "see ACM"}.` : "Request a new certificate and set certificateArn (or use hostedZone)."));
            continue;
        }
        issued.push(c);
        const left = Math.floor((new Date(c.NotAfter ?? 0).getTime() - now) / DAY);
        const renews = c.Type === "AMAZON_ISSUED" && c.RenewalEligibility !== "INELIGIBLE";
        items.push(left < EXPIRY_DAYS && !renews
            ? fail(A, `certificate ${id}`, `expires in ${left} day(s), and ACM will not renew it (${c.Type === "IMPORTED" ? "imported" : "not eligible"})`, "Import or request a new certificate and set certificateArn to it, then run pulumi up.")
            : ok(A, `certificate ${id}: issued for ${c.DomainName}, ${left} day(s) left${renews && left < EXPIRY_DAYS ? ", ACM renews it" : ""}`));
    }
    if (issued.length) {
        const names = issued.flatMap((c) => [c.DomainName ?? "", ...(c.SubjectAlternativeNames ?? [])]);
        const bare = e.hosts.filter((h) => !names.some((n) => covers(n, h)));
        items.push(bare.length ? fail(A, "certificates cover every host", `no certificate on the listener covers ${bare.join(", ")}: browsers refuse the TLS handshake`, "Give certificateArn a certificate covering every host (SANs or a wildcard), or use hostedZone, then run pulumi up.")
            : ok(A, `certificates cover every host (${e.hosts.length})`));
    }
    return items;
}

/** Hosts whose rules sign in with another app client than the stack gives them (an app with its own list on the shared client, or the reverse). */
function hostClientItems(e: Expected, live: AwsLive): Item[] {
    const wrong = new Map<string, string>();
    let checked = 0;
    for (const r of allRules(live.rules)) {
        const id = (r.Actions ?? []).map(clientIdOf).find(Boolean);
        const c = id ? live.userPoolClients?.[id] : undefined;
        if (!c || isReadError(c)) continue;
        for (const host of conditionsOf(r).hosts ?? []) {
            const want = e.clients.find((x) => x.callbackUrls.includes(albCallbackUrl(host)));
            if (want) checked++;
            if (want && c.ClientName !== want.name) wrong.set(host, `${host} signs in with ${c.ClientName ?? id}, but the stack gives it ${want.name}`);
        }
    }
    // Nothing to say when no rule's client could be read (their own items say why).
    if (!e.clients.length || !checked) return [];
    return wrong.size
        ? [fail(A, "each host's app client", [...wrong.values()].join("; "), "Run pulumi up: the Ingresses name each host's client again (until then its sign-ins fail: the client lacks the host's callback URL).")]
        : [ok(A, `each host signs in with its app client (${e.clients.length === 1 ? e.clients[0].name : `${e.clients.length} clients`})`)];
}

function clientItems(e: Expected, live: AwsLive): Item[] {
    return Object.entries(live.userPoolClients ?? {}).map(([id, c]) => {
        if (isReadError(c)) return unreadable(A, `Cognito app client ${id}`, c);
        if (c === null) return fail(A, `Cognito app client ${id}`, "the client the ALB's rules name does not exist", "Run pulumi up: the app client was deleted outside the stack.");
        const want = e.clients.find((x) => x.name === c.ClientName);
        if (!want) {
            return fail(A, `Cognito app client ${id}`, `the ALB's rules name client ${c.ClientName ?? id}, which is not one of this stack's (${e.clients.map((x) => x.name).join(", ")})`,
                "Run pulumi up: the Ingresses name the stack's clients again.");
        }
        const missing = (urls: string[], have: string[] | undefined) => urls.filter((u) => !(have ?? []).includes(u));
        const problems = [
            ...missing(want.callbackUrls, c.CallbackURLs).map((u) => `callback URL ${u} missing`),
            ...missing(want.logoutUrls, c.LogoutURLs).map((u) => `sign-out URL ${u} missing`),
            ...(!(c.AllowedOAuthFlows ?? []).includes("code") || !c.AllowedOAuthFlowsUserPoolClient ? ["the authorization-code flow is off"] : []),
            ...(!(c.AllowedOAuthScopes ?? []).includes("openid") ? ["the openid scope is off"] : []),
            ...(!c.hasSecret ? ["it has no client secret, which the ALB needs"] : []),
        ];
        return problems.length
            ? fail(A, `Cognito app client ${c.ClientName} (${id})`, problems.join("; "), "Run pulumi up to restore the client's settings (a change made in the Cognito console is undone by it).")
            : ok(A, `Cognito app client ${c.ClientName} (${id}): callback and sign-out URLs for its ${want.callbackUrls.length === 1 ? "host" : `${want.callbackUrls.length} hosts`}, code flow, openid`);
    });
}

export function checkAws(e: Expected, live: AwsLive, now = Date.now()): Item[] {
    const items = [accountItem(e, live)];
    const lb = live.loadBalancer;
    if (isReadError(lb)) items.push(unreadable(A, `ALB ${e.loadBalancerName}`, lb));
    else if (!lb) items.push(fail(A, `ALB ${e.loadBalancerName}`, `not found in ${e.region}`, "Run pulumi up; if it ran, read the controller's events on the Ingress (Kubernetes items): it did not create the ALB."));
    else {
        items.push(lb.Scheme !== e.scheme ? fail(A, `ALB ${e.loadBalancerName}`, `is ${lb.Scheme}, the stack sets ${e.scheme}`, "Run pulumi up (a new scheme gives the group a new ALB).")
            : lb.State?.Code && lb.State.Code !== "active" ? fail(A, `ALB ${e.loadBalancerName}`, `is ${lb.State.Code}${lb.State.Reason ? `: ${lb.State.Reason}` : ""}`, "Wait for it to become active; if it stays failed, read the controller's events.")
                : ok(A, `ALB ${e.loadBalancerName}: ${lb.Scheme}, active, ${lb.DNSName}`));
        const listeners = live.listeners;
        if (isReadError(listeners)) items.push(unreadable(A, "listeners", listeners));
        else items.push(...listenerItems(e, listeners ?? [], live));
        items.push(...targetItems(live));
        if (live.egress) items.push(...egressItems(e, lb, live.egress));
    }
    items.push(...certificateItems(e, live, now));
    items.push(...clientItems(e, live), ...hostClientItems(e, live), ...signInPageItems(e, live.signInPages));
    return items;
}
