/**
 * What the identity providers say of themselves, read before anything is created: a SAML
 * provider's metadata from its URL (Cognito reads it too, and refuses what it cannot use) and an
 * OIDC provider's discovery document, checked as the files are (config/federation.ts). `npm run plan`
 * reads nothing from the network: it says these checks wait for the deploy.
 * @see https://openid.net/specs/openid-connect-discovery-1_0.html (4.3: the issuer must match exactly)
 */
import { ConfigError, Problem, problem } from "../config/errors";
import { IdentityProviderSettings, OidcProvider, SamlProvider, checkMetadata, soleOidc } from "../config/federation";
import { fullKey } from "../config/keys";
import { checkHttpsUrl } from "../config/rules";
import { MetadataError, parseIdpMetadata } from "../config/samlMetadata";
import type { Settings } from "../config/validate";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { OidcEndpoints } from "../components/identityProviders";
import type { CognitoAuth } from "../components/cognitoAuth";
import { signedOutUrls } from "./hosts";
import type { Logger } from "../program";

/** An HTTP GET: status and body. Injected by tests (a local OIDC server) and absent under `npm run plan`. */
export type Fetch = (url: string) => Promise<{ status: number; text: string }>;

/** The bodies the checks read are small; a larger answer is not one of these documents. */
const MAX_BYTES = 1 << 20;
const TIMEOUT_MS = 10_000;

/** Node's fetch, bounded in time and size. */
export const httpFetch: Fetch = async (url) => {
    const res = await fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS), redirect: "follow", headers: { accept: "application/json, application/samlmetadata+xml, application/xml, text/xml" } });
    const text = await res.text();
    return { status: res.status, text: text.length > MAX_BYTES ? text.slice(0, MAX_BYTES) : text };
};

export interface CheckedFederation {
    /** Per SAML provider: single logout on, as configured or as its metadata allows. */
    samlSignOut: Record<string, boolean>;
    /** Per OIDC provider: its endpoints from discovery (none offline). */
    oidcEndpoints: Record<string, OidcEndpoints>;
}

export async function checkFederation(s: Settings, fetcher: Fetch | undefined, log: Logger): Promise<CheckedFederation> {
    const out: CheckedFederation = { samlSignOut: {}, oidcEndpoints: {} };
    const providers = s.federation.providers;
    const problems: Problem[] = [];
    const warnings: string[] = [];
    const remote = providers.filter((p) => p.type === "oidc" || !p.metadataFile);
    if (!fetcher && remote.length) log.info(`identityProviders ${remote.map((p) => p.name).join(", ")}: ${remote.map(what).join("; ")} are read and checked when pulumi up runs (the plan reads nothing from the network).`);
    await Promise.all(providers.map(async (p, n) => {
        if (p.type === "saml") out.samlSignOut[p.name] = await samlSignOut(p, n, fetcher, problems, warnings);
        else if (fetcher) {
            const e = await discover(p, n, fetcher, problems, warnings);
            if (e) out.oidcEndpoints[p.name] = e;
        }
    }));
    const sole = soleOidc(s.federation);
    if (sole && fetcher && out.oidcEndpoints[sole.name] && !out.oidcEndpoints[sole.name].endSessionUrl) {
        problems.push(problem(fullKey("identityProviders[0].signOut"), "true", `the discovery document of ${sole.issuer} names no HTTPS end_session_endpoint, so signing out cannot end ${sole.name}'s session`,
            "Set signOut to false on that provider (signing out then ends the console's and Cognito's sessions, and the IdP signs the user straight back in)."));
    }
    warnings.forEach((w) => log.warn(w));
    if (problems.length) throw new ConfigError(problems, warnings);
    return out;
}

const what = (p: IdentityProviderSettings) => (p.type === "oidc" ? `the discovery document of ${p.issuer}` : `the metadata at ${p.metadataUrl}`);

async function get(url: string, key: string, fetcher: Fetch, problems: Problem[]): Promise<string | undefined> {
    try {
        const r = await fetcher(url);
        if (r.status === 200) return r.text;
        problems.push(problem(key, url, `${url} answered HTTP ${r.status}`, "Check the URL in the IdP's admin console; Cognito reads the same URL."));
    } catch (err) {
        problems.push(problem(key, url, `${url} could not be read (${String((err as Error).message ?? err).split("\n")[0]})`, "Check the URL, and that this machine can reach it over HTTPS; Cognito reads it from AWS."));
    }
    return undefined;
}

/** Single logout as configured, else on when the metadata lists a SingleLogoutService. */
async function samlSignOut(p: SamlProvider, n: number, fetcher: Fetch | undefined, problems: Problem[], warnings: string[]): Promise<boolean> {
    if (p.metadataFile) return p.signOut ?? p.metadataFile.metadata.slo.length > 0;
    if (!fetcher) return p.signOut ?? false;
    const key = fullKey(`identityProviders[${n}].metadataUrl`);
    const xml = await get(p.metadataUrl!, key, fetcher, problems);
    if (xml === undefined) return false;
    try {
        const metadata = parseIdpMetadata(xml);
        checkMetadata(metadata, { key, value: p.metadataUrl!, label: `identityProviders[${n}].metadataUrl`, now: new Date() }, problems, warnings);
        if (p.signOut === true && !metadata.slo.length) {
            problems.push(problem(fullKey(`identityProviders[${n}].signOut`), "true", `the metadata at ${p.metadataUrl} lists no SingleLogoutService, so Cognito has nowhere to end the IdP's session`,
                "Turn single logout on at the IdP, or set signOut to false."));
        }
        return p.signOut ?? metadata.slo.length > 0;
    } catch (err) {
        if (!(err instanceof MetadataError)) throw err;
        problems.push(problem(key, p.metadataUrl!, `what it serves cannot be used as SAML metadata: ${err.message}`, "Copy the metadata URL again from the IdP's admin console (its SAML app's sign-on settings)."));
        return false;
    }
}

