/**
 * `machineClients` and `machinePaths`: API clients (exporters, CI jobs, scripts) that present a
 * Cognito access token (the client_credentials grant) instead of signing in, and the paths where the
 * ALB checks that token (its `jwt-validation` action). Checked here before anything exists.
 * @see https://docs.aws.amazon.com/elasticloadbalancing/latest/application/listener-verify-jwt.html
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-define-resource-servers.html
 */
import { Problem, asShown, problem } from "./errors";
import { fullKey } from "./keys";
import * as rules from "./rules";
import type { RawValue } from "./sources";
import { closest, didYouMean } from "./suggest";

/** The resource server's identifier: scopes in tokens read `mdai/<scope>`. */
export const RESOURCE_SERVER = "mdai";
/** More than a console's machines need; every path is a listener rule and an Ingress, every client a billed token source. */
export const MAX_MACHINE_CLIENTS = 20;
export const MAX_MACHINE_PATHS = 20;
/** The ALB checks at most 10 claims besides iss and exp: token_use, and the scopes. */
export const MAX_SCOPES_PER_PATH = 9;

export interface MachineClient { name: string; scopes: string[] }
export interface MachinePath {
    path: string;
    scopes: string[];
    /** The app whose host the path is on; undefined: the console's. */
    app?: string;
}
export interface Machines { clients: MachineClient[]; paths: MachinePath[] }

export interface MachinesInput {
    raw: (key: string) => RawValue | undefined;
    /** The console's own paths and each app's, to refuse overlaps. */
    hosts: { app?: string; publicPaths: string[]; apiPaths: string[] }[];
    signOutPath?: string;
    /** Names already taken by the stack's browser clients. */
    clientNames: string[];
}

/** OAuth scope names as Cognito takes them (ScopeNameType): no space, quote, slash or backslash. */
const SCOPE = /^[\x21\x23-\x2e\x30-\x5b\x5d-\x7e]{1,256}$/;

/** Records the problem, and gives nothing for the value it is about. */
const none = (problems: Problem[], p: Problem): [] => (problems.push(p), []);

const listOf = (r: RawValue | undefined): unknown[] | undefined => {
    if (!r) return [];
    try {
        const v = JSON.parse(r.value);
        return Array.isArray(v) ? v : undefined;
    } catch {
        return undefined;
    }
};

export function parseMachines(i: MachinesInput, problems: Problem[]): Machines {
    const before = problems.length;
    const clients = clientsOf(i, problems);
    const paths = pathsOf(i, problems);
    if (problems.length > before) return { clients: [], paths: [] };
    const granted = new Set(clients.flatMap((c) => c.scopes));
    const needed = new Set(paths.flatMap((p) => p.scopes));
    paths.forEach((p, n) => p.scopes.forEach((s, k) => {
        if (!granted.has(s)) {
            problems.push(problem(fullKey(`machinePaths[${n}].scopes[${k}]`), s, "no machine client has this scope, so no token could open the path",
                `${didYouMean(s, [...granted]).trim()} Give it to a client (\`pulumi config set --path 'machineClients[0].scopes[0]' ${s}\`), or remove it here.`.trim()));
        }
    }));
    clients.forEach((c, n) => c.scopes.forEach((s, k) => {
        if (!needed.has(s)) {
            problems.push(problem(fullKey(`machineClients[${n}].scopes[${k}]`), s, "no machine path asks for this scope: it opens nothing",
                `${didYouMean(s, [...needed]).trim()} Remove it, or name it in a machinePaths entry.`.trim()));
        }
    }));
    return problems.length > before ? { clients: [], paths: [] } : { clients, paths };
}

