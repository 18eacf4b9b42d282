/**
 * npm run plan -- [--stack dev] [--set key=value …] [--json] [--manifests] [--out DIR] [--mau N] [--federated-mau N] [--token-requests N]
 *
 * Shows what a stack would deploy without AWS credentials, the Pulumi CLI or a network: it reads
 * the same config as `pulumi up` and runs the real program (index.ts) under Pulumi's mock engine.
 * Exit 0: deployable; 1: errors (bad config or arguments, a spec violation); 2: `pulumi up` would
 * refuse it (documentation example values left in). Under --json an error is a document too.
 */
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import { ConfigError, Problem } from "../config/errors";
import { FailedRun, runUnderMocks, lightenMockRuntime } from "./mockEngine";
import { PlanConfig, PlanInputError, readPlanConfig } from "./planConfig";
import { OFFLINE_INVOKES, Plan, buildPlan, cloudAssigned } from "./planReport";
import { renderText, wrap } from "./planText";
import program = require("../index");
import { neighbourProblems } from "./planNeighbours";
import { parseCommandArgs } from "./cliArgs";
import { exitHelp } from "./exitCodes";
import { Usage, planCost } from "./planUsage";

const PLAN_USAGE = "Usage: npm run plan -- [--stack dev] [--set key=value ...] [--json] [--manifests] [--out DIR] [--mau N] [--federated-mau N] [--token-requests N]";
import { resolveSources } from "../config/sources";
import { Settings, validateSettings } from "../config/validate";

const PROJECT_DIR = path.join(__dirname, "..");
export { PlanInputError };

/** Lists the files a plan wrote into --out, so the next plan removes exactly those (and only those). */
export const OUT_INDEX = ".mdai-plan-manifests";

export function writeManifests(dir: string, plan: Plan): string[] {
    if (fs.existsSync(dir) && !fs.statSync(dir).isDirectory()) {
        throw new PlanInputError(`--out ${dir} is a file: --out names a directory for the manifests. Choose a new or empty directory.`);
    }
    fs.mkdirSync(dir, { recursive: true });
    const index = path.join(dir, OUT_INDEX);
    const present = fs.readdirSync(dir);
    if (present.length && !present.includes(OUT_INDEX)) {
        throw new PlanInputError(`--out ${dir} is not empty and was not written by npm run plan. Choose a new or empty directory: the plan replaces the manifests it wrote there before and touches nothing else.`);
    }
    // Manifests of objects the new plan no longer has (an OIDC Secret after switching to cognito) must not linger.
    if (present.includes(OUT_INDEX)) {
        for (const name of fs.readFileSync(index, "utf8").split("\n").filter((n) => n && !n.includes("/"))) fs.rmSync(path.join(dir, name), { force: true });
    }
    const files = plan.manifests.map((m) => {
        const meta = (m.metadata ?? {}) as { name?: string; namespace?: string };
        const file = path.join(dir, `${String(m.kind).toLowerCase()}-${meta.namespace ?? "default"}-${meta.name}.yaml`);
        fs.writeFileSync(file, YAML.stringify(m, { lineWidth: 0 }));
        return file;
    });
    fs.writeFileSync(index, files.map((f) => path.basename(f)).join("\n") + "\n");
    return files;
}

/** The plan for a stack of the project in `projectDir`, as `pulumi up` would see its config. */
export async function makePlan(projectDir: string, stack: string, sets: string[], env: Record<string, string | undefined>): Promise<Plan> {
    return planFrom(projectDir, readPlanConfig(projectDir, stack, sets), env);
}

/** The plan for a stack config already read (readPlanConfig). */
export async function planFrom(projectDir: string, cfg: PlanConfig, env: Record<string, string | undefined>, usage: Usage = {}): Promise<Plan> {
    const run = await runUnderMocks(program, {
        project: cfg.project, stack: cfg.stack, config: cfg.config, secretKeys: cfg.secretKeys,
        env, cwd: projectDir, deploying: false, offline: true, configOrigins: cfg.origins, computed: cloudAssigned, invokes: OFFLINE_INVOKES,
    });
    const plan = buildPlan(cfg.stack, cfg.stackFile, run);
    return { ...plan, cost: planCost(plan, usage) };
}

/** Where the command line writes, and what it reads besides its arguments: a process's, or a test's. */
export interface PlanIo {
    stdout(text: string): void;
    stderr(text: string): void;
    env: Record<string, string | undefined>;
    /** @default the project this script belongs to */
    projectDir?: string;
}

