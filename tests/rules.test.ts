import { expect } from "chai";
import * as rules from "../config/rules";

/** Each validator, with values it must accept and values it must refuse (and the gist of why). */
const table: [string, (v: string) => rules.Check | undefined, string[], [string, string][]][] = [
    ["checkHostname", rules.checkHostname, ["mdai.example.com", "MDAI.Example.COM", "a-b.c-d.io", `${"a".repeat(63)}.io`], [
        ["http://mdai.example.com", "not a URL"], ["mdai.example.com/x", "path"], ["mdai.example.com:443", "port"], ["*.example.com", "wildcard"],
        ["mdai.example.com.", "dot"], ["192.0.2.1", "IP address"], ["[2001:db8::1]", "IPv6"], ["localhost", "fully qualified"],
        ["-a.example.com", "valid DNS name"], [`${"a".repeat(64)}.io`, "valid DNS name"], ["md ai.example.com", "white space"], ["", "fully qualified"],
    ]],
    ["checkDomainPrefix", rules.checkDomainPrefix, ["mdai", "mdai-login-2", "a", "a".repeat(63)], [
        ["my-aws", "aws"], ["AMAZONIAN", "amazon"], ["Cognito1", "cognito"], ["Mdai", "lowercase"], ["-mdai", "hyphen"], ["mdai-", "hyphen"],
        ["md_ai", "hyphen"], ["a".repeat(64), "64 characters"], ["login.example.com", "prefix"], ["", "hyphen"],
    ]],
    ["checkRegion", rules.checkRegion, ["us-east-1", "us-gov-west-1", "ap-southeast-7", "cn-north-1", "eu-central-2"], [
        ["US-EAST-1", "lowercase"], ["moon-1", "region code"], ["us-east", "region code"], ["", "region code"], ["us_east_1", "region code"],
    ]],
    ["checkLoadBalancerName", rules.checkLoadBalancerName, ["mdai-console", "a", "A1-b2", "x".repeat(32)], [
        ["x".repeat(33), "32"], ["internal-mdai", "internal-"], ["-mdai", "inner hyphens"], ["mdai_console", "inner hyphens"],
    ]],
    ["checkEmail", rules.checkEmail, ["alice@example.com", "a.b+c@sub.example.co.uk", "x@y.io"], [
        ["alice", "e-mail"], ["alice@", "e-mail"], ["@example.com", "e-mail"], ["a b@example.com", "e-mail"], ["alice@example", "e-mail"],
    ]],
    ["checkHttpsUrl", rules.checkHttpsUrl, ["https://login.example.org/oauth2/token", "https://idp.example.org"], [
        ["http://login.example.org", "HTTPS"], ["login.example.org", "not a URL"], ["ftp://x.example.org", "HTTPS"],
    ]],
    ["checkServiceName", rules.checkServiceName, ["mdai-console", "a1"], [["1console", "DNS-1035"], ["Console", "DNS-1035"], ["a.b", "DNS-1035"]]],
    ["checkCognitoName", rules.checkCognitoName, ["mdai-user-pool", "MDAI pool 2", "a@b.c"], [["pool/1", "128"], ["", "128"], ["x".repeat(129), "128"]]],
];

