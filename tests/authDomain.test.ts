import { expect } from "chai";
import { RunResult, baseConfig, runStack, runStackFailure, validateOnly } from "./harness";
import { refusalOf } from "./configRefusal";

const ZONE = { certificateArn: "", hostedZone: "example.com" };
const USE1_CERT = "arn:aws:acm:us-east-1:123456789012:certificate/0b9b5a4e-2f3c-4d1e-9a8b-7c6d5e4f3a2b";


describe("authDomain: the sign-in pages on a name of your own", () => {
    it("is refused under a top-level domain, a public suffix, an AWS name or an ALB host, or without a certificate it can have; each fix passes", () => {
        expect(refusalOf({ authDomain: "auth.co.uk", authCertificateArn: USE1_CERT })).to.contain("its parent co.uk is a top-level domain, a public suffix or not a public name")
            .and.contain("e.g. auth.example.com");
        for (const name of ["auth.github.io", "auth.corp.local", "x.auth.us-east-1.amazoncognito.com", "auth.d111111abcdef8.cloudfront.net", "auth.1.2.3.4", "*.example.com"]) {
            expect(refusalOf({ authDomain: name, authCertificateArn: USE1_CERT }), name).to.contain("mdai-cognito:authDomain").and.contain("e.g. auth.example.com");
        }
        expect(validateOnly({ config: { ...baseConfig(), authDomain: "auth.example.com", authCertificateArn: USE1_CERT } }).signIn.authDomain!.domain).to.equal("auth.example.com");
        expect(refusalOf({ authDomain: "mdai.example.com", authCertificateArn: USE1_CERT })).to.contain("it is one of the ALB's hosts");
        expect(refusalOf({ authDomain: "auth.example.com" })).to.contain("needs a certificate in us-east-1").and.contain("set hostedZone");
        expect(refusalOf({ authDomain: "auth.example.com", hostedZone: "example.com", dnsMode: "manual" })).to.contain("dnsMode is manual").and.contain("set dnsMode route53");
        expect(refusalOf({ ...ZONE, authDomain: "auth.other.org" })).to.contain("auth.other.org is outside the hosted zone example.com");
        expect(refusalOf({ authDomain: "auth.example.com", authCertificateArn: USE1_CERT.replace("us-east-1", "eu-west-1") })).to.contain("Cognito takes a custom domain's certificate from us-east-1 (aws partition) only");
        expect(refusalOf({ authDomain: "auth.example.com", authCertificateArn: USE1_CERT.replace("arn:aws:", "arn:aws-us-gov:") })).to.contain("the aws-us-gov partition");
        expect(refusalOf({ authCertificateArn: USE1_CERT })).to.contain("it is the certificate of authDomain, which is not set");
        expect(refusalOf({ authDomain: "auth.example.com", userPoolId: "us-east-1_AbC123" })).to.contain("userPoolId names an existing pool");
    });

    it("warns, with identity providers, that each one's ACS URL or redirect URI moves to it", () => {
        const s = validateOnly({ config: { ...baseConfig(), ...ZONE, authDomain: "auth.example.com",
            identityProviders: JSON.stringify([{ name: "okta", type: "saml", metadataUrl: "https://acme.okta.com/app/x/sso/saml/metadata", attributeMapping: { email: "email" } }]) } });
        expect(s.warnings.join(" ")).to.contain("each provider's ACS URL or redirect URI moves to https://auth.example.com/");
    });

    describe("with hostedZone: created, certified in us-east-1 and published in the same run", () => {
        let r: RunResult;
        before(async () => { r = await runStack({ config: { ...baseConfig(), ...ZONE, authDomain: "auth.example.com", users: '["alice@example.com"]', managedLogin: "true", passkeys: "true" } }); });
        const reg = (name: string, type?: string) => r.registrations.find((x) => x.name === name && (!type || x.type === type))!;

        it("keeps the prefix domain and adds the custom one, with its certificate from a us-east-1 provider", () => {
            const domains = r.ofType("aws:cognito/userPoolDomain:UserPoolDomain");
            expect(domains.map((d) => d.inputs.domain).sort()).to.deep.equal([baseConfig().userPoolDomain, "auth.example.com"].sort());
            const custom = domains.find((d) => d.inputs.domain === "auth.example.com")!;
            expect(custom.inputs.managedLoginVersion).to.equal(2);
            expect(custom.inputs.certificateArn).to.match(/^arn:aws:acm:us-east-1:/);
            const cert = r.ofType("aws:acm/certificate:Certificate").find((c) => c.inputs.domainName === "auth.example.com")!;
            expect(r.providerRegion(cert)).to.equal("us-east-1");
            expect(reg(custom.name, "aws:cognito/userPoolDomain:UserPoolDomain").deleteBeforeReplace).to.equal(true);
        });

        it("points an alias record at the domain's CloudFront distribution, and the ALB, URLs and passkeys follow only after it", () => {
            const alias = r.ofType("aws:route53/record:Record").find((x) => x.inputs.name === "auth.example.com" && x.inputs.type === "A")!;
            expect(alias.inputs.aliases).to.deep.equal([{ name: "d111111abcdef8.cloudfront.net", zoneId: "Z2FDTNDATAQYW2", evaluateTargetHealth: false }]);
            const login = JSON.parse(r.ingress().inputs.metadata.annotations["alb.ingress.kubernetes.io/auth-idp-cognito"]);
            expect(login.userPoolDomain).to.equal("auth.example.com");
            expect(reg("mdai-console-ingress").dependencies).to.include(reg(alias.name).urn);
            expect(r.outputs.hostedUiUrl).to.equal("https://auth.example.com");
            expect(r.one("aws:cognito/userPool:UserPool").inputs.webAuthnConfiguration.relyingPartyId).to.equal("auth.example.com");
            expect(r.outputs.authDomain).to.deep.include({ name: "auth.example.com", inUse: true });
        });
    });

    it("without hostedZone, keeps the ALB on the prefix domain until the name resolves, and says which record to create", async () => {
        const config = { ...baseConfig(), authDomain: "auth.example.com", authCertificateArn: USE1_CERT };
        // Any answer is not enough: only a name that resolves to CloudFront serves the domain.
        const before = await runStack({ config, resolve: async (host, kind) => kind === "A" || (kind === "cloudfront" && host !== "auth.example.com") });
        expect(JSON.parse(before.ingress().inputs.metadata.annotations["alb.ingress.kubernetes.io/auth-idp-cognito"]).userPoolDomain).to.equal(baseConfig().userPoolDomain);
        const out = before.outputs.authDomain as { inUse: boolean; pending: string; record: { name: string; type: string; value: string; managedBy: string } };
        expect(out.inUse).to.equal(false);
        expect(out.pending).to.contain("create the record for auth.example.com").and.contain("resolves to its distribution");
        expect(out.record).to.deep.equal({ name: "auth.example.com", type: "CNAME", value: "d111111abcdef8.cloudfront.net", managedBy: "you" });
        const after = await runStack({ config });
        expect(JSON.parse(after.ingress().inputs.metadata.annotations["alb.ingress.kubernetes.io/auth-idp-cognito"]).userPoolDomain).to.equal("auth.example.com");
    });

    it("goes back to the prefix domain on the run that deletes the record this stack wrote, keeping the passkeys on the domain that still serves", async () => {
        const config = { ...baseConfig(), authDomain: "auth.example.com", authCertificateArn: USE1_CERT, managedLogin: "true", passkeys: "true" };
        // The ownership TXT record of this stack is still there (or its lookup failed, which counts the same): the zone was its to write.
        const r = await runStack({ config, resolve: async () => true });
        expect(JSON.parse(r.ingress().inputs.metadata.annotations["alb.ingress.kubernetes.io/auth-idp-cognito"]).userPoolDomain).to.equal(baseConfig().userPoolDomain);
        expect((r.outputs.authDomain as { pending: string }).pending).to.contain("this run deletes the record this stack wrote for auth.example.com");
        expect(r.one("aws:cognito/userPool:UserPool").inputs.webAuthnConfiguration.relyingPartyId).to.equal("auth.example.com");
    });

    it("needs its parent's A record only to be created: a domain that serves keeps working when its parent host goes", async () => {
        const config = { ...baseConfig(), authDomain: "auth.example.com", authCertificateArn: USE1_CERT };
        const r = await runStack({ config, resolve: async (host, kind) => kind === "cloudfront" });
        expect(r.outputs.authDomain).to.deep.include({ inUse: true });
    });

    it("is refused at deploy when the given certificate does not cover it (read through the us-east-1 provider, before anything is created)", async () => {
        const f = await runStackFailure({ config: { ...baseConfig(), authDomain: "auth.sso.example.com", authCertificateArn: USE1_CERT } });
        expect(f.error.message).to.contain("the certificate covers example.com, *.example.com, *.example.org, not auth.sso.example.com").and.contain("*.sso.example.com");
        expect(f.resources.filter((r) => !r.type.startsWith("pulumi:") && !r.id)).to.deep.equal([]);
    });

    it("is refused at deploy when its parent has no A record (Cognito would refuse it), naming the record to create", async () => {
        const f = await runStackFailure({ config: { ...baseConfig(), authDomain: "auth.sso.example.com", authCertificateArn: USE1_CERT }, resolve: async (host, kind) => kind === "A" && host !== "sso.example.com" });
        expect(f.error.message).to.contain("its parent sso.example.com has no A record").and.contain("Create an A record for sso.example.com");
    });
});
