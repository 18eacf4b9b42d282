import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as YAML from "yaml";
import { ConfigPathError, formatConfigPath, parseConfigPath, setAtPath } from "../scripts/configPath";
import { PlanInputError, knownStacks, readPlanConfig, stackName } from "../scripts/planConfig";
import { Plan } from "../scripts/planReport";
import { makePlan, planCommand, writeManifests } from "../scripts/plan";
import { renderText } from "../scripts/planText";
import { baseConfig } from "./harness";

const ROOT = path.join(__dirname, "..");

/** A project directory holding Pulumi.yaml and the given stack files (full keys) and values files. */
function project(stacks: Record<string, Record<string, unknown>>, values: Record<string, string> = {}): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mdai-plan-input-"));
    fs.copyFileSync(path.join(ROOT, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
    for (const [name, config] of Object.entries(stacks)) fs.writeFileSync(path.join(dir, `Pulumi.${name}.yaml`), YAML.stringify({ config }));
    if (Object.keys(values).length) fs.mkdirSync(path.join(dir, "values"));
    for (const [name, text] of Object.entries(values)) fs.writeFileSync(path.join(dir, "values", name), text);
    return dir;
}
const full = (config: Record<string, string>) => Object.fromEntries(Object.entries(config).map(([k, v]) => [k.includes(":") ? k : `mdai-cognito:${k}`, v]));

describe("config paths, as pulumi config set --path reads them", () => {
    it("parses fields, list items and quoted keys, and writes them back the same way", () => {
        for (const [text, rest] of [
            ["users[0]", [0]], ["oidc.issuer", ["issuer"]], ['extraAnnotations["alb.ingress.kubernetes.io/ssl-redirect"]', ["alb.ingress.kubernetes.io/ssl-redirect"]],
            ["aws:assumeRoles[0].roleArn", [0, "roleArn"]], ["apps[1].publicPaths[2]", [1, "publicPaths", 2]],
        ] as const) {
            const p = parseConfigPath(text);
            expect(p.rest).to.deep.equal(rest);
            expect(formatConfigPath(p.root, p.rest)).to.equal(text);
        }
    });

    it("creates lists and objects on the way, appends at the next index, and refuses a gap or a wrong container", () => {
        expect(setAtPath(undefined, [0, "roleArn"], "r", "x")).to.deep.equal([{ roleArn: "r" }]);
        expect(setAtPath(["a"], [1], "b", "x")).to.deep.equal(["a", "b"]);
        expect(() => setAtPath(["a"], [3], "b", "users[3]")).to.throw(ConfigPathError, "users[3]: the list has 1 item(s), so the next one is [1]");
        expect(() => setAtPath("text", ["f"], "b", "x.f")).to.throw(ConfigPathError, "not an object");
        expect(() => parseConfigPath("users[a]")).to.throw(ConfigPathError, 'write fields as .name or ["name"] and list items as [0]');
    });
});

describe("npm run plan --set with paths", () => {
    const dir = project({ prod: full({ ...baseConfig("eu-west-1"), users: ["a@acme.io"] as unknown as string }) });

    it("sets a list item and an object field as pulumi config set --path does, labelling where each came from", () => {
        const c = readPlanConfig(dir, "prod", ["users[1]=b@acme.io", "oidc.issuer=https://login.acme.io", 'extraAnnotations["alb.ingress.kubernetes.io/x"]=1']);
        expect(JSON.parse(c.config["mdai-cognito:users"])).to.deep.equal(["a@acme.io", "b@acme.io"]);
        expect(JSON.parse(c.config["mdai-cognito:oidc"])).to.deep.equal({ issuer: "https://login.acme.io" });
        expect(JSON.parse(c.config["mdai-cognito:extraAnnotations"])).to.deep.equal({ "alb.ingress.kubernetes.io/x": "1" });
        expect(c.origins["mdai-cognito:users"]).to.equal("--set users[1]");
    });

    it("answers a list given as one value with the --set that writes an item, which then plans", async () => {
        const err = await makePlan(dir, "prod", ["users=b@acme.io"], {}).catch((e: Error) => e);
        expect((err as Error).message).to.contain("Set it as a list, one item at a time: `--set 'users[0]=<value>'`");
        expect((await makePlan(dir, "prod", ["users[0]=b@acme.io"], {})).resources.map((r) => r.name)).to.include("mdai-user-b@acme.io");
    });

    it("explains a path it cannot follow, with the way to write one", () => {
        expect(() => readPlanConfig(dir, "prod", ["users[5]=c@acme.io"])).to.throw(PlanInputError, "--set users[5]=c@acme.io: users[5]: the list has 1 item(s), so the next one is [1]");
        expect(() => readPlanConfig(dir, "prod", ["uiHostname.x=y"])).to.throw(PlanInputError, "Paths are written as for `pulumi config set --path`");
    });
});

describe("npm run plan --stack", () => {
    const dir = project({ prod: full(baseConfig("eu-west-1")), dev: full(baseConfig()) }, { "staging.env": "AWS_REGION=eu-west-1\n", "aws.env": "" });

    it("takes stack, org/stack and org/project/stack as the Pulumi CLI does", () => {
        expect(["prod", "acme/prod", "acme/mdai-cognito/prod"].map((s) => stackName(s, "mdai-cognito"))).to.deep.equal(["prod", "prod", "prod"]);
        expect(readPlanConfig(dir, "acme/mdai-cognito/prod", []).stackFile).to.equal("Pulumi.prod.yaml");
        expect(() => stackName("acme/other/prod", "mdai-cognito")).to.throw(PlanInputError, "belongs to the project other, and this is mdai-cognito");
        expect(() => stackName("a/b/c/d", "mdai-cognito")).to.throw(PlanInputError, "stack, org/stack or org/project/stack");
    });

    it("refuses a stack nothing describes, naming the closest one and how to start a new one", () => {
        expect(knownStacks(dir)).to.deep.equal(["dev", "prod", "staging"]);
        expect(() => readPlanConfig(dir, "prd", [])).to.throw(PlanInputError,
            "--stack prd: there is no Pulumi.prd.yaml and no values/prd.env, so nothing says what stack prd is. Did you mean prod? Stacks here: dev, prod, staging.");
        fs.writeFileSync(path.join(dir, "Pulumi.prd.yaml"), "");
        expect(readPlanConfig(dir, "prd", []).stackFile).to.equal("Pulumi.prd.yaml");
    });
});

describe("encrypted values in the plan", () => {
    const stack = { ...full(baseConfig("eu-west-1")), "mdai-cognito:uiHostname": { secure: "v1:hostcipher" }, "mdai-cognito:users": ["a@acme.io", { secure: "v1:usercipher" }], "aws:secretKey": { secure: "v1:keycipher" } };
    const dir = project({ prod: stack });

    it("refuses a value the program must read, naming its path and the --set that supplies it, never its ciphertext", () => {
        let err: PlanInputError | undefined;
        try {
            readPlanConfig(dir, "prod", []);
        } catch (e) {
            err = e as PlanInputError;
        }
        expect(err).to.be.instanceOf(PlanInputError);
        expect(err!.problems.map((p) => p.key)).to.deep.equal(["mdai-cognito:uiHostname", "mdai-cognito:users[1]"]);
        expect(err!.message).to.contain("mdai-cognito:uiHostname is set: it is encrypted in Pulumi.prod.yaml").and.contain("Plan with `--set 'uiHostname=<value>'`")
            .and.contain("Plan with `--set 'users[1]=<value>'`").and.not.match(/cipher/);
    });

    it("plans once --set supplies them; aws:secretKey, passed on unread, stays [secret]", async () => {
        const c = readPlanConfig(dir, "prod", ["uiHostname=mdai.acme.io", "users[1]=b@acme.io"]);
        expect(c.secretKeys).to.deep.equal(["aws:secretKey"]);
        expect(c.config["aws:secretKey"]).to.equal("[secret]");
        const plan = await makePlan(dir, "prod", ["uiHostname=mdai.acme.io", "users[1]=b@acme.io"], {});
        expect(plan.outputs.uiUrl).to.equal("https://mdai.acme.io/");
    });
});

describe("npm run plan --out", () => {
    it("refuses a path that is a file, without a stack trace", () => {
        const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "mdai-out-file-")), "plan.yaml");
        fs.writeFileSync(file, "x");
        expect(() => writeManifests(file, { manifests: [] } as unknown as Plan)).to.throw(PlanInputError, "is a file: --out names a directory");
    });
});