/** A failure as lines a person reads: each problem wrapped to the terminal, the rest as written. */
export const readable = (message: string) => message.split("\n").flatMap((l) => (l.startsWith("  - ") ? wrap(l.slice(4), "  - ", "    ") : wrap(l))).join("\n");

/**
 * An error the user fixes (config, arguments): written readable to stderr and, under --json, as a
 * document on stdout (a CI step that parses stdout gets the problems with their keys); returns 1.
 * Undefined for any other error, which the caller reports as a crash.
 */
export function reportInputError(err: unknown, io: PlanIo, json: boolean): 1 | undefined {
    const e = err instanceof FailedRun ? err.error : err;
    const known = e instanceof ConfigError || e instanceof PlanInputError || (e as { code?: string }).code?.startsWith("ERR_PARSE_ARGS");
    if (!known) return undefined;
    io.stderr(`${readable((e as Error).message)}\n`);
    if (json) {
        const problems: Problem[] = (e as { problems?: Problem[] }).problems?.length ? (e as { problems: Problem[] }).problems : [{ key: "", message: (e as Error).message }];
        io.stdout(JSON.stringify({ ok: false, exitCode: 1, problems, warnings: (e as { warnings?: string[] }).warnings ?? [] }, null, 2) + "\n");
    }
    return 1;
}

/** Refuses what this stack and another of the directory would do to each other (planNeighbours.ts); this stack's own errors the plan reports itself. */
function checkNeighbours(projectDir: string, cfg: PlanConfig, env: Record<string, string | undefined>): void {
    let self: Settings;
    try {
        self = validateSettings(resolveSources({ stackConfig: cfg.config, secretKeys: cfg.secretKeys, configOrigins: cfg.origins, env, cwd: projectDir, stack: cfg.stack }));
    } catch {
        return;
    }
    const problems = neighbourProblems(projectDir, cfg.stack, self, env);
    if (problems.length) throw new ConfigError(problems, self.warnings);
}

/** A count given on the command line: a whole number from 0 to 100 million. */
function count(v: string | undefined, option: string): number | undefined {
    if (v === undefined) return undefined;
    if (!/^\d{1,9}$/.test(v.trim()) || Number(v) > 1e8) throw new PlanInputError(`${option} ${JSON.stringify(v)}: give a whole number of a month's users or requests, from 0 to 100000000 (e.g. ${option} 250).`);
    return Number(v);
}

/** `npm run plan -- <argv>`: writes the plan, returns the exit code. */
export async function planCommand(argv: string[], io: PlanIo): Promise<number> {
    try {
        return await plan(argv, io);
    } catch (err) {
        const code = reportInputError(err, io, argv.includes("--json"));
        if (code === undefined) io.stderr(`${(err instanceof FailedRun ? err.error : err as Error).stack ?? String(err)}\n`);
        return code ?? 1;
    }
}

async function plan(argv: string[], io: PlanIo): Promise<number> {
    const { values } = parseCommandArgs(argv, {
        stack: { type: "string", default: "dev" },
        set: { type: "string", multiple: true, default: [] },
        json: { type: "boolean", default: false },
        manifests: { type: "boolean", default: false },
        out: { type: "string" },
        mau: { type: "string" },
        "federated-mau": { type: "string" },
        "token-requests": { type: "string" },
        help: { type: "boolean", default: false },
    }, PLAN_USAGE);
    if (values.help) {
        io.stdout(`${PLAN_USAGE}\n${exitHelp("plan")}`);
        return 0;
    }
    const projectDir = io.projectDir ?? PROJECT_DIR;
    const cfg = readPlanConfig(projectDir, values.stack!, values.set!);
    checkNeighbours(projectDir, cfg, io.env);
    const usage = { mau: count(values.mau, "--mau"), federatedMau: count(values["federated-mau"], "--federated-mau"), tokenRequests: count(values["token-requests"], "--token-requests") };
    const plan = await planFrom(projectDir, cfg, io.env, usage);
    const files = values.out ? writeManifests(path.resolve(values.out), plan) : [];
    if (values.json) io.stdout(JSON.stringify({ ...plan, manifestFiles: files }, null, 2) + "\n");
    else {
        io.stdout(renderText(plan, { manifests: values.manifests }));
        if (files.length) io.stdout(`\nWrote ${files.length} manifest(s) to ${path.resolve(values.out!)}.\n`);
    }
    return plan.exitCode;
}

if (require.main === module) {
    lightenMockRuntime();
    const io: PlanIo = { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t), env: process.env };
    planCommand(process.argv.slice(2), io).then((code) => process.exit(code));
}
