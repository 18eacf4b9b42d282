import { expect } from "chai";
import { ANNOTATION_PREFIX, backendOverrideError } from "../components/annotations";
import { RunResult, baseConfig, runStack, runStackFailure } from "./harness";

const INGRESS = "kubernetes:networking.k8s.io/v1:Ingress";

describe("the console's Service cannot switch the login off", () => {
    for (const [k, v] of [["auth-type", "none"], ["auth-on-unauthenticated-request", "allow"], ["auth-idp-cognito", '{"userPoolARN":"x"}']]) {
        it(`refuses to create the Ingress when the Service carries ${k}: ${v}, naming it and how to remove it`, async () => {
            const f = await runStackFailure({ config: baseConfig(), services: { "default/mdai-console": { annotations: { [ANNOTATION_PREFIX + k]: v, "other/annotation": "ok" } } } });
            expect(f.error.message).to.contain(`Service default/mdai-console carries ${ANNOTATION_PREFIX}${k}: ${JSON.stringify(v)}`)
                .and.contain(`kubectl annotate service -n default mdai-console ${ANNOTATION_PREFIX}${k}-`);
            expect(f.resources.map((r) => r.type)).not.to.include(INGRESS);
        });
    }

    it("reads the Service in the Ingress's namespace through the explicit provider before the Ingress exists", async () => {
        const r = await runStack({ config: { ...baseConfig(), namespace: "mdai", serviceName: "console" } });
        expect(r.reads.map((x) => [x.type, x.id])).to.deep.equal([["kubernetes:core/v1:Service", "mdai/console"], ["kubernetes:networking.k8s.io/v1:IngressClass", "alb"]]);
        for (const read of r.reads) expect(read.provider).to.match(/::pulumi:providers:kubernetes::mdai-k8s::/);
        expect(r.logs.map((l) => l.message).join("\n")).to.contain("reads Service mdai/console before creating the Ingresses: each must exist");
    });

    it("fails clearly when the Service does not exist (the ALB would answer 503)", async () => {
        const f = await runStackFailure({ config: baseConfig(), services: { "default/mdai-console": null } });
        expect(f.error.message).to.contain("resource 'default/mdai-console' does not exist");
        expect(f.resources.map((r) => r.type)).not.to.include(INGRESS);
        expect(f.logs.map((l) => l.message).join("\n")).to.contain("each must exist (else the ALB answers 503)");
    });

    it("accepts other annotations, and names each offending one", () => {
        expect(backendOverrideError("ns/s", { "alb.ingress.kubernetes.io/healthcheck-path": "/health" })).to.equal(undefined);
        expect(backendOverrideError("ns/s", undefined)).to.equal(undefined);
        const e = backendOverrideError("ns/s", { [ANNOTATION_PREFIX + "auth-type"]: "none", [ANNOTATION_PREFIX + "auth-scope"]: "openid" })!;
        expect(e.message).to.contain("auth-type: \"none\", alb.ingress.kubernetes.io/auth-scope: \"openid\"").and.contain("Remove them");
    });
});

describe("the Ingress on the second pulumi up", () => {
    let r: RunResult;
    before(async () => { r = await runStack({ config: { ...baseConfig("ap-southeast-7"), ingressWaitMinutes: "25" } }); });
    const reg = (type: string) => r.registrations.find((x) => x.type === type)!;

    it("is replaced delete-first, so a renamed Ingress never asks for an ALB whose name the old one holds", () => {
        expect(reg(INGRESS).deleteBeforeReplace).to.equal(true);
    });

    it("waits ingressWaitMinutes for the ALB's address", () => {
        expect(reg(INGRESS).customTimeouts).to.deep.include({ create: "25m", update: "25m" });
    });

    it("is created only after the OIDC Secret and the Role and RoleBinding that let the controller read it", () => {
        const urnOf = (type: string) => reg(type).urn;
        expect(reg(INGRESS).dependencies).to.include.members([
            urnOf("kubernetes:core/v1:Secret"), urnOf("kubernetes:rbac.authorization.k8s.io/v1:Role"), urnOf("kubernetes:rbac.authorization.k8s.io/v1:RoleBinding"),
        ]);
    });

    it("waits 10 minutes by default", async () => {
        const d = await runStack({ config: baseConfig() });
        expect(d.registrations.find((x) => x.type === INGRESS)!.customTimeouts).to.deep.include({ create: "10m", update: "10m" });
    });
});
