import { expect } from "chai";
import { execFile } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as YAML from "yaml";
import { PlanInputError, readPlanConfig } from "../scripts/planConfig";
import { OUT_INDEX, makePlan, planCommand, writeManifests } from "../scripts/plan";
import { OFFLINE_INVOKES, Plan, buildPlan, cloudAssigned } from "../scripts/planReport";
import { FailedRun, runUnderMocks } from "../scripts/mockEngine";
import type { MockCallArgs } from "@pulumi/pulumi/runtime/mocks";
import program = require("../index");
import { renderText } from "../scripts/planText";
import { graphDepth } from "../scripts/mockEngine";
import { baseConfig, runStack } from "./harness";
import { inBackground } from "./background";

const ROOT = path.join(__dirname, "..");
const OIDC_REGION = ["--set", "aws:region=ap-southeast-7", "--set", "certificateArn=arn:aws:acm:ap-southeast-7:123456789012:certificate/00000000-0000-4000-8000-000000000000"];

interface Result {
    code: number;
    stdout: string;
    stderr: string;
}

/** The environment a user's shell would hand the plan, without AWS credentials, Pulumi or MDAI settings. */
function cleanEnv(): Record<string, string | undefined> {
    const env = { ...process.env };
    for (const k of Object.keys(env)) if (/^(AWS_|PULUMI_|MDAI_|KUBECONFIG|npm_)/.test(k)) delete env[k];
    return env;
}

/** `npm run plan -- …`, in this process: what it writes and the exit code it returns. */
async function plan(args: string[]): Promise<Result> {
    let stdout = "";
    let stderr = "";
    const code = await planCommand(args, { stdout: (t) => { stdout += t; }, stderr: (t) => { stderr += t; }, env: cleanEnv() });
    return { code, stdout, stderr };
}

/**
 * The same as a user runs it, with no AWS credentials, no Pulumi CLI and no network: the
 * package.json script through `sh -c`, as npm runs it, without npm's own start-up time. Only for
 * what a process adds (the exit status the shell sees, what goes to which stream): a process costs
 * a second of CPU.
 */
function planProcess(args: string[]): Promise<Result> {
    const script = (JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts.plan;
    const env = cleanEnv();
    env.PATH = path.dirname(process.execPath) + path.delimiter + "/usr/bin:/bin"; // no pulumi binary on the path
    return new Promise((resolve) => {
        execFile("sh", ["-c", `${script} "$@"`, "plan", ...args], { cwd: ROOT, env }, (err, stdout, stderr) =>
            resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }));
    });
}

// Started when the file loads, so the child process runs while the in-process tests do.
const badProcess = inBackground(() => planProcess(["--stack", "dev", "--set", "uiHostname=https://mdai.example.com/", "--set", "servicePort=0"]));
const outDir = fs.mkdtempSync(path.join(os.tmpdir(), "mdai-plan-"));
// docs/plan.md's own line, run by a shell through npm: the one end-to-end test of the documented command.
const documentedJson = (() => {
    const readme = fs.readFileSync(path.join(ROOT, "docs/plan.md"), "utf8");
    const command = readme.split("\n").find((l) => l.includes("--json > plan.json"))!.split("#")[0].trim();
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "mdai-readme-")), "plan.json");
    // Resolves with the exit status: the dev stack's documentation examples make it 2.
    const done = inBackground(() => new Promise<number>((resolve) => execFile("sh", ["-c", `cd "${ROOT}" && ${command.replace("> plan.json", `> "${file}"`)}`], { env: cleanEnv() },
        (err) => resolve(err ? Number((err as { code?: number }).code ?? 1) : 0))));
    return { command, file, done };
})();

