/**
 * What must hold after every run of every scenario, read off the twin's world (not the program's
 * intentions). Each returns sentences naming what is wrong; none means the state is sound.
 */
import { IngressObject, evaluate } from "../albModel";
import { RunOptions } from "../harness";
import { albOf, groupOf, members } from "./controller";
import { Twin } from "./twin";
import { Alb, Cluster, covers, objectKey, recordKey, validationRecord } from "./world";
import { resolves } from "./providers";
// eslint-disable-next-line @typescript-eslint/no-require-imports
const gateFunction = require("../../lambda/allowedGroups.js") as { listFor(allowed: unknown, clientName: string): string[] | undefined; parseAllowed(text?: string): unknown };

interface App { name: string; hostname: string; publicPaths?: string[]; apiPaths?: string[]; allowedGroups?: string[] }

/** The doors and names the configuration asks for, read from the config as the user wrote it. */
function expected(opts: RunOptions) {
    const c = opts.config ?? {};
    const list = (k: string) => (c[k] ? (JSON.parse(c[k]) as string[]) : []);
    const apps = c.apps ? (JSON.parse(c.apps) as App[]) : [];
    const signOut = c.signOut !== "false" && c.authMode !== "none";
    const signOutPath = c.signOutPath || "/_mdai/sign-out";
    // Who may sign in on each host: its app's own allowedGroups, else the stack's.
    const machine = c.machinePaths ? (JSON.parse(c.machinePaths) as { path: string; app?: string }[]) : [];
    const hosts = [{ name: "", hostname: c.uiHostname, publicPaths: list("publicPaths"), apiPaths: list("apiPaths") }, ...apps]
        .map((h) => ({ ...h, allowed: h.allowedGroups ?? list("allowedGroups"), machinePaths: machine.filter((m) => (m.app ?? "") === h.name).map((m) => m.path) }));
    const routeMode = c.dnsMode === "route53" || ((c.dnsMode ?? "auto") === "auto" && Boolean(c.hostedZone));
    // With an external IdP or without a login, who signs in is not the pool's business.
    const poolLogin = !c.oidc && c.authMode !== "none";
    const configured = poolLogin && c.identityProviders && !c.userPoolId ? (JSON.parse(c.identityProviders) as { name: string; type: string; signOut?: boolean }[]) : [];
    const providers = configured.map((p) => p.name);
    const oidcProviders = configured.filter((p) => p.type === "oidc" && p.signOut !== false).map((p) => p.name);
    return { hosts, signOut, signOutPath, waf: c.wafAclArn || undefined, routeMode, open: c.authMode === "none", poolLogin, users: list("users").map((u) => u.toLowerCase()),
        providers, oidcProviders, localUsers: c.localUsers !== "false", authDomain: poolLogin && !c.userPoolId ? c.authDomain || undefined : undefined };
}

const prefixMatch = (p: string, path: string) => path === p || path.startsWith(`${p}/`);

/** The ALB serving the console's host, its cluster and group. */
export function servingAlb(twin: Twin, host: string): { alb?: Alb; cluster?: Cluster; group?: string } {
    for (const cluster of twin.world.clusters.values()) {
        for (const o of cluster.objects.values()) {
            const group = groupOf(cluster, o);
            const rules = ((o.body.spec as IngressObject["spec"] | undefined)?.rules ?? []);
            if (group && rules.some((r) => r.host === host)) return { alb: albOf(twin.world, cluster, group), cluster, group };
        }
    }
    return {};
}

