import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { Problem } from "../config/errors";
import { Federation, parseFederation } from "../config/federation";
import { parseIdpMetadata } from "../config/samlMetadata";
import { RawValue } from "../config/sources";
import { OIDC_ENTRA, OKTA_METADATA, SAML_OKTA, federated } from "./federationFixtures";
import { baseConfig, emptyProjectDir, validateOnly } from "./harness";
import { refusalOfRun } from "./configRefusal";

// The trigger as Lambda runs it.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const gate = require("../lambda/allowedGroups.js") as { decide(e: unknown, a: object): { allow: boolean; reason?: string }; idpGroupsOf(e: unknown): string[] };

/** A project directory holding the Okta metadata (and `more` files) for metadataFile. */
function project(more: Record<string, string> = {}): string {
    const dir = emptyProjectDir();
    for (const [f, text] of Object.entries({ "idp/okta.xml": OKTA_METADATA, ...more })) {
        fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
        fs.writeFileSync(path.join(dir, f), text);
    }
    return dir;
}
const FILE_OKTA = { ...SAML_OKTA, metadataUrl: undefined, metadataFile: "idp/okta.xml" };

/** parseFederation on `providers`, with its problems and warnings. */
function parse(providers: unknown, opts: { localUsers?: string; secret?: boolean; cwd?: string; now?: Date } = {}): { f: Federation; problems: string[]; warnings: string[] } {
    const values: Record<string, RawValue> = { identityProviders: { value: JSON.stringify(providers), origin: "stack config", secret: opts.secret, fromConfig: true } };
    if (opts.localUsers) values.localUsers = { value: opts.localUsers, origin: "stack config", fromConfig: true };
    const problems: Problem[] = [];
    const warnings: string[] = [];
    const f = parseFederation({ raw: (k) => values[k], cwd: opts.cwd ?? project(), now: opts.now }, problems, warnings);
    return { f, problems: problems.map((p) => p.message), warnings };
}
const refusal = refusalOfRun;