function clientsOf(i: MachinesInput, problems: Problem[]): MachineClient[] {
    const r = i.raw("machineClients");
    const list = listOf(r);
    const key = fullKey("machineClients");
    if (!list) return none(problems, problem(key, { hidden: true }, "it is a list of { name, scopes }", "Set it with `pulumi config set --path 'machineClients[0].name' exporter`.", r?.origin));
    if (list.length > MAX_MACHINE_CLIENTS) return none(problems, problem(key, `${list.length} clients`, `the program manages at most ${MAX_MACHINE_CLIENTS}`, "Let machines that do the same share a client.", r?.origin));
    const seen = new Set(i.clientNames.map((n) => n.toLowerCase()));
    return list.flatMap((v, n): MachineClient[] => {
        const k = (f = "") => fullKey(`machineClients[${n}]${f ? `.${f}` : ""}`);
        if (typeof v !== "object" || v === null || Array.isArray(v)) return none(problems, problem(k(), asShown(v), "each machine client is { name, scopes }", `Set its fields, e.g. \`pulumi config set --path 'machineClients[${n}].name' exporter\`.`));
        const o = v as Record<string, unknown>;
        for (const f of Object.keys(o).filter((x) => x !== "name" && x !== "scopes")) problems.push(problem(k(f), { hidden: true }, "a machine client has no such field", `${didYouMean(f, ["name", "scopes"]).trim()} Fields: name, scopes.`.trim()));
        const name = typeof o.name === "string" ? o.name : "";
        const c = name ? rules.checkCognitoName(name) : { wrong: "each machine client needs a name (its app client's)", fix: `Set it with \`pulumi config set --path 'machineClients[${n}].name' exporter\`.` };
        if (c) problems.push(problem(k("name"), name || undefined, c.wrong, c.fix.replace('"mdai-user-pool"', '"mdai-exporter"')));
        else if (seen.has(name.toLowerCase())) problems.push(problem(k("name"), name, "another app client of the stack has this name", "Give each machine client a name of its own."));
        seen.add(name.toLowerCase());
        const scopes = scopeList(o.scopes, k("scopes"), `machineClients[${n}].scopes`, problems);
        return [{ name, scopes }];
    });
}

function scopeList(v: unknown, key: string, path: string, problems: Problem[], max = 50): string[] {
    if (!Array.isArray(v) || v.length === 0 || v.length > max) {
        problems.push(problem(key, v === undefined ? undefined : asShown(v), `it is a list of 1 to ${max} scope names`, `Set them with \`pulumi config set --path '${path}[0]' read\`.`));
        return [];
    }
    const out: string[] = [];
    v.forEach((s, k) => {
        if (typeof s !== "string" || !SCOPE.test(s)) {
            problems.push(problem(`${key}[${k}]`, asShown(s), "a scope name is 1 to 256 printable characters without space, quote, slash or backslash (Cognito's ScopeNameType); tokens carry it as mdai/<name>",
                `Use e.g. "${typeof s === "string" && s.replace(/^mdai\//, "").replace(/[\s"/\\]/g, "-") || "read"}".`));
        } else if (out.includes(s)) problems.push(problem(`${key}[${k}]`, s, "it is listed twice", "Remove the duplicate."));
        else out.push(s);
    });
    return out;
}

