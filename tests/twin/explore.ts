/**
 * Exploration over the twin: random valid configurations and random sequences of documented day-2
 * changes (fast-check's model-based commands), each step a real `pulumi up` on the twin, checked
 * against what must hold after every step: the run succeeds or the program refuses it saying that
 * nothing was changed; the twin's invariants (every host reaches its backend only through its login,
 * DNS names the live ALB, each host admits exactly its groups, …: invariants.ts); every configured
 * user exists in the pool the stack signs in with; and nothing the stack did not create is gone.
 * Changes that name a pool draw it from the twin's world at the moment they run, as a user copying
 * an ID from the console would. A failure is shrunk to its shortest sequence and printed with its
 * seed; found sequences become rows of the day-2 table (dayTwo.ts).
 */
import * as fc from "fast-check";
import { EXTERNAL_IDP, RunOptions, WAF_ACL_ARN, baseConfig, certArn } from "../harness";
import { changesTheCloud } from "../lifecycle";
import { violations } from "./invariants";
import { Twin } from "./twin";
import { COMPANY_POOL, INSTALLER_POOL, World, recordKey } from "./world";
import { OIDC_ENTRA, SAML_OKTA } from "../federationFixtures";

interface AppModel { name: string; hostname: string; serviceName: string; namespace: string; paths?: boolean; ownList?: boolean }

/** The stack config the explorer changes, in the words of the configuration. */
export interface Model {
    apps: AppModel[];
    hostedZone: boolean;
    /** "own": the stack's pool; otherwise userPoolId. */
    pool: "own" | string;
    external: boolean;
    authMode: "auto" | "cognito" | "oidc";
    scheme: "internet-facing" | "internal";
    groupName?: string;
    waf: boolean;
    users: string[];
    gate: boolean;
    /** allowedGroupsGate, once the lists are empty. */
    gateMode?: "detach" | "remove";
    userPoolName?: string;
    appClientName?: string;
    signOut: boolean;
    paths: boolean;
    /** The console's host: mdai.example.com unless moved. */
    uiHostname?: string;
    /** Corporate identity providers in the stack's pool (tests/federationFixtures.ts), and whether its own users stay. */
    idps: ("okta" | "entra" | "entra-id")[];
    localUsers: boolean;
    /** Bumped to rotate the OIDC provider's client secret. */
    secretVersion?: number;
    /** Machine clients and bearer-token paths on the console's host; `wide`: the deploy path asks for both scopes. */
    machines?: "on" | "wide";
    /** Managed login, and passkeys with it (refused with an external IdP or userPoolId: the program says so). */
    signIn?: "managed" | "passkeys";
    /** A sign-in domain of your own (its certificate given when there is no hosted zone). */
    authDomain?: boolean;
}

const APPS: AppModel[] = [
    { name: "grafana", hostname: "grafana.example.com", serviceName: "grafana", namespace: "monitoring" },
    { name: "prometheus", hostname: "prometheus.example.com", serviceName: "prometheus", namespace: "monitoring" },
    { name: "tools", hostname: "tools.example.com", serviceName: "console", namespace: "default" },
];
const RENAMES: Record<string, string> = { grafana: "dashboards", prometheus: "metrics", tools: "toolbox", dashboards: "grafana", metrics: "prometheus", toolbox: "tools" };
const USERS = ["alice@example.com", "bob@example.com", "carol@example.com"];
const pooled = (m: Model) => !m.external;
const gated = (m: Model) => m.gate || m.apps.some((a) => a.ownList);

