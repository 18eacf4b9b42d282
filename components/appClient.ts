import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as urls from "./cognitoUrls";

/** An app behind the same ALB with an app client of its own, so the allowed-groups gate can give it its own list. */
export interface OwnClient {
    /** Names the client (`<appClientName>-<key>`) and its resource. Plain string: the gate's list is keyed by the client's name. */
    key: string;
    /** The app's hostname: the client's only callback is `https://<hostname>/oauth2/idpresponse`. */
    hostname: pulumi.Input<string>;
    /** Where Cognito's /logout may return for this app (its public signed-out page). @default `https://<hostname>/` */
    signOutUrl?: pulumi.Input<string>;
    /** Only members of these groups get tokens for this client; `[]` lets every user of the pool in. Plain strings. */
    allowedGroups: string[];
}

/** What every app client of the stack shares: the ALB's code flow with a secret, and the token settings. */
export interface ClientSettings {
    userPoolId: pulumi.Input<string>;
    scopes: string[];
    tokenMinutes: pulumi.Input<number>;
    refreshTokenMinutes: pulumi.Input<number>;
    preventUserExistenceErrors: pulumi.Input<boolean>;
    tokenRevocation: pulumi.Input<boolean>;
    /** Where users sign in: COGNITO (the pool's own users) and the identity providers' names. */
    identityProviders: pulumi.Input<string>[];
    /** With identity providers, the attributes they map (Cognito writes them at each federated sign-in). @default Cognito's: the standard attributes */
    writeAttributes?: string[];
}

/** One app client for the ALB: callbacks on `hostnames`, Cognito's /logout back to `signOutUrls`. */
export function appClient(resourceName: string, clientName: pulumi.Input<string>, hostnames: pulumi.Input<string>[], signOutUrls: pulumi.Input<string>[],
    s: ClientSettings, opts: pulumi.CustomResourceOptions): aws.cognito.UserPoolClient {
    return new aws.cognito.UserPoolClient(resourceName, {
        name: clientName,
        userPoolId: s.userPoolId,
        generateSecret: true,
        allowedOauthFlowsUserPoolClient: true,
        allowedOauthFlows: ["code"],
        allowedOauthScopes: s.scopes,
        callbackUrls: hostnames.map((h) => pulumi.output(h).apply(urls.albCallbackUrl)),
        logoutUrls: signOutUrls,
        supportedIdentityProviders: s.identityProviders,
        writeAttributes: s.writeAttributes,
        // Only the hosted UI signs in; no password flows straight against the API.
        explicitAuthFlows: ["ALLOW_REFRESH_TOKEN_AUTH"],
        preventUserExistenceErrors: pulumi.output(s.preventUserExistenceErrors).apply((p) => (p ? "ENABLED" : "LEGACY")),
        enableTokenRevocation: s.tokenRevocation,
        idTokenValidity: s.tokenMinutes,
        accessTokenValidity: s.tokenMinutes,
        refreshTokenValidity: s.refreshTokenMinutes,
        tokenValidityUnits: { idToken: "minutes", accessToken: "minutes", refreshToken: "minutes" },
    }, opts);
}
