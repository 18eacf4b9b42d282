import { expect } from "chai";
import { checkHttpsUrl, checkSecretReader } from "../config/rules";
import { EXTERNAL_IDP, baseConfig, runStack, runStackFailure } from "./harness";

const OIDC_REGION = baseConfig("ap-southeast-7");

describe("the IngressClass must be the AWS Load Balancer Controller's: another controller would serve the console without login", () => {
    it("refuses a class of another controller, before any Ingress exists", async () => {
        const f = await runStackFailure({ config: { ...baseConfig(), ingressClassName: "nginx" }, ingressClasses: { nginx: { controller: "k8s.io/ingress-nginx" } } });
        expect(f.error.message).to.contain("IngressClass nginx is served by k8s.io/ingress-nginx, not the AWS Load Balancer Controller").and.contain("the login included");
        expect(f.resources.filter((r) => r.type.endsWith(":Ingress"))).to.deep.equal([]);
    });

    it("accepts EKS Auto Mode's built-in controller, and lets its group (not a ServiceAccount) read the OIDC secret", async () => {
        const r = await runStack({ config: { ...OIDC_REGION, ingressClassName: "alb-auto" }, ingressClasses: { "alb-auto": { controller: "eks.amazonaws.com/alb" } } });
        expect(r.one("kubernetes:rbac.authorization.k8s.io/v1:RoleBinding").inputs.subjects).to.deep.equal([{ kind: "Group", name: "eks:managed", apiGroup: "rbac.authorization.k8s.io" }]);
        expect(r.reads.map((x) => x.type)).not.to.include("kubernetes:core/v1:ServiceAccount");
    });

    it("refuses IngressClassParams that set another scheme, inbound CIDRs or group than the stack", async () => {
        const classes = { alb: { controller: "ingress.k8s.aws/alb", parameters: { apiGroup: "elbv2.k8s.aws", kind: "IngressClassParams", name: "shared" } } };
        const f = await runStackFailure({ config: { ...baseConfig(), scheme: "internal" }, ingressClasses: classes,
            ingressClassParams: { shared: { scheme: "internet-facing", inboundCIDRs: ["0.0.0.0/0"], group: { name: "everyone" } } } });
        expect(f.error.message).to.contain("IngressClassParams shared of IngressClass alb sets scheme internet-facing (this stack: internal), inboundCIDRs 0.0.0.0/0 (this stack: anywhere), group everyone (this stack: mdai-dev)");
        const same = await runStack({ config: { ...baseConfig(), scheme: "internal" }, ingressClasses: classes, ingressClassParams: { shared: { scheme: "internal" } } });
        expect(same.reads.map((x) => x.id)).to.include("shared");
    });
});

describe("only the controller may read the OIDC client secret", () => {
    it("reads the ServiceAccount the Role binds, which must exist", async () => {
        const r = await runStack({ config: OIDC_REGION });
        expect(r.reads.filter((x) => x.type === "kubernetes:core/v1:ServiceAccount").map((x) => x.id)).to.deep.equal(["kube-system/aws-load-balancer-controller"]);
        const f = await runStackFailure({ config: OIDC_REGION, serviceAccounts: { "kube-system/aws-load-balancer-controller": null } });
        expect(f.error.message).to.contain("resource 'kube-system/aws-load-balancer-controller' does not exist");
    });

    it("refuses general-purpose accounts, with a fix the same check accepts", async () => {
        for (const sa of ["default/default", "mdai/default", "kube-system/kube-proxy", "kube-system/generic-garbage-collector"]) {
            expect(checkSecretReader(sa)?.wrong, sa).to.contain("general-purpose account");
        }
        const fix = /e\.g\. "([^"]+)"/.exec(checkSecretReader("default/default")!.fix)![1];
        expect(checkSecretReader(fix)).to.equal(undefined);
        const f = await runStackFailure({ config: { ...OIDC_REGION, lbControllerServiceAccount: "default/default" } });
        expect(f.error.message).to.contain("mdai-cognito:lbControllerServiceAccount").and.contain("general-purpose account");
    });
});

describe("URLs lead where they read", () => {
    it("refuses a backslash or user-info in every URL key", () => {
        for (const url of ["https://evil.test\\@login.acme.io/", "https://evil.test\\login.acme.io/", "https://user@login.acme.io/", "https://user:pw@login.acme.io/x", "https://login.acme.io/ x"]) {
            expect(checkHttpsUrl(url), url).not.to.equal(undefined);
        }
        expect(checkHttpsUrl("https://login.acme.io/oauth2/v1/logout")).to.equal(undefined);
    });

    it("refuses them in the oidc key, and warns when the end-session endpoint is on another host than the issuer", async () => {
        const f = await runStackFailure({ config: { ...baseConfig(), userPoolDomain: "", oidc: JSON.stringify({ ...EXTERNAL_IDP, tokenEndpoint: "https://evil.test\\@login.example.org/token" }) }, secretKeys: ["oidc"] });
        expect(f.error.message).to.contain("mdai-cognito:oidc.tokenEndpoint").and.contain("backslash");
        const r = await runStack({ config: { ...baseConfig(), userPoolDomain: "", oidc: JSON.stringify({ ...EXTERNAL_IDP, endSessionEndpoint: "https://logout.elsewhere.test/end" }) }, secretKeys: ["oidc"] });
        expect(r.warnings().join("\n")).to.contain("oidc.endSessionEndpoint is on logout.elsewhere.test, but the issuer is on login.example.org");
    });
});
