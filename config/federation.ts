/**
 * `identityProviders` and `localUsers`: corporate SAML and OIDC identity providers in the stack's
 * own user pool. Every value is checked here, before anything exists: names as Cognito's API model
 * takes them (ProviderNameTypeV2, IdpIdentifierType), SAML metadata files parsed (samlMetadata.ts),
 * mappings to attributes the pool has, secrets kept secret.
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-identity-federation.html
 */
import * as fs from "fs";
import * as path from "path";
import { Problem, asShown, problem } from "./errors";
import { fullKey } from "./keys";
import { checkHttpsUrl } from "./rules";
import { IdpMetadata, MetadataError, parseIdpMetadata } from "./samlMetadata";
import type { RawValue } from "./sources";
import { closest, didYouMean } from "./suggest";

/** The pool attribute an IdP's groups are mapped to (custom attributes hold at most 2,048 characters). */
export const IDP_GROUPS_ATTRIBUTE = "custom:idp_groups";
export const IDP_GROUPS_MAX_LENGTH = 2048;
/** At most this many providers (Cognito allows 300 per pool; every app client lists each). */
export const MAX_PROVIDERS = 50;
/** Cognito's limit on a provider-details value (ProviderDetailsType: StringType, 131,072 characters). */
const MAX_METADATA_CHARS = 131072;
/** Days before a signing certificate's expiry from which the plan warns. */
export const CERT_WARNING_DAYS = 30;

/** Standard attributes of every user pool that an IdP attribute may be mapped to (OIDC claims; `username` for OIDC's `sub`). */
const STANDARD_ATTRIBUTES = ["address", "birthdate", "email", "email_verified", "family_name", "gender", "given_name", "locale", "middle_name", "name", "nickname",
    "phone_number", "phone_number_verified", "picture", "preferred_username", "profile", "updated_at", "website", "zoneinfo"];
/** Names Cognito gives its own sign-in and the social providers: a SAML or OIDC provider must not take one. */
const RESERVED_NAMES = ["COGNITO", "Google", "Facebook", "LoginWithAmazon", "SignInWithApple"];
const COMMON_FIELDS = ["name", "type", "attributeMapping", "groupsClaim", "idpIdentifiers"];
const FIELDS = { saml: [...COMMON_FIELDS, "metadataUrl", "metadataFile", "signOut"], oidc: [...COMMON_FIELDS, "issuer", "clientId", "clientSecret", "scopes", "signOut"] } as const;
export const DEFAULT_OIDC_SCOPES = ["openid", "email", "profile"];

interface Common {
    name: string;
    /** Pool attribute → the IdP's attribute or claim; `email` always. */
    attributeMapping: Record<string, string>;
    /** The IdP attribute or claim that lists the user's groups, mapped to custom:idp_groups. */
    groupsClaim?: string;
    /** E-mail domains (or other identifiers) that route a user to this provider on Cognito's page. */
    idpIdentifiers: string[];
}
export interface SamlProvider extends Common {
    type: "saml";
    metadataUrl?: string;
    /** The file as given (relative to the project directory), its contents and what they say. */
    metadataFile?: { path: string; xml: string; metadata: IdpMetadata };
    /** Single logout (IDPSignout); undefined: as the metadata allows (it lists a SingleLogoutService). */
    signOut?: boolean;
}
export interface OidcProvider extends Common {
    type: "oidc";
    issuer: string;
    clientId: string;
    clientSecret: string;
    scopes: string[];
    /** End the IdP's session at sign-out (its end_session_endpoint), when it is the only way to sign in. */
    signOut: boolean;
}
export type IdentityProviderSettings = SamlProvider | OidcProvider;

export interface Federation {
    providers: IdentityProviderSettings[];
    /** Cognito's own users (its password page) beside the providers. */
    localUsers: boolean;
}

export interface FederationInput {
    raw: (key: string) => RawValue | undefined;
    /** The project directory: metadata files are read from it. */
    cwd: string;
    now?: Date;
}

const providerKey = (n: number, f = "") => fullKey(`identityProviders[${n}]${f ? `.${f}` : ""}`);
const set = (n: number, f: string, v: string) => `\`pulumi config set --path 'identityProviders[${n}].${f}' ${v}\``;

