/**
 * URLs derived from a Cognito user pool, so nobody assembles endpoint strings by hand.
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/federation-endpoints.html
 */
import { usesFipsHostedUi } from "../region/regions";
import { shellQuote } from "../config/shell";

/** The scopes the ALB requests (its `auth-scope`); the app client must allow each of them. */
export const ALB_SCOPES = ["openid", "email"] as const;

/** `https://<prefix>.auth.<region>.amazoncognito.com` (`auth-fips` in GovCloud), or `https://<domain>` for a custom domain (a prefix holds no dot). */
export function hostedUiBaseUrl(domainPrefix: string, region: string): string {
    if (domainPrefix.includes(".")) return `https://${domainPrefix}`;
    const auth = usesFipsHostedUi(region) ? "auth-fips" : "auth";
    return `https://${domainPrefix}.${auth}.${region}.amazoncognito.com`;
}

export function issuerUrl(region: string, userPoolId: string): string {
    return `https://cognito-idp.${region}.amazonaws.com/${userPoolId}`;
}

export interface OidcEndpoints {
    issuer: string;
    authorizationEndpoint: string;
    tokenEndpoint: string;
    userInfoEndpoint: string;
}

export function oidcEndpoints(baseUrl: string, region: string, userPoolId: string): OidcEndpoints {
    return {
        issuer: issuerUrl(region, userPoolId),
        authorizationEndpoint: `${baseUrl}/oauth2/authorize`,
        tokenEndpoint: `${baseUrl}/oauth2/token`,
        userInfoEndpoint: `${baseUrl}/oauth2/userInfo`,
    };
}

/** The console's URL. Hostnames are case-insensitive, but Cognito compares callback URLs exactly and the ALB sends them lowercase. */
export function consoleUrl(hostname: string): string {
    return `https://${hostname.toLowerCase()}/`;
}

/** Where the ALB receives the authorization code. */
export function albCallbackUrl(hostname: string): string {
    return `https://${hostname.toLowerCase()}/oauth2/idpresponse`;
}

/** Ends the Cognito session and returns to `returnTo`, which must be one of the client's sign-out URLs (`logoutUrls`). */
export function logoutUrl(baseUrl: string, clientId: string, returnTo: string): string {
    const q = new URLSearchParams({ client_id: clientId, logout_uri: returnTo });
    return `${baseUrl}/logout?${q.toString()}`;
}

/**
 * OIDC RP-initiated logout at an external IdP, returning to `returnTo` (registered there as a
 * post-logout redirect URI). The ALB keeps the ID token to itself, so no id_token_hint.
 * @see https://openid.net/specs/openid-connect-rpinitiated-1_0.html
 */
export function endSessionUrl(endSessionEndpoint: string, clientId: string, returnTo: string): string {
    const url = new URL(endSessionEndpoint);
    url.searchParams.set("client_id", clientId);
    url.searchParams.set("post_logout_redirect_uri", returnTo);
    return url.toString();
}

/** The AWS CLI command that invites one more user, with the e-mail left for the reader to fill in. */
export function createUserCommand(userPoolId: string, region: string): string {
    return [
        "aws cognito-idp admin-create-user",
        `--user-pool-id ${shellQuote(userPoolId)}`,
        "--username <email>",
        "--user-attributes Name=email,Value=<email> Name=email_verified,Value=true",
        "--desired-delivery-mediums EMAIL",
        `--region ${shellQuote(region)}`,
    ].join(" ");
}
