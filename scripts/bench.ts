/**
 * npm run bench -- [--runs 5]
 *
 * Start-up cost of the program, each figure the median of --runs fresh processes, timed inside the
 * process from its start (performance.now()), so Node's own boot is counted the same way everywhere:
 *   (1) floor: a bare require of @pulumi/pulumi, @pulumi/aws and @pulumi/kubernetes;
 *   (2) the dev stack evaluated under mocks, start to last resource registered;
 *   (3) the same with 1, 100 and 500 users;
 *   (3r) reference: 1 and 500 plain aws.cognito.User registrations without the program, the SDK's
 *        own per-resource cost under mocks;
 *   (2b) the dev stack under ts-node in transpile-only mode, which is how `pulumi up` loads the
 *        program with tsconfig's noCheck (Pulumi's runtime adds ts-node and its source maps);
 *   (4) `npm run plan --stack dev` as a whole process, wall time, spec checks included.
 * Also prints the depth of the creation graph and whether the targets are met.
 */
import { execFileSync, spawnSync } from "child_process";
import * as os from "os";
import * as path from "path";
import { parseArgs } from "util";

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

function main(): void {
    const { values } = parseArgs({ options: { runs: { type: "string", default: "5" } } });
    const runs = Math.max(5, Number(values.runs));
    const benchRun = ["-r", "./scripts/register.js", "scripts/benchRun.ts"];
    const stack = (users?: number) => [...benchRun, "--stack", "dev", ...(users === undefined ? [] : ["--users", String(users)])];

    const floor = measure(runs, ["-e", FLOOR]);
    const dev = measure(runs, stack());
    const users = [1, 100, 500].map((n) => ({ n, ...measure(runs, stack(n)) }));
    const bare = [1, 500].map((n) => ({ n, ...measure(runs, [...benchRun, "--bare-users", String(n)]) }));
    const tsNode = measure(runs, ["-r", "ts-node/register/transpile-only", "scripts/benchRun.ts", "--stack", "dev"]);
    const plan = median(Array.from({ length: runs }, () => {
        const start = performance.now();
        spawnSync(process.execPath, ["-r", "./scripts/register.js", "scripts/plan.ts", "--stack", "dev"], { cwd: ROOT, stdio: "ignore" });
        return performance.now() - start;
    }));

    const cpu = os.cpus()[0]?.model ?? "unknown CPU";
    const line = (label: string, ms: number, extra = "") => `  ${label.padEnd(46)} ${ms.toFixed(0).padStart(6)} ms  ${(ms / floor.ms).toFixed(2)}x floor${extra}`;
    const out = [
        `mdai-cognito start-up benchmark: median of ${runs} fresh processes; Node ${process.version}, ${os.cpus().length} x ${cpu}`,
        line("(1) floor: require the three Pulumi SDKs", floor.ms),
        line("(2) dev stack under mocks, to last registration", dev.ms, `  (${dev.last.resources} resources, graph depth ${dev.last.depth})`),
        ...users.map((u) => line(`(3) dev stack with ${u.n} user(s)`, u.ms, `  (${u.last.resources} resources, graph depth ${u.last.depth})`)),
        ...bare.map((b) => line(`(3r) SDK alone: ${b.n} plain User registration(s)`, b.ms)),
        `  per user: program ${((users[2].ms - users[0].ms) / 499).toFixed(1)} ms, SDK alone ${((bare[1].ms - bare[0].ms) / 499).toFixed(1)} ms`,
        line("(2b) dev stack under ts-node transpile-only", tsNode.ms),
        line("(4) npm run plan --stack dev, whole process", plan),
    ];
    const targets: [string, boolean][] = [
        ["(2) <= 1.3x floor", dev.ms <= 1.3 * floor.ms],
        ["500 users < 2x the 1-user figure", users[2].ms < 2 * users[0].ms],
        ["graph depth <= 3", Math.max(dev.last.depth ?? 0, ...users.map((u) => u.last.depth ?? 0)) <= 3],
    ];
    out.push("Targets:", ...targets.map(([t, ok]) => `  ${ok ? "met   " : "MISSED"} ${t}`));
    process.stdout.write(out.join("\n") + "\n");
}

main();