export function parseFederation(i: FederationInput, problems: Problem[], warnings: string[]): Federation {
    const r = i.raw("identityProviders");
    const local = i.raw("localUsers");
    const localUsers = local ? !/^(false|0|no)$/i.test(local.value.trim()) : true;
    let list: unknown = [];
    try {
        list = r ? JSON.parse(r.value) : [];
    } catch {
        list = undefined;
    }
    if (!Array.isArray(list)) {
        problems.push(problem(fullKey("identityProviders"), { hidden: true }, "it must be a list of providers", `Set its fields with ${set(0, "name", "okta")}.`, r?.origin));
        return { providers: [], localUsers };
    }
    if (list.length > MAX_PROVIDERS) {
        problems.push(problem(fullKey("identityProviders"), `${list.length} providers`, `every app client lists each provider, and the program takes at most ${MAX_PROVIDERS}`, "Keep the ones people sign in with.", r?.origin));
        return { providers: [], localUsers };
    }
    const providers = list.map((v, n) => provider(v, n, i, Boolean(r?.secret), problems, warnings)).filter((p): p is IdentityProviderSettings => p !== undefined);
    const seen = new Map<string, number>();
    list.forEach((v, n) => {
        const name = (v as { name?: unknown })?.name;
        if (typeof name !== "string") return;
        const prior = seen.get(name.toLowerCase());
        if (prior !== undefined) problems.push(problem(providerKey(n, "name"), name, `identityProviders[${prior}] has this name already (names are compared without case)`, "Give each provider a name of its own."));
        seen.set(name.toLowerCase(), n);
    });
    const ids = new Map<string, string>();
    for (const p of providers) {
        for (const id of p.idpIdentifiers) {
            const other = ids.get(id.toLowerCase());
            if (other) problems.push(problem(fullKey("identityProviders"), id, `both ${other} and ${p.name} list this identifier, and Cognito routes each to one provider`, `Remove it from one of them.`));
            ids.set(id.toLowerCase(), p.name);
        }
    }
    const oidcOut = providers.filter((p) => p.type === "oidc" && p.signOut && r?.value.includes('"signOut"'));
    if (oidcOut.length && !soleOidc({ providers, localUsers })) {
        warnings.push(`identityProviders: signOut on ${oidcOut.map((p) => p.name).join(", ")} ends the IdP's session only when it is the only way to sign in (one provider, localUsers false): ` +
            "signing out cannot tell which provider a user came through, and Cognito has no logout towards an OIDC IdP. Signing out ends the console's and Cognito's sessions.");
    }
    if (!localUsers && list.length === 0) {
        problems.push(problem(fullKey("localUsers"), "false", "without local users and without identityProviders nobody could sign in", `Add a provider (${set(0, "name", "okta")}), or remove localUsers.`, local?.origin));
    }
    return { providers, localUsers };
}

function provider(v: unknown, n: number, i: FederationInput, secret: boolean, problems: Problem[], warnings: string[]): IdentityProviderSettings | undefined {
    if (typeof v !== "object" || v === null || Array.isArray(v)) return void problems.push(problem(providerKey(n), asShown(v), "each provider is an object", `Set its fields, e.g. ${set(n, "name", "okta")}.`));
    const o = v as Record<string, unknown>;
    const before = problems.length;
    const type = o.type;
    if (type !== "saml" && type !== "oidc") {
        const near = typeof type === "string" ? closest(type.toLowerCase(), ["saml", "oidc"]) : undefined;
        problems.push(problem(providerKey(n, "type"), type === undefined ? undefined : asShown(type), "a provider is of type saml or oidc",
            `${near ? `Did you mean ${near}? ` : ""}Set it with ${set(n, "type", near ?? "saml")}.`));
        return undefined;
    }
    for (const f of Object.keys(o).filter((x) => !(FIELDS[type] as readonly string[]).includes(x))) {
        problems.push(problem(providerKey(n, f), { hidden: true }, `a ${type} provider has no such field`, `${didYouMean(f, FIELDS[type]).trim()} Fields: ${FIELDS[type].join(", ")}.`.trim()));
    }
    const name = checkName(o.name, n, problems);
    const mapping = attributeMapping(o.attributeMapping, type, n, problems);
    const groupsClaim = optionalText(o.groupsClaim, n, "groupsClaim", problems);
    const idpIdentifiers = identifiers(o.idpIdentifiers, n, problems);
    const common = { name: name ?? "", attributeMapping: mapping ?? {}, groupsClaim, idpIdentifiers };
    const out = type === "saml" ? saml(o, n, common, i, problems, warnings) : oidc(o, n, common, secret, problems);
    return problems.length > before ? undefined : out;
}

