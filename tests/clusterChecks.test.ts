import { expect } from "chai";
import { checkHttpsUrl, checkSecretReader } from "../config/rules";
import { ClassParamsWant, classParamsError, classParamsFindings } from "../config/classParamsPolicy";
import { controllerReader } from "../components/clusterReads";
import { EXTERNAL_IDP, RunResult, baseConfig, runStack, runStackFailure } from "./harness";

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
        expect(r.reads.map((x) => x.type)).not.to.include("kubernetes:apps/v1:Deployment");
    });

    it("refuses IngressClassParams that set what the stack cannot accept, before any Ingress exists", async () => {
        const classes = { alb: { controller: "ingress.k8s.aws/alb", parameters: { apiGroup: "elbv2.k8s.aws", kind: "IngressClassParams", name: "shared" } } };
        const f = await runStackFailure({ config: { ...baseConfig(), scheme: "internal" }, ingressClasses: classes,
            ingressClassParams: { shared: { scheme: "internet-facing", inboundCIDRs: ["0.0.0.0/0"], group: { name: "everyone" } } } });
        expect(f.error.message).to.contain("IngressClassParams shared of IngressClass alb sets ").and.contain("scheme internet-facing (this stack sets the scheme internal")
            .and.contain("inboundCIDRs [\"0.0.0.0/0\"] (this stack admits anywhere").and.contain("group {\"name\":\"everyone\"} (this stack sets the group mdai-dev")
            .and.contain("nothing was changed");
        expect(f.resources.filter((r) => r.type.endsWith(":Ingress"))).to.deep.equal([]);
        const same = await runStack({ config: { ...baseConfig(), scheme: "internal" }, ingressClasses: classes,
            ingressClassParams: { shared: { scheme: "internal", group: { name: "mdai-dev" }, namespaceSelector: { matchLabels: { team: "mdai" } }, loadBalancerName: "mdai-console-dev" } } });
        expect(same.reads.map((x) => x.id)).to.include("shared");
    });
});

describe("IngressClassParams: an allow-list, in the program and the doctor alike (config/classParamsPolicy.ts)", () => {
    const want: ClassParamsWant = { ingressClassName: "alb", scheme: "internet-facing", inboundCidrs: ["203.0.113.0/24"], groupName: "mdai-prod", loadBalancerName: "mdai-console-prod" };
    const ACCEPTED: Record<string, unknown>[] = [
        { namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "default" } } }, { group: { name: "mdai-prod" } }, { scheme: "internet-facing" },
        { inboundCIDRs: ["203.0.113.0/24"] }, { sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06" }, { sslRedirectPort: "443" }, { targetType: "ip" },
        { loadBalancerName: "mdai-console-prod" }, { tags: [{ key: "team", value: "mdai" }] }, { ipAddressType: "dualstack" }, { subnets: { ids: ["subnet-0abc"] } },
        { minimumLoadBalancerCapacity: { capacityUnits: 100 } }, { ipamConfiguration: { ipv4IPAMPoolId: "ipam-pool-0abc" } },
        { loadBalancerAttributes: [{ key: "idle_timeout.timeout_seconds", value: "120" }] },
        // Unset, as the controller reads them: empty strings and lists (wafv2AclArn has no omitempty in Go clients).
        { wafv2AclArn: "", wafv2AclName: "", certificateArn: [], listeners: [] },
    ];
    const REFUSED: [Record<string, unknown>, string][] = [
        [{ group: { name: "everyone" } }, "this stack sets the group mdai-prod"], [{ scheme: "internal" }, "the scheme internet-facing"],
        [{ inboundCIDRs: ["0.0.0.0/0"] }, "admits 203.0.113.0/24"], [{ sslPolicy: "ELBSecurityPolicy-2016-08" }, "the TLS policy"],
        [{ sslRedirectPort: "8443" }, "must redirect to 443"], [{ targetType: "instance" }, "target type ip"], [{ loadBalancerName: "other" }, "the ALB's name"],
        [{ loadBalancerAttributes: [{ key: "deletion_protection.enabled", value: "false" }] }, "the program sets deletion_protection.enabled itself"],
        [{ loadBalancerAttributes: [{ key: "waf.fail_open.enabled", value: "true" }] }, "waf.fail_open.enabled=true is not allowed"],
        [{ certificateArn: ["arn:aws:acm:us-east-1:210987654321:certificate/x"] }, "replaces the stack's certificate"],
        [{ listeners: [{ protocol: "HTTP", port: 80 }] }, "HTTPS-only listeners"],
        [{ listeners: [{ protocol: "HTTPS", port: 443, listenerAttributes: [{ key: "routing.http.response.access_control_allow_origin.header_value", value: "*" }] }] }, "CORS headers"],
        [{ prefixListsIDs: ["pl-0abc"] }, "prefix lists"], [{ PrefixListsIDs: ["pl-0abc"] }, "prefix lists"],
        [{ wafv2AclArn: "none" }, "web ACL"], [{ wafv2AclName: "open" }, "web ACL"],
        [{ authenticationConfiguration: { type: "none" } }, "has not reviewed this field"], [{ somethingNew: true }, "has not reviewed this field"],
    ];
    it("accepts what cannot weaken the login, HTTPS or the ALB's exposure", () => {
        for (const spec of ACCEPTED) expect(classParamsFindings(spec, want), JSON.stringify(spec)).to.deep.equal([]);
    });
    it("refuses everything else, and any field it has not reviewed, saying why", () => {
        for (const [spec, why] of REFUSED) {
            const found = classParamsFindings(spec, want);
            expect(found.map((x) => x.field), JSON.stringify(spec)).to.deep.equal(Object.keys(spec));
            expect(found[0].why, JSON.stringify(spec)).to.contain(why);
        }
        expect(classParamsFindings({ subnets: { ids: ["subnet-0abc"] } }, { ...want, subnetsAnnotation: true })[0].why).to.contain("stops a group");
        const err = classParamsError("shared", { listeners: [{ protocol: "HTTP", port: 80 }] }, want)!;
        expect(err.message).to.contain("Remove that field from the IngressClassParams (`kubectl edit ingressclassparams shared`)").and.contain("whose parameters set only namespaceSelector, group");
    });
});

