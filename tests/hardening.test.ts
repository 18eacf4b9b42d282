import { expect } from "chai";
import { ANNOTATION_PREFIX, annotationProblem } from "../config/annotationPolicy";
import { accessLogsPolicy } from "../components/albAccessLogs";
import { baseConfig, reveal, runStack, runStackFailure } from "./harness";

const attributes = (r: Awaited<ReturnType<typeof runStack>>) => Object.fromEntries(String(r.ingress().inputs.metadata.annotations[`${ANNOTATION_PREFIX}load-balancer-attributes`])
    .split(",").map((a) => a.split("=") as [string, string]));

describe("the ALB passes AWS Security Hub's ELB controls by default", () => {
    it("drops invalid header fields (ELB.4), mitigates desync defensively (ELB.12) and is deletion-protected (ELB.6), with TLS 1.3 (ELB.8)", async () => {
        const r = await runStack({ config: baseConfig() });
        expect(attributes(r)).to.deep.equal({ "routing.http.drop_invalid_header_fields.enabled": "true", "routing.http.desync_mitigation_mode": "defensive", "deletion_protection.enabled": "true" });
        expect(r.ingress().inputs.metadata.annotations[`${ANNOTATION_PREFIX}ssl-policy`]).to.equal("ELBSecurityPolicy-TLS13-1-2-2021-06");
        expect(r.ofType("aws:s3/bucket:Bucket"), "access logs are opt-in").to.deep.equal([]);
    });

    it("says so when a weaker choice is made, and refuses a value it does not know", async () => {
        const r = await runStack({ config: { ...baseConfig(), dropInvalidHeaders: "false", desyncMitigationMode: "monitor", albDeletionProtection: "false" } });
        expect(attributes(r)).to.deep.equal({ "routing.http.drop_invalid_header_fields.enabled": "false", "routing.http.desync_mitigation_mode": "monitor", "deletion_protection.enabled": "false" });
        expect(r.warnings().join("\n")).to.contain("ELB.4").and.contain("request smuggling").and.contain("ELB.6");
        const f = await runStackFailure({ config: { ...baseConfig(), desyncMitigationMode: "off" } });
        expect(f.error.message).to.contain("mdai-cognito:desyncMitigationMode").and.contain("Allowed values are: defensive, strictest, monitor.");
    });

    it("with albAccessLogs, logs to an encrypted, private bucket the stack owns and keeps, which only ELB log delivery may write to (ELB.5)", async () => {
        const r = await runStack({ config: { ...baseConfig(), albAccessLogs: "true" } });
        const bucket = r.one("aws:s3/bucket:Bucket");
        expect(r.registrations.find((x) => x.name === bucket.name)!.retainOnDelete, "kept on destroy").to.equal(true);
        expect(r.one("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration").inputs.rules).to.deep.equal([{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }]);
        expect(r.one("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock").inputs).to.deep.include({ blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true });
        const policy = JSON.parse(reveal(r.one("aws:s3/bucketPolicy:BucketPolicy").inputs.policy) as string);
        expect(policy.Statement.map((s: { Sid: string }) => s.Sid)).to.deep.equal(["ElbLogDelivery", "ElbAccountLogDelivery", "TlsOnly"]);
        expect(policy.Statement[1].Principal).to.deep.equal({ AWS: "arn:aws:iam::127311923021:root" });
        expect(attributes(r)).to.deep.include({ "access_logs.s3.enabled": "true", "access_logs.s3.bucket": "mdai-alb-logs-20261127000000000000000001", "access_logs.s3.prefix": "alb" });
    });

    it("grants only the log delivery service in a region opened since August 2022, which has no ELB account", () => {
        const policy = accessLogsPolicy("arn:aws:s3:::b", "alb", "123456789012") as { Statement: { Sid: string; Resource: unknown }[] };
        expect(policy.Statement.map((s) => s.Sid)).to.deep.equal(["ElbLogDelivery", "TlsOnly"]);
        expect(policy.Statement[0].Resource).to.equal("arn:aws:s3:::b/alb/AWSLogs/123456789012/*");
    });
});

