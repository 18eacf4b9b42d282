/**
 * Identity providers for the tests: a made-up Okta SAML app (its metadata in tests/fixtures/saml)
 * and an OIDC provider, with what the program reads of them at deploy — served by `fixtureFetch`,
 * the harness's default reader (tests/oidcDiscovery.test.ts reads a real local OIDC server instead).
 */
import * as fs from "fs";
import * as path from "path";
import type { Fetch } from "../wiring/federation";

export const OKTA_METADATA = fs.readFileSync(path.join(__dirname, "fixtures", "saml", "okta-metadata.xml"), "utf8");
export const OKTA_METADATA_URL = "https://acme.okta.test/app/exk1acme0mdai/sso/saml/metadata";
export const OIDC_ISSUER = "https://login.acme.test/tenant-7";

export const discoveryOf = (issuer: string) => ({
    issuer, authorization_endpoint: `${issuer}/oauth2/v2.0/authorize`, token_endpoint: `${issuer}/oauth2/v2.0/token`, userinfo_endpoint: `${issuer}/oidc/userinfo`,
    jwks_uri: `${issuer}/discovery/v2.0/keys`, end_session_endpoint: `${issuer}/oauth2/v2.0/logout`, response_types_supported: ["code", "id_token", "code id_token"], scopes_supported: ["openid", "email", "profile", "offline_access"],
});

/** The documents of the fixture providers; anything else is a 404, as a real server would answer. */
export const fixtureFetch: Fetch = async (url) => {
    if (url === OKTA_METADATA_URL) return { status: 200, text: OKTA_METADATA };
    if (url === `${OIDC_ISSUER}/.well-known/openid-configuration`) return { status: 200, text: JSON.stringify(discoveryOf(OIDC_ISSUER)) };
    return { status: 404, text: "Not Found" };
};

export const SAML_OKTA = { name: "okta", type: "saml", metadataUrl: OKTA_METADATA_URL,
    attributeMapping: { email: "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress" }, groupsClaim: "groups", idpIdentifiers: ["acme.io"] };
export const OIDC_ENTRA = { name: "entra", type: "oidc", issuer: OIDC_ISSUER, clientId: "0c1e5d7a-entra-client", clientSecret: "entra-s3cret-Value-9x", groupsClaim: "groups" };

/** Stack config with these providers (`identityProviders` is then a secret key: the OIDC client secret is in it). */
export const federated = (providers: object[], more: Record<string, string> = {}) => ({ identityProviders: JSON.stringify(providers), ...more });
