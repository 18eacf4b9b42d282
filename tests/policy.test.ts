import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as YAML from "yaml";
import { K8sObject, PUBLIC_MARKER, RULES, checkObjects, isTls12Policy } from "../policy/rules";
import { policyCommand } from "../scripts/policy";
import { checkRendered } from "../specs";
import { EXTERNAL_IDP, baseConfig, reveal, runStack } from "./harness";

const A = "alb.ingress.kubernetes.io/";
/** An Ingress as a careful team would write it: authenticated, HTTPS with the redirect, TLS 1.2+. */
const good = (over: Record<string, string> = {}, name = "team"): K8sObject => ({
    apiVersion: "networking.k8s.io/v1", kind: "Ingress", metadata: { name, namespace: "tools", annotations: {
        [`${A}group.name`]: "mdai-dev", [`${A}auth-type`]: "cognito", [`${A}auth-idp-cognito`]: "{}", [`${A}listen-ports`]: '[{"HTTP":80},{"HTTPS":443}]', [`${A}ssl-redirect`]: "443",
        [`${A}ssl-policy`]: "ELBSecurityPolicy-TLS13-1-2-2021-06", ...over } },
    spec: { ingressClassName: "alb", rules: [{ host: "tools.example.com", http: { paths: [] } }] },
});
const without = (o: K8sObject, key: string): K8sObject => ({ ...o, metadata: { ...o.metadata, annotations: Object.fromEntries(Object.entries(o.metadata!.annotations!).filter(([k]) => k !== key)) } });
const rulesBroken = (objects: K8sObject[]) => checkObjects(objects).map((v) => `${v.level} ${v.rule}`);

describe("the policy pack's rules, on objects this program did not write", () => {
    it("pass a careful team's Ingress, and one served by another controller", () => {
        expect(checkObjects([good()])).to.deep.equal([]);
        expect(checkObjects([{ ...good({ [`${A}auth-type`]: "none" }), spec: { ingressClassName: "nginx" } }])).to.deep.equal([]);
    });

    const cases: [string, K8sObject[], string[]][] = [
        ["an Ingress without authentication", [good({ [`${A}auth-type`]: "none" })], ["mandatory ingress-authenticates"]],
        ["the legacy class annotation, without authentication", [{ ...without(good({ [`${A}auth-type`]: "none", "kubernetes.io/ingress.class": "alb" }), ""), spec: {} }], ["mandatory ingress-authenticates"]],
        ["HTTP only (the controller's default listen-ports)", [without(good(), `${A}listen-ports`)], ["mandatory https-only"]],
        ["HTTP beside HTTPS without ssl-redirect", [without(good(), `${A}ssl-redirect`)], ["mandatory https-only"]],
        ["no ssl-policy (the controller's default accepts TLS 1.0)", [without(good(), `${A}ssl-policy`)], ["mandatory tls-policy"]],
        ["a TLS 1.1 policy", [good({ [`${A}ssl-policy`]: "ELBSecurityPolicy-TLS-1-1-2017-01" })], ["mandatory tls-policy"]],
        ["a weakening attribute", [good({ [`${A}load-balancer-attributes`]: "routing.http.drop_invalid_header_fields.enabled=false" })], ["advisory alb-hardening"]],
        ["two members of a group that disagree", [good({ [`${A}load-balancer-attributes`]: "idle_timeout.timeout_seconds=60" }), good({ [`${A}load-balancer-attributes`]: "idle_timeout.timeout_seconds=120" }, "other")],
            ["mandatory alb-attributes-agree"]],
        ["IngressClassParams that replace the certificate and weaken TLS", [{ apiVersion: "elbv2.k8s.aws/v1beta1", kind: "IngressClassParams", metadata: { name: "alb" },
            spec: { certificateArn: ["arn:aws:acm:us-east-1:1:certificate/x"], sslPolicy: "ELBSecurityPolicy-2016-08", group: { name: "anything" } } }], ["mandatory ingress-class-params", "mandatory ingress-class-params"]],
        ["the console's Service as a LoadBalancer", [{ apiVersion: "v1", kind: "Service", metadata: { name: "mdai-console", namespace: "default" }, spec: { type: "LoadBalancer" } }], ["mandatory no-public-service"]],
    ];
    for (const [what, objects, broken] of cases) it(`refuses ${what}, naming the object, the rule and the fix`, () => {
        expect(rulesBroken(objects)).to.deep.equal(broken);
        for (const v of checkObjects(objects)) expect(v.object).to.match(/^(Ingress|IngressClassParams|Service) /) && expect(v.fix).to.match(/\.$/);
    });

    it("takes an Ingress marked public on purpose, lets a team lower or disable a rule, and knows the TLS 1.2+ policies by name", () => {
        expect(checkObjects([good({ [`${A}auth-type`]: "none", [PUBLIC_MARKER]: "status page" })])).to.deep.equal([]);
        expect(checkObjects([without(good(), `${A}ssl-policy`)], { levels: { "tls-policy": "advisory" } }).map((v) => v.level)).to.deep.equal(["advisory"]);
        expect(checkObjects([without(good(), `${A}ssl-policy`)], { levels: { "tls-policy": "disabled" } })).to.deep.equal([]);
        expect(["ELBSecurityPolicy-TLS13-1-2-2021-06", "ELBSecurityPolicy-TLS13-1-3-2021-06", "ELBSecurityPolicy-TLS-1-2-Ext-2018-06", "ELBSecurityPolicy-FS-1-2-Res-2020-10", "ELBSecurityPolicy-TLS13-1-2-FIPS-2023-04"].every(isTls12Policy)).to.equal(true);
        expect(["ELBSecurityPolicy-2016-08", "ELBSecurityPolicy-TLS13-1-0-2021-06", "ELBSecurityPolicy-TLS-1-1-2017-01", "ELBSecurityPolicy-FS-2018-06"].some(isTls12Policy)).to.equal(false);
    });
});

