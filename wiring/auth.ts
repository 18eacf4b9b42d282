/** The identity provider, wired: the Cognito pool (when one is created) and what the Ingress needs of it. */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { Settings } from "../config/validate";
import { CognitoAuth } from "../components/cognitoAuth";
import type { OwnClient } from "../components/appClient";
import { albCallbackUrl, endSessionUrl } from "../components/cognitoUrls";
import { soleOidc } from "../config/federation";
import { lookedUp } from "../config/placeholders";
import { ConsoleIngressAuth } from "../components/consoleIngress";
import { hostUrl, idpSignOutPath } from "../components/routes";
import { hostnames, signedOutUrls } from "./hosts";
import type { Logger } from "../program";
import { UserFacingError } from "../config/errors";
import { isPlaceholder } from "../config/placeholders";
import { stackOwner as owner } from "./providers";
import { checkPoolKept, domainAddedTo, gateOnceSet, groupsAttributeOnceSet, recordDomainAdded, recordManagedPool, stillManaged } from "./records";
import type { CheckedFederation } from "./federation";
import { shellQuote } from "../config/shell";
import { poolSignIn } from "./signIn";
import type { CustomDomainArgs } from "../components/poolDomains";

/** What the ALB authenticates against: the pool (natively or through its OIDC endpoints), an external IdP, or nothing. */
export function ingressAuth(s: Settings, cognito: CognitoAuth | undefined): ConsoleIngressAuth {
    if (s.decision.mode === "none") return { type: "none" };
    if (!cognito) return { type: "oidc", ...s.oidc!, clientSecret: pulumi.secret(s.oidc!.clientSecret) };
    const own = Object.entries(cognito.ownClients);
    const extraParams = straightTo(s);
    if (s.decision.mode === "cognito") {
        return { type: "cognito", userPoolArn: cognito.userPoolArn, userPoolClientId: cognito.clientId, userPoolDomain: cognito.domainPrefix,
            appClientIds: Object.fromEntries(own.map(([app]) => [app, cognito.loginClientId(app)])), extraParams };
    }
    const { issuer, authorizationEndpoint, tokenEndpoint, userInfoEndpoint, clientId, clientSecret } = cognito;
    return { type: "oidc", issuer, authorizationEndpoint, tokenEndpoint, userInfoEndpoint, clientId, clientSecret,
        appClients: Object.fromEntries(own.map(([app, c]) => [app, { clientId: cognito.loginClientId(app), clientSecret: pulumi.secret(c.clientSecret) }])), extraParams };
}

/** With one identity provider and no local users, the login goes straight to it: Cognito's page would offer nothing to choose. */
export const straightTo = (s: Settings): Record<string, string> | undefined =>
    (!s.federation.localUsers && s.federation.providers.length === 1 ? { identity_provider: s.federation.providers[0].name } : undefined);

export { hostnames, signedOutUrls };

/** What an external IdP's client must list for this stack: redirect URIs, and post-logout URIs when it ends sessions. */
export interface IdpRegistration {
    /** The ALB's callback on every host (`https://<host>/oauth2/idpresponse`). */
    redirectUris: string[];
    /** Each host's signed-out page, when sign-out calls the IdP's end_session_endpoint. */
    postLogoutRedirectUris: string[];
}

export const idpRegistration = (s: Settings): IdpRegistration | undefined => (s.decision.idp !== "external" ? undefined : {
    redirectUris: hostnames(s).map(albCallbackUrl),
    postLogoutRedirectUris: s.oidc?.endSessionEndpoint ? signedOutUrls(s) : [],
});

/**
 * Where Cognito's logout returns, per host: the signed-out page; or, when everyone signs in through
 * one OIDC provider whose session signing out ends too, the page that sends the browser on to its
 * end-session endpoint (Cognito's logout cannot end an OIDC IdP's session itself).
 */
export const cognitoReturnUrls = (s: Settings): string[] =>
    (s.signOut && soleOidc(s.federation) ? hostnames(s).map((h) => hostUrl(h, idpSignOutPath(s.signOut!.path))) : signedOutUrls(s));

/** Per host, the sole OIDC provider's end-session URL, returning to the host's signed-out page (undefined: no such hop). */
export function idpEndSessionUrls(s: Settings, checked: CheckedFederation | undefined): Record<string, string> | undefined {
    const p = soleOidc(s.federation);
    if (!p || !s.signOut) return undefined;
    const end = checked?.oidcEndpoints[p.name]?.endSessionUrl;
    const pages = signedOutUrls(s);
    return Object.fromEntries(hostnames(s).map((h, i) => [h, end ? endSessionUrl(end, p.clientId, pages[i])
        : `${lookedUp(`end_session_endpoint of ${p.issuer}`)}?${new URLSearchParams({ client_id: p.clientId, post_logout_redirect_uri: pages[i] })}`]));
}

