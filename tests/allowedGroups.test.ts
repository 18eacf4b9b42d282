import { expect } from "chai";
import { ConfigError } from "../config/errors";
import { renderText } from "../scripts/planText";
import { buildPlan } from "../scripts/planReport";
import { EXTERNAL_IDP, baseConfig, reveal, runStack, runStackFailure, validateOnly } from "./harness";
import { fakeCognitoSdk } from "./fakeSdk";
// The trigger as Lambda runs it: plain CommonJS, no dependencies.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const gate = require("../lambda/allowedGroups.js") as {
    handler(e: unknown): Promise<unknown>; handle(e: unknown, lookup: (pool: string, id: string, fresh?: boolean) => Promise<string | undefined>): Promise<unknown>;
    decide(e: unknown, a: object, clientName?: string): { allow: boolean; reason?: string }; parseAllowed(t?: string): object;
    clientNames(page: (pool: string, next?: string) => Promise<unknown>, ttlMs?: number, now?: () => number): (pool: string, id: string, fresh?: boolean) => Promise<string | undefined>;
    lookupWith(sdk: unknown): (pool: string, id: string, fresh?: boolean) => Promise<string | undefined>;
};

/** A pre token generation event as Cognito sends it (V1_0), for a user in `groups`. */
const event = (groups: string[] | undefined, triggerSource = "TokenGeneration_HostedAuth", clientId = "client-a") => ({
    version: "1", triggerSource, region: "us-east-1", userPoolId: "us-east-1_AbC123dEf", userName: "8f1b-…",
    callerContext: { awsSdkVersion: "aws-sdk-unknown-unknown", clientId },
    request: { userAttributes: { email: "alice@acme.io" }, groupConfiguration: { groupsToOverride: groups ?? [], iamRolesToOverride: [], preferredRole: null } },
    response: { claimsOverrideDetails: null },
});

