import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { AWS_PROVIDER_SETTINGS } from "../config/awsProvider";
import { defaultLoadBalancerName, stackScopedName } from "../config/names";
import { checkLoadBalancerName } from "../config/rules";
import { ConfigError } from "../config/errors";
import { ACCOUNT, baseConfig, certArn, eksClusterArn, emptyProjectDir, isSecretInput, reveal, runStack, runStackFailure, writeKubeconfig } from "./harness";

const providerInputs = async (config: Record<string, string>, opts: { secretKeys?: string[]; cwd?: string } = {}) => {
    const r = await runStack({ config: { ...baseConfig(), ...config }, ...opts });
    return { r, inputs: Object.fromEntries(r.ofType("pulumi:providers:aws").map((p) => [p.name, p.inputs])) };
};

describe("the explicit AWS providers get every aws: setting", () => {
    it("knows every argument of @pulumi/aws's ProviderArgs (held to provider.d.ts, so an upgrade cannot drop one)", () => {
        const dts = fs.readFileSync(require.resolve("@pulumi/aws/provider.d.ts"), "utf8");
        const body = dts.slice(dts.indexOf("export interface ProviderArgs"), dts.indexOf("\n}", dts.indexOf("export interface ProviderArgs")));
        const args = [...body.matchAll(/^\s+(\w+)\?:/gm)].map((m) => m[1]).filter((a) => a !== "region");
        expect(Object.keys(AWS_PROVIDER_SETTINGS)).to.have.members(args);
    });

    it("hands credentials, endpoints, FIPS, web identity and skip flags to both providers, typed, keeping secrets secret", async () => {
        const endpoints = [{ cognitoidp: "https://cognito-idp.example.test" }];
        const { inputs } = await providerInputs({
            "aws:accessKey": "AKIAEXAMPLE", "aws:secretKey": "s3cr3t-key", "aws:token": "session-token", "aws:endpoints": JSON.stringify(endpoints),
            "aws:useFipsEndpoint": "true", "aws:skipCredentialsValidation": "true", "aws:maxRetries": "7",
            "aws:assumeRoleWithWebIdentity": JSON.stringify({ roleArn: "arn:aws:iam::210987654321:role/ci", webIdentityTokenFile: "/var/run/token" }),
        }, { secretKeys: ["aws:secretKey"] });
        for (const name of ["mdai-aws", "mdai-aws-cognito"]) {
            const p = inputs[name];
            for (const k of ["accessKey", "secretKey", "token"]) expect(isSecretInput(p[k]), `${name} ${k} is secret`).to.equal(true);
            expect(reveal(p.secretKey)).to.equal("s3cr3t-key");
            // Provider inputs reach the engine as JSON text.
            expect(JSON.parse(p.endpoints)).to.deep.equal(endpoints);
            expect(JSON.parse(p.assumeRoleWithWebIdentity).roleArn).to.equal("arn:aws:iam::210987654321:role/ci");
            expect([p.useFipsEndpoint, p.skipCredentialsValidation, p.maxRetries]).to.deep.equal(["true", "true", "7"]);
        }
    });

    it("refuses a malformed structured value and warns about an aws: key the provider does not have", async () => {
        const f = await runStackFailure({ config: { ...baseConfig(), "aws:endpoints": "cognito=https://x", "aws:useFipsEndpoint": "sometimes" } });
        expect(f.error.message).to.contain('aws:endpoints (from stack config) is "cognito=https://x": it is not a valid structured value')
            .and.contain('aws:useFipsEndpoint (from stack config) is "sometimes": it is not a valid boolean');
        const { r } = await providerInputs({ "aws:profiel": "x" });
        expect(r.warnings().join("\n")).to.contain("aws:profiel is not a setting of the AWS provider (a typo?)");
    });
});

const dir = (text: string) => {
    const d = emptyProjectDir();
    fs.mkdirSync(path.join(d, "values"));
    fs.writeFileSync(path.join(d, "values/aws.env"), text);
    return d;
};

const certIn = (account: string) => certArn("us-east-1").replace(ACCOUNT, account);