export function violations(twin: Twin, opts: RunOptions): string[] {
    const e = expected(opts);
    const out: string[] = [];
    const { alb, cluster, group } = servingAlb(twin, e.hosts[0].hostname);
    if (!alb || !cluster || !group) return [`no ALB serves ${e.hosts[0].hostname}`, ...orphans(twin, [])];
    const outputs = twin.outputs as { albHostname?: string; dnsRecord?: { value: string }; apps?: Record<string, { dnsRecord?: { value: string } }> };
    if (outputs.albHostname !== alb.dnsName) out.push(`output albHostname is ${outputs.albHostname}, but ${alb.dnsName} serves the group`);
    if (outputs.dnsRecord?.value !== alb.dnsName) out.push(`output dnsRecord names ${outputs.dnsRecord?.value}, but ${alb.dnsName} serves the group`);
    for (const h of e.hosts.filter((x) => x.name)) {
        if (outputs.apps?.[h.name]?.dnsRecord?.value !== alb.dnsName) out.push(`output apps.${h.name}.dnsRecord names ${outputs.apps?.[h.name]?.dnsRecord?.value}, not ${alb.dnsName}`);
    }
    if (e.routeMode) {
        for (const h of e.hosts) {
            const record = twin.world.zones.flatMap((z) => [...z.records.values()]).find((r) => r.name === h.hostname && r.type === "A");
            if (record?.alias?.name !== alb.dnsName) out.push(`the A record of ${h.hostname} aliases ${record?.alias?.name ?? "nothing"}, but ${alb.dnsName} serves it`);
        }
    }
    for (const h of e.hosts) {
        const cert = alb.certificates.map((a) => twin.world.certificates.get(a)).find((c) => c?.status === "ISSUED" && c.domains.some((d) => covers(d, h.hostname)));
        if (!cert) out.push(`no issued certificate on the listener covers ${h.hostname} (listener: ${alb.certificates.join(", ") || "none"})`);
    }
    if ((twin.world.webAcls.get(alb.arn) ?? undefined) !== e.waf) out.push(`the ALB's web ACL is ${twin.world.webAcls.get(alb.arn) ?? "none"}, but wafAclArn is ${e.waf ?? "not set"}`);
    out.push(...doors(twin, cluster, group, e), ...orphans(twin, [...e.hosts.map((h) => h.hostname), ...(e.authDomain ? [e.authDomain] : [])]), ...renewable(twin), ...uniqueNames(twin), ...triggers(twin), ...audiences(twin, e), ...signInPages(twin, e), ...sessions(twin, e), ...offboarded(twin, e), ...federatedSignIn(twin, e));
    return out;
}

/** Every configured door, and no other public one, as the ALB evaluates the group's rules. */
function doors(twin: Twin, cluster: Cluster, group: string, e: ReturnType<typeof expected>): string[] {
    const rules = members(cluster, group).map((m) => ({ ...(m.body as unknown as IngressObject), metadata: { ...(m.body as unknown as IngressObject).metadata, namespace: m.namespace } }));
    const out: string[] = [];
    for (const h of e.hosts) {
        // The signed-out page, and the page that sends the browser on to the one OIDC provider's end-session endpoint.
        const soleOidc = e.providers.length === 1 && !e.localUsers && e.oidcProviders.length === 1;
        const publicPaths = [...(h.publicPaths ?? []), ...(e.signOut ? [`${e.signOutPath}/done`, ...(soleOidc ? [`${e.signOutPath}/idp`] : [])] : [])];
        const probes = ["/", "/x", "/oauth2/idpresponse", ...publicPaths.flatMap((p) => [p, `${p}/a`]), ...(h.apiPaths ?? []).flatMap((p) => [p, `${p}/a`]),
            ...h.machinePaths.flatMap((p) => [p, `${p}/a`, `${p}/../admin`]), ...(e.signOut ? [e.signOutPath] : [])];
        // What the controller in the cluster does with jwt-validation: ignored before v2.15.0 (the door would be public).
        const image = String((cluster.objects.get(objectKey("Deployment", "kube-system", "aws-load-balancer-controller"))?.body as { spec?: { template?: { spec?: { containers?: { image?: string }[] } } } } | undefined)
            ?.spec?.template?.spec?.containers?.[0]?.image ?? "");
        const v = /:v(\d+)\.(\d+)\./.exec(image);
        const jwtValidation = Boolean(v && (Number(v[1]) > 2 || (Number(v[1]) === 2 && Number(v[2]) >= 15)));
        for (const path of probes) {
            const want = e.open || publicPaths.some((p) => (p.startsWith(`${e.signOutPath}/`) ? path === p : prefixMatch(p, path))) ? "public"
                : path.includes("/../") ? "login" : h.machinePaths.some((p) => prefixMatch(p, path)) ? "bearer" : (h.apiPaths ?? []).some((p) => prefixMatch(p, path)) ? "401" : "login";
            const got = evaluate(rules, h.hostname, path, { jwtValidation })?.access ?? "404";
            if (got !== want) out.push(`${h.hostname}${path} answers ${got}, but the configuration says ${want}`);
        }
    }
    return out;
}

