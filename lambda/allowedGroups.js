// Cognito pre token generation trigger (V1_0): issues tokens only to members of the allowed groups.
//
// The ALB cannot check claims, so the pool must refuse to issue tokens to anyone else. Cognito
// invokes this trigger at every sign-in (TokenGeneration_HostedAuth, _Authentication, …) and at
// every token refresh (TokenGeneration_RefreshTokens), which the ALB makes each time the access
// token in its session expires: a user removed from the groups loses access at the next refresh.
// An error thrown here fails the sign-in or the refresh; Cognito shows its message to the user.
//
// A group is a Cognito group, or an identity provider's as `<provider>:<group>` (idpGroupsOf).
// ALLOWED_GROUPS (JSON): { "*": ["group", …] } for one client, or with apps of their own
// { "*": [...], "shared": "<the shared client's name>", "clients": { "<app client name>": ["group", …] } }.
// The shared client has "*" (none: everyone), an app's client its own list; an empty list lets every
// user of the pool in (`{}` is the gate kept open after allowedGroups was emptied). With per-client
// lists, a client that is neither is refused, and so is everyone when the configuration is missing
// or not of this shape. The event names the app client only by id, and the ids are not known when
// the function is configured (the pool names the function, and the clients come after the pool), so
// the function asks Cognito for the pool's client names (ListUserPoolClients, this pool only) when it
// has per-client lists, at most once a minute per container, and again (at most every 5 seconds) for
// an id it has not seen or a name it does not know. A lookup that fails refuses: the gate never
// opens by accident.
// Plain JavaScript: deployed as is (nodejs22.x, whose runtime includes the AWS SDK for JavaScript
// v3) and unit-tested in tests/allowedGroups.test.ts.
"use strict";

/** The user's groups: `groupsToOverride` (an object in real events; an array in some documentation). */
function groupsOf(event) {
    const config = event && event.request && event.request.groupConfiguration;
    const list = Array.isArray(config) ? config.flatMap((c) => (c && c.groupsToOverride) || []) : (config && config.groupsToOverride) || [];
    return list.filter((g) => typeof g === "string");
}

/**
 * The user's groups at their identity provider, as `<provider>:<group>` (so that none can pass for a
 * Cognito group of the same name): Cognito writes the IdP's groups claim to custom:idp_groups at each
 * federated sign-in, and `identities` (read-only) names the provider. The pool's own users have no
 * IdP groups, whatever their custom:idp_groups holds. Cognito stores a multi-valued SAML attribute as
 * `[a, b]` (unquoted, each value form-encoded), an OIDC array as JSON, a single value as is.
 * A value that cannot be read whole throws, with a message for the user.
 */
function idpGroupsOf(event) {
    const attrs = (event && event.request && event.request.userAttributes) || {};
    let providers = [];
    try {
        const list = JSON.parse(attrs.identities || "[]");
        providers = Array.isArray(list) ? [...new Set(list.map((i) => i && i.providerName).filter((n) => typeof n === "string"))] : [];
    } catch (e) {
        providers = [];
    }
    // Not federated, or linked to several providers: no group can be told apart by provider.
    if (providers.length !== 1) return [];
    const raw = attrs["custom:idp_groups"];
    if (typeof raw !== "string" || raw.trim() === "") return [];
    return parseIdpGroups(raw.trim()).map((g) => `${providers[0]}:${g}`);
}

const OVERAGE = "Your identity provider sent a link to your groups instead of the groups (it does so for members of many groups), so this console cannot tell whether you may sign in. " +
    "Ask an administrator to have it send only the groups assigned to this application.";
const CUT = "Your identity provider's list of groups reached this console cut short, so it cannot tell whether you may sign in. Ask an administrator to have it send fewer groups.";

