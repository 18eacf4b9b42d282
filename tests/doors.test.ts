import { expect } from "chai";
import { ANNOTATION_PREFIX } from "../components/annotations";
import { ConfigError } from "../config/errors";
import { validateManifest } from "../specs/kubernetes";
import { IngressObject, evaluate } from "./albModel";
import { EXTERNAL_IDP, GRAFANA_APP as GRAFANA, RunOptions, RunResult, baseConfig, mockAlbArn, reveal, runStack, runStackFailure } from "./harness";
import { secondRun } from "./lifecycle";

const INGRESS = "kubernetes:networking.k8s.io/v1:Ingress";
const CLIENT = "aws:cognito/userPoolClient:UserPoolClient";
const doors = { publicPaths: '["/healthz","/manifest.json"]', apiPaths: '["/api/v1"]', apps: JSON.stringify([GRAFANA]) };
const ingresses = (r: RunResult) => r.ofType(INGRESS).map((x) => reveal(x.inputs) as IngressObject);
const groupWide = (i: IngressObject) => Object.fromEntries(Object.entries(i.metadata.annotations).filter(([k]) => !/auth-|group\.order|external-dns|jwt-validation|mdai\.io\/public-door/.test(k)));

const MODES: [string, RunOptions][] = [
    ["cognito", { config: { ...baseConfig(), ...doors } }],
    ["oidc with the pool", { config: { ...baseConfig("ap-southeast-7"), ...doors } }],
    ["external IdP", { config: { ...baseConfig(), ...doors, userPoolDomain: "", oidc: JSON.stringify(EXTERNAL_IDP) }, secretKeys: ["oidc"] }],
];

