import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import { eksKubeconfig, getTokenArgs, kubeconfigTarget, parseEksClusterArn } from "../cluster/kubeconfig";
import { ConfigError } from "../config/errors";
import { MOCK_CLUSTER_CA, RunResult, baseConfig, eksClusterArn, emptyProjectDir, isSecretInput, reveal, runStack, runStackFailure, writeKubeconfig } from "./harness";

const K8S_PROVIDER = "pulumi:providers:kubernetes";


const noDefaultProviders = (r: RunResult) => {
    const k8s = [...r.resources, ...r.reads].filter((x) => x.type.startsWith("kubernetes:"));
    expect(k8s.length).to.be.greaterThan(0);
    for (const x of k8s) expect(x.provider, `${x.type} ${x.name}`).to.match(/::pulumi:providers:kubernetes::mdai-k8s::/);
    for (const x of [...r.resources, ...r.invokes].filter((y) => ("type" in y ? y.type : y.token).startsWith("aws:"))) {
        expect(x.provider, JSON.stringify(x)).to.match(/::pulumi:providers:aws::mdai-aws(-cognito)?::/);
    }
};

describe("the cluster, by EKS name (clusterName)", () => {
    let r: RunResult;
    before(async () => { r = await runStack({ config: { ...baseConfig("eu-west-1"), "aws:profile": "mdai-prod", "aws:assumeRoles": JSON.stringify([{ roleArn: "arn:aws:iam::210987654321:role/deployer" }]) } }); });

    it("looks the cluster up in the stack's region with the explicit AWS provider", () => {
        const lookup = r.invokes.filter((i) => i.token === "aws:eks/getCluster:getCluster");
        expect(lookup.map((i) => i.inputs)).to.deep.equal([{ name: "mdai-test" }]);
        expect(lookup[0].provider).to.match(/::pulumi:providers:aws::mdai-aws::/);
        expect(r.ofType("pulumi:providers:aws").find((p) => p.name === "mdai-aws")!.inputs.region).to.equal("eu-west-1");
    });

    it("builds a secret kubeconfig from the cluster's endpoint and CA that gets tokens from aws eks get-token", () => {
        const provider = r.one(K8S_PROVIDER).inputs;
        expect(isSecretInput(provider.kubeconfig), "kubeconfig is a Pulumi secret").to.equal(true);
        const kc = JSON.parse(reveal(provider.kubeconfig) as string);
        expect(kc.clusters[0].cluster).to.deep.equal({ server: "https://mdai-test.gr7.eu-west-1.eks.amazonaws.com", "certificate-authority-data": MOCK_CLUSTER_CA });
        expect(kc.users[0].user.exec).to.deep.equal({
            apiVersion: "client.authentication.k8s.io/v1beta1", command: "aws",
            args: ["--region", "eu-west-1", "eks", "get-token", "--cluster-name", "mdai-test", "--output", "json", "--role-arn", "arn:aws:iam::210987654321:role/deployer", "--profile", "mdai-prod"],
        });
        expect(kc["current-context"]).to.equal("mdai-test");
    });

    it("identifies the cluster by its API server, so a new token or kubeconfig never replaces what the provider manages", () => {
        const endpoint = "https://mdai-test.gr7.eu-west-1.eks.amazonaws.com";
        expect(r.one(K8S_PROVIDER).inputs.clusterIdentifier).to.equal(endpoint);
        expect(r.outputs.cluster).to.deep.equal({ via: "clusterName", name: "mdai-test", region: "eu-west-1", identifier: endpoint });
    });

    it("puts every Kubernetes resource and read on that one provider, and every AWS call on an explicit one", () => noDefaultProviders(r));

    it("says which cluster it targets", () => {
        expect(r.logs.map((l) => l.message)).to.include("cluster: EKS cluster mdai-test in eu-west-1, looked up by name; kubectl-style access through `aws eks get-token` with profile mdai-prod as arn:aws:iam::210987654321:role/deployer.");
    });
});

