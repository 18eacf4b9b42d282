/**
 * A twin of the cloud for the tests: it keeps what the previous `pulumi up` left — each
 * resource's inputs and outputs by URN (Pulumi's state) and the world itself (world.ts) — and runs
 * the real program against it, answering each registration the way the engine and the providers
 * would on that run:
 * - the step from the providers' replacement rules, the `replaceOnChanges` option and a replaced
 *   provider (lifecycle.ts); delete-first or create-first, and deletes of what the program no
 *   longer registers at the end of the run, `retainOnDelete` honoured, on the delete half of a replacement too
 *   (pulumi/pulumi step_generator.go, step.go);
 * - an Optional+Computed input the program stops sending keeps its old value (terraform-provider-aws);
 * - a `same` step answers Pulumi's state, not the world (only `pulumi refresh` reads the world);
 * - pulumi-kubernetes' Ingress wait (provider/pkg/await/ingress.go): a created Ingress waits until
 *   the controller gives it an address; an updated one returns at once with the status it still
 *   carries, and the controller acts after;
 * - the controller per IngressGroup (controller.ts).
 */
import { MockCallArgs, MockResourceArgs } from "@pulumi/pulumi/runtime/mocks";
import { clusterIdentity } from "../../cluster/connect";
import { PROJECT } from "../../config/keys";
import { mdaiCognito } from "../../program";
import { EngineRun, FailedRun, Program, Registration, reveal, runUnderMocks } from "../../scripts/mockEngine";
import { fixtureFetch } from "../federationFixtures";
import { RunOptions, engineConfig, unwrittenDir } from "../harness";
import { Step, get, replaceReasons, same } from "../lifecycle";
import { converge, deleteMember, groupOf, reconcile } from "./controller";
import { Op, Outputs, providerFor, resolves } from "./providers";
import { Invoke, worldInvokes } from "./invokes";
import { Cluster, K8sObject, World, copyWorld, newCluster, newWorld, objectKey } from "./world";

/** A resource as Pulumi's state holds it. */
export interface StateEntry {
    urn: string;
    type: string;
    name: string;
    /** The inputs as the provider last saw them. */
    inputs: Outputs;
    /** What the provider computed (ids, ARNs, an Ingress's status). */
    outputs: Outputs;
    provider?: string;
    region: string;
    /** The cluster (clusterIdentifier) of a Kubernetes object: where it lives even after its provider moves on. */
    cluster?: string;
    retainOnDelete?: boolean;
    deleteBeforeReplace?: boolean;
    /** What it depends on (its parent included): the engine deletes dependents first. */
    dependencies?: string[];
}

export interface TwinRun {
    steps: Step[];
    /** The stack outputs (those of the last successful run when this one failed). */
    outputs: Record<string, unknown>;
    run?: EngineRun;
    error?: Error;
}

/** Inputs the providers keep when the program stops sending them (Optional + Computed), by type. */
const OPTIONAL_COMPUTED: Record<string, string[]> = {
    // internal/service/acm/certificate.go: Optional, Computed, ForceNew.
    "aws:acm/certificate:Certificate": ["subjectAlternativeNames"],
    // internal/service/cognitoidp/user_pool.go: user_pool_tier is Optional + Computed. lambda_config is Optional (left
    // out, UpdateUserPool goes without it and the triggers are reset); only its trigger fields are Optional + Computed
    // (#38617, #45529), which matters only to a lambdaConfig that is sent without them — this program never sends one.
    "aws:cognito/userPool:UserPool": ["userPoolTier"],
};

/**
 * When a run is stuck: waits are pending and nothing else has happened (no registration, read or
 * invoke) for this many turns of the event loop and milliseconds — the program can make no more
 * progress, and pulumi-kubernetes' wait would time out.
 */
const IDLE_TURNS = 200;
const IDLE_MS = 5;

export class Twin {
    state = new Map<string, StateEntry>();
    outputs: Record<string, unknown> = {};

    constructor(public world: World = newWorld()) {}

    /** An independent copy: scenarios start from one twin's state without changing it. */
    copy(): Twin {
        const t = new Twin(copyWorld(this.world));
        t.state = structuredClone(this.state);
        t.outputs = structuredClone(this.outputs);
        return t;
    }

    /** `pulumi up` with this configuration. Never throws: a failed run says so in `error`. `program` is for tests of the twin itself. */
    async up(opts: RunOptions, program: Program = mdaiCognito): Promise<TwinRun> {
        const run = new Deployment(this);
        return run.execute(opts, program);
    }

    /** `pulumi destroy`: every resource deleted, dependents first, except those kept by retainOnDelete. */
    async destroy(): Promise<TwinRun> {
        const d = new Deployment(this);
        const steps: Step[] = [];
        try {
            d.deleteUntouched(steps);
        } catch (error) {
            return { steps, outputs: this.outputs, error: error as Error };
        }
        this.outputs = {};
        return { steps, outputs: {} };
    }