/** Per host, where its sign-out endpoint sends the browser: the IdP's logout, returning to that host's signed-out page. */
export function idpLogoutUrls(s: Settings, cognito: CognitoAuth | undefined): Record<string, pulumi.Input<string>> {
    const end = s.oidc?.endSessionEndpoint;
    const out: Record<string, pulumi.Input<string>> = {};
    const pages = cognito ? cognitoReturnUrls(s) : signedOutUrls(s);
    hostnames(s).forEach((h, i) => {
        const back = pages[i];
        // Host i > 0 is app i - 1's.
        if (cognito) out[h] = cognito.logoutUrlFor(back, s.apps[i - 1]?.name);
        else if (end) out[h] = endSessionUrl(end, s.oidc!.clientId, back);
    });
    return out;
}

/** The tag that says which stack created a pool, so that no stack adopts its own pool as an existing one. */
export const POOL_OWNER_TAG = "mdai-cognito:stack";

/**
 * The existing pool of `userPoolId`, looked up before anything is created: it must exist for these
 * credentials in the pool's region, must not be the pool this stack created, and its hosted-UI
 * domain decides whether the stack adds one.
 */
async function lookUpPool(s: Settings, provider: aws.Provider, log: Logger): Promise<{ id: string; arn: string; domain?: string; domainIsOurs: boolean }> {
    const id = s.existingUserPoolId!;
    let pool: aws.cognito.GetUserPoolResult;
    try {
        pool = await aws.cognito.getUserPool({ userPoolId: id }, { provider });
    } catch (err) {
        throw new UserFacingError(`userPoolId ${id}: no such user pool in ${s.cognitoRegion} for these credentials (${String((err as Error).message ?? err).split("\n")[0]}). ` +
            `Check the ID (\`aws cognito-idp list-user-pools --max-results 60 --region ${shellQuote(s.cognitoRegion)}\`) and the AWS account; nothing was changed.`);
    }
    // The stack's own pool: refused while the stack still manages it (adopting it would drop it, and delete its hosted-UI domain);
    // one the stack left earlier, and kept, may be used again.
    if (pool.tags?.[POOL_OWNER_TAG] === owner() && await stillManaged(id)) {
        throw new UserFacingError(`userPoolId ${id} is the pool this stack manages as its own (tag ${POOL_OWNER_TAG}=${owner()}): remove userPoolId (\`pulumi config rm userPoolId\`); ` +
            "adopting it would take it out of the stack and delete the hosted-UI domain the stack created; nothing was changed.");
    }
    // Anyone may create an account in such a pool (adminCreateUserConfig.allowAdminCreateUserOnly false), and so reach the console.
    if (pool.adminCreateUserConfigs?.[0]?.allowAdminCreateUserOnly === false && !s.selfSignUp) {
        throw new UserFacingError(`userPoolId ${id} lets anyone sign up (its AllowAdminCreateUserOnly is false): anyone could create an account there and sign in to the console; nothing was changed. ` +
            "Turn self-registration off in that pool (Cognito console: Sign-up, Self-registration), or, if an open sign-up is what you want, say so with `pulumi config set selfSignUp true`.");
    }
    if (pool.adminCreateUserConfigs?.[0]?.allowAdminCreateUserOnly === false) log.warn(`userPoolId ${id} lets anyone sign up, and selfSignUp is true: anyone can create an account there and sign in to the console.`);
    const domain = pool.domain || undefined;
    if (s.userPoolDomain && domain && !isPlaceholder(domain) && domain !== s.userPoolDomain) {
        throw new UserFacingError(`userPoolId ${id} has the hosted-UI domain ${domain}, and userPoolDomain asks for ${s.userPoolDomain}; a pool has one prefix domain. ` +
            `Set userPoolDomain to ${domain}, or remove it to use the pool's (\`pulumi config rm userPoolDomain\`); nothing was changed.`);
    }
    if (!domain && !s.userPoolDomain) {
        throw new UserFacingError(`userPoolId ${id} has no hosted-UI domain, which the login needs: set userPoolDomain to a prefix (\`pulumi config set userPoolDomain <prefix>\`) and the stack adds one; nothing was changed.`);
    }
    // A domain this stack added to the pool on an earlier run stays the stack's, with or without userPoolDomain: dropping it would delete it.
    const domainIsOurs = domain ? (await domainAddedTo(id)) === domain : (recordDomainAdded(id, s.userPoolDomain!), true);
    return { id, arn: pool.arn, domain, domainIsOurs };
}

/** Which hosts share the stack's app client and which apps get their own (those with an allowedGroups of their own). */
export function clientsOf(s: Settings): { otherHostnames: string[]; signOutUrls: string[]; ownClients: (OwnClient & { hostname: string; signOutUrl?: string })[] } {
    const pages = cognitoReturnUrls(s);
    const own = (n: number) => s.access.appAllowedGroups[s.apps[n].name] !== undefined;
    return {
        otherHostnames: s.apps.filter((_, n) => !own(n)).map((a) => a.hostname),
        // Each host's signed-out page: the console's first, then those of the apps that share its client.
        signOutUrls: pages.filter((_, n) => n === 0 || !own(n - 1)),
        ownClients: s.apps.flatMap((a, n) => (own(n) ? [{ key: a.name, hostname: a.hostname, signOutUrl: pages[n + 1], allowedGroups: s.access.appAllowedGroups[a.name] }] : [])),
    };
}