describe("identityProviders: what is refused before anything exists, each naming the key and the fix", () => {
    it("accepts a SAML provider from a file and an OIDC one, reading the metadata", () => {
        const { f, problems } = parse([FILE_OKTA, OIDC_ENTRA], { secret: true });
        expect(problems).to.deep.equal([]);
        const [saml, oidc] = f.providers;
        expect(saml).to.deep.include({ name: "okta", type: "saml", groupsClaim: "groups", idpIdentifiers: ["acme.io"] });
        expect(saml.type === "saml" && saml.metadataFile?.metadata.entityId).to.equal("http://www.okta.com/exk1acme0mdai");
        expect(oidc).to.deep.include({ type: "oidc", issuer: OIDC_ENTRA.issuer, scopes: ["openid", "email", "profile"], attributeMapping: { email: "email" } });
        expect(f.localUsers).to.equal(true);
    });

    const cases: [string, unknown, string][] = [
        ["an unknown type, with the one it is closest to", [{ ...FILE_OKTA, type: "SAML2" }], 'identityProviders[0].type is "SAML2": a provider is of type saml or oidc. Did you mean saml?'],
        ["a SAML provider without metadata", [{ ...FILE_OKTA, metadataFile: undefined }], "a SAML provider needs its metadata: exactly one of metadataUrl and metadataFile"],
        ["both kinds of metadata", [{ ...FILE_OKTA, metadataUrl: "https://x.test/m" }], "exactly one of metadataUrl and metadataFile, not both"],
        ["a metadata URL over HTTP", [{ ...SAML_OKTA, metadataUrl: "http://acme.okta.test/metadata" }], 'Cognito reads metadata only over HTTPS. Use the https:// URL: "https://acme.okta.test/metadata".'],
        ["a metadata file that does not exist", [{ ...FILE_OKTA, metadataFile: "idp/missing.xml" }], "metadataFile is \"idp/missing.xml\": the file cannot be read (ENOENT"],
        ["a metadata file outside the project", [{ ...FILE_OKTA, metadataFile: "../okta.xml" }], "it is a path inside the project directory"],
        ["the reserved name COGNITO, any case", [{ ...FILE_OKTA, name: "cognito" }], "COGNITO is the name of Cognito's own sign-in or of a social provider"],
        ["a name with a space", [{ ...FILE_OKTA, name: "acme okta" }], 'it holds white space, which Cognito refuses in a provider name. Use e.g. "acme-okta".'],
        ["a name with _ past its second character", [{ ...FILE_OKTA, name: "acme_okta" }], 'Cognito allows _ only as a provider name\'s second character (federated usernames are <provider>_<id>). Use e.g. "acme-okta".'],
        ["a name with a colon", [{ ...FILE_OKTA, name: "acme:okta" }], "allowedGroups names an IdP's group as <provider>:<group>, so a provider name holds no colon"],
        ["a name too short", [{ ...FILE_OKTA, name: "ok" }], "it is 2 characters long; Cognito takes 3 to 32"],
        ["two providers of one name (without case)", [FILE_OKTA, { ...OIDC_ENTRA, name: "OKTA" }], "identityProviders[1].name is \"OKTA\": identityProviders[0] has this name already"],
        ["an OIDC issuer over HTTP", [{ ...OIDC_ENTRA, issuer: "http://login.acme.test/t" }], 'Use the https:// URL: "https://login.acme.test/t"'],
        ["an OIDC issuer with a trailing slash", [{ ...OIDC_ENTRA, issuer: "https://login.acme.test/t/" }], 'Cognito takes an issuer without a query, a fragment, a trailing slash or a port other than 443. Copy "issuer" from the IdP\'s /.well-known/openid-configuration, e.g. "https://login.acme.test/t".'],
        ["scopes without openid", [{ ...OIDC_ENTRA, scopes: ["email"] }], "it is a list of OAuth scopes that includes openid"],
        ["a mapping to an attribute in the wrong case", [{ ...FILE_OKTA, attributeMapping: { Email: "mail" } }], "the pool has no attribute Email (attribute names are case-sensitive)"],
        ["a mapping to an attribute the pool does not have", [{ ...FILE_OKTA, attributeMapping: { email: "mail", "custom:department": "dept" } }], "the pool has no attribute custom:department"],
        ["a SAML mapping without email", [{ ...FILE_OKTA, attributeMapping: { name: "displayName" } }], "email is required: the pool's usernames are e-mail addresses"],
        ["a mapping to the groups attribute itself", [{ ...FILE_OKTA, attributeMapping: { email: "mail", "custom:idp_groups": "groups" } }], "the program maps the IdP's groups itself. Name the IdP's groups attribute with `pulumi config set --path 'identityProviders[0].groupsClaim' groups` instead."],
        ["an identifier Cognito refuses", [{ ...FILE_OKTA, idpIdentifiers: ["acme/io"] }], "an identifier is 1 to 40 letters"],
        ["one identifier on two providers", [FILE_OKTA, { ...OIDC_ENTRA, idpIdentifiers: ["ACME.io"] }], "both okta and entra list this identifier"],
        ["a field a provider does not have, with the right one", [{ ...FILE_OKTA, metadataURL: "https://x.test" }], "identityProviders[0].metadataURL is set: a saml provider has no such field. Did you mean metadataUrl?"],
    ];
    for (const [what, providers, message] of cases) {
        it(`refuses ${what}`, () => expect(parse(providers, { secret: true }).problems.join("\n")).to.contain(message));
    }

    it("refuses an OIDC client secret in plain text, never showing it", () => {
        const { problems } = parse([OIDC_ENTRA]);
        expect(problems).to.deep.equal(["mdai-cognito:identityProviders[0].clientSecret is set: it is stored in plain text in the stack's config file. " +
            "Store it encrypted: `pulumi config set --secret --path 'identityProviders[0].clientSecret' <secret>`."]);
        const message = refusal({ config: { ...baseConfig(), ...federated([{ ...OIDC_ENTRA, issuer: "http://x" }]) }, secretKeys: ["identityProviders"] });
        expect(message).not.to.contain(OIDC_ENTRA.clientSecret);
    });

    it("reads metadata as XML without expanding entities, and refuses what is not one IdP's metadata", () => {
        const bad: Record<string, [string, string]> = {
            "dtd.xml": [`<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>${OKTA_METADATA.replace(/^<\?xml[^>]*>/, "")}`, "it holds a DOCTYPE"],
            "html.xml": ["<html><body>Sign in</body></html>", "it is not SAML metadata (its root element is html in no namespace)"],
            "cut.xml": [OKTA_METADATA.slice(0, 400), "it is not well-formed XML"],
            "sp.xml": [OKTA_METADATA.replace(/IDPSSODescriptor/g, "SPSSODescriptor"), "has no SAML 2.0 IDPSSODescriptor (it has SPSSODescriptor): is this a service provider's metadata?"],
            "many.xml": [`<md:EntitiesDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata">${[1, 2].map((n) => OKTA_METADATA.replace(/^<\?xml[^>]*>/, "").replace("exk1acme0mdai\"", `exk1acme${n}"`)).join("")}</md:EntitiesDescriptor>`,
                "it is an EntitiesDescriptor with 2 identity providers"],
            "nosign.xml": [OKTA_METADATA.replace('use="signing"', 'use="encryption"'), "has no signing certificate"],
            "http.xml": [OKTA_METADATA.replace(/Location="https:\/\/acme.okta.test\/app\/acme_mdai\/exk1acme0mdai\/sso\/saml"/g, 'Location="http://acme.okta.test/sso"'), "its single sign-on endpoint http://acme.okta.test/sso is not HTTPS"],
        };
        const dir = project(Object.fromEntries(Object.entries(bad).map(([f, [xml]]) => [`idp/${f}`, xml])));
        for (const [f, [, message]] of Object.entries(bad)) {
            expect(parse([{ ...FILE_OKTA, metadataFile: `idp/${f}` }], { cwd: dir }).problems.join("\n"), f).to.contain(message);
        }
        const parsed = parseIdpMetadata(bad["many.xml"][0].replace(/exk1acme2"/, 'exk1acme2" ').replace(/<md:IDPSSODescriptor[^]*?<\/md:IDPSSODescriptor>/, ""));
        expect(parsed.entityId).to.equal("http://www.okta.com/exk1acme2");
    });

    it("refuses an expired signing certificate, warns 30 days before, and single logout without the IdP's endpoint", () => {
        expect(parse([FILE_OKTA], { now: new Date("2037-01-01") }).problems.join()).to.contain("its signing certificate expired on 2036-12-01");
        const soon = parse([FILE_OKTA], { now: new Date("2036-11-20") });
        expect(soon.problems).to.deep.equal([]);
        expect(soon.warnings.join()).to.contain("the IdP's signing certificate (CN=okta.acme.test) expires on 2036-12-01");
        const dir = project({ "idp/noslo.xml": OKTA_METADATA.replace(/<md:SingleLogoutService[^>]*>/, "") });
        expect(parse([{ ...FILE_OKTA, metadataFile: "idp/noslo.xml", signOut: true }], { cwd: dir }).problems.join()).to.contain("lists no SingleLogoutService, so Cognito has nowhere to end the IdP's session");
        expect(parse([{ ...FILE_OKTA, metadataFile: "idp/noslo.xml" }], { cwd: dir }).problems).to.deep.equal([]);
    });

    it("refuses localUsers false without providers, with users, or with members in groups; and providers on an existing pool", () => {
        expect(parse([], { localUsers: "false" }).problems.join()).to.contain("without local users and without identityProviders nobody could sign in");
        const fed = federated([SAML_OKTA], { localUsers: "false" });
        expect(refusal({ config: { ...baseConfig(), ...fed, users: '["a@acme.io"]' } })).to.contain("localUsers is false: the pool has no password page, so invited users could never sign in");
        expect(refusal({ config: { ...baseConfig(), ...fed, users: "[]", groups: '{"ops":["a@acme.io"]}' } }))
            .to.contain("a federated user exists only after their first sign-in, as <provider>_<id>: groups cannot name one by e-mail");
        expect(refusal({ config: { ...baseConfig(), ...federated([SAML_OKTA]), userPoolId: "us-east-1_Inst4ll3r" } })).to.contain("userPoolId names a pool the program never changes, and identity providers");
    });

    it("takes an IdP's groups as <provider>:<group> in allowedGroups, only from a provider that sends them, and no colon in a Cognito group", () => {
        const withGroups = { ...baseConfig(), ...federated([SAML_OKTA, { ...OIDC_ENTRA, groupsClaim: undefined }]) };
        expect(validateOnly({ config: { ...withGroups, allowedGroups: '["okta:mdai-admins"]' }, secretKeys: ["identityProviders"] }).access.allowedGroups).to.deep.equal(["okta:mdai-admins"]);
        expect(refusal({ config: { ...withGroups, allowedGroups: '["entra:admins"]' }, secretKeys: ["identityProviders"] })).to.contain("identity provider entra sends no groups: set its groupsClaim");
        expect(refusal({ config: { ...withGroups, allowedGroups: '["auth0:admins"]' }, secretKeys: ["identityProviders"] })).to.contain("it names the groups of auth0, which is not one of identityProviders (okta, entra)");
        expect(refusal({ config: { ...baseConfig(), groups: '{"okta:admins":["a@acme.io"]}', users: '["a@acme.io"]' } })).to.contain('Use "okta-admins"');
    });

    it("suggests only fixes that pass", () => {
        const fixes: [unknown, unknown][] = [[{ ...FILE_OKTA, name: "acme okta" }, { ...FILE_OKTA, name: "acme-okta" }], [{ ...FILE_OKTA, attributeMapping: { Email: "mail" } }, { ...FILE_OKTA, attributeMapping: { email: "mail" } }],
            [{ ...OIDC_ENTRA, issuer: "https://login.acme.test/t/" }, { ...OIDC_ENTRA, issuer: "https://login.acme.test/t" }], [{ ...FILE_OKTA, type: "SAML2" }, FILE_OKTA]];
        for (const [bad, good] of fixes) {
            expect(parse([bad], { secret: true }).problems, JSON.stringify(bad)).not.to.deep.equal([]);
            expect(parse([good], { secret: true }).problems, JSON.stringify(good)).to.deep.equal([]);
        }
    });
});

describe("the allowed-groups trigger and an identity provider's groups", () => {
    const event = (attrs: Record<string, string>, cognitoGroups: string[] = []) => ({ request: { userAttributes: { email: "a@acme.io", ...attrs }, groupConfiguration: { groupsToOverride: cognitoGroups } } });
    const okta = (groups: string) => ({ identities: JSON.stringify([{ providerName: "okta", providerType: "SAML", userId: "a@acme.io", primary: "true" }]), "custom:idp_groups": groups });

    it("reads SAML's [a, b] (form-encoded), an OIDC JSON array and a single value, each prefixed by the provider the user signed in through", () => {
        expect(gate.idpGroupsOf(event(okta("[mdai-admins, ops%20team, r%26d]")))).to.deep.equal(["okta:mdai-admins", "okta:ops team", "okta:r&d"]);
        expect(gate.idpGroupsOf(event(okta('["a","b"]')))).to.deep.equal(["okta:a", "okta:b"]);
        expect(gate.idpGroupsOf(event(okta("mdai-admins")))).to.deep.equal(["okta:mdai-admins"]);
        expect(gate.idpGroupsOf(event(okta("[]")))).to.deep.equal([]);
    });

    it("lets no IdP group pass for a Cognito group, nor for another provider's, and ignores the attribute for the pool's own users", () => {
        const list = { "*": ["okta:mdai-admins"] };
        expect(gate.decide(event(okta("[mdai-admins]")), list).allow).to.equal(true);
        expect(gate.decide(event({ "custom:idp_groups": "[mdai-admins]" }), list).allow, "a local user with the attribute set").to.equal(false);
        expect(gate.decide(event({}, ["mdai-admins"]), list).allow, "a Cognito group of the same name").to.equal(false);
        expect(gate.decide(event({ ...okta("[mdai-admins]"), identities: JSON.stringify([{ providerName: "entra" }]) }), list).allow, "another provider").to.equal(false);
        expect(gate.decide(event(okta("[mdai-admins]")), { "*": ["mdai-admins"] }).allow, "an IdP group for a Cognito group").to.equal(false);
        const linked = JSON.stringify([{ providerName: "okta" }, { providerName: "entra" }]);
        expect(gate.decide(event({ ...okta("[mdai-admins]"), identities: linked }), list).allow, "linked to two providers").to.equal(false);
    });

    it("refuses, with a message for the user, a list replaced by Entra ID's overage link or cut short", () => {
        const list = { "*": ["okta:mdai-admins"] };
        for (const v of ["https://graph.microsoft.com/v1.0/users/7f0/getMemberObjects", '{"_claim_names":{"groups":"src1"}}']) {
            expect(gate.decide(event(okta(v)), list).reason).to.contain("sent a link to your groups instead of the groups");
        }
        expect(gate.decide(event(okta("[mdai-admins, ops, fin")), list).reason).to.contain("cut short");
    });
});

describe("groups and federated users", () => {
    it("says that groups cannot name someone who signs in through an identity provider", () => {
        const s = validateOnly({ config: { ...baseConfig(), ...federated([SAML_OKTA]), groups: '{"ops":["carol@acme.io"]}' } });
        expect(s.warnings.join()).to.contain("Someone who signs in through an identity provider is not named by e-mail here (Cognito names them <provider>_<id>, after their first sign-in)");
    });
});