describe("one ALB, many doors", () => {
    let r: RunResult;
    before(async () => { r = await runStack(MODES[0][1]); });

    it("gives each host a login Ingress, and public and 401-only members where paths ask for them, in one group", () => {
        expect(ingresses(r).map((i) => `${i.metadata.namespace}/${i.metadata.name}`)).to.have.members([
            "default/ui-alb-ingress", "default/ui-alb-ingress-guard", "default/ui-alb-ingress-public", "default/ui-alb-ingress-api",
            "monitoring/grafana-alb-ingress", "monitoring/grafana-alb-ingress-guard", "monitoring/grafana-alb-ingress-public", "monitoring/grafana-alb-ingress-api",
        ]);
        const orders = ingresses(r).map((i) => i.metadata.annotations[ANNOTATION_PREFIX + "group.order"]);
        expect(new Set(orders).size, "no two members share a group.order").to.equal(orders.length);
        for (const o of orders) expect(Number(o)).to.be.within(1, 1000);
    });

    it("sets every group-wide setting identically on every member", () => {
        const [first, ...rest] = ingresses(r).map(groupWide);
        for (const g of rest) expect(g).to.deep.equal(first);
        expect(first[ANNOTATION_PREFIX + "group.name"]).to.equal("mdai-dev");
    });

    it("routes named service ports by name and each app to its own namespace's Service", () => {
        const g = ingresses(r).find((i) => i.metadata.name === "grafana-alb-ingress")!;
        expect(g.spec.rules[0].host).to.equal("grafana.example.com");
        expect(g.spec.rules[0].http.paths.at(-1)!.backend).to.deep.equal({ service: { name: "grafana", port: { name: "http" } } });
        expect(r.reads.filter((x) => x.type === "kubernetes:core/v1:Service").map((x) => x.id)).to.have.members(["default/mdai-console", "monitoring/grafana"]);
    });

    it("lets one app client serve every host: a callback and a signed-out page for each", () => {
        const c = r.one(CLIENT).inputs;
        expect(c.callbackUrls).to.deep.equal(["https://mdai.example.com/oauth2/idpresponse", "https://grafana.example.com/oauth2/idpresponse"]);
        expect(c.logoutUrls).to.deep.equal(["https://mdai.example.com/_mdai/sign-out/done", "https://grafana.example.com/_mdai/sign-out/done"]);
    });

    it("follows each host with its sign-out endpoint, served in that host's namespace", () => {
        const servers = r.ofType("kubernetes:core/v1:ConfigMap").map((x) => [x.inputs.metadata.namespace, x.inputs.data["nginx.conf"] as string] as const);
        expect(servers.map(([ns]) => ns)).to.have.members(["default", "monitoring"]);
        const monitoring = servers.find(([ns]) => ns === "monitoring")![1];
        expect(monitoring).to.contain("server_name grafana.example.com;").and.contain(encodeURIComponent("https://grafana.example.com/_mdai/sign-out/done"));
        expect(monitoring).not.to.contain("server_name mdai.example.com;");
        expect(r.outputs.apps).to.deep.equal({ grafana: { url: "https://grafana.example.com/", signOutUrl: "https://grafana.example.com/_mdai/sign-out",
            dnsRecord: { name: "grafana.example.com", type: "CNAME", value: "k8s-default-uialbing-0123456789-1234567890.us-east-1.elb.amazonaws.com", managedBy: "you" } } });
    });

    it("tables every door for the plan, in the order the ALB evaluates them", () => {
        const table = (r.outputs.doors as { host: string; path: string; access: string }[]).filter((d) => d.host === "mdai.example.com").map((d) => `${d.path} ${d.access}`);
        expect(table).to.deep.equal(["any path with .. or an encoded dot login", "/_mdai/sign-out/done public", "/manifest.json public", "/healthz public", "/api/v1 401", "/_mdai/sign-out login", "/ login"]);
    });

    it("puts the group's options on every member: scheme, CIDRs, WAF, class, extra annotations", async () => {
        const waf = "arn:aws:wafv2:us-east-1:210987654321:regional/webacl/mdai/0b9b5a4e-2f3c-4d1e-9a8b-7c6d5e4f3a2b";
        const o = await runStack({ config: { ...baseConfig(), ...doors, scheme: "internal", inboundCidrs: '["10.0.0.0/8","2001:db8::/32"]', wafAclArn: waf, ingressClassName: "alb-internal",
            groupName: "mdai-team", extraAnnotations: JSON.stringify({ [ANNOTATION_PREFIX + "load-balancer-attributes"]: "idle_timeout.timeout_seconds=120", [ANNOTATION_PREFIX + "ip-address-type"]: "dualstack" }) },
            ingressClasses: { "alb-internal": { controller: "ingress.k8s.aws/alb" } } });
        for (const i of ingresses(o)) {
            expect(i.metadata.annotations).to.deep.include({
                [ANNOTATION_PREFIX + "scheme"]: "internal", [ANNOTATION_PREFIX + "inbound-cidrs"]: "10.0.0.0/8,2001:db8::/32",
                [ANNOTATION_PREFIX + "group.name"]: "mdai-team",
                // The program's Security Hub attributes first, then the user's own.
                [ANNOTATION_PREFIX + "load-balancer-attributes"]: "routing.http.drop_invalid_header_fields.enabled=true,routing.http.desync_mitigation_mode=defensive,deletion_protection.enabled=true,idle_timeout.timeout_seconds=120",
            });
            expect((i.spec as unknown as { ingressClassName: string }).ingressClassName).to.equal("alb-internal");
            // The controller leaves a web ACL on when the annotation goes away: the stack owns the association instead.
            expect(Object.keys(i.metadata.annotations).filter((k) => k.includes("waf"))).to.deep.equal([]);
        }
        expect(o.one("aws:wafv2/webAclAssociation:WebAclAssociation").inputs).to.deep.include({ webAclArn: waf, resourceArn: mockAlbArn("us-east-1") });
        expect(o.invokes.find((x) => x.token === "aws:lb/getLoadBalancer:getLoadBalancer")!.inputs).to.deep.equal({ name: "k8s-default-uialbing-0123456789" });
    });
});