/** The provider's discovery document, held to what Cognito and the ALB need: the same issuer, HTTPS endpoints, the code flow, its scopes. */
async function discover(p: OidcProvider, n: number, fetcher: Fetch, problems: Problem[], warnings: string[]): Promise<OidcEndpoints | undefined> {
    const key = fullKey(`identityProviders[${n}].issuer`);
    const url = `${p.issuer}/.well-known/openid-configuration`;
    const text = await get(url, key, fetcher, problems);
    if (text === undefined) return undefined;
    let d: Record<string, unknown>;
    try {
        d = JSON.parse(text);
    } catch {
        return void problems.push(problem(key, p.issuer, `${url} is not a JSON discovery document`, "Give the issuer the IdP documents (its /.well-known/openid-configuration holds it)."));
    }
    const before = problems.length;
    if (d.issuer !== p.issuer) {
        problems.push(problem(key, p.issuer, `the IdP's discovery document names the issuer ${JSON.stringify(d.issuer)}: tokens carry that one, and Cognito refuses a mismatch`,
            `Use exactly ${typeof d.issuer === "string" ? `"${d.issuer}"` : "the issuer it documents"}.`));
    }
    const endpoint = (f: string): string | undefined => {
        const v = d[f];
        const c = typeof v === "string" ? checkHttpsUrl(v) : { wrong: `it names no ${f}`, fix: "" };
        if (c) return void problems.push(problem(key, p.issuer, `its discovery document's ${f} cannot be used: ${c.wrong}`, "Cognito needs HTTPS endpoints; ask the IdP's administrator."));
        return v as string;
    };
    const [authorizeUrl, tokenUrl, userInfoUrl, jwksUri] = ["authorization_endpoint", "token_endpoint", "userinfo_endpoint", "jwks_uri"].map(endpoint);
    const types = d.response_types_supported;
    if (Array.isArray(types) && !types.includes("code")) problems.push(problem(key, p.issuer, "its discovery document does not offer the authorization code flow (response_types_supported lacks code), which Cognito uses", "Enable the code flow for this client at the IdP."));
    const scopes = d.scopes_supported;
    const unknown = Array.isArray(scopes) ? p.scopes.filter((x) => !scopes.includes(x)) : [];
    if (unknown.includes("openid")) problems.push(problem(key, p.issuer, "its discovery document does not list the openid scope: it is not an OpenID Connect provider", "Check the issuer."));
    else if (unknown.length) warnings.push(`identityProviders[${n}] (${p.name}) asks for ${unknown.join(", ")}, which its discovery document does not list; the IdP may refuse the sign-in. Check scopes.`);
    const end = typeof d.end_session_endpoint === "string" && !checkHttpsUrl(d.end_session_endpoint) ? d.end_session_endpoint : undefined;
    if (problems.length > before) return undefined;
    return { authorizeUrl: authorizeUrl!, tokenUrl: tokenUrl!, userInfoUrl: userInfoUrl!, jwksUri: jwksUri!, endSessionUrl: end };
}

/** What an identity provider's administrator registers for this pool. */
export interface ProviderSetup {
    type: "saml" | "oidc";
    /** SAML: where the IdP posts its assertions (the ACS URL). */
    acsUrl?: pulumi.Output<string>;
    /** SAML: the service provider's entity ID (the audience of the assertions). */
    entityId?: pulumi.Output<string>;
    /** SAML with single logout: where the IdP posts its LogoutResponse (HTTP POST). */
    singleLogoutUrl?: pulumi.Output<string>;
    /** OIDC: the redirect URI to register with the client. */
    redirectUri?: pulumi.Output<string>;
    /** OIDC, when signing out ends its session: each host's signed-out page, where its end-session endpoint returns. */
    postLogoutRedirectUris?: string[];
}

/** Per provider, what its administrator needs; and the pool's signing certificate when a SAML IdP must verify Cognito's logout requests. */
export function federationOutputs(s: Settings, cognito: CognitoAuth, checked: CheckedFederation | undefined): { setup: Record<string, ProviderSetup>; signingCertificate?: pulumi.Output<string> } | undefined {
    const providers = s.federation.providers;
    if (!providers.length) return undefined;
    const at = (path: string) => cognito.hostedUiUrl.apply((b) => `${b}${path}`);
    const sole = soleOidc(s.federation);
    const setup = Object.fromEntries(providers.map((p): [string, ProviderSetup] => [p.name, p.type === "oidc" ? { type: "oidc", redirectUri: at("/oauth2/idpresponse"),
        ...(sole === p ? { postLogoutRedirectUris: signedOutUrls(s) } : {}) } : {
        type: "saml", acsUrl: at("/saml2/idpresponse"), entityId: cognito.userPoolId.apply((id) => `urn:amazon:cognito:sp:${id}`),
        ...(checked?.samlSignOut[p.name] ? { singleLogoutUrl: at("/saml2/logout") } : {}),
    }]));
    const slo = providers.some((p) => checked?.samlSignOut[p.name]);
    // Cognito signs its SAML logout requests with the pool's certificate: the IdP must trust it.
    const signingCertificate = slo ? aws.cognito.getUserPoolSigningCertificateOutput({ userPoolId: cognito.userPoolId }, { parent: cognito }).certificate : undefined;
    return { setup, signingCertificate };
}
