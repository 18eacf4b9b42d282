/**
 * The console's doors as data: which Ingress of the IngressGroup serves which host and paths,
 * with which access. Pure, so the order of rules and what is reachable without login can be
 * checked without mocks.
 */
import type { Access } from "./annotations";

/** Where the sign-out endpoint lives by default: a prefix no console route uses, and not under /oauth2/. */
export const DEFAULT_SIGN_OUT_PATH = "/_mdai/sign-out";
/** The public page the sign-out lands on: under the sign-out path, so one setting moves both. */
export const signedOutPath = (signOutPath: string) => `${signOutPath}/done`;

export interface Route {
    path: string;
    pathType: "Exact" | "Prefix";
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
    namespace: string;
    host: string;
    routes: Route[];
}

export interface SignOutRoutes {
    signOutPath: string;
    signedOutPath: string;
    service: string;
    port: number;
}

export interface ConsoleDoors {
    ingressName: string;
    namespace: string;
    host: string;
    service: string;
    port: number | string;
    /** Absent when sign-out is off (or there is no login to sign out of). */
    signOut?: SignOutRoutes;
}

/**
 * The console's members: its own Ingress (the sign-out path, Exact, ahead of `/` — the controller
 * puts Exact paths first within an Ingress) and, with sign-out, a public Ingress for the
 * signed-out page, which must not require a login.
 */
export function consoleMembers(d: ConsoleDoors): Member[] {
    const so = d.signOut;
    const login: Member = {
        name: d.ingressName, resourceSuffix: "", access: "login", namespace: d.namespace, host: d.host,
        routes: [
            ...(so ? [{ path: so.signOutPath, pathType: "Exact" as const, service: so.service, port: so.port }] : []),
            { path: "/", pathType: "Prefix", service: d.service, port: d.port },
        ],
    };
    if (!so) return [login];
    const signedOut: Member = {
        name: `${d.ingressName}-public`, resourceSuffix: "-public", access: "public", namespace: d.namespace, host: d.host,
        routes: [{ path: so.signedOutPath, pathType: "Exact", service: so.service, port: so.port }],
    };
    return [login, signedOut];
}

/** The Ingress backend for a route: a named port by name, a number by number. */
export const backendPort = (port: number | string) => (typeof port === "number" ? { number: port } : { name: port });