function checkName(v: unknown, n: number, problems: Problem[]): string | undefined {
    const fail = (wrong: string, fix = `Use 3 to 32 letters, digits or punctuation without spaces, e.g. ${set(n, "name", "okta")}.`) =>
        void problems.push(problem(providerKey(n, "name"), v === undefined ? undefined : asShown(v), wrong, fix));
    if (typeof v !== "string" || v === "") return fail("each provider needs a name (users see it on Cognito's page; federated usernames start with it)");
    if (v.length < 3 || v.length > 32) return fail(`it is ${v.length} characters long; Cognito takes 3 to 32`);
    if (/\s/.test(v)) return fail("it holds white space, which Cognito refuses in a provider name", `Use e.g. "${v.replace(/\s+/g, "-")}".`);
    if (/_/.test(v[0]) || /_/.test(v.slice(2))) return fail("Cognito allows _ only as a provider name's second character (federated usernames are <provider>_<id>)", `Use e.g. "${v.replace(/_/g, "-")}".`);
    if (v.includes(":")) return fail("allowedGroups names an IdP's group as <provider>:<group>, so a provider name holds no colon", `Use e.g. "${v.replace(/:/g, "-")}".`);
    const reserved = RESERVED_NAMES.find((x) => x.toLowerCase() === v.toLowerCase());
    if (reserved) return fail(`${reserved} is the name of Cognito's own sign-in or of a social provider`, `Name it after your IdP, e.g. ${set(n, "name", "corp-sso")}.`);
    return v;
}

function attributeMapping(v: unknown, type: "saml" | "oidc", n: number, problems: Problem[]): Record<string, string> | undefined {
    if (v === undefined && type === "oidc") return { email: "email" };
    const key = providerKey(n, "attributeMapping");
    if (typeof v !== "object" || v === null || Array.isArray(v) || Object.values(v).some((x) => typeof x !== "string" || x === "")) {
        return void problems.push(problem(key, v === undefined ? undefined : asShown(v), "it maps pool attributes to the IdP's attribute names, and email is required (the pool's usernames are e-mail addresses)",
            `Set at least email, e.g. ${set(n, "attributeMapping.email", type === "saml" ? "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress" : "email")}.`));
    }
    const m = v as Record<string, string>;
    const allowed = type === "oidc" ? [...STANDARD_ATTRIBUTES, "username"] : STANDARD_ATTRIBUTES;
    for (const attr of Object.keys(m)) {
        if (attr === IDP_GROUPS_ATTRIBUTE) problems.push(problem(`${key}.${attr}`, m[attr], "the program maps the IdP's groups itself", `Name the IdP's groups attribute with ${set(n, "groupsClaim", m[attr])} instead.`));
        else if (!allowed.includes(attr)) {
            const near = closest(attr, allowed);
            problems.push(problem(`${key}.${attr}`, m[attr], `the pool has no attribute ${attr}${near && near.toLowerCase() === attr.toLowerCase() ? " (attribute names are case-sensitive)" : ""}: Cognito would refuse every sign-in through this provider ("Invalid user attributes")`,
                `${near ? `Did you mean ${near}? ` : ""}The attributes it can map to: ${allowed.join(", ")}.`));
        }
    }
    if (m.email === undefined) problems.push(problem(`${key}.email`, undefined, "email is required: the pool's usernames are e-mail addresses", `Map it, e.g. ${set(n, "attributeMapping.email", type === "saml" ? "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress" : "email")}.`));
    return m;
}

