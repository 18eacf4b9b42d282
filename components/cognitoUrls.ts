/**
 * URLs derived from a Cognito user pool, so nobody assembles endpoint strings by hand.
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/federation-endpoints.html
 */
import { usesFipsHostedUi } from "../region/regions";

/** The scopes the ALB requests (its `auth-scope`); the app client must allow each of them. */
export const ALB_SCOPES = ["openid", "email"] as const;

/** `https://<prefix>.auth.<region>.amazoncognito.com` (`auth-fips` in GovCloud). */
export function hostedUiBaseUrl(domainPrefix: string, region: string): string {
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

/** Ends the Cognito session and returns to the console; `logout_uri` must be one of the client's sign-out URLs. */
export function logoutUrl(baseUrl: string, clientId: string, hostname: string): string {
    const q = new URLSearchParams({ client_id: clientId, logout_uri: consoleUrl(hostname) });
    return `${baseUrl}/logout?${q.toString()}`;
}

/** The AWS CLI command that invites one more user, with the e-mail left for the reader to fill in. */
export function createUserCommand(userPoolId: string, region: string): string {
    return [
        "aws cognito-idp admin-create-user",
        `--user-pool-id ${userPoolId}`,
        "--username <email>",
        "--user-attributes Name=email,Value=<email> Name=email_verified,Value=true",
        "--desired-delivery-mediums EMAIL",
        `--region ${region}`,
    ].join(" ");
}