describe("no path is reachable without login except the configured public ones", () => {
    for (const [mode, opts] of MODES) {
        it(`in ${mode} mode, probed against the generated Ingresses as the ALB orders them`, async () => {
            const r = await runStack(opts);
            const all = ingresses(r);
            const hosts: [string, string[], string[], string][] = [
                ["mdai.example.com", ["/healthz", "/manifest.json"], ["/api/v1"], "mdai-console"],
                ["grafana.example.com", ["/public"], ["/api"], "grafana"],
            ];
            for (const [host, open, api, service] of hosts) {
                const probes = ["/", "/x", "/healthzx", "/apix", "/api", "/api/v1x", "/_mdai", "/_mdai/sign-outx", "/oauth2/idpresponse", "/public/../admin",
                    ...open.flatMap((p) => [p, `${p}/a`]), ...api.flatMap((p) => [p, `${p}/a`]), "/_mdai/sign-out", "/_mdai/sign-out/done"];
                for (const path of probes) {
                    const v = evaluate(all, host, path)!;
                    // A path with a dot segment goes to the login whatever prefix it starts with (tests/traversal.test.ts).
                    const expected = path.includes("/../") ? "login" : path === "/_mdai/sign-out/done" || open.some((p) => path === p || path.startsWith(`${p}/`)) ? "public"
                        : api.some((p) => path === p || path.startsWith(`${p}/`)) ? "401" : "login";
                    expect(v.access, `${host}${path}`).to.equal(expected);
                    if (path === "/_mdai/sign-out" || path === "/_mdai/sign-out/done") expect(v.service).to.equal("ui-alb-ingress-sign-out");
                    else expect(v.service, `${host}${path}`).to.equal(service);
                }
            }
            for (const i of all) {
                expect(i.metadata.annotations[ANNOTATION_PREFIX + "ssl-redirect"], "HTTPS only").to.equal("443");
                expect(JSON.parse(i.metadata.annotations[ANNOTATION_PREFIX + "listen-ports"])).to.deep.equal([{ HTTP: 80 }, { HTTPS: 443 }]);
            }
            const [first, ...rest] = all.map(groupWide);
            for (const g of rest) expect(g).to.deep.equal(first);
            expect(r.resources.filter((x) => x.type.startsWith("kubernetes:")).map((x) => reveal(x.inputs) as Record<string, unknown>).flatMap(validateManifest)).to.deep.equal([]);
        });
    }

    it("and the OIDC Secret, with the Role letting only the controller read it, sits in every namespace that needs it", async () => {
        const r = await runStack(MODES[1][1]);
        const secrets = r.ofType("kubernetes:core/v1:Secret").map((x) => `${x.inputs.metadata.namespace}/${x.inputs.metadata.name}`);
        expect(secrets).to.have.members(["default/ui-alb-ingress-oidc", "monitoring/ui-alb-ingress-oidc"]);
        expect(r.ofType("kubernetes:rbac.authorization.k8s.io/v1:RoleBinding").map((x) => x.inputs.metadata.namespace)).to.have.members(["default", "monitoring"]);
        const grafana = r.registrations.find((x) => x.name === "mdai-console-ingress-grafana")!;
        expect(grafana.dependencies).to.include(r.registrations.find((x) => x.name === "mdai-console-oidc-secret-monitoring")!.urn);
    });
});

