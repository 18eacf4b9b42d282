import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import { makePlan } from "../scripts/plan";
import { isSecretInput } from "../scripts/mockEngine";
import { OIDCMockProvider } from "@mongodb-js/oidc-mock-provider";
import { IDP_GROUPS_SCHEMA } from "../components/identityProviders";
import { buildPlan } from "../scripts/planReport";
import { renderText } from "../scripts/planText";
import type { Fetch } from "../wiring/federation";
import { OIDC_ENTRA, OIDC_ISSUER, OKTA_METADATA, OKTA_METADATA_URL, SAML_OKTA, discoveryOf, federated, fixtureFetch } from "./federationFixtures";
import { MOCK_SIGNING_CERTIFICATE, RunResult, baseConfig, emptyProjectDir, reveal, runStack, runStackFailure } from "./harness";

const IDP = "aws:cognito/identityProvider:IdentityProvider";
const CLIENT = "aws:cognito/userPoolClient:UserPoolClient";
const both = { config: { ...baseConfig(), ...federated([SAML_OKTA, OIDC_ENTRA]), allowedGroups: '["okta:mdai-admins"]' }, secretKeys: ["identityProviders"] };
const cognitoIdp = (r: RunResult) => JSON.parse(r.ingress().inputs.metadata.annotations["alb.ingress.kubernetes.io/auth-idp-cognito"]);