/** The stack config for a model; an existing pool's domain decides whether userPoolDomain is given (the docs' step 2). */
export function toConfig(m: Model, world: World): RunOptions {
    const groups = { operators: m.users.filter((u) => /alice|bob/.test(u)), viewers: m.users.filter((u) => /bob|carol/.test(u)) };
    const existing = m.pool === "own" ? undefined : [...world.pools.values()].find((p) => p.id === m.pool);
    const hasDomain = existing && [...world.domainPrefixes.values()].includes(existing.id);
    const config: Record<string, string> = {
        ...baseConfig(),
        ...(m.uiHostname ? { uiHostname: m.uiHostname } : {}),
        certificateArn: m.hostedZone ? "" : certArn("us-east-1"),
        ...(m.hostedZone ? { hostedZone: "example.com" } : {}),
        userPoolDomain: m.external || hasDomain ? "" : "mdai-login-test",
        ...(m.pool === "own" ? {} : { userPoolId: m.pool }),
        ...(m.external ? { oidc: JSON.stringify(EXTERNAL_IDP) } : {}),
        authMode: m.authMode,
        scheme: m.scheme,
        ...(m.groupName ? { groupName: m.groupName } : {}),
        ...(m.waf ? { wafAclArn: WAF_ACL_ARN } : {}),
        ...(pooled(m) ? { users: JSON.stringify(m.users) } : {}),
        ...(pooled(m) && gated(m) ? { groups: JSON.stringify(groups) } : {}),
        ...(pooled(m) && m.gate ? { allowedGroups: JSON.stringify(["operators", ...(m.idps.includes("okta") ? ["okta:mdai-admins"] : [])]) } : {}),
        ...(m.idps.length ? { identityProviders: JSON.stringify(m.idps.map((n) => (n === "okta" ? SAML_OKTA : { ...OIDC_ENTRA, name: n, clientSecret: `${OIDC_ENTRA.clientSecret}${m.secretVersion ?? ""}` }))) } : {}),
        ...(m.localUsers ? {} : { localUsers: "false" }),
        ...(m.signIn ? { managedLogin: "true", ...(m.signIn === "passkeys" ? { passkeys: "true" } : {}) } : {}),
        ...(m.authDomain ? { authDomain: "auth.example.com", ...(m.hostedZone ? {} : { authCertificateArn: certArn("us-east-1") }) } : {}),
        ...(m.machines ? { machineClients: JSON.stringify([{ name: "exporter", scopes: ["metrics.read"] }, { name: "ci", scopes: ["metrics.read", "deploy"] }]),
            machinePaths: JSON.stringify([{ path: "/api/metrics", scopes: ["metrics.read"] }, { path: "/api/deploy", scopes: m.machines === "wide" ? ["deploy", "metrics.read"] : ["deploy"] }]) } : {}),
        ...(m.gateMode ? { allowedGroupsGate: m.gateMode } : {}),
        ...(m.userPoolName ? { userPoolName: m.userPoolName } : {}),
        ...(m.appClientName ? { appClientName: m.appClientName } : {}),
        ...(m.signOut ? {} : { signOut: "false" }),
        ...(m.paths ? { publicPaths: '["/healthz"]', apiPaths: '["/api"]' } : {}),
        apps: JSON.stringify(m.apps.map((a) => ({ name: a.name, hostname: a.hostname, serviceName: a.serviceName, servicePort: "http", namespace: a.namespace,
            ...(a.paths ? { publicPaths: ["/public"], apiPaths: ["/api"] } : {}), ...(a.ownList ? { allowedGroups: ["viewers"] } : {}) }))),
    };
    return { config, secretKeys: [...(m.external ? ["oidc"] : []), ...(m.idps.some((n) => n !== "okta") ? ["identityProviders"] : [])] };
}

/** Whether the program refused the change before changing anything, as every refusal of its own says. */
export const isRefusal = (e: Error) => /nothing was (changed|deployed|created)/.test(e.message);

/**
 * A refusal whose stated reason the state contradicts: "the pool this stack created … the stack
 * manages it already" for a pool the stack's state no longer holds (it was left, and kept).
 */
function untrueRefusal(twin: Twin, e: Error): string | undefined {
    const claimed = /userPoolId (\S+) is the pool this stack created/.exec(e.message)?.[1];
    if (!claimed) return undefined;
    const managed = [...twin.state.values()].some((x) => x.type === "aws:cognito/userPool:UserPool" && x.outputs.id === claimed);
    return managed ? undefined : `it says the stack manages ${claimed}, but the stack's state holds no such pool (it was left, and kept): ${e.message.split("\n")[0].slice(0, 300)}`;
}

/** What the world held before the stack, which no run may take away (a shared ACM validation record may be rewritten with the same value, not removed). */
function foreignThings(world: World): string[] {
    return [
        ...[...world.pools].filter(([, p]) => p.id === INSTALLER_POOL || p.id === COMPANY_POOL).map(([arn]) => `pool ${arn}`),
        ...[...world.domainPrefixes].filter(([, id]) => id === INSTALLER_POOL).map(([k]) => `domain ${k}`),
        ...world.zones.flatMap((z) => [...z.records.values()].map((r) => `record ${recordKey(r.name, r.type)}`)),
        ...[...world.certificates.values()].filter((c) => c.foreign).map((c) => `certificate ${c.arn}`),
    ];
}

/** The twin and what the sequence has done to it. */
export interface Real { twin: Twin; log: string[]; foreign: string[] }

/** What the exploration did, for its report. */
export const stats = { runs: 0, refusals: 0, sequences: 0, kinds: new Map<string, number>() };