function pathsOf(i: MachinesInput, problems: Problem[]): MachinePath[] {
    const r = i.raw("machinePaths");
    const list = listOf(r);
    const key = fullKey("machinePaths");
    if (!list) return none(problems, problem(key, { hidden: true }, "it is a list of { path, scopes, app? }", "Set it with `pulumi config set --path 'machinePaths[0].path' /api/metrics`.", r?.origin));
    if (list.length > MAX_MACHINE_PATHS) return none(problems, problem(key, `${list.length} paths`, `each is a listener rule and an Ingress of its own; the program takes at most ${MAX_MACHINE_PATHS}`, "A prefix covers every path below it: list fewer.", r?.origin));
    const apps = i.hosts.map((h) => h.app).filter((a): a is string => a !== undefined);
    const out: MachinePath[] = [];
    list.forEach((v, n) => {
        const k = (f = "") => fullKey(`machinePaths[${n}]${f ? `.${f}` : ""}`);
        if (typeof v !== "object" || v === null || Array.isArray(v)) return void none(problems, problem(k(), asShown(v), "each machine path is { path, scopes, app? }", `Set its fields, e.g. \`pulumi config set --path 'machinePaths[${n}].path' /api/metrics\`.`));
        const o = v as Record<string, unknown>;
        for (const f of Object.keys(o).filter((x) => !["path", "scopes", "app"].includes(x))) problems.push(problem(k(f), { hidden: true }, "a machine path has no such field", `${didYouMean(f, ["path", "scopes", "app"]).trim()} Fields: path, scopes, app.`.trim()));
        const path = typeof o.path === "string" ? o.path : "";
        const c = path ? rules.checkDoorPath(path) : { wrong: "each machine path needs its path prefix", fix: `Set it with \`pulumi config set --path 'machinePaths[${n}].path' /api/metrics\`.` };
        if (c) problems.push(problem(k("path"), path || undefined, c.wrong, c.fix.replace('"/healthz"', '"/api/metrics"')));
        const app = o.app === undefined ? undefined : String(o.app);
        if (app !== undefined && !apps.includes(app)) {
            const near = closest(app, apps);
            problems.push(problem(k("app"), app, `no app is named ${app}`, near ? `Did you mean ${near}?` : apps.length ? `Apps: ${apps.join(", ")}.` : "Remove app: the path is then on the console's host."));
        }
        const scopes = scopeList(o.scopes, k("scopes"), `machinePaths[${n}].scopes`, problems, MAX_SCOPES_PER_PATH);
        if (c || (app !== undefined && !apps.includes(app))) return;
        // A browser door and a machine door on one path: the ALB can tell them apart only by a condition on the
        // Authorization header (a conditions.* annotation), which the program does not build.
        const host = i.hosts.find((h) => h.app === app)!;
        const where = app ? `app ${app}'s host` : "the console's host";
        const clash = [...host.publicPaths.map((p) => [p, "publicPaths"]), ...host.apiPaths.map((p) => [p, "apiPaths"]), ...(i.signOutPath ? [[i.signOutPath, "the sign-out endpoint"]] : []),
            ...out.filter((p) => p.app === app).map((p) => [p.path, "another machine path"])].find(([p]) => rules.pathCovers(p, path) || rules.pathCovers(path, p));
        if (clash) {
            problems.push(problem(k("path"), path, `it overlaps ${clash[0]} (${clash[1]}) on ${where}: which door a request meets would depend on rule order, and a browser and a machine cannot share a path ` +
                "(the ALB could tell them apart only by the Authorization header, which this program does not route on)", "Give machines a prefix of their own, e.g. /api/machine."));
            return;
        }
        out.push({ path, scopes, ...(app !== undefined ? { app } : {}) });
    });
    return out;
}

/** The ALB's jwt-validation for a path: Cognito's issuer and JWKS, an access token, and each scope (one claim entry each, all required). */
export function jwtValidation(issuer: string, scopes: string[]): { jwksEndpoint: string; issuer: string; additionalClaims: { format: string; name: string; values: string[] }[] } {
    return {
        jwksEndpoint: `${issuer}/.well-known/jwks.json`,
        issuer,
        // One value per claim entry: several values in one entry would need any-of semantics AWS does not document.
        additionalClaims: [{ format: "single-string", name: "token_use", values: ["access"] }, ...scopes.map((s) => ({ format: "space-separated-values", name: "scope", values: [`${RESOURCE_SERVER}/${s}`] }))],
    };
}

/** Machine clients need the stack's own pool (its resource server and clients) and a login to carve paths out of. */
export function machinesRefusal(i: { idp: string; mode: string; existingPool: boolean; raw: MachinesInput["raw"] }): Problem[] {
    const set = ["machineClients", "machinePaths"].filter((k) => (listOf(i.raw(k)) ?? [1]).length > 0);
    if (!set.length) return [];
    const why = i.idp === "external" ? "with an external OIDC identity provider the stack has no pool to issue machine tokens; have that IdP issue them, and check them in the application"
        : i.mode === "none" ? "authMode none opens every path to everyone: there is no door to give machines a key to"
            : i.existingPool ? "userPoolId names a pool the program never changes, and a resource server is a setting of the pool" : undefined;
    return why ? set.map((k) => problem(fullKey(k), { hidden: true }, why, `Remove ${k} (\`pulumi config rm ${k}\`)${i.existingPool ? ", or let the stack create its own pool" : ""}.`, i.raw(k)?.origin)) : [];
}
