import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { ConfigError } from "../config/errors";
import { FIX_FIRST } from "../program";
import { checkStackConfig, cliAccepts } from "../config/keyCheck";
import { keySpec } from "../config/keys";
import { closest } from "../config/suggest";
import { decideAuth } from "../region/decide";
import { EXTERNAL_IDP, baseConfig, certArn, emptyProjectDir, runStack, runStackFailure } from "./harness";

const withFiles = (files: Record<string, string>): string => {
    const dir = emptyProjectDir();
    for (const [name, text] of Object.entries(files)) {
        fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
        fs.writeFileSync(path.join(dir, name), text);
    }
    return dir;
};
const problems = (e: Error) => (e as ConfigError).problems.map((p) => p.message);

describe("nothing the user wrote is silently ignored", () => {
    it("refuses a misspelt key in the stack config, naming the closest declared key", async () => {
        const f = await runStackFailure({ config: { ...baseConfig(), sessionTimout: "28800" } });
        expect(problems(f.error)).to.deep.equal(['mdai-cognito:sessionTimout (from stack config) is "28800": mdai-cognito has no such key, so this value would be ignored. ' +
            "Did you mean sessionTimeout? The keys are listed in Pulumi.yaml and docs/configuration.md; remove this one with `pulumi config rm sessionTimout`."]);
        expect(f.resources).to.deep.equal([]);
    });

    it("refuses a key under a misspelt project name or another project's namespace, and says where it belongs", async () => {
        const f = await runStackFailure({ config: { ...baseConfig(), "mdai-cogntio:users": '["a@acme.io"]', "mdai:sessionTimeout": "3600", "aws:profile": "x", "kubernetes:context": "y" } });
        const msgs = problems(f.error);
        expect(msgs).to.have.length(2);
        expect(msgs[0]).to.contain("mdai-cogntio:users (from stack config)").and.contain("the project is mdai-cognito, so nothing reads the namespace mdai-cogntio")
            .and.contain("`pulumi config rm mdai-cogntio:users`");
        expect(msgs[1]).to.contain("mdai:sessionTimeout").and.contain("`pulumi config set sessionTimeout <value>`");
        expect(f.resources).to.deep.equal([]);
    });

    it("says to drop a --set rather than run pulumi config rm when the unknown key came from --set", () => {
        const msgs = checkStackConfig({ "mdai-cognito:sessionTimout": "1", "mdai-cognito:oidc.issuer": "https://x.acme.io" }, [],
            (full) => `--set ${full.slice("mdai-cognito:".length)}`).map((p) => p.message);
        expect(msgs[0]).to.contain("drop --set sessionTimout").and.not.contain("pulumi config rm");
        expect(msgs[1]).to.contain("Drop --set oidc.issuer and set it with --path");
    });

    it("recognises a flat key from a forgotten --path and says how to set it", async () => {
        const f = await runStackFailure({ config: { ...baseConfig(), "oidc.issuer": "https://login.example.org", "users[0]": "a@acme.io" } });
        const msg = f.error.message;
        expect(msg).to.contain('mdai-cognito:oidc.issuer (from stack config) is "https://login.example.org": it is a flat key named "oidc.issuer", not a field of oidc (the usual result of forgetting --path)')
            .and.contain("`pulumi config rm oidc.issuer`").and.contain("`pulumi config set --path oidc.issuer <value>`");
        expect(msg).to.contain("not an item of users");
        expect(msg).not.to.contain("no external identity provider");
    });

    for (const [where, opts] of [
        ["the process environment", { env: { MDAI_NAMESPCE: "mdai" } }],
        ["the values file", { cwd: withFiles({ "values/dev.env": "MDAI_NAMESPCE=mdai\n" }) }],
    ] as const) {
        it(`reports a misspelt MDAI_ variable in ${where} with the closest known name, also alongside errors`, async () => {
            const r = await runStack({ config: baseConfig(), ...opts });
            const warning = r.warnings().find((w) => w.includes("MDAI_NAMESPCE"))!;
            expect(warning).to.match(new RegExp(`^${where === "the values file" ? "values/dev\\.env" : "the environment"} sets MDAI_NAMESPCE, which mdai-cognito does not read \\(a typo\\?\\)\\. Did you mean MDAI_NAMESPACE\\?`));
            const f = await runStackFailure({ config: { ...baseConfig(), servicePort: "0" }, ...opts });
            expect(f.error.message).to.contain("Warnings, which may explain them:").and.contain("Did you mean MDAI_NAMESPACE?");
        });
    }

    it("stays quiet about the MDAI installer's own variables", async () => {
        const r = await runStack({ config: baseConfig(), cwd: withFiles({ "values/aws.env": "MDAI_EC2_INSTANCE_CLASS=t2\nMDAI_CLUSTER_CAPACITY=10\nKARPENTER=true\nAWS_SSO_ROLE=x\n" }), env: { MDAI_CONSOLE_VERSION: "0.2.2" } });
        expect(r.warnings().filter((w) => !w.startsWith(FIX_FIRST))).to.deep.equal([]);
    });

    describe("settings the chosen mode does not use are reported as ignored", () => {
        it("with an external IdP: every pool setting", async () => {
            const r = await runStack({ config: { ...baseConfig(), userPoolDomain: "", oidc: JSON.stringify(EXTERNAL_IDP), users: '["a@acme.io"]', mfa: "on", selfSignUp: "true", passwordMinimumLength: "12" }, secretKeys: ["oidc"] });
            const w = r.warnings();
            for (const k of ["users", "mfa", "selfSignUp"]) expect(w).to.include(`${k} is set but ignored: with an external identity provider (mdai-cognito:oidc) no Cognito user pool is created.`);
            // Set to its default, as Pulumi.yaml passes it: nothing to report, and no weak-setting warning either.
            expect(w.join("\n")).not.to.contain("passwordMinimumLength").and.not.to.contain("selfSignUp is true");
        });

        it("with none: the pool, the session and the IdP", async () => {
            const r = await runStack({ config: { ...baseConfig(), userPoolDomain: "", authMode: "none", sessionTimeout: "600", users: '["a@acme.io"]' } });
            expect(r.warnings()).to.include.members(["sessionTimeout is set but ignored: authMode none turns authentication off.", "users is set but ignored: authMode none creates no Cognito user pool."]);
        });

        it("in cognito mode: the OIDC Secret's reader", async () => {
            const r = await runStack({ config: { ...baseConfig(), lbControllerServiceAccount: "alb/controller" } });
            expect(r.warnings()).to.include("lbControllerServiceAccount is set but ignored: authMode cognito needs no OIDC Secret for the controller to read.");
        });
    });
});