export async function createCognito(s: Settings, provider: aws.Provider, log: Logger, checked?: CheckedFederation, customDomain?: CustomDomainArgs): Promise<CognitoAuth> {
    log.info(`users: ${s.users.length} e-mail address(es) managed in the user pool; removing an address from users signs that user out everywhere, then deletes them, at the next update.`);
    const { groups, allowedGroups, appAllowedGroups } = s.access;
    const gated = allowedGroups.length > 0 || Object.values(appAllowedGroups).some((l) => l.length > 0);
    const keepGate = await gateOnceSet(gated, s.access.gate === "remove");
    if (allowedGroups.length) log.info(`allowedGroups: only members of ${allowedGroups.join(", ")} get tokens, at sign-in and at every refresh (a pre token generation trigger).`);
    for (const [app, list] of Object.entries(appAllowedGroups)) {
        log.info(`apps ${app}: an app client of its own, and ${list.length ? `only members of ${list.join(", ")} get tokens for it` : "every user of the pool gets tokens for it"} (its allowedGroups).`);
    }
    if (!gated && keepGate && s.access.gate === "keep") {
        log.warn("allowedGroups is empty, so every user of the pool may sign in; the gate stays, open: its trigger and function are kept, because a trigger whose " +
            "function is gone fails every sign-in. To remove it: allowedGroupsGate detach, then remove (docs/security.md, \"Who may sign in\").");
    }
    if (!gated && keepGate && s.access.gate === "detach") {
        log.warn("allowedGroupsGate detach: the pool is updated without its pre token generation trigger, and the gate's function is kept, open, in case the trigger stays. " +
            `Check that it is gone (\`aws cognito-idp describe-user-pool --user-pool-id <userPoolId> --region ${shellQuote(s.cognitoRegion)} --query UserPool.LambdaConfig\` shows no ` +
            "PreTokenGeneration), then set allowedGroupsGate remove to delete the function.");
    }
    if (!gated && s.access.gate === "remove") log.info("allowedGroupsGate remove: no trigger, and the gate's function, role and permission are deleted.");
    const existing = s.existingUserPoolId ? await lookUpPool(s, provider, log) : undefined;
    if (!existing) await checkPoolKept(s.userPoolName, s.cognitoRegion);
    if (existing) log.info(`userPoolId: the app client${existing.domain ? "" : " and the hosted-UI domain"} go into the existing pool ${existing.id}, which the program never changes or deletes.`);
    const fed = s.federation;
    // Never for an existing pool (refused with providers), and kept once given: Cognito cannot remove a schema attribute.
    const groupsAttribute = existing ? false : await groupsAttributeOnceSet(fed.providers.some((p) => p.groupsClaim));
    if (fed.providers.length) log.info(federationLine(s));
    const cognito = new CognitoAuth("mdai", {
        groups,
        allowedGroups,
        keepGate,
        detachGate: !gated && s.access.gate !== "keep",
        existingUserPool: existing,
        poolKey: existing ? existing.id : `own-${s.cognitoRegion}`,
        createDomain: !existing || existing.domainIsOurs,
        tags: { [POOL_OWNER_TAG]: owner() },
        uiHostname: s.uiHostname,
        ...clientsOf(s),
        domainPrefix: existing?.domain ?? s.userPoolDomain!,
        region: s.cognitoRegion,
        userPoolName: s.userPoolName,
        appClientName: s.appClientName,
        users: s.users,
        mfa: s.mfa,
        passwordMinimumLength: s.passwordMinimumLength,
        temporaryPasswordValidityDays: s.temporaryPasswordValidityDays,
        tokenValidityMinutes: s.tokenValidityMinutes,
        refreshTokenValidityMinutes: s.refreshTokenValidityMinutes,
        accountRecovery: s.accountRecovery,
        tokenRevocation: s.tokenRevocation,
        preventUserExistenceErrors: s.preventUserExistenceErrors,
        selfSignUp: s.selfSignUp,
        threatProtection: s.threatProtection,
        retainUserPool: s.userPoolRetention === "retain",
        signIn: poolSignIn(s),
        customDomain,
        federation: existing ? undefined : { providers: fed.providers, localUsers: fed.localUsers, samlSignOut: checked?.samlSignOut, oidcEndpoints: checked?.oidcEndpoints, groupsAttribute },
    }, { providers: [provider] });
    if (!existing) recordManagedPool(cognito.userPoolId);
    return cognito;
}

/** What the log says of the providers: who signs in where, and straight to which. */
function federationLine(s: Settings): string {
    const f = s.federation;
    const names = f.providers.map((p) => `${p.name} (${p.type.toUpperCase()})`).join(", ");
    const where = straightTo(s) ? `the login goes straight to ${f.providers[0].name}` : f.localUsers ? "Cognito's page offers them beside the pool's own users" : "Cognito's page offers a choice between them";
    return `identityProviders: ${names}; ${where}.`;
}
