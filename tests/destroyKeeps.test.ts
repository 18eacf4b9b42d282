import { expect } from "chai";
import * as path from "path";
import { KEPT_OUTSIDE_STATE, KEPT_RESOURCES } from "../components/keptByDestroy";
import { makePlan } from "../scripts/plan";
import { keptByDestroy } from "../scripts/planFacts";

const ROOT = path.join(__dirname, "..");

describe("what pulumi destroy keeps: one list (components/keptByDestroy.ts), the plan's and docs/destroy.md's", () => {
    it("names every kept resource of a stack with every retained feature, whole in --json, each under the entry that says why", async () => {
        const plan = await makePlan(ROOT, "dev", ["albAccessLogs=true", "allowedGroups[0]=ops", "groups.ops[0]=admin@example.com", "hostedZone=example.com", "certificateArn="], {});
        const kept = plan.keptByDestroy;
        // Every entry is reached: none is dead text in the docs.
        expect(kept.resources.map((k) => k.id).sort()).to.deep.equal(KEPT_RESOURCES.map((e) => e.id).sort());
        expect(kept.outsideState.map((k) => k.id).sort()).to.deep.equal(KEPT_OUTSIDE_STATE.map((e) => e.id).sort());
        // Whole: every retained resource the run registered is named, none cut.
        const retained = plan.resources.filter((r) => r.retainOnDelete).length;
        expect(kept.resources.reduce((n, k) => n + k.names.length, 0)).to.equal(retained).and.to.equal(12);
        expect(kept.resources.find((k) => k.id === "allowed-groups-gate")!.names).to.have.members(["mdai-allowed-groups-gate-role", "mdai-allowed-groups-gate-logs",
            "mdai-allowed-groups-gate-function", "mdai-allowed-groups-gate-invoke", "mdai-allowed-groups-gate-list-clients"]);
    });

    it("keeps nothing of the pool's with userPoolRetention delete, and says so of a stack without functions", async () => {
        const plan = await makePlan(ROOT, "dev", ["allowedGroups[0]=ops", "groups.ops[0]=admin@example.com", "userPoolRetention=delete"], {});
        expect(plan.keptByDestroy.resources).to.deep.equal([]);
        const bare = await makePlan(ROOT, "dev", ["users=[]", "userPoolRetention=delete"], {});
        expect(bare.keptByDestroy.outsideState.map((k) => k.id)).to.deep.equal(["alb-shared"]);
    });

    it("fails the plan on a kept resource the list has no entry for, rather than leave it out of the docs", () => {
        expect(() => keptByDestroy([{ type: "aws:s3/bucket:Bucket", name: "stray", parentType: "mdai:cognito:CognitoAuth", settings: {}, retainOnDelete: true }]))
            .to.throw("aws:s3/bucket:Bucket stray (under mdai:cognito:CognitoAuth) is kept by pulumi destroy but components/keptByDestroy.ts has no entry for it");
    });
});