describe("the allowed-groups trigger (lambda/allowedGroups.js)", () => {
    it("issues tokens to a member of an allowed group, at sign-in and at a refresh, and to everyone when no group is required", () => {
        for (const source of ["TokenGeneration_HostedAuth", "TokenGeneration_RefreshTokens", "TokenGeneration_Authentication"]) {
            expect(gate.decide(event(["viewers", "operators"], source), { "*": ["operators"] }).allow, source).to.equal(true);
        }
        expect(gate.decide(event([]), {}).allow).to.equal(true);
        expect(gate.decide(event([]), { "*": [] }).allow).to.equal(true);
    });

    it("refuses everyone else, at a refresh too, with a sentence the user can act on", async () => {
        const verdict = gate.decide(event(["viewers"], "TokenGeneration_RefreshTokens"), { "*": ["operators"] });
        expect(verdict).to.deep.equal({ allow: false, reason: "Your account is not in a group allowed to use this console. Ask an administrator to add you to one." });
        expect(gate.decide(event(undefined), { "*": ["operators"] }).allow).to.equal(false);
        process.env.ALLOWED_GROUPS = JSON.stringify({ "*": ["operators"] });
        try {
            await gate.handler(event(["viewers"])).then(() => expect.fail("the handler let a non-member in"), (err: Error) => expect(err.message).to.contain("not in a group allowed"));
            expect(await gate.handler(event(["operators"]))).to.deep.include({ triggerSource: "TokenGeneration_HostedAuth" });
        } finally {
            delete process.env.ALLOWED_GROUPS;
        }
    });

    it("gives each app client its own list and the shared client \"*\", reads groups in either documented shape", () => {
        const lists = { "*": ["operators"], shared: "mdai-app-client", clients: { "mdai-app-client-grafana": ["grafana-users"], "mdai-app-client-public": [] } };
        expect(gate.decide(event(["grafana-users"]), lists, "mdai-app-client-grafana").allow).to.equal(true);
        expect(gate.decide(event(["operators"]), lists, "mdai-app-client-grafana").allow).to.equal(false);
        expect(gate.decide(event(["grafana-users"]), lists, "mdai-app-client").allow).to.equal(false);
        expect(gate.decide(event(["operators"]), lists, "mdai-app-client").allow).to.equal(true);
        expect(gate.decide(event([]), lists, "mdai-app-client-public").allow, "an app's empty list lets everyone in").to.equal(true);
        const arrayShape = { ...event([]), request: { groupConfiguration: [{ groupsToOverride: ["operators"] }] } };
        expect(gate.decide(arrayShape, { "*": ["operators"] }).allow).to.equal(true);
    });

    it("never opens by accident: an unknown client with per-client lists, and any configuration not of its shape, refuse everyone", () => {
        const lists = { shared: "mdai-app-client", clients: { "mdai-app-client-grafana": ["grafana-users"] } };
        // The shared client has no "*" here: everyone may use it; a client renamed a moment ago, or not the stack's, may not.
        expect(gate.decide(event([]), lists, "mdai-app-client").allow).to.equal(true);
        for (const name of [undefined, "mdai-app-client-old-name", "constructor", "__proto__"]) {
            expect(gate.decide(event(["grafana-users"]), lists, name), String(name)).to.deep.equal({ allow: false,
                reason: "The sign-in check does not know this app. Try again in a minute; if it persists, tell an administrator." });
        }
        const broken = ["{not json", "", "[]", "null", '"*"', '{"*":"operators"}', '{"*":[1]}', '{"clients":{"a":["x"]}}', '{"shared":"s","clients":{"a":"x"}}',
            '{"shared":"s","clients":{"a":[1]}}', '{"shared":"s","clients":[]}', '{"shared":1,"clients":{"a":["x"]}}'];
        for (const text of [...broken, undefined]) {
            expect(gate.parseAllowed(text), String(text)).to.deep.equal({ broken: true });
            for (const name of ["s", "a", undefined]) expect(gate.decide(event(["operators", "x", "adm", "1"]), gate.parseAllowed(text), name).allow, `${text} ${name}`).to.equal(false);
        }
        expect(gate.decide(event([]), gate.parseAllowed("{}"), "any").allow, "{}: the gate kept open after allowedGroups was emptied").to.equal(true);
    });

    it("names the client by listing the pool's clients (every page), at most once a minute, and again when asked for a fresh answer", async () => {
        const calls: (string | undefined)[] = [];
        const pages: Record<string, { UserPoolClients: { ClientId: string; ClientName: string }[]; NextToken?: string }> = {
            first: { UserPoolClients: [{ ClientId: "client-a", ClientName: "mdai-app-client" }], NextToken: "p2" },
            p2: { UserPoolClients: [{ ClientId: "client-b", ClientName: "mdai-app-client-grafana" }] },
        };
        let clock = 0;
        const nameOf = gate.clientNames(async (pool, next) => { calls.push(`${pool}:${next ?? "first"}`); return pages[next ?? "first"]; }, 60000, () => clock);
        expect(await nameOf("us-east-1_AbC123dEf", "client-b")).to.equal("mdai-app-client-grafana");
        expect(await nameOf("us-east-1_AbC123dEf", "client-a")).to.equal("mdai-app-client");
        expect(await nameOf("us-east-1_AbC123dEf", "client-a", true), "fresh, but listed a moment ago").to.equal("mdai-app-client");
        expect(await nameOf("us-east-1_AbC123dEf", "client-x"), "unknown, listed a moment ago").to.equal(undefined);
        expect(calls).to.deep.equal(["us-east-1_AbC123dEf:first", "us-east-1_AbC123dEf:p2"]);
        pages.p2.UserPoolClients.push({ ClientId: "client-c", ClientName: "mdai-app-client-prometheus" });
        clock = 5000;
        expect(await nameOf("us-east-1_AbC123dEf", "client-c"), "an id not seen lists again").to.equal("mdai-app-client-prometheus");
        pages.p2.UserPoolClients[0].ClientName = "mdai-team-client-grafana";
        clock = 10000;
        expect(await nameOf("us-east-1_AbC123dEf", "client-b"), "cached").to.equal("mdai-app-client-grafana");
        expect(await nameOf("us-east-1_AbC123dEf", "client-b", true), "fresh").to.equal("mdai-team-client-grafana");
        pages.p2.UserPoolClients[0].ClientName = "renamed-again";
        clock = 70001;
        expect(await nameOf("us-east-1_AbC123dEf", "client-b"), "a minute later").to.equal("renamed-again");
        expect(calls).to.have.length(8);
        // A listing that fails on its second page leaves nothing half-known: the next lookup lists again, whole.
        const failing = gate.clientNames(async (_pool, next) => { if (next) throw new Error("Rate exceeded"); return pages.first; }, 60000, () => clock);
        await failing("us-east-1_AbC123dEf", "client-a").then(() => expect.fail("a failed page was ignored"), (e: Error) => expect(e.message).to.equal("Rate exceeded"));
        await failing("us-east-1_AbC123dEf", "client-a").then(() => expect.fail("a half listing was served from the cache"), (e: Error) => expect(e.message).to.equal("Rate exceeded"));
    });

    it("lists the clients with ListUserPoolClients as the API defines it, page by page", async () => {
        const sdk = fakeCognitoSdk();
        sdk.answer = async (_c, input) => (input.NextToken ? { UserPoolClients: [{ ClientId: "client-b", ClientName: "mdai-app-client-grafana" }] }
            : { UserPoolClients: [{ ClientId: "client-a", ClientName: "mdai-app-client" }], NextToken: "page-2" });
        expect(await gate.lookupWith(sdk.module)("us-east-1_AbC123dEf", "client-b")).to.equal("mdai-app-client-grafana");
        expect(sdk.sent).to.deep.equal([{ command: "ListUserPoolClients", input: { UserPoolId: "us-east-1_AbC123dEf", MaxResults: 60, NextToken: undefined } },
            { command: "ListUserPoolClients", input: { UserPoolId: "us-east-1_AbC123dEf", MaxResults: 60, NextToken: "page-2" } }]);
    });

    it("asks Cognito only with per-client lists, asks again for a name it does not know, and refuses when it cannot ask", async () => {
        const lookups: string[] = [];
        let renamed = false;
        const lookup = async (_pool: string, id: string, fresh?: boolean) => {
            lookups.push(`${id}${fresh ? " fresh" : ""}`);
            return id === "client-b" ? (renamed && fresh ? "mdai-app-client-grafana" : "mdai-app-client-old") : "mdai-app-client";
        };
        process.env.ALLOWED_GROUPS = JSON.stringify({ "*": ["operators"] });
        try {
            expect(await gate.handle(event(["operators"]), lookup)).to.deep.include({ triggerSource: "TokenGeneration_HostedAuth" });
            expect(lookups).to.deep.equal([]);
            process.env.ALLOWED_GROUPS = JSON.stringify({ "*": ["operators"], shared: "mdai-app-client", clients: { "mdai-app-client-grafana": ["grafana-users"] } });
            renamed = true;
            expect(await gate.handle(event(["grafana-users"], "TokenGeneration_RefreshTokens", "client-b"), lookup)).to.deep.include({ triggerSource: "TokenGeneration_RefreshTokens" });
            expect(lookups).to.deep.equal(["client-b", "client-b fresh"]);
            await gate.handle(event(["grafana-users"], "TokenGeneration_HostedAuth", "client-a"), lookup).then(() => expect.fail("the console's client let a grafana-only user in"),
                (err: Error) => expect(err.message).to.contain("not in a group allowed"));
            renamed = false;
            await gate.handle(event(["grafana-users"], "TokenGeneration_HostedAuth", "client-b"), lookup).then(() => expect.fail("a client of an unknown name let someone in"),
                (err: Error) => expect(err.message).to.contain("does not know this app"));
            const failing = async () => { throw Object.assign(new Error("Rate exceeded"), { name: "TooManyRequestsException" }); };
            await gate.handle(event(["operators"], "TokenGeneration_HostedAuth", "client-a"), failing).then(() => expect.fail("a failed lookup let someone in"),
                (err: Error) => expect(err.message).to.equal("The sign-in check could not run. Try again in a minute; if it persists, tell an administrator."));
        } finally {
            delete process.env.ALLOWED_GROUPS;
        }
    });
});

