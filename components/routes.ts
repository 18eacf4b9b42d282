/**
 * The console's doors as data: which Ingress of the IngressGroup serves which host and paths,
 * with which access. Pure, so the order of rules and what is reachable without login can be
 * checked without mocks.
 */
import { Access, GROUP_ORDER, GUARD_ORDER } from "./annotations";

/** Where the sign-out endpoint lives by default: a prefix no console route uses, and not under /oauth2/. */
export const DEFAULT_SIGN_OUT_PATH = "/_mdai/sign-out";
/** The public page the sign-out lands on: under the sign-out path, so one setting moves both. */
export const signedOutPath = (signOutPath: string) => `${signOutPath}/done`;
/** The public page between Cognito's logout and an OIDC IdP's end-session endpoint (Cognito cannot end that session itself). */
export const idpSignOutPath = (signOutPath: string) => `${signOutPath}/idp`;
/** `https://<host><path>`: a page of a host of the group (the sign-out endpoint, the signed-out page). */
export const hostUrl = (host: string, path: string) => `https://${host.toLowerCase()}${path}`;

export interface Route {
    /** A path, or for ImplementationSpecific an ALB path pattern (`*` any characters, `?` one). */
    path: string;
    pathType: "Exact" | "Prefix" | "ImplementationSpecific";
    service: string;
    /** A port number, or the name of the Service's port. */
    port: number | string;
}

/** One Ingress of the group. */
export interface Member {
    /** The Kubernetes name of the Ingress. */
    name: string;
    /** Suffix of the Pulumi resource name (`""` for the console's own Ingress, whose URN predates the group). */
    resourceSuffix: string;
    access: Access;
    /** Its `group.order`: lower first. */
    order: number;
    namespace: string;
    host: string;
    routes: Route[];
    /** A bearer member's scopes (machinePaths). */
    scopes?: string[];
}

/** One host of the group and what is behind it. */
export interface Site {
    /** Appended to the Pulumi resource names of its members (`""` for the console, whose URNs predate apps). */
    key: string;
    /** The app's name; undefined for the console's own site. */
    app?: string;
    /** The Kubernetes name of its login Ingress; the others add `-public` and `-api`. */
    ingressName: string;
    namespace: string;
    host: string;
    service: string;
    /** A port number, or the name of the Service's port. */
    port: number | string;
    publicPaths: string[];
    apiPaths: string[];
    /** Bearer-token doors, each an Ingress of its own; `index` is unique in the group (it orders the member). @default [] */
    machinePaths?: { path: string; scopes: string[]; index: number }[];
}

export interface SignOutRoutes {
    signOutPath: string;
    /** The sign-out server's Service name, in each site's namespace. */
    service: string;
    port: number;
    /** Open the IdP hop page too (idpSignOutPath). */
    idpHop?: boolean;
}

/**
 * Requests whose path could resolve outside the prefix it matched: a `..` anywhere (`/healthz/../admin`,
 * `..%2f`, `..\`, `..;`), a percent-encoded dot-dot in any case (`%2e%2e`), a half-encoded one at a
 * segment's start (`/.%2e`, `/%2e.`), `.` segments, and the encodings a backend that decodes more than
 * once or differently could turn into a dot: a double-encoded pair (`%252e%252e`, any case), an overlong
 * UTF-8 dot (`%c0%ae`, `%C0%AE`), IIS's `%u002e` (any `%u002…`), a percent-encoded full-width dot
 * (`%ef%bc%8e`, `%EF%BC%8E`). ALB path patterns cannot hold `%` or `\`, so `?` stands for either (one
 * character), and the API server wants every path absolute; whether the ALB resolves dot segments
 * before matching is not documented, so these are matched as sent. Each pattern is specific enough that
 * hashed asset names do not match it (tests/traversal.test.ts). What no pattern can tell from an ordinary
 * name (a raw backslash before a half-encoded dot, `\.%2e\`; mixed-case overlong forms) is listed in
 * docs/security.md. The guard member sorts before the public and 401-only ones and sends such
 * requests to the login: a backend that resolves the path can no longer be reached through a door.
 */
export const TRAVERSAL_PATTERNS: readonly string[] = [
    "/*..*", "/*?2e?2e*", "/*?2E?2E*", "/*?2e?2E*", "/*?2E?2e*", "/*/.?2e*", "/*/.?2E*", "/*/?2e.*", "/*/?2E.*", "/*/./*", "/*/.",
    "/*?252??252?*", "/*?c0?ae*", "/*?C0?AE*", "/*?u002?*", "/*?ef?bc?8e*", "/*?EF?BC?8E*",
];

