/**
 * What the pool's corporate identity providers and machine clients exclude or add, once the access
 * lists are known: a pool the stack does not own, users beside localUsers false, machine clients
 * where no pool issues their tokens; and the listener rules their doors take.
 */
import type { AuthDecision } from "../region/decide";
import type { Access } from "./access";
import { AlbSettings, AppSettings, checkRuleQuota } from "./doors";
import type { Problem } from "./errors";
import { Federation, federationConflicts, soleOidc } from "./federation";
import { Machines, machinesRefusal, parseMachines } from "./machines";
import type { RawValue } from "./sources";

export interface PoolOptionsInput {
    raw: (key: string) => RawValue | undefined;
    decision: AuthDecision | undefined;
    federation: Federation;
    users: string[];
    access: Access;
    doors: { publicPaths: string[]; apiPaths: string[]; apps: AppSettings[]; alb: AlbSettings };
    /** The sign-out endpoint, when there is one. */
    signOutPath?: string;
    appClientName?: string;
}

export function poolOptions(i: PoolOptionsInput, problems: Problem[]): Machines {
    const { raw, decision, federation, users, access, doors } = i;
    const signOutOn = i.signOutPath !== undefined;
    const appClientName = i.appClientName;
    problems.push(...federationConflicts(federation, { existingPool: raw("userPoolId"), users, groups: access.groups, raw }));
    const machineProblems = decision ? machinesRefusal({ idp: decision.idp, mode: decision.mode, existingPool: Boolean(raw("userPoolId")), raw }) : [];
    problems.push(...machineProblems);
    const machines = decision?.idp === "cognito-pool" && !machineProblems.length ? parseMachines({ raw, signOutPath: i.signOutPath,
        hosts: [{ publicPaths: doors.publicPaths, apiPaths: doors.apiPaths }, ...doors.apps.map((a) => ({ app: a.name, publicPaths: a.publicPaths, apiPaths: a.apiPaths }))],
        clientNames: [appClientName ?? "", ...Object.keys(access.appAllowedGroups).map((a) => `${appClientName}-${a}`)] }, problems) : { clients: [], paths: [] };
    // Each machine path is a rule, and a site's first brings the traversal guard: counted as the 401-only paths are.
    const onHost = (app?: string) => machines.paths.filter((p) => p.app === app).map((p) => p.path);
    if (machines.paths.length && !problems.some((p) => /listener rules/.test(p.message))) {
        checkRuleQuota({ publicPaths: doors.publicPaths, apiPaths: [...doors.apiPaths, ...onHost(undefined)] }, doors.apps.map((a) => ({ ...a, apiPaths: [...a.apiPaths, ...onHost(a.name)] })),
            signOutOn ? (soleOidc(federation) ? 2 : 1) : 0, problems);
    }
    // Signing out through one OIDC provider adds a public page per site (wiring/auth.ts cognitoReturnUrls): one listener rule more each.
    if (signOutOn && soleOidc(federation) && !problems.some((p) => /listener rules/.test(p.message))) checkRuleQuota(doors, doors.apps, 2, problems);
    return machines;
}
