/**
 * Runs a Pulumi program under the SDK's mock engine (no CLI, no cloud) and records what it
 * registered — with the resource options the mocks' newResource does not show —, invoked,
 * logged and returned. Shared by the tests, `npm run plan` and `npm run bench`.
 */
import * as pulumi from "@pulumi/pulumi";
import { MockCallArgs, MockResourceArgs } from "@pulumi/pulumi/runtime/mocks";
import type { Logger, ProgramOptions } from "../program";
import { inProcessStructs } from "./inProcessStructs";
import { AliasProto, AliasTarget, aliasTargets } from "./mockAliases";

// Internal, but the only way to see resource options and to know every registration reached the monitor.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const settings = require("@pulumi/pulumi/runtime/settings") as { waitForRPCs(): Promise<void>; getMonitor(): unknown };

export interface Registration {
    type: string;
    name: string;
    urn: string;
    parent: string;
    retainOnDelete?: boolean;
    protect?: boolean;
    deleteBeforeReplace?: boolean;
    customTimeouts?: { create: string; update: string; delete: string };
    /** Input paths whose change replaces the resource (the `replaceOnChanges` option). */
    replaceOnChanges?: string[];
    /** Provider reference (`<urn>::<id>`), empty for a default provider. */
    provider: string;
    /** URNs this resource's inputs (or dependsOn) depend on. */
    dependencies: string[];
    /** URNs it was known by before (its aliases, and those inherited from an aliased parent): mockAliases.ts. */
    aliases?: string[];
    /** When it was registered, in ms since the process started. */
    at: number;
}

interface RegisterRequest {
    getType(): string;
    getName(): string;
    getParent(): string;
    hasRetainondelete(): boolean;
    getRetainondelete(): boolean | undefined;
    getProtect(): boolean | undefined;
    getDeletebeforereplace(): boolean;
    getCustomtimeouts(): { getCreate(): string; getUpdate(): string; getDelete(): string } | undefined;
    getProvider(): string;
    getDependenciesList(): string[];
    getReplaceonchangesList(): string[];
    getAliasesList(): AliasProto[];
}

export interface LogLine {
    level: "info" | "warn";
    message: string;
}

export type Program = (options: ProgramOptions) => Promise<object>;

export interface EngineOptions {
    project: string;
    stack: string;
    /** Full keys (`ns:key`). */
    config: Record<string, string>;
    secretKeys: string[];
    env: Record<string, string | undefined>;
    cwd: string;
    /** Run as `pulumi up` (true) or as a preview (false); see ProgramOptions.deploying. */
    deploying: boolean;
    configOrigins?: Record<string, string>;
    /** Lookups answer placeholders (`npm run plan`): see ProgramOptions.offline. */
    offline?: boolean;
    /** What reads the identity providers' documents (ProgramOptions.fetch). */
    fetch?: ProgramOptions["fetch"];
    /** Whether a name resolves (ProgramOptions.resolve). */
    resolve?: ProgramOptions["resolve"];
    /**
     * What the cloud would compute for a resource; `region` is its aws provider's region and
     * `registration` how it was registered (none for a read). A promise answers later, as a
     * provider that waits does.
     */
    computed(args: MockResourceArgs, region: string | undefined, registration?: Registration): Record<string, unknown> | Promise<Record<string, unknown>>;
    /** Answers for invokes by token; any other invoke fails the run. */
    invokes: Record<string, (args: MockCallArgs, region: string | undefined) => Record<string, unknown>>;
}

export interface EngineRun {
    /** Resources registered (created or updated by a deployment). */
    resources: MockResourceArgs[];
    /** Existing objects read with `Resource.get` (the program never imports, so an id means a read). */
    reads: MockResourceArgs[];
    registrations: Registration[];
    invokes: MockCallArgs[];
    logs: LogLine[];
    /** The program's outputs, resolved. */
    outputs: Record<string, unknown>;
    providerRegion(r: MockResourceArgs): string | undefined;
}

