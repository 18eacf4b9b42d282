import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { PlanInputError, readPlanConfig } from "../scripts/planConfig";
import { LAMBDA_ENV_LIMIT_BYTES, gateEnvironmentBytes } from "../config/gateConfig";
import { baseConfig, reveal, runStack, runStackFailure, validateOnly } from "./harness";

const ROOT = path.join(__dirname, "..");

describe("no input makes the program or the plan spin: every list is bounded, every check near-linear", () => {
    it("refuses 20,000 users at once, quickly, saying how to manage that many", async () => {
        const start = performance.now();
        const users = JSON.stringify(Array.from({ length: 20000 }, (_, i) => `user${i}@acme.io`));
        const f = await runStackFailure({ config: { ...baseConfig(), users } });
        expect(f.error.message).to.contain("mdai-cognito:users").and.contain("at most 1000 users").and.contain("CSV user import");
        expect(f.resources).to.deep.equal([]);
        expect(performance.now() - start, "ms").to.be.below(5000);
    });

    it("refuses 20,000 public paths before comparing them, and compares the ones it takes in near-linear time", async () => {
        const many = JSON.stringify(Array.from({ length: 20000 }, (_, i) => `/p${i}`));
        const f = await runStackFailure({ config: { ...baseConfig(), publicPaths: many } });
        expect(f.error.message).to.contain("mdai-cognito:publicPaths").and.contain("20000 items");
        const overlapping = await runStackFailure({ config: { ...baseConfig(), publicPaths: '["/a/b/c","/x"]', apiPaths: '["/a","/x/y"]' } });
        expect(overlapping.error.message).to.contain("mdai-cognito:apiPaths is \"/a\": it overlaps /a/b/c in publicPaths")
            .and.contain("\"/x/y\": it overlaps /x in publicPaths");
    });

    it("refuses 60,000 members in one group, and 50 groups of 3,000, in seconds, naming the limit", async () => {
        for (const groups of [{ ops: Array.from({ length: 60000 }, (_, i) => `u${i}@acme.io`) },
            Object.fromEntries(Array.from({ length: 50 }, (_, g) => [`g${g}`, Array.from({ length: 3000 }, (_, i) => `u${i}@acme.io`)]))]) {
            const start = performance.now();
            const f = await runStackFailure({ config: { ...baseConfig(), groups: JSON.stringify(groups) } });
            expect(f.error.message).to.match(/mdai-cognito:groups\.(ops|g0) \(from [^)]*\) is "(60000|3000) members"/).and.contain("at most 1000 members per group and 2000 memberships in all");
            expect(f.resources).to.deep.equal([]);
            expect(performance.now() - start, "ms").to.be.below(5000);
        }
    });

    it("refuses more memberships in all than it manages, each group within its own limit", async () => {
        const groups = Object.fromEntries(Array.from({ length: 3 }, (_, g) => [`g${g}`, Array.from({ length: 700 }, (_, i) => `u${i}@acme.io`)]));
        const f = await runStackFailure({ config: { ...baseConfig(), groups: JSON.stringify(groups) } });
        expect(f.error.message).to.contain('mdai-cognito:groups (from stack config) is "2100 memberships"');
    });

    it("refuses gate lists over Lambda's 4 KB environment before anything is deployed, measured as Lambda measures them", async () => {
        const names = Array.from({ length: 50 }, (_, g) => `${"g".repeat(90)}-${g}`);
        const groups = JSON.stringify(Object.fromEntries(names.map((n) => [n, ["alice@acme.io"]])));
        const f = await runStackFailure({ config: { ...baseConfig(), users: '["alice@acme.io"]', groups, allowedGroups: JSON.stringify(names) } });
        expect(f.error.message).to.contain("mdai-cognito:allowedGroups").and.contain("Lambda limits to 4096 bytes").and.contain("leaves the previous list in force");
        expect(f.resources).to.deep.equal([]);
        const apps = Array.from({ length: 25 }, (_, n) => ({ name: `app-number-${n}`, hostname: `app${n}.example.com`, serviceName: "grafana", servicePort: 80, allowedGroups: names.slice(0, 2) }));
        const g = await runStackFailure({ config: { ...baseConfig(), users: '["alice@acme.io"]', groups, apps: JSON.stringify(apps) } });
        expect(g.error.message).to.contain("mdai-cognito:apps").and.contain("Lambda limits to 4096 bytes");
        // What fits is what the function gets: the check measures the environment the component deploys.
        const fits = names.slice(0, 20);
        const r = await runStack({ config: { ...baseConfig(), users: '["alice@acme.io"]', groups, allowedGroups: JSON.stringify(fits) } });
        const fn = r.ofType("aws:lambda/function:Function").find((x) => x.name.includes("allowed-groups"))!;
        const env = (reveal(fn.inputs.environment) as { variables: Record<string, string> }).variables;
        expect(Buffer.byteLength(JSON.stringify(env))).to.equal(gateEnvironmentBytes({ "*": fits })).and.be.at.most(LAMBDA_ENV_LIMIT_BYTES);
    });

    it("warns above Cognito's default of 50 invitation e-mails a day, with the way to raise it", () => {
        const users = JSON.stringify(Array.from({ length: 51 }, (_, i) => `user${i}@acme.io`));
        expect(validateOnly({ config: { ...baseConfig(), users } }).warnings.join("\n")).to.contain("51 addresses").and.contain("50 messages a day").and.contain("Amazon SES");
    });

    it("answers a YAML alias bomb in a stack file with a sentence, not a stack trace", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mdai-yaml-"));
        fs.copyFileSync(path.join(ROOT, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
        const bomb = ["a: &a [x, x, x, x, x, x, x, x, x, x]", ...Array.from({ length: 8 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}]`)];
        fs.writeFileSync(path.join(dir, "Pulumi.bomb.yaml"), `config:\n  mdai-cognito:uiHostname: mdai.acme.io\n${bomb.map((l) => `  mdai-cognito:${l}`).join("\n")}\n`);
        expect(() => readPlanConfig(dir, "bomb", [])).to.throw(PlanInputError, /^Pulumi\.bomb\.yaml: .*Write the values out/);
    });
});
