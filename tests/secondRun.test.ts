import { expect } from "chai";
import { EXTERNAL_IDP, baseConfig, certArn, runStack, writeKubeconfig } from "./harness";
import { secondRun, sharedNames } from "./lifecycle";

const POOL = "aws:cognito/userPool:UserPool";
const DOMAIN = "aws:cognito/userPoolDomain:UserPoolDomain";
const CLIENT = "aws:cognito/userPoolClient:UserPoolClient";
const INGRESS = "kubernetes:networking.k8s.io/v1:Ingress";
const K8S_PROVIDER = "pulumi:providers:kubernetes";

const start = { ...baseConfig(), authMode: "cognito", users: '["alice@example.com"]' };

// Every documented change is proven on the twin (tests/twin/dayTwo.deep.ts): the pool and client kept, URNs kept but for
// what comes and goes by design, physical names never asked for twice, the same or a new ALB, and the state it leaves.

describe("every documented change applies cleanly on the second pulumi up", () => {
    it("and back: oidc → cognito removes the Secret and its RBAC, nothing else", async () => {
        const t = await secondRun({ config: { ...start, authMode: "oidc" } }, { config: start });
        expect(t.step(POOL).kind).to.be.oneOf(["same", "update"]);
        expect(t.collisions).to.deep.equal([]);
        expect(t.removed.map((u) => u.split("::").pop())).to.have.members(["mdai-console-oidc-secret", "mdai-console-oidc-secret-reader", "mdai-console-oidc-secret-reader"]);
    });

    it("replaces the hosted-UI domain delete-first when the prefix changes (a pool has one prefix domain)", async () => {
        const t = await secondRun({ config: start }, { config: { ...start, userPoolDomain: "mdai-login-two" } });
        expect(t.step(DOMAIN)).to.deep.include({ kind: "replace", deleteFirst: true, because: ["domain"] });
    });

    for (const [what, change] of [["renamed", { ingressName: "mdai-console" }], ["moved to another namespace", { namespace: "mdai" }]] as const) {
        it(`replaces an Ingress ${what} delete-first, so the new one never waits on an ALB name the old one holds`, async () => {
            const t = await secondRun({ config: start }, { config: { ...start, ...change } });
            expect(t.step(INGRESS, "mdai-console-ingress")).to.deep.include({ kind: "replace", deleteFirst: true });
        });
    }

    it("keeps every Kubernetes object when the same cluster is named by kubeconfig instead of clusterName, whatever the kubeconfig calls it", async () => {
        // As eksctl writes it: the entry is not named by the ARN, but the server is the cluster's endpoint.
        const file = writeKubeconfig([{ name: "mdai", cluster: "mdai-test.us-east-1.eksctl.io", server: "https://MDAI-TEST.gr7.us-east-1.eks.amazonaws.com:443/" }]);
        for (const [a, b] of [[start, { ...start, clusterName: "", kubeconfig: file }], [{ ...start, clusterName: "", kubeconfig: file }, start]]) {
            const t = await secondRun({ config: a }, { config: b });
            expect(t.step(K8S_PROVIDER).kind).to.equal("update");
            expect(t.steps.filter((s) => s.type.startsWith("kubernetes:") && s.kind !== "same").map((s) => s.type)).to.deep.equal([]);
            expect(t.collisions).to.deep.equal([]);
        }
    });

    it("moves everything Kubernetes to another cluster only when another cluster is named", async () => {
        const t = await secondRun({ config: start }, { config: { ...start, clusterName: "mdai-other" } });
        expect(t.step(K8S_PROVIDER)).to.deep.include({ kind: "replace", because: ["clusterIdentifier"] });
        expect(t.step(INGRESS, "mdai-console-ingress")).to.deep.include({ kind: "replace", because: ["provider"] });
        expect(t.step(POOL).kind).to.equal("same");
    });

    it("switching to an external IdP takes the pool out of the stack (it stays in the account, retained)", async () => {
        const t = await secondRun({ config: start }, { config: { ...start, authMode: "auto", userPoolDomain: "", oidc: JSON.stringify(EXTERNAL_IDP) }, secretKeys: ["oidc"] });
        expect(t.step(POOL).kind).to.equal("delete");
        expect(t.a.registrations.find((r) => r.type === POOL)!.retainOnDelete).to.equal(true);
        expect(t.collisions).to.deep.equal([]);
    });
});

describe("the sign-out server on the second pulumi up", () => {
    it("turning signOut off removes its server and the public Ingress, and keeps the ALB", async () => {
        const t = await secondRun({ config: start }, { config: { ...start, signOut: "false" } });
        expect(t.removed.map((u) => u.split("::").pop())).to.have.members(["mdai-console-sign-out", "mdai-console-sign-out-config", "mdai-console-sign-out-deployment",
            "mdai-console-sign-out-service", "mdai-console-ingress-public"]);
        expect(t.collisions).to.deep.equal([]);
        expect(t.albChanges).to.deep.equal([]);
    });

    it("a new client id rolls the pods: the ConfigMap is replaced in place of the old (same name, delete-first), the Deployment updated", async () => {
        const t = await secondRun({ config: start }, { config: { ...start, uiHostname: "console.example.org" } });
        expect(t.step("kubernetes:core/v1:ConfigMap")).to.deep.include({ kind: "replace", deleteFirst: true });
        expect(t.step("kubernetes:apps/v1:Deployment").kind).to.equal("update");
    });

    it("upgrading from the release without an IngressGroup gives the console a new ALB once", async () => {
        const { diff, albChanges } = await import("./lifecycle");
        const a = await runStack({ config: { ...start, signOut: "false" } });
        // That release's Ingress: the same, without group.name and group.order.
        const ann = a.ingress().inputs.metadata.annotations as Record<string, string>;
        delete ann["alb.ingress.kubernetes.io/group.name"];
        delete ann["alb.ingress.kubernetes.io/group.order"];
        const b = await runStack({ config: start });
        const changes = albChanges(a, b, diff(a, b));
        expect(changes).to.have.length(1);
        expect(changes[0]).to.contain("a new group");
    });
});

describe("two environments in one account and region", () => {
    it("dev and prod with default settings hold no account- or region-scoped name in common", async () => {
        const dev = await runStack({ stack: "dev", config: { ...baseConfig(), uiHostname: "mdai-dev.example.org", userPoolDomain: "mdai-dev-login" } });
        const prod = await runStack({ stack: "prod", config: { ...baseConfig(), uiHostname: "mdai.example.org", userPoolDomain: "mdai-prod-login", clusterName: "mdai-prod" } });
        expect(sharedNames([dev, prod])).to.deep.equal([]);
        const lbName = (r: typeof dev) => r.ingress().inputs.metadata.annotations["alb.ingress.kubernetes.io/load-balancer-name"];
        expect([lbName(dev), lbName(prod)]).to.deep.equal(["mdai-console-dev", "mdai-console-prod"]);
    });

    it("even in one cluster, in two namespaces", async () => {
        const dev = await runStack({ stack: "dev", config: { ...baseConfig(), userPoolDomain: "mdai-dev-login", namespace: "mdai-dev" } });
        const prod = await runStack({ stack: "prod", config: { ...baseConfig(), userPoolDomain: "mdai-prod-login", namespace: "mdai-prod" } });
        expect(sharedNames([dev, prod])).to.deep.equal([]);
    });
});
