/**
 * The sign-in pages the ALB's rules send users to: each domain exists and is ACTIVE, serves the login version the
 * stack configures (managed login or the classic hosted UI), and on managed login every client the rules name has
 * a style — without one, Cognito shows its users "Login pages unavailable".
 */
import { CognitoIdentityProviderClient, DescribeManagedLoginBrandingByClientCommand, DescribeUserPoolDomainCommand } from "@aws-sdk/client-cognito-identity-provider";
import { Step, attempt } from "./attempt";
import type { Expected } from "./expected";
import { Item, Read, Rule, fail, isReadError, ok, unreadable } from "./types";

export interface SignInPagesLive {
    /** By the domain the rules name (a prefix, or a domain of your own). */
    domains: Record<string, Read<{ version?: number; status?: string; poolId?: string }>>;
    /** Whether each client the rules name has a managed login style, by client id (read only where a domain uses managed login). */
    styles: Record<string, Read<boolean>>;
}

/** The sign-in domains the rules name: Cognito's action names it; OIDC against the pool, by its authorize endpoint's host. */
export function domainsOf(rules: Rule[]): string[] {
    const out = new Set<string>();
    for (const a of rules.flatMap((r) => r.Actions ?? [])) {
        if (a.AuthenticateCognitoConfig?.UserPoolDomain) out.add(a.AuthenticateCognitoConfig.UserPoolDomain);
        const host = a.AuthenticateOidcConfig?.AuthorizationEndpoint && /^https:\/\/([^/]+)\/oauth2\/authorize$/.exec(a.AuthenticateOidcConfig.AuthorizationEndpoint)?.[1];
        if (host && a.AuthenticateOidcConfig?.Issuer?.startsWith("https://cognito-idp.")) out.add(/\.amazoncognito\.com$/.test(host) ? host.split(".")[0] : host);
    }
    return [...out];
}

export async function readSignInPages(rules: Rule[], clients: { poolId: string; clientId: string }[], cognito: CognitoIdentityProviderClient, step: Step): Promise<SignInPagesLive> {
    const live: SignInPagesLive = { domains: {}, styles: {} };
    for (const d of domainsOf(rules)) {
        live.domains[d] = await attempt(`sign-in domain ${d}`, "cognito-idp:DescribeUserPoolDomain", step, async (abortSignal) => {
            const desc = (await cognito.send(new DescribeUserPoolDomainCommand({ Domain: d }), { abortSignal })).DomainDescription;
            // An unknown domain answers an empty description, not an error.
            return desc?.UserPoolId ? { version: desc.ManagedLoginVersion, status: desc.Status, poolId: desc.UserPoolId } : null;
        });
    }
    const managed = Object.values(live.domains).some((d) => d && !isReadError(d) && d.version === 2);
    for (const c of managed ? clients : []) {
        live.styles[c.clientId] = await attempt(`the managed login style of app client ${c.clientId}`, "cognito-idp:DescribeManagedLoginBrandingByClient", step, async (abortSignal) =>
            Boolean((await cognito.send(new DescribeManagedLoginBrandingByClientCommand({ UserPoolId: c.poolId, ClientId: c.clientId }), { abortSignal })).ManagedLoginBranding));
    }
    return live;
}

export function signInPageItems(e: Expected, live: SignInPagesLive | undefined): Item[] {
    if (!live || e.idp !== "cognito-pool") return [];
    const A = "AWS" as const;
    const want = e.managedLogin ? 2 : 1;
    const items = Object.entries(live.domains).map(([d, x]) => {
        const title = `sign-in domain ${d}`;
        if (isReadError(x)) return unreadable(A, title, x);
        if (!x) return fail(A, title, "the domain the ALB's rules send users to does not exist: nobody can sign in", "Run pulumi up: it creates the domain again (a domain of your own can take up to an hour to serve).");
        if (x.status && x.status !== "ACTIVE") return fail(A, title, `it is ${x.status}, not ACTIVE: sign-in fails until it is`, "Wait for it (a domain of your own can take up to an hour), then run npm run doctor again.");
        if ((x.version ?? 1) !== want) {
            return fail(A, title, `it serves ${x.version === 2 ? "managed login" : "the classic hosted UI"}, but the stack configures ${want === 2 ? "managed login" : "the classic hosted UI"}`,
                "Run pulumi up: it sets the domain's login version again (changed in the Cognito console).");
        }
        return ok(A, `${title}: ACTIVE, ${want === 2 ? "managed login" : "the classic hosted UI"}`);
    });
    const unstyled = Object.entries(live.styles).filter(([, s]) => s === null || s === false).map(([id]) => id);
    const unread = Object.entries(live.styles).find(([, s]) => isReadError(s));
    if (unread && isReadError(unread[1])) items.push(unreadable(A, "managed login styles", unread[1]));
    else if (unstyled.length) {
        items.push(fail(A, "managed login styles", `app client(s) ${unstyled.join(", ")} have no style: Cognito shows their users "Login pages unavailable"`,
            "Run pulumi up: it gives every browser client a style (deleted in the Cognito console, or added while managed login was off)."));
    } else if (Object.keys(live.styles).length) items.push(ok(A, `managed login styles: every app client the rules name has one (${Object.keys(live.styles).length})`));
    return items;
}