/** Runs `pulumi up` for `next`; on success checks every invariant and returns true, on a refusal false; anything else throws. */
export async function step(real: Real, next: Model, what: string): Promise<boolean> {
    const opts = toConfig(next, real.twin.world);
    if (process.env.EXPLORE_TRACE) process.stderr.write(`  ${what}\n`);
    stats.runs++;
    const r = await real.twin.up(opts);
    if (r.error) {
        const untrue = untrueRefusal(real.twin, r.error);
        if (untrue) throw new Error(`${what}: refused for a reason that does not hold: ${untrue}\n  after: ${real.log.join("; ") || "(the first deploy)"}`);
        if (isRefusal(r.error)) {
            stats.refusals++;
            real.log.push(`${what}: refused (${r.error.message.split("\n").find((l) => /nothing was/.test(l))?.trim().slice(0, 160)})`);
            return false;
        }
        throw new Error(`${what}: pulumi up failed: ${r.error.message.split("\n")[0].slice(0, 600)}\n  after: ${real.log.join("; ") || "(the first deploy)"}`);
    }
    real.log.push(what);
    const wrong = violations(real.twin, opts);
    const outputs = real.twin.outputs as { userPoolId?: string };
    const poolId = next.pool === "own" ? outputs.userPoolId : next.pool;
    if (pooled(next)) {
        for (const u of next.users) if (!real.twin.world.users.has(`${poolId}/${u}`)) wrong.push(`user ${u} is not in pool ${poolId}, which the stack signs in with`);
    }
    const gone = real.foreign.filter((f) => !foreignThings(real.twin.world).includes(f));
    wrong.push(...gone.map((f) => `${f}, which the stack did not create, is gone`));
    if (wrong.length) throw new Error(`${what}: ${wrong.join("; ")}\n  after: ${real.log.slice(0, -1).join("; ") || "(the first deploy)"}`);
    return true;
}

