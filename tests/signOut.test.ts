import { expect } from "chai";
import { ANNOTATION_PREFIX, SESSION_COOKIE } from "../components/annotations";
import { DEFAULT_SIGN_OUT_IMAGE, SESSION_COOKIE_SHARDS, expiredCookie, signOutNginxConf } from "../components/nginxConf";
import { groupMembers } from "../components/routes";
import { validateManifest } from "../specs/kubernetes";
import { EXTERNAL_IDP, RunOptions, RunResult, baseConfig, reveal, runStack, runStackFailure } from "./harness";

const CONFIGMAP = "kubernetes:core/v1:ConfigMap";
const DEPLOYMENT = "kubernetes:apps/v1:Deployment";
const SERVICE = "kubernetes:core/v1:Service";
const INGRESS = "kubernetes:networking.k8s.io/v1:Ingress";
const CLIENT = "aws:cognito/userPoolClient:UserPoolClient";
const SIGNED_OUT = "https://mdai.example.com/_mdai/sign-out/done";

const nginxConf = (r: RunResult) => r.one(CONFIGMAP).inputs.data["nginx.conf"] as string;
const redirect = (r: RunResult) => /return 302 "([^"]+)";/.exec(nginxConf(r))![1];
const ann = (x: { inputs: Record<string, any> }, k: string) => x.inputs.metadata.annotations[ANNOTATION_PREFIX + k]; // eslint-disable-line @typescript-eslint/no-explicit-any
const manifests = (r: RunResult) => r.resources.filter((x) => x.type.startsWith("kubernetes:")).map((x) => reveal(x.inputs) as Record<string, unknown>);

const MODES: [string, RunOptions][] = [
    ["cognito", { config: baseConfig() }],
    ["oidc against the pool", { config: baseConfig("ap-southeast-7") }],
    ["external IdP", { config: { ...baseConfig(), userPoolDomain: "", oidc: JSON.stringify({ ...EXTERNAL_IDP, endSessionEndpoint: "https://login.example.org/logout" }) }, secretKeys: ["oidc"] }],
    ["none", { config: { ...baseConfig(), userPoolDomain: "", authMode: "none" } }],
];

