import { expect } from "chai";
import { ANNOTATION_PREFIX } from "../components/annotations";
import { ALB_COGNITO_UNSUPPORTED_ERROR } from "../region/regions";
import { EXTERNAL_IDP, MOCK_CLIENT_SECRET, RunResult, baseConfig, certArn, isSecretInput, reveal, runStack, runStackFailure } from "./harness";

const SECRET = "kubernetes:core/v1:Secret";
const ROLE = "kubernetes:rbac.authorization.k8s.io/v1:Role";
const BINDING = "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding";

const annotations = (r: RunResult) => r.ingress().inputs.metadata.annotations as Record<string, string>;
const ann = (r: RunResult, k: string) => annotations(r)[ANNOTATION_PREFIX + k];
const cognitoResources = (r: RunResult) => r.resources.filter((x) => x.type.startsWith("aws:") || (x.type === "pulumi:providers:aws" && x.name === "mdai-aws-cognito"));


describe("oidc mode chosen by auto in ap-southeast-7 (Cognito without ALB-Cognito)", () => {
    let r: RunResult;
    before(async () => { r = await runStack({ config: baseConfig("ap-southeast-7") }); });

    it("uses authenticate-oidc against the same-region pool's endpoints", () => {
        expect(r.outputs.authMode).to.equal("oidc");
        expect(ann(r, "auth-type")).to.equal("oidc");
        expect(ann(r, "auth-idp-cognito")).to.equal(undefined);
        const base = "https://mdai-login-test.auth.ap-southeast-7.amazoncognito.com";
        expect(JSON.parse(ann(r, "auth-idp-oidc"))).to.deep.equal({
            issuer: "https://cognito-idp.ap-southeast-7.amazonaws.com/ap-southeast-7_MockPool1",
            authorizationEndpoint: `${base}/oauth2/authorize`,
            tokenEndpoint: `${base}/oauth2/token`,
            userInfoEndpoint: `${base}/oauth2/userInfo`,
            secretName: "ui-alb-ingress-oidc",
        });
    });

    it("stores clientID and clientSecret in a Secret in the Ingress's namespace, marked secret", async () => {
        const secret = r.one(SECRET).inputs;
        expect(secret.metadata).to.deep.equal({ name: "ui-alb-ingress-oidc", namespace: "default" });
        expect(isSecretInput(secret.stringData)).to.equal(true);
        expect(reveal(secret.stringData)).to.deep.equal({ clientID: "mockclientid0123456789abcd", clientSecret: MOCK_CLIENT_SECRET });
    });

    it("lets only the controller's ServiceAccount read only that Secret", () => {
        expect(r.one(ROLE).inputs.rules).to.deep.equal([{ apiGroups: [""], resources: ["secrets"], resourceNames: ["ui-alb-ingress-oidc"], verbs: ["get", "list", "watch"] }]);
        const binding = r.one(BINDING).inputs;
        expect(binding.roleRef).to.deep.equal({ apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "ui-alb-ingress-oidc-reader" });
        expect(binding.subjects).to.deep.equal([{ kind: "ServiceAccount", name: "aws-load-balancer-controller", namespace: "kube-system" }]);
        expect(binding.metadata.namespace).to.equal("default");
    });

    it("still outputs the pool, hosted UI and user command for ap-southeast-7", () => {
        expect(r.outputs.userPoolId).to.equal("ap-southeast-7_MockPool1");
        expect(r.outputs.hostedUiUrl).to.equal("https://mdai-login-test.auth.ap-southeast-7.amazoncognito.com");
        expect(r.outputs.createUserCommand).to.match(/--region ap-southeast-7$/);
    });
});

