import { expect } from "chai";
import { ConfigError } from "../config/errors";
import { POOL_OWNER_TAG } from "../wiring/auth";
import { buildPlan } from "../scripts/planReport";
import { renderText } from "../scripts/planText";
import { RunOptions, baseConfig, runStack, runStackFailure } from "./harness";

const POOL = "us-east-1_Installer1";
const withDomain = { [POOL]: { domain: "mdai-installer-login" } };
const existing = (over: Record<string, string> = {}) => ({ ...baseConfig(), userPoolDomain: "", userPoolId: POOL, ...over });

describe("userPoolId: an existing user pool", () => {
    it("adds only the app client to a pool with a domain, and changes nothing of the pool", async () => {
        const r = await runStack({ config: existing({ mfa: "on" }), userPools: withDomain });
        expect(r.ofType("aws:cognito/userPool:UserPool")).to.deep.equal([]);
        expect(r.ofType("aws:cognito/userPoolDomain:UserPoolDomain")).to.deep.equal([]);
        expect(r.one("aws:cognito/userPoolClient:UserPoolClient").inputs.userPoolId).to.equal(POOL);
        expect(r.outputs.userPoolId).to.equal(POOL);
        expect(r.outputs.hostedUiUrl).to.equal("https://mdai-installer-login.auth.us-east-1.amazoncognito.com");
        expect(JSON.parse(r.ingress().inputs.metadata.annotations["alb.ingress.kubernetes.io/auth-idp-cognito"])).to.deep.include({ userPoolDomain: "mdai-installer-login" });
        expect(r.warnings()).to.include("mfa is set but ignored: userPoolId names an existing pool, which the program never changes.");
        expect(r.invokes.filter((i) => i.token === "aws:cognito/getUserPool:getUserPool").map((i) => i.inputs.userPoolId)).to.deep.equal([POOL]);
    });

    it("adds userPoolDomain to a pool that has none", async () => {
        const r = await runStack({ config: existing({ userPoolDomain: "acme-mdai" }), userPools: { [POOL]: {} } });
        expect(r.one("aws:cognito/userPoolDomain:UserPoolDomain").inputs).to.deep.include({ domain: "acme-mdai", userPoolId: POOL });
    });

    it("tags the pools it creates, so that no stack adopts its own", async () => {
        const r = await runStack({ config: baseConfig() });
        expect(r.one("aws:cognito/userPool:UserPool").inputs.tags).to.deep.equal({ [POOL_OWNER_TAG]: "mdai-cognito/dev" });
    });

    const refusedAtDeploy: [string, Record<string, string>, NonNullable<RunOptions["userPools"]>, string][] = [
        ["a pool that does not exist", existing(), {}, "no such user pool in us-east-1 for these credentials"],
        ["another domain than the pool's", existing({ userPoolDomain: "acme-mdai" }), withDomain, "has the hosted-UI domain mdai-installer-login, and userPoolDomain asks for acme-mdai"],
        ["a pool without a domain and no userPoolDomain", existing(), { [POOL]: {} }, "has no hosted-UI domain, which the login needs: set userPoolDomain"],
        ["a pool where anyone may sign up", existing(), { [POOL]: { domain: "x", selfSignUp: true } }, "lets anyone sign up (its AllowAdminCreateUserOnly is false): anyone could create an account there"],
    ];
    for (const [what, config, userPools, message] of refusedAtDeploy) {
        it(`refuses ${what} before anything is created`, async () => {
            const f = await runStackFailure({ config, userPools });
            expect(f.error.message).to.contain(message).and.contain("nothing was changed");
            expect(f.resources.filter((x) => !x.type.startsWith("pulumi:"))).to.deep.equal([]);
        });
    }

    const refused: [string, Record<string, string>, string, string][] = [
        ["an ID that is not a pool ID", { userPoolId: "mdai-user-pool" }, "mdai-cognito:userPoolId", "list-user-pools"],
        ["a pool of another region", { userPoolId: "eu-west-1_AbC123" }, "mdai-cognito:userPoolId", "Set cognitoRegion to eu-west-1"],
        ["allowedGroups with an existing pool", { userPoolId: POOL, groups: '{"ops":["a@acme.io"]}', allowedGroups: '["ops"]', users: '["a@acme.io"]' }, "mdai-cognito:allowedGroups", "userPoolId names an existing pool, which the program never changes"],
    ];
    for (const [what, config, key, fix] of refused) {
        it(`refuses ${what}`, async () => {
            const f = await runStackFailure({ config: { ...baseConfig(), ...config }, userPools: withDomain });
            expect((f.error as ConfigError).problems.filter((p) => p.key === key).map((p) => p.message).join("\n"), f.error.message).to.contain(fix);
            expect(f.resources).to.deep.equal([]);
        });
    }

    it("accepts a pool where anyone may sign up only when selfSignUp says so, with a warning", async () => {
        const r = await runStack({ config: existing({ selfSignUp: "true" }), userPools: { [POOL]: { domain: "mdai-installer-login", selfSignUp: true } } });
        expect(r.warnings().join("\n")).to.contain(`userPoolId ${POOL} lets anyone sign up, and selfSignUp is true`).and.not.contain("selfSignUp is set but ignored");
        expect(r.one("aws:cognito/userPoolClient:UserPoolClient").inputs.userPoolId).to.equal(POOL);
    });

    it("accepts a pool this stack created and no longer manages (its state holds no record of managing it); the twin proves the refusal while it does", async () => {
        const r = await runStack({ config: existing(), userPools: { [POOL]: { domain: "mdai-dev-login", tags: { [POOL_OWNER_TAG]: "mdai-cognito/dev" } } } });
        expect(r.one("aws:cognito/userPoolClient:UserPoolClient").inputs.userPoolId).to.equal(POOL);
        expect(r.resources.filter((x) => x.type === "pulumi:index:Stash").map((x) => [x.name, x.inputs.input])).to.deep.include([`mdai-manages-pool-${POOL}`, false]);
    });

    it("says plainly in the plan that users who were in another pool are deleted there and invited anew", async () => {
        const r = await runStack({ config: existing({ users: '["a@acme.io"]' }), userPools: withDomain });
        expect(renderText(buildPlan("dev", "Pulumi.dev.yaml", r)).replace(/\s+/g, " ")).to.contain("If they were in another pool until now (the stack's own, or another userPoolId), " +
            `this pulumi up signs them out and deletes them there, and invites them anew in ${POOL}: each gets a new temporary password and sets up MFA again`);
        const own = await runStack({ config: { ...baseConfig(), users: '["a@acme.io"]' } });
        expect(renderText(buildPlan("dev", "Pulumi.dev.yaml", own))).not.to.contain("If they were in another pool");
    });

    it("warns about users already in the pool and about a retention that would delete the stack's own pool", async () => {
        const r = await runStack({ config: existing({ users: '["a@acme.io"]', userPoolRetention: "delete" }), userPools: withDomain });
        expect(r.warnings().join("\n")).to.contain("users with userPoolId: list only addresses not yet in that pool").and.contain("userPoolRetention is delete: a pool this stack created");
    });
});