    cluster(identity: string): Cluster {
        const id = this.world.clusterAliases.get(identity) ?? identity;
        let c = this.world.clusters.get(id);
        if (!c) {
            c = newCluster(id, new URL(id.includes("://") ? id : `https://${id}`).hostname.split(".")[0]);
            this.world.clusters.set(id, c);
        }
        return c;
    }
}


/** `entries` in an order where nothing is deleted before what depends on it; otherwise as given. */
function dependentsFirst(entries: StateEntry[]): StateEntry[] {
    const pending = [...entries];
    const out: StateEntry[] = [];
    while (pending.length) {
        const free = pending.findIndex((e) => !pending.some((o) => o !== e && o.dependencies?.includes(e.urn)));
        out.push(...pending.splice(free < 0 ? 0 : free, 1));
    }
    return out;
}

/** One `pulumi up` against a twin. */
class Deployment {
    private readonly touched = new Set<string>();
    private readonly steps: Step[] = [];
    private readonly deferred: StateEntry[] = [];
    private readonly waiting: { key: string; cluster: Cluster; done(): boolean; resolve(): void; reject(e: Error): void }[] = [];
    private activity = 0;
    private watching = false;

    constructor(private readonly twin: Twin) {}

    async execute(opts: RunOptions, program: Program): Promise<TwinRun> {
        let run: EngineRun;
        try {
            run = await runUnderMocks(program, {
                project: PROJECT, stack: opts.stack ?? "dev", ...engineConfig(opts), env: opts.env ?? {}, cwd: opts.cwd ?? unwrittenDir(), deploying: opts.deploying ?? false, fetch: opts.fetch ?? fixtureFetch,
                resolve: opts.resolve ?? (async (host, kind) => resolves(this.twin.world, host, kind)),
                computed: (args, region, reg) => {
                    this.activity++;
                    return args.id ? this.read(args) : this.register(args, region ?? this.twin.world.region, reg!);
                },
                invokes: Object.fromEntries(Object.entries(this.invokes()).map(([k, f]) => [k, (a: MockCallArgs, r: string | undefined) => {
                    this.activity++;
                    return f(a, r);
                }])),
            });
        } catch (err) {
            // The engine stops at the first failure: what was done stays done, removed resources stay.
            return { steps: this.steps, outputs: this.twin.outputs, error: err instanceof FailedRun ? err.error : (err as Error) };
        }
        try {
            // The provider retries a delete of a certificate the listener still uses while the controller catches up.
            converge(this.twin.world);
            this.deleteUntouched(this.steps);
        } catch (error) {
            return { steps: this.steps, outputs: run.outputs, run, error: error as Error };
        }
        this.twin.outputs = run.outputs;
        return { steps: this.steps, outputs: run.outputs, run };
    }

    /** Deletes what this run did not register and the old halves of create-first replacements, dependents first. */
    deleteUntouched(steps: Step[]): void {
        const removed = [...this.twin.state.values()].filter((x) => !this.touched.has(x.urn)).reverse();
        // The old halves of create-first replacements and what the program no longer registers go together, dependents first
        // (pulumi/pulumi deployment_executor.go: GenerateDeletes, ScheduleDeletes).
        for (const e of dependentsFirst([...removed, ...this.deferred.reverse()])) {
            if (removed.includes(e)) {
                steps.push({ urn: e.urn, type: e.type, name: e.name, kind: "delete" });
                this.twin.state.delete(e.urn);
            }
            // retainOnDelete holds for the delete half of a replacement too (pulumi/pulumi pkg/resource/deploy/step.go).
            if (!e.retainOnDelete) this.remove(e);
        }
        converge(this.twin.world);
    }

    private op(e: Pick<StateEntry, "type" | "urn" | "region" | "cluster">, inputs: Outputs, prev?: Outputs): Op {
        return { world: this.twin.world, type: e.type, urn: e.urn, region: e.region, inputs, prev, cluster: e.cluster ? this.twin.cluster(e.cluster) : undefined };
    }

    /** The cluster a Kubernetes provider points at. */
    private clusterOf(providerUrn: string | undefined): string | undefined {
        const provider = providerUrn ? this.twin.state.get(providerUrn) : undefined;
        return provider?.type === "pulumi:providers:kubernetes" ? String(provider.inputs.clusterIdentifier ?? "default") : undefined;
    }