/**
 * The group's members, per site: its login Ingress (the sign-out path, Exact — the controller puts
 * Exact paths first within an Ingress — then `/`), a public one (the signed-out page and
 * `publicPaths`) and a 401-only one (`apiPaths`). `group.order` ranks them public < 401 < login,
 * each site one step apart so no two members share an order (older controllers refuse that).
 */
export function groupMembers(sites: Site[], signOut?: SignOutRoutes): Member[] {
    return sites.flatMap((site, n): Member[] => {
        const member = (suffix: string, access: Access, routes: Route[]): Member =>
            ({ name: `${site.ingressName}${suffix}`, resourceSuffix: `${site.key}${suffix}`, access, order: GROUP_ORDER[access] + n, namespace: site.namespace, host: site.host, routes });
        const to = (path: string, pathType: Route["pathType"]): Route => ({ path, pathType, service: site.service, port: site.port });
        const signOutTo = (path: string): Route => ({ path, pathType: "Exact", service: signOut!.service, port: signOut!.port });
        const members = [member("", "login", [...(signOut ? [signOutTo(signOut.signOutPath)] : []), to("/", "Prefix")])];
        // Prefixes that open without a redirect to the login need the guard; the signed-out page is Exact.
        const machines = site.machinePaths ?? [];
        if (site.publicPaths.length || site.apiPaths.length || machines.length) {
            members.push({ ...member("-guard", "login", TRAVERSAL_PATTERNS.map((p) => to(p, "ImplementationSpecific"))), order: GUARD_ORDER + n });
        }
        const open = [...(signOut ? [signOutTo(signedOutPath(signOut.signOutPath))] : []), ...(signOut?.idpHop ? [signOutTo(idpSignOutPath(signOut.signOutPath))] : []),
            ...site.publicPaths.map((p) => to(p, "Prefix"))];
        if (open.length) members.push(member("-public", "public", open));
        if (site.apiPaths.length) members.push(member("-api", "deny", site.apiPaths.map((p) => to(p, "Prefix"))));
        // Ordered by their index in the group, not by site: every member's group.order stays unique.
        for (const mp of machines) members.push({ ...member(`-machine-${mp.index}`, "bearer", [to(mp.path, "Prefix")]), order: GROUP_ORDER.bearer + mp.index, scopes: mp.scopes });
        return members;
    });
}

/** The backend for a route: a named port by name, a number by number. */
export const backendPort = (port: number | string) => (typeof port === "number" ? { number: port } : { name: port });

/** One row of the doors table: what a request for a host and path gets. */
export interface Door {
    host: string;
    path: string;
    pathType: "Exact" | "Prefix" | "ImplementationSpecific";
    /** `login` (redirect to the IdP), `401`, `public`, or `bearer token (<scopes>)` (an access token the ALB checks; no browser login). */
    access: string;
    backend: string;
    ingress: string;
}

/** The members as a table, in the order the ALB evaluates their rules (group.order, then Exact before Prefix, longer first); a guard is one row. */
export function doorsTable(members: Member[], noLogin = false): Door[] {
    const sorted = [...members].sort((a, b) => a.order - b.order || `${a.namespace}/${a.name}`.localeCompare(`${b.namespace}/${b.name}`));
    return sorted.flatMap((m) => (m.routes.every((r) => r.pathType === "ImplementationSpecific")
        ? [{ host: m.host, path: "any path with .. or an encoded dot", pathType: "ImplementationSpecific" as const, access: noLogin ? "public" as const : "login" as const, backend: `${m.namespace}/${m.routes[0].service}:${m.routes[0].port}`, ingress: `${m.namespace}/${m.name}` }]
        : [...m.routes]
        .sort((a, b) => (a.pathType === b.pathType ? b.path.length - a.path.length : a.pathType === "Exact" ? -1 : 1))
        .map((r): Door => ({ host: m.host, path: r.path, pathType: r.pathType, access: noLogin ? "public" : m.access === "deny" ? "401" : m.access === "bearer" ? `bearer token (${(m.scopes ?? []).join(", ")})` : m.access,
            backend: `${m.namespace}/${r.service}:${r.port}`, ingress: `${m.namespace}/${m.name}` }))));
}