describe("per-stack values files", () => {
    const files = { "values/aws.env": "MDAI_UI_HOSTNAME=shared.acme.io\n", "values/prod.env": "MDAI_UI_HOSTNAME=prod.acme.io\n" };
    const config = { ...baseConfig(), uiHostname: "" };

    it("reads values/<stack>.env when it exists, and says which file it read", async () => {
        const r = await runStack({ stack: "prod", config, cwd: withFiles(files) });
        expect(r.outputs.uiUrl).to.equal("https://prod.acme.io/");
        expect(r.logs).to.deep.include({ level: "info", message: "values file: values/prod.env" });
    });

    it("falls back to values/aws.env for a stack without one", async () => {
        const r = await runStack({ stack: "dev", config, cwd: withFiles(files) });
        expect(r.outputs.uiUrl).to.equal("https://shared.acme.io/");
        expect(r.logs).to.deep.include({ level: "info", message: "values file: values/aws.env" });
    });

    it("names the file it read (or would read) in the fix for a missing value", async () => {
        const f = await runStackFailure({ stack: "prod", config: { ...config, userPoolDomain: "" }, cwd: withFiles(files) });
        expect(f.error.message).to.contain("Set MDAI_UI_USER_POOL_DOMAIN in values/prod.env or");
        const none = await runStackFailure({ stack: "qa", config });
        expect(none.error.message).to.contain("Set MDAI_UI_HOSTNAME in values/qa.env (or values/aws.env) or");
    });
});

