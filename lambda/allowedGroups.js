// Cognito pre token generation trigger (V1_0): issues tokens only to members of the allowed groups.
//
// The ALB cannot check claims, so the pool must refuse to issue tokens to anyone else. Cognito
// invokes this trigger at every sign-in (TokenGeneration_HostedAuth, _Authentication, …) and at
// every token refresh (TokenGeneration_RefreshTokens), which the ALB makes each time the access
// token in its session expires: a user removed from the groups loses access at the next refresh.
// An error thrown here fails the sign-in or the refresh; Cognito shows its message to the user.
//
// ALLOWED_GROUPS (JSON): { "<app client id>": ["group", …], "*": ["group", …] }. A client's own
// list wins over "*"; an empty or missing list lets every user of the pool in (the gate is open).
// Plain JavaScript without dependencies: it is deployed as is (nodejs22.x) and unit-tested.
"use strict";

/** The user's groups: `groupsToOverride` (an object in real events; an array in some documentation). */
function groupsOf(event) {
    const config = event && event.request && event.request.groupConfiguration;
    const list = Array.isArray(config) ? config.flatMap((c) => (c && c.groupsToOverride) || []) : (config && config.groupsToOverride) || [];
    return list.filter((g) => typeof g === "string");
}

/** Whether the event's user may have tokens for its app client, and why not. */
function decide(event, allowed) {
    const clientId = event && event.callerContext && event.callerContext.clientId;
    const list = (allowed && clientId && allowed[clientId]) || (allowed && allowed["*"]) || [];
    if (list.length === 0) return { allow: true };
    const groups = groupsOf(event);
    if (groups.some((g) => list.includes(g))) return { allow: true };
    return { allow: false, reason: "Your account is not in a group allowed to use this console. Ask an administrator to add you to one." };
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

exports.handler = async (event) => {
    const verdict = decide(event, parseAllowed(process.env.ALLOWED_GROUPS));
    if (!verdict.allow) throw new Error(verdict.reason);
    return event;
};
exports.decide = decide;
exports.groupsOf = groupsOf;
exports.parseAllowed = parseAllowed;