    private remove(e: StateEntry): void {
        const op = this.op(e, e.inputs, { ...e.inputs, ...e.outputs });
        if (this.ingressGroup(op)) {
            // pulumi-kubernetes waits for the object to be gone; the controller's finalizer holds it until the group deploys without it.
            const meta = op.prev!.metadata as { name: string; namespace?: string };
            const key = objectKey("Ingress", meta.namespace ?? "default", meta.name);
            const gone = deleteMember(this.twin.world, op.cluster!, key);
            if (process.env.EXPLORE_TRACE === "2") process.stderr.write(`      delete ${key}: ${gone ? "gone" : "held by the finalizer"}\n`);
            if (!gone) {
                const events = op.cluster!.events.get(`${meta.namespace ?? "default"}/${meta.name}`) ?? [];
                throw new Error(`Ingress ${meta.namespace ?? "default"}/${meta.name}: timed out waiting for it to be deleted: the controller's finalizer stays until its IngressGroup deploys${events.length ? ` (last event: ${events[events.length - 1]})` : ""}`);
            }
            return;
        }
        providerFor(e.type).delete?.(op);
    }

    private ingressGroup(op: Op): string | undefined {
        if (op.type !== "kubernetes:networking.k8s.io/v1:Ingress" || !op.cluster) return undefined;
        const meta = (op.prev ?? op.inputs).metadata as { name: string; namespace?: string };
        const o = op.cluster.objects.get(objectKey("Ingress", meta.namespace ?? "default", meta.name));
        return o && groupOf(op.cluster, o);
    }

    private read(args: MockResourceArgs): Outputs {
        if (args.type === "aws:acm/certificate:Certificate") {
            const c = this.twin.world.certificates.get(String(args.id));
            if (!c) throw new Error(`ResourceNotFoundException: Could not find certificate ${String(args.id)}`);
            return { arn: c.arn, domainName: c.domains[0], subjectAlternativeNames: c.domains, status: c.status };
        }
        const provider = [...this.twin.state.values()].find((e) => args.provider?.startsWith(`${e.urn}::`));
        const cluster = this.twin.cluster(String(provider?.inputs.clusterIdentifier ?? "default"));
        const id = String(args.id);
        const [namespace, name] = id.includes("/") ? id.split("/") : ["", id];
        const o = cluster.objects.get(objectKey(args.type.split(":").pop()!, namespace, name));
        if (!o) throw new Error(`resource '${args.id}' does not exist`);
        return { ...o.body, status: o.status };
    }

    private register(args: MockResourceArgs, region: string, reg: Registration): Outputs | Promise<Outputs> {
        let prev = this.twin.state.get(reg.urn);
        // Found through an alias, it is the same resource, and its old URN leaves the state (step_generator.go).
        const alias = prev ? undefined : reg.aliases?.find((a) => this.twin.state.has(a) && !this.touched.has(a));
        if (alias) {
            prev = this.twin.state.get(alias);
            this.twin.state.delete(alias);
        }
        const inputs = reveal(args.inputs) as Outputs;
        // An omitted Optional+Computed input means "no change": the value in the state stays (and is what the diff sees).
        const kept = OPTIONAL_COMPUTED[reg.type] ?? [];
        for (const p of kept) if (inputs[p] === undefined && prev) inputs[p] = prev.inputs[p];
        const providerUrn = reg.provider ? reg.provider.slice(0, reg.provider.lastIndexOf("::")) : undefined;
        const entry: StateEntry = { urn: reg.urn, type: reg.type, name: reg.name, inputs, outputs: {}, provider: providerUrn, region, cluster: this.clusterOf(providerUrn),
            retainOnDelete: reg.retainOnDelete, deleteBeforeReplace: reg.deleteBeforeReplace, dependencies: [...reg.dependencies, ...(reg.parent ? [reg.parent] : [])] };
        const step: Step = { urn: reg.urn, type: reg.type, name: reg.name, kind: "create" };
        if (prev) {
            const byProvider = replaceReasons(reg.type, prev.inputs, inputs);
            const because = [...byProvider, ...(reg.replaceOnChanges ?? []).filter((p) => !same(get(prev.inputs, p), get(inputs, p)))];
            if (providerUrn && this.steps.find((s) => s.urn === providerUrn)?.kind === "replace") because.push("provider");
            // pulumi-kubernetes deletes first when it decides the replacement itself and the name stays; a replacement the
            // engine decides (a new provider, replaceOnChanges) follows the deleteBeforeReplace option alone (step_generator.go).
            const keepsName = byProvider.length > 0 && !because.includes("provider") && reg.type.startsWith("kubernetes:") &&
                same(get(prev.inputs, "metadata.name"), get(inputs, "metadata.name")) && same(get(prev.inputs, "metadata.namespace"), get(inputs, "metadata.namespace"));
            if (because.length) Object.assign(step, { kind: "replace", because: [...new Set(because)], deleteFirst: Boolean(reg.deleteBeforeReplace) || keepsName });
            else step.kind = same(prev.inputs, inputs) ? "same" : "update";
        }
        this.steps.push(step);
        if (process.env.EXPLORE_TRACE === "2") process.stderr.write(`    ${step.kind}${step.deleteFirst ? " (delete first)" : ""} ${reg.type.split(":").pop()} ${reg.name}\n`);
        this.touched.add(reg.urn);
        const op = this.op(entry, inputs, prev && { ...prev.inputs, ...prev.outputs });
        const provider = providerFor(reg.type);
        const groupBefore = this.ingressGroup(op);
        let outputs: Outputs;
        // As the engine records it: a failed create leaves nothing, a failed update the old state, a failed create after a delete nothing.
        if (step.kind === "same") outputs = prev!.outputs;
        else if (step.kind === "update") outputs = { ...prev!.outputs, ...provider.update?.(op) };
        else {
            if (step.kind === "replace" && step.deleteFirst && !prev!.retainOnDelete) {
                this.remove(prev!);
                this.twin.state.delete(reg.urn);
            }
            outputs = provider.create({ ...op, prev: undefined });
            if (step.kind === "replace" && !step.deleteFirst) this.deferred.push(prev!);
        }
        this.twin.state.set(reg.urn, entry);
        entry.outputs = outputs;
        for (const p of kept) if (inputs[p] === undefined) inputs[p] = outputs[p];
        if (reg.type === "kubernetes:networking.k8s.io/v1:Ingress" && step.kind !== "same") return this.awaitIngress(op, entry, step, groupBefore);
        return outputs;
    }