describe("npm run plan refuses what two stacks of one directory would do to each other", () => {
    const run = async (dir: string, stack: string) => {
        let stdout = "";
        let stderr = "";
        const code = await planCommand(["--stack", stack], { stdout: (t) => { stdout += t; }, stderr: (t) => { stderr += t; }, env: {}, projectDir: dir });
        return { code, stdout, stderr };
    };
    const prod = { ...baseConfig(), uiHostname: "mdai.acme.io", userPoolDomain: "acme-mdai", certificateArn: "arn:aws:acm:us-east-1:210987654321:certificate/0b9b5a4e-2f3c-4d1e-9a8b-7c6d5e4f3a2b" };

    it("the same Ingresses in the same cluster, and the same hosted-UI prefix in one region, naming the other stack and a fix that passes", async () => {
        const dir = project({ prod: full(prod), staging: full({ ...prod, uiHostname: "staging.acme.io" }) });
        const r = await run(dir, "staging");
        expect(r.code).to.equal(1);
        const text = r.stderr.replace(/\s+/g, " ");
        expect(text).to.contain("mdai-cognito:namespace is \"default\": stack prod puts the same Ingresses (default/ui-alb-ingress) in the same cluster (EKS cluster mdai-test in us-east-1)")
            .and.contain("`pulumi config set namespace default-staging --stack staging`")
            .and.contain("mdai-cognito:userPoolDomain is \"acme-mdai\": stack prod asks for the same hosted-UI domain prefix in us-east-1")
            .and.contain("`pulumi config set userPoolDomain acme-mdai-staging --stack staging`");
    });

    it("plans stacks that keep apart, and a cluster reached by a kubeconfig made for the same EKS cluster counts as the same", async () => {
        const apart = project({ prod: full(prod), staging: full({ ...prod, uiHostname: "staging.acme.io", namespace: "staging", userPoolDomain: "acme-mdai-staging" }) });
        const r = await run(apart, "staging");
        expect(r.code, r.stderr).to.equal(0);
        const kubeconfig = YAML.stringify({ apiVersion: "v1", kind: "Config", clusters: [{ name: "arn:aws:eks:us-east-1:123456789012:cluster/mdai-test", cluster: { server: "https://x.gr7.us-east-1.eks.amazonaws.com" } }],
            users: [{ name: "u", user: { token: "t" } }], contexts: [{ name: "c", context: { cluster: "arn:aws:eks:us-east-1:123456789012:cluster/mdai-test", user: "u" } }] });
        const mixed = project({ prod: full(prod), staging: full({ ...prod, clusterName: "", kubeconfig, userPoolDomain: "acme-mdai-staging" }) });
        const m = await run(mixed, "staging");
        expect(m.stderr.replace(/\s+/g, " ")).to.contain("stack prod puts the same Ingresses (default/ui-alb-ingress) in the same cluster (EKS cluster mdai-test in us-east-1)");
    });
});