describe("only the controller may read the OIDC client secret", () => {
    const CONTROLLER = "kube-system/aws-load-balancer-controller";
    const secretsOf = (r: RunResult) => r.ofType("kubernetes:core/v1:Secret").map((x) => `${x.inputs.metadata.namespace}/${x.inputs.metadata.name}`).sort();

    it("binds the ServiceAccount the controller's Deployment runs as, read before any Secret exists", async () => {
        const r = await runStack({ config: OIDC_REGION, deployments: { [CONTROLLER]: { template: { spec: { serviceAccountName: "alb-controller-irsa" } } } } });
        expect(r.reads.filter((x) => x.type === "kubernetes:apps/v1:Deployment").map((x) => x.id)).to.deep.equal([CONTROLLER]);
        expect(r.one("kubernetes:rbac.authorization.k8s.io/v1:RoleBinding").inputs.subjects).to.deep.equal([{ kind: "ServiceAccount", name: "alb-controller-irsa", namespace: "kube-system" }]);
        const moved = await runStack({ config: { ...OIDC_REGION, lbControllerDeployment: "alb/lbc" } });
        expect(moved.one("kubernetes:rbac.authorization.k8s.io/v1:RoleBinding").inputs.subjects).to.deep.equal([{ kind: "ServiceAccount", name: "lbc", namespace: "alb" }]);
        const f = await runStackFailure({ config: OIDC_REGION, deployments: { [CONTROLLER]: null } });
        expect(f.error.message).to.contain(`resource '${CONTROLLER}' does not exist`);
        expect(f.resources.filter((x) => x.type.endsWith(":Secret") || x.type.endsWith(":Ingress"))).to.deep.equal([]);
    });

    it("refuses a controller that runs as a general-purpose account, or as another account than lbControllerServiceAccount names", async () => {
        const general = await runStackFailure({ config: OIDC_REGION, deployments: { [CONTROLLER]: { template: { spec: {} } } } });
        expect(general.error.message).to.contain("Deployment kube-system/aws-load-balancer-controller, the AWS Load Balancer Controller, runs as ServiceAccount kube-system/default")
            .and.contain("general-purpose account").and.contain("nothing was changed");
        const other = await runStackFailure({ config: { ...OIDC_REGION, lbControllerServiceAccount: "kube-system/someone-else" } });
        expect(other.error.message).to.contain("lbControllerServiceAccount is kube-system/someone-else, but the controller's Deployment kube-system/aws-load-balancer-controller runs as kube-system/aws-load-balancer-controller")
            .and.contain("pulumi config rm lbControllerServiceAccount");
        const same = await runStack({ config: { ...OIDC_REGION, lbControllerServiceAccount: CONTROLLER } });
        expect(same.one("kubernetes:rbac.authorization.k8s.io/v1:RoleBinding").inputs.subjects[0].name).to.equal("aws-load-balancer-controller");
        for (const [d, want] of [[{ template: { spec: { serviceAccountName: "lbc" } } }, { namespace: "kube-system", name: "lbc" }], [{}, undefined]] as const) {
            const got = controllerReader({ deployment: { namespace: "kube-system", name: "lbc" } }, d);
            if (want) expect(got).to.deep.equal(want);
            else expect((got as Error).message).to.contain("general-purpose");
        }
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

    it("puts a client's Secret only in the namespaces where a host signs in with that client", async () => {
        const apps = JSON.stringify([{ name: "grafana", hostname: "grafana.example.com", serviceName: "grafana", servicePort: "http", namespace: "monitoring", allowedGroups: ["ops"] }]);
        const r = await runStack({ config: { ...OIDC_REGION, users: '["a@acme.io"]', groups: '{"ops":["a@acme.io"]}', apps } });
        expect(secretsOf(r)).to.deep.equal(["default/ui-alb-ingress-oidc", "monitoring/grafana-alb-ingress-oidc"]);
        const role = r.ofType("kubernetes:rbac.authorization.k8s.io/v1:Role").find((x) => x.inputs.metadata.namespace === "monitoring")!;
        expect(role.inputs.rules[0].resourceNames).to.deep.equal(["grafana-alb-ingress-oidc"]);
    });
});

describe("URLs lead where they read", () => {
    it("refuses a backslash or user-info in every URL key", () => {
        for (const url of ["https://evil.test\\@login.acme.io/", "https://evil.test\\login.acme.io/", "https://user@login.acme.io/", "https://user:pw@login.acme.io/x", "https://login.acme.io/ x"]) {
            expect(checkHttpsUrl(url), url).not.to.equal(undefined);
        }
        expect(checkHttpsUrl("https://login.acme.io/oauth2/v1/logout")).to.equal(undefined);
    });

    it("refuses an @ after ? or #, and a host of non-ASCII characters, suggesting the host as it goes on the wire", () => {
        for (const url of ["https://login.acme.io?@evil.test/", "https://login.acme.io/auth#@evil.test", "https://login.acme.io/x?next=a@b"]) {
            expect(checkHttpsUrl(url)?.wrong, url).to.contain("an @ after its ? or #");
        }
        const c = checkHttpsUrl("https://lоgin.acme.io/oauth2/token")!; // a Cyrillic о
        expect(c.wrong).to.contain("non-ASCII").and.contain("xn--");
        const fix = /"([^"]+)"/.exec(c.fix)![1];
        expect(fix).to.match(/^https:\/\/xn--/);
        expect(checkHttpsUrl(fix), "the suggested URL passes").to.equal(undefined);
    });

    it("refuses them in the oidc key, and warns when the end-session endpoint is on another host than the issuer", async () => {
        const f = await runStackFailure({ config: { ...baseConfig(), userPoolDomain: "", oidc: JSON.stringify({ ...EXTERNAL_IDP, tokenEndpoint: "https://evil.test\\@login.example.org/token" }) }, secretKeys: ["oidc"] });
        expect(f.error.message).to.contain("mdai-cognito:oidc.tokenEndpoint").and.contain("backslash");
        const r = await runStack({ config: { ...baseConfig(), userPoolDomain: "", oidc: JSON.stringify({ ...EXTERNAL_IDP, endSessionEndpoint: "https://logout.elsewhere.test/end" }) }, secretKeys: ["oidc"] });
        expect(r.warnings().join("\n")).to.contain("oidc.endSessionEndpoint is on logout.elsewhere.test, but the issuer is on login.example.org");
        const t = await runStack({ config: { ...baseConfig(), userPoolDomain: "", oidc: JSON.stringify({ ...EXTERNAL_IDP, tokenEndpoint: "https://tokens.elsewhere.test/t", userInfoEndpoint: "https://me.elsewhere.test/u" }) }, secretKeys: ["oidc"] });
        expect(t.warnings().join("\n")).to.contain("oidc.tokenEndpoint is on tokens.elsewhere.test, but the issuer is on login.example.org: the ALB sends the client secret there")
            .and.contain("oidc.userInfoEndpoint is on me.elsewhere.test").and.contain("each user's access token");
        expect(t.warnings().join("\n")).not.to.contain(EXTERNAL_IDP.clientSecret);
    });
});