describe("groups and allowedGroups in the stack config", () => {
    const members = JSON.stringify({ operators: ["Alice@acme.io"], viewers: ["bob@acme.io", "dana@acme.io"] });

    it("creates the groups and memberships, each membership after the user it names, and the gate in front of the pool", async () => {
        const r = await runStack({ config: { ...baseConfig(), users: '["alice@acme.io","bob@acme.io"]', groups: members, allowedGroups: '["operators"]' } });
        const groups = r.ofType("aws:cognito/userGroup:UserGroup");
        expect(groups.map((g) => g.inputs.name)).to.deep.equal(["operators", "viewers"]);
        const memberships = r.ofType("aws:cognito/userInGroup:UserInGroup");
        expect(memberships.map((m) => `${m.inputs.groupName}:${m.inputs.username}`).sort()).to.deep.equal(["operators:alice@acme.io", "viewers:bob@acme.io", "viewers:dana@acme.io"]);
        const alice = r.registrations.find((g) => g.name === "mdai-group-operators-member-alice@acme.io")!;
        expect(alice.dependencies.some((d) => d.endsWith("::mdai-user-alice@acme.io"))).to.equal(true);
        expect(r.warnings().join("\n")).to.contain("groups.viewers lists dana@acme.io, who is not in users");

        const ofGate = (type: string) => r.ofType(type).filter((x) => x.name.startsWith("mdai-allowed-groups-gate"));
        const [fn] = ofGate("aws:lambda/function:Function");
        expect(fn.inputs).to.deep.include({ runtime: "nodejs22.x", handler: "index.handler", timeout: 5 });
        expect(JSON.parse((reveal(fn.inputs.environment) as { variables: { ALLOWED_GROUPS: string } }).variables.ALLOWED_GROUPS)).to.deep.equal({ "*": ["operators"] });
        const pool = r.one("aws:cognito/userPool:UserPool");
        expect(pool.inputs.lambdaConfig).to.deep.equal({ preTokenGenerationConfig: { lambdaArn: "arn:aws:lambda:us-east-1:123456789012:function:mdai-allowed-groups-gate-function-e4f5a6b", lambdaVersion: "V1_0" } });
        // The role may list the pool's client names from the start, so that an app's own list added later does not wait for IAM.
        expect(ofGate("aws:iam/rolePolicy:RolePolicy").map((x) => JSON.parse(x.inputs.policy).Statement[0].Action)).to.deep.equal([["cognito-idp:ListUserPoolClients"]]);
        const permission = r.one("aws:lambda/permission:Permission");
        expect(permission.inputs).to.deep.include({ action: "lambda:InvokeFunction", principal: "cognito-idp.amazonaws.com", sourceArn: "arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_MockPool1" });
        const [role] = ofGate("aws:iam/role:Role");
        expect(JSON.parse(role.inputs.assumeRolePolicy).Statement).to.deep.equal([{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }]);
        expect(ofGate("aws:iam/rolePolicyAttachment:RolePolicyAttachment").map((a) => a.inputs.policyArn)).to.have.length(1);
        expect(ofGate("aws:iam/rolePolicyAttachment:RolePolicyAttachment")[0].inputs.policyArn).to.equal("arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole");
        expect(r.outputs.allowedGroups).to.deep.equal(["operators"]);
    });

    const gated = { ...baseConfig(), users: '["alice@acme.io"]', groups: '{"operators":["alice@acme.io"]}', allowedGroups: '["operators"]' };

    it("keeps the gate with the pool: retained on destroy with a retained pool, deleted with it otherwise", async () => {
        const gateParts = ["aws:iam/role:Role", "aws:iam/rolePolicyAttachment:RolePolicyAttachment", "aws:lambda/function:Function", "aws:lambda/permission:Permission"];
        for (const [config, retained] of [[gated, true], [{ ...gated, userPoolRetention: "delete" }, false]] as const) {
            const r = await runStack({ config });
            const retention = retained ? "retain" : "delete";
            expect(r.registrations.filter((g) => gateParts.includes(g.type) && g.name.startsWith("mdai-allowed-groups-gate")).map((g) => Boolean(g.retainOnDelete)), retention).to.deep.equal([retained, retained, retained, retained]);
        }
    });

    it("creates no gate without allowedGroups, and records that in a stash", async () => {
        const r = await runStack({ config: baseConfig() });
        expect(r.ofType("aws:lambda/function:Function")).to.deep.equal([]);
        expect(r.one("aws:cognito/userPool:UserPool").inputs.lambdaConfig).to.equal(undefined);
        expect(r.registrations.find((g) => g.name === "mdai-allowed-groups-gate")!.type).to.equal("pulumi:index:Stash");
    });

    it("says in the plan who may sign in, and passes the API models' checks", async () => {
        const r = await runStack({ config: gated });
        const plan = buildPlan("dev", "Pulumi.dev.yaml", r);
        expect(plan.specs.findings).to.deep.equal([]);
        expect(renderText(plan).replace(/\s+/g, " ")).to.contain("Who signs in members of operators: the pool refuses tokens to everyone else, at sign-in and at every refresh");
    });

    const refused: [string, Record<string, string>, string, string][] = [
        ["an allowed group groups does not declare", { groups: '{"operators":["a@acme.io"]}', allowedGroups: '["admins"]' }, "mdai-cognito:allowedGroups[0]", "pulumi config set --path 'groups.admins[0]' <e-mail address>"],
        ["a misspelt allowed group, with the declared one it is closest to", { groups: '{"operators":["a@acme.io"]}', allowedGroups: '["operater"]' }, "mdai-cognito:allowedGroups[0]",
            "mdai-cognito:allowedGroups[0] (from stack config) is \"operater\": groups does not declare it, so no member of it is known to the stack. Did you mean operators? `pulumi config set --path 'allowedGroups[0]' operators`; or declare it with its members."],
        ["allowedGroups with an external IdP", { userPoolDomain: "", oidc: JSON.stringify(EXTERNAL_IDP), allowedGroups: '["operators"]' }, "mdai-cognito:allowedGroups", "Restrict who may use the client mdai-console at the identity provider"],
        ["allowedGroups with authMode none", { authMode: "none", allowedGroups: '["operators"]' }, "mdai-cognito:allowedGroups", "Remove allowedGroups"],
        ["a group name with a space", { groups: '{"ops team":["a@acme.io"]}' }, "mdai-cognito:groups.ops team", 'Use "ops-team".'],
        ["a member that is not an e-mail address", { groups: '{"operators":["alice"]}' }, "mdai-cognito:groups.operators[0]", "name@domain"],
        ["a member listed twice", { groups: '{"operators":["a@acme.io","A@acme.io"]}' }, "mdai-cognito:groups.operators[1]", "Remove the duplicate"],
        ["a group that is not a list", { groups: '{"operators":"a@acme.io"}' }, "mdai-cognito:groups.operators", "pulumi config set --path 'groups.operators[0]'"],
    ];
    for (const [what, config, key, fix] of refused) {
        it(`refuses ${what}, before anything is created`, async () => {
            const f = await runStackFailure({ config: { ...baseConfig(), ...config }, secretKeys: config.oidc ? ["oidc"] : [] });
            const mine = (f.error as ConfigError).problems.filter((p) => p.key === key);
            expect(mine.map((p) => p.message).join("\n"), f.error.message).to.contain(fix);
            expect(f.resources).to.deep.equal([]);
        });
    }

    it("the fixes it suggests pass: declaring the group, removing allowedGroups", () => {
        expect(() => validateOnly({ config: { ...baseConfig(), groups: '{"operators":["a@acme.io"],"admins":["a@acme.io"]}', allowedGroups: '["admins"]', users: '["a@acme.io"]' } })).not.to.throw();
        expect(() => validateOnly({ config: { ...baseConfig(), userPoolDomain: "", oidc: JSON.stringify(EXTERNAL_IDP) }, secretKeys: ["oidc"] })).not.to.throw();
        expect(() => validateOnly({ config: { ...baseConfig(), groups: '{"ops-team":["a@acme.io"]}', users: '["a@acme.io"]' } })).not.to.throw();
        expect(() => validateOnly({ config: { ...baseConfig(), groups: '{"operators":["a@acme.io"]}', allowedGroups: '["operators"]', users: '["a@acme.io"]' } })).not.to.throw();
        for (const cidr of ["198.51.100.0/24", "10.0.0.0/8", "10.0.0.1/32"]) expect(() => validateOnly({ config: { ...baseConfig(), inboundCidrs: JSON.stringify([cidr]) } }), cidr).not.to.throw();
    });
});
