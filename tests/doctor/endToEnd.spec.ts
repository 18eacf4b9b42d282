import { expect } from "chai";
import { execFile } from "child_process";
import * as path from "path";
import { renderChecklist } from "../../doctor/render";
import { EXIT_MEANINGS } from "../../scripts/exitCodes";
import type { Item } from "../../doctor/types";
import { inBackground } from "../background";

interface Run { code: number; stdout: string; stderr: string }
interface Result { broken: Run; unreachable: Run; nothing: Run; nothingJson: Run; args: { unknown: Run; bare: Run; help: Run }; requests: string[]; crashed?: string }

const ROOT = path.join(__dirname, "..", "..");
// Started when the suite loads, and checked last (a .spec.ts runs after every .test.ts): the child loads
// @kubernetes/client-node and the AWS SDK (most of its seconds) beside the other tests.
const child = inBackground(() => new Promise<Result>((resolve, reject) => execFile(process.execPath, ["-r", "./scripts/register.js", "tests/doctor/liveChild.ts"], { cwd: ROOT, maxBuffer: 1 << 24 },
    (err, stdout) => { try { resolve(JSON.parse(stdout) as Result); } catch { reject(err ?? new Error(stdout)); } })));
child.catch(() => undefined); // reported by the tests

const items = (r: Run) => (JSON.parse(r.stdout) as { items: Item[] }).items;

describe("npm run doctor, end to end: a local Kubernetes API server, the AWS SDK mocked, DNS and probes answered locally", () => {
    let r: Result;
    before(async function () {
        this.timeout(60000);
        r = await child;
        expect(r.crashed, r.crashed).to.equal(undefined);
    });

    it("reads every object with @kubernetes/client-node and the SDK; all that is right is ✓, probes through its HTTP client included", () => {
        const all = items(r.broken);
        expect(all.filter((i) => i.state === "ok").length).to.be.at.least(20);
        expect(all.filter((i) => i.state === "ok").map((i) => i.title)).to.include.members(["listener rules for mdai.acme.io: 6 door(s) answer as configured",
            "identity provider of the login rules: the pool with domain acme-mdai-live in us-east-1", "DNS of mdai.acme.io leads to the ALB",
            "outbound HTTPS from mdai-console-live to the identity provider: its security groups allow 443 to anywhere"]);
        expect(new Set(all.filter((i) => i.state === "ok").map((i) => i.area))).to.deep.equal(new Set(["Kubernetes", "AWS", "DNS", "HTTP"]));
        expect(r.requests).to.include.members(["/apis/networking.k8s.io/v1/ingressclasses/alb", "/apis/networking.k8s.io/v1/namespaces/default/ingresses/ui-alb-ingress",
            "/api/v1/namespaces/default/events", "/apis/networking.k8s.io/v1/ingresses", "/api/v1/namespaces/default/services/mdai-console",
            "/apis/discovery.k8s.io/v1/namespaces/default/endpointslices", "/apis/apps/v1/namespaces/default/deployments/ui-alb-ingress-sign-out"]);
        expect(r.broken.stderr).to.contain("doctor: reading ALB mdai-console-live…").and.contain("doctor: reading Ingress default/ui-alb-ingress…");
    });

    it("without credentials or a cluster checks nothing and exits 3, no pass for a CI job, printing the shared fix once", () => {
        expect([r.nothing.code, r.nothingJson.code]).to.deep.equal([3, 3]);
        const all = items(r.nothingJson);
        expect(all.length).to.be.at.least(3);
        expect(all.every((i) => i.state === "unknown")).to.equal(true);
        expect(JSON.parse(r.nothingJson.stdout)).to.include({ ok: false, exitCode: 3 });
        const text = r.nothing.stdout;
        const credentialsFix = "Give the doctor credentials of the stack's account";
        expect(text.split(credentialsFix).length - 1).to.equal(1);
        expect(text).to.contain("fix: as above").and.contain("Nothing could be checked: this is no pass (exit status 3).");
    });

    it("refuses an unknown option or a bare argument with the usage (exit 1), and prints its exit status from the one table", () => {
        expect(r.args.unknown.code).to.equal(1);
        expect(r.args.unknown.stderr).to.contain("Unknown option --stak. Did you mean --stack?").and.contain("Usage: npm run doctor -- [--stack dev]");
        expect(r.args.bare.stderr).to.contain('Unexpected argument "prod": every value follows its option (a stack: --stack prod).');
        for (const m of EXIT_MEANINGS) expect(r.args.help.stdout).to.contain(`${m.code} ${m.doctor}`);
    });

    it("prints a checklist of at most 120 columns, and never the app client's secret", () => {
        const text = renderChecklist("live", items(r.broken));
        expect(text).to.match(/^mdai-cognito doctor for stack live: read-only, nothing was changed\.\n\nKubernetes\n {2}✓ IngressClass alb: served by ingress\.k8s\.aws\/alb\n/);
        expect(text).to.contain("  ✗ Ingress default/ui-alb-ingress: controller events: FailedDeployModel:").and.contain("  ? target group k8s-").and.contain("was denied");
        expect(text.split("\n").filter((l) => l.length > 120)).to.deep.equal([]);
        expect(r.broken.stdout + r.broken.stderr).not.to.contain("live-client-secret-9f8e");
    });

    it("shows no URL's user-info or query, wherever a message quotes one (a kubeconfig server with credentials)", () => {
        const out = r.unreachable.stdout + r.unreachable.stderr;
        expect(out).to.contain("the cluster could not be reached").and.contain("http://[redacted]@127.0.0.1:1/?[redacted]")
            .and.not.contain("pw-7q2k").and.not.contain("tok-3x9v").and.not.contain("admin:");
    });

    it("reports MDAI's documented controller error with its fix, and a denied read as the permission to grant (exit 1)", () => {
        expect(r.broken.code).to.equal(1);
        const bad = items(r.broken).filter((i) => i.state !== "ok");
        expect(bad.map((i) => `${i.state} ${i.title.split(" k8s-")[0]}`)).to.deep.equal(["fail Ingress default/ui-alb-ingress: controller events", "unknown target group"]);
        expect(bad[0].detail).to.contain("Action type 'authenticate-cognito' must be one of").and.contain("status code: 400");
        expect(bad[0].fix).to.contain("authMode auto");
        expect(bad[1].fix).to.equal("Grant elasticloadbalancing:DescribeTargetHealth to the principal running the doctor, then run it again.");
    });
});
