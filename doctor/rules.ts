/**
 * How an ALB listener answers a request, from its rules as DescribeRules returns them: the first
 * rule by priority whose host and path conditions match (the default action last), and what its
 * first action does. Pure, so the doors can be compared with the live listener.
 */
import type { Action, AwsLive, Rule } from "./types";
import type { Door } from "../components/routes";

/** ALB wildcards: `*` any characters, `?` one; hosts compare case-insensitively, paths exactly. */
export function glob(pattern: string, value: string, caseless: boolean): boolean {
    const re = pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
    return new RegExp(`^${re}$`, caseless ? "i" : "").test(value);
}

const values = (r: Rule, field: string): string[] | undefined => {
    const c = (r.Conditions ?? []).filter((x) => x.Field === field);
    if (!c.length) return undefined;
    return c.flatMap((x) => x.HostHeaderConfig?.Values ?? x.PathPatternConfig?.Values ?? x.Values ?? []);
};

/** Host and path patterns of a rule (undefined: no such condition, so any). */
export const conditionsOf = (r: Rule) => ({ hosts: values(r, "host-header"), paths: values(r, "path-pattern") });

/** Whether a plain request (no headers, no query) for host and path matches the rule; other conditions do not match it. */
export function matches(r: Rule, host: string, path: string): boolean {
    if (r.IsDefault) return true;
    const other = (r.Conditions ?? []).some((x) => x.Field !== "host-header" && x.Field !== "path-pattern");
    const { hosts, paths } = conditionsOf(r);
    return !other && (!hosts || hosts.some((h) => glob(h, host, true))) && (!paths || paths.some((p) => glob(p, path, false)));
}

/** Rules in the order the ALB evaluates them: by priority, the default last. */
export const byPriority = (rules: Rule[]) => [...rules].sort((a, b) => (a.IsDefault ? 1 : 0) - (b.IsDefault ? 1 : 0) || Number(a.Priority) - Number(b.Priority));

/** The rule a plain request meets first; `sorted` must be in the ALB's order (byPriority). */
export const firstRule = (sorted: Rule[], host: string, path: string): Rule | undefined => sorted.find((r) => matches(r, host, path));

export type LiveAccess = "login" | "401" | "public" | "bearer" | "redirect" | "fixed-response";

/** A door's access as the live rules can show it (a bearer door's scopes are checked apart). */
export const doorAccess = (access: string): string => (access.startsWith("bearer") ? "bearer" : access);

/** What the rule's first action does with a request that has no session. */
export function accessOf(actions: Action[] | undefined): LiveAccess {
    const first = [...(actions ?? [])].sort((a, b) => (a.Order ?? 0) - (b.Order ?? 0))[0];
    const auth = first?.AuthenticateCognitoConfig ?? first?.AuthenticateOidcConfig;
    if (first?.Type?.startsWith("authenticate-")) {
        const on = auth?.OnUnauthenticatedRequest ?? "authenticate";
        return on === "deny" ? "401" : on === "allow" ? "public" : "login";
    }
    if (first?.Type === "jwt-validation") return "bearer";
    if (first?.Type === "forward") return "public";
    return first?.Type === "redirect" ? "redirect" : "fixed-response";
}

/** Requests that stand for a door: its path, and below a prefix a path no route names. */
export function samplePaths(d: Door): string[] {
    if (d.pathType === "ImplementationSpecific") return ["/mdai-doctor/../probe"];
    if (d.pathType === "Exact") return [d.path];
    return d.path === "/" ? ["/", "/mdai-doctor-probe"] : [d.path, `${d.path}/mdai-doctor-probe`];
}

/** The path patterns the controller writes for a door (`/x` and `/x/*` for a prefix, `/*` for `/`). */
export function patternsOf(d: Door): string[] {
    if (d.pathType !== "Prefix") return [d.path];
    return d.path === "/" ? ["/*"] : [d.path, `${d.path}/*`];
}

/** Every target group a rule forwards to. */
export function targetGroupsOf(rules: Rule[]): string[] {
    const arns = rules.flatMap((r) => (r.Actions ?? []).filter((a) => a.Type === "forward").flatMap((a) => [a.TargetGroupArn, ...(a.ForwardConfig?.TargetGroups ?? []).map((t) => t.TargetGroupArn)]));
    return [...new Set(arns.filter((a): a is string => Boolean(a)))];
}

/** Every rule of every listener that could be read. */
export const allRules = (rules: AwsLive["rules"]): Rule[] => Object.values(rules).flatMap((r) => (Array.isArray(r) ? r : []));

/** The app client an authenticate action names (Cognito's own action, or OIDC's). */
export const clientIdOf = (a: Action): string | undefined => a.AuthenticateCognitoConfig?.UserPoolClientId ?? a.AuthenticateOidcConfig?.ClientId;