function optionalText(v: unknown, n: number, f: string, problems: Problem[]): string | undefined {
    if (v === undefined) return undefined;
    if (typeof v === "string" && v.trim() !== "" && v.length <= 256) return v.trim();
    return void problems.push(problem(providerKey(n, f), asShown(v), "it is the name of the IdP's attribute or claim (1 to 256 characters)", `Set it with ${set(n, f, "groups")}.`));
}

function identifiers(v: unknown, n: number, problems: Problem[]): string[] {
    if (v === undefined) return [];
    const key = providerKey(n, "idpIdentifiers");
    if (!Array.isArray(v) || v.length > 50) {
        problems.push(problem(key, asShown(v), "it is a list of at most 50 identifiers (e-mail domains)", `Set them with ${set(n, "idpIdentifiers[0]", "acme.io")}.`));
        return [];
    }
    const out: string[] = [];
    v.forEach((x, k) => {
        if (typeof x === "string" && /^[\w\s+=.@-]{1,40}$/.test(x)) out.push(x);
        else problems.push(problem(`${key}[${k}]`, asShown(x), "an identifier is 1 to 40 letters, digits, spaces and + = . @ - _ (Cognito's IdpIdentifierType), such as an e-mail domain", `Use e.g. "acme.io".`));
    });
    return out;
}

function saml(o: Record<string, unknown>, n: number, common: Omit<SamlProvider, "type">, i: FederationInput, problems: Problem[], warnings: string[]): SamlProvider | undefined {
    const { metadataUrl, metadataFile } = o;
    if ((metadataUrl === undefined) === (metadataFile === undefined)) {
        return void problems.push(problem(providerKey(n), undefined, `a SAML provider needs its metadata: exactly one of metadataUrl and metadataFile${metadataUrl !== undefined ? ", not both" : ""}`,
            `Set ${set(n, "metadataUrl", "https://…/metadata")} (Cognito reads it), or save the IdP's metadata in the repository and set ${set(n, "metadataFile", "idp/okta.xml")}.`));
    }
    const signOut = o.signOut === undefined ? undefined : o.signOut === true || o.signOut === "true" ? true : o.signOut === false || o.signOut === "false" ? false : null;
    if (signOut === null) return void problems.push(problem(providerKey(n, "signOut"), asShown(o.signOut), "it is true or false", `Set it with ${set(n, "signOut", "true")}.`));
    if (metadataUrl !== undefined) {
        const c = typeof metadataUrl === "string" ? checkHttpsUrl(metadataUrl) : { wrong: "it must be a URL", fix: "Copy the IdP's metadata URL." };
        if (c) return void problems.push(problem(providerKey(n, "metadataUrl"), asShown(metadataUrl), c.wrong.replace("the ALB only talks to identity providers over HTTPS", "Cognito reads metadata only over HTTPS"), c.fix));
        return { type: "saml", ...common, metadataUrl: metadataUrl as string, signOut };
    }
    const file = readMetadataFile(metadataFile, n, i, problems, warnings);
    if (!file) return undefined;
    if (signOut === true && !file.metadata.slo.length) {
        return void problems.push(problem(providerKey(n, "signOut"), "true", `the metadata in ${file.path} lists no SingleLogoutService, so Cognito has nowhere to end the IdP's session`,
            "Turn single logout on at the IdP and download its metadata again, or set signOut to false (signing out then ends only the console's session and Cognito's)."));
    }
    return { type: "saml", ...common, metadataFile: file, signOut };
}