describe("the types pulumi up checks, checked here too", () => {
    const cases: [string, string, string][] = [
        ["users", "alice@acme.io,bob@acme.io", "Pulumi.yaml declares users as type 'array<string>'. Set it as a list, one item at a time: `pulumi config set --path 'users[0]' <value>`."],
        ["ingressWaitMinutes", "ten", "Pulumi.yaml declares ingressWaitMinutes as type 'integer'"],
        ["selfSignUp", "yes", "Pulumi.yaml declares selfSignUp as type 'boolean'"],
        ["oidc", '["https://login.example.org"]', "Pulumi.yaml declares oidc as type 'object'"],
        // An annotation's name holds dots and slashes: the --path hint quotes it, or the CLI would split it into fields.
        ["extraAnnotations", "alb.ingress.kubernetes.io/tags=team=mdai", "Set its fields with `pulumi config set --path 'extraAnnotations[\"<annotation>\"]' <value>`"],
        ["uiHostname", '{"host":"mdai.acme.io"}', "Pulumi.yaml declares uiHostname as type 'string'"],
    ];
    for (const [key, value, message] of cases) {
        it(`refuses ${key} given as ${JSON.stringify(value)}, as pulumi up would, once`, async () => {
            const f = await runStackFailure({ config: { ...baseConfig(), [key]: value } });
            const mine = (f.error as ConfigError).problems.filter((p) => p.key === `mdai-cognito:${key}`);
            expect(mine.map((p) => p.message)).to.deep.equal([`mdai-cognito:${key} (from stack config) is ${JSON.stringify(value)}: pulumi up refuses it: ${mine[0].message.split("pulumi up refuses it: ")[1]}`]);
            expect(mine[0].message).to.contain(message);
        });
    }

    it("accepts what the CLI accepts: numeric and boolean strings, lists and objects as JSON", () => {
        expect(cliAccepts(keySpec("ingressWaitMinutes"), "15")).to.equal(true);
        expect(cliAccepts(keySpec("selfSignUp"), "False")).to.equal(true);
        expect(cliAccepts(keySpec("users"), '["a@acme.io"]')).to.equal(true);
        expect(cliAccepts(keySpec("users"), '[1]')).to.equal(false);
        expect(cliAccepts(keySpec("oidc"), "{}")).to.equal(true);
    });
});

describe("first-run rough edges", () => {
    it("refuses a certificate whose partition is not the region's", async () => {
        const arn = "arn:aws:acm:cn-north-1:210987654321:certificate/0b9b5a4e-2f3c-4d1e-9a8b-7c6d5e4f3a2b";
        const f = await runStackFailure({ config: { ...baseConfig("cn-north-1"), certificateArn: arn, userPoolDomain: "", oidc: JSON.stringify(EXTERNAL_IDP) }, secretKeys: ["oidc"] });
        expect(f.error.message).to.contain(`mdai-cognito:certificateArn (from stack config) is "${arn}": an ARN in cn-north-1 starts with arn:aws-cn:, not arn:aws:`);
        const ok = await runStack({ config: { ...baseConfig("cn-north-1"), certificateArn: certArn("cn-north-1"), userPoolDomain: "", oidc: JSON.stringify(EXTERNAL_IDP) }, secretKeys: ["oidc"] });
        expect(ok.outputs.authMode).to.equal("oidc");
    });

    it("suggests the closest known region for an unknown one", () => {
        const d = decideAuth({ authMode: "auto", region: "eu-west-9", cognitoRegion: "eu-west-9", externalIdp: false });
        expect(d.warnings[0]).to.contain("eu-west-9 is not in the region table (region/regions.ts). Did you mean eu-west-1?");
        expect(closest("sessionTimout", ["sessionTimeout", "servicePort"])).to.equal("sessionTimeout");
        expect(closest("completelyDifferent", ["sessionTimeout"])).to.equal(undefined);
    });
});