describe("the cluster, by kubeconfig", () => {
    const arnProd = eksClusterArn("us-east-1", "prod");
    const arnDev = eksClusterArn("us-east-1", "dev");

    it("uses the named context of a kubeconfig file, identified by that context's cluster", async () => {
        const file = writeKubeconfig([{ name: "dev", cluster: arnDev }, { name: "prod", cluster: arnProd }]);
        const r = await runStack({ config: { ...baseConfig(), clusterName: "", kubeconfig: file, kubeContext: "prod" } });
        expect(r.one(K8S_PROVIDER).inputs).to.deep.include({ context: "prod", clusterIdentifier: "https://prod.example.test" });
        expect(r.invokes.filter((i) => i.token === "aws:eks/getCluster:getCluster")).to.deep.equal([]);
        expect(r.outputs.cluster).to.deep.equal({ via: "kubeconfig", name: arnProd, context: "prod", identifier: "https://prod.example.test" });
        noDefaultProviders(r);
    });

    it("hands the provider the kubeconfig's contents with the files it names read in, never a path: destroy and refresh work from any machine", async () => {
        const dir = emptyProjectDir();
        fs.writeFileSync(path.join(dir, "ca.crt"), "-----BEGIN CERTIFICATE-----\nMOCK\n-----END CERTIFICATE-----\n");
        fs.writeFileSync(path.join(dir, "kubeconfig"), YAML.stringify({ apiVersion: "v1", kind: "Config",
            clusters: [{ name: "c", cluster: { server: "https://k8s.example.test", "certificate-authority": "ca.crt" } }],
            users: [{ name: "u", user: { exec: { apiVersion: "client.authentication.k8s.io/v1beta1", command: "aws", args: ["eks", "get-token", "--cluster-name", "c"] } } }],
            contexts: [{ name: "c", context: { cluster: "c", user: "u" } }] }));
        const r = await runStack({ config: { ...baseConfig(), clusterName: "", kubeconfig: path.join(dir, "kubeconfig") } });
        const p = r.one(K8S_PROVIDER).inputs;
        expect(isSecretInput(p.kubeconfig), "kubeconfig is a Pulumi secret").to.equal(true);
        const kc = YAML.parse(reveal(p.kubeconfig) as string);
        expect(kc.clusters[0].cluster).to.deep.equal({ server: "https://k8s.example.test", "certificate-authority-data": Buffer.from("-----BEGIN CERTIFICATE-----\nMOCK\n-----END CERTIFICATE-----\n").toString("base64") });
        expect(kc.users[0].user.exec.command).to.equal("aws");
        expect(JSON.stringify(reveal(r.resources.map((x) => x.inputs)))).not.to.contain(dir);
        expect(r.logs.map((l) => l.message).join("\n")).to.contain(`of ${path.join(dir, "kubeconfig")}`);
    });

    it("refuses a kubeconfig that names a file it cannot read, before anything is created", async () => {
        const dir = emptyProjectDir();
        fs.writeFileSync(path.join(dir, "kubeconfig"), YAML.stringify({ clusters: [{ name: "c", cluster: { server: "https://k8s.example.test", "certificate-authority": "missing.crt" } }],
            contexts: [{ name: "c", context: { cluster: "c" } }] }));
        const f = await runStackFailure({ config: { ...baseConfig(), clusterName: "", kubeconfig: path.join(dir, "kubeconfig") } });
        expect(f.error.message).to.contain(`its cluster entry "c" names certificate-authority ${path.join(dir, "missing.crt")}, which cannot be read (ENOENT)`);
        expect(f.resources).to.deep.equal([]);
    });

    it("takes the only context when there is one, and keeps kubeconfig contents secret", async () => {
        const text = fs.readFileSync(writeKubeconfig([{ name: "only", cluster: arnProd }]), "utf8");
        const r = await runStack({ config: { ...baseConfig(), clusterName: "", kubeconfig: text } });
        const p = r.one(K8S_PROVIDER).inputs;
        expect(isSecretInput(p.kubeconfig)).to.equal(true);
        expect(p).to.deep.include({ context: "only", clusterIdentifier: "https://only.example.test" });
        expect(JSON.stringify(r.logs)).not.to.contain("t0ken");
    });

    it("never follows the current context of a kubeconfig with several", async () => {
        const file = writeKubeconfig([{ name: "dev", cluster: arnDev }, { name: "prod", cluster: arnProd }]);
        const f = await runStackFailure({ config: { ...baseConfig(), clusterName: "", kubeconfig: file } });
        expect(f.error.message).to.contain(`mdai-cognito:kubeconfig (from stack config) is "${file}": it holds 2 contexts (dev, prod) and kubeContext does not say which one to use. Set kubeContext`);
        expect(f.resources).to.deep.equal([]);
    });

    it("refuses a context it does not have, a missing file, and an EKS cluster of another region", async () => {
        const file = writeKubeconfig([{ name: "prod", cluster: eksClusterArn("eu-west-1", "prod") }]);
        const cases: [Record<string, string>, string][] = [
            [{ kubeconfig: file, kubeContext: "staging" }, 'mdai-cognito:kubeContext (from stack config) is "staging": it has no context named "staging" (it has: prod)'],
            [{ kubeconfig: "/nonexistent/kubeconfig" }, 'mdai-cognito:kubeconfig (from stack config) is "/nonexistent/kubeconfig": the kubeconfig cannot be read (ENOENT'],
            [{ kubeconfig: file }, "is the EKS cluster prod in eu-west-1, but the stack's region is us-east-1"],
        ];
        for (const [config, message] of cases) {
            const f = await runStackFailure({ config: { ...baseConfig(), clusterName: "", ...config } });
            expect(f.error.message).to.contain(message);
        }
    });
});

