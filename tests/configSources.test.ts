import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { resolveSources, Sources } from "../config/sources";
import { validateSettings } from "../config/validate";
import { ConfigError } from "../config/errors";
import { FIX_FIRST } from "../program";
import { baseConfig, certArn, emptyProjectDir, runStack, runStackFailure } from "./harness";

/** A project directory with the given values/aws.env (or none). */
export function projectDir(envFile?: string, name = "values/aws.env"): string {
    const dir = emptyProjectDir();
    if (envFile !== undefined) {
        fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
        fs.writeFileSync(path.join(dir, name), envFile);
    }
    return dir;
}

const sources = (over: Partial<Sources>): Sources => ({ stackConfig: {}, secretKeys: [], env: {}, cwd: projectDir(), stack: "dev", ...over });

describe("config precedence: stack config > environment > values file", () => {
    const file = [
        "AWS_REGION=eu-west-1",
        "MDAI_UI_HOSTNAME=file.example.com",
        "MDAI_UI_USER_POOL_DOMAIN=file-prefix",
        `MDAI_UI_ACM_ARN=${certArn("eu-west-1")}`,
        "MDAI_NAMESPACE=from-file",
        "MDAI_CLUSTER_NAME=mdai-file",
    ].join("\n");

    it("takes everything from the values file when nothing else sets it", () => {
        const s = validateSettings(resolveSources(sources({ cwd: projectDir(file) })));
        expect(s).to.include({ region: "eu-west-1", uiHostname: "file.example.com", userPoolDomain: "file-prefix", namespace: "from-file", authMode: "auto" });
    });

    it("lets the environment override the file, and stack config override both", () => {
        const resolved = resolveSources(sources({
            cwd: projectDir(file),
            env: { MDAI_UI_HOSTNAME: "env.example.com", MDAI_NAMESPACE: "from-env" },
            stackConfig: { "mdai-cognito:namespace": "from-config" },
        }));
        const s = validateSettings(resolved);
        expect(s).to.include({ uiHostname: "env.example.com", namespace: "from-config" });
        expect(resolved.values.get("uiHostname")?.origin).to.equal("environment variable MDAI_UI_HOSTNAME");
        expect(resolved.values.get("userPoolDomain")?.origin).to.equal("MDAI_UI_USER_POOL_DOMAIN in values/aws.env");
        expect(resolved.values.get("namespace")?.origin).to.equal("stack config");
    });

    it("warns when a higher layer overrides a different value below it", () => {
        const resolved = resolveSources(sources({
            cwd: projectDir(file),
            env: { MDAI_UI_HOSTNAME: "file.example.com" },
            stackConfig: { "mdai-cognito:namespace": "from-config" },
        }));
        expect(resolved.warnings).to.deep.equal([
            'namespace: stack config ("from-config") overrides MDAI_NAMESPACE in values/aws.env ("from-file").',
        ]);
    });

    it("treats Pulumi.yaml's empty defaults as unset, so the environment still applies", () => {
        const s = validateSettings(resolveSources(sources({
            cwd: projectDir(file),
            stackConfig: { "mdai-cognito:namespace": "", "mdai-cognito:authMode": "", "mdai-cognito:oidc": "{}", "mdai-cognito:users": "[]" },
            env: { MDAI_NAMESPACE: "from-env" },
        })));
        expect(s).to.include({ namespace: "from-env", authMode: "auto" });
        expect(s.oidc).to.equal(undefined);
    });

    it("reads aws:region before AWS_REGION, and warns that it overrides a different one", () => {
        const resolved = resolveSources(sources({ cwd: projectDir(file), stackConfig: { "aws:region": "eu-west-1" }, env: { AWS_REGION: "us-east-1", AWS_DEFAULT_REGION: "eu-west-1" } }));
        expect(validateSettings(resolved).region).to.equal("eu-west-1");
        expect(resolved.warnings.filter((w) => w.startsWith("aws:region"))).to.deep.equal([
            'aws:region: stack config ("eu-west-1") overrides environment variable AWS_REGION ("us-east-1"); the stack deploys to eu-west-1.']);
    });

    it("refuses a shell's region that differs from the stack's values file when the stack config names none, with how to choose", () => {
        const prodFile = file;
        for (const name of ["values/prod.env", "values/aws.env"]) {
            const resolved = resolveSources(sources({ cwd: projectDir(prodFile, name), stack: "prod", env: { AWS_REGION: "us-west-2" } }));
            expect(resolved.problems.map((p) => p.message)).to.deep.equal([`aws:region is not set: environment variable AWS_REGION says us-west-2 but AWS_REGION in ${name} says eu-west-1, ` +
                "and the stack config sets no aws:region, so the stack would go wherever the shell that runs it points. " +
                "Choose in the stack config, which wins over both: `pulumi config set aws:region eu-west-1 --stack prod` (or us-west-2); or unset AWS_REGION in the shell."]);
            expect(() => validateSettings(resolved)).to.throw(ConfigError);
        }
        // The fix it prints passes; so do a shell that agrees, AWS_DEFAULT_REGION agreeing, and a shell with no file region.
        expect(validateSettings(resolveSources(sources({ cwd: projectDir(prodFile, "values/prod.env"), stack: "prod", stackConfig: { "aws:region": "eu-west-1" }, env: { AWS_REGION: "us-west-2" } }))).region).to.equal("eu-west-1");
        expect(validateSettings(resolveSources(sources({ cwd: projectDir(prodFile, "values/prod.env"), stack: "prod", env: { AWS_DEFAULT_REGION: "eu-west-1" } }))).region).to.equal("eu-west-1");
        expect(resolveSources(sources({ cwd: projectDir(prodFile, "values/prod.env"), stack: "prod", env: { AWS_DEFAULT_REGION: "us-west-2" } })).problems).to.have.length(1);
        const shellOnly = resolveSources(sources({ cwd: projectDir(file.replace("AWS_REGION=eu-west-1", "")), env: { AWS_REGION: "us-west-2" } }));
        expect([shellOnly.problems, shellOnly.values.get("region")?.value]).to.deep.equal([[], "us-west-2"]);
    });

    it("reads another values file when envFile names one", () => {
        const dir = projectDir(file, "envs/prod.env");
        const s = validateSettings(resolveSources(sources({ cwd: dir, stackConfig: { "mdai-cognito:envFile": "envs/prod.env" } })));
        expect(s.uiHostname).to.equal("file.example.com");
    });

    it("runs with no values file at all when stack config covers everything", async () => {
        const r = await runStack({ config: baseConfig(), cwd: projectDir() });
        expect(r.outputs.authMode).to.equal("cognito");
    });

    it("reads the values file in the program's working directory under pulumi", async () => {
        const r = await runStack({ cwd: projectDir(file) });
        expect(r.outputs).to.include({ region: "eu-west-1", uiUrl: "https://file.example.com/" });
        expect(r.ingress().inputs.metadata.namespace).to.equal("from-file");
    });
});

