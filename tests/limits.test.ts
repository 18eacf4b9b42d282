import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { PlanInputError, readPlanConfig } from "../scripts/planConfig";
import { baseConfig, runStackFailure, validateOnly } from "./harness";

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