/** One documented change: a precondition on the model, and the model it leads to. */
class Change implements fc.AsyncCommand<Model, Real> {
    constructor(readonly label: string, private readonly ok: (m: Model) => boolean, private readonly to: (m: Model, real: Real) => Model) {}
    check(m: Readonly<Model>): boolean {
        return this.ok(m);
    }
    async run(m: Model, real: Real): Promise<void> {
        stats.kinds.set(this.label.replace(/ (app|user|pool) .*$| #\d.*$/, ""), (stats.kinds.get(this.label.replace(/ (app|user|pool) .*$| #\d.*$/, "")) ?? 0) + 1);
        const next = this.to(structuredClone(m), real);
        if (await step(real, next, this.label)) Object.assign(m, next);
    }
    toString(): string {
        return this.label;
    }
}

const app = (i: number) => APPS[i % APPS.length];
const withApp = (m: Model, name: string, f: (a: AppModel) => AppModel): Model => ({ ...m, apps: m.apps.map((a) => (a.name === name ? f(a) : a)) });

/** The documented day-2 changes, as fast-check commands. */
export const CHANGES: [string, fc.Arbitrary<fc.AsyncCommand<Model, Real>>][] = [
    ["add an app", fc.nat(2).map((i) => new Change(`add app ${app(i).name}`, (m) => !m.apps.some((a) => a.hostname === app(i).hostname), (m) => ({ ...m, apps: [...m.apps, { ...app(i) }] })))],
    ["remove an app", fc.nat(2).map((i) => new Change(`remove the app at ${app(i).hostname}`, (m) => m.apps.some((a) => a.hostname === app(i).hostname), (m) => ({ ...m, apps: m.apps.filter((a) => a.hostname !== app(i).hostname) })))],
    ["rename an app", fc.nat(2).map((i) => new Change(`rename the app at ${app(i).hostname}, keeping its hostname`, (m) => m.apps.some((a) => a.hostname === app(i).hostname && !m.apps.some((b) => b.name === RENAMES[a.name])),
        (m) => ({ ...m, apps: m.apps.map((a) => (a.hostname === app(i).hostname ? { ...a, name: RENAMES[a.name] } : a)) })))],
    ["an app's hostname", fc.nat(2).map((i) => new Change(`move the app ${app(i).name} to another hostname`, (m) => m.apps.some((a) => a.name === app(i).name),
        (m) => ({ ...m, apps: m.apps.map((a) => (a.name === app(i).name ? { ...a, hostname: a.hostname === app(i).hostname ? `${a.name}-2.example.com` : app(i).hostname } : a)) })))],
    ["uiHostname", fc.constant(new Change("move the console to another hostname", () => true, (m) => ({ ...m, uiHostname: m.uiHostname ? undefined : "console.example.com" })))],
    ["an app's paths", fc.nat(2).map((i) => new Change(`toggle publicPaths and apiPaths of the app at ${app(i).hostname}`, (m) => m.apps.some((a) => a.hostname === app(i).hostname),
        (m) => ({ ...m, apps: m.apps.map((a) => (a.hostname === app(i).hostname ? { ...a, paths: !a.paths } : a)) })))],
    ["an app's own list", fc.nat(2).map((i) => new Change(`toggle an allowedGroups of its own for the app at ${app(i).hostname}`, (m) => m.apps.some((a) => a.hostname === app(i).hostname) && m.pool === "own" && !m.external,
        (m) => ({ ...m, gateMode: undefined, apps: m.apps.map((a) => (a.hostname === app(i).hostname ? { ...a, ownList: !a.ownList } : a)) })))],
    ["users", fc.nat(2).map((i) => new Change(`toggle user ${USERS[i]}`, (m) => pooled(m) && m.localUsers, (m) => ({ ...m, users: m.users.includes(USERS[i]) ? m.users.filter((u) => u !== USERS[i]) : [...m.users, USERS[i]] })))],
    ["allowedGroups", fc.constant(new Change("toggle allowedGroups (the gate)", (m) => m.pool === "own" && !m.external, (m) => ({ ...m, gate: !m.gate, gateMode: undefined })))],
    ["allowedGroupsGate", fc.constantFrom("detach", "remove").map((g) => new Change(`allowedGroupsGate ${g}`, (m) => m.pool === "own" && !m.external && !gated(m) && m.gateMode !== g,
        (m) => ({ ...m, gateMode: g as Model["gateMode"] })))],
    // The pool is drawn from the world when the change runs: the installer's, or a pool the stack created and left.
    ["userPoolId", fc.nat(3).map((k) => new Change(`userPoolId: pool #${k} of the account`, (m) => !m.external && !gated(m), (m, real) => {
        const ids = [...real.twin.world.pools.values()].map((p) => p.id).sort();
        return { ...m, pool: ids[k % ids.length] };
    }))],
    ["own pool", fc.constant(new Change("the stack's own pool again (userPoolId removed)", (m) => m.pool !== "own", (m) => ({ ...m, pool: "own" })))],
    ["external IdP", fc.constant(new Change("toggle an external IdP", (m) => m.pool === "own" && !gated(m), (m) => ({ ...m, external: !m.external })))],
    ["authMode", fc.constantFrom("auto", "cognito", "oidc").map((a) => new Change(`authMode ${a}`, (m) => m.authMode !== a, (m) => ({ ...m, authMode: a as Model["authMode"] })))],
    ["scheme", fc.constant(new Change("toggle scheme", () => true, (m) => ({ ...m, scheme: m.scheme === "internal" ? "internet-facing" : "internal" })))],
    ["scheme and groupName", fc.constant(new Change("toggle scheme and groupName together", () => true, (m) => ({ ...m, scheme: m.scheme === "internal" ? "internet-facing" : "internal", groupName: m.groupName === "mdai-team" ? undefined : "mdai-team" })))],
    ["groupName", fc.constant(new Change("toggle groupName", () => true, (m) => ({ ...m, groupName: m.groupName === "mdai-team" ? undefined : "mdai-team" })))],
    ["wafAclArn", fc.constant(new Change("toggle wafAclArn", () => true, (m) => ({ ...m, waf: !m.waf })))],
    ["hostedZone", fc.constant(new Change("toggle hostedZone", () => true, (m) => ({ ...m, hostedZone: !m.hostedZone })))],
    ["userPoolName", fc.constant(new Change("toggle userPoolName", (m) => m.pool === "own" && !m.external, (m) => ({ ...m, userPoolName: m.userPoolName ? undefined : "mdai-pool-two" })))],
    ["appClientName", fc.constant(new Change("toggle appClientName", (m) => !m.external, (m) => ({ ...m, appClientName: m.appClientName ? undefined : "mdai-console-client" })))],
    ["signOut", fc.constant(new Change("toggle signOut", () => true, (m) => ({ ...m, signOut: !m.signOut })))],
    ["paths", fc.constant(new Change("toggle the console's publicPaths and apiPaths", () => true, (m) => ({ ...m, paths: !m.paths })))],
    ["identityProviders", fc.constantFrom("okta", "entra").map((n) => new Change(`toggle identity provider ${n}`, (m) => m.pool === "own" && !m.external && (m.localUsers || m.idps.length > 1 || !m.idps.includes(n as "okta")),
        (m) => ({ ...m, idps: m.idps.some((x) => x.startsWith(n)) ? m.idps.filter((x) => !x.startsWith(n)) : [...m.idps, n as "okta" | "entra"] })))],
    ["rename a provider", fc.constant(new Change("rename the OIDC provider (entra ↔ entra-id)", (m) => m.idps.some((x) => x.startsWith("entra")),
        (m) => ({ ...m, idps: m.idps.map((x) => (x === "entra" ? "entra-id" : x === "entra-id" ? "entra" : x)) })))],
    ["rotate a client secret", fc.constant(new Change("rotate the OIDC provider's client secret", (m) => m.idps.some((x) => x.startsWith("entra")), (m) => ({ ...m, secretVersion: (m.secretVersion ?? 0) + 1 })))],
    ["signIn", fc.constantFrom("managed", "passkeys", "classic").map((v) => new Change(`sign-in pages ${v}`, (m) => (m.signIn ?? "classic") !== v,
        (m) => ({ ...m, signIn: v === "classic" ? undefined : v as Model["signIn"] })))],
    ["authDomain", fc.constant(new Change("toggle authDomain", () => true, (m) => ({ ...m, authDomain: !m.authDomain })))],
    ["machines", fc.constantFrom("on", "wide", "off").map((v) => new Change(`machine clients and paths ${v}`, (m) => (m.machines ?? "off") !== v,
        (m) => ({ ...m, machines: v === "off" ? undefined : v as Model["machines"] })))],
    ["localUsers", fc.constant(new Change("toggle localUsers (users dropped when off)", (m) => m.pool === "own" && !m.external && m.idps.length > 0,
        (m) => ({ ...m, localUsers: !m.localUsers, users: m.localUsers ? [] : m.users })))],
];

/** A first deploy's configuration: the own pool, some apps and users, the common options. */
export const initialModel: fc.Arbitrary<Model> = fc.record({
    apps: fc.subarray(APPS.slice(0, 2)).map((as) => as.map((a) => ({ ...a }))),
    hostedZone: fc.boolean(),
    users: fc.subarray(USERS),
    scheme: fc.constant("internet-facing" as const),
    waf: fc.boolean(),
    signOut: fc.constant(true),
    paths: fc.boolean(),
}).map((r): Model => ({ ...r, pool: "own", external: false, authMode: "auto", gate: false, idps: [], localUsers: true }));

export interface ExploreOptions {
    numRuns: number; maxCommands: number; seed?: number; path?: string; verbose?: boolean;
    /** Kinds of change to leave out (CHANGES' first column): to look past a break already found. */
    skip?: RegExp;
    /** Parts of every first deploy's configuration fixed (e.g. no users): also to look past a break already found. */
    fixed?: Partial<Model>;
}

/** The property: from any first deploy, any sequence of documented changes leaves a sound state after each step. */
export function exploration(o: ExploreOptions): Promise<void> {
    const changes = CHANGES.filter(([what]) => !o.skip?.test(what)).map(([, c]) => c);
    const initial = o.fixed ? initialModel.map((m) => ({ ...m, ...o.fixed })) : initialModel;
    return fc.assert(fc.asyncProperty(initial, fc.commands(changes, { maxCommands: o.maxCommands, size: "max" }), async (m0, cmds) => {
        const real: Real = { twin: new Twin(), log: [], foreign: [] };
        // Only what was there before the stack: the records it writes come and go with it.
        real.foreign = foreignThings(real.twin.world);
        const model = structuredClone(m0);
        stats.sequences++;
        fc.pre(await step(real, model, `first deploy ${JSON.stringify(m0)}`));
        await fc.asyncModelRun(() => ({ model, real }), cmds);
        // And where it ends, the same configuration again changes nothing: once a sign-in domain of your own has moved the ALB
        // to it (docs/sign-in.md: on the run after it resolves), which one run more settles.
        stats.runs++;
        let again = await real.twin.up(toConfig(model, real.twin.world));
        if (model.authDomain && !again.error && again.steps.some(changesTheCloud)) {
            stats.runs++;
            const violated = violations(real.twin, toConfig(model, real.twin.world));
            if (violated.length) throw new Error(`the sign-in domain's second run: ${violated.join("; ")}\n  after: ${real.log.join("; ")}`);
            again = await real.twin.up(toConfig(model, real.twin.world));
        }
        const changed = again.error ? [again.error.message.split("\n")[0]] : again.steps.filter(changesTheCloud).map((s) => `${s.kind} ${s.urn}`);
        if (changed.length) throw new Error(`the same configuration again: ${changed.join("; ").slice(0, 600)}\n  after: ${real.log.join("; ")}`);
    }), { numRuns: o.numRuns, seed: o.seed, path: o.path, endOnFailure: false, verbose: o.verbose ? 1 : 0 });
}