/** The program threw: the error, and what it had registered and logged by then. */
export class FailedRun extends Error {
    constructor(readonly error: Error, readonly resources: MockResourceArgs[], readonly logs: LogLine[]) {
        super(error.message);
    }
}

export async function runUnderMocks(program: Program, opts: EngineOptions): Promise<EngineRun> {
    const resources: MockResourceArgs[] = [];
    const reads: MockResourceArgs[] = [];
    const invokes: MockCallArgs[] = [];
    const logs: LogLine[] = [];
    const registrations: Registration[] = [];
    const providerRegions = new Map<string, string>();
    let stepFailed: (err: unknown) => void = () => undefined;
    // A provider reference is "<urn>::<id>".
    const regionOf = (ref?: string) => (ref ? providerRegions.get(ref.slice(0, ref.lastIndexOf("::"))) : undefined);

    // The registration a resource's newResource answers: the last one of its type and name.
    const registered = new Map<string, Registration>();
    await pulumi.runtime.setMocks({
        newResource(args: MockResourceArgs) {
            args.inputs = plainAssets(args.inputs) as typeof args.inputs;
            (args.id ? reads : resources).push(args);
            if (args.type === "pulumi:providers:aws") {
                providerRegions.set(`urn:pulumi:${opts.stack}::${opts.project}::pulumi:providers:aws::${args.name}`, args.inputs.region);
            }
            const answer = (computed: Record<string, unknown>) => {
                const state = { ...args.inputs, ...computed };
                return { id: (state.id as string | undefined) ?? `${args.name}-id`, state };
            };
            // A failed step fails the deployment, as under the engine, even when no output of the program waits for it.
            let computed: ReturnType<EngineOptions["computed"]>;
            try {
                computed = opts.computed(args, regionOf(args.provider), args.id ? undefined : registered.get(`${args.type}::${args.name}`));
            } catch (err) {
                stepFailed(err);
                throw err;
            }
            return computed instanceof Promise ? computed.then(answer, (err) => { stepFailed(err); throw err; }) : answer(computed);
        },
        call(args: MockCallArgs) {
            invokes.push(args);
            const answer = opts.invokes[args.token];
            if (!answer) {
                // A lookup nobody answers is a gap in this engine, never a cloud's answer: it fails the run loudly, wherever its output goes.
                const gap = new Error(`no answer for the lookup ${args.token}: the mock engine needs one (offline, the plan's OFFLINE_INVOKES in scripts/planReport.ts)`);
                stepFailed(gap);
                throw gap;
            }
            return answer(args, regionOf(args.provider));
        },
    }, opts.project, opts.stack, false);

    const monitor = settings.getMonitor() as { registerResource(req: RegisterRequest, cb: unknown): unknown };
    const register = monitor.registerResource.bind(monitor);
    // The SDK's mock monitor names a resource after its parent's type only; the engine uses every
    // ancestor's type. Registrations carry the engine's URNs, with parents and dependencies translated.
    const fullUrn = new Map<string, string>();
    const urn = (type: string, name: string) => `urn:pulumi:${opts.stack}::${opts.project}::${type}::${name}`;
    const aliasesOf = new Map<string, { urn: string; name: string; aliases: AliasTarget[] }>();
    monitor.registerResource = (req, cb) => {
        const mockParent = req.getParent();
        const parent = mockParent ? fullUrn.get(mockParent) ?? mockParent : "";
        const typePath = parent ? `${parent.split("::")[2]}$${req.getType()}` : req.getType();
        const mockType = mockParent ? `${mockParent.split("::")[2].split("$").pop()}$${req.getType()}` : req.getType();
        const full = urn(typePath, req.getName());
        fullUrn.set(urn(mockType, req.getName()), full);
        const aliases = aliasTargets({ name: req.getName(), type: req.getType(), aliases: req.getAliasesList() }, parent ? aliasesOf.get(parent) : undefined, urn, (u) => fullUrn.get(u) ?? u);
        aliasesOf.set(full, { urn: full, name: req.getName(), aliases });
        const registration: Registration = {
            type: req.getType(), name: req.getName(), parent, urn: full,
            retainOnDelete: req.hasRetainondelete() ? req.getRetainondelete() : undefined,
            protect: req.getProtect(), deleteBeforeReplace: req.getDeletebeforereplace() || undefined, provider: req.getProvider(),
            customTimeouts: timeouts(req.getCustomtimeouts()), dependencies: req.getDependenciesList().map((d) => fullUrn.get(d) ?? d), at: performance.now(),
            replaceOnChanges: req.getReplaceonchangesList().length ? req.getReplaceonchangesList() : undefined,
            aliases: aliases.length ? aliases.map((a) => a.urn) : undefined,
        };
        registrations.push(registration);
        registered.set(`${registration.type}::${registration.name}`, registration);
        return register(req, cb);
    };
    pulumi.runtime.setAllConfig(opts.config, opts.secretKeys);

    const log: Logger = { info: (message) => logs.push({ level: "info", message }), warn: (message) => logs.push({ level: "warn", message }) };
    // As under `pulumi up`, a failure inside the deployment (a failed read, a check thrown in an
    // apply) surfaces as an unhandled rejection; it fails the run instead of hanging it.
    const failed = catchDeploymentFailure();
    stepFailed = failed.fail;
    try {
        const outputs = await Promise.race([program({ env: opts.env, cwd: opts.cwd, log, deploying: opts.deploying, configOrigins: opts.configOrigins, offline: opts.offline, fetch: opts.fetch, resolve: opts.resolve }), failed.promise]);
        const resolved: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(outputs)) resolved[k] = await Promise.race([unwrap(v), failed.promise]);
        await Promise.race([settings.waitForRPCs(), failed.promise]);
        return { resources, reads, registrations, invokes, logs, outputs: resolved, providerRegion: (r) => regionOf(r.provider) };
    } catch (error) {
        await settings.waitForRPCs().catch(() => undefined);
        throw new FailedRun(error as Error, resources, logs);
    } finally {
        await failed.release();
    }
}