describe("sign-out: the objects", () => {
    let r: RunResult;
    before(async () => { r = await runStack({ config: baseConfig() }); });

    it("runs a hardened nginx: non-root, read-only root, no capabilities, RuntimeDefault seccomp, no token, limits, probes, 2 replicas", () => {
        const d = r.one(DEPLOYMENT).inputs;
        expect(d.metadata).to.deep.include({ name: "ui-alb-ingress-sign-out", namespace: "default" });
        expect(d.spec.replicas).to.equal(2);
        const pod = d.spec.template.spec;
        expect(pod.automountServiceAccountToken).to.equal(false);
        expect(pod.securityContext).to.deep.equal({ runAsNonRoot: true, runAsUser: 101, runAsGroup: 101, seccompProfile: { type: "RuntimeDefault" } });
        const c = pod.containers[0];
        expect(c.image).to.equal(DEFAULT_SIGN_OUT_IMAGE).and.match(/@sha256:[0-9a-f]{64}$/);
        expect(c.securityContext).to.deep.equal({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true, capabilities: { drop: ["ALL"] } });
        expect(c.resources.requests).to.have.keys("cpu", "memory");
        expect(c.resources.limits).to.have.keys("cpu", "memory");
        expect(c.readinessProbe.httpGet).to.deep.equal({ path: "/healthz", port: "http" });
        expect(c.livenessProbe.httpGet).to.deep.equal({ path: "/healthz", port: "http" });
        // Writable only where nginx must write: the emptyDir at /tmp (pid, temp paths).
        expect(c.volumeMounts).to.deep.equal([
            { name: "config", mountPath: "/etc/nginx/nginx.conf", subPath: "nginx.conf", readOnly: true },
            { name: "tmp", mountPath: "/tmp" },
        ]);
        expect(pod.volumes[1]).to.deep.equal({ name: "tmp", emptyDir: { medium: "Memory", sizeLimit: "16Mi" } });
        expect(nginxConf(r)).to.contain("pid /tmp/nginx.pid;").and.contain("client_body_temp_path /tmp/");
        expect(d.spec.template.metadata.annotations["mdai.io/nginx-conf-sha256"]).to.match(/^[0-9a-f]{64}$/);
    });

    it("serves it through a ClusterIP Service on port 80, created without waiting for the pods", () => {
        const s = r.ofType(SERVICE)[0].inputs;
        expect(s.metadata.annotations).to.deep.equal({ "pulumi.com/skipAwait": "true", "alb.ingress.kubernetes.io/healthcheck-path": "/healthz",
            "alb.ingress.kubernetes.io/backend-protocol": "HTTP", "alb.ingress.kubernetes.io/healthcheck-protocol": "HTTP" });
        expect(s.spec).to.deep.include({ type: "ClusterIP" });
        expect(s.spec.ports).to.deep.equal([{ name: "http", port: 80, targetPort: "http", protocol: "TCP" }]);
        expect(s.spec.selector).to.deep.equal(r.one(DEPLOYMENT).inputs.spec.selector.matchLabels);
    });

    it("routes the sign-out path (Exact, before /) through the login, and only the signed-out page without it", () => {
        expect(r.ingress().inputs.spec.rules[0].http.paths.map((p: { path: string; pathType: string }) => `${p.pathType} ${p.path}`)).to.deep.equal(["Exact /_mdai/sign-out", "Prefix /"]);
        expect(ann(r.ingress(), "auth-type")).to.equal("cognito");
        const pub = r.ingress("-public");
        expect(pub.inputs.metadata).to.deep.include({ name: "ui-alb-ingress-public", namespace: "default" });
        expect(pub.inputs.spec.rules).to.deep.equal([{ host: "mdai.example.com", http: { paths: [
            { path: "/_mdai/sign-out/done", pathType: "Exact", backend: { service: { name: "ui-alb-ingress-sign-out", port: { number: 80 } } } },
        ] } }]);
        expect(ann(pub, "auth-type")).to.equal("none");
        expect(Number(ann(pub, "group.order"))).to.be.lessThan(Number(ann(r.ingress(), "group.order")));
    });

    it("puts both Ingresses in one IngressGroup named after the stack, with the group-wide settings identical", () => {
        const groupWide = (x: { inputs: Record<string, any> }) => Object.fromEntries(Object.entries(x.inputs.metadata.annotations as Record<string, string>).filter(([k]) => !/auth-|group\.order|jwt-validation|mdai\.io\/public-door/.test(k))); // eslint-disable-line @typescript-eslint/no-explicit-any
        expect(groupWide(r.ingress("-public"))).to.deep.equal(groupWide(r.ingress()));
        expect(ann(r.ingress(), "group.name")).to.equal("mdai-dev");
        expect(r.registrations.find((x) => x.name === "mdai-console-ingress")!.dependencies).to.include(r.registrations.find((x) => x.type === SERVICE)!.urn);
    });

    it("expires every shard of the session cookie the Ingress configures", () => {
        expect(ann(r.ingress(), "auth-session-cookie")).to.equal(SESSION_COOKIE);
        for (let i = 0; i < SESSION_COOKIE_SHARDS; i++) expect(nginxConf(r)).to.contain(`add_header Set-Cookie "${expiredCookie(`${SESSION_COOKIE}-${i}`)}" always;`);
        expect(SESSION_COOKIE_SHARDS).to.be.at.least(4);
    });

    it("outputs signOutUrl instead of a hosted-UI logout URL", () => {
        expect(r.outputs.signOutUrl).to.equal("https://mdai.example.com/_mdai/sign-out");
        expect(r.outputs).not.to.have.property("logoutUrl");
    });
});

