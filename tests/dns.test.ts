import { expect } from "chai";
import { ANNOTATION_PREFIX } from "../components/annotations";
import { ownerValue } from "../components/certificateDns";
import { ConfigError } from "../config/errors";
import { ALB_ZONE_IDS, EXTERNAL_IDP, MOCK_ALB_HOSTNAME, RunOptions, RunResult, baseConfig, certArn, runStack, runStackFailure } from "./harness";
import { secondRun } from "./lifecycle";

const CERT = "aws:acm/certificate:Certificate";
const VALIDATION = "aws:acm/certificateValidation:CertificateValidation";
const RECORD = "aws:route53/record:Record";
const INGRESS = "kubernetes:networking.k8s.io/v1:Ingress";
const PUBLIC_ZONE = "Z0EXAMPLE0PUBLIC";

/** A stack that creates its certificate and record: hostedZone set, no certificateArn. */
const zoneConfig = (region = "us-east-1", zone = "example.com") => ({ ...baseConfig(region), certificateArn: "", hostedZone: zone });
const reg = (r: RunResult, type: string, name?: string) => r.registrations.find((x) => x.type === type && (!name || x.name === name))!;
const record = (r: RunResult, name: string) => r.ofType(RECORD).find((x) => x.name === name)!.inputs;
const nothingCreated = (f: { resources: { type: string }[] }) => expect(f.resources.filter((x) => !x.type.startsWith("pulumi:providers:"))).to.deep.equal([]);

