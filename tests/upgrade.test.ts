import { expect } from "chai";
import { runStack } from "./harness";
import { Obj, diffObjects, objects } from "./lifecycle";
import { SECRET_MASK, readFixtures } from "./upgrade/fixture";
import { MIGRATIONS } from "./upgrade/migrations";

describe("upgrading a stack an earlier release deployed (tests/fixtures/upgrade)", () => {
    const fixtures = readFixtures();
    it("has a recorded state for every representative stack", () => {
        expect(fixtures.map((f) => f.stack)).to.include.members(["cognito", "route53-apps", "oidc-pool", "external-idp-kubeconfig"]);
    });

    for (const f of fixtures) {
        it(`${f.version} → this version, ${f.stack}: replaces and deletes only what a documented migration says`, async () => {
            const now = objects(await runStack(f.run), SECRET_MASK); // masked as the fixture is
            const steps = diffObjects(new Map(f.objects.map((o): [string, Obj] => [o.urn, o])), now);
            const undocumented = steps.filter((s) => s.kind === "replace" || s.kind === "delete")
                .filter((s) => !MIGRATIONS.some((m) => m.from === f.version && m.step === s.kind && m.urn.test(s.urn)))
                .map((s) => `${s.kind} ${s.urn}${s.because ? ` (${s.because.join(", ")})` : ""}`);
            expect(undocumented, "steps no documented migration covers").to.deep.equal([]);
        });
    }
});