describe("user pool in another region", () => {
    it("switches to OIDC and creates the pool with a provider for the pool's region", async () => {
        const r = await runStack({ config: { ...baseConfig("eu-west-1"), cognitoRegion: "us-east-1" } });
        expect(r.outputs).to.include({ authMode: "oidc", region: "eu-west-1", cognitoRegion: "us-east-1" });
        const regions = Object.fromEntries(r.ofType("pulumi:providers:aws").map((p) => [p.name, p.inputs.region]));
        expect(regions).to.deep.equal({ "mdai-aws": "eu-west-1", "mdai-aws-cognito": "us-east-1" });
        for (const x of r.resources.filter((y) => y.type.startsWith("aws:"))) expect(r.providerRegion(x), x.name).to.equal("us-east-1");
        expect(JSON.parse(ann(r, "auth-idp-oidc")).issuer).to.equal("https://cognito-idp.us-east-1.amazonaws.com/us-east-1_MockPool1");
        expect(ann(r, "certificate-arn")).to.equal(certArn("eu-west-1"));
        expect(r.outputs.createUserCommand).to.match(/--region us-east-1$/);
    });
});

describe("external OIDC identity provider", () => {
    const config = { ...baseConfig("cn-north-1"), userPoolDomain: "", oidc: JSON.stringify(EXTERNAL_IDP) };

    it("protects the console in cn-north-1 with no Cognito resources at all", async () => {
        const r = await runStack({ config, secretKeys: ["oidc"] });
        expect(r.outputs.authMode).to.equal("oidc");
        expect(cognitoResources(r)).to.deep.equal([]);
        expect(r.resources.filter((x) => x.type.startsWith("mdai:cognito"))).to.deep.equal([]);
        const { secretName, ...endpoints } = JSON.parse(ann(r, "auth-idp-oidc"));
        expect(secretName).to.equal("ui-alb-ingress-oidc");
        const { clientId, clientSecret, ...expected } = EXTERNAL_IDP;
        expect(endpoints).to.deep.equal(expected);
        expect(isSecretInput(r.one(SECRET).inputs.stringData)).to.equal(true);
        expect(reveal(r.one(SECRET).inputs.stringData)).to.deep.equal({ clientID: clientId, clientSecret });
        for (const k of ["userPoolId", "userPoolArn", "userPoolClientId", "userPoolDomain", "hostedUiUrl", "logoutUrl", "createUserCommand", "cognitoRegion"]) {
            expect(r.outputs[k], k).to.equal(undefined);
        }
    });

    it("outputs the redirect and post-logout URIs to register with the IdP's client, for every host", async () => {
        const apps = JSON.stringify([{ name: "grafana", hostname: "grafana.example.com", serviceName: "grafana", servicePort: 3000 }]);
        const withEnd = { ...EXTERNAL_IDP, endSessionEndpoint: "https://login.example.org/logout" };
        const r = await runStack({ config: { ...config, apps, oidc: JSON.stringify(withEnd) }, secretKeys: ["oidc"] });
        expect(r.outputs.idpRegistration).to.deep.equal({
            redirectUris: ["https://mdai.example.com/oauth2/idpresponse", "https://grafana.example.com/oauth2/idpresponse"],
            postLogoutRedirectUris: ["https://mdai.example.com/_mdai/sign-out/done", "https://grafana.example.com/_mdai/sign-out/done"],
        });
        const noEnd = await runStack({ config, secretKeys: ["oidc"] });
        expect((noEnd.outputs.idpRegistration as { postLogoutRedirectUris: string[] }).postLogoutRedirectUris).to.deep.equal([]);
        expect((await runStack({ config: baseConfig() })).outputs.idpRegistration).to.equal(undefined);
    });

    it("is used instead of a pool by authMode oidc in a Cognito region too", async () => {
        const r = await runStack({ config: { ...baseConfig(), authMode: "oidc", oidc: JSON.stringify(EXTERNAL_IDP) }, secretKeys: ["oidc"] });
        expect(cognitoResources(r)).to.deep.equal([]);
        expect(r.outputs.authMode).to.equal("oidc");
        expect(r.warnings().join()).to.contain("userPoolDomain is set but ignored");
    });
});