describe("npm run plan: authMode cognito where the table has no ALB-Cognito", () => {
    const io = () => {
        const out = { stdout: "", stderr: "" };
        return { out, io: { stdout: (t: string) => { out.stdout += t; }, stderr: (t: string) => { out.stderr += t; }, env: {} } };
    };
    const args = ["--stack", "dev", "--set", "aws:region=mx-central-1", "--set", "authMode=cognito", "--set", "certificateArn=arn:aws:acm:mx-central-1:123456789012:certificate/00000000-0000-4000-8000-000000000000"];

    it("exits 1, so a CI gate stops what the controller would reject, and plans once albCognitoConfirmedIn vouches for the region", async () => {
        const refused = io();
        expect(await planCommand(args, refused.io)).to.equal(1);
        expect(refused.out.stderr.replace(/\s+/g, " ")).to.contain("Action type 'authenticate-cognito' must be one of");
        const vouched = io();
        expect(await planCommand([...args, "--set", "albCognitoConfirmedIn=mx-central-1", "--json"], vouched.io)).to.equal(2); // the dev stack's example values
        const plan = JSON.parse(vouched.out.stdout);
        expect(plan.decision.mode).to.equal("cognito");
    });
});

describe("the commands' arguments and exit status (scripts/exitCodes.ts)", () => {
    const capture = () => {
        const out = { stdout: "", stderr: "" };
        return { out, io: { stdout: (t: string) => { out.stdout += t; }, stderr: (t: string) => { out.stderr += t; }, env: {} } };
    };

    it("refuses an unknown option or a bare argument with what to type instead and the usage line (exit 1); the doctor's in tests/doctor/endToEnd.spec.ts", async () => {
        const a = capture();
        expect(await planCommand(["--stak", "prod"], a.io)).to.equal(1);
        expect(a.out.stderr).to.contain("Unknown option --stak. Did you mean --stack?").and.contain("Usage: npm run plan -- [--stack dev]");
        const b = capture();
        expect(await planCommand(["prod"], b.io)).to.equal(1);
        expect(b.out.stderr).to.contain('Unexpected argument "prod": every value follows its option (a stack: --stack prod).').and.contain("Usage: npm run plan");
    });

    it("prints the plan's exit status from the one table (the doctor's: tests/doctor/endToEnd.spec.ts)", async () => {
        const { EXIT_MEANINGS } = await import("../scripts/exitCodes");
        const p = capture();
        await planCommand(["--help"], p.io);
        for (const m of EXIT_MEANINGS) if (m.plan !== "—") expect(p.out.stdout).to.contain(`${m.code} ${m.plan}`);
        expect(p.out.stdout).not.to.match(/; 3 /);
    });
});

describe("the plan's text fits 120 columns", () => {
    it("also with the longest namespace and app name the checks accept, every name whole once its pieces are joined", async () => {
        const ns = "observability-platform-team-namespace-abcdefghijklmnopqrstuvwxy"; // 63
        const app = "grafana-observability-dashboards-abcdefg"; // 40
        const plan = await makePlan(ROOT, "dev", [`apps[0].name=${app}`, "apps[0].hostname=grafana.example.com", "apps[0].serviceName=grafana-frontend-service-long-name-abcdefghijklmnopqrstuvwxyz01",
            "apps[0].servicePort=3000", `apps[0].namespace=${ns}`, "apps[0].publicPaths[0]=/public/dashboards-shared/snapshots", "apps[0].apiPaths[0]=/api/datasources/proxy/uid"], {});
        const text = renderText(plan);
        expect(text.split("\n").filter((l) => l.length > 120 && !/https?:\/\//.test(l))).to.deep.equal([]);
        const joined = text.replace(/\/\n +/g, "/");
        for (const suffix of ["-alb-ingress-public", "-alb-ingress-api", "-alb-ingress-guard"]) expect(joined).to.contain(`${ns}/${app}${suffix}`);
    });
});
