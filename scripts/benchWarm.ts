/**
 * One program run under mocks, as the tests pay it: in a process that has already loaded the SDK
 * and run the program once, the dev stack evaluated under the mock engine and its rendered objects
 * checked against the specs, `--runs` times. Prints, as JSON, the median and quartiles of one run and,
 * with --profile, where the CPU time of those runs went, by category (from a V8 CPU profile).
 *   node -r ./scripts/register.js scripts/benchWarm.ts [--runs 40] [--stacks] [--profile]
 * --stacks keeps the SDK's per-promise stack traces, as `pulumi up` runs; without it they are
 * skipped, as in the tests and `npm run plan` (mockEngine.lightenMockRuntime).
 */
import * as inspector from "inspector";
import * as path from "path";
import { parseArgs } from "util";
import { checkRendered } from "../specs";
import { reveal, runUnderMocks, lightenMockRuntime } from "./mockEngine";
import { readPlanConfig } from "./planConfig";
import { OFFLINE_INVOKES, cloudAssigned } from "./planReport";
import program = require("../index");

/** Where a sample's time is counted: the first category, from the innermost frame outwards, that matches a frame. */
const CATEGORIES: [string, (fn: string, url: string) => boolean][] = [
    ["stack traces the SDK captures per promise and per resource", (fn, url) => /debuggable\.js$/.test(url) || /PrepareStackTrace|^get stack$|callsites/.test(fn)],
    ["mock monitor (the SDK's mocks, protobuf)", (_, url) => /runtime\/mocks\.js$|google-protobuf|grpc/.test(url)],
    ["spec validation of the rendered objects", (_, url) => /\/specs\/|kubernetes-models|ajv/.test(url)],
    ["serialising inputs and outputs (rpc.js, output.js)", (_, url) => /@pulumi\/pulumi\/(runtime\/rpc|output)\.js$/.test(url)],
    ["resource registration (the rest of the SDK)", (_, url) => /@pulumi\/(pulumi|aws|kubernetes)\//.test(url)],
    ["the program itself (config, components, wiring)", (_, url) => /\/(config|components|wiring|cluster|dns|region)\/|\/program\.ts$/.test(url)],
    ["the mock engine and harness", (_, url) => /\/scripts\//.test(url)],
    ["garbage collection", (fn) => fn === "(garbage collector)"],
    ["waiting (idle: timers, promise turns)", (fn) => fn === "(idle)"],
];

interface ProfileNode { id: number; callFrame: { functionName: string; url: string }; children?: number[] }
interface Profile { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] }

/** Milliseconds per category over the whole profile. */
export function categorise(profile: Profile): Record<string, number> {
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    const parent = new Map<number, number>();
    for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
    const memo = new Map<number, string>();
    const categoryOf = (id: number): string => {
        const known = memo.get(id);
        if (known) return known;
        const { functionName, url } = byId.get(id)!.callFrame;
        const own = CATEGORIES.find(([, test]) => test(functionName, url))?.[0];
        const up = parent.get(id);
        const c = own ?? (up === undefined ? "other (Node internals)" : categoryOf(up));
        memo.set(id, c);
        return c;
    };
    const out: Record<string, number> = {};
    profile.samples.forEach((id, i) => {
        const c = categoryOf(id);
        out[c] = (out[c] ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000;
    });
    return out;
}

function post<T>(session: inspector.Session, method: string, params?: object): Promise<T> {
    return new Promise((resolve, reject) => session.post(method, params ?? {}, (err, res) => (err ? reject(err) : resolve(res as T))));
}

async function main(): Promise<void> {
    const { values } = parseArgs({ options: { runs: { type: "string", default: "40" }, stacks: { type: "boolean", default: false }, profile: { type: "boolean", default: false } } });
    if (!values.stacks) lightenMockRuntime();
    const projectDir = path.join(__dirname, "..");
    const cfg = readPlanConfig(projectDir, "dev", []);
    const once = async () => {
        const run = await runUnderMocks(program, {
            project: cfg.project, stack: cfg.stack, config: cfg.config, secretKeys: cfg.secretKeys,
            env: {}, cwd: projectDir, deploying: false, offline: true, computed: cloudAssigned, invokes: OFFLINE_INVOKES,
        });
        checkRendered(run.resources.map((r) => ({ type: r.type, name: r.name, inputs: reveal(r.inputs) as Record<string, unknown> })));
    };
    // The first run loads the modules the program needs and warms the JIT; the tests pay it once per process.
    await once();
    const session = new inspector.Session();
    if (values.profile) {
        session.connect();
        await post(session, "Profiler.enable");
        await post(session, "Profiler.start");
    }
    const times: number[] = [];
    for (let i = 0; i < Number(values.runs); i++) {
        const start = performance.now();
        await once();
        times.push(performance.now() - start);
    }
    const profile = values.profile ? (await post<{ profile: Profile }>(session, "Profiler.stop")).profile : undefined;
    times.sort((a, b) => a - b);
    const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))];
    process.stdout.write(JSON.stringify({ medianMs: at(0.5), q1Ms: at(0.25), q3Ms: at(0.75), runs: times.length, profileMs: profile && categorise(profile) }) + "\n");
}

if (require.main === module) {
    main().then(() => process.exit(0), (err: Error) => {
        process.stderr.write(`${err.stack ?? err}\n`);
        process.exit(1);
    });
}