/** ALBs without a group member, and records this stack wrote for a host it no longer serves. */
function orphans(twin: Twin, hosts: string[]): string[] {
    const out: string[] = [];
    for (const alb of twin.world.albs) {
        const cluster = [...twin.world.clusters.values()].find((c) => c.name === alb.cluster);
        if (!cluster || members(cluster, alb.group).length === 0) out.push(`ALB ${alb.name} has no Ingress left (orphaned)`);
    }
    for (const zone of twin.world.zones) {
        for (const r of zone.records.values()) {
            if (!r.writtenBy.startsWith("urn:")) continue;
            const validation = r.type === "CNAME" && r.name.startsWith("_") && r.values?.some((v) => v.includes("acm-validations.aws"));
            // ACM validation records are shared by every certificate of the name in the account: kept on purpose.
            if (validation) continue;
            const host = r.name.replace(/^_mdai-cognito\./, "");
            if (!hosts.includes(host)) out.push(`Route 53 record ${r.name} ${r.type} outlived the host it was written for (orphaned)`);
        }
    }
    return out;
}

/** Every DNS-validated certificate of the account keeps the record ACM renews it with. */
function renewable(twin: Twin): string[] {
    const out: string[] = [];
    for (const c of twin.world.certificates.values()) {
        if (c.status !== "ISSUED" || c.domains.some((d) => d.startsWith("*."))) continue;
        for (const d of c.domains) {
            const v = validationRecord(twin.world, d);
            const found = twin.world.zones.some((z) => z.records.get(recordKey(v.name, "CNAME"))?.values?.includes(v.value));
            if (!found) out.push(`certificate ${c.arn} for ${d} lost its validation record ${v.name}: ACM cannot renew it`);
        }
    }
    return out;
}

function uniqueNames(twin: Twin): string[] {
    const names = twin.world.albs.map((a) => a.name);
    return names.filter((n, i) => names.indexOf(n) !== i).map((n) => `two ALBs are named ${n}`);
}

/** A pool whose trigger names a function that is gone, or that Cognito may not invoke for it, fails every sign-in. */
function triggers(twin: Twin): string[] {
    const out: string[] = [];
    for (const [pool, { trigger }] of twin.world.pools) {
        if (!trigger) continue;
        const fn = twin.world.lambdas.get(trigger);
        if (!fn) out.push(`user pool ${pool}'s pre token generation trigger names ${trigger}, which is gone: every sign-in fails`);
        else if (!fn.invokers.some((i) => i.principal === "cognito-idp.amazonaws.com" && i.sourceArn === pool)) out.push(`Cognito may not invoke ${fn.name} for ${pool}: every sign-in fails`);
    }
    return out;
}

/**
 * Each host admits exactly the groups the configuration names for it (an app's own allowedGroups, else the stack's), as the
 * gate would decide for the app client its login Ingress names: a client gone, a list left behind or a host on the wrong
 * client would not. Hosts behind an external IdP or without a login are the IdP's business.
 */