/** Takes over unhandled rejections while a program runs; `promise` rejects with the first. */
function catchDeploymentFailure(): { promise: Promise<never>; fail(e: unknown): void; release(): Promise<void> } {
    const previous = process.listeners("unhandledRejection");
    process.removeAllListeners("unhandledRejection");
    let fail: (e: unknown) => void = () => undefined;
    let rejected = false;
    const promise = new Promise<never>((_, reject) => { fail = reject; });
    promise.catch(() => undefined);
    const listener = (reason: unknown) => {
        rejected = true;
        fail(reason);
    };
    process.on("unhandledRejection", listener);
    return {
        promise,
        fail: listener,
        async release() {
            // The SDK reports a failure inside the deployment once per dependent output: let the echoes
            // arrive before handing back. Runs that saw none (most) need not wait.
            if (rejected) await new Promise((r) => setTimeout(r, 10));
            process.off("unhandledRejection", listener);
            for (const l of previous) process.on("unhandledRejection", l as (...a: unknown[]) => void);
        },
    };
}

/**
 * What mock runs need of the SDK and skip: the SDK captures a formatted stack trace for every
 * promise it creates (`debuggablePromise`) and tracks it as a leak candidate, used only to describe
 * leaked promises when the process exits (with stacks when PULUMI_DEBUG_PROMISE_LEAKS is set), and
 * walks the whole call stack of every resource for its source position (`Resource.callsites`),
 * which only the engine's display uses and the mock monitor drops; together about half of a mock
 * run's CPU time (docs/benchmarks.md). And every registration crosses protobuf although the mock
 * monitor is in the same process (inProcessStructs.ts). The tests, `npm run plan` and the doctor
 * turn these off; `npm run bench` measures the SDK as `pulumi up` runs it, with them on. Idempotent.
 */