describe("cn-north-1 without an external IdP", () => {
    it("fails before creating anything and says what to set", async () => {
        const failure = await runStackFailure({ config: baseConfig("cn-north-1") });
        expect(failure.error.message).to.contain("Amazon Cognito user pools do not exist").and.contain("mdai-cognito:oidc");
        expect(failure.resources).to.deep.equal([]);
    });
});

describe("cognito forced in mx-central-1", () => {
    it("fails before creating anything, quoting the ALB error the user would hit", async () => {
        const failure = await runStackFailure({ config: { ...baseConfig("mx-central-1"), authMode: "cognito" } });
        expect(failure.error.message).to.contain(ALB_COGNITO_UNSUPPORTED_ERROR).and.contain("albCognitoConfirmedIn mx-central-1");
        expect(failure.resources).to.deep.equal([]);
    });

    it("uses authenticate-cognito with albCognitoConfirmedIn for that region, and warns that it is on the user's word", async () => {
        const r = await runStack({ config: { ...baseConfig("mx-central-1"), authMode: "cognito", albCognitoConfirmedIn: "mx-central-1" } });
        expect(r.outputs.authMode).to.equal("cognito");
        expect(ann(r, "auth-type")).to.equal("cognito");
        expect(r.warnings().some((w) => w.includes(ALB_COGNITO_UNSUPPORTED_ERROR))).to.equal(true);
    });
});

describe("authMode none", () => {
    let r: RunResult;
    before(async () => { r = await runStack({ config: { ...baseConfig(), userPoolDomain: "", authMode: "none" } }); });

    it("creates no Cognito resources and no auth annotations, but keeps HTTPS with the redirect", () => {
        expect(cognitoResources(r)).to.deep.equal([]);
        expect(Object.entries(annotations(r)).filter(([k]) => k.includes("/auth-"))).to.deep.equal([[ANNOTATION_PREFIX + "auth-type", "none"]]);
        expect(ann(r, "ssl-redirect")).to.equal("443");
        expect(ann(r, "certificate-arn")).to.equal(certArn("us-east-1"));
    });

    it("warns loudly that the console is public", () => {
        expect(r.warnings().join("\n")).to.contain("PUBLIC");
        expect(r.outputs.authMode).to.equal("none");
        expect(r.outputs.userPoolId).to.equal(undefined);
    });
});

describe("AWS provider settings", () => {
    it("hands aws:profile, aws:assumeRoles and aws:defaultTags from stack config to the explicit provider", async () => {
        const roles = [{ roleArn: "arn:aws:iam::210987654321:role/deployer" }];
        const r = await runStack({ config: { ...baseConfig(), "aws:profile": "mdai-prod", "aws:assumeRoles": JSON.stringify(roles), "aws:defaultTags": '{"tags":{"team":"mdai"}}' } });
        const inputs = r.ofType("pulumi:providers:aws").find((p) => p.name === "mdai-aws-cognito")!.inputs;
        expect(inputs.profile).to.equal("mdai-prod");
        expect(inputs.region).to.equal("us-east-1");
        // Provider inputs reach the engine as JSON text.
        expect(JSON.parse(inputs.assumeRoles)).to.deep.equal(roles);
        expect(JSON.parse(inputs.defaultTags)).to.deep.equal({ tags: { team: "mdai" } });
    });
});

describe("GovCloud (us-gov-west-1)", () => {
    it("uses OIDC against the pool's FIPS hosted UI and accepts an aws-us-gov certificate", async () => {
        const r = await runStack({ config: baseConfig("us-gov-west-1") });
        expect(r.outputs.authMode).to.equal("oidc");
        expect(r.outputs.hostedUiUrl).to.equal("https://mdai-login-test.auth-fips.us-gov-west-1.amazoncognito.com");
        expect(JSON.parse(ann(r, "auth-idp-oidc")).tokenEndpoint).to.equal("https://mdai-login-test.auth-fips.us-gov-west-1.amazoncognito.com/oauth2/token");
        expect(ann(r, "certificate-arn")).to.match(/^arn:aws-us-gov:acm:us-gov-west-1:/);
    });
});