describe("value validators", () => {
    for (const [name, check, good, bad] of table) {
        it(`${name} accepts ${good.length} valid and refuses ${bad.length} invalid values, saying why and what to do`, () => {
            for (const v of good) expect(check(v), `${name}(${JSON.stringify(v)})`).to.equal(undefined);
            for (const [v, why] of bad) {
                const c = check(v);
                expect(c, `${name}(${JSON.stringify(v)})`).to.not.equal(undefined);
                expect(c!.wrong + " " + c!.fix, `${name}(${JSON.stringify(v)})`).to.contain(why);
                expect(c!.fix).to.match(/\.$/);
            }
        });
    }

    it("suggests only values the same check accepts: a `Use \"…\"` fix passes, and is never the refused value", () => {
        const cases: [string, (v: string) => rules.Check | undefined, string[]][] = [
            ["checkHostname", rules.checkHostname, ["HTTPS://MDAI.Acme.io/x", " mdai.acme.io ", "*.acme.io", "mdai.acme.io:8443", "mdai.acme.io.", "mdai.acme.io/console", "localhost", "192.0.2.1"]],
            ["checkDoorPath", rules.checkDoorPath, ["/*", "/static/*", "healthz", "/a//b/", "/a/../b", "/a/./b", "/x y", "/oauth2/x", "/", "/../.."]],
            ["checkSignOutPath", rules.checkSignOutPath, ["sign-out", "/sign-out/", "/a/../sign-out", "/", "/oauth2/logout", "/sign out"]],
        ];
        let named = 0;
        for (const [name, check, bad] of cases) {
            for (const v of bad) {
                const c = check(v);
                expect(c, `${name}(${JSON.stringify(v)})`).not.to.equal(undefined);
                for (const [, fix] of c!.fix.matchAll(/Use "([^"]*)"/g)) {
                    named++;
                    expect(fix, `${name}(${JSON.stringify(v)}) suggests itself`).not.to.equal(v);
                    expect(check(fix), `${name}(${JSON.stringify(v)}) suggests ${JSON.stringify(fix)}`).to.equal(undefined);
                }
            }
        }
        expect(named).to.be.at.least(12);
        expect(rules.checkDoorPath("/static/*")!.fix).to.equal('Use "/static".');
        expect(rules.checkDoorPath("/*")!.fix).to.equal('List the prefix itself, e.g. "/static".');
    });

    it("parses ACM certificate ARNs, telling other services apart", () => {
        expect(rules.parseCertificateArn("arn:aws-us-gov:acm:us-gov-west-1:123456789012:certificate/0b9b5a4e-2f3c-4d1e-9a8b-7c6d5e4f3a2b"))
            .to.deep.equal({ partition: "aws-us-gov", region: "us-gov-west-1", account: "123456789012" });
        expect((rules.parseCertificateArn("arn:aws:iam::123456789012:server-certificate/x") as rules.Check).wrong).to.contain("iam service");
        expect((rules.parseCertificateArn("cert") as rules.Check).wrong).to.contain("not an ACM certificate ARN");
    });

    it("parses whole numbers within a range and booleans", () => {
        expect(rules.parseIntegerIn(" 42 ", 1, 100, "s")).to.equal(42);
        for (const v of ["4.5", "1e3", "", "0x10", "101", "0"]) expect(rules.isCheck(rules.parseIntegerIn(v, 1, 100, "s")), v).to.equal(true);
        expect([rules.parseBoolean("true"), rules.parseBoolean("No"), rules.isCheck(rules.parseBoolean("maybe"))]).to.deep.equal([true, false, true]);
    });

    it("recognises documentation examples", () => {
        for (const h of ["mdai.example.com", "x.example.org", "a.test", "example.net"]) expect(rules.isDocumentationHostname(h), h).to.equal(true);
        for (const h of ["mdai.acme.io", "example.company.com"]) expect(rules.isDocumentationHostname(h), h).to.equal(false);
        expect(rules.isDocumentationArn("arn:aws:acm:us-east-1:123456789012:certificate/x")).to.equal(true);
        expect(rules.isDocumentationArn("arn:aws:acm:us-east-1:210987654321:certificate/x")).to.equal(false);
    });
});

describe("configuration errors under pulumi up", () => {
    it("are RunErrors, which the Pulumi runtime prints without a stack trace", async () => {
        const { RunError } = await import("@pulumi/pulumi");
        const { ConfigError } = await import("../config/errors");
        expect(RunError.isInstance(new ConfigError([{ key: "k", message: "m" }]))).to.equal(true);
    });
});
