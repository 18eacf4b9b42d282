import { expect } from "chai";
import { validateAuthAction, validateAwsResources } from "../specs/aws";
import { checkRendered } from "../specs";
import { validateManifest } from "../specs/kubernetes";
import { buildPlan } from "../scripts/planReport";
import { renderText } from "../scripts/planText";
import { baseConfig, reveal, runStack } from "./harness";

/** The rendered resources of a real run, to break one field at a time. */
const rendered = async () => (await runStack({ config: { ...baseConfig(), hostedZone: "example.com", certificateArn: "", users: '["admin@example.com"]' } })).resources
    .map((r) => ({ type: r.type, name: r.name, inputs: JSON.parse(JSON.stringify(reveal(r.inputs))) as Record<string, any> })); // eslint-disable-line @typescript-eslint/no-explicit-any
const one = <T extends { type: string; name: string }>(rs: T[], type: string, name?: string) => rs.find((r) => r.type === type && (!name || r.name === name))!;

describe("the Kubernetes spec catches what our own tests could share a mistake with", () => {
    const ingress = { apiVersion: "networking.k8s.io/v1", kind: "Ingress", metadata: { name: "x", namespace: "default" },
        spec: { ingressClassName: "alb", rules: [{ host: "h.example.com", http: { paths: [{ path: "/", pathType: "Prefix", backend: { service: { name: "s", port: { number: 80 } } } }] } }] } };

    it("a field misspelt, or in the wrong place", () => {
        const misspelt = { ...ingress, spec: { ...ingress.spec, ingressClass: "alb" } };
        expect(validateManifest(misspelt)).to.deep.include({ object: "Ingress default/x", field: "/spec/ingressClass", value: "alb", rule: "is not a field here (it has: defaultBackend, ingressClassName, rules, tls)" });
        const misplaced = { ...ingress, metadata: { ...ingress.metadata, ingressClassName: "alb" } };
        expect(validateManifest(misplaced).map((f) => f.field)).to.deep.equal(["/metadata/ingressClassName"]);
    });

    it("a wrong type, a value outside an enum, a missing required field", () => {
        const path = ingress.spec.rules[0].http.paths[0];
        const broken = { ...ingress, spec: { rules: [{ host: "h", http: { paths: [{ ...path, pathType: "prefix", backend: { service: { name: "s", port: { number: "80" } } } }, { path: "/x" }] } }] } };
        expect(validateManifest(broken).map((f) => `${f.field} ${f.rule.split(":")[0]}`)).to.have.members([
            "/spec/rules/0/http/paths/0/pathType must be equal to one of the allowed values",
            "/spec/rules/0/http/paths/0/backend/service/port/number must be integer",
            "/spec/rules/0/http/paths/1/pathType must have required property pathType",
            "/spec/rules/0/http/paths/1/backend must have required property backend",
        ]);
    });

    it("an Ingress path the API server refuses: relative, or a Prefix path with a dot segment (pattern paths may hold wildcards)", () => {
        const path = ingress.spec.rules[0].http.paths[0];
        const paths = [{ ...path, path: "*..*", pathType: "ImplementationSpecific" }, { ...path, path: "/a/../b" }, { ...path, path: "/a/.." }, { ...path, path: "/*..*", pathType: "ImplementationSpecific" }];
        expect(validateManifest({ ...ingress, spec: { ...ingress.spec, rules: [{ host: "h.example.com", http: { paths } }] } }).map((f) => `${f.field} ${f.rule.split(" (")[0]}`)).to.deep.equal([
            "/spec/rules/0/http/paths/0/path must be an absolute path",
            "/spec/rules/0/http/paths/1/path must not contain '//', '/./', '/../', '%2f' or end in '/.' or '/..'",
            "/spec/rules/0/http/paths/2/path must not contain '//', '/./', '/../', '%2f' or end in '/.' or '/..'",
        ]);
    });

    it("a kind it has no schema for", () => {
        expect(validateManifest({ apiVersion: "v1", kind: "Pod", metadata: { name: "p" } })[0].rule).to.contain("no schema is known for this kind");
    });
});

