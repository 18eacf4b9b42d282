/**
 * Who may sign in: `groups` (Cognito groups and their members) and `allowedGroups` (only their
 * members get tokens). The ALB cannot check claims, so the gate is in the pool: a pre token
 * generation trigger (lambda/allowedGroups.js) that fails sign-in and token refresh for anyone else.
 */
import type { AuthDecision } from "../region/decide";
import { Problem, asShown, problem } from "./errors";
import { fullKey } from "./keys";
import { parsesAs } from "./keyCheck";
import { MAX_USERS, addresses } from "./lists";
import { LAMBDA_ENV_LIMIT_BYTES, gateEnvironmentBytes, gateLists } from "./gateConfig";
import type { RawValue } from "./sources";
import type { AppSettings } from "./doors";
import { shellQuote } from "./shell";
import { closest } from "./suggest";

export interface Access {
    /** Group name → members' e-mail addresses (lowercased). */
    groups: Record<string, string[]>;
    /** Empty: every user of the pool may sign in. */
    allowedGroups: string[];
    /** Per app name with its own list (and so its own app client): the groups whose members alone may use it; empty: everyone. */
    appAllowedGroups: Record<string, string[]>;
    /** What a pool that has had the gate keeps once no list names a group: its trigger and function (keep), the function alone (detach), nothing (remove). */
    gate: (typeof GATE_MODES)[number];
}

/** The explicit way out of a gate, once no list names a group (docs/security.md, "Who may sign in"). */
export const GATE_MODES = ["keep", "detach", "remove"] as const;

/** Cognito's GroupNameType: 1–128 letters, marks, symbols, digits or punctuation (no white space). */
const GROUP_NAME = /^[\p{L}\p{M}\p{S}\p{N}\p{P}]{1,128}$/u;
/** More groups than a console needs; Cognito allows 10,000 per pool. */
export const MAX_GROUPS = 50;
/** Each membership is a resource (aws.cognito.UserInGroup): as many per group as users may be managed, and twice that in all. */
export const MAX_MEMBERS_PER_GROUP = MAX_USERS;
export const MAX_MEMBERSHIPS = 2 * MAX_USERS;

export interface AccessInput {
    raw: (key: string) => RawValue | undefined;
    users: string[];
    decision: AuthDecision;
    /** The external IdP's client id, for the message that says where to restrict access instead. */
    externalClientId?: string;
    /** userPoolId is set: the pool is never changed, so it gets no trigger. */
    existingPool?: boolean;
    /** The apps, with the lists of those that have their own. */
    apps?: Pick<AppSettings, "name" | "hostname" | "allowedGroups">[];
    /** The shared app client's name: the gate's lists name the clients. */
    appClientName?: string;
    /** Providers whose groups (groupsClaim) a list may name as `<provider>:<group>`; and whether the pool has users of its own. */
    federation?: { groupProviders: string[]; providers: string[]; localUsers: boolean };
}

function parseGroups(r: RawValue | undefined, users: string[], problems: Problem[], warnings: string[], federated = false): Record<string, string[]> {
    const obj = r ? parsesAs(r.value, "object") : undefined;
    if (!obj) return {};
    const entries = Object.entries(obj);
    if (entries.length > MAX_GROUPS) {
        problems.push(problem(fullKey("groups"), `${entries.length} groups`, `a console needs a few groups, and each is a resource; at most ${MAX_GROUPS} are managed here`, "Keep the groups that decide who may sign in; manage the others in the Cognito console.", r?.origin));
        return {};
    }
    // Counted before any address is looked at: a list of 60,000 members is refused in milliseconds.
    const sizes = entries.map(([, m]) => (Array.isArray(m) ? m.length : 0));
    const total = sizes.reduce((a, b) => a + b, 0);
    const biggest = sizes.indexOf(Math.max(0, ...sizes));
    if (sizes[biggest] > MAX_MEMBERS_PER_GROUP || total > MAX_MEMBERSHIPS) {
        const over = sizes[biggest] > MAX_MEMBERS_PER_GROUP;
        problems.push(problem(fullKey(over ? `groups.${entries[biggest][0]}` : "groups"), over ? `${sizes[biggest]} members` : `${total} memberships`,
            `each membership is a resource, and the program manages at most ${MAX_MEMBERS_PER_GROUP} members per group and ${MAX_MEMBERSHIPS} memberships in all`,
            "Keep the groups that decide who may sign in to the people who need them; for a whole organisation, sign in through an external IdP (oidc) and restrict access there.", r?.origin));
        return {};
    }
    const known = new Set(users.map((u) => u.toLowerCase()));
    const out: Record<string, string[]> = {};
    for (const [name, members] of entries) {
        const key = fullKey(`groups.${name}`);
        if (name.includes(":")) {
            problems.push(problem(key, name, "allowedGroups names an identity provider's group as <provider>:<group>, so a Cognito group's name holds no colon", `Use "${name.replace(/:/g, "-")}".`, r?.origin));
            continue;
        }
        if (!GROUP_NAME.test(name)) {
            problems.push(problem(key, name, "a Cognito group name is 1 to 128 letters, digits, symbols or punctuation, without spaces", `Use "${name.trim().replace(/\s+/g, "-").slice(0, 128) || "operators"}".`, r?.origin));
            continue;
        }
        if (!Array.isArray(members) || members.some((m) => typeof m !== "string")) {
            problems.push(problem(key, asShown(members), "each group is a list of e-mail addresses", `Set its members with \`pulumi config set --path ${shellQuote(`groups.${name}[0]`)} <e-mail address>\`.`, r?.origin));
            continue;
        }
        out[name] = addresses(members as string[], (n) => fullKey(`groups.${name}[${n}]`), r?.origin, problems, `it is listed twice in ${name}`);
        const outside = out[name].filter((m) => !known.has(m));
        if (outside.length) {
            warnings.push(`groups.${name} lists ${outside.join(", ")}, who ${outside.length === 1 ? "is" : "are"} not in users: each must already exist in the pool (createUserCommand), or pulumi up fails adding them to the group. Add them to users to have the stack invite them.` +
                (federated ? " Someone who signs in through an identity provider is not named by e-mail here (Cognito names them <provider>_<id>, after their first sign-in): give them access through the IdP's groups (groupsClaim) instead." : ""));
        }
    }
    return out;
}

