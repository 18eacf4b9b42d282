import { expect } from "chai";
import { attempt } from "../doctor/attempt";
import { checkAws } from "../doctor/checkAws";
import { annotationDiff, checkKube } from "../doctor/checkKube";
import { judgeEvents } from "../doctor/events";
import { Expected, expectedState } from "../doctor/expected";
import { checkDns, checkProbes, probeUrls } from "../doctor/net";
import { exitCodeOf, renderChecklist } from "../doctor/render";
import { Item, KubeObject, Live, ReadError, Rule, UserPoolClient } from "../doctor/types";
import { buildPlan } from "../scripts/planReport";
import { ALB_DNS, CERT_ARN, CLIENT_ID, HTTPS_LISTENER, HTTP_LISTENER, MDAI_COGNITO_ERROR, healthyLive, reconciled } from "./doctor/fixtures";
import { EXTERNAL_IDP, RunOptions, baseConfig, runStack, validateOnly } from "./harness";

const NOW = Date.parse("2026-11-27T12:00:00Z");
const DOORS = { publicPaths: '["/healthz"]', apiPaths: '["/api"]' };

async function expectedFor(opts: RunOptions): Promise<Expected> {
    return expectedState(validateOnly(opts), buildPlan("dev", "Pulumi.dev.yaml", await runStack(opts)));
}
const check = (e: Expected, live: Live): Item[] => [...checkKube(e, live.kube, ALB_DNS), ...checkAws(e, live.aws, NOW), ...checkDns(e, live.dns, ALB_DNS)];
const failures = (items: Item[]) => items.filter((i) => i.state !== "ok");
const one = (items: Item[], title: RegExp) => {
    const found = failures(items).filter((i) => title.test(i.title));
    expect(found, JSON.stringify(failures(items), null, 1)).to.have.length(1);
    return found[0];
};
const httpsRules = (live: Live) => live.aws.rules[HTTPS_LISTENER] as Rule[];

