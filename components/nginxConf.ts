/**
 * The sign-out server's whole nginx.conf, as plain text: the Deployment mounts exactly this file,
 * and a test runs Debian's nginx with it. AWS's ALB guide: to sign a user out, the application
 * expires the ALB's session cookie (every shard) and redirects to the IdP's logout endpoint; the
 * page the user lands on must not require authentication. A fixed-response rule cannot set
 * cookies, so a tiny server does it, as oauth2-proxy's /oauth2/sign_out does.
 * @see https://docs.aws.amazon.com/elasticloadbalancing/latest/application/listener-authenticate-users.html
 */

/** The ALB shards a session cookie over 4 KB into `<name>-0` … `<name>-3` (at most 16 KB). */
export const SESSION_COOKIE_SHARDS = 4;
export const SIGN_OUT_PORT = 8080;
export const HEALTH_PATH = "/healthz";

/**
 * nginx-unprivileged (UID 101, port 8080), pinned by digest so a re-pushed tag cannot change
 * what runs; `signOutImage` overrides it for private registries and air-gapped clusters.
 */
export const DEFAULT_SIGN_OUT_IMAGE = "docker.io/nginxinc/nginx-unprivileged:1.29-alpine@sha256:0c79d56aee561a1d81c63f00eee5fb5fe29279560cdc55e91425133104c7fbe6";

/** One host's sign-out: the server tells hosts apart by the Host header, which the ALB passes on. */
export interface SignOutSite {
    host: string;
    /** Behind the ALB's authentication: expires the session and redirects to `redirectTo`. */
    signOutPath: string;
    /** Public: the "you are signed out" page. */
    signedOutPath: string;
    /** The IdP's logout URL (which returns to the signed-out page), or the signed-out page itself. */
    redirectTo: string;
    /** Where "sign in again" goes: the host's UI. */
    uiUrl: string;
    /** The ALB's `auth-session-cookie` on this host (one per app client): its shards are expired. */
    cookieName: string;
    /** Public: where Cognito's logout returns when an OIDC IdP's session must end too; it sends the browser to that IdP's end-session URL. */
    idpHop?: { path: string; redirectTo: string };
}

export interface SignOutServer {
    sites: SignOutSite[];
}

/** `Set-Cookie` that deletes a cookie the ALB set for this host (no Domain attribute, Path=/). */
export const expiredCookie = (name: string) => `${name}=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Secure; HttpOnly`;

/**
 * A double-quoted nginx string. nginx expands `$name` inside strings and has no escape for `$`,
 * so a `$` is percent-encoded (the strings here are URLs or HTML, where that is harmless).
 */
function quoted(v: string): string {
    if (/[\r\n]/.test(v)) throw new Error(`nginx string must be one line: ${JSON.stringify(v)}`);
    return `"${v.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\$/g, "%24")}"`;
}

const html = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

export function signedOutPage(uiUrl: string): string {
    const u = html(uiUrl);
    return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>Signed out</title></head>` +
        `<body style="font-family:sans-serif;margin:4em auto;max-width:32em"><h1>You are signed out</h1><p><a href="${u}">Sign in again</a></p></body></html>`;
}

function site(s: SignOutSite): string[] {
    const cookies = Array.from({ length: SESSION_COOKIE_SHARDS }, (_, i) => `            add_header Set-Cookie ${quoted(expiredCookie(`${s.cookieName}-${i}`))} always;`);
    return [
        "    server {",
        `        listen ${SIGN_OUT_PORT};`,
        `        server_name ${s.host};`,
        `        location = ${s.signOutPath} {`,
        ...cookies,
        '            add_header Cache-Control "no-store" always;',
        `            return 302 ${quoted(s.redirectTo)};`,
        "        }",
        ...(s.idpHop ? [`        location = ${s.idpHop.path} {`, '            add_header Cache-Control "no-store" always;', `            return 302 ${quoted(s.idpHop.redirectTo)};`, "        }"] : []),
        `        location = ${s.signedOutPath} {`,
        '            add_header Cache-Control "no-store" always;',
        "            default_type text/html;",
        `            return 200 ${quoted(signedOutPage(s.uiUrl))};`,
        "        }",
        "        location / {",
        "            return 404;",
        "        }",
        "    }",
    ];
}

export function signOutNginxConf(s: SignOutServer): string {
    for (const x of s.sites) if (!/^[a-z0-9.-]+$/.test(x.host)) throw new Error(`not a hostname: ${JSON.stringify(x.host)}`);
    // A cookie name is an HTTP token (RFC 6265): nothing nginx or a browser would read otherwise.
    for (const x of s.sites) if (!/^[A-Za-z0-9_-]+$/.test(x.cookieName)) throw new Error(`not a cookie name: ${JSON.stringify(x.cookieName)}`);
    return [
        "# mdai-cognito sign-out server (generated; see components/nginxConf.ts).",
        "worker_processes 1;",
        "pid /tmp/nginx.pid;",
        "error_log stderr warn;",
        "events {",
        "    worker_connections 256;",
        "}",
        "http {",
        "    access_log off;",
        "    server_tokens off;",
        // The root filesystem is read-only: every file nginx writes lives in the /tmp emptyDir.
        "    client_body_temp_path /tmp/client_body;",
        "    proxy_temp_path /tmp/proxy;",
        "    fastcgi_temp_path /tmp/fastcgi;",
        "    uwsgi_temp_path /tmp/uwsgi;",
        "    scgi_temp_path /tmp/scgi;",
        "    default_type text/plain;",
        // Any other Host (the kubelet's probes use the pod IP): the health path, and nothing else.
        "    server {",
        `        listen ${SIGN_OUT_PORT} default_server;`,
        `        location = ${HEALTH_PATH} {`,
        '            return 200 "ok\\n";',
        "        }",
        "        location / {",
        "            return 404;",
        "        }",
        "    }",
        ...s.sites.flatMap(site),
        "}",
        "",
    ].join("\n");
}