    /** pulumi-kubernetes' Ingress wait: an address is needed; an update accepts the one the object still carries. */
    private awaitIngress(op: Op, entry: StateEntry, step: Step, groupBefore: string | undefined): Outputs | Promise<Outputs> {
        const cluster = op.cluster!;
        const meta = op.inputs.metadata as { name: string; namespace?: string };
        const key = objectKey("Ingress", meta.namespace ?? "default", meta.name);
        const o = cluster.objects.get(key)!;
        const was = step.kind === "update" ? o.status : undefined;
        for (const g of new Set([groupBefore, groupOf(cluster, o)])) if (g) reconcile(this.twin.world, cluster, g);
        this.retryWaiting();
        const answer = (status: K8sObject["status"]) => (entry.outputs = { ...entry.outputs, status });
        if (was?.loadBalancer?.ingress?.length) return answer(was);
        if (o.status?.loadBalancer?.ingress?.length) return answer(o.status);
        if (process.env.EXPLORE_TRACE === "2") process.stderr.write(`      ${key} waits for an address (${(cluster.events.get(`${meta.namespace ?? "default"}/${meta.name}`) ?? []).slice(-1)[0] ?? "no event"})\n`);
        return new Promise<Outputs>((resolve, reject) => {
            this.waiting.push({ key, cluster, done: () => Boolean(cluster.objects.get(key)?.status?.loadBalancer?.ingress?.length), resolve: () => resolve(answer(cluster.objects.get(key)!.status)), reject });
            this.watchForStuck();
        });
    }

    /** After any change, the controller retries the groups whose members still wait. */
    private retryWaiting(): void {
        for (const w of [...this.waiting]) {
            const o = w.cluster.objects.get(w.key);
            const g = o && groupOf(w.cluster, o);
            if (g) reconcile(this.twin.world, w.cluster, g);
            if (w.done()) {
                this.waiting.splice(this.waiting.indexOf(w), 1);
                w.resolve();
            }
        }
    }

    /** Fails the pending waits once the run is stuck (see IDLE_TURNS). */
    private watchForStuck(): void {
        if (this.watching) return;
        this.watching = true;
        let seen = this.activity;
        let since = performance.now();
        let turns = 0;
        const tick = () => {
            if (this.waiting.length === 0) return void (this.watching = false);
            if (this.activity !== seen) [seen, since, turns] = [this.activity, performance.now(), 0];
            else turns++;
            if (turns < IDLE_TURNS || performance.now() - since < IDLE_MS) return void setImmediate(tick);
            this.watching = false;
            for (const w of this.waiting.splice(0)) {
                const [, ns, name] = /^Ingress (.*)\/(.*)$/.exec(w.key)!;
                const events = w.cluster.events.get(`${ns}/${name}`) ?? [];
                w.reject(new Error(`Ingress ${ns}/${name}: timed out waiting for the controller to give it an address${events.length ? ` (last event: ${events[events.length - 1]})` : ""}`));
            }
        };
        setImmediate(tick);
    }

    private invokes(): Record<string, Invoke> {
        return worldInvokes(this.twin.world, (endpoint) => this.twin.cluster(clusterIdentity(endpoint)));
    }
}