describe("which cluster: exactly one way", () => {
    it("refuses neither, naming both keys, instead of using kubectl's current context", async () => {
        const f = await runStackFailure({ config: { ...baseConfig(), clusterName: "" } });
        expect(f.error).to.be.instanceOf(ConfigError);
        expect(f.error.message).to.contain("mdai-cognito:clusterName is not set").and.contain("neither mdai-cognito:clusterName nor mdai-cognito:kubeconfig is set")
            .and.contain("Set MDAI_CLUSTER_NAME");
        expect(f.resources).to.deep.equal([]);
    });

    it("refuses both, saying which one to remove", async () => {
        const file = writeKubeconfig([{ name: "prod", cluster: "prod" }]);
        const f = await runStackFailure({ config: { ...baseConfig(), kubeconfig: file } });
        expect(f.error.message).to.contain('both mdai-cognito:clusterName ("mdai-test", from stack config) and mdai-cognito:kubeconfig say which cluster to use. Remove one');
    });

    it("takes MDAI_CLUSTER_NAME from the values file, as MDAI's installer wrote it", async () => {
        const dir = emptyProjectDir();
        fs.mkdirSync(path.join(dir, "values"));
        fs.writeFileSync(path.join(dir, "values/aws.env"), "MDAI_CLUSTER_NAME=mdai-from-file\n");
        const r = await runStack({ config: { ...baseConfig(), clusterName: "" }, cwd: dir });
        expect(r.invokes.find((i) => i.token === "aws:eks/getCluster:getCluster")!.inputs).to.deep.equal({ name: "mdai-from-file" });
    });

    it("refuses an EKS ARN or a bad name as clusterName, and a role chain aws eks get-token cannot assume", async () => {
        const arn = await runStackFailure({ config: { ...baseConfig(), clusterName: eksClusterArn("us-east-1") } });
        expect(arn.error.message).to.contain("mdai-cognito:clusterName (from stack config)").and.contain("(the name, not the ARN)");
        const chain = JSON.stringify([{ roleArn: "arn:aws:iam::1:role/a" }, { roleArn: "arn:aws:iam::2:role/b" }]);
        const roles = await runStackFailure({ config: { ...baseConfig(), "aws:assumeRoles": chain } });
        expect(roles.error.message).to.contain("aws:assumeRoles is set: it chains 2 roles");
    });

    it("refuses a role with an external ID, which aws eks get-token cannot pass, and warns about static keys it does not use", async () => {
        const withId = await runStackFailure({ config: { ...baseConfig(), "aws:assumeRoles": JSON.stringify([{ roleArn: "arn:aws:iam::210987654321:role/x", externalId: "e" }]) } });
        expect(withId.error.message).to.contain("its role has an externalId, which `aws eks get-token`");
        const keys = await runStack({ config: { ...baseConfig(), "aws:accessKey": "AKIAEXAMPLE", "aws:secretKey": "s" }, secretKeys: ["aws:secretKey"] });
        expect(keys.warnings().join("\n")).to.contain("aws:accessKey/aws:token are given to the AWS provider only");
    });

    it("warns when kubeconfig contents sit in the stack config in plain text", async () => {
        const text = fs.readFileSync(writeKubeconfig([{ name: "only", cluster: "c" }]), "utf8");
        const plain = await runStack({ config: { ...baseConfig(), clusterName: "", kubeconfig: text } });
        expect(plain.warnings().join("\n")).to.contain("holds a kubeconfig's contents in plain text");
        const secret = await runStack({ config: { ...baseConfig(), clusterName: "", kubeconfig: text }, secretKeys: ["kubeconfig"] });
        expect(secret.warnings().join("\n")).not.to.contain("plain text");
    });

    it("warns that the default provider's kubernetes: settings do not apply", async () => {
        const r = await runStack({ config: { ...baseConfig(), "kubernetes:context": "prod" } });
        expect(r.warnings().join("\n")).to.contain("kubernetes:context is ignored");
    });
});

describe("kubeconfig building blocks", () => {
    it("passes the profile and role to aws eks get-token as arguments, as pulumi-eks does", () => {
        expect(getTokenArgs({ clusterName: "c", region: "r" })).to.deep.equal(["--region", "r", "eks", "get-token", "--cluster-name", "c", "--output", "json"]);
        const kc = JSON.parse(eksKubeconfig({ clusterName: "c", region: "r", endpoint: "https://e", certificateAuthorityData: "Q0E=", profile: "p" }));
        expect(kc.users[0].user.exec.args.slice(-2)).to.deep.equal(["--profile", "p"]);
        expect(kc.contexts).to.deep.equal([{ name: "c", context: { cluster: "c", user: "c" } }]);
    });

    it("reads a kubeconfig's contexts and parses EKS cluster ARNs", () => {
        const text = YAML.stringify({ contexts: [{ name: "a", context: { cluster: "x" } }], clusters: [{ name: "x", cluster: { server: "https://s" } }] });
        expect(kubeconfigTarget(text)).to.deep.equal({ context: "a", cluster: "x", server: "https://s" });
        expect(kubeconfigTarget("contexts: []")).to.have.property("wrong", "it holds no contexts");
        expect(kubeconfigTarget(": : :")).to.have.property("wrong").that.contains("not valid YAML");
        expect(parseEksClusterArn("arn:aws-us-gov:eks:us-gov-west-1:123456789012:cluster/x")).to.deep.equal({ partition: "aws-us-gov", region: "us-gov-west-1", account: "123456789012", name: "x" });
        expect(parseEksClusterArn("prod")).to.equal(undefined);
    });
});