describe("npm run doctor: the checks, on the APIs' own responses", () => {
    let e: Expected;
    let live: Live;
    before(async () => { e = await expectedFor({ config: { ...baseConfig(), ...DOORS } }); });
    beforeEach(() => { live = healthyLive(e); });

    it("finds nothing wrong with a healthy deployment, and says what it checked", () => {
        const items = check(e, live);
        expect(failures(items)).to.deep.equal([]);
        expect(items.length).to.be.at.least(20);
        expect(exitCodeOf(items)).to.equal(0);
        const text = renderChecklist("dev", items);
        expect(text).to.contain("✓ listener rules for mdai.example.com: 6 door(s) answer as configured").and.contain("✓ DNS of mdai.example.com leads to the ALB");
        expect(text.split("\n").filter((l) => l.length > 120)).to.deep.equal([]);
    });

    it("is healthy in the other modes too: OIDC against the pool, an external IdP", async () => {
        for (const opts of [{ config: baseConfig("ap-southeast-7") }, { config: { ...baseConfig(), authMode: "oidc", oidc: JSON.stringify(EXTERNAL_IDP) }, secretKeys: ["oidc"] }]) {
            const x = await expectedFor(opts);
            expect(failures(check(x, healthyLive(x))), x.mode + " " + x.idp).to.deep.equal([]);
        }
    });

    it("translates MDAI's documented controller error into its cause and fix", () => {
        live.kube.events["default/ui-alb-ingress"] = [reconciled("ui-alb-ingress", "2026-11-27T09:00:00Z"), MDAI_COGNITO_ERROR];
        const item = one(check(e, live), /ui-alb-ingress: controller events/);
        expect(item.detail).to.contain("FailedDeployModel: Failed deploy model due to ValidationError: Action type 'authenticate-cognito' must be one of")
            .and.contain("this region's ALBs cannot authenticate with Cognito directly");
        expect(item.fix).to.contain("pulumi config set authMode auto");
    });

    it("counts a warning a later successful reconcile answered as resolved, and shows an unknown message as written", () => {
        expect(judgeEvents([MDAI_COGNITO_ERROR, reconciled("x", "2026-11-27T11:00:00Z")])).to.deep.equal({ resolved: 1 });
        const v = judgeEvents([{ type: "Warning", reason: "FailedBuildModel", message: "Failed build model due to something new", lastTimestamp: "2026-11-27T11:00:00Z" }]);
        expect(v.problem).to.include({ reason: "FailedBuildModel", cause: "the controller could not reconcile the Ingress" });
        expect(judgeEvents([{ type: "Warning", reason: "FailedDeployModel", message: "AccessDenied: User: arn:aws:sts::1:assumed-role/lbc is not authorized to perform: elasticloadbalancing:AddTags" }]).problem!.fix)
            .to.contain("Grant elasticloadbalancing:AddTags to the controller's IAM role");
    });

    it("sees an Ingress whose status names another ALB (the controller has not reconciled it since)", () => {
        (live.kube.ingresses["default/ui-alb-ingress"] as KubeObject).status = { loadBalancer: { ingress: [{ hostname: "k8s-old-alb-1.us-east-1.elb.amazonaws.com" }] } };
        expect(one(check(e, live), /ui-alb-ingress: address/).detail).to.contain("the status is stale");
    });

    it("sees annotations edited after the deploy, an auth-type added included, and lets deploy-time values match anything", () => {
        const ing = live.kube.ingresses["default/ui-alb-ingress"] as KubeObject;
        ing.metadata.annotations = { ...ing.metadata.annotations, "alb.ingress.kubernetes.io/auth-type": "none", "alb.ingress.kubernetes.io/conditions.x": "[]" };
        expect(one(check(e, live), /ui-alb-ingress: annotations/).detail).to.contain("alb.ingress.kubernetes.io/auth-type, alb.ingress.kubernetes.io/conditions.x");
        expect(annotationDiff({ a: '{"userPoolARN":"<known after deploy: mdai-user-pool.arn>","userPoolDomain":"d"}' }, { a: '{"userPoolARN":"arn:x","userPoolDomain":"d"}' })).to.deep.equal([]);
        expect(annotationDiff({ a: '{"userPoolARN":"<known after deploy: mdai-user-pool.arn>","userPoolDomain":"d"}' }, { a: '{"userPoolARN":"arn:x","userPoolDomain":"other"}' })).to.deep.equal(["a"]);
        // With authDomain the live login may name it instead of the prefix (once it resolves), and nothing else.
        const alt: [string, string][] = [['"d"', '"auth.acme.io"']];
        expect(annotationDiff({ a: '{"userPoolARN":"arn:x","userPoolDomain":"d"}' }, { a: '{"userPoolARN":"arn:x","userPoolDomain":"auth.acme.io"}' }, alt)).to.deep.equal([]);
        expect(annotationDiff({ a: '{"userPoolARN":"arn:x","userPoolDomain":"d"}' }, { a: '{"userPoolARN":"arn:x","userPoolDomain":"evil.example"}' }, alt)).to.deep.equal(["a"]);
    });

    it("checks the sign-in domain: it exists, is ACTIVE, serves the configured login version", () => {
        const pages = live.aws.signInPages!;
        const d = Object.keys(pages.domains)[0];
        expect(checkAws(e, live.aws, NOW).some((i) => i.state === "ok" && i.title.startsWith(`sign-in domain ${d}: ACTIVE, the classic hosted UI`))).to.equal(true);
        pages.domains[d] = { version: 2, status: "ACTIVE", poolId: "us-east-1_AbC123dEf" };
        expect(one(check(e, live), /sign-in domain/).detail).to.contain("it serves managed login, but the stack configures the classic hosted UI");
        pages.domains[d] = { version: 1, status: "UPDATING", poolId: "us-east-1_AbC123dEf" };
        expect(one(check(e, live), /sign-in domain/).detail).to.contain("it is UPDATING, not ACTIVE");
        pages.domains[d] = null;
        expect(one(check(e, live), /sign-in domain/).detail).to.contain("does not exist: nobody can sign in");
    });

    it("with managed login, names each client whose users would see \"Login pages unavailable\"", async () => {
        const m = await expectedFor({ config: { ...baseConfig(), ...DOORS, managedLogin: "true" } });
        const l = healthyLive(m);
        expect(failures(check(m, l))).to.deep.equal([]);
        const [id] = Object.keys(l.aws.signInPages!.styles);
        l.aws.signInPages!.styles[id] = null;
        expect(one(check(m, l), /managed login styles/).detail).to.contain(`app client(s) ${id} have no style`).and.contain("Login pages unavailable");
    });

    it("sees a backend with an auth-* annotation, one without ready endpoints, and a sign-out server without ready pods", () => {
        (live.kube.services["default/mdai-console"] as KubeObject).metadata.annotations = { "alb.ingress.kubernetes.io/auth-type": "none" };
        expect(one(check(e, live), /Service default\/mdai-console/).fix).to.contain("kubectl annotate service -n default mdai-console alb.ingress.kubernetes.io/auth-type-");
        live = healthyLive(e);
        live.kube.endpointSlices["default/mdai-console"] = [{ metadata: { name: "s" }, endpoints: [{ conditions: { ready: false } }] } as unknown as KubeObject];
        expect(one(check(e, live), /endpoints/).detail).to.contain("the ALB answers 503");
        live = healthyLive(e);
        (live.kube.deployments["default/ui-alb-ingress-sign-out"] as KubeObject).status = { readyReplicas: 0 };
        expect(one(check(e, live), /sign-out server/).detail).to.contain("0/2 pods ready");
    });

    it("sees an Ingress of another owner that joins the group and sorts before the login, and lets one after it be", () => {
        const stranger = (order: string): KubeObject => ({ metadata: { name: "debug", namespace: "tools", annotations: { "alb.ingress.kubernetes.io/group.name": "mdai-dev", "alb.ingress.kubernetes.io/group.order": order } },
            spec: { rules: [{ host: "mdai.example.com" }] } });
        live.kube.groupMembers = [...(live.kube.groupMembers as KubeObject[]), stranger("10")];
        expect(one(check(e, live), /members: tools\/debug/).detail).to.contain("group.order 10 on mdai.example.com: its rules are evaluated before");
        live.kube.groupMembers = [...(healthyLive(e).kube.groupMembers as KubeObject[]), stranger("900")];
        expect(failures(check(e, live))).to.deep.equal([]);
    });

    it("sees an IngressClass of another controller", () => {
        live.kube.ingressClass = { metadata: { name: "alb" }, spec: { controller: "k8s.io/ingress-nginx" } };
        expect(one(check(e, live), /IngressClass alb/).fix).to.contain("ignores every alb.ingress.kubernetes.io/* annotation");
    });

    it("holds the class's IngressClassParams to the program's allow-list (config/classParamsPolicy.ts)", () => {
        live.kube.ingressClass = { metadata: { name: "alb" }, spec: { controller: "ingress.k8s.aws/alb", parameters: { apiGroup: "elbv2.k8s.aws", kind: "IngressClassParams", name: "shared" } } };
        live.kube.ingressClassParams = { metadata: { name: "shared" }, spec: { group: { name: e.groupName }, namespaceSelector: { matchLabels: { team: "mdai" } } } };
        expect(failures(check(e, live))).to.deep.equal([]);
        live.kube.ingressClassParams = { metadata: { name: "shared" }, spec: { listeners: [{ protocol: "HTTP", port: 80 }] } };
        const item = one(check(e, live), /IngressClass alb: parameters/);
        expect(item.detail).to.contain("set what this stack cannot accept");
        expect(item.fix).to.contain("listeners").and.contain("HTTPS-only listeners");
    });

    it("sees a login door the listener serves without the login, and a rule that opens a path no one configured", () => {
        const rules = httpsRules(live);
        const root = rules.find((r) => r.Conditions?.some((c) => c.Values?.includes("/*")))!;
        root.Actions = root.Actions!.filter((a) => a.Type === "forward");
        const items = check(e, live);
        expect(one(items, /listener rules for mdai.example.com/).detail).to.contain("/ gets public").and.contain("configured login");
        expect(one(items, /rules that skip the login/).detail).to.contain("/*");
        live = healthyLive(e);
        httpsRules(live).unshift({ Priority: "0", Conditions: [{ Field: "host-header", Values: ["mdai.example.com"] }, { Field: "path-pattern", Values: ["/admin/*"] }], Actions: [{ Type: "forward", TargetGroupArn: "arn:tg" }] });
        expect(one(check(e, live), /rules that skip the login/).detail).to.contain("rule 0: mdai.example.com /admin/*");
    });

    it("sees a login rule of another identity provider, an HTTP listener that forwards, and another TLS policy", () => {
        const rule = httpsRules(live).find((r) => r.Actions?.[0].AuthenticateCognitoConfig)!;
        rule.Actions![0].AuthenticateCognitoConfig!.UserPoolDomain = "someone-else";
        expect(one(check(e, live), /identity provider/).detail).to.contain("domain someone-else");
        live = healthyLive(e);
        (live.aws.rules[HTTP_LISTENER] as Rule[])[0].Actions = [{ Type: "forward", TargetGroupArn: "arn:tg" }];
        (live.aws.listeners as { SslPolicy?: string }[])[0].SslPolicy = "ELBSecurityPolicy-2016-08";
        const items = check(e, live);
        expect(one(items, /HTTP listener on 80/).detail).to.contain("serves requests without TLS (forward)");
        expect(one(items, /TLS policy/).detail).to.contain("is ELBSecurityPolicy-2016-08");
    });

    it("sees a listener without the stack's certificate", () => {
        const other = CERT_ARN.replace("0b9b5a4e", "1c0c6b5f");
        (live.aws.listeners as { Certificates?: { CertificateArn?: string }[] }[])[0].Certificates = [{ CertificateArn: other }];
        live.aws.certificates = { [other]: { ...(live.aws.certificates[e.certificateArn!] as object), CertificateArn: other } };
        expect(one(check(e, live), /certificate$/).detail).to.contain(`is not on it (it has ${other})`);
    });

    it("sees target groups without a healthy target, with the reason", () => {
        const [arn] = Object.keys(live.aws.targetHealth);
        live.aws.targetHealth[arn] = [{ Target: { Id: "10.0.1.2" }, TargetHealth: { State: "unhealthy", Reason: "Target.ResponseCodeMismatch" } }];
        expect(one(check(e, live), /target group/).detail).to.contain("unhealthy (Target.ResponseCodeMismatch)");
    });

    it("judges certificates: pending validation, an imported one about to expire, ACM renewing its own, a host not covered", () => {
        const cert = () => live.aws.certificates[CERT_ARN] as Record<string, unknown>;
        Object.assign(cert(), { Status: "PENDING_VALIDATION", DomainValidationOptions: [{ DomainName: "mdai.example.com", ResourceRecord: { Name: "_x.mdai.example.com.", Type: "CNAME", Value: "_y.acm-validations.aws." } }] });
        expect(one(check(e, live), /certificate 0b9b/).fix).to.contain("_x.mdai.example.com. CNAME _y.acm-validations.aws.");
        live = healthyLive(e);
        Object.assign(cert(), { Type: "IMPORTED", NotAfter: "2026-12-07T00:00:00Z" });
        expect(one(check(e, live), /certificate 0b9b/).detail).to.contain("expires in 9 day(s), and ACM will not renew it (imported)");
        live = healthyLive(e);
        Object.assign(cert(), { NotAfter: "2026-12-07T00:00:00Z" });
        expect(check(e, live).find((i) => /certificate 0b9b/.test(i.title))!.title).to.contain("ACM renews it");
        live = healthyLive(e);
        Object.assign(cert(), { DomainName: "other.example.com", SubjectAlternativeNames: ["*.example.org"] });
        expect(one(check(e, live), /cover every host/).detail).to.contain("covers mdai.example.com");
    });

    it("sees an app client that lost a host's callback URL or its secret", async () => {
        const x = await expectedFor({ config: { ...baseConfig(), apps: JSON.stringify([{ name: "grafana", hostname: "grafana.example.com", serviceName: "grafana", servicePort: 3000 }]) } });
        const l = healthyLive(x);
        Object.assign(Object.values(l.aws.userPoolClients!)[0]!, { CallbackURLs: ["https://mdai.example.com/oauth2/idpresponse"], hasSecret: false });
        expect(one(check(x, l), /app client/).detail).to.contain("callback URL https://grafana.example.com/oauth2/idpresponse missing").and.contain("no client secret");
    });

    it("checks each app's own client against that app's host alone, and a client that is not the stack's", async () => {
        const x = await expectedFor({ config: { ...baseConfig(), users: '["bob@example.com"]', groups: '{"grafana-users":["bob@example.com"]}',
            apps: JSON.stringify([{ name: "grafana", hostname: "grafana.example.com", serviceName: "grafana", servicePort: 3000, allowedGroups: ["grafana-users"] }]) } });
        expect(x.clients.map((c) => [c.name, c.callbackUrls])).to.deep.equal([["mdai-app-client", ["https://mdai.example.com/oauth2/idpresponse"]],
            ["mdai-app-client-grafana", ["https://grafana.example.com/oauth2/idpresponse"]]]);
        const l = healthyLive(x);
        const items = check(x, l).filter((i) => /^Cognito app client/.test(i.title));
        expect(items.map((i) => [i.state, i.title])).to.deep.equal([["ok", `Cognito app client mdai-app-client (${CLIENT_ID}): callback and sign-out URLs for its host, code flow, openid`],
            ["ok", `Cognito app client mdai-app-client-grafana (${CLIENT_ID.slice(0, -2)}01): callback and sign-out URLs for its host, code flow, openid`]]);
        expect(check(x, l).find((i) => /each host/.test(i.title))).to.deep.include({ state: "ok", title: "each host signs in with its app client (2 clients)" });
        // The gated app's rules naming the shared client: its sign-ins fail (no callback URL there), and the doctor says which host.
        const rules = Object.values(l.aws.rules).flatMap((r) => r as Rule[]);
        for (const r of rules) for (const a of r.Actions ?? []) if (a.AuthenticateCognitoConfig?.UserPoolClientId?.endsWith("01")) a.AuthenticateCognitoConfig.UserPoolClientId = CLIENT_ID;
        expect(one(check(x, l), /each host/).detail).to.equal("grafana.example.com signs in with mdai-app-client, but the stack gives it mdai-app-client-grafana");
        const l2 = healthyLive(x);
        (Object.values(l2.aws.userPoolClients!)[1] as UserPoolClient).ClientName = "someone-elses-client";
        expect(one(check(x, l2), /app client 4k1n2o3p4q5r6s7t8u9v0w1x01$/).detail).to.contain("which is not one of this stack's (mdai-app-client, mdai-app-client-grafana)");
    });

    it("sees credentials of another account than the stack's lock, a missing ALB, and a denied read (? with the permission, exit 2)", async () => {
        const locked = await expectedFor({ config: { ...baseConfig(), "aws:allowedAccountIds": '["210987654321"]', certificateArn: CERT_ARN.replace("123456789012", "210987654321") } });
        expect(one(check(locked, healthyLive(locked)), /AWS credentials/).detail).to.contain("are of account 123456789012; the stack is locked to 210987654321");
        live.aws.loadBalancer = null;
        expect(one(check(e, live), /ALB mdai-console-dev/).detail).to.equal("not found in us-east-1");
        live = healthyLive(e);
        const denied: ReadError = { error: "reading the rules of the HTTPS 443 listener was denied", permission: "elasticloadbalancing:DescribeRules" };
        live.aws.rules[HTTPS_LISTENER] = denied;
        const items = check(e, live);
        expect(one(items, /HTTPS listener rules/)).to.include({ state: "unknown", fix: "Grant elasticloadbalancing:DescribeRules to the principal running the doctor, then run it again." });
        expect(exitCodeOf(items)).to.equal(2);
    });

    it("sees a host whose DNS leads elsewhere, and accepts one that resolves to the ALB's addresses", () => {
        live.dns["mdai.example.com"] = { cnames: ["old-lb.example.net"], addresses: ["198.51.100.7"] };
        expect(one(check(e, live), /DNS of mdai.example.com/).detail).to.equal(`CNAME old-lb.example.net, not the ALB ${ALB_DNS}`);
        live.dns["mdai.example.com"] = { cnames: [], addresses: ["203.0.113.11"] };
        expect(failures(check(e, live))).to.deep.equal([]);
    });

    it("probes: login doors redirect to this stack's sign-in page, public paths open, API paths answer 401", () => {
        const answer = (url: string) => {
            const door = probeUrls(e).find((p) => p.url === url)!.door;
            return door.access === "login" ? { status: 302, location: `${e.authorizeUrl}?client_id=x` } : door.access === "401" ? { status: 401 } : { status: 200 };
        };
        const answers = Object.fromEntries(probeUrls(e).map((p) => [p.url, answer(p.url)]));
        expect(failures(checkProbes(e, answers))).to.deep.equal([]);
        answers["https://mdai.example.com/healthz"] = { status: 302, location: `${e.authorizeUrl}?x` };
        answers["https://mdai.example.com/api"] = { status: 302, location: `${e.authorizeUrl}?x` };
        answers["https://mdai.example.com/"] = { status: 200 };
        const item = checkProbes(e, answers)[0];
        expect(item.detail).to.contain("/ answered 200, not a redirect to the sign-in page").and.contain("/healthz asks for a login").and.contain("/api answered 302, not 401");
    });

    it("turns every failed read into a value: missing, denied (with the permission), timed out, no credentials", async () => {
        const step = { progress: () => undefined, timeoutMs: 50 };
        const err = (name: string, status?: number) => Object.assign(new Error(`${name} happened`), { name, $metadata: { httpStatusCode: status } });
        expect(await attempt("x", "p:Q", step, () => Promise.reject(err("LoadBalancerNotFoundException", 400)))).to.equal(null);
        expect(await attempt("x", "p:Q", step, () => Promise.reject(err("AccessDenied", 403)))).to.deep.equal({ error: "reading x was denied", permission: "p:Q" });
        expect(await attempt("x", "p:Q", step, () => Promise.reject(Object.assign(new Error("forbidden"), { code: 403 })))).to.deep.include({ permission: "p:Q" });
        expect(await attempt("x", "p:Q", step, () => new Promise(() => undefined))).to.deep.equal({ error: "reading x timed out after 0.05 s" });
        expect(((await attempt("x", "p:Q", step, () => Promise.reject(err("CredentialsProviderError")))) as ReadError).error).to.contain("no valid credentials");
    });
});
