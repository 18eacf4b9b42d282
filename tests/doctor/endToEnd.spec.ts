import { expect } from "chai";
import { execFile } from "child_process";
import * as path from "path";
import { renderChecklist } from "../../doctor/render";
import type { Item } from "../../doctor/types";
import { inBackground } from "../background";

interface Run { code: number; stdout: string; stderr: string }
interface Result { healthy: Run; broken: Run; requests: string[]; crashed?: string }

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

    it("reads a healthy deployment with @kubernetes/client-node and the SDK, and finds nothing wrong (exit 0), probes included", () => {
        expect(r.healthy.code, r.healthy.stdout).to.equal(0);
        const all = items(r.healthy);
        expect(all.filter((i) => i.state !== "ok")).to.deep.equal([]);
        expect(new Set(all.map((i) => i.area))).to.deep.equal(new Set(["Kubernetes", "AWS", "DNS", "HTTP"]));
        expect(r.requests).to.include.members(["/apis/networking.k8s.io/v1/ingressclasses/alb", "/apis/networking.k8s.io/v1/namespaces/default/ingresses/ui-alb-ingress",
            "/api/v1/namespaces/default/events", "/apis/networking.k8s.io/v1/ingresses", "/api/v1/namespaces/default/services/mdai-console",
            "/apis/discovery.k8s.io/v1/namespaces/default/endpointslices", "/apis/apps/v1/namespaces/default/deployments/ui-alb-ingress-sign-out"]);
        expect(r.healthy.stderr).to.contain("doctor: reading ALB mdai-console-live…").and.contain("doctor: reading Ingress default/ui-alb-ingress…");
    });

    it("prints a checklist of at most 120 columns, and never the app client's secret", () => {
        const text = renderChecklist("live", items(r.broken));
        expect(text).to.match(/^mdai-cognito doctor for stack live: read-only, nothing was changed\.\n\nKubernetes\n {2}✓ IngressClass alb: served by ingress\.k8s\.aws\/alb\n/);
        expect(text).to.contain("  ✗ Ingress default/ui-alb-ingress: controller events: FailedDeployModel:").and.contain("  ? HTTPS listener rules: reading the rules");
        expect(text.split("\n").filter((l) => l.length > 120)).to.deep.equal([]);
        for (const run of [r.healthy, r.broken]) expect(run.stdout + run.stderr).not.to.contain("live-client-secret-9f8e");
    });

    it("reports MDAI's documented controller error with its fix, and a denied read as the permission to grant (exit 1)", () => {
        expect(r.broken.code).to.equal(1);
        const bad = items(r.broken).filter((i) => i.state !== "ok");
        expect(bad.map((i) => `${i.state} ${i.title}`)).to.deep.equal(["fail Ingress default/ui-alb-ingress: controller events", "unknown HTTPS listener rules"]);
        expect(bad[0].detail).to.contain("Action type 'authenticate-cognito' must be one of").and.contain("status code: 400");
        expect(bad[0].fix).to.contain("authMode auto");
        expect(bad[1].fix).to.equal("Grant elasticloadbalancing:DescribeRules to the principal running the doctor, then run it again.");
    });
});