export function lightenMockRuntime(): void {
    inProcessStructs();
    if (process.env.PULUMI_DEBUG_PROMISE_LEAKS) return;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const debuggable = require("@pulumi/pulumi/runtime/debuggable") as { debuggablePromise(p: Promise<unknown>, ctx: unknown): Promise<unknown>; skipped?: true };
    if (debuggable.skipped) return;
    // The wrapper's other work, a leak-candidate set and two chained promises per promise, serves only the report
    // it prints when a `pulumi` process exits with promises pending; a test process never prints it.
    debuggable.debuggablePromise = (p) => p;
    (pulumi.Resource as unknown as { callsites(): unknown[] }).callsites = () => [];
    debuggable.skipped = true;
}

function timeouts(t: ReturnType<RegisterRequest["getCustomtimeouts"]>): Registration["customTimeouts"] {
    if (!t || !(t.getCreate() || t.getUpdate() || t.getDelete())) return undefined;
    return { create: t.getCreate(), update: t.getUpdate(), delete: t.getDelete() };
}

/** Resolves an Output (or plain value) to its value. */
export function unwrap<T>(v: pulumi.Input<T> | undefined): Promise<T | undefined> {
    if (v === undefined) return Promise.resolve(undefined);
    return new Promise((resolve) => pulumi.output(v).apply((x) => resolve(x as T)));
}

// How the mock monitor hands over a secret input: { [SIG]: SECRET_SIG, value }.
const SIG = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

export function isSecretInput(v: unknown): boolean {
    return typeof v === "object" && v !== null && (v as Record<string, unknown>)[SIG] === SECRET_SIG;
}

/**
 * Assets and archives (a Lambda's code) hold their contents as promises, which a run's record
 * cannot be copied with: they stand as a marker, the same on every run.
 */
function plainAssets(v: unknown): unknown {
    // Most values are strings and numbers: asked first, as the SDK's instance checks are dear on primitives.
    if (typeof v !== "object" || v === null) return v;
    if (Array.isArray(v)) return v.map(plainAssets);
    if (pulumi.asset.Archive.isInstance(v)) return "[asset archive]";
    if (pulumi.asset.Asset.isInstance(v)) return "[asset]";
    if (typeof v === "object" && v !== null && Object.getPrototypeOf(v) === Object.prototype) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plainAssets(x)]));
    return v;
}

/**
 * A mock resource input with secret wrappers replaced by their values, or by `mask` when given: a
 * string, or a function of each secret leaf (a hash lets a recorded state tell a changed secret apart).
 */
export function reveal(v: unknown, mask?: string | ((leaf: unknown) => string)): unknown {
    // A masked secret keeps its shape (a map stays a map), so what holds it can still be checked.
    if (isSecretInput(v)) return mask === undefined ? reveal((v as { value: unknown }).value) : maskLeaves((v as { value: unknown }).value, mask);
    if (Array.isArray(v)) return v.map((x) => reveal(x, mask));
    if (typeof v === "object" && v !== null) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, reveal(x, mask)]));
    return v;
}

function maskLeaves(v: unknown, mask: string | ((leaf: unknown) => string)): unknown {
    if (isSecretInput(v)) return maskLeaves((v as { value: unknown }).value, mask);
    if (Array.isArray(v)) return v.map((x) => maskLeaves(x, mask));
    if (typeof v === "object" && v !== null) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, maskLeaves(x, mask)]));
    return typeof mask === "string" ? mask : mask(v);
}

/**
 * Depth of the creation graph: the longest chain of resources that must be created one after
 * another. Components and providers create nothing in the cloud and are left out.
 */
export function graphDepth(registrations: Registration[]): number {
    const real = new Map(registrations.filter((r) => !r.type.startsWith("pulumi:providers:") && !r.type.startsWith("mdai:")).map((r) => [r.urn, r]));
    const memo = new Map<string, number>();
    const depth = (urn: string): number => {
        const known = memo.get(urn);
        if (known !== undefined) return known;
        const deps = real.get(urn)!.dependencies.filter((d) => real.has(d));
        const d = 1 + Math.max(0, ...deps.map(depth));
        memo.set(urn, d);
        return d;
    };
    return Math.max(0, ...[...real.keys()].map(depth));
}
