import { expect } from "chai";
import { ConfigError } from "../config/errors";
import { EXTERNAL_IDP, RunOptions, baseConfig, certArn, runStackFailure, validateOnly } from "./harness";

interface Case {
    name: string;
    /** Overrides of the valid base configuration ("" unsets a key). */
    config?: Record<string, string>;
    run?: Partial<RunOptions>;
    /** The key the message must name. */
    key: string;
    /** How the bad value must be shown (`is "…"` or `is not set`). */
    shows: string;
    /** A fragment of the fix. */
    fix: string;
}

const idp = (over: Record<string, string | undefined>) => JSON.stringify({ ...EXTERNAL_IDP, ...over });
const oidcRun = (over: Record<string, string | undefined>, secret = true): Partial<RunOptions> =>
    ({ secretKeys: secret ? ["oidc"] : [], config: { ...baseConfig(), userPoolDomain: "", oidc: idp(over) } });

const H = "mdai-cognito:uiHostname";
const D = "mdai-cognito:userPoolDomain";
const A = "mdai-cognito:certificateArn";

const cases: Case[] = [
    { name: "missing hostname", config: { uiHostname: "" }, key: H, shows: "is not set", fix: "MDAI_UI_HOSTNAME" },
    { name: "hostname with https://", config: { uiHostname: "https://mdai.example.com" }, key: H, shows: 'is "https://mdai.example.com"', fix: '"mdai.example.com"' },
    { name: "hostname with a path", config: { uiHostname: "mdai.example.com/console" }, key: H, shows: 'is "mdai.example.com/console"', fix: 'Use "mdai.example.com"' },
    { name: "hostname with a port", config: { uiHostname: "mdai.example.com:8443" }, key: H, shows: 'is "mdai.example.com:8443"', fix: '"mdai.example.com"' },
    { name: "wildcard hostname", config: { uiHostname: "*.example.com" }, key: H, shows: 'is "*.example.com"', fix: '"mdai.example.com"' },
    { name: "hostname with a trailing dot", config: { uiHostname: "mdai.example.com." }, key: H, shows: 'is "mdai.example.com."', fix: 'Use "mdai.example.com"' },
    { name: "IP address as hostname", config: { uiHostname: "203.0.113.7" }, key: H, shows: 'is "203.0.113.7"', fix: "point it at the ALB" },
    { name: "single-label hostname", config: { uiHostname: "mdai" }, key: H, shows: 'is "mdai"', fix: "fully qualified name" },
    { name: "domain prefix containing aws", config: { userPoolDomain: "mdai-aws-login" }, key: D, shows: 'is "mdai-aws-login"', fix: "without aws, amazon or cognito" },
    { name: "domain prefix containing Amazon (any case)", config: { userPoolDomain: "Amazon-login" }, key: D, shows: 'is "Amazon-login"', fix: "without aws, amazon or cognito" },
    { name: "domain prefix containing COGNITO", config: { userPoolDomain: "mdaiCOGNITO" }, key: D, shows: 'is "mdaiCOGNITO"', fix: "without aws, amazon or cognito" },
    { name: "uppercase domain prefix", config: { userPoolDomain: "MdaiLogin" }, key: D, shows: 'is "MdaiLogin"', fix: 'Use "mdailogin"' },
    { name: "domain prefix with a leading hyphen", config: { userPoolDomain: "-mdai" }, key: D, shows: 'is "-mdai"', fix: 'Use e.g. "mdai"' },
    { name: "domain prefix with a trailing hyphen", config: { userPoolDomain: "mdai-" }, key: D, shows: 'is "mdai-"', fix: 'Use e.g. "mdai"' },
    { name: "domain prefix with an underscore", config: { userPoolDomain: "mdai_login" }, key: D, shows: 'is "mdai_login"', fix: 'Use e.g. "mdai-login"' },
    { name: "domain prefix of 64 characters", config: { userPoolDomain: "m".repeat(64) }, key: D, shows: `is "${"m".repeat(64)}"`, fix: "Shorten it" },
    { name: "full domain instead of a prefix", config: { userPoolDomain: "login.example.com" }, key: D, shows: 'is "login.example.com"', fix: '"login"' },
    { name: "missing domain prefix when a pool is created", config: { userPoolDomain: "" }, key: D, shows: "is not set", fix: "MDAI_UI_USER_POOL_DOMAIN" },
    { name: "missing certificate", config: { certificateArn: "" }, key: A, shows: "is not set", fix: "MDAI_UI_ACM_ARN" },
    { name: "malformed certificate ARN", config: { certificateArn: "mdai-cert" }, key: A, shows: 'is "mdai-cert"', fix: "arn:aws:acm:" },
    { name: "certificate ARN of another service", config: { certificateArn: "arn:aws:iam::123456789012:server-certificate/mdai" }, key: A, shows: 'is "arn:aws:iam::123456789012:server-certificate/mdai"', fix: "AWS Certificate Manager" },
    { name: "certificate from another region", config: { certificateArn: certArn("eu-west-1") }, key: A, shows: `is "${certArn("eu-west-1")}"`, fix: "in us-east-1" },
    { name: "uppercase region", config: { "aws:region": "US-EAST-1" }, key: "aws:region", shows: 'is "US-EAST-1"', fix: 'Use "us-east-1"' },
    { name: "missing region", config: { "aws:region": "" }, key: "aws:region", shows: "is not set", fix: "pulumi config set aws:region" },
    { name: "region that does not exist", config: { "aws:region": "moon-1" }, key: "aws:region", shows: 'is "moon-1"', fix: '"us-east-1"' },
    { name: "bad cognitoRegion", config: { cognitoRegion: "mars" }, key: "mdai-cognito:cognitoRegion", shows: 'is "mars"', fix: '"us-east-1"' },
    { name: "unknown authMode", config: { authMode: "cognitoo" }, key: "mdai-cognito:authMode", shows: 'is "cognitoo"', fix: "auto, cognito, oidc, none" },
    { name: "service port 0", config: { servicePort: "0" }, key: "mdai-cognito:servicePort", shows: 'is "0"', fix: "from 1 to 65535" },
    { name: "service port 70000", config: { servicePort: "70000" }, key: "mdai-cognito:servicePort", shows: 'is "70000"', fix: "from 1 to 65535" },
    { name: "service port neither number nor name", config: { servicePort: "HTTP Port" }, key: "mdai-cognito:servicePort", shows: 'is "HTTP Port"', fix: "its name" },
    { name: "session timeout 0", config: { sessionTimeout: "0" }, key: "mdai-cognito:sessionTimeout", shows: 'is "0"', fix: "from 1 to 604800" },
    { name: "negative session timeout", config: { sessionTimeout: "-60" }, key: "mdai-cognito:sessionTimeout", shows: 'is "-60"', fix: "from 1 to 604800" },
    { name: "session timeout over 7 days", config: { sessionTimeout: "604801" }, key: "mdai-cognito:sessionTimeout", shows: 'is "604801"', fix: "from 1 to 604800" },
    { name: "invalid e-mail in users", config: { users: '["alice@example.com","bob"]' }, key: "mdai-cognito:users", shows: 'is "bob"', fix: "name@domain" },
    { name: "duplicate e-mail in users", config: { users: '["alice@example.com","Alice@Example.com"]' }, key: "mdai-cognito:users", shows: 'is "Alice@Example.com"', fix: "Remove the duplicate" },
    { name: "users not a list", config: { users: '{"a":1}' }, key: "mdai-cognito:users", shows: 'is "{\\"a\\":1}"', fix: "users[0]" },
    { name: "OIDC issuer over http", run: oidcRun({ issuer: "http://login.example.org" }), key: "mdai-cognito:oidc.issuer", shows: 'is "http://login.example.org"', fix: '"https://login.example.org"' },
    { name: "OIDC token endpoint not a URL", run: oidcRun({ tokenEndpoint: "token" }), key: "mdai-cognito:oidc.tokenEndpoint", shows: 'is "token"', fix: "openid-configuration" },
    { name: "OIDC field missing", run: oidcRun({ userInfoEndpoint: undefined }), key: "mdai-cognito:oidc.userInfoEndpoint", shows: "is not set", fix: "pulumi config set --path oidc.userInfoEndpoint" },
    { name: "OIDC client secret missing", run: oidcRun({ clientSecret: undefined }), key: "mdai-cognito:oidc.clientSecret", shows: "is not set", fix: "--secret" },
    { name: "OIDC client secret in plain text", run: oidcRun({}, false), key: "mdai-cognito:oidc.clientSecret", shows: "is set", fix: "pulumi config set --secret --path oidc.clientSecret" },
    { name: "namespace not a DNS-1123 label", config: { namespace: "MDAI_ns" }, key: "mdai-cognito:namespace", shows: 'is "MDAI_ns"', fix: '"mdai-ns"' },
    { name: "service name starting with a digit", config: { serviceName: "1console" }, key: "mdai-cognito:serviceName", shows: 'is "1console"', fix: "kubectl get service -n <namespace>" },
    { name: "load balancer name over 32 characters", config: { loadBalancerName: "mdai-console-load-balancer-prod-1" }, key: "mdai-cognito:loadBalancerName", shows: 'is "mdai-console-load-balancer-prod-1"', fix: "Shorten it" },
    { name: "load balancer name starting with internal-", config: { loadBalancerName: "internal-mdai" }, key: "mdai-cognito:loadBalancerName", shows: 'is "internal-mdai"', fix: '"mdai"' },
    { name: "envFile given but missing", config: { envFile: "values/prod.env" }, key: "mdai-cognito:envFile", shows: 'is "values/prod.env"', fix: "Create the file" },
    { name: "unknown mfa setting", config: { mfa: "sometimes" }, key: "mdai-cognito:mfa", shows: 'is "sometimes"', fix: "off, optional, on" },
    { name: "unknown threat protection setting", config: { threatProtection: "max" }, key: "mdai-cognito:threatProtection", shows: 'is "max"', fix: "off, audit, enforced" },
    { name: "unknown pool retention", config: { userPoolRetention: "keep" }, key: "mdai-cognito:userPoolRetention", shows: 'is "keep"', fix: "retain, delete" },
    { name: "password shorter than Cognito allows", config: { passwordMinimumLength: "6" }, key: "mdai-cognito:passwordMinimumLength", shows: 'is "6"', fix: "from 8 to 99" },
    { name: "refresh tokens shorter than Cognito allows", config: { refreshTokenValidityMinutes: "30" }, key: "mdai-cognito:refreshTokenValidityMinutes", shows: 'is "30"', fix: "from 60 to 5256000" },
    { name: "refresh tokens shorter than ID tokens", config: { refreshTokenValidityMinutes: "90", tokenValidityMinutes: "120" }, key: "mdai-cognito:refreshTokenValidityMinutes", shows: 'is "90"', fix: "at least 120" },
    { name: "unknown account recovery", config: { accountRecovery: "sms" }, key: "mdai-cognito:accountRecovery", shows: 'is "sms"', fix: "email, admin-only" },
    { name: "token revocation not a boolean", config: { tokenRevocation: "maybe" }, key: "mdai-cognito:tokenRevocation", shows: 'is "maybe"', fix: "true or false" },
    { name: "bad controller service account", config: { lbControllerServiceAccount: "aws-load-balancer-controller" }, key: "mdai-cognito:lbControllerServiceAccount", shows: 'is "aws-load-balancer-controller"', fix: "kube-system/aws-load-balancer-controller" },
];