describe("extraAnnotations: an allow-list of annotations known not to weaken the login, HTTPS or the ALB's exposure", () => {
    const P = ANNOTATION_PREFIX;
    const refused: [string, string, string][] = [
        [`${P}enable-frontend-nlb`, "true", "a network load balancer in front of the ALB"],
        [`${P}frontend-nlb-scheme`, "internet-facing", "a network load balancer in front of the ALB"],
        [`${P}security-group-prefix-lists`, "pl-123", "who may reach the ALB is the inboundCidrs key"],
        [`${P}waf-acl-id`, "none", "use the wafAclArn key"],
        [`${P}wafv2-acl-name`, "none", "use the wafAclArn key"],
        [`${P}load-balancer-attributes`, "routing.http.drop_invalid_header_fields.enabled=false", "Use the dropInvalidHeaders key"],
        [`${P}load-balancer-attributes`, "routing.http.desync_mitigation_mode=monitor", "Use the desyncMitigationMode key"],
        [`${P}load-balancer-attributes`, "waf.fail_open.enabled=true", "an open WAF lets requests through unchecked"],
        [`${P}load-balancer-attributes`, "access_logs.s3.enabled=false", "Use the albAccessLogs key"],
        [`${P}listener-attributes.HTTPS-443`, "routing.http.response.access_control_allow_origin.header_value=*,routing.http.response.access_control_allow_credentials.header_value=true", "credentialed CORS headers for any origin"],
        [`${P}listener-attributes.HTTPS-443`, "routing.http.response.access_control_allow_origin.header_value=*,routing.http.response.access_control_allow_credentials.header_value=TRUE", "credentialed CORS headers for any origin"],
        [`${P}listener-attributes.HTTPS-443`, "routing.http.response.access_control_allow_origin.header_value=null", "the origin null"],
        [`${P}listener-attributes.HTTPS-443`, "routing.http.response.access_control_allow_origin.header_value=NULL", "the origin null"],
        [`${P}listener-attributes.HTTPS-443`, "routing.http.response.access_control_allow_origin.header_value=http://dash.acme.io,routing.http.response.access_control_allow_credentials.header_value=true", "one explicit https:// origin"],
        [`${P}listener-attributes.HTTPS-443`, "routing.http.response.access_control_allow_origin.header_value=https://*.acme.io,routing.http.response.access_control_allow_credentials.header_value=True", "one explicit https:// origin"],
        [`${P}listener-attributes.HTTPS-443`, "routing.http.response.access_control_allow_origin.header_value=https://dash.acme.io/app,routing.http.response.access_control_allow_credentials.header_value=true", "one explicit https:// origin"],
        [`${P}listener-attributes.HTTPS-443`, "routing.http.response.strict_transport_security.header_value=max-age=86400", "weaker than a year"],
        [`${P}listener-attributes.HTTPS-443`, "routing.http.response.strict_transport_security.header_value=includeSubDomains", "weaker than a year"],
        [`${P}listener-attributes.HTTPS-443`, "routing.http.response.strict_transport_security.header_value=MAX-AGE=0", "weaker than a year"],
        [`${P}listener-attributes.HTTP-80`, "routing.http.response.server.enabled=false", "not on the list"],
        [`${P}Auth-Type`, "none", "authentication is what the program configures"],
        [`${P}target-type`, "instance", "target-type ip"],
        [`${P}use-regex-path-match`, "true", "doors included"],
        [`${P}mutual-authentication`, "[]", "TLS 1.3 policy"],
        [`${P}some-future-annotation`, "x", "not on the list of annotations known not to weaken"],
        [`${P}bad key`, "x", "Kubernetes refuses this annotation key"],
        ["nginx.ingress.kubernetes.io/rewrite-target", "/", "only the AWS Load Balancer Controller's annotations"],
    ];
    for (const [key, value, reason] of refused) {
        it(`refuses ${key.replace(P, "")}: ${value.slice(0, 40)}`, () => {
            const c = annotationProblem(key, value);
            expect(c?.wrong ?? "", key).to.contain(reason.startsWith("Use the") ? "the program sets" : reason);
            if (reason.startsWith("Use the")) expect(c!.fix).to.contain(reason);
        });
    }

    it("lets through what cannot weaken anything, with its value checked", () => {
        for (const [k, v] of [["tags", "team=mdai,env=prod"], ["load-balancer-attributes", "idle_timeout.timeout_seconds=120,routing.http2.enabled=true"], ["ip-address-type", "dualstack"],
            ["listener-attributes.HTTPS-443", "routing.http.response.strict_transport_security.header_value=max-age=31536000"],
            ["listener-attributes.HTTPS-443", "routing.http.response.strict_transport_security.header_value=Max-Age=63072000; includeSubDomains; preload"],
            ["listener-attributes.HTTPS-443", "routing.http.response.access_control_allow_origin.header_value=https://Dash.acme.io:8443,routing.http.response.access_control_allow_credentials.header_value=true"],
            ["listener-attributes.HTTPS-443", "routing.http.response.access_control_allow_origin.header_value=*"],
            ["shield-advanced-protection", "true"], ["healthcheck-path", "/healthz"]]) {
            expect(annotationProblem(P + k, v), k).to.equal(undefined);
        }
        expect(annotationProblem(`${P}shield-advanced-protection`, "false")?.wrong).to.contain("it must be one of true");
        // Each fix names a value that passes.
        const hsts = /Use at least "([^"]+)"/.exec(annotationProblem(`${P}listener-attributes.HTTPS-443`, "routing.http.response.strict_transport_security.header_value=max-age=1")!.fix)![1];
        expect(annotationProblem(`${P}listener-attributes.HTTPS-443`, `routing.http.response.strict_transport_security.header_value=${hsts}`)).to.equal(undefined);
    });

    it("refuses annotations over Kubernetes' 256 KiB, before anything is registered", async () => {
        const f = await runStackFailure({ config: { ...baseConfig(), extraAnnotations: JSON.stringify({ [`${P}tags`]: `big=${"x".repeat(250 * 1024)}` }) } });
        expect(f.error.message).to.contain("mdai-cognito:extraAnnotations").and.contain("Kubernetes allows 256 KiB of annotations");
        expect(f.resources).to.deep.equal([]);
    });
});
