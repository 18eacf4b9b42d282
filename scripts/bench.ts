/**
 * npm run bench -- [--runs 5] [--write]
 *
 * What the program and its tests cost, each figure a median:
 *   (1) floor: a bare require of @pulumi/pulumi, @pulumi/aws and @pulumi/kubernetes;
 *   (2) the dev stack evaluated under mocks in a fresh process, start to last resource registered;
 *   (3) the same with 1, 100 and 500 users;
 *   (3r) reference: 1 and 500 plain aws.cognito.User registrations without the program, the SDK's
 *        own per-resource cost under mocks;
 *   (2b) the dev stack under ts-node in transpile-only mode, which is how `pulumi up` loads the
 *        program with tsconfig's noCheck (Pulumi's runtime adds ts-node and its source maps);
 *   (4) `npm run plan --stack dev` as a whole process, wall time, spec checks included;
 *   (5) one program run in a warm process, as the tests pay it (benchWarm.ts), with the SDK's
 *       per-promise stack traces skipped as the tests do, and (5s) kept as `pulumi up` runs, with
 *       where the CPU time goes;
 *   (6) `npm test`, wall time, and (6p) the same suite under mocha --parallel on every core.
 * (1)-(4) are timed inside fresh processes from their start (performance.now()), so Node's own boot
 * is counted the same way everywhere. Prints the targets and whether they are met; --write also
 * writes docs/benchmarks.md and the figures it was rendered from (docs/benchmarks.json), so the
 * figures there are always this command's.
 */
import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parseArgs } from "util";
import { BenchFigures, WarmFigures, renderBenchDoc, targets } from "./benchDoc";

const ROOT = path.join(__dirname, "..");
const FLOOR = "require('@pulumi/pulumi');require('@pulumi/aws');require('@pulumi/kubernetes');process.stdout.write(JSON.stringify({lastRegistered:performance.now()}))";

interface Sample {
    lastRegistered: number;
    depth?: number;
    resources?: number;
}

function sample(args: string[]): Sample {
    const out = execFileSync(process.execPath, args, { cwd: ROOT, encoding: "utf8", env: { ...process.env, PULUMI_NODEJS_TRANSPILE_ONLY: "true" } });
    return JSON.parse(out.trim().split("\n").pop()!) as Sample;
}

