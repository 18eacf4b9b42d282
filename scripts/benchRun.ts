/**
 * One benchmark sample, in a fresh process: evaluates the real program (index.ts) for a stack
 * under the mock engine and prints, as JSON, when the last resource was registered (ms since the
 * process started) and the depth of the creation graph.
 *   node -r ./scripts/register.js scripts/benchRun.ts [--stack dev] [--users N] [--bare-users N]
 * --bare-users registers N plain aws.cognito.User resources instead of running the program: the
 * SDK's own cost per resource, as a reference for what the program adds per user.
 */
import * as aws from "@pulumi/aws";
import * as path from "path";
import { parseArgs } from "util";
import { graphDepth, runUnderMocks } from "./mockEngine";
import { readPlanConfig } from "./planConfig";
import { OFFLINE_INVOKES, cloudAssigned } from "./planReport";
import program = require("../index");

async function main(): Promise<void> {
    const { values } = parseArgs({ options: { stack: { type: "string", default: "dev" }, users: { type: "string" }, "bare-users": { type: "string" } } });
    const sets = values.users === undefined ? [] : [`users=${JSON.stringify(Array.from({ length: Number(values.users) }, (_, i) => `user${i}@example.com`))}`];
    const projectDir = path.join(__dirname, "..");
    const cfg = readPlanConfig(projectDir, values.stack!, sets);
    const bare = values["bare-users"];
    const bareUsers = async () => {
        for (let i = 0; i < Number(bare); i++) new aws.cognito.User(`user${i}`, { userPoolId: "pool", username: `user${i}@example.com` });
        return {};
    };
    const run = await runUnderMocks(bare === undefined ? program : bareUsers, {
        project: cfg.project, stack: cfg.stack, config: cfg.config, secretKeys: cfg.secretKeys,
        env: {}, cwd: projectDir, deploying: false, offline: true, computed: cloudAssigned, invokes: OFFLINE_INVOKES,
    });
    const lastRegistered = Math.max(...run.registrations.map((r) => r.at));
    process.stdout.write(JSON.stringify({ lastRegistered, depth: graphDepth(run.registrations), resources: run.registrations.length }) + "\n");
}

main().then(() => process.exit(0), (err: Error) => {
    process.stderr.write(`${err.stack ?? err}\n`);
    process.exit(1);
});