describe("npm run plan (offline)", () => {
    it("prints the dev stack in the order a person acts on it, and exits 2: pulumi up refuses its documentation examples", async () => {
        const r = await plan(["--stack", "dev", "--out", outDir]);
        expect(r.code, r.stderr).to.equal(2);
        const sections = ["mdai-cognito plan for stack dev (Pulumi.dev.yaml, values file values/aws.env)", "\nDecision\n", "\nProblems (3)\n", "\nDoors, in the order", "\nWill create 19 resource(s)", "\nKept by `pulumi destroy` (docs/destroy.md",
            "\nRead from the cluster before anything is created:", "\nAfter `pulumi up`\n", "\nManifests: 5 Kubernetes object(s); print them with --manifests"];
        const at = sections.map((x) => r.stdout.indexOf(x));
        expect(at, JSON.stringify(sections.filter((_, n) => at[n] < 0))).to.deep.equal([...at].sort((a, b) => a - b)).and.not.include(-1);
        expect(r.stdout).to.contain("  Authentication  cognito: us-east-1 supports ALB authenticate-cognito")
            .and.contain("  Cluster         EKS cluster mdai in us-east-1, by name (clusterName); token from `aws eks get-token`")
            .and.contain("  ALB             mdai-console-dev, internet-facing, open to the internet; IngressGroup mdai-dev;");
        expect(r.stdout).to.match(/FIX FIRST — pulumi up refuses to deploy while these documentation examples remain:\n {2}- mdai-cognito:uiHostname/);
        expect(r.stdout).to.match(/Will create 19 resource\(s\):\n[^]* {4}1 {2}Cognito user pool +mdai-user-pool\n/);
        expect(r.stdout).to.contain("  - the Cognito user pool, with every user in it (deletion protection on): mdai-user-pool\n");
        expect(r.stdout).to.match(/ {2}mdai\.example\.com\n {4}PATH +MATCH +ACCESS +BACKEND +INGRESS\n {4}\/_mdai\/sign-out\/done +exact +public/);
        expect(r.stdout).to.match(/ {4}\/ +and below +login +default\/mdai-console:5173 +default\/ui-alb-ingress\n/);
        expect(r.stdout).to.match(/Read from the cluster before anything is created:\n {2}- kubernetes:core\/v1:Service default\/mdai-console: must exist/);
        expect(r.stdout).to.match(/ {4}mdai\.example\.com {2}CNAME {2}<known after deploy: ui-alb-ingress ALB hostname>/);
        expect(r.stdout).to.contain("Sign-out: link the console's \"Sign out\" to:\n    https://mdai.example.com/_mdai/sign-out");
        expect(r.stdout).to.contain("Users: Cognito e-mails an invitation to admin@example.com; removing an address from users signs that user out\n    everywhere, then deletes them");
        expect(r.stdout).to.contain("To add one by hand: aws cognito-idp admin-create-user --user-pool-id <known after deploy: mdai-user-pool.id>");
        // What does not apply to this stack is not said; manifests only on request.
        expect(r.stdout).not.to.contain("IngressGroup upgrade").and.not.contain("without the IngressGroup").and.not.contain("kind: Ingress").and.not.contain("Identity provider:");
        expect(r.stdout).not.to.contain("%3Cknown");
        expect(r.stdout).not.to.match(/arn:aws:cognito-idp:/); // no invented real-looking ARNs
        expect(r.stdout.split("\n").filter((l) => l.length > 120)).to.deep.equal([]);
    });

    it("prints the manifests with --manifests, placeholders as written", async () => {
        const r = await plan(["--stack", "dev", "--manifests"]);
        expect(r.stdout).to.contain("kind: Ingress").and.contain("alb.ingress.kubernetes.io/auth-type: cognito");
        // The client id inside the sign-out server's logout URL is shown as written, not URL-encoded.
        expect(r.stdout).to.contain('return 302 "https://mdai-example-login.auth.us-east-1.amazoncognito.com/logout?client_id=<known after deploy: mdai-app-client.id>&logout_uri=https%3A%2F%2Fmdai.example.com%2F_mdai%2Fsign-out%2Fdone";');
        // A checksum of a config that holds placeholders is not shown as if it were the real one.
        expect(r.stdout).to.contain(`mdai.io/nginx-conf-sha256: "<known after deploy: sha256 of nginx.conf>"`);
    });

    it("writes each Kubernetes manifest to --out for GitOps review", async () => {
        await plan(["--stack", "dev", "--out", outDir]);
        const files = fs.readdirSync(outDir);
        expect(files).to.have.members([OUT_INDEX, "ingress-default-ui-alb-ingress.yaml", "ingress-default-ui-alb-ingress-public.yaml",
            "configmap-default-ui-alb-ingress-sign-out.yaml", "deployment-default-ui-alb-ingress-sign-out.yaml", "service-default-ui-alb-ingress-sign-out.yaml"]);
        const ingress = YAML.parse(fs.readFileSync(path.join(outDir, "ingress-default-ui-alb-ingress.yaml"), "utf8"));
        expect(ingress.spec.ingressClassName).to.equal("alb");
    });

    it("--json gives one document: OIDC in ap-southeast-7, Secret data redacted", async () => {
        const r = await plan(["--stack", "dev", ...OIDC_REGION, "--json"]);
        expect(r.code, r.stderr).to.equal(2);
        const doc = JSON.parse(r.stdout);
        expect(doc).to.include({ ok: false, exitCode: 2 });
        expect(doc.decision.mode).to.equal("oidc");
        const kinds = doc.manifests.map((m: { kind: string }) => m.kind);
        expect(kinds).to.have.members(["Role", "RoleBinding", "Secret", "Ingress", "Ingress", "ConfigMap", "Deployment", "Service"]);
        const secret = doc.manifests.find((m: { kind: string }) => m.kind === "Secret");
        expect(secret.stringData).to.deep.equal({ clientID: "[redacted]", clientSecret: "[redacted]" });
        expect(doc.outputs.hostedUiUrl).to.equal("https://mdai-example-login.auth.ap-southeast-7.amazoncognito.com");
        expect(doc.dnsRecord.value).to.equal("<known after deploy: ui-alb-ingress ALB hostname>");
    });

    it("prints every validation problem and exits 1 on bad config, as a process: nothing on stdout, exit status 1", async () => {
        const r = await badProcess;
        expect(r.code).to.equal(1);
        expect(r.stderr).to.contain("mdai-cognito: 2 configuration problems; nothing was deployed")
            .and.contain('mdai-cognito:uiHostname (from --set uiHostname) is "https://mdai.example.com/"')
            .and.contain("mdai-cognito:servicePort");
        expect(r.stdout).to.equal("");
    });

    it("under --json, answers bad config with a document: ok false and the problems with their keys", async () => {
        const r = await plan(["--stack", "dev", "--json", "--set", "uiHostname=https://mdai.example.com/", "--set", "servicePort=0"]);
        expect(r.code).to.equal(1);
        const doc = JSON.parse(r.stdout);
        expect(doc).to.include({ ok: false, exitCode: 1 });
        expect(doc.problems.map((p: { key: string }) => p.key)).to.deep.equal(["mdai-cognito:uiHostname", "mdai-cognito:servicePort"]);
        const input = await plan(["--stack", "prd", "--json"]);
        expect(JSON.parse(input.stdout).problems[0].message).to.contain("--stack prd: there is no Pulumi.prd.yaml");
    });
});

