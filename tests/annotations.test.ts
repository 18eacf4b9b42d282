import { expect } from "chai";
import { ANNOTATION_PREFIX, AuthSettings, GROUP_ORDER, GroupSettings, IngressAuth, SESSION_COOKIE, TLS13_SSL_POLICY, groupAnnotations, memberAnnotations } from "../components/annotations";
import * as urls from "../components/cognitoUrls";

const group: GroupSettings = { groupName: "mdai-dev", certificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/abc-123-def45678", loadBalancerName: "mdai-console-dev",
    scheme: "internet-facing", inboundCidrs: [], extra: {}, lbAttributes: {} };
const login = { access: "login" as const, order: GROUP_ORDER.login };
const auth = (a: IngressAuth, cookieName = SESSION_COOKIE): AuthSettings => ({ auth: a, cookieName, scope: "openid email", sessionTimeout: 3600 });
const COGNITO: IngressAuth = { type: "cognito", idp: { userPoolARN: "arn:p", userPoolClientID: "cid", userPoolDomain: "prefix" } };
const OIDC: IngressAuth = { type: "oidc", idp: { issuer: "https://i", authorizationEndpoint: "https://a", tokenEndpoint: "https://t", userInfoEndpoint: "https://u", secretName: "s" } };
const get = (a: Record<string, string>, k: string) => a[ANNOTATION_PREFIX + k];

describe("ALB annotations", () => {
    it("builds auth-idp-cognito with the controller's exact field names", () => {
        const a = memberAnnotations(login, auth(COGNITO));
        expect(get(a, "auth-type")).to.equal("cognito");
        expect(JSON.parse(get(a, "auth-idp-cognito"))).to.deep.equal({ userPoolARN: "arn:p", userPoolClientID: "cid", userPoolDomain: "prefix" });
        expect(get(a, "auth-idp-oidc")).to.equal(undefined);
    });

    it("builds auth-idp-oidc naming the secret, never the client secret itself", () => {
        const a = memberAnnotations(login, auth(OIDC));
        expect(get(a, "auth-type")).to.equal("oidc");
        expect(JSON.parse(get(a, "auth-idp-oidc"))).to.deep.equal((OIDC as { idp: unknown }).idp);
    });

    it("escapes values inside the JSON instead of concatenating strings", () => {
        const a = memberAnnotations(login, auth({ type: "cognito", idp: { userPoolARN: 'a"b', userPoolClientID: "c", userPoolDomain: "d" } }));
        expect(JSON.parse(get(a, "auth-idp-cognito")).userPoolARN).to.equal('a"b');
    });

    it("keeps every request on HTTPS in every member (authentication only exists on HTTPS listeners)", () => {
        const a = groupAnnotations(group);
        expect(JSON.parse(get(a, "listen-ports"))).to.deep.equal([{ HTTP: 80 }, { HTTPS: 443 }]);
        expect(get(a, "ssl-redirect")).to.equal("443");
        expect(get(a, "certificate-arn")).to.equal(group.certificateArn);
        expect(get(a, "ssl-policy")).to.equal(TLS13_SSL_POLICY);
        expect(get(a, "scheme")).to.equal("internet-facing");
        expect(get(a, "target-type")).to.equal("ip");
        expect(get(a, "group.name")).to.equal("mdai-dev");
        expect(Object.keys(a).filter((k) => k.includes("auth-") || k.includes("group.order"))).to.deep.equal([]);
    });

    for (const [access, expected] of [["login", "authenticate"], ["deny", "deny"]] as const) {
        it(`${access} members authenticate with the session settings, and answer an unauthenticated request with ${expected}`, () => {
            const a = memberAnnotations({ access, order: GROUP_ORDER[access] }, auth(OIDC));
            expect(get(a, "auth-on-unauthenticated-request")).to.equal(expected);
            expect(get(a, "auth-session-timeout")).to.equal("3600");
            expect(get(a, "auth-scope")).to.equal("openid email");
            expect(get(a, "auth-session-cookie")).to.equal(SESSION_COOKIE);
            expect(get(a, "group.order")).to.equal(String(GROUP_ORDER[access]));
        });
    }

    it("public members, and every member without a login, say auth-type none", () => {
        for (const a of [memberAnnotations({ access: "public", order: GROUP_ORDER.public }, auth(COGNITO)), memberAnnotations(login, auth({ type: "none" }))]) {
            expect(Object.fromEntries(Object.entries(a).filter(([k]) => k.includes("auth-")))).to.deep.equal({ [ANNOTATION_PREFIX + "auth-type"]: "none" });
        }
    });

    it("orders public before 401-only before login members, within the controller's 1–1000", () => {
        expect(GROUP_ORDER.public).to.be.lessThan(GROUP_ORDER.deny);
        expect(GROUP_ORDER.deny).to.be.lessThan(GROUP_ORDER.login);
        for (const o of Object.values(GROUP_ORDER)) expect(o).to.be.within(1, 1000);
    });
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
        const logout = new URL(urls.logoutUrl("https://p.auth.us-east-1.amazoncognito.com", "cid", urls.consoleUrl("mdai.example.com")));
        expect(logout.pathname).to.equal("/logout");
        expect(logout.searchParams.get("client_id")).to.equal("cid");
        expect(logout.searchParams.get("logout_uri")).to.equal(urls.consoleUrl("mdai.example.com"));
    });

    it("gives a runnable admin-create-user command", () => {
        expect(urls.createUserCommand("us-east-1_X", "us-east-1")).to.match(
            /^aws cognito-idp admin-create-user --user-pool-id us-east-1_X --username <email> .* --region us-east-1$/);
    });
});