describe("DNS and certificate in the same pulumi up (route53 mode)", () => {
    let r: RunResult;
    before(async () => { r = await runStack({ config: zoneConfig() }); });

    it("requests an ACM certificate for uiHostname in the ALB's region, validated by DNS", () => {
        expect(r.one(CERT).inputs).to.deep.include({ domainName: "mdai.example.com", validationMethod: "DNS" });
        expect(r.providerRegion(r.one(CERT))).to.equal("us-east-1");
        expect(r.ofType(CERT)[0].provider).to.match(/::pulumi:providers:aws::mdai-aws::/);
    });

    it("writes one validation record per hostname in the public zone (overwriting a stale one), and waits for validation", () => {
        const v = record(r, "mdai-console-certificate-validation-mdai.example.com");
        expect(v).to.deep.include({ zoneId: PUBLIC_ZONE, name: "_0123abcd.mdai.example.com.", type: "CNAME", ttl: 60, allowOverwrite: true });
        expect(v.records).to.deep.equal(["_4567ef.16.acm-validations.aws."]);
        expect(r.one(VALIDATION).inputs).to.deep.include({ validationRecordFqdns: ["_0123abcd.mdai.example.com"] });
    });

    it("puts the validated certificate on the ALB: the Ingress waits for the validation", () => {
        expect(r.ingress().inputs.metadata.annotations[ANNOTATION_PREFIX + "certificate-arn"]).to.equal(r.one(VALIDATION).inputs.certificateArn);
        for (const name of ["mdai-console-ingress", "mdai-console-ingress-public"]) expect(reg(r, INGRESS, name).dependencies).to.include(reg(r, VALIDATION).urn);
        expect(r.outputs.certificateArn).to.match(/^arn:aws:acm:us-east-1:\d{12}:certificate\//);
    });

    it("points an alias A record at the ALB once the Ingress has its address, with the region's ALB zone ID", () => {
        const alias = record(r, "mdai-console-dns-alias");
        expect(alias).to.deep.include({ zoneId: PUBLIC_ZONE, name: "mdai.example.com", type: "A", allowOverwrite: false });
        expect(alias.aliases).to.deep.equal([{ name: MOCK_ALB_HOSTNAME, zoneId: ALB_ZONE_IDS["us-east-1"], evaluateTargetHealth: true }]);
        expect(alias.ttl).to.equal(undefined); // aliases conflict with ttl/records
        expect(reg(r, RECORD, "mdai-console-dns-alias").dependencies).to.include(reg(r, INGRESS, "mdai-console-ingress").urn);
        expect(r.invokes.find((i) => i.token === "aws:lb/getHostedZoneId:getHostedZoneId")!.inputs).to.deep.equal({ loadBalancerType: "application" });
    });

    it("marks the record as this stack's with an ownership TXT record beside it", () => {
        expect(record(r, "mdai-console-dns-owner")).to.deep.include({ zoneId: PUBLIC_ZONE, name: "_mdai-cognito.mdai.example.com", type: "TXT", records: [ownerValue("mdai-cognito/dev")] });
    });

    it("describes the record it created and the certificate it requested", () => {
        expect(r.outputs.dnsRecord).to.deep.equal({ name: "mdai.example.com", type: "A", value: MOCK_ALB_HOSTNAME, managedBy: "route53", hostedZoneId: PUBLIC_ZONE });
        expect(r.logs.map((l) => l.message)).to.include("dns: route53 (dnsMode auto with hostedZone set: an alias record in the zone); the certificate is requested from ACM and validated in the hosted zone.");
    });

    it("destroys in an order that works: record, then Ingress (and its ALB listener), then the certificate", () => {
        // The engine deletes dependents first: the alias depends on the Ingress, the Ingress on the validated certificate.
        expect(reg(r, RECORD, "mdai-console-dns-alias").dependencies).to.include(reg(r, INGRESS, "mdai-console-ingress").urn);
        expect(reg(r, VALIDATION).dependencies).to.include(reg(r, CERT).urn);
    });

    it("accepts the zone's ID as well as its name", async () => {
        const byId = await runStack({ config: zoneConfig("us-east-1", PUBLIC_ZONE) });
        expect(record(byId, "mdai-console-dns-alias").zoneId).to.equal(PUBLIC_ZONE);
    });
});

describe("DNS: what is checked before anything is created", () => {
    const cases: [string, RunOptions, string][] = [
        ["uiHostname outside a zone given by name", { config: zoneConfig("us-east-1", "acme.io") }, 'mdai-cognito:hostedZone (from stack config) is "acme.io": uiHostname mdai.example.com is not in this zone'],
        ["uiHostname outside a zone given by ID", { config: zoneConfig("us-east-1", "Z0ACME0PUBLIC") }, 'mdai-cognito:hostedZone is "Z0ACME0PUBLIC": the zone is acme.io, which does not hold uiHostname mdai.example.com'],
        ["a private zone", { config: zoneConfig("us-east-1", "Z0EXAMPLE0PRIVATE") }, "example.com is a private hosted zone"],
        ["a zone the account does not have", { config: { ...zoneConfig("us-east-1", "sub.example.com"), uiHostname: "mdai.sub.example.com" } }, "Route 53 has no public hosted zone of this name that these AWS credentials can see"],
        ["a label that only looks like a suffix", { config: { ...zoneConfig("us-east-1", "ample.com") } }, "is not in this zone"],
        ["route53 without a zone", { config: { ...baseConfig(), dnsMode: "route53" } }, "mdai-cognito:dnsMode is \"route53\": it needs hostedZone"],
        ["no certificate and no zone", { config: { ...baseConfig(), certificateArn: "" } }, "or set hostedZone (the public Route 53 zone of uiHostname) to have one created and validated"],
        ["an alias where the provider knows no ALB zone", { config: { ...zoneConfig("ap-southeast-6") } }, "the AWS provider knows no ALB hosted zone ID for ap-southeast-6"],
        ["a record someone else made", { config: zoneConfig(), records: [{ name: "mdai.example.com", type: "A", values: ["192.0.2.10"] }] },
            "mdai.example.com already has a record in hosted zone example.com (A 192.0.2.10) that this stack did not create; dnsMode route53 never takes one over silently"],
        ["a record another stack made", { config: zoneConfig(), records: [{ name: "mdai.example.com", type: "A", aliasTarget: "x.elb.amazonaws.com." }, { name: "_mdai-cognito.mdai.example.com", type: "TXT", values: [`"${ownerValue("mdai-cognito/prod")}"`] }] },
            "that stack mdai-cognito/prod created"],
    ];
    for (const [what, opts, message] of cases) {
        it(`refuses ${what}`, async () => {
            const f = await runStackFailure(opts);
            expect(f.error.message).to.contain(message);
            nothingCreated(f);
        });
    }

    it("says how to adopt or remove a foreign A record, and adopts it when told to", async () => {
        const records = [{ name: "mdai.example.com", type: "A", values: ["192.0.2.10"] }];
        const f = await runStackFailure({ config: zoneConfig(), records });
        expect(f.error.message).to.contain("Either remove that record, or adopt it: set `pulumi config set adoptDnsRecord true`").and.contain("or keep it and set dnsMode manual");
        expect(f.error).not.to.be.instanceOf(ConfigError); // a finding in the account, not in the config
        const r = await runStack({ config: { ...zoneConfig(), adoptDnsRecord: "true" }, records });
        expect(record(r, "mdai-console-dns-alias").allowOverwrite).to.equal(true);
        expect(r.warnings().join("\n")).to.contain("adoptDnsRecord is true: this stack takes over any record for mdai.example.com");
    });

    for (const type of ["CNAME", "AAAA"]) {
        it(`will not adopt a ${type} record, which an alias A record cannot replace: it must be deleted first`, async () => {
            const records = [{ name: "mdai.example.com", type, values: [type === "CNAME" ? "old-lb.example.net" : "2001:db8::1"] }];
            for (const adoptDnsRecord of ["false", "true"]) {
                const f = await runStackFailure({ config: { ...zoneConfig(), adoptDnsRecord }, records });
                expect(f.error.message).to.contain(`mdai.example.com has ${type} record(s) in hosted zone example.com`).and.contain(`Delete the ${type} record(s) for mdai.example.com first`);
                nothingCreated(f);
            }
        });
    }

    it("goes on when the record is its own (a second pulumi up)", async () => {
        const r = await runStack({ config: zoneConfig(), records: [
            { name: "mdai.example.com", type: "A", aliasTarget: `${MOCK_ALB_HOSTNAME}.` },
            { name: "_mdai-cognito.mdai.example.com", type: "TXT", values: [`"${ownerValue("mdai-cognito/dev")}"`] },
        ] });
        expect(r.ofType(RECORD)).to.have.length(3);
    });
});

describe("DNS: the other modes", () => {
    it("a given certificate with a zone: only the alias record, on that certificate", async () => {
        const r = await runStack({ config: { ...baseConfig(), hostedZone: "example.com" } });
        expect(r.ofType(CERT)).to.deep.equal([]);
        expect(r.ofType(RECORD).map((x) => x.name)).to.have.members(["mdai-console-dns-alias", "mdai-console-dns-owner"]);
        expect(r.outputs.certificateArn).to.equal(certArn("us-east-1"));
    });

    it("external-dns: the hostname annotation on the console's Ingress, no Route 53 record", async () => {
        const r = await runStack({ config: { ...baseConfig(), dnsMode: "external-dns" } });
        expect(r.ingress().inputs.metadata.annotations["external-dns.alpha.kubernetes.io/hostname"]).to.equal("mdai.example.com");
        expect(r.ingress("-public").inputs.metadata.annotations).not.to.have.property("external-dns.alpha.kubernetes.io/hostname");
        expect(r.ofType(RECORD)).to.deep.equal([]);
        expect((r.outputs.dnsRecord as { managedBy: string }).managedBy).to.equal("external-dns");
    });

    it("external-dns with a zone and no certificate: the certificate is still created and validated there", async () => {
        const r = await runStack({ config: { ...zoneConfig(), dnsMode: "external-dns" } });
        expect(r.ofType(CERT)).to.have.length(1);
        expect(r.ofType(RECORD).map((x) => x.name)).to.deep.equal(["mdai-console-certificate-validation-mdai.example.com"]);
        expect(r.warnings()).to.include("hostedZone is used only for the certificate's validation records: dnsMode external-dns leaves the console's own record to ExternalDNS.");
    });

    it("manual with a zone and a certificate: warns that the zone is ignored", async () => {
        const r = await runStack({ config: { ...baseConfig(), hostedZone: "example.com", dnsMode: "manual" } });
        expect(r.ofType(RECORD)).to.deep.equal([]);
        expect(r.warnings()).to.include("hostedZone is set but ignored: dnsMode manual creates no record, and certificateArn is given.");
        expect((r.outputs.dnsRecord as { managedBy: string }).managedBy).to.equal("you");
    });

    it("manual at a probable zone apex: an ALIAS to create, never a CNAME DNS refuses there", async () => {
        for (const [host, type] of [["acme.io", "ALIAS"], ["acme.co.uk", "ALIAS"], ["mdai.acme.io", "CNAME"], ["mdai.acme.co.uk", "CNAME"]]) {
            const r = await runStack({ config: { ...baseConfig(), uiHostname: host } });
            expect((r.outputs.dnsRecord as { type: string }).type, host).to.equal(type);
        }
        expect((await runStack({ config: { ...baseConfig(), uiHostname: "acme.io", dnsMode: "external-dns" } })).outputs.dnsRecord).to.deep.include({ type: "CNAME", managedBy: "external-dns" });
    });

    it("GovCloud: certificate and alias in us-gov-west-1, with that region's ALB zone", async () => {
        const r = await runStack({ config: zoneConfig("us-gov-west-1") });
        expect(r.providerRegion(r.one(CERT))).to.equal("us-gov-west-1");
        expect(record(r, "mdai-console-dns-alias").aliases[0].zoneId).to.equal(ALB_ZONE_IDS["us-gov-west-1"]);
        expect(r.outputs.certificateArn).to.match(/^arn:aws:acm:us-gov-west-1:/);
    });

    it("China: the same with an external IdP in cn-north-1", async () => {
        const r = await runStack({ config: { ...zoneConfig("cn-north-1"), userPoolDomain: "", oidc: JSON.stringify(EXTERNAL_IDP) }, secretKeys: ["oidc"] });
        expect(r.providerRegion(r.one(CERT))).to.equal("cn-north-1");
        expect(record(r, "mdai-console-dns-alias").aliases[0].zoneId).to.equal(ALB_ZONE_IDS["cn-north-1"]);
    });
});

describe("DNS on the second pulumi up", () => {
    const start = zoneConfig();
    for (const [what, change, replaced] of [
        ["sessionTimeout", { sessionTimeout: "7200" }, []],
        ["namespace", { namespace: "mdai" }, []],
        ["uiHostname", { uiHostname: "console.example.com" }, [CERT, VALIDATION, RECORD]],
        ["authMode", { authMode: "oidc" }, []],
    ] as const) {
        it(`${what}: replaces ${replaced.length ? "the certificate and records only, create-first," : "nothing of the certificate or DNS"} and collides with nothing`, async () => {
            const t = await secondRun({ config: start }, { config: { ...start, ...change } });
            expect(t.collisions).to.deep.equal([]);
            const dnsSteps = t.steps.filter((s) => /aws:acm|aws:route53/.test(s.type) && s.kind === "replace");
            expect([...new Set(dnsSteps.map((s) => s.type))]).to.have.members([...replaced]);
            for (const s of dnsSteps) expect(s.deleteFirst, s.name).to.equal(false);
        });
    }
});
