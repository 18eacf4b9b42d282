/**
 * The second `pulumi up`, modelled: run the program for configuration A, then B, and derive per
 * resource the step the engine would take (same, update, replace — create-first or delete-first —,
 * create, delete) from the providers' replacement rules (fixtures/replacement-rules.json). Then
 * check that no step creates an object whose physical name the object it replaces (or any other
 * object still alive at that moment) holds, which is what fails on real AWS and Kubernetes
 * while the mocks, which echo inputs back, pass.
 */
import { MockResourceArgs } from "@pulumi/pulumi/runtime/mocks";
import * as rules from "./fixtures/replacement-rules.json";
import { RunOptions, RunResult, reveal, runStack } from "./harness";

export type StepKind = "same" | "update" | "replace" | "create" | "delete";

export interface Step {
    urn: string;
    type: string;
    name: string;
    kind: StepKind;
    /** For replacements: the old object is deleted before the new one is created. */
    deleteFirst?: boolean;
    /** Inputs whose change forced the replacement, or `provider` when the provider was replaced. */
    because?: string[];
    /** A delete of what retainOnDelete keeps in the cloud (the state forgets it). */
    retained?: boolean;
}

export interface Transition {
    steps: Step[];
    /** One sentence per physical name a new object asks for while another object still holds it. */
    collisions: string[];
    /** One sentence per ALB the controller creates anew (a new DNS name for the console). */
    albChanges: string[];
    step(type: string, name?: string): Step;
    /** URNs of A that B no longer has, and the reverse. */
    removed: string[];
    added: string[];
}

/** A resource as the engine's state holds what matters between runs: its inputs, options and provider. */
export interface Obj {
    urn: string;
    type: string;
    name: string;
    inputs: Record<string, unknown>;
    deleteBeforeReplace: boolean;
    providerUrn?: string;
    /** URNs it was known by before (its aliases): the engine finds its old state through them. */
    aliases?: string[];
    /** Input paths whose change replaces it (the replaceOnChanges option): the engine takes the new registration's. */
    replaceOnChanges?: string[];
    /** Kept in the cloud when the engine deletes it (also the delete half of a replacement). */
    retainOnDelete?: boolean;
}

/** A physical name: `key` is unique in its scope; objects with the same `owner` may share it (one ALB per IngressGroup). */
interface PhysicalName {
    key: string;
    owner: string;
    /** Names scoped to one parent object (a pool's domain slot) cannot be shared by two stacks' objects. */
    perParent?: boolean;
}

type Rule = { replaceOn: string[]; replaceOnWithoutClusterIdentifier?: string[]; replaceOnSetOrUnset?: string[] };
const TYPES = rules.types as Record<string, Rule>;

/** `a.b["c.d/e"]` → ["a", "b", "c.d/e"] (Pulumi's property path syntax for replaceOnChanges; the replacement rules' dotted paths too). */
const parsePath = (path: string) => [...path.matchAll(/\["((?:[^"\\]|\\.)*)"\]|([^.[\]]+)/g)].map((m) => m[1] ?? m[2]);
/** The value at a property path. */
export const get = (o: unknown, path: string): unknown => parsePath(path).reduce<unknown>((v, k) => (v && typeof v === "object" ? (v as Record<string, unknown>)[k] : undefined), o);
export const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Whether a step changes something in the cloud: a Stash lives in the state alone (a record read with an empty input
 * by wiring/records.ts, or one a refused run registered before it stopped).
 */
export const changesTheCloud = (s: Step) => s.kind !== "same" && s.type !== "pulumi:index:Stash";

/** Each registered resource by URN; `mask` replaces secret values (for fixtures kept in the repository): a constant, or a function of each value. */
export function objects(r: Pick<RunResult, "resources" | "registrations">, mask?: string | ((leaf: unknown) => string)): Map<string, Obj> {
    const byTypeName = new Map(r.resources.map((x) => [`${x.type}::${x.name}`, x] as const));
    const out = new Map<string, Obj>();
    for (const g of r.registrations) {
        const res = byTypeName.get(`${g.type}::${g.name}`);
        out.set(g.urn, {
            urn: g.urn, type: g.type, name: g.name, inputs: (res ? reveal(res.inputs, mask) : {}) as Record<string, unknown>,
            deleteBeforeReplace: g.deleteBeforeReplace ?? false,
            providerUrn: g.provider ? g.provider.slice(0, g.provider.lastIndexOf("::")) : undefined,
            ...(g.aliases ? { aliases: g.aliases } : {}),
            ...(g.replaceOnChanges ? { replaceOnChanges: g.replaceOnChanges } : {}),
            ...(g.retainOnDelete ? { retainOnDelete: true } : {}),
        });
    }
    return out;
}