function readMetadataFile(v: unknown, n: number, i: FederationInput, problems: Problem[], warnings: string[]): SamlProvider["metadataFile"] {
    const key = providerKey(n, "metadataFile");
    if (typeof v !== "string" || v.trim() === "" || path.isAbsolute(v) || path.normalize(v).startsWith("..")) {
        return void problems.push(problem(key, asShown(v), "it is a path inside the project directory (the metadata is part of the stack's code)", "Save the IdP's metadata in the repository, e.g. idp/okta.xml, and give that path."));
    }
    let xml: string;
    try {
        xml = fs.readFileSync(path.resolve(i.cwd, v), "utf8");
    } catch (err) {
        return void problems.push(problem(key, v, `the file cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)} at ${path.resolve(i.cwd, v)})`, "Download the IdP's metadata to that path, relative to the project directory."));
    }
    if (xml.length > MAX_METADATA_CHARS) return void problems.push(problem(key, v, `it is ${xml.length} characters long; Cognito takes metadata of at most ${MAX_METADATA_CHARS}`, "Download the metadata of this one IdP, not a federation's aggregate."));
    let metadata: IdpMetadata;
    try {
        metadata = parseIdpMetadata(xml);
    } catch (err) {
        if (!(err instanceof MetadataError)) throw err;
        return void problems.push(problem(key, v, `its metadata cannot be used: ${err.message}`, "Download the identity provider's SAML metadata again (its admin console has a metadata link or file)."));
    }
    const before = problems.length;
    checkMetadata(metadata, { key, value: v, label: `identityProviders[${n}].metadataFile ${v}`, now: i.now ?? new Date() }, problems, warnings);
    return problems.length > before ? undefined : { path: v, xml, metadata };
}

/** What Cognito and the sign-in need of a provider's metadata, from a file or, at deploy, from its URL: HTTPS sign-on, a signing certificate in force. */
export function checkMetadata(metadata: IdpMetadata, at: { key: string; value: string; label: string; now: Date }, problems: Problem[], warnings: string[]): void {
    const bad = metadata.sso.find((e) => !e.location.startsWith("https://"));
    if (bad) return void problems.push(problem(at.key, at.value, `its single sign-on endpoint ${bad.location} is not HTTPS: the SAML request would cross the network in the clear`, "Configure the IdP for HTTPS and download its metadata again."));
    const valid = metadata.signingCertificates.filter((c) => c.notAfter > at.now);
    if (!valid.length) {
        const last = metadata.signingCertificates.map((c) => c.notAfter).sort((a, b) => b.getTime() - a.getTime())[0];
        return void problems.push(problem(at.key, at.value, `its signing certificate expired on ${last.toISOString().slice(0, 10)}: Cognito refuses the provider, and no assertion signed with it would be trusted`,
            "Rotate the certificate at the IdP, download the metadata again and run pulumi up (the provider is updated in place)."));
    }
    const left = (c: { notAfter: Date }) => c.notAfter.getTime() - at.now.getTime();
    if (valid.every((c) => left(c) < CERT_WARNING_DAYS * 86400000)) {
        const last = valid.sort((a, b) => left(b) - left(a))[0];
        warnings.push(`${at.label}: the IdP's signing certificate (${last.subject}) expires on ${last.notAfter.toISOString().slice(0, 10)}; after that nobody signs in through it. ` +
            "Add the new certificate at the IdP, take its metadata again (it then lists both) and run pulumi up before that day.");
    }
}