describe("identityProviders in the pool: what pulumi up creates", () => {
    let r: RunResult;
    before(async () => { r = await runStack(both); });

    it("creates each provider with its details, the groups claim mapped to custom:idp_groups, and the OIDC client secret only as a secret", () => {
        const idp = (name: string) => r.resources.find((x) => x.type === IDP && x.inputs.providerName === name)!;
        const [okta, entra] = [idp("okta"), idp("entra")];
        expect(okta.inputs).to.deep.include({ providerName: "okta", providerType: "SAML", idpIdentifiers: ["acme.io"],
            attributeMapping: { email: SAML_OKTA.attributeMapping.email, "custom:idp_groups": "groups" } });
        // The metadata lists a SingleLogoutService: single logout on; IdP-initiated sign-in off.
        expect(okta.inputs.providerDetails).to.deep.equal({ MetadataURL: OKTA_METADATA_URL, IDPSignout: "true", IDPInit: "false" });
        expect(reveal(entra.inputs.providerDetails)).to.deep.equal({ client_id: OIDC_ENTRA.clientId, client_secret: OIDC_ENTRA.clientSecret, authorize_scopes: "openid email profile",
            oidc_issuer: OIDC_ISSUER, attributes_request_method: "GET", attributes_url_add_attributes: "false", authorize_url: discoveryOf(OIDC_ISSUER).authorization_endpoint,
            token_url: discoveryOf(OIDC_ISSUER).token_endpoint, attributes_url: discoveryOf(OIDC_ISSUER).userinfo_endpoint, jwks_uri: discoveryOf(OIDC_ISSUER).jwks_uri });
        expect([isSecretInput(entra.inputs.providerDetails), isSecretInput(okta.inputs.providerDetails)]).to.deep.equal([true, false]);
    });

    it("lists the providers beside COGNITO in every client, with the mapped attributes writable, and gives the pool its groups attribute", () => {
        for (const c of r.resources.filter((x) => x.type === CLIENT)) {
            expect(c.inputs.supportedIdentityProviders).to.deep.equal(["COGNITO", "okta", "entra"]);
            expect(c.inputs.writeAttributes).to.deep.equal(["custom:idp_groups", "email"]);
            // No scope lets a user's token write an attribute (aws.cognito.signin.user.admin).
            expect(c.inputs.allowedOauthScopes).to.deep.equal(["openid", "email"]);
        }
        expect(r.one("aws:cognito/userPool:UserPool").inputs.schemas).to.deep.equal([IDP_GROUPS_SCHEMA]);
        expect(cognitoIdp(r)).not.to.have.property("authenticationRequestExtraParams");
    });

    it("says what each IdP's administrator registers, in the outputs and the plan", () => {
        const o = r.outputs as { identityProviders: Record<string, Record<string, string>>; samlSigningCertificate: string };
        expect(o.identityProviders.okta).to.deep.equal({ type: "saml", acsUrl: "https://mdai-login-test.auth.us-east-1.amazoncognito.com/saml2/idpresponse",
            entityId: "urn:amazon:cognito:sp:us-east-1_MockPool1", singleLogoutUrl: "https://mdai-login-test.auth.us-east-1.amazoncognito.com/saml2/logout" });
        expect(o.identityProviders.entra).to.deep.equal({ type: "oidc", redirectUri: "https://mdai-login-test.auth.us-east-1.amazoncognito.com/oauth2/idpresponse" });
        expect(o.samlSigningCertificate).to.equal(MOCK_SIGNING_CERTIFICATE);
        const text = renderText(buildPlan("dev", "Pulumi.dev.yaml", r));
        expect(text).to.contain("Sign-in         the pool's own users, and okta (SAML), entra (OIDC): chosen on Cognito's page")
            .and.contain("Identity provider okta (SAML): its administrator registers, for this pool:\n    ACS URL:")
            .and.contain("Identity provider entra (OIDC): its administrator registers, for this pool:\n    redirect URI:");
        expect(text.split("\n").filter((l) => l.length > 120 && !/https?:\/\//.test(l))).to.deep.equal([]);
    });

    it("without local users and with one provider, sends the login straight to it, in both ALB modes", async () => {
        for (const region of ["us-east-1", "ap-southeast-7"]) {
            const one = await runStack({ config: { ...baseConfig(region), users: "[]", ...federated([SAML_OKTA], { localUsers: "false" }) } });
            const a = one.ingress().inputs.metadata.annotations;
            const idp = JSON.parse(a["alb.ingress.kubernetes.io/auth-idp-cognito"] ?? a["alb.ingress.kubernetes.io/auth-idp-oidc"]);
            expect(idp.authenticationRequestExtraParams, region).to.deep.equal({ identity_provider: "okta" });
            expect(one.one(CLIENT).inputs.supportedIdentityProviders).to.deep.equal(["okta"]);
            expect((one.outputs as { signInStraightTo?: string }).signInStraightTo).to.equal("okta");
        }
    });

    it("checks a metadata URL and a discovery document before anything is created", async () => {
        const serving = (over: Record<string, { status: number; text: string }>): Fetch => async (url) => over[url] ?? fixtureFetch(url);
        const cases: [Fetch, string, string][] = [
            [serving({ [OKTA_METADATA_URL]: { status: 404, text: "" } }), "identityProviders[0].metadataUrl", "answered HTTP 404"],
            [serving({ [OKTA_METADATA_URL]: { status: 200, text: OKTA_METADATA.replace(/IDPSSODescriptor/g, "SPSSODescriptor") } }), "identityProviders[0].metadataUrl", "is this a service provider's metadata?"],
            [serving({ [`${OIDC_ISSUER}/.well-known/openid-configuration`]: { status: 200, text: JSON.stringify({ ...discoveryOf(OIDC_ISSUER), issuer: "https://sts.acme.test/" }) } }),
                "identityProviders[1].issuer", 'names the issuer "https://sts.acme.test/"'],
            [serving({ [`${OIDC_ISSUER}/.well-known/openid-configuration`]: { status: 200, text: JSON.stringify({ ...discoveryOf(OIDC_ISSUER), token_endpoint: "http://login.acme.test/token" }) } }),
                "identityProviders[1].issuer", "its discovery document's token_endpoint cannot be used"],
            [async () => { throw new Error("getaddrinfo ENOTFOUND acme.okta.test"); }, "identityProviders[0].metadataUrl", "could not be read (getaddrinfo ENOTFOUND acme.okta.test)"],
        ];
        for (const [fetch, key, message] of cases) {
            const f = await runStackFailure({ ...both, fetch, cwd: undefined });
            expect(f.error.message, message).to.contain(`mdai-cognito:${key}`).and.contain(message);
            expect(f.resources, message).to.deep.equal([]);
        }
    });
});

describe("an OIDC provider's discovery, read from a real OIDC server (@mongodb-js/oidc-mock-provider) on 127.0.0.1", () => {
    let server: OIDCMockProvider;
    let metadata: Record<string, unknown> = {};
    // The configured issuer is HTTPS, as the program requires; the test's reader takes it to the local server.
    const viaLocal = (): Fetch => async (url) => {
        const res = await fetch(url.replace(OIDC_ISSUER, server.issuer));
        return { status: res.status, text: await res.text() };
    };
    before(async () => {
        server = await OIDCMockProvider.create({
            hostname: "127.0.0.1", port: 0, getTokenPayload: () => ({ expires_in: 3600, payload: { sub: "test-user" } }),
            // What a real issuer at OIDC_ISSUER publishes: its name and HTTPS endpoints (the server's own are plain HTTP on a loopback port).
            additionalIssuerMetadata: () => ({ ...discoveryOf(OIDC_ISSUER), ...metadata }),
        });
    });
    after(async () => server.close());

    it("takes the endpoints the server publishes, and refuses its issuer when it differs or when it offers no code flow", async () => {
        const opts = { config: { ...baseConfig(), ...federated([OIDC_ENTRA]) }, secretKeys: ["identityProviders"], fetch: viaLocal() };
        metadata = {};
        const ok = await runStack({ ...opts, config: { ...opts.config, sessionTimeout: "3601" } });
        expect((reveal(ok.one(IDP).inputs.providerDetails) as Record<string, string>).token_url).to.equal(discoveryOf(OIDC_ISSUER).token_endpoint);
        metadata = { issuer: "https://login.acme.test/other-tenant" };
        expect((await runStackFailure({ ...opts, config: { ...opts.config, sessionTimeout: "3602" } })).error.message).to.contain('names the issuer "https://login.acme.test/other-tenant"');
        metadata = { response_types_supported: ["id_token"] };
        expect((await runStackFailure({ ...opts, config: { ...opts.config, sessionTimeout: "3603" } })).error.message).to.contain("does not offer the authorization code flow");
    });
});

describe("npm run plan with identity providers", () => {
    it("reads nothing from the network, and says which documents pulumi up reads and checks", async () => {
        const dir = emptyProjectDir();
        fs.copyFileSync(path.join(__dirname, "..", "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
        const config = { ...baseConfig(), uiHostname: "mdai.acme.io", certificateArn: "arn:aws:acm:us-east-1:210987654321:certificate/0b9b5a4e-2f3c-4d1e-9a8b-7c6d5e4f3a2b",
            identityProviders: [SAML_OKTA, { ...OIDC_ENTRA, clientSecret: "[secret]" }] };
        fs.writeFileSync(path.join(dir, "Pulumi.prod.yaml"), YAML.stringify({ config: Object.fromEntries(Object.entries(config).map(([k, v]) => [k.includes(":") ? k : `mdai-cognito:${k}`,
            k === "identityProviders" ? (v as object[]).map((p) => ("clientSecret" in p ? { ...p, clientSecret: { secure: "v1:AAAA" } } : p)) : typeof v === "string" && /^[[{]/.test(v) ? JSON.parse(v) : v])) }));
        const plan = await makePlan(dir, "prod", [], {});
        expect(plan.info.join("\n")).to.contain("identityProviders okta, entra: the metadata at https://acme.okta.test/app/exk1acme0mdai/sso/saml/metadata; the discovery document of " +
            `${OIDC_ISSUER} are read and checked when pulumi up runs (the plan reads nothing from the network).`);
        expect(plan.exitCode).to.equal(0);
    });
});

describe("signing out through the one OIDC provider everyone signs in with", () => {
    const sole = { config: { ...baseConfig(), users: "[]", ...federated([OIDC_ENTRA], { localUsers: "false" }) }, secretKeys: ["identityProviders"] };
    const host = "https://mdai.example.com";

    it("goes from Cognito's logout to a public page that sends the browser to the IdP's end-session endpoint, back to the signed-out page", async () => {
        const r = await runStack(sole);
        const conf = r.one("kubernetes:core/v1:ConfigMap").inputs.data["nginx.conf"] as string;
        const end = `${discoveryOf(OIDC_ISSUER).end_session_endpoint}?client_id=${OIDC_ENTRA.clientId}&post_logout_redirect_uri=${encodeURIComponent(`${host}/_mdai/sign-out/done`)}`;
        expect(conf).to.contain(`location = /_mdai/sign-out/idp {\n            add_header Cache-Control "no-store" always;\n            return 302 "${end}";`);
        expect(conf).to.contain(`logout_uri=${encodeURIComponent(`${host}/_mdai/sign-out/idp`)}`);
        expect(r.one(CLIENT).inputs.logoutUrls).to.deep.equal([`${host}/_mdai/sign-out/idp`]);
        const doors = (r.outputs as { doors: { path: string; access: string; pathType: string }[] }).doors;
        expect(doors.filter((d) => d.access === "public").map((d) => `${d.path} ${d.pathType}`)).to.deep.equal(["/_mdai/sign-out/done Exact", "/_mdai/sign-out/idp Exact"]);
        expect((r.outputs as { identityProviders: Record<string, { postLogoutRedirectUris?: string[] }> }).identityProviders.entra.postLogoutRedirectUris).to.deep.equal([`${host}/_mdai/sign-out/done`]);
    });

    it("refuses at deploy an IdP whose discovery names no end-session endpoint, unless signOut is false; and says why it cannot with local users too", async () => {
        const noEnd: Fetch = async (url) => (url.startsWith(OIDC_ISSUER) ? { status: 200, text: JSON.stringify({ ...discoveryOf(OIDC_ISSUER), end_session_endpoint: undefined }) } : fixtureFetch(url));
        expect((await runStackFailure({ ...sole, fetch: noEnd })).error.message).to.contain("names no HTTPS end_session_endpoint, so signing out cannot end entra's session");
        const off = await runStack({ ...sole, config: { ...sole.config, ...federated([{ ...OIDC_ENTRA, signOut: false }], { localUsers: "false" }) }, fetch: noEnd });
        expect(off.one(CLIENT).inputs.logoutUrls).to.deep.equal([`${host}/_mdai/sign-out/done`]);
        const mixed = await runStack({ config: { ...baseConfig(), ...federated([{ ...OIDC_ENTRA, signOut: true }]) }, secretKeys: ["identityProviders"] });
        expect(mixed.warnings().join()).to.contain("signOut on entra ends the IdP's session only when it is the only way to sign in");
    });
});