/** The inputs whose change from `a` to `b` makes the provider replace a resource of `type`. */
export function replaceReasons(type: string, a: Record<string, unknown>, b: Record<string, unknown>): string[] {
    const paths = [...(TYPES[type]?.replaceOn ?? []), ...(type.startsWith("kubernetes:") ? TYPES["kubernetes:*"].replaceOn : [])];
    if (type === "pulumi:providers:kubernetes" && b.clusterIdentifier === undefined) paths.push(...TYPES[type].replaceOnWithoutClusterIdentifier!);
    // Inputs whose change replaces only between empty and set (a custom domain's certificate: one ARN for another is in place).
    const setOrUnset = (TYPES[type]?.replaceOnSetOrUnset ?? []).filter((p) => !get(a, p) !== !get(b, p));
    return [...paths.filter((p) => !same(get(a, p), get(b, p))), ...setOrUnset];
}

/** The engine's step per resource, A → B. */
export function diff(a: RunResult, b: RunResult): Step[] {
    return diffObjects(objects(a), objects(b));
}

/** The engine's step per resource between two states. */
export function diffObjects(oa: Map<string, Obj>, ob: Map<string, Obj>): Step[] {
    const steps = new Map<string, Step>();
    // A new URN whose alias names an old one is that resource (the old URN is not deleted).
    const renamed = new Map<string, string>();
    for (const [urn, y] of ob) {
        const old = oa.has(urn) ? undefined : y.aliases?.find((a) => oa.has(a) && !ob.has(a));
        if (old) renamed.set(urn, old);
    }
    const consumed = new Set(renamed.values());
    const stepOf = (urn: string): Step => {
        const known = steps.get(urn);
        if (known) return known;
        const x = oa.get(renamed.get(urn) ?? urn);
        const y = ob.get(urn);
        let step: Step;
        if (!x) step = { urn, type: y!.type, name: y!.name, kind: "create" };
        else if (!y) step = { urn, type: x.type, name: x.name, kind: "delete", ...(x.retainOnDelete ? { retained: true } : {}) };
        else {
            const reasons = [...replaceReasons(y.type, x.inputs, y.inputs), ...(y.replaceOnChanges ?? []).filter((p) => !same(get(x.inputs, p), get(y.inputs, p)))];
            // A replaced provider replaces everything it manages.
            if (y.providerUrn && oa.has(y.providerUrn) && stepOf(y.providerUrn).kind === "replace") reasons.push("provider");
            const isK8s = y.type.startsWith("kubernetes:");
            const keepsName = isK8s && same(get(x.inputs, "metadata.name"), get(y.inputs, "metadata.name")) && same(get(x.inputs, "metadata.namespace"), get(y.inputs, "metadata.namespace"));
            if (reasons.length) step = { urn, type: y.type, name: y.name, kind: "replace", because: reasons, deleteFirst: y.deleteBeforeReplace || keepsName };
            else step = { urn, type: y.type, name: y.name, kind: same(x.inputs, y.inputs) ? "same" : "update" };
        }
        steps.set(urn, step);
        return step;
    };
    for (const urn of new Set([...oa.keys(), ...ob.keys()])) if (!consumed.has(urn)) stepOf(urn);
    return [...steps.values()];
}

/** Physical names an object holds; `run` gives the cluster and region context. */
export function physicalNames(o: Obj, run: RunResult, incarnation: string): PhysicalName[] {
    const mine = `${incarnation}:${o.urn}`;
    if (o.type === "aws:cognito/userPoolDomain:UserPoolDomain") {
        const provider = run.resources.find((p) => p.type === "pulumi:providers:aws" && o.providerUrn?.endsWith(`::${p.name}`));
        return [
            { key: `Cognito domain prefix ${String(o.inputs.domain)} in ${provider?.inputs.region}`, owner: mine },
            // A pool has one prefix domain: a second one fails ("User pool already has a domain configured").
            { key: `the prefix domain of user pool ${String(o.inputs.userPoolId)}`, owner: mine, perParent: true },
        ];
    }
    if (o.type === "aws:route53/record:Record") {
        return [{ key: `Route 53 record ${String(o.inputs.name)} ${String(o.inputs.type)} in zone ${String(o.inputs.zoneId)}`, owner: mine }];
    }
    if (!o.type.startsWith("kubernetes:")) return [];
    const cluster = String(run.resources.find((p) => p.type === "pulumi:providers:kubernetes")?.inputs.clusterIdentifier ?? "the default cluster");
    const meta = (o.inputs.metadata ?? {}) as { name?: string; namespace?: string; annotations?: Record<string, string> };
    const kind = o.type.split(":").pop();
    const names: PhysicalName[] = [{ key: `${kind} ${meta.namespace ?? ""}/${meta.name} in cluster ${cluster}`, owner: mine }];
    if (kind === "Ingress") {
        const a = meta.annotations ?? {};
        const group = a["alb.ingress.kubernetes.io/group.name"];
        const groupKey = `${cluster}/${group ?? `${meta.namespace}/${meta.name}`}`;
        const lb = a["alb.ingress.kubernetes.io/load-balancer-name"];
        if (lb) names.push({ key: `ALB name ${lb} in ${String(run.outputs.region)}`, owner: `group ${groupKey}` });
        if (group) names.push({ key: `IngressGroup ${group} in cluster ${cluster}`, owner: `group ${groupKey}` });
    }
    return names;
}