describe("sign-out: where it sends the browser, per mode", () => {
    it("cognito and oidc-with-pool: Cognito's /logout, returning to the public signed-out page the client allows", async () => {
        for (const region of ["us-east-1", "ap-southeast-7"]) {
            const r = await runStack({ config: baseConfig(region) });
            const url = new URL(redirect(r));
            expect(url.origin + url.pathname).to.equal(`https://mdai-login-test.auth.${region}.amazoncognito.com/logout`);
            expect(Object.fromEntries(url.searchParams)).to.deep.equal({ client_id: "mockclientid0123456789abcd", logout_uri: SIGNED_OUT });
            expect(r.one(CLIENT).inputs.logoutUrls).to.deep.equal([SIGNED_OUT]);
        }
    });

    it("external IdP: its end-session endpoint, returning to the signed-out page", async () => {
        const r = await runStack(MODES[2][1]);
        expect(redirect(r)).to.equal(`https://login.example.org/logout?client_id=mdai-console&post_logout_redirect_uri=${encodeURIComponent(SIGNED_OUT)}`);
        expect(r.warnings().join("\n")).not.to.contain("endSessionEndpoint");
    });

    it("external IdP without endSessionEndpoint: the signed-out page, with a warning that the IdP session stays", async () => {
        const r = await runStack({ config: { ...baseConfig(), userPoolDomain: "", oidc: JSON.stringify(EXTERNAL_IDP) }, secretKeys: ["oidc"] });
        expect(redirect(r)).to.equal(SIGNED_OUT);
        expect(r.warnings().join("\n")).to.contain("oidc.endSessionEndpoint is not set: signing out ends only the ALB session, and the IdP signs the user straight back in");
    });

    it("none: no sign-out endpoint at all", async () => {
        const r = await runStack(MODES[3][1]);
        for (const t of [CONFIGMAP, DEPLOYMENT]) expect(r.ofType(t)).to.deep.equal([]);
        expect(r.ofType(INGRESS)).to.have.length(1);
        expect(r.outputs.signOutUrl).to.equal(undefined);
    });

    it("signOut false: none either, and the client returns to the console", async () => {
        const r = await runStack({ config: { ...baseConfig(), signOut: "false" } });
        expect(r.ofType(CONFIGMAP)).to.deep.equal([]);
        expect(r.ofType(INGRESS).map((x) => x.inputs.metadata.name)).to.deep.equal(["ui-alb-ingress"]);
        expect(r.ingress().inputs.spec.rules[0].http.paths).to.have.length(1);
        expect(r.one(CLIENT).inputs.logoutUrls).to.deep.equal(["https://mdai.example.com/"]);
    });

    it("signOutPath and signOutImage move the endpoint and swap the image (warning when not pinned)", async () => {
        const r = await runStack({ config: { ...baseConfig(), signOutPath: "/auth/logout", signOutImage: "registry.acme.io/nginx-unprivileged:1.29" } });
        expect(r.ingress().inputs.spec.rules[0].http.paths[0].path).to.equal("/auth/logout");
        expect(r.ingress("-public").inputs.spec.rules[0].http.paths[0].path).to.equal("/auth/logout/done");
        expect(r.one(DEPLOYMENT).inputs.spec.template.spec.containers[0].image).to.equal("registry.acme.io/nginx-unprivileged:1.29");
        expect(r.warnings().join("\n")).to.contain("signOutImage registry.acme.io/nginx-unprivileged:1.29 is not pinned by digest");
        expect(r.outputs.signOutUrl).to.equal("https://mdai.example.com/auth/logout");
    });

    for (const [path, why] of [["/", "served at /"], ["/oauth2/idpresponse", "/oauth2/"], ["sign-out", "absolute path"], ["/a b", "only letters"], ["/x/", "must not end in /"]]) {
        it(`refuses signOutPath ${JSON.stringify(path)} before anything is created`, async () => {
            const f = await runStackFailure({ config: { ...baseConfig(), signOutPath: path } });
            expect(f.error.message).to.contain(`mdai-cognito:signOutPath (from stack config) is ${JSON.stringify(path)}`).and.contain(why);
            expect(f.resources).to.deep.equal([]);
        });
    }
});

describe("every Kubernetes object is valid against the Kubernetes schema", () => {
    for (const [mode, opts] of MODES) {
        it(`in ${mode} mode`, async () => {
            const r = await runStack(opts);
            expect(manifests(r).flatMap(validateManifest)).to.deep.equal([]);
        });
    }

    it("and a broken object is caught", () => {
        const m = groupMembers([{ key: "", ingressName: "x", namespace: "default", host: "h.example.com", service: "s", port: 80, publicPaths: [], apiPaths: [] }])[0];
        const broken = { apiVersion: "networking.k8s.io/v1", kind: "Ingress", metadata: { name: m.name }, spec: { rules: [{ host: m.host, http: { paths: [{ path: "/", pathType: "prefix", backend: { service: { name: "s", port: { number: "80" } } } }] } }] } };
        expect(validateManifest(broken).map((f) => f.field)).to.have.members(["/spec/rules/0/http/paths/0/pathType", "/spec/rules/0/http/paths/0/backend/service/port/number"]);
    });
});

describe("sign-out: the nginx config on its own", () => {
    it("percent-encodes $ (nginx would expand it) and refuses line breaks", () => {
        const site = { host: "h.example.com", signOutPath: "/so", signedOutPath: "/so/done", uiUrl: "https://u/", cookieName: "C" };
        const conf = signOutNginxConf({ sites: [{ ...site, redirectTo: "https://idp.example.org/logout?x=$y" }] });
        expect(conf).to.contain('return 302 "https://idp.example.org/logout?x=%24y";');
        expect(() => signOutNginxConf({ sites: [{ ...site, redirectTo: "https://x\n" }] })).to.throw("one line");
        expect(() => signOutNginxConf({ sites: [{ ...site, host: "h; include /etc/passwd", redirectTo: "https://x" }] })).to.throw("not a hostname");
        expect(() => signOutNginxConf({ sites: [{ ...site, cookieName: "C; Domain=evil", redirectTo: "https://x" }] })).to.throw("not a cookie name");
    });
});
