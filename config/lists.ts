/** The structured keys: `users` (a list of e-mail addresses) and `oidc` (an external identity provider). */
import { Problem, problem } from "./errors";
import { fullKey } from "./keys";
import * as rules from "./rules";
import { RawValue } from "./sources";
import { didYouMean } from "./suggest";

export interface ExternalIdp {
    issuer: string;
    authorizationEndpoint: string;
    tokenEndpoint: string;
    userInfoEndpoint: string;
    clientId: string;
    clientSecret: string;
    /** OIDC RP-initiated logout; without it, signing out ends only the ALB session. */
    endSessionEndpoint?: string;
}

const OPTIONAL_OIDC_FIELDS = ["endSessionEndpoint"] as const;
const OIDC_FIELDS = ["issuer", "authorizationEndpoint", "tokenEndpoint", "userInfoEndpoint", "clientId", "clientSecret"] as const;

/** The most users `users` manages (each is a resource; the bench measures 500). */
export const MAX_USERS = 1000;
/** Cognito's default e-mail configuration sends 50 messages a day (Cognito quotas, "Email messages sent per day"). */
export const COGNITO_DEFAULT_EMAILS_PER_DAY = 50;

export function parseUsers(r: RawValue | undefined, problems: Problem[]): string[] {
    if (!r) return [];
    const key = fullKey("users");
    let list: unknown;
    try {
        const v = r.value.trim();
        // Stack config holds a list (Pulumi.yaml types the key; the CLI refuses anything else, and
        // keyCheck has said so); only a variable may hold a comma-separated list.
        list = v.startsWith("[") ? JSON.parse(v) : v.startsWith("{") || r.fromConfig ? undefined : v.split(",").map((s) => s.trim()).filter(Boolean);
    } catch {
        list = undefined;
    }
    if (r.fromConfig && !Array.isArray(list)) return [];
    if (!Array.isArray(list) || list.some((u) => typeof u !== "string")) {
        problems.push(problem(key, r.value, "it must be a list of e-mail addresses", "Set it with `pulumi config set --path 'users[0]' <e-mail address>`.", r.origin));
        return [];
    }
    if (list.length > MAX_USERS) {
        problems.push(problem(key, `${list.length} addresses`, `the program manages at most ${MAX_USERS} users, one resource each (a plan and every pulumi up would take minutes and Cognito's e-mail quota days)`,
            "Invite the administrators here, and the rest through Cognito's CSV user import or an external IdP (oidc).", r.origin));
        return [];
    }
    return addresses(list as string[], () => key, r.origin, problems, "this address is listed twice (addresses are compared without case)");
}

/**
 * A list of e-mail addresses, lowercased (usernames are case-insensitive in the pool): each invalid
 * or repeated one is a problem at `keyAt(index)` and left out.
 */
export function addresses(list: string[], keyAt: (n: number) => string, origin: string | undefined, problems: Problem[], twice: string): string[] {
    const seen = new Set<string>();
    const out: string[] = [];
    list.forEach((u, n) => {
        const email = u.trim().toLowerCase();
        const c = rules.checkEmail(email);
        if (c) problems.push(problem(keyAt(n), u, c.wrong, c.fix, origin));
        else if (seen.has(email)) problems.push(problem(keyAt(n), u, twice, "Remove the duplicate.", origin));
        else out.push(email);
        seen.add(email);
    });
    return out;
}

/** undefined: no external IdP; null: configured but invalid (problems recorded). */
export function parseOidc(r: RawValue | undefined, problems: Problem[], warnings: string[] = []): ExternalIdp | undefined | null {
    if (!r) return undefined;
    const key = fullKey("oidc");
    let obj: Record<string, unknown>;
    try {
        obj = JSON.parse(r.value);
    } catch {
        obj = {};
    }
    if (typeof obj !== "object" || obj === null || Array.isArray(obj)) {
        problems.push(problem(key, { hidden: true }, "it must be an object", "Set its fields with `pulumi config set --path oidc.issuer https://…`."));
        return null;
    }
    if (Object.keys(obj).length === 0) return undefined;
    const before = problems.length;
    for (const f of OIDC_FIELDS) {
        const v = obj[f];
        const sub = `${key}.${f}`;
        if (typeof v !== "string" || v.trim() === "") {
            const how = f === "clientSecret" ? "pulumi config set --secret --path oidc.clientSecret <secret>" : `pulumi config set --path oidc.${f} <value>`;
            problems.push(problem(sub, undefined, `the external identity provider needs ${f}`, `Set it with \`${how}\`.`));
        } else if (f.endsWith("ndpoint") || f === "issuer") {
            const c = rules.checkHttpsUrl(v);
            if (c) problems.push(problem(sub, v, c.wrong, c.fix));
        }
    }
    if (typeof obj.clientSecret === "string" && obj.clientSecret !== "" && !r.secret) {
        problems.push(problem(`${key}.clientSecret`, { hidden: true }, "it is stored in plain text in the stack's config file",
            "Store it encrypted: `pulumi config set --secret --path oidc.clientSecret <secret>`."));
    }
    for (const f of OPTIONAL_OIDC_FIELDS) {
        const v = obj[f];
        if (v === undefined) continue;
        const c = typeof v === "string" ? rules.checkHttpsUrl(v) : { wrong: "it must be a URL", fix: "Copy end_session_endpoint from the IdP's /.well-known/openid-configuration." };
        if (c) problems.push(problem(`${key}.${f}`, typeof v === "string" ? v : { hidden: true }, c.wrong, c.fix));
    }
    // The sign-out endpoint sends users to this URL: another host than the issuer's is at least worth a look.
    const host = (u: unknown) => { try { return new URL(String(u)).hostname; } catch { return undefined; } };
    if (typeof obj.endSessionEndpoint === "string" && host(obj.endSessionEndpoint) && host(obj.issuer) && host(obj.endSessionEndpoint) !== host(obj.issuer)) {
        warnings.push(`oidc.endSessionEndpoint is on ${host(obj.endSessionEndpoint)}, but the issuer is on ${host(obj.issuer)}: signing out sends users there. Check that it is the IdP's end_session_endpoint (its /.well-known/openid-configuration says).`);
    }
    // The ALB sends the client secret to the token endpoint, and the user's access token to the user-info endpoint.
    for (const [f, what] of [["tokenEndpoint", "the client secret"], ["userInfoEndpoint", "each user's access token"]] as const) {
        const h = host(obj[f]);
        if (h && host(obj.issuer) && h !== host(obj.issuer)) {
            warnings.push(`oidc.${f} is on ${h}, but the issuer is on ${host(obj.issuer)}: the ALB sends ${what} there. Check that it is the IdP's ${f === "tokenEndpoint" ? "token_endpoint" : "userinfo_endpoint"} (its /.well-known/openid-configuration says).`);
        }
    }
    const fields: readonly string[] = [...OIDC_FIELDS, ...OPTIONAL_OIDC_FIELDS];
    for (const k of Object.keys(obj)) {
        if (!fields.includes(k)) problems.push(problem(`${key}.${k}`, { hidden: true }, "it is not a field of oidc (a typo?)", `${didYouMean(k, fields).trim()} Fields: ${fields.join(", ")}.`.trim()));
    }
    return problems.length > before ? null : (obj as unknown as ExternalIdp);
}