describe("everything the program renders passes its own pack", () => {
    it("in every mode, authMode none and its public members included (they carry the marker), and the plan fails on a rendered object that would not", async () => {
        // One after the other: the mock engine is the process's.
        const runs = [];
        for (const opts of [
            { config: { ...baseConfig(), publicPaths: '["/healthz"]', apiPaths: '["/api"]' } },
            { config: baseConfig("ap-southeast-7") },
            { config: { ...baseConfig(), userPoolDomain: "", oidc: JSON.stringify(EXTERNAL_IDP) }, secretKeys: ["oidc"] },
            { config: { ...baseConfig(), userPoolDomain: "", authMode: "none" } },
            { config: { ...baseConfig(), machineClients: '[{"name":"exporter","scopes":["read"]}]', machinePaths: '[{"path":"/api/metrics","scopes":["read"]}]' } },
        ]) runs.push(await runStack(opts));
        for (const r of runs) {
            const manifests = r.resources.filter((x) => x.type.startsWith("kubernetes:")).map((x) => reveal(x.inputs) as K8sObject);
            expect(checkObjects(manifests).filter((v) => v.level === "mandatory")).to.deep.equal([]);
        }
        const open = runs[3].resources.filter((x) => x.type.endsWith(":Ingress")).map((x) => x.inputs.metadata.annotations[PUBLIC_MARKER]);
        expect(open.every((m: string) => m === "authMode none: the console is public on purpose")).to.equal(true);
        // An Ingress rendered without its login is a finding of the plan, and exits 1 there.
        const rendered = runs[0].resources.map((x) => ({ type: x.type, name: x.name, inputs: reveal(x.inputs) as Record<string, unknown> }));
        const login = rendered.find((x) => x.type.endsWith(":Ingress") && (x.inputs.metadata as { name: string }).name === "ui-alb-ingress")!;
        delete (login.inputs.metadata as { annotations: Record<string, string> }).annotations[`${A}auth-type`];
        expect(checkRendered(rendered).findings.filter((f) => f.spec === "policy").map((f) => `${f.resource} ${f.field}`)).to.deep.equal(["Ingress default/ui-alb-ingress ingress-authenticates"]);
    });
});

describe("npm run policy", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mdai-policy-"));
    const write = (f: string, docs: object[]) => fs.writeFileSync(path.join(dir, f), docs.map((d) => YAML.stringify(d)).join("---\n"));
    const run = (argv: string[]) => {
        let stdout = "";
        let stderr = "";
        const code = policyCommand(argv, { stdout: (t) => { stdout += t; }, stderr: (t) => { stderr += t; } });
        return { code, stdout, stderr };
    };

    it("checks files and directories of manifests, a List unwrapped: 0 clean, 1 on a mandatory violation, 3 when there is nothing to check", () => {
        write("good.yaml", [good(), { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "x" } }]);
        write("list.yml", [{ apiVersion: "v1", kind: "List", items: [without(good({}, "listed"), `${A}ssl-policy`)] }]);
        fs.writeFileSync(path.join(dir, "notes.txt"), "not a manifest");
        const clean = run([path.join(dir, "good.yaml")]);
        expect([clean.code, clean.stdout]).to.deep.equal([0, "mdai-cognito policy: 2 object(s) in 1 file(s), 7 rules.\nNo violations.\n"]);
        const all = run([dir, "--json"]);
        const doc = JSON.parse(all.stdout);
        expect([all.code, doc.exitCode, doc.checked, doc.violations.map((v: { object: string; rule: string }) => `${v.object} ${v.rule}`)])
            .to.deep.equal([1, 1, { files: 2, objects: 3 }, ["Ingress tools/listed tls-policy"]]);
        expect(run([dir, "--level", "tls-policy=advisory"]).code).to.equal(0);
        const empty = fs.mkdtempSync(path.join(os.tmpdir(), "mdai-policy-empty-"));
        expect(run([empty]).code).to.equal(3);
    });

    it("names what it cannot read or understand, with the usage (exit 1)", () => {
        fs.writeFileSync(path.join(dir, "broken.yaml"), "kind: Ingress\n  metadata: [\n");
        expect(run([path.join(dir, "broken.yaml")]).stderr).to.contain(`${path.join(dir, "broken.yaml")}: `);
        expect(run([path.join(dir, "missing.yaml")]).stderr).to.contain("no such file or directory");
        const bad = run([dir, "--level", "tls=low"]);
        expect([bad.code, bad.stderr]).to.deep.include.members([1]);
        expect(bad.stderr).to.contain(`give <rule>=mandatory|advisory|disabled, with a rule of ${RULES.map((r) => r.name).join(", ")}`);
        expect(run([]).stderr).to.contain("Usage: npm run policy");
    });
});
