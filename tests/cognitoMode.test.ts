import { expect } from "chai";
import { ANNOTATION_PREFIX } from "../components/annotations";
import { MOCK_ALB_HOSTNAME, RunResult, baseConfig, certArn, runStack } from "./harness";

const POOL = "aws:cognito/userPool:UserPool";
const CLIENT = "aws:cognito/userPoolClient:UserPoolClient";
const DOMAIN = "aws:cognito/userPoolDomain:UserPoolDomain";
const USER = "aws:cognito/user:User";

describe("cognito mode in us-east-1", () => {
    let r: RunResult;
    before(async () => {
        r = await runStack({ config: { ...baseConfig("us-east-1"), uiHostname: "MDAI.Example.com", users: '["alice@example.com","Bob@Example.com"]' } });
    });

    it("decides cognito and logs the decision with its reason once", () => {
        expect(r.outputs.authMode).to.equal("cognito");
        const decisions = r.logs.filter((l) => l.message.startsWith("authMode"));
        expect(decisions).to.deep.equal([{ level: "info", message: "authMode cognito: us-east-1 supports ALB authenticate-cognito." }]);
    });

    it("creates a pool fit for ALB: e-mail usernames, admin-only sign-up, strong passwords, TOTP, e-mail recovery, deletion protection", () => {
        const pool = r.one(POOL).inputs;
        expect(pool.name).to.equal("mdai-user-pool");
        expect(pool.usernameAttributes).to.deep.equal(["email"]);
        expect(pool.usernameConfiguration).to.deep.equal({ caseSensitive: false });
        expect(pool.autoVerifiedAttributes).to.deep.equal(["email"]);
        expect(pool.adminCreateUserConfig).to.deep.equal({ allowAdminCreateUserOnly: true });
        expect(pool.passwordPolicy).to.deep.equal({
            minimumLength: 12, requireLowercase: true, requireUppercase: true, requireNumbers: true, requireSymbols: true, temporaryPasswordValidityDays: 7,
        });
        expect(pool.mfaConfiguration).to.equal("OPTIONAL");
        expect(pool.softwareTokenMfaConfiguration).to.deep.equal({ enabled: true });
        expect(pool.accountRecoverySetting).to.deep.equal({ recoveryMechanisms: [{ name: "verified_email", priority: 1 }] });
        expect(pool.deletionProtection).to.equal("ACTIVE");
        expect(pool.userPoolAddOns).to.equal(undefined);
    });

    it("creates a client the ALB can use: secret, code flow only, openid+email, lowercase callback, COGNITO IdP", () => {
        const client = r.one(CLIENT).inputs;
        expect(client.name).to.equal("mdai-app-client");
        expect(client.userPoolId).to.equal("us-east-1_MockPool1");
        expect(client.generateSecret).to.equal(true);
        expect(client.allowedOauthFlows).to.deep.equal(["code"]);
        expect(client.allowedOauthFlowsUserPoolClient).to.equal(true);
        expect(client.allowedOauthScopes).to.include.members(["openid", "email"]);
        expect(client.callbackUrls).to.deep.equal(["https://mdai.example.com/oauth2/idpresponse"]);
        // Cognito's /logout returns only to an allowed URL: the public signed-out page.
        expect(client.logoutUrls).to.deep.equal(["https://mdai.example.com/_mdai/sign-out/done"]);
        expect(client.supportedIdentityProviders).to.deep.equal(["COGNITO"]);
        expect(client.preventUserExistenceErrors).to.equal("ENABLED");
        expect(client.enableTokenRevocation).to.equal(true);
        expect(client.explicitAuthFlows).to.deep.equal(["ALLOW_REFRESH_TOKEN_AUTH"]);
        expect([client.idTokenValidity, client.accessTokenValidity, client.refreshTokenValidity]).to.deep.equal([15, 15, 60]);
        expect(client.tokenValidityUnits).to.deep.equal({ idToken: "minutes", accessToken: "minutes", refreshToken: "minutes" });
    });

    it("creates the hosted-UI domain from the prefix", () => {
        expect(r.one(DOMAIN).inputs).to.include({ domain: "mdai-login-test", userPoolId: "us-east-1_MockPool1" });
    });

    it("invites each configured user by e-mail, lowercased", () => {
        const users = r.ofType(USER).map((u) => u.inputs);
        expect(users.map((u) => u.username)).to.have.members(["alice@example.com", "bob@example.com"]);
        for (const u of users) {
            expect(u.desiredDeliveryMediums).to.deep.equal(["EMAIL"]);
            expect(u.attributes).to.deep.equal({ email: u.username, email_verified: "true" });
            expect(u.userPoolId).to.equal("us-east-1_MockPool1");
        }
    });

    it("puts every AWS resource and lookup on an explicit provider for us-east-1", () => {
        const awsResources = r.resources.filter((x) => x.type.startsWith("aws:"));
        expect(awsResources.map((x) => x.type.split(":")[1]).sort()).to.deep.equal(["cognito/user", "cognito/user", "cognito/userPool", "cognito/userPoolClient", "cognito/userPoolDomain",
            "iam/role", "iam/rolePolicy", "iam/rolePolicyAttachment", "lambda/function", "lambda/invocation", "lambda/invocation"]);
        for (const x of awsResources) expect(r.providerRegion(x), x.name).to.equal("us-east-1");
        expect(r.invokes.map((i) => [i.token, i.provider?.split("::")[3]]).sort()).to.deep.equal([["aws:eks/getCluster:getCluster", "mdai-aws"], ["aws:lb/getLbs:getLbs", "mdai-aws"]]);
    });

    it("annotates the Ingress with auth-idp-cognito JSON equal to the component's outputs", () => {
        const ing = r.ingress().inputs;
        const ann = ing.metadata.annotations as Record<string, string>;
        expect(ann[ANNOTATION_PREFIX + "auth-type"]).to.equal("cognito");
        expect(JSON.parse(ann[ANNOTATION_PREFIX + "auth-idp-cognito"])).to.deep.equal({
            userPoolARN: r.outputs.userPoolArn,
            userPoolClientID: r.outputs.userPoolClientId,
            userPoolDomain: r.outputs.userPoolDomain,
        });
        expect(r.outputs.userPoolDomain).to.equal("mdai-login-test");
        expect(ann[ANNOTATION_PREFIX + "auth-idp-oidc"]).to.equal(undefined);
    });

    it("routes / (Prefix) for the console's host to mdai-console:5173 through the alb class", () => {
        const ing = r.ingress().inputs;
        expect(ing.metadata).to.include({ name: "ui-alb-ingress", namespace: "default" });
        expect(ing.spec.ingressClassName).to.equal("alb");
        expect(ing.spec.rules).to.deep.equal([{
            host: "mdai.example.com",
            http: { paths: [
                { path: "/_mdai/sign-out", pathType: "Exact", backend: { service: { name: "ui-alb-ingress-sign-out", port: { number: 80 } } } },
                { path: "/", pathType: "Prefix", backend: { service: { name: "mdai-console", port: { number: 5173 } } } },
            ] },
        }]);
        expect(r.ofType("kubernetes:core/v1:Secret")).to.deep.equal([]);
    });

    it("outputs the CNAME to create, read from the Ingress status, and real Cognito URLs", () => {
        expect(r.outputs.albHostname).to.equal(MOCK_ALB_HOSTNAME);
        expect(r.outputs.dnsRecord).to.deep.equal({ name: "mdai.example.com", type: "CNAME", value: MOCK_ALB_HOSTNAME, managedBy: "you" });
        expect(r.outputs.certificateArn).to.equal(certArn("us-east-1"));
        expect(r.outputs.uiUrl).to.equal("https://mdai.example.com/");
        expect(r.outputs).to.include({
            region: "us-east-1",
            cognitoRegion: "us-east-1",
            userPoolId: "us-east-1_MockPool1",
            userPoolArn: "arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_MockPool1",
            hostedUiUrl: "https://mdai-login-test.auth.us-east-1.amazoncognito.com",
        });
        // The hosted UI's /login cannot start an ALB session (the ALB rejects a code without its own state): users open uiUrl.
        expect(r.outputs).not.to.have.property("loginUrl");
        expect(r.outputs.signOutUrl).to.equal("https://mdai.example.com/_mdai/sign-out");
        expect(r.outputs.createUserCommand).to.contain("admin-create-user --user-pool-id us-east-1_MockPool1 --username <email>").and.match(/--region us-east-1$/);
    });
});
