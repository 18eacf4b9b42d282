import * as aws from "@pulumi/aws";
import { expect } from "chai";
import { CognitoAuth } from "../components/cognitoAuth";
import { baseConfig, runProgram, runStack } from "./harness";
import { fakeCognitoSdk } from "./fakeSdk";
// The function as Lambda runs it: plain CommonJS.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const fn = require("../lambda/signOutRemovedUser.js") as {
    handlerWith(sdk: () => unknown): (e: unknown) => Promise<{ signedOut: string[] }>;
    signOutsFor(e: unknown): { userPoolId: string; username: string }[];
    run(users: { userPoolId: string; username: string }[], signOut: (u: unknown) => Promise<unknown>): Promise<{ signedOut: string[] }>;
};

const POOL = "us-east-1_AbC123dEf";
const alice = { userPoolId: POOL, username: "alice@acme.io" };
/** The payload as terraform-provider-aws lambda/invocation.go buildInput sends it with lifecycle scope CRUD. */
const payload = (input: object | undefined, action: string, prev: object | null) => ({ ...(input ?? {}), tf: { action, prev_input: prev } });
const awsError = (name: string) => Object.assign(new Error(`${name} happened`), { name });

describe("the removal sign-out function (lambda/signOutRemovedUser.js)", () => {
    it("signs the user out when its invocation is deleted, and does nothing when it is created", () => {
        expect(fn.signOutsFor(payload(alice, "create", null))).to.deep.equal([]);
        expect(fn.signOutsFor(payload(alice, "delete", alice))).to.deep.equal([alice]);
    });

    it("on an update signs out the user it no longer names, and nobody when it names the same one", () => {
        expect(fn.signOutsFor(payload(alice, "update", alice))).to.deep.equal([]);
        const moved = { userPoolId: "us-east-1_NewPool99", username: "alice@acme.io" };
        expect(fn.signOutsFor(payload(moved, "update", alice))).to.deep.equal([alice]);
        expect(fn.signOutsFor({ tf: { action: "delete" } })).to.deep.equal([]);
    });

    it("calls AdminUserGlobalSignOut as the API defines it, and counts a user or pool already gone as done", async () => {
        const sdk = fakeCognitoSdk();
        const handler = fn.handlerWith(() => sdk.module);
        expect(await handler(payload(alice, "delete", alice))).to.deep.equal({ signedOut: ["alice@acme.io"] });
        expect(sdk.sent).to.deep.equal([{ command: "AdminUserGlobalSignOut", input: { UserPoolId: POOL, Username: "alice@acme.io" } }]);
        expect(sdk.clients).to.deep.equal([{ maxAttempts: 6 }]);
        sdk.sent.length = 0;
        expect(await handler(payload(alice, "create", null))).to.deep.equal({ signedOut: [] });
        expect(sdk.sent).to.deep.equal([]);
        for (const gone of ["UserNotFoundException", "ResourceNotFoundException"]) {
            sdk.answer = () => Promise.reject(awsError(gone));
            expect(await handler(payload(alice, "delete", alice)), gone).to.deep.equal({ signedOut: [] });
        }
    });

    it("fails otherwise, so Pulumi keeps the user, and says how to finish by hand", async () => {
        const err = await fn.run([alice], () => Promise.reject(awsError("AccessDeniedException"))).then(() => undefined, (e: Error) => e);
        expect(err?.message).to.equal(`mdai-cognito could not sign alice@acme.io out of user pool ${POOL} (AccessDeniedException: AccessDeniedException happened), so the user was not deleted. ` +
            `Fix the cause and run pulumi up again, or sign them out by hand: aws cognito-idp admin-user-global-sign-out --user-pool-id ${POOL} --username alice@acme.io`);
    });
});

describe("users are signed out before they are deleted", () => {
    it("gives each user an invocation that depends on the user, the function and its policy, and lets the function only sign out in this pool", async () => {
        const r = await runStack({ config: { ...baseConfig(), users: '["alice@acme.io","bob@acme.io"]' } });
        const invocations = r.ofType("aws:lambda/invocation:Invocation");
        expect(invocations.map((i) => JSON.parse(i.inputs.input))).to.deep.equal([
            { userPoolId: "us-east-1_MockPool1", username: "alice@acme.io" }, { userPoolId: "us-east-1_MockPool1", username: "bob@acme.io" }]);
        for (const i of invocations) {
            expect(i.inputs.lifecycleScope).to.equal("CRUD");
            expect(i.inputs.functionName).to.match(/^mdai-removal-sign-out-function-[0-9a-f]{7}$/);
            const deps = r.registrations.find((g) => g.name === i.name)!.dependencies;
            const username = JSON.parse(i.inputs.input).username;
            for (const d of [`$aws:cognito/user:User::mdai-user-${username}`, "$aws:lambda/function:Function::mdai-removal-sign-out-function", "$aws:iam/rolePolicy:RolePolicy::mdai-removal-sign-out-sign-out-own-us-east-1"]) {
                expect(deps.some((x) => x.endsWith(d)), `${i.name} depends on ${d}`).to.equal(true);
            }
        }
        expect(JSON.parse(r.one("aws:iam/rolePolicy:RolePolicy").inputs.policy)).to.deep.equal({ Version: "2012-10-17", Statement: [{ Effect: "Allow",
            Action: ["cognito-idp:AdminUserGlobalSignOut"], Resource: "arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_MockPool1" }] });
        expect(r.one("aws:lambda/function:Function").inputs).to.deep.include({ runtime: "nodejs22.x", timeout: 30 });
        expect(r.one("aws:lambda/function:Function").inputs.environment).to.equal(undefined);
    });

    it("creates nothing for it without users, and nothing when the component is told not to", async () => {
        const none = await runStack({ config: baseConfig() });
        expect(none.ofType("aws:lambda/function:Function").concat(none.ofType("aws:lambda/invocation:Invocation"))).to.deep.equal([]);
        const off = await runProgram(async () => {
            const provider = new aws.Provider("aws", { region: "eu-central-1" });
            new CognitoAuth("team", { uiHostname: "team.example.com", domainPrefix: "team-login", users: ["a@acme.io"], signOutRemovedUsers: false }, { providers: [provider] });
            return {};
        });
        expect(off.ofType("aws:cognito/user:User")).to.have.length(1);
        expect(off.resources.filter((x) => x.type.startsWith("aws:lambda/") || x.type.startsWith("aws:iam/"))).to.deep.equal([]);
    });
});