function median(xs: number[]): number {
    const s = [...xs].sort((a, b) => a - b);
    const m = Math.floor(s.length / 2);
    return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function measure(runs: number, args: string[]): { ms: number; last: Sample } {
    const samples = Array.from({ length: runs }, () => sample(args));
    return { ms: median(samples.map((s) => s.lastRegistered)), last: samples[samples.length - 1] };
}

/**
 * Median wall time of a whole command, in ms.
 * @param ok the exit statuses that mean it ran (the dev stack's plan exits 2: its documentation examples)
 */
function wall(runs: number, command: string, args: string[], env: NodeJS.ProcessEnv = process.env, ok = [0]): number {
    return median(Array.from({ length: runs }, () => {
        const start = performance.now();
        const r = spawnSync(command, args, { cwd: ROOT, stdio: "ignore", env });
        if (!ok.includes(r.status ?? -1)) throw new Error(`${command} ${args.join(" ")} failed (exit ${r.status})`);
        return performance.now() - start;
    }));
}

function warm(stacks: boolean): WarmFigures {
    const args = ["-r", "./scripts/register.js", "scripts/benchWarm.ts", "--runs", "60", "--profile", ...(stacks ? ["--stacks"] : [])];
    return JSON.parse(execFileSync(process.execPath, args, { cwd: ROOT, encoding: "utf8" }).trim()) as WarmFigures;
}

function main(): void {
    const { values } = parseArgs({ options: { runs: { type: "string", default: "5" }, write: { type: "boolean", default: false } } });
    const runs = Math.max(5, Number(values.runs));
    const benchRun = ["-r", "./scripts/register.js", "scripts/benchRun.ts"];
    const stack = (users?: number) => [...benchRun, "--stack", "dev", ...(users === undefined ? [] : ["--users", String(users)])];
    const mocha = path.join(ROOT, "node_modules", "mocha", "bin", "mocha.js");
    const testEnv = { ...process.env, CI: "true" }; // as CI runs it: the nginx test may not skip

    const floor = measure(runs, ["-e", FLOOR]);
    const dev = measure(runs, stack());
    const users = [1, 100, 500].map((n) => ({ n, ...measure(runs, stack(n)) }));
    const bare = [1, 500].map((n) => ({ n, ...measure(runs, [...benchRun, "--bare-users", String(n)]) }));
    const figures: BenchFigures = {
        date: new Date().toISOString().slice(0, 10),
        node: process.version,
        machine: `${os.cpus().length} × ${os.cpus()[0]?.model.trim() ?? "unknown CPU"}`,
        runs,
        floor: floor.ms,
        dev: { ms: dev.ms, resources: dev.last.resources ?? 0, depth: dev.last.depth ?? 0 },
        users: users.map((u) => ({ n: u.n, ms: u.ms, resources: u.last.resources ?? 0, depth: u.last.depth ?? 0 })),
        bare: bare.map((b) => ({ n: b.n, ms: b.ms })),
        tsNode: measure(runs, ["-r", "ts-node/register/transpile-only", "scripts/benchRun.ts", "--stack", "dev"]).ms,
        plan: wall(runs, process.execPath, ["-r", "./scripts/register.js", "scripts/plan.ts", "--stack", "dev"], process.env, [0, 2]),
        warm: warm(false),
        warmWithStacks: warm(true),
        suite: wall(3, process.execPath, [mocha, "--reporter", "dot"], testEnv),
        suiteParallel: wall(3, process.execPath, [mocha, "--reporter", "dot", "--parallel", "--jobs", String(os.cpus().length)], testEnv),
        baseline: JSON.parse(fs.readFileSync(path.join(__dirname, "bench-baseline.json"), "utf8")),
    };

    const line = (label: string, ms: number, extra = "") => `  ${label.padEnd(52)} ${ms.toFixed(0).padStart(6)} ms${extra}`;
    const xFloor = (ms: number) => `  ${(ms / figures.floor).toFixed(2)}x floor`;
    const out = [
        `mdai-cognito benchmark: medians; Node ${figures.node}, ${figures.machine}`,
        line("(1) floor: require the three Pulumi SDKs", floor.ms, xFloor(floor.ms)),
        line("(2) dev stack under mocks, to last registration", dev.ms, `${xFloor(dev.ms)}  (${figures.dev.resources} resources, graph depth ${figures.dev.depth})`),
        ...figures.users.map((u) => line(`(3) dev stack with ${u.n} user(s)`, u.ms, `${xFloor(u.ms)}  (${u.resources} resources, graph depth ${u.depth})`)),
        ...figures.bare.map((b) => line(`(3r) SDK alone: ${b.n} plain User registration(s)`, b.ms, xFloor(b.ms))),
        line("(2b) dev stack under ts-node transpile-only", figures.tsNode, xFloor(figures.tsNode)),
        line("(4) npm run plan --stack dev, whole process", figures.plan, xFloor(figures.plan)),
        line("(5) one program run, warm process, as the tests run it", figures.warm.medianMs, `  (quartiles ${figures.warm.q1Ms.toFixed(1)}-${figures.warm.q3Ms.toFixed(1)} ms, ${figures.warm.runs} runs)`),
        line("(5s) the same with the SDK's promise stack traces", figures.warmWithStacks.medianMs),
        line("(6) npm test, wall", figures.suite),
        line("(6p) npm test with mocha --parallel, wall", figures.suiteParallel),
    ];
    out.push("Targets:", ...targets(figures).map((t) => `  ${t.met ? "met   " : "MISSED"} ${t.what}`));
    process.stdout.write(out.join("\n") + "\n");
    if (values.write) {
        // The figures beside the document: a test holds the document to exactly what they render.
        fs.writeFileSync(path.join(ROOT, "docs", "benchmarks.json"), JSON.stringify(figures, null, 2) + "\n");
        fs.writeFileSync(path.join(ROOT, "docs", "benchmarks.md"), renderBenchDoc(figures));
        process.stdout.write("wrote docs/benchmarks.md and docs/benchmarks.json\n");
    }
}

if (require.main === module) main();