describe("bad input is refused before anything is created", () => {
    it(`covers at least 30 cases (${cases.length})`, () => expect(cases.length).to.be.at.least(30));

    for (const c of cases) {
        it(`${c.name}: names ${c.key}, shows the value, says what to do`, async () => {
            const failure = await runStackFailure({ config: { ...baseConfig(), ...c.config }, ...c.run });
            expect(failure.error).to.be.instanceOf(ConfigError);
            const problems = (failure.error as ConfigError).problems.filter((p) => p.key === c.key);
            expect(problems, failure.error.message).to.have.length.at.least(1);
            const message = problems.map((p) => p.message).join("\n");
            expect(message).to.contain(`${c.key}`).and.contain(c.shows).and.contain(c.fix);
            expect(failure.resources).to.deep.equal([]);
        });
    }

    it("reports a value the CLI's type check refuses once, for the ALB's keys as for the others", () => {
        for (const key of ["albAccessLogs", "dropInvalidHeaders", "albDeletionProtection", "tokenRevocation"]) {
            let err: unknown;
            try { validateOnly({ config: { ...baseConfig(), [key]: "maybe" } }); } catch (e) { err = e; }
            expect((err as ConfigError).problems.filter((p) => p.key === `mdai-cognito:${key}`), key).to.have.length(1);
        }
    });

    it("a value a fix names (`Use \"…\"`) passes the same key's checks", async () => {
        let tried = 0;
        for (const c of cases.filter((k) => k.config && Object.keys(k.config).length === 1 && !k.run)) {
            const [name] = Object.keys(c.config!);
            const failure = await runStackFailure({ config: { ...baseConfig(), ...c.config } });
            const message = (failure.error as ConfigError).problems.filter((p) => p.key === c.key).map((p) => p.message).join("\n");
            for (const [, value] of message.matchAll(/\bUse "([^"]+)"/g)) {
                tried++;
                expect(() => validateOnly({ config: { ...baseConfig(), [name]: value } }), `${c.name}: "${value}"`).not.to.throw();
            }
        }
        expect(tried).to.be.at.least(6);
    });

    it("never echoes an OIDC client secret in an error", async () => {
        const failure = await runStackFailure(oidcRun({ issuer: "http://x.example.org" }, false));
        expect(failure.error.message).not.to.contain(EXTERNAL_IDP.clientSecret);
    });

    it("reports several problems in one error", async () => {
        const failure = await runStackFailure({ config: { ...baseConfig(), uiHostname: "https://x.example.com", userPoolDomain: "aws-login", servicePort: "0", authMode: "sometimes" } });
        const keys = (failure.error as ConfigError).problems.map((p) => p.key);
        expect(keys).to.include.members([H, D, "mdai-cognito:servicePort", "mdai-cognito:authMode"]);
        expect(failure.error.message).to.match(/^mdai-cognito: 4 configuration problems; nothing was deployed:/);
        expect(failure.resources).to.deep.equal([]);
    });

    it("names where a value came from", async () => {
        const failure = await runStackFailure({ config: { ...baseConfig(), uiHostname: "" }, env: { MDAI_UI_HOSTNAME: "bad host" } });
        expect(failure.error.message).to.contain(`${H} (from environment variable MDAI_UI_HOSTNAME) is "bad host"`);
    });
});