describe("values file hygiene", () => {
    it("warns about an MDAI_ variable it does not know (likely a typo)", () => {
        const resolved = resolveSources(sources({ cwd: projectDir("MDAI_UI_HOSTNAM=x.example.com\nMDAI_CLUSTER_NAME=c\n") }));
        expect(resolved.warnings).to.have.length(1);
        expect(resolved.warnings[0]).to.contain("MDAI_UI_HOSTNAM").and.contain("typo");
    });

    it("refuses the original installer's COGNITO=false unless authMode says none", () => {
        const resolved = resolveSources(sources({ cwd: projectDir("COGNITO=false\n") }));
        expect(resolved.problems.map((p) => p.message).join()).to.contain("MDAI_AUTH_MODE=none");
        const explicit = resolveSources(sources({ cwd: projectDir("COGNITO=false\nMDAI_AUTH_MODE=none\n") }));
        expect(explicit.problems).to.deep.equal([]);
    });
});

describe("copied examples", () => {
    const examples = { ...baseConfig(), users: '["admin@example.com"]' };

    it("are refused by pulumi up before anything is created, each named", async () => {
        const f = await runStackFailure({ config: examples, deploying: true });
        expect(f.error).to.be.instanceOf(ConfigError);
        const keys = (f.error as ConfigError).problems.map((p) => p.key);
        expect(keys).to.deep.equal(["mdai-cognito:uiHostname", "mdai-cognito:certificateArn", "mdai-cognito:users"]);
        expect(f.error.message).to.contain('mdai-cognito:uiHostname (from stack config) is "mdai.example.com": it is a documentation example domain')
            .and.contain("it is in 123456789012, AWS's documentation account").and.contain('is "admin@example.com": it is an address at a documentation example domain');
        expect(f.resources).to.deep.equal([]);
    });

    it("are shown as the first thing to fix by a preview, which goes on", async () => {
        const r = await runStack({ config: examples });
        const fixFirst = r.warnings().filter((w) => w.startsWith(FIX_FIRST));
        expect(fixFirst).to.have.length(3);
        expect(r.warnings().indexOf(fixFirst[0])).to.equal(0);
    });

    it("do not stop a deployment with real values", async () => {
        const r = await runStack({ deploying: true, config: { ...baseConfig(), uiHostname: "mdai.acme.io", certificateArn: certArn("us-east-1").replace("123456789012", "210987654321") } });
        expect(r.warnings()).to.deep.equal([]);
    });
});