function oidc(o: Record<string, unknown>, n: number, common: Omit<OidcProvider, "type" | "issuer" | "clientId" | "clientSecret" | "scopes" | "signOut">, secret: boolean, problems: Problem[]): OidcProvider | undefined {
    const before = problems.length;
    const issuer = o.issuer;
    const c = typeof issuer === "string" ? checkHttpsUrl(issuer) : { wrong: "an OIDC provider needs its issuer", fix: `Set it with ${set(n, "issuer", "https://login.acme.io")} (the issuer of its /.well-known/openid-configuration).` };
    if (c) problems.push(problem(providerKey(n, "issuer"), issuer === undefined ? undefined : asShown(issuer), c.wrong.replace("the ALB only talks", "Cognito only talks"), c.fix));
    else {
        const u = new URL(issuer as string);
        if (u.search || u.hash || (issuer as string).endsWith("/") || (u.port && u.port !== "443")) {
            problems.push(problem(providerKey(n, "issuer"), issuer as string, "Cognito takes an issuer without a query, a fragment, a trailing slash or a port other than 443",
                `Copy "issuer" from the IdP's /.well-known/openid-configuration, e.g. "${u.origin}${u.pathname.replace(/\/+$/, "")}".`));
        }
    }
    if (typeof o.clientId !== "string" || o.clientId.trim() === "") problems.push(problem(providerKey(n, "clientId"), undefined, "an OIDC provider needs the client ID the IdP gave this pool", `Set it with ${set(n, "clientId", "<client id>")}.`));
    if (typeof o.clientSecret !== "string" || o.clientSecret === "") {
        problems.push(problem(providerKey(n, "clientSecret"), undefined, "an OIDC provider needs the client secret the IdP gave this pool", `Set it with \`pulumi config set --secret --path 'identityProviders[${n}].clientSecret' <secret>\`.`));
    } else if (!secret) {
        problems.push(problem(providerKey(n, "clientSecret"), { hidden: true }, "it is stored in plain text in the stack's config file",
            `Store it encrypted: \`pulumi config set --secret --path 'identityProviders[${n}].clientSecret' <secret>\`.`));
    }
    const scopes = o.scopes === undefined ? DEFAULT_OIDC_SCOPES : o.scopes;
    if (!Array.isArray(scopes) || scopes.some((s) => typeof s !== "string" || !/^[\x21\x23-\x5b\x5d-\x7e]+$/.test(s)) || !scopes.includes("openid")) {
        problems.push(problem(providerKey(n, "scopes"), asShown(scopes), "it is a list of OAuth scopes that includes openid", `Set them one by one, starting with ${set(n, "scopes[0]", "openid")}, or leave them out for ${DEFAULT_OIDC_SCOPES.join(", ")}.`));
    }
    const signOut = o.signOut === undefined || o.signOut === true || o.signOut === "true" ? true : o.signOut === false || o.signOut === "false" ? false : null;
    if (signOut === null) problems.push(problem(providerKey(n, "signOut"), asShown(o.signOut), "it is true or false", `Set it with ${set(n, "signOut", "false")}.`));
    if (problems.length > before) return undefined;
    return { type: "oidc", ...common, issuer: issuer as string, clientId: (o.clientId as string).trim(), clientSecret: o.clientSecret as string, scopes: scopes as string[], signOut: signOut! };
}

/** What identityProviders and localUsers exclude: a pool the stack does not own, and users or members it would invite to a pool without a password page. */
export function federationConflicts(f: Federation, i: { existingPool?: RawValue; users: string[]; groups: Record<string, string[]>; raw: FederationInput["raw"] }): Problem[] {
    const out: Problem[] = [];
    const none = !f.providers.length && f.localUsers;
    if (i.existingPool && !none) {
        out.push(problem(fullKey(f.providers.length ? "identityProviders" : "localUsers"), { hidden: true }, `userPoolId names a pool the program never changes, and identity providers${f.localUsers ? "" : " (and localUsers)"} are settings of the pool`,
            "Add the providers in that pool yourself (Cognito console: Authentication, Social and external providers), or remove userPoolId to let the stack create its own pool.", i.raw("identityProviders")?.origin));
    }
    if (f.localUsers) return out;
    if (i.users.length) {
        out.push(problem(fullKey("users"), `${i.users.length} address(es)`, "localUsers is false: the pool has no password page, so invited users could never sign in",
            "Remove users (`pulumi config rm users`); people sign in through the identity providers.", i.raw("users")?.origin));
    }
    const named = Object.entries(i.groups).filter(([, m]) => m.length).map(([g]) => g);
    if (named.length) {
        out.push(problem(fullKey(`groups.${named[0]}`), { hidden: true }, "localUsers is false, and a federated user exists only after their first sign-in, as <provider>_<id>: groups cannot name one by e-mail",
            "Let the identity provider send the groups (its groupsClaim) and allow them as <provider>:<group> in allowedGroups.", i.raw("groups")?.origin));
    }
    return out;
}

/** The one OIDC provider everyone signs in through, whose session signing out ends too (Cognito's logout cannot: wiring/auth.ts chains to its end-session endpoint). */
export function soleOidc(f: Pick<Federation, "providers" | "localUsers">): OidcProvider | undefined {
    const [p, ...more] = f.providers;
    return !f.localUsers && p && !more.length && p.type === "oidc" && p.signOut ? p : undefined;
}
