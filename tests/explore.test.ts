/**
 * The twin's exploration, a small fixed sample within npm test's budget; `npm run explore` (CI too)
 * runs 200 sequences. The sequences it found before they were fixed are rows of the day-2 table
 * (tests/twin/dayTwo.ts): an app renamed with its hostname kept, pool moves with users, and the
 * stack's own pool used again after it was left.
 */
import { expect } from "chai";
import { exploration, isRefusal, stats, step, Model, Real } from "./twin/explore";
import { Twin } from "./twin/twin";

describe("the twin explores: random first deploys and sequences of documented changes leave a sound state after every step", () => {
    it("a fixed sample of sequences (seed 20261204), each step checked", async function () {
        this.timeout(20000);
        const before = stats.runs;
        await exploration({ numRuns: 2, maxCommands: 6, seed: 20261204 });
        expect(stats.runs - before, "pulumi up runs").to.be.at.least(4);
    });

    it("fails, naming the step and what went wrong, when a change breaks the state", async () => {
        const m: Model = { apps: [], hostedZone: false, users: [], scheme: "internet-facing", waf: false, signOut: true, paths: false, pool: "own", external: false, authMode: "auto", gate: false, idps: [], localUsers: true };
        const real: Real = { twin: new Twin(), log: [], foreign: [] };
        expect(await step(real, m, "first deploy")).to.equal(true);
        // Behind the program's back: the hosted-UI domain is deleted, so nobody can sign in.
        real.twin.world.domainPrefixes.clear();
        const err = await step(real, { ...m, waf: true }, "add wafAclArn").then(() => undefined, (e: Error) => e);
        expect(err?.message).to.contain("add wafAclArn: mdai.example.com's login sends users to the hosted-UI domain mdai-login-test, which does not exist")
            .and.contain("after: first deploy");
        expect(isRefusal(new Error("mdai-cognito: 1 configuration problem; nothing was deployed:"))).to.equal(true);
        expect(isRefusal(new Error("InvalidChangeBatch: already exists"))).to.equal(false);
    });
});