/** Physical names a new object asks for while an object of A (not yet deleted) holds them. */
export function collisions(a: RunResult, b: RunResult, steps: Step[]): string[] {
    const oa = objects(a);
    const ob = objects(b);
    const held = new Map<string, { owner: string; urn: string }>();
    const deletedFirst = new Set(steps.filter((s) => s.kind === "replace" && s.deleteFirst).map((s) => s.urn));
    for (const o of oa.values()) {
        if (deletedFirst.has(o.urn)) continue;
        for (const n of physicalNames(o, a, "A")) held.set(n.key, { owner: n.owner, urn: o.urn });
    }
    const out: string[] = [];
    for (const s of steps.filter((x) => x.kind === "create" || (x.kind === "replace" && !x.deleteFirst))) {
        for (const n of physicalNames(ob.get(s.urn)!, b, "B")) {
            const h = held.get(n.key);
            if (h && h.owner !== n.owner) out.push(`${s.kind} of ${s.type} ${s.name} asks for ${n.key}, still held by ${h.urn}`);
        }
    }
    return out;
}

/** The ALB of each IngressGroup: the group's key (explicit group.name, else the Ingress's namespace/name) and load-balancer-name. */
function albs(r: RunResult): Map<string, { lb: string; scheme?: string; members: string[] }> {
    const out = new Map<string, { lb: string; scheme?: string; members: string[] }>();
    for (const o of objects(r).values()) {
        if (o.type !== "kubernetes:networking.k8s.io/v1:Ingress") continue;
        const alb = physicalNames(o, r, "x").find((n) => n.key.startsWith("ALB name "));
        if (!alb) continue;
        const scheme = ((o.inputs.metadata as { annotations?: Record<string, string> } | undefined)?.annotations ?? {})["alb.ingress.kubernetes.io/scheme"];
        const entry = out.get(alb.owner) ?? { lb: alb.key, scheme, members: [] };
        entry.members.push(o.urn);
        out.set(alb.owner, entry);
    }
    return out;
}

/**
 * ALBs the controller creates anew: a group that did not exist, a new load-balancer-name, or a
 * group all of whose members are deleted before the new ones exist (an empty group loses its ALB).
 */
export function albChanges(a: RunResult, b: RunResult, steps: Step[]): string[] {
    const before = albs(a);
    const gone = new Set(steps.filter((s) => s.kind === "delete" || (s.kind === "replace" && s.deleteFirst)).map((s) => s.urn));
    const out: string[] = [];
    for (const [group, now] of albs(b)) {
        const was = before.get(group);
        if (!was) out.push(`${now.lb}: a new ${group}`);
        else if (was.lb !== now.lb) out.push(`${now.lb}: renamed from ${was.lb.slice("ALB name ".length)}`);
        // ELBv2 cannot change a load balancer's scheme: the controller replaces the ALB.
        else if (was.scheme !== now.scheme) out.push(`${now.lb}: scheme ${was.scheme} → ${now.scheme}`);
        else if (was.members.every((m) => gone.has(m))) out.push(`${now.lb}: every member of ${group} is deleted first`);
    }
    return out;
}

export function transition(a: RunResult, b: RunResult): Transition {
    const steps = diff(a, b);
    return {
        steps,
        collisions: collisions(a, b, steps),
        albChanges: albChanges(a, b, steps),
        removed: steps.filter((s) => s.kind === "delete").map((s) => s.urn),
        added: steps.filter((s) => s.kind === "create").map((s) => s.urn),
        step(type, name) {
            const found = steps.filter((s) => s.type === type && (name === undefined || s.name === name));
            if (found.length !== 1) throw new Error(`expected one step for ${type} ${name ?? ""}, found ${found.length}`);
            return found[0];
        },
    };
}

/** Runs A, then B, and returns the engine's steps between them. */
export async function secondRun(a: RunOptions, b: RunOptions): Promise<Transition & { a: RunResult; b: RunResult }> {
    const ra = await runStack(a);
    const rb = await runStack(b);
    return { ...transition(ra, rb), a: ra, b: rb };
}

/** Account- or region-scoped names two stacks both hold (Kubernetes names are per cluster and left out unless they share one). */
export function sharedNames(runs: RunResult[]): string[] {
    const seen = new Map<string, string>();
    const out: string[] = [];
    runs.forEach((r, i) => {
        for (const o of objects(r).values()) {
            for (const n of physicalNames(o, r, `stack${i}`).filter((x) => !x.perParent)) {
                const other = seen.get(n.key);
                if (other !== undefined && other !== String(i)) out.push(n.key);
                seen.set(n.key, String(i));
            }
        }
    });
    return out;
}

export type { MockResourceArgs };