describe("AWS's API models catch requests AWS would refuse", () => {
    it("Cognito: a password policy below Cognito's minimum, a domain prefix in capitals, a user without a pool", async () => {
        const rs = await rendered();
        one(rs, "aws:cognito/userPool:UserPool").inputs.passwordPolicy.minimumLength = 5;
        one(rs, "aws:cognito/userPoolDomain:UserPoolDomain").inputs.domain = "MDAI-Login";
        one(rs, "aws:cognito/user:User").inputs.userPoolId = undefined;
        const fields = validateAwsResources(rs).findings.map((f) => `${f.resource} ${f.field}: ${f.rule}`);
        expect(fields).to.include.members([
            "aws:cognito/userPool:UserPool mdai-user-pool CreateUserPool Policies.PasswordPolicy.MinimumLength: must be at least 6 (PasswordPolicyMinLengthType)",
            "aws:cognito/user:User mdai-user-admin@example.com AdminCreateUser UserPoolId: is required by AdminCreateUserRequest",
        ]);
        expect(fields.find((f) => f.includes("CreateUserPoolDomain Domain"))).to.match(/must match/);
    });

    it("Cognito: an OAuth flow the client does not know, and an input no mapping covers", async () => {
        const rs = await rendered();
        const client = one(rs, "aws:cognito/userPoolClient:UserPoolClient");
        client.inputs.allowedOauthFlows = ["authorization_code"];
        client.inputs.authSessionValidity = 3;
        const findings = validateAwsResources(rs).findings.filter((f) => f.resource.includes("userPoolClient"));
        expect(findings.map((f) => f.field)).to.have.members(["authSessionValidity", "CreateUserPoolClient AllowedOAuthFlows[0]"]);
        expect(findings.find((f) => f.field === "authSessionValidity")!.rule).to.contain("no mapping to the API request");
    });

    it("ACM and Route 53: a wildcard-in-the-middle domain, a negative TTL, a record type that does not exist", async () => {
        const rs = await rendered();
        one(rs, "aws:acm/certificate:Certificate").inputs.domainName = "mdai.*.example.com";
        one(rs, "aws:route53/record:Record", "mdai-console-dns-owner").inputs.ttl = -1;
        one(rs, "aws:route53/record:Record", "mdai-console-dns-alias").inputs.type = "ALIAS";
        const findings = validateAwsResources(rs).findings.map((f) => `${f.field}: ${f.rule.split(" (")[0]}`);
        expect(findings).to.include.members([
            "ChangeResourceRecordSets ChangeBatch.Changes[0].ResourceRecordSet.TTL: must be at least 0",
            "ChangeResourceRecordSets ChangeBatch.Changes[0].ResourceRecordSet.Type: must be one of SOA, A, TXT, NS, CNAME, MX, NAPTR, PTR, SRV, SPF, AAAA, CAA, DS, TLSA, SSHFP, SVCB, HTTPS",
        ]);
        expect(findings.some((f) => f.startsWith("RequestCertificate DomainName: must match"))).to.equal(true);
    });

    it("ELBv2: the authenticate action the controller would build from a broken annotation", () => {
        const ann = (extra: Record<string, string>) => ({ "alb.ingress.kubernetes.io/auth-type": "cognito", "alb.ingress.kubernetes.io/auth-session-timeout": "3600", ...extra });
        const bad = validateAuthAction("default/x", ann({ "alb.ingress.kubernetes.io/auth-on-unauthenticated-request": "maybe", "alb.ingress.kubernetes.io/auth-idp-cognito": JSON.stringify({ userPoolArn: "arn:x" }) }), undefined);
        expect(bad.map((f) => f.field)).to.have.members([
            "CreateRule Actions[0].AuthenticateCognitoConfig.OnUnauthenticatedRequest",
            "CreateRule Actions[0].AuthenticateCognitoConfig.UserPoolArn", "CreateRule Actions[0].AuthenticateCognitoConfig.UserPoolClientId", "CreateRule Actions[0].AuthenticateCognitoConfig.UserPoolDomain",
        ]);
        expect(bad.find((f) => f.field.endsWith("UserPoolArn"))!.rule).to.equal("is required by AuthenticateCognitoActionConfig");
        const oidc = validateAuthAction("default/x", { ...ann({}), "alb.ingress.kubernetes.io/auth-type": "oidc", "alb.ingress.kubernetes.io/auth-idp-oidc": JSON.stringify({ issuer: "https://i", authorizationEndpoint: "https://a", tokenEndpoint: "https://t", userInfoEndpoint: "https://u", secretName: "s" }) }, undefined);
        expect(oidc.map((f) => f.field)).to.deep.equal(["CreateRule Actions[0].AuthenticateOidcConfig.ClientId"]);
    });
});

describe("npm run plan fails on what breaks a spec", () => {
    it("reports the resource, the field, the value and the rule, and counts what it checked", async () => {
        const r = await runStack({ config: baseConfig() });
        const ingress = r.resources.find((x) => x.name === "mdai-console-ingress")!;
        ingress.inputs = { ...ingress.inputs, spec: { ...ingress.inputs.spec, ingressClass: "alb" } };
        const plan = buildPlan("dev", "Pulumi.dev.yaml", r);
        expect(plan.specs.findings).to.deep.equal([{ spec: "kubernetes", resource: "Ingress default/ui-alb-ingress", field: "/spec/ingressClass", value: "alb", rule: "is not a field here (it has: defaultBackend, ingressClassName, rules, tls)" }]);
        expect(plan.exitCode).to.equal(1);
        expect(renderText(plan)).to.contain("SPEC VIOLATIONS — pulumi up would fail on these").and.contain('[kubernetes] Ingress default/ui-alb-ingress: /spec/ingressClass = "alb" is not a field here');
        expect(JSON.parse(JSON.stringify(plan)).specs.findings).to.have.length(1);
    });

    it("says how many objects it checked against which spec when all is well", async () => {
        const r = await runStack({ config: { ...baseConfig(), hostedZone: "example.com", certificateArn: "" } });
        const report = checkRendered(r.resources.map((x) => ({ type: x.type, name: x.name, inputs: reveal(x.inputs) as Record<string, unknown> })));
        expect(report.findings).to.deep.equal([]);
        expect(report.summary).to.match(/^checked 5 Kubernetes object\(s\) against the Kubernetes 1\.33 OpenAPI schema \(kubernetes-models 4\.5\) and the 7 rules of the policy pack, 8 AWS API request\(s\) and 1 ALB authenticate action\(s\) against AWS's API models/);
    });
});
