import { expect } from "chai";
import { EXTERNAL_IDP, baseConfig, runStack } from "./harness";
import { Obj, diffObjects, objects } from "./lifecycle";
import { SECRET_MASK, hashSecret, readFixtures } from "./upgrade/fixture";
import { MIGRATIONS } from "./upgrade/migrations";
import { UPGRADE_STACKS } from "./upgrade/stacks";

describe("upgrading a stack an earlier release deployed (tests/fixtures/upgrade)", () => {
    const fixtures = readFixtures();
    it("has a recorded state for every representative stack", () => {
        expect(fixtures.map((f) => f.stack)).to.include.members(Object.keys(UPGRADE_STACKS));
    });

    for (const f of fixtures) {
        it(`${f.version} → this version, ${f.stack}: replaces and deletes only what a documented migration says`, async () => {
            const now = objects(await runStack(f.run), f.secrets === "hash" ? hashSecret : SECRET_MASK); // masked as the fixture is
            const steps = diffObjects(new Map(f.objects.map((o): [string, Obj] => [o.urn, o])), now);
            const undocumented = steps.filter((s) => s.kind === "replace" || s.kind === "delete")
                .filter((s) => !MIGRATIONS.some((m) => m.from === f.version && m.step === s.kind && m.urn.test(s.urn)))
                .map((s) => `${s.kind}${s.retained ? " (kept in the cloud)" : ""} ${s.urn}${s.because ? ` (${s.because.join(", ")})` : ""}`);
            expect(undocumented, "steps no documented migration covers").to.deep.equal([]);
        });
    }

    it("keeps what tells a changed state apart: a secret's hash, replaceOnChanges and retainOnDelete", async () => {
        const oidc = (secret: string) => ({ config: { ...baseConfig(), userPoolDomain: "", oidc: JSON.stringify({ ...EXTERNAL_IDP, clientSecret: secret }) }, secretKeys: ["oidc"] });
        const [a, b] = [objects(await runStack(oidc("first-secret-1a2b")), hashSecret), objects(await runStack(oidc("second-secret-3c4d")), hashSecret)];
        const text = JSON.stringify([...a.values()]);
        expect(text).not.to.contain("first-secret-1a2b");
        // A Kubernetes Secret whose data changes is replaced: with every secret masked alike, the guard could not see it.
        expect(diffObjects(a, b).filter((s) => s.type === "kubernetes:core/v1:Secret").map((s) => s.kind)).to.deep.equal(["replace"]);
        const ingress = [...a.values()].find((o) => o.type.endsWith(":Ingress"))!;
        expect(ingress.replaceOnChanges).to.include('metadata.annotations["alb.ingress.kubernetes.io/scheme"]');
        expect([...objects(await runStack({ config: baseConfig() })).values()].find((o) => o.type === "aws:cognito/userPool:UserPool")!.retainOnDelete).to.equal(true);
    });
});