describe("doors: bad input is refused before anything is registered", () => {
    const cases: [string, Record<string, string>, string, string][] = [
        ["/ as a public path", { publicPaths: '["/"]' }, "mdai-cognito:publicPaths[0]", "/ is the whole site"],
        ["a public path under /oauth2/", { publicPaths: '["/oauth2/x"]' }, "mdai-cognito:publicPaths[0]", "/oauth2/idpresponse"],
        ["overlapping public and API paths", { publicPaths: '["/api"]', apiPaths: '["/api/v1"]' }, "mdai-cognito:apiPaths", "it overlaps /api in publicPaths"],
        ["a path over the sign-out endpoint", { publicPaths: '["/_mdai"]' }, "mdai-cognito:publicPaths", "it covers the sign-out endpoint /_mdai/sign-out"],
        ["an app on the console's host", { apps: JSON.stringify([{ ...GRAFANA, hostname: "mdai.example.com" }]) }, "mdai-cognito:apps[0].hostname", "uiHostname already uses this hostname"],
        ["two apps of one name", { apps: JSON.stringify([GRAFANA, { ...GRAFANA, hostname: "g2.example.com" }]) }, "mdai-cognito:apps[1].name", "another app has this name"],
        ["an app field with a typo", { apps: JSON.stringify([{ ...GRAFANA, hostName: "x" }]) }, "mdai-cognito:apps[0].hostName", "Did you mean hostname?"],
        ["an app without a Service", { apps: JSON.stringify([{ name: "x", hostname: "x.example.com" }]) }, "mdai-cognito:apps[0].serviceName", "apps[0] needs serviceName"],
        ["an annotation that turns auth off", { extraAnnotations: JSON.stringify({ [ANNOTATION_PREFIX + "auth-type"]: "none" }) }, `mdai-cognito:extraAnnotations.${ANNOTATION_PREFIX}auth-type`, "authentication is what the program configures"],
        ["an annotation that opens port 80", { extraAnnotations: JSON.stringify({ [ANNOTATION_PREFIX + "listen-ports"]: '[{"HTTP":80}]' }) }, `mdai-cognito:extraAnnotations.${ANNOTATION_PREFIX}listen-ports`, "only on HTTPS"],
        ["an annotation of the group", { extraAnnotations: JSON.stringify({ [ANNOTATION_PREFIX + "group.order"]: "1" }) }, `mdai-cognito:extraAnnotations.${ANNOTATION_PREFIX}group.order`, "use groupName"],
        ["an annotation for the certificate", { extraAnnotations: JSON.stringify({ [ANNOTATION_PREFIX + "certificate-arn"]: "x" }) }, `mdai-cognito:extraAnnotations.${ANNOTATION_PREFIX}certificate-arn`, "TLS 1.3 policy"],
        ["an annotation outside the controller's prefix", { extraAnnotations: JSON.stringify({ "nginx.ingress.kubernetes.io/rewrite-target": "/" }) }, "mdai-cognito:extraAnnotations.nginx.ingress.kubernetes.io/rewrite-target", "only the AWS Load Balancer Controller's annotations"],
        ["an invalid CIDR, quoting it once, with an example that passes", { inboundCidrs: '["10.0.0.0/33"]' }, "mdai-cognito:inboundCidrs[0]", 'mdai-cognito:inboundCidrs[0] (from stack config) is "10.0.0.0/33": it is not a CIDR block. Use an address block with its prefix length, e.g. "198.51.100.0/24".'],
        ["a CIDR with host bits set, naming the network and the one address", { inboundCidrs: '["10.0.0.1/8"]' }, "mdai-cognito:inboundCidrs[0]", 'it has host bits set: a /8 starts at 10.0.0.0. Use "10.0.0.0/8" for the whole network, or "10.0.0.1/32" for that one address.'],
        ["an IPv6 CIDR with host bits set", { inboundCidrs: '["2001:db8::1/32"]', extraAnnotations: JSON.stringify({ [ANNOTATION_PREFIX + "ip-address-type"]: "dualstack" }) }, "mdai-cognito:inboundCidrs[0]", 'Use "2001:db8::/32" for the whole network, or "2001:db8::1/128"'],
        ["a CIDR that is not a string, shown as its JSON", { inboundCidrs: "[8]" }, "mdai-cognito:inboundCidrs[0]", "mdai-cognito:inboundCidrs[0] (from stack config) is 8: it must be a CIDR block"],
        ["an IPv6 CIDR on an IPv4 ALB", { inboundCidrs: '["2001:db8::/32"]' }, "mdai-cognito:inboundCidrs[0]", "which the controller ignores unless the ALB is dualstack"],
        ["a rewrite after the rule has matched", { extraAnnotations: JSON.stringify({ [ANNOTATION_PREFIX + "transforms.mdai-console"]: "[]" }) }, `mdai-cognito:extraAnnotations.${ANNOTATION_PREFIX}transforms`, "could map a public path onto a protected one"],
        ["more rules than an ALB listener takes, blaming the paths that add them", { publicPaths: JSON.stringify(Array.from({ length: 99 }, (_, n) => `/p${n}`)) }, "mdai-cognito:publicPaths", "the group needs 119 listener rules (publicPaths 99, apiPaths 0, apps 0, and 20 for the console's default, sign-out and traversal-guard rules), over the ALB's default quota of 100 rules per listener"],
        ["more rules than an ALB listener takes, blaming the apps that add them", { apps: JSON.stringify(Array.from({ length: 12 }, (_, n) => ({ ...GRAFANA, name: `g${n}`, hostname: `g${n}.example.com`, publicPaths: ["/a", "/b"] }))) }, "mdai-cognito:apps", "Move some apps to another stack"],
        ["an Ingress name the sign-out Service cannot take", { ingressName: "ui.alb.ingress" }, "mdai-cognito:ingressName", "which is not a valid Service name"],
        ["a WAF ACL of another region", { wafAclArn: "arn:aws:wafv2:eu-west-1:210987654321:regional/webacl/x/1" }, "mdai-cognito:wafAclArn", "in eu-west-1, but an ALB can only use one of its own region"],
        ["a WAF ACL of CloudFront", { wafAclArn: "arn:aws:wafv2:us-east-1:210987654321:global/webacl/x/1" }, "mdai-cognito:wafAclArn", "global (CloudFront) web ACL"],
        ["a WAF Classic ACL", { wafAclArn: "arn:aws:waf-regional:us-east-1:210987654321:webacl/1" }, "mdai-cognito:wafAclArn", "the waf-regional service"],
        ["a bad group name", { groupName: "MDAI_Team" }, "mdai-cognito:groupName", "an IngressGroup name is at most 63 lowercase letters"],
        ["an unknown scheme", { scheme: "public" }, "mdai-cognito:scheme", "internet-facing or internal"],
        ["an app outside the hosted zone", { hostedZone: "example.com", apps: JSON.stringify([{ ...GRAFANA, hostname: "grafana.acme.io" }]) }, "mdai-cognito:hostedZone", "grafana.acme.io is not in this zone"],
    ];
    for (const [what, config, key, message] of cases) {
        it(`refuses ${what}`, async () => {
            const f = await runStackFailure({ config: { ...baseConfig(), ...config } });
            expect(f.error).to.be.instanceOf(ConfigError);
            const mine = (f.error as ConfigError).problems.filter((p) => p.key.startsWith(key));
            expect(mine.map((p) => p.message).join("\n"), f.error.message).to.contain(message);
            expect(f.resources).to.deep.equal([]);
        });
    }
});

describe("doors on the second pulumi up", () => {
    const start = { ...baseConfig(), ...doors };
    it("adding an app adds its members and keeps every other object and the ALB", async () => {
        const t = await secondRun({ config: baseConfig() }, { config: start });
        expect(t.removed).to.deep.equal([]);
        expect(t.collisions).to.deep.equal([]);
        expect(t.albChanges).to.deep.equal([]);
        // The console's sign-out config names only its own host: adding an app leaves it (and its pods) alone.
        expect(t.steps.filter((s) => s.kind === "replace").map((s) => s.type)).to.deep.equal([]);
    });

    it("a new groupName gives the ALB a new group (a new DNS name)", async () => {
        const t = await secondRun({ config: start }, { config: { ...start, groupName: "mdai-team" } });
        expect(t.albChanges).to.have.length(1);
        expect(t.collisions).to.deep.equal([]);
    });
});