function parseIdpGroups(v) {
    // Entra ID's overage: a Microsoft Graph link (SAML groups.link) or _claim_names/_claim_sources (JWT) in place of the groups.
    if (/^https?:\/\//i.test(v) || /_claim_names|_claim_sources|groups\.link|getMemberObjects/.test(v)) throw new Error(OVERAGE);
    const decode = (x) => {
        try {
            return decodeURIComponent(x.replace(/\+/g, " "));
        } catch (e) {
            return x;
        }
    };
    if (!v.startsWith("[")) return [decode(v)];
    if (!v.endsWith("]")) throw new Error(CUT);
    try {
        const json = JSON.parse(v);
        if (Array.isArray(json)) return json.filter((g) => typeof g === "string");
    } catch (e) {
        // Not JSON: SAML's [a, b].
    }
    return v.slice(1, -1).split(/\s*,\s*/).filter((g) => g !== "").map(decode);
}

/** A configuration this program did not write: the gate then refuses everyone, it never opens by accident. */
const BROKEN = Object.freeze({ broken: true });
const isNames = (x) => Array.isArray(x) && x.every((g) => typeof g === "string");
const own = (o, k) => Object.prototype.hasOwnProperty.call(o, k);

/**
 * The groups whose members may have tokens for the client named `clientName`: `[]` for everyone, or
 * undefined to refuse — the configuration is broken, or it has per-client lists and the client is
 * neither the stack's shared one nor one of them (a client renamed or replaced a moment ago, or not the stack's).
 */
function listFor(allowed, clientName) {
    if (!allowed || allowed.broken) return undefined;
    if (allowed.clients === undefined) return allowed["*"] || [];
    if (clientName !== undefined && clientName === allowed.shared) return allowed["*"] || [];
    if (clientName !== undefined && own(allowed.clients, clientName)) return allowed.clients[clientName];
    return undefined;
}

/** Whether the event's user may have tokens for its app client (named `clientName`, when known), and why not. */
function decide(event, allowed, clientName) {
    const list = listFor(allowed, clientName);
    if (list === undefined) return { allow: false, reason: "The sign-in check does not know this app. Try again in a minute; if it persists, tell an administrator." };
    if (list.length === 0) return { allow: true };
    let groups;
    try {
        groups = [...groupsOf(event), ...idpGroupsOf(event)];
    } catch (err) {
        return { allow: false, reason: err.message };
    }
    if (groups.some((g) => list.includes(g))) return { allow: true };
    return { allow: false, reason: "Your account is not in a group allowed to use this console. Ask an administrator to add you to one." };
}

/**
 * A client id → name lookup over `listPage(userPoolId, nextToken)` (ListUserPoolClients), cached for
 * `ttlMs`; `fresh` lists the pool again (a client added or renamed since), unless the last listing is
 * under `minGapMs` old: refusals of a client that is not the stack's must not spend the account's
 * ListUserPoolClients quota, which every lookup shares.
 */
function clientNames(listPage, ttlMs = 60000, now = Date.now, minGapMs = 5000) {
    const cache = new Map();
    let listedAt = -Infinity;
    return async (userPoolId, clientId, fresh) => {
        const age = now() - listedAt;
        if ((fresh && age >= minGapMs) || age > ttlMs || (!cache.has(clientId) && age >= minGapMs)) {
            cache.clear();
            let next;
            do {
                const page = await listPage(userPoolId, next);
                for (const c of page.UserPoolClients || []) cache.set(c.ClientId, c.ClientName);
                next = page.NextToken;
            } while (next);
            listedAt = now();
        }
        return cache.get(clientId);
    };
}

/** ALLOWED_GROUPS, checked: `"*"` and each client's list are lists of names, and per-client lists come with the shared client's name. */
function parseAllowed(text) {
    let v;
    try {
        // The program always sets it (`{}` for an open gate): a missing value means someone changed the function.
        if (!text) return BROKEN;
        v = JSON.parse(text);
    } catch (e) {
        return BROKEN;
    }
    if (!v || typeof v !== "object" || Array.isArray(v)) return BROKEN;
    if (v["*"] !== undefined && !isNames(v["*"])) return BROKEN;
    if (v.clients !== undefined) {
        const c = v.clients;
        if (!c || typeof c !== "object" || Array.isArray(c) || !Object.values(c).every(isNames) || typeof v.shared !== "string") return BROKEN;
    }
    return v;
}

/** The client-name lookup over an AWS SDK module: the runtime's, or a test's stand-in. */
function lookupWith(sdk) {
    const { CognitoIdentityProviderClient, ListUserPoolClientsCommand } = sdk;
    const client = new CognitoIdentityProviderClient({});
    return clientNames((UserPoolId, NextToken) => client.send(new ListUserPoolClientsCommand({ UserPoolId, MaxResults: 60, NextToken })));
}

let nameOf;

/** The handler, with the client-name lookup given (tests) or built from the SDK (Lambda). */
async function handle(event, lookup) {
    const allowed = parseAllowed(process.env.ALLOWED_GROUPS);
    let clientName;
    if (allowed.clients !== undefined && !allowed.broken) {
        const pool = event.userPoolId;
        const id = event.callerContext && event.callerContext.clientId;
        try {
            clientName = await lookup(pool, id, false);
            // A name the configuration does not know may be stale (a client renamed since the last listing): ask once more.
            if (listFor(allowed, clientName) === undefined) clientName = await lookup(pool, id, true);
        } catch (err) {
            console.error("ListUserPoolClients failed:", err && err.name, err && err.message);
            throw new Error("The sign-in check could not run. Try again in a minute; if it persists, tell an administrator.");
        }
    }
    const verdict = decide(event, allowed, clientName);
    if (!verdict.allow) throw new Error(verdict.reason);
    return event;
}

exports.handler = (event) => handle(event, (pool, id, fresh) => (nameOf = nameOf || lookupWith(require("@aws-sdk/client-cognito-identity-provider")))(pool, id, fresh));
exports.lookupWith = lookupWith;
exports.handle = handle;
exports.decide = decide;
exports.listFor = listFor;
exports.groupsOf = groupsOf;
exports.idpGroupsOf = idpGroupsOf;
exports.parseAllowed = parseAllowed;
exports.clientNames = clientNames;