function audiences(twin: Twin, e: ReturnType<typeof expected>): string[] {
    if (!e.poolLogin) return [];
    const out: string[] = [];
    for (const { hostname: host, allowed: want } of e.hosts) {
        const id = loginClientOf(twin, host);
        if (!id) continue;
        const client = twin.world.clients.get(id);
        if (!client) { out.push(`${host} signs in with app client ${id}, which does not exist: every sign-in fails`); continue; }
        if (!client.callbackUrls.includes(`https://${host}/oauth2/idpresponse`)) out.push(`${host} signs in with app client ${client.name}, which lacks its callback URL: every sign-in fails`);
        const pool = [...twin.world.pools.values()].find((p) => p.id === client.poolId);
        const env = pool?.trigger ? twin.world.lambdas.get(pool.trigger)?.env : undefined;
        // As the function decides it (lambda/allowedGroups.js): undefined refuses everyone.
        // No trigger, no gate: everyone in the pool (a trigger whose function is gone is triggers()' finding).
        const got = env === undefined ? [] : gateFunction.listFor(gateFunction.parseAllowed(env.ALLOWED_GROUPS), client.name);
        if (JSON.stringify(got && [...got].sort()) !== JSON.stringify([...want].sort())) {
            out.push(`${host} admits ${!got ? "nobody" : got.length ? `only ${got.join(", ")}` : "every user"} (client ${client.name}), but the configuration says ${want.length ? want.join(", ") : "every user"}`);
        }
    }
    return out;
}

/**
 * A session made through one client is no session on a host of another (the ALB guide: a unique cookie name per
 * authenticate rule where applications need independent authentication), and each host's sign-out expires the shards
 * of the cookie its login uses.
 */
