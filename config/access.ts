/**
 * Who may sign in: `groups` (Cognito groups and their members) and `allowedGroups` (only their
 * members get tokens). The ALB cannot check claims, so the gate is in the pool: a pre token
 * generation trigger (lambda/allowedGroups.js) that fails sign-in and token refresh for anyone else.
 */
import type { AuthDecision } from "../region/decide";
import { Problem, problem } from "./errors";
import { fullKey } from "./keys";
import { parsesAs } from "./keyCheck";
import { addresses } from "./lists";
import type { RawValue } from "./sources";

export interface Access {
    /** Group name → members' e-mail addresses (lowercased). */
    groups: Record<string, string[]>;
    /** Empty: every user of the pool may sign in. */
    allowedGroups: string[];
}

/** Cognito's GroupNameType: 1–128 letters, marks, symbols, digits or punctuation (no white space). */
const GROUP_NAME = /^[\p{L}\p{M}\p{S}\p{N}\p{P}]{1,128}$/u;
/** More groups than a console needs; Cognito allows 10,000 per pool. */
export const MAX_GROUPS = 50;

export interface AccessInput {
    raw: (key: string) => RawValue | undefined;
    users: string[];
    decision: AuthDecision;
    /** The external IdP's client id, for the message that says where to restrict access instead. */
    externalClientId?: string;
    /** userPoolId is set: the pool is never changed, so it gets no trigger. */
    existingPool?: boolean;
}

function parseGroups(r: RawValue | undefined, users: string[], problems: Problem[], warnings: string[]): Record<string, string[]> {
    const obj = r ? parsesAs(r.value, "object") : undefined;
    if (!obj) return {};
    const entries = Object.entries(obj);
    if (entries.length > MAX_GROUPS) {
        problems.push(problem(fullKey("groups"), `${entries.length} groups`, `a console needs a few groups, and each is a resource; at most ${MAX_GROUPS} are managed here`, "Keep the groups that decide who may sign in; manage the others in the Cognito console.", r?.origin));
        return {};
    }
    const known = new Set(users.map((u) => u.toLowerCase()));
    const out: Record<string, string[]> = {};
    for (const [name, members] of entries) {
        const key = fullKey(`groups.${name}`);
        if (!GROUP_NAME.test(name)) {
            problems.push(problem(key, name, "a Cognito group name is 1 to 128 letters, digits, symbols or punctuation, without spaces", `Use "${name.trim().replace(/\s+/g, "-").slice(0, 128) || "operators"}".`, r?.origin));
            continue;
        }
        if (!Array.isArray(members) || members.some((m) => typeof m !== "string")) {
            problems.push(problem(key, JSON.stringify(members), "each group is a list of e-mail addresses", `Set its members with \`pulumi config set --path 'groups.${name}[0]' <e-mail address>\`.`, r?.origin));
            continue;
        }
        out[name] = addresses(members as string[], (n) => fullKey(`groups.${name}[${n}]`), r?.origin, problems, `it is listed twice in ${name}`);
        const outside = out[name].filter((m) => !known.has(m));
        if (outside.length) {
            warnings.push(`groups.${name} lists ${outside.join(", ")}, who ${outside.length === 1 ? "is" : "are"} not in users: each must already exist in the pool (createUserCommand), or pulumi up fails adding them to the group. Add them to users to have the stack invite them.`);
        }
    }
    return out;
}

export function parseAccess(i: AccessInput, problems: Problem[], warnings: string[]): Access {
    const groups = parseGroups(i.raw("groups"), i.users, problems, warnings);
    const r = i.raw("allowedGroups");
    const list = r ? parsesAs(r.value, "array") ?? [] : [];
    if (!list.length) return { groups, allowedGroups: [] };
    const key = fullKey("allowedGroups");
    if (i.decision.idp === "external") {
        problems.push(problem(key, r!.value, "with an external OIDC identity provider this program never sees who signs in, so it cannot gate on groups",
            `Restrict who may use the client${i.externalClientId ? ` ${i.externalClientId}` : ""} at the identity provider (its user or group assignment), and remove allowedGroups (\`pulumi config rm allowedGroups\`).`, r!.origin));
        return { groups, allowedGroups: [] };
    }
    if (i.decision.idp !== "cognito-pool") {
        problems.push(problem(key, r!.value, `authMode ${i.decision.mode} lets everyone in without a login, so no group can be required`, "Remove allowedGroups, or choose an authMode with a login.", r!.origin));
        return { groups, allowedGroups: [] };
    }
    if (i.existingPool) {
        problems.push(problem(key, r!.value, "the gate is a trigger of the user pool, and userPoolId names an existing pool, which the program never changes",
            "Remove allowedGroups and restrict sign-in in that pool (or attach the trigger there yourself), or let the stack create its own pool (remove userPoolId).", r!.origin));
        return { groups, allowedGroups: [] };
    }
    const allowed: string[] = [];
    list.forEach((g, n) => {
        if (typeof g !== "string" || !(g in groups)) {
            problems.push(problem(fullKey(`allowedGroups[${n}]`), typeof g === "string" ? g : JSON.stringify(g), "groups does not declare it, so no member of it is known to the stack",
                `Declare it with its members: \`pulumi config set --path 'groups.${typeof g === "string" ? g : "<group>"}[0]' <e-mail address>\`.`, r!.origin));
            return;
        }
        if (!allowed.includes(g)) allowed.push(g);
    });
    return { groups, allowedGroups: allowed };
}