describe("the values file's AWS account and profile", () => {
    it("become the providers' profile and allowed account, so credentials of another account are refused before anything is created", async () => {
        const { inputs } = await providerInputs({ certificateArn: certIn("210987654321") }, { cwd: dir("AWS_PROFILE=mdai-prod\nAWS_ACCOUNT_ID=210987654321\n") });
        expect(inputs["mdai-aws-cognito"].profile).to.equal("mdai-prod");
        expect(JSON.parse(inputs["mdai-aws-cognito"].allowedAccountIds)).to.deep.equal(["210987654321"]);
    });

    it("yield to aws:profile and aws:allowedAccountIds in stack config", async () => {
        const { inputs } = await providerInputs({ "aws:profile": "ops", "aws:allowedAccountIds": '["111111111111"]', certificateArn: certIn("111111111111") }, { cwd: dir("AWS_PROFILE=mdai-prod\nAWS_ACCOUNT=210987654321\n") });
        expect(inputs["mdai-aws"].profile).to.equal("ops");
        expect(JSON.parse(inputs["mdai-aws"].allowedAccountIds)).to.deep.equal(["111111111111"]);
    });

    it("refuses an account ID that is not 12 digits", async () => {
        const f = await runStackFailure({ config: baseConfig(), cwd: dir("AWS_ACCOUNT_ID=2109-8765-4321\n") });
        expect(f.error.message).to.contain('AWS_ACCOUNT_ID (from AWS_ACCOUNT_ID in values/aws.env) is "2109-8765-4321": an AWS account ID is 12 digits');
    });
});

describe("ARNs the user gives are held to the account the stack is locked to", () => {
    const other = "111111111111";
    const cert = certIn(other);
    const waf = `arn:aws:wafv2:us-east-1:${other}:regional/webacl/mdai/0b9b5a4e-2f3c-4d1e-9a8b-7c6d5e4f3a2b`;

    it("refuses a certificate and a web ACL of another account than AWS_ACCOUNT_ID, with fixes that name the locked account", async () => {
        const f = await runStackFailure({ config: { ...baseConfig(), certificateArn: cert, wafAclArn: waf }, cwd: dir(`AWS_ACCOUNT_ID=${ACCOUNT}\n`) });
        const [c, w] = (f.error as ConfigError).problems;
        expect(c.key).to.equal("mdai-cognito:certificateArn");
        expect(c.message).to.contain(`the certificate is in account ${other}, but the stack is locked to ${ACCOUNT} (AWS_ACCOUNT_ID in values/aws.env)`)
            .and.contain(`Use a certificate from ACM in account ${ACCOUNT}, or correct AWS_ACCOUNT_ID in values/aws.env if this stack belongs to ${other}.`);
        expect(w.key).to.equal("mdai-cognito:wafAclArn");
        expect(f.resources).to.deep.equal([]);
    });

    it("refuses them under aws:allowedAccountIds and aws:forbiddenAccountIds, and accepts them in an allowed account", async () => {
        const allowed = await runStackFailure({ config: { ...baseConfig(), certificateArn: cert, "aws:allowedAccountIds": `["${ACCOUNT}"]` } });
        expect(allowed.error.message).to.contain("(aws:allowedAccountIds)");
        const forbidden = await runStackFailure({ config: { ...baseConfig(), certificateArn: cert, "aws:forbiddenAccountIds": `["${other}"]` } });
        expect(forbidden.error.message).to.contain(`the certificate is in account ${other}, which aws:forbiddenAccountIds excludes`);
        await runStack({ config: { ...baseConfig(), certificateArn: cert, "aws:allowedAccountIds": `["${ACCOUNT}","${other}"]` } });
    });

    it("refuses a kubeconfig whose context is an EKS cluster of another account", async () => {
        const kube = writeKubeconfig([{ name: "prod", cluster: eksClusterArn("us-east-1").replace(ACCOUNT, other) }]);
        const config = { ...baseConfig(), clusterName: "", kubeconfig: kube, kubeContext: "prod", "aws:allowedAccountIds": `["${ACCOUNT}"]` };
        const f = await runStackFailure({ config });
        expect(f.error.message).to.contain(`its context "prod" is the EKS cluster mdai-test, which is in account ${other}, but the stack is locked to ${ACCOUNT}`)
            .and.contain(`Choose the context of a cluster in account ${ACCOUNT}`);
        await runStack({ config: { ...config, "aws:allowedAccountIds": "" } });
    });
});

describe("stack-scoped default names", () => {
    it("give every stack its own valid ALB name of at most 32 characters", () => {
        const stacks = ["dev", "prod", "Prod_EU", "production-eu-west-1-a", "production-eu-west-1-b", "a.b", "x".repeat(60)];
        const names = stacks.map(defaultLoadBalancerName);
        expect(names.slice(0, 2)).to.deep.equal(["mdai-console-dev", "mdai-console-prod"]);
        expect(new Set(names).size).to.equal(stacks.length);
        for (const n of names) expect(checkLoadBalancerName(n), n).to.equal(undefined);
        expect(stackScopedName("p", "dev", 63)).to.equal("p-dev");
    });
});