/** Why a list of allowed groups cannot apply in this configuration (the gate needs a pool this stack creates), or undefined. */
function gateRefusal(i: AccessInput): { wrong: string; fix: (key: string) => string } | undefined {
    if (i.decision.idp === "external") {
        return { wrong: "with an external OIDC identity provider this program never sees who signs in, so it cannot gate on groups",
            fix: (key) => `Restrict who may use the client${i.externalClientId ? ` ${i.externalClientId}` : ""} at the identity provider (its user or group assignment), and remove ${key} (\`pulumi config rm ${configPath(key)}\`).` };
    }
    if (i.decision.idp !== "cognito-pool") return { wrong: `authMode ${i.decision.mode} lets everyone in without a login, so no group can be required`, fix: (key) => `Remove ${key}, or choose an authMode with a login.` };
    if (i.existingPool) {
        return { wrong: "the gate is a trigger of the user pool, and userPoolId names an existing pool, which the program never changes",
            fix: (key) => `Remove ${key} and restrict sign-in in that pool (or attach the trigger there yourself), or let the stack create its own pool (remove userPoolId).` };
    }
    return undefined;
}

/** `pulumi config rm` takes a path for a key inside a list. */
const configPath = (key: string) => (key.includes("[") ? `--path '${key}'` : key);

/** An IdP's group, `<provider>:<group>`: valid when the provider maps its groups (groupsClaim); else why not. */
function providerGroup(g: string, f: AccessInput["federation"]): string | undefined {
    const [provider, group] = [g.slice(0, g.indexOf(":")), g.slice(g.indexOf(":") + 1)];
    if (!group) return "it names no group after the provider's name";
    if (f?.groupProviders.includes(provider)) return undefined;
    if (f?.providers.includes(provider)) return `identity provider ${provider} sends no groups: set its groupsClaim (the IdP's attribute that lists them)`;
    return `it names the groups of ${provider}, which is not one of identityProviders${f?.providers.length ? ` (${f.providers.join(", ")})` : ""}`;
}

/** The declared groups among `list`, each once; the others are problems at `key[n]`. */
function declared(list: unknown[], key: string, groups: Record<string, string[]>, r: RawValue | undefined, problems: Problem[], f?: AccessInput["federation"]): string[] {
    const out: string[] = [];
    list.forEach((g, n) => {
        // An IdP's group is <provider>:<group>, so it can never pass for a Cognito group of the same name.
        if (typeof g === "string" && g.includes(":")) {
            const why = providerGroup(g, f);
            if (why) problems.push(problem(fullKey(`${key}[${n}]`), g, why, f?.groupProviders.length ? `Name it as <provider>:<group>, with one of ${f.groupProviders.join(", ")}.` : "Set groupsClaim on the provider, or name a Cognito group of groups.", r?.origin));
            else if (!out.includes(g)) out.push(g);
            return;
        }
        if (typeof g !== "string" || !(g in groups)) {
            const near = typeof g === "string" ? closest(g, Object.keys(groups)) : undefined;
            problems.push(problem(fullKey(`${key}[${n}]`), asShown(g), "groups does not declare it, so no member of it is known to the stack",
                near ? `Did you mean ${near}? \`pulumi config set --path ${shellQuote(`${key}[${n}]`)} ${shellQuote(near)}\`; or declare it with its members.`
                    : `Declare it with its members: \`pulumi config set --path ${shellQuote(`groups.${typeof g === "string" ? g : "<group>"}[0]`)} <e-mail address>\`.`, r?.origin));
            return;
        }
        if (!out.includes(g)) out.push(g);
    });
    return out;
}

