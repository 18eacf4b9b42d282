/**
 * Settings that do not apply to the chosen mode are never dropped silently: each one set to
 * anything but its default is reported as ignored, naming the mode that ignores it.
 */
import { AuthDecision } from "../region/decide";
import { keySpec } from "./keys";
import { RawValue } from "./sources";

/** Keys that shape the Cognito user pool, its client, domain or users. */
const POOL_KEYS = ["userPoolDomain", "cognitoRegion", "albCognitoConfirmedIn", "identityProviders", "localUsers", "userPoolName", "appClientName", "users", "groups", "allowedGroupsGate", "userPoolRetention", "mfa", "threatProtection", "featurePlan", "managedLogin", "managedLoginBranding", "passkeys",
    "passkeyUserVerification", "emailOtp", "email", "authDomain", "authCertificateArn", "passwordMinimumLength",
    "temporaryPasswordValidityDays", "tokenValidityMinutes", "refreshTokenValidityMinutes", "accountRecovery", "tokenRevocation", "preventUserExistenceErrors", "selfSignUp"];
/** Keys of the ALB's authentication, which `none` turns off. */
const AUTH_KEYS = ["sessionTimeout", "oidc", "signOut", "signOutPath", "signOutImage"];
/** Only the OIDC Secret's reader needs the controller's Deployment and ServiceAccount. */
const OIDC_KEYS = ["lbControllerDeployment", "lbControllerServiceAccount"];

/** A value set to something else than what the program would use anyway (Pulumi.yaml passes declared defaults as config). */
export function isSet(key: string, r: RawValue | undefined): boolean {
    if (!r) return false;
    const d = keySpec(key).default;
    const v = r.value.trim();
    if (d === undefined) return v !== "" && v !== "{}" && v !== "[]";
    return v !== (typeof d === "string" ? d : JSON.stringify(d));
}

export function ignoredSettings(decision: AuthDecision, raw: (key: string) => RawValue | undefined, signOut: boolean): string[] {
    const noPool = decision.idp === "external" ? "with an external identity provider (mdai-cognito:oidc) no Cognito user pool is created" : `authMode ${decision.mode} creates no Cognito user pool`;
    const ignored: [string, string][] = [];
    if (decision.idp !== "cognito-pool") ignored.push(...POOL_KEYS.map((k): [string, string] => [k, noPool]));
    if (decision.mode === "none") ignored.push(...AUTH_KEYS.map((k): [string, string] => [k, "authMode none turns authentication off"]));
    if (decision.mode !== "oidc") ignored.push(...OIDC_KEYS.map((k): [string, string] => [k, `authMode ${decision.mode} needs no OIDC Secret for the controller to read`]));
    if (!signOut && decision.mode !== "none") ignored.push(["signOutPath", "signOut is false"], ["signOutImage", "signOut is false"]);
    return ignored.filter(([k]) => isSet(k, raw(k))).map(([k, why]) => `${k} is set but ignored: ${why}.`);
}
