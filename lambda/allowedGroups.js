// Cognito pre token generation trigger (V1_0): issues tokens only to members of the allowed groups.
//
// The ALB cannot check claims, so the pool must refuse to issue tokens to anyone else. Cognito
// invokes this trigger at every sign-in (TokenGeneration_HostedAuth, _Authentication, …) and at
// every token refresh (TokenGeneration_RefreshTokens), which the ALB makes each time the access
// token in its session expires: a user removed from the groups loses access at the next refresh.
// An error thrown here fails the sign-in or the refresh; Cognito shows its message to the user.
//
// ALLOWED_GROUPS (JSON): { "*": ["group", …], "clients": { "<app client name>": ["group", …] } }.
// An app with its own client has its own list, which wins over "*"; an empty or missing list lets
// every user of the pool in (the gate is open). The event names the app client only by id, and
// the ids are not known when the function is configured (the pool names the function, and the
// clients come after the pool), so the function asks Cognito for the pool's client names
// (ListUserPoolClients, this pool only) when it has per-client lists, once per container and again
// for an id it has not seen. A lookup that fails refuses: the gate never opens by accident.
// Plain JavaScript: deployed as is (nodejs22.x, whose runtime includes the AWS SDK for JavaScript
// v3) and unit-tested in tests/allowedGroups.test.ts.
"use strict";

/** The user's groups: `groupsToOverride` (an object in real events; an array in some documentation). */
function groupsOf(event) {
    const config = event && event.request && event.request.groupConfiguration;
    const list = Array.isArray(config) ? config.flatMap((c) => (c && c.groupsToOverride) || []) : (config && config.groupsToOverride) || [];
    return list.filter((g) => typeof g === "string");
}

/** Whether the event's user may have tokens for its app client (named `clientName`, when known), and why not. */
function decide(event, allowed, clientName) {
    const own = allowed && allowed.clients && clientName && allowed.clients[clientName];
    const list = Array.isArray(own) ? own : (allowed && allowed["*"]) || [];
    if (list.length === 0) return { allow: true };
    const groups = groupsOf(event);
    if (groups.some((g) => list.includes(g))) return { allow: true };
    return { allow: false, reason: "Your account is not in a group allowed to use this console. Ask an administrator to add you to one." };
}

const hasClientLists = (allowed) => Boolean(allowed && allowed.clients && Object.keys(allowed.clients).length);

/**
 * A client id → name lookup over `listPage(userPoolId, nextToken)` (ListUserPoolClients), cached;
 * an id not in the cache lists the pool again (a client added since).
 */
function clientNames(listPage) {
    const cache = new Map();
    return async (userPoolId, clientId) => {
        if (!cache.has(clientId)) {
            let next;
            do {
                const page = await listPage(userPoolId, next);
                for (const c of page.UserPoolClients || []) cache.set(c.ClientId, c.ClientName);
                next = page.NextToken;
            } while (next);
        }
        return cache.get(clientId);
    };
}

function parseAllowed(text) {
    try {
        const v = JSON.parse(text || "{}");
        return v && typeof v === "object" && !Array.isArray(v) ? v : {};
    } catch (e) {
        // A broken configuration must not open the gate: refuse everyone.
        return { "*": ["\u0000no group matches: ALLOWED_GROUPS is not valid JSON"] };
    }
}

let nameOf;
function sdkLookup() {
    const { CognitoIdentityProviderClient, ListUserPoolClientsCommand } = require("@aws-sdk/client-cognito-identity-provider");
    const client = new CognitoIdentityProviderClient({});
    return clientNames((UserPoolId, NextToken) => client.send(new ListUserPoolClientsCommand({ UserPoolId, MaxResults: 60, NextToken })));
}

/** The handler, with the client-name lookup given (tests) or built from the SDK (Lambda). */
async function handle(event, lookup) {
    const allowed = parseAllowed(process.env.ALLOWED_GROUPS);
    let clientName;
    if (hasClientLists(allowed)) {
        try {
            clientName = await lookup(event.userPoolId, event.callerContext && event.callerContext.clientId);
        } catch (err) {
            console.error("ListUserPoolClients failed:", err && err.name, err && err.message);
            throw new Error("The sign-in check could not run. Try again in a minute; if it persists, tell an administrator.");
        }
    }
    const verdict = decide(event, allowed, clientName);
    if (!verdict.allow) throw new Error(verdict.reason);
    return event;
}

exports.handler = (event) => handle(event, (pool, id) => (nameOf = nameOf || sdkLookup())(pool, id));
exports.handle = handle;
exports.decide = decide;
exports.groupsOf = groupsOf;
exports.parseAllowed = parseAllowed;
exports.clientNames = clientNames;