export function parseAccess(i: AccessInput, problems: Problem[], warnings: string[]): Access {
    const groups = parseGroups(i.raw("groups"), i.users, problems, warnings, Boolean(i.federation?.providers.length));
    const r = i.raw("allowedGroups");
    const list = r ? parsesAs(r.value, "array") ?? [] : [];
    const refusal = gateRefusal(i);
    const appAllowedGroups: Record<string, string[]> = {};
    let allowedGroups: string[] = [];
    if (list.length && refusal) problems.push(problem(fullKey("allowedGroups"), r!.value, refusal.wrong, refusal.fix("allowedGroups"), r!.origin));
    else if (list.length) allowedGroups = declared(list, "allowedGroups", groups, r, problems, i.federation);
    (i.apps ?? []).forEach((app, n) => {
        if (!app.allowedGroups) return;
        const key = `apps[${n}].allowedGroups`;
        if (refusal) return void problems.push(problem(fullKey(key), asShown(app.allowedGroups), refusal.wrong, refusal.fix(key), i.raw("apps")?.origin));
        appAllowedGroups[app.name] = declared(app.allowedGroups, key, groups, i.raw("apps"), problems, i.federation);
        if (!appAllowedGroups[app.name].length) {
            warnings.push(`${key} is empty: every user of the pool may sign in to ${app.hostname}${allowedGroups.length ? `, while allowedGroups limits the other hosts to ${allowedGroups.join(", ")}` : ""}. ` +
                `Remove it (\`pulumi config rm ${configPath(key)}\`) for the stack's allowedGroups, or list the groups that may use ${app.name}.`);
        }
    });
    checkGateSize(i.appClientName, allowedGroups, appAllowedGroups, i.raw, problems);
    return { groups, allowedGroups, appAllowedGroups, gate: gateMode(i.raw("allowedGroupsGate"), allowedGroups, appAllowedGroups, problems) };
}

/** `allowedGroupsGate`: detach and remove only once no list names a group (the gate would otherwise be in use). */
function gateMode(r: RawValue | undefined, allowed: string[], perApp: Record<string, string[]>, problems: Problem[]): Access["gate"] {
    const v = (r?.value.trim() || "keep") as Access["gate"];
    const key = fullKey("allowedGroupsGate");
    if (!(GATE_MODES as readonly string[]).includes(v)) {
        problems.push(problem(key, v, `it must be one of ${GATE_MODES.join(", ")}`, `Allowed values are: ${GATE_MODES.join(", ")}.`, r?.origin));
        return "keep";
    }
    const inUse = [...(allowed.length ? ["allowedGroups"] : []), ...Object.entries(perApp).filter(([, l]) => l.length).map(([app]) => `the allowedGroups of app ${app}`)];
    if (v !== "keep" && inUse.length) {
        problems.push(problem(key, v, `${inUse.join(" and ")} still name${inUse.length === 1 ? "s" : ""} groups, so the gate is in use`,
            "Empty those lists first (everyone in the pool may then sign in), or set allowedGroupsGate back to keep.", r?.origin));
        return "keep";
    }
    return v;
}

/** The gate's lists must fit Lambda's 4 KB environment, or pulumi up fails with the old list still in force. */
function checkGateSize(appClientName: string | undefined, allowed: string[], perApp: Record<string, string[]>, raw: AccessInput["raw"], problems: Problem[]): void {
    if (appClientName === undefined) return;
    const bytes = gateEnvironmentBytes(gateLists(appClientName, allowed, Object.entries(perApp).map(([key, allowedGroups]) => ({ key, allowedGroups }))));
    if (bytes <= LAMBDA_ENV_LIMIT_BYTES) return;
    const key = Object.keys(perApp).length ? "apps" : "allowedGroups";
    problems.push(problem(fullKey(key), `${bytes} bytes of lists`, `the allowed-groups gate reads its lists from its function's environment, which Lambda limits to ${LAMBDA_ENV_LIMIT_BYTES} bytes ` +
        "(a larger one fails pulumi up and leaves the previous list in force)",
        "Name fewer groups in allowedGroups and the apps' allowedGroups (one group can hold everyone who may sign in), use shorter group names, or a shorter appClientName.", raw(key)?.origin));
}
