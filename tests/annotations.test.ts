import { expect } from "chai";
import { ANNOTATION_PREFIX, AnnotationInput, TLS13_SSL_POLICY, buildAnnotations } from "../components/annotations";
import * as urls from "../components/cognitoUrls";

const base: Omit<AnnotationInput, "auth"> = {
    certificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/abc-123-def45678",
    loadBalancerName: "mdai-console",
    sessionTimeout: 3600,
    scope: "openid email",
};
const get = (a: Record<string, string>, k: string) => a[ANNOTATION_PREFIX + k];

describe("ALB annotations", () => {
    it("builds auth-idp-cognito with the controller's exact field names", () => {
        const a = buildAnnotations({ ...base, auth: { type: "cognito", idp: { userPoolARN: "arn:p", userPoolClientID: "cid", userPoolDomain: "prefix" } } });
        expect(get(a, "auth-type")).to.equal("cognito");
        expect(JSON.parse(get(a, "auth-idp-cognito"))).to.deep.equal({ userPoolARN: "arn:p", userPoolClientID: "cid", userPoolDomain: "prefix" });
        expect(get(a, "auth-idp-oidc")).to.equal(undefined);
    });

    it("builds auth-idp-oidc naming the secret, never the client secret itself", () => {
        const idp = { issuer: "https://i", authorizationEndpoint: "https://a", tokenEndpoint: "https://t", userInfoEndpoint: "https://u", secretName: "s" };
        const a = buildAnnotations({ ...base, auth: { type: "oidc", idp } });
        expect(get(a, "auth-type")).to.equal("oidc");
        expect(JSON.parse(get(a, "auth-idp-oidc"))).to.deep.equal(idp);
    });

    it("escapes values inside the JSON instead of concatenating strings", () => {
        const a = buildAnnotations({ ...base, auth: { type: "cognito", idp: { userPoolARN: 'a"b', userPoolClientID: "c", userPoolDomain: "d" } } });
        expect(JSON.parse(get(a, "auth-idp-cognito")).userPoolARN).to.equal('a"b');
    });

    for (const type of ["cognito", "oidc", "none"] as const) {
        it(`keeps every request on HTTPS in ${type} mode (authentication only exists on HTTPS listeners)`, () => {
            const auth = type === "cognito" ? { type, idp: { userPoolARN: "a", userPoolClientID: "b", userPoolDomain: "c" } }
                : type === "oidc" ? { type, idp: { issuer: "i", authorizationEndpoint: "a", tokenEndpoint: "t", userInfoEndpoint: "u", secretName: "s" } }
                : { type };
            const a = buildAnnotations({ ...base, auth });
            expect(JSON.parse(get(a, "listen-ports"))).to.deep.equal([{ HTTP: 80 }, { HTTPS: 443 }]);
            expect(get(a, "ssl-redirect")).to.equal("443");
            expect(get(a, "certificate-arn")).to.equal(base.certificateArn);
            expect(get(a, "ssl-policy")).to.equal(TLS13_SSL_POLICY);
            expect(get(a, "scheme")).to.equal("internet-facing");
            expect(get(a, "target-type")).to.equal("ip");
            if (type === "none") {
                expect(Object.keys(a).filter((k) => k.includes("auth-"))).to.deep.equal([]);
            } else {
                expect(get(a, "auth-on-unauthenticated-request")).to.equal("authenticate");
                expect(get(a, "auth-session-timeout")).to.equal("3600");
                expect(get(a, "auth-scope")).to.equal("openid email");
                expect(get(a, "auth-session-cookie")).to.equal("AWSELBAuthSessionCookie");
            }
        });
    }
});

describe("Cognito URLs", () => {
    it("builds the hosted UI, issuer and endpoints from the prefix and region", () => {
        const base = urls.hostedUiBaseUrl("my-login", "eu-west-1");
        expect(base).to.equal("https://my-login.auth.eu-west-1.amazoncognito.com");
        expect(urls.oidcEndpoints(base, "eu-west-1", "eu-west-1_abc")).to.deep.equal({
            issuer: "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_abc",
            authorizationEndpoint: `${base}/oauth2/authorize`,
            tokenEndpoint: `${base}/oauth2/token`,
            userInfoEndpoint: `${base}/oauth2/userInfo`,
        });
    });

    it("uses the FIPS hosted UI in GovCloud", () => {
        expect(urls.hostedUiBaseUrl("p", "us-gov-west-1")).to.equal("https://p.auth-fips.us-gov-west-1.amazoncognito.com");
    });

    it("lowercases the callback URL, as the ALB sends it", () => {
        expect(urls.albCallbackUrl("MDAI.Example.com")).to.equal("https://mdai.example.com/oauth2/idpresponse");
    });

    it("builds a logout URL whose redirect target is the client's allowed sign-out URL", () => {
        const logout = new URL(urls.logoutUrl("https://p.auth.us-east-1.amazoncognito.com", "cid", "mdai.example.com"));
        expect(logout.pathname).to.equal("/logout");
        expect(logout.searchParams.get("client_id")).to.equal("cid");
        expect(logout.searchParams.get("logout_uri")).to.equal(urls.consoleUrl("mdai.example.com"));
    });

    it("gives a runnable admin-create-user command", () => {
        expect(urls.createUserCommand("us-east-1_X", "us-east-1")).to.match(
            /^aws cognito-idp admin-create-user --user-pool-id us-east-1_X --username <email> .* --region us-east-1$/);
    });
});