describe("plan config (what pulumi up would pass)", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mdai-plan-config-"));
    fs.copyFileSync(path.join(ROOT, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
    fs.writeFileSync(path.join(dir, "Pulumi.prod.yaml"), YAML.stringify({ config: {
        "aws:region": "eu-west-1",
        "mdai-cognito:uiHostname": "mdai.example.com",
        "mdai-cognito:oidc": { issuer: "https://login.example.org", clientSecret: { secure: "v1:abc123encrypted" } },
        "mdai-cognito:users": ["a@example.com"],
    } }));

    it("applies Pulumi.yaml defaults, then the stack file, then --set", () => {
        const c = readPlanConfig(dir, "prod", ["servicePort=8080", "aws:region=eu-central-1"]);
        expect(c.config["mdai-cognito:ingressName"]).to.equal("ui-alb-ingress");
        expect(c.config["mdai-cognito:servicePort"]).to.equal("8080");
        expect(c.config["aws:region"]).to.equal("eu-central-1");
        expect(c.config["mdai-cognito:users"]).to.equal('["a@example.com"]');
        expect(c.config["mdai-cognito:namespace"]).to.equal("");
    });

    it("shows encrypted values as [secret] and never decrypts them", () => {
        const c = readPlanConfig(dir, "prod", []);
        expect(JSON.parse(c.config["mdai-cognito:oidc"])).to.deep.equal({ issuer: "https://login.example.org", clientSecret: "[secret]" });
        expect(c.secretKeys).to.deep.equal(["mdai-cognito:oidc"]);
        expect(JSON.stringify(c)).not.to.contain("abc123encrypted");
    });

    it("explains a malformed --set", () => {
        expect(() => readPlanConfig(dir, "prod", ["uiHostname"])).to.throw("expected key=value");
    });

    it("points at the line and column of a YAML syntax error in the stack file, without a stack trace", () => {
        fs.writeFileSync(path.join(dir, "Pulumi.broken.yaml"), "config:\n  aws:region: us-east-1\n  mdai-cognito:uiHostname: \"mdai.acme.io\n");
        expect(() => readPlanConfig(dir, "broken", [])).to.throw(PlanInputError, /^Pulumi\.broken\.yaml:4:1: Missing closing "quote\. Fix the YAML syntax/);
    });

    it("labels --set values as such", () => {
        expect(readPlanConfig(dir, "prod", ["servicePort=8080"]).origins).to.deep.equal({ "mdai-cognito:servicePort": "--set servicePort" });
    });
});

describe("plan of a stack with no stack file", () => {
    it("plans it from the stack's own values file and says both", async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mdai-plan-nostack-"));
        fs.copyFileSync(path.join(ROOT, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
        fs.mkdirSync(path.join(dir, "values"));
        fs.writeFileSync(path.join(dir, "values/staging.env"), ["AWS_REGION=eu-west-1", "MDAI_CLUSTER_NAME=mdai-staging", "MDAI_UI_HOSTNAME=mdai-staging.acme.io",
            "MDAI_UI_USER_POOL_DOMAIN=acme-mdai-staging", "MDAI_UI_ACM_ARN=arn:aws:acm:eu-west-1:210987654321:certificate/0b9b5a4e-2f3c-4d1e-9a8b-7c6d5e4f3a2b"].join("\n"));
        fs.writeFileSync(path.join(dir, "values/aws.env"), "MDAI_UI_HOSTNAME=shared.acme.io\n");
        const plan = await makePlan(dir, "staging", [], {});
        expect(plan.stackFile).to.equal(undefined);
        expect(plan.valuesFile).to.equal("values/staging.env");
        expect(plan.outputs.uiUrl).to.equal("https://mdai-staging.acme.io/");
        const text = renderText(plan);
        expect(text).to.contain("mdai-cognito plan for stack staging (no Pulumi.staging.yaml, values file values/staging.env)");
        expect(plan.fixFirst).to.deep.equal([]);
        expect([plan.exitCode, plan.ok]).to.deep.equal([0, true]);
    });
});

describe("npm run plan --out", () => {
    const plan = async (config: Record<string, string>) => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mdai-plan-out-"));
        fs.copyFileSync(path.join(ROOT, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
        fs.writeFileSync(path.join(dir, "Pulumi.dev.yaml"), YAML.stringify({ config }));
        return makePlan(dir, "dev", [], {});
    };
    const stack = (region: string) => Object.fromEntries(Object.entries(baseConfig(region)).map(([k, v]) => [k.includes(":") ? k : `mdai-cognito:${k}`, v]));

    it("removes the manifests it wrote before (the OIDC Secret after a switch to cognito), and only those", async () => {
        const out = fs.mkdtempSync(path.join(os.tmpdir(), "mdai-out-"));
        writeManifests(out, await plan(stack("ap-southeast-7")));
        expect(fs.readdirSync(out)).to.include("secret-default-ui-alb-ingress-oidc.yaml");
        writeManifests(out, await plan(stack("us-east-1")));
        expect(fs.readdirSync(out).filter((f) => f.includes("oidc"))).to.deep.equal([]);
        expect(fs.readdirSync(out)).to.include.members([OUT_INDEX, "ingress-default-ui-alb-ingress.yaml"]);
    });

    it("refuses a non-empty directory it did not write", async () => {
        const out = fs.mkdtempSync(path.join(os.tmpdir(), "mdai-out-"));
        fs.writeFileSync(path.join(out, "kustomization.yaml"), "resources: []\n");
        expect(() => writeManifests(out, { manifests: [] } as unknown as Plan)).to.throw(PlanInputError, "is not empty and was not written by npm run plan");
        expect(fs.readdirSync(out)).to.deep.equal(["kustomization.yaml"]);
    });
});

describe("docs/plan.md's --json command, as written, through npm and a shell", () => {
    it("`npm run -s plan -- … --json > plan.json` writes a parseable JSON file", async function () {
        this.timeout(60000);
        expect(documentedJson.command).to.match(/^npm run -s plan -- /);
        const status = await documentedJson.done;
        const doc = JSON.parse(fs.readFileSync(documentedJson.file, "utf8"));
        expect(doc.decision.mode).to.equal("cognito");
        expect([status, doc.exitCode, doc.ok]).to.deep.equal([2, 2, false]);
    });
});

describe("creation graph", () => {
    const cases = [
        ["cognito without sign-out", { ...baseConfig(), signOut: "false" }, 4, "role → policy attachment → function → each user's sign-out at removal; pool → client → Ingress"],
        ["cognito", baseConfig(), 4, "pool → client → sign-out ConfigMap (the logout URL holds the client id) → Deployment"],
        ["oidc", baseConfig("ap-southeast-7"), 4, "pool → client → Secret → Ingress: the controller reads the Secret on its first reconcile"],
    ] as const;
    for (const [mode, config, depth, chain] of cases) {
        it(`is ${depth} resources deep in ${mode} mode (${chain})`, async () => {
            const r = await runStack({ config: { ...config, users: '["a@example.com","b@example.com"]' } });
            expect(graphDepth(r.registrations)).to.equal(depth);
        });
    }
});

describe("npm run plan answers every lookup the program makes, and fails loudly on one it cannot", () => {
    const FEATURES: [string, string[]][] = [
        ["access logs", ["albAccessLogs=true"]],
        ["a web ACL", ["wafAclArn=arn:aws:wafv2:us-east-1:123456789012:regional/webacl/mdai/0b9b5a4e-2f3c-4d1e-9a8b-7c6d5e4f3a2b"]],
        ["a hosted zone", ["hostedZone=example.com", "certificateArn="]],
        ["an existing pool", ["userPoolId=us-east-1_AbC123", "userPoolDomain="]],
    ];
    for (const [what, sets] of FEATURES) {
        it(`with ${what}`, async () => {
            const cfg = readPlanConfig(ROOT, "dev", sets);
            const tokens: string[] = [];
            const invokes = Object.fromEntries(Object.entries(OFFLINE_INVOKES).map(([k, f]) => [k, (a: MockCallArgs, r: string | undefined) => (tokens.push(k), f(a, r))]));
            const run = await runUnderMocks(program, { project: cfg.project, stack: cfg.stack, config: cfg.config, secretKeys: cfg.secretKeys, env: cleanEnv(), cwd: ROOT,
                deploying: false, offline: true, configOrigins: cfg.origins, computed: cloudAssigned, invokes });
            expect(run.invokes.map((i) => i.token).filter((t) => !tokens.includes(t)), "lookups without an offline answer").to.deep.equal([]);
            const text = renderText(buildPlan("dev", "Pulumi.dev.yaml", run));
            if (what === "a web ACL") expect(text).to.contain("WAF mdai").and.contain("WAF web ACL association");
            if (what === "access logs") expect(text).to.contain("access logs to S3");
        });
    }

    it("fails the run naming the lookup it has no answer for, even where nothing awaits its result", async () => {
        const cfg = readPlanConfig(ROOT, "dev", ["albAccessLogs=true"]);
        const { "aws:index/getCallerIdentity:getCallerIdentity": _gone, ...rest } = OFFLINE_INVOKES;
        const err = await runUnderMocks(program, { project: cfg.project, stack: cfg.stack, config: cfg.config, secretKeys: cfg.secretKeys, env: cleanEnv(), cwd: ROOT,
            deploying: false, offline: true, configOrigins: cfg.origins, computed: cloudAssigned, invokes: rest }).then(() => undefined, (e: FailedRun) => e.error);
        expect(err?.message).to.contain("no answer for the lookup aws:index/getCallerIdentity:getCallerIdentity");
    });
});