function sessions(twin: Twin, e: ReturnType<typeof expected>): string[] {
    if (e.open) return [];
    const out: string[] = [];
    const byCookie = new Map<string, { host: string; client?: string }>();
    for (const h of e.hosts) {
        const cookies = authMembers(twin, h.hostname).map((o) => annotationsOf(o)["alb.ingress.kubernetes.io/auth-session-cookie"] ?? "AWSELBAuthSessionCookie");
        if (new Set(cookies).size > 1) out.push(`${h.hostname}'s login and 401 members use different session cookies (${[...new Set(cookies)].join(", ")})`);
        const cookie = cookies[0];
        if (!cookie) continue;
        const client = loginClientOf(twin, h.hostname);
        const other = byCookie.get(cookie);
        if (other && other.client !== client) out.push(`${h.hostname} (client ${client}) and ${other.host} (client ${other.client}) share the session cookie ${cookie}: a session copied from one signs in to the other`);
        else byCookie.set(cookie, { host: h.hostname, client });
        if (!e.signOut) continue;
        const conf = signOutConfOf(twin, h.hostname);
        const expired = conf ? [...conf.matchAll(/Set-Cookie "([^=]+)=/g)].map((m) => m[1]) : [];
        const want = [0, 1, 2, 3].map((i) => `${cookie}-${i}`);
        if (JSON.stringify(expired) !== JSON.stringify(want)) out.push(`signing out on ${h.hostname} expires ${expired.join(", ") || "nothing"}, but its login's session is ${want.join(", ")}`);
    }
    return out;
}

const annotationsOf = (o: { body: Record<string, unknown> }) => (o.body as { metadata?: { annotations?: Record<string, string> } }).metadata?.annotations ?? {};

/** The Ingresses that authenticate requests for `host` (login and 401 members). */
function authMembers(twin: Twin, host: string) {
    return [...twin.world.clusters.values()].flatMap((c) => [...c.objects.values()]).filter((o) => o.kind === "Ingress" &&
        (annotationsOf(o)["alb.ingress.kubernetes.io/auth-type"] ?? "none") !== "none" && ((o.body.spec as { rules?: { host?: string }[] })?.rules ?? []).some((r) => r.host === host));
}

/** The sign-out server's nginx.conf section for `host`, as its ConfigMap holds it. */
function signOutConfOf(twin: Twin, host: string): string | undefined {
    for (const c of twin.world.clusters.values()) {
        for (const o of c.objects.values()) {
            const conf = o.kind === "ConfigMap" ? (o.body as { data?: Record<string, string> }).data?.["nginx.conf"] : undefined;
            const section = conf?.split(`server_name ${host};`)[1];
            if (section) return section.split("\n    }\n")[0];
        }
    }
    return undefined;
}

/**
 * Each host's sign-in page exists, in the pool its app client belongs to: the hosted-UI domain its login names
 * (auth-idp-cognito's userPoolDomain, or the host of the OIDC authorization endpoint) is a domain of that pool.
 */
function signInPages(twin: Twin, e: ReturnType<typeof expected>): string[] {
    if (!e.poolLogin) return [];
    const out: string[] = [];
    for (const { hostname: host } of e.hosts) {
        const a = authMembers(twin, host).map(annotationsOf).find((x) => x["alb.ingress.kubernetes.io/auth-on-unauthenticated-request"] === "authenticate");
        if (!a) continue;
        const cognito = a["alb.ingress.kubernetes.io/auth-idp-cognito"] && JSON.parse(a["alb.ingress.kubernetes.io/auth-idp-cognito"]);
        const oidc = a["alb.ingress.kubernetes.io/auth-idp-oidc"] && JSON.parse(a["alb.ingress.kubernetes.io/auth-idp-oidc"]);
        // The prefix of `<prefix>.auth.<region>.amazoncognito.com`, or a sign-in domain of your own, whole.
        const idpHost = oidc ? new URL(oidc.authorizationEndpoint).hostname : undefined;
        const prefix: string | undefined = cognito ? cognito.userPoolDomain : idpHost ? (idpHost.endsWith(".amazoncognito.com") ? idpHost.split(".")[0] : idpHost) : undefined;
        const region = twin.world.region;
        const pool = twin.world.domainPrefixes.get(`${region}/${prefix}`);
        const clientPool = twin.world.clients.get(loginClientOf(twin, host) ?? "")?.poolId;
        if (!pool) out.push(`${host}'s login sends users to the hosted-UI domain ${prefix}, which does not exist: nobody can sign in`);
        else if (clientPool && pool !== clientPool) out.push(`${host}'s login sends users to the hosted-UI domain ${prefix} of pool ${pool}, but its app client is in ${clientPool}`);
        // A sign-in domain of your own must answer before the ALB sends anyone there.
        if (prefix?.includes(".") && !resolves(twin.world, prefix, "cloudfront")) out.push(`${host}'s login sends users to ${prefix}, which does not resolve: nobody can sign in`);
        // Managed login shows "Login pages unavailable" to the users of a client without a style.
        const client = loginClientOf(twin, host);
        if (pool && client && twin.world.managedLogin.has(`${region}/${prefix}`) && !twin.world.styles.has(`${pool}/${client}`)) {
            out.push(`${host}'s sign-in page is unavailable: the domain ${prefix} uses managed login and its client ${client} has no style`);
        }
    }
    // And at no moment of the run (a style deleted before the domain left managed login, the domain switched before the styles existed, a login sent to a name not resolving yet).
    return [...out, ...twin.world.unstyled.splice(0).map((c) => `during the run, the sign-in page of ${c} was unavailable`)];
}

/** Standard attributes of every pool, which an app client writes unless its WriteAttributes says otherwise. */
const STANDARD = ["address", "birthdate", "email", "email_verified", "family_name", "gender", "given_name", "locale", "middle_name", "name", "nickname",
    "phone_number", "phone_number_verified", "picture", "preferred_username", "profile", "updated_at", "website", "zoneinfo", "username"];

/**
 * Every host's login client offers exactly the configured providers (and the pool's own users unless
 * localUsers is false), each existing in the client's pool, mapping only attributes the pool has and
 * the client may write: otherwise Cognito refuses the federated sign-in ("Invalid user attributes").
 */
function federatedSignIn(twin: Twin, e: ReturnType<typeof expected>): string[] {
    if (!e.poolLogin) return [];
    const out: string[] = [];
    for (const { hostname: host } of e.hosts) {
        const id = loginClientOf(twin, host);
        const c = id ? twin.world.clients.get(id) : undefined;
        if (!c) continue;
        const want = [...(e.localUsers ? ["COGNITO"] : []), ...e.providers].sort();
        if (JSON.stringify([...c.providers].sort()) !== JSON.stringify(want)) out.push(`${host}'s app client ${c.name} offers ${c.providers.join(", ") || "nothing"}, not ${want.join(", ")}`);
        const pool = [...twin.world.pools.values()].find((p) => p.id === c.poolId);
        for (const name of c.providers.filter((p) => p !== "COGNITO")) {
            const idp = twin.world.idps.get(`${c.poolId}/${name}`);
            if (!idp) { out.push(`${host}'s app client lists ${name}, which pool ${c.poolId} lacks: nobody signs in through it`); continue; }
            for (const attr of Object.keys(idp.mapping)) {
                if (!STANDARD.includes(attr) && !pool?.schema?.includes(attr)) out.push(`${name} maps ${attr}, which pool ${c.poolId} lacks: Cognito refuses every sign-in through it`);
                const writable = c.writeAttributes ? c.writeAttributes.includes(attr) : STANDARD.includes(attr);
                if (!writable) out.push(`${host}'s app client cannot write ${attr}, which ${name} maps: Cognito refuses the federated sign-in`);
            }
        }
    }
    return out;
}

/** The app client the host's login Ingress names: in auth-idp-cognito, or in the OIDC Secret it names. */
function loginClientOf(twin: Twin, host: string): string | undefined {
    for (const cluster of twin.world.clusters.values()) {
        for (const o of cluster.objects.values()) {
            const body = o.body as { metadata?: { annotations?: Record<string, string> }; spec?: { rules?: { host?: string }[] } };
            const a = body.metadata?.annotations ?? {};
            if (o.kind !== "Ingress" || a["alb.ingress.kubernetes.io/auth-on-unauthenticated-request"] !== "authenticate" || !body.spec?.rules?.some((r) => r.host === host)) continue;
            if (a["alb.ingress.kubernetes.io/auth-idp-cognito"]) return JSON.parse(a["alb.ingress.kubernetes.io/auth-idp-cognito"]).userPoolClientID;
            const secret = a["alb.ingress.kubernetes.io/auth-idp-oidc"] && JSON.parse(a["alb.ingress.kubernetes.io/auth-idp-oidc"]).secretName;
            const found = secret && cluster.objects.get(objectKey("Secret", o.namespace, secret));
            return found ? (found.body as { stringData?: { clientID?: string } }).stringData?.clientID : `(Secret ${o.namespace}/${secret} missing)`;
        }
    }
    return undefined;
}

/**
 * A user the stack deleted had been signed out everywhere first (their refresh tokens refused): the ALB session ends at its
 * next refresh. And only they: a user still in `users` keeps their session (an invocation replaced or dropped would sign them out).
 */
function offboarded(twin: Twin, e: ReturnType<typeof expected>): string[] {
    const kept = new Set(e.users);
    const signedOut = [...twin.world.users].filter(([key, u]) => !u.refreshable && kept.has(key.split("/").pop()!.toLowerCase())).map(([key]) => key);
    return [...twin.world.deletedSignedIn.map((u) => `user ${u} was deleted while their refresh tokens still worked (not signed out first)`),
        ...signedOut.map((u) => `user ${u}, still in users, was signed out: they must sign in again`)];
}
