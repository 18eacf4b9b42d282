import * as aws from "@pulumi/aws";
import { expect } from "chai";
import { CognitoAuth } from "../components/cognitoAuth";
import { ConsoleIngress } from "../components/consoleIngress";
import { MOCK_ALB_HOSTNAME, RunResult, runProgram } from "./harness";

/** The components used from another Pulumi program, with nothing but their required args. */
describe("components on their own", () => {
    let r: RunResult;
    let secretIsSecret: boolean | undefined;
    before(async () => {
        r = await runProgram(async () => {
            const provider = new aws.Provider("eu", { region: "eu-central-1" });
            const auth = new CognitoAuth("team", { uiHostname: "Team.Example.com", domainPrefix: "team-login" }, { providers: [provider] });
            const ingress = new ConsoleIngress("team", {
                hostname: "team.example.com",
                certificateArn: "arn:aws:acm:eu-central-1:123456789012:certificate/0b9b5a4e-2f3c-4d1e-9a8b-7c6d5e4f3a2b",
                auth: { type: "cognito", userPoolArn: auth.userPoolArn, userPoolClientId: auth.clientId, userPoolDomain: auth.domainPrefix },
            });
            secretIsSecret = await (auth.clientSecret as unknown as { isSecret: Promise<boolean> }).isSecret;
            return { hostedUiUrl: auth.hostedUiUrl, issuer: auth.issuer, albHostname: ingress.albHostname };
        });
    });

    it("use Pulumi type tokens and name children after the component, as their children", () => {
        const types = r.registrations.map((x) => `${x.type} ${x.name}`);
        expect(types).to.include.members([
            "mdai:cognito:CognitoAuth team", "aws:cognito/userPool:UserPool team-user-pool", "aws:cognito/userPoolClient:UserPoolClient team-app-client",
            "aws:cognito/userPoolDomain:UserPoolDomain team-domain", "mdai:k8s:ConsoleIngress team", "kubernetes:networking.k8s.io/v1:Ingress team-ingress",
        ]);
        for (const x of r.registrations.filter((y) => y.type.startsWith("aws:cognito"))) expect(x.parent).to.match(/mdai:cognito:CognitoAuth::team$/);
        expect(r.registrations.find((x) => x.name === "team-ingress")?.parent).to.match(/mdai:k8s:ConsoleIngress::team$/);
    });

    it("take the region from the provider (a mocked aws:getRegion call) when none is given", () => {
        expect(r.invokes.map((i) => i.token)).to.deep.equal(["aws:index/getRegion:getRegion"]);
        expect(r.outputs.hostedUiUrl).to.equal("https://team-login.auth.eu-central-1.amazoncognito.com");
        expect(r.outputs.issuer).to.equal("https://cognito-idp.eu-central-1.amazonaws.com/eu-central-1_MockPool1");
    });

    it("apply the documented defaults", () => {
        expect(r.one("aws:cognito/userPool:UserPool").inputs).to.include({ name: "mdai-user-pool", deletionProtection: "ACTIVE" });
        expect(r.one("aws:cognito/userPoolClient:UserPoolClient").inputs.callbackUrls).to.deep.equal(["https://team.example.com/oauth2/idpresponse"]);
        const ing = r.ofType("kubernetes:networking.k8s.io/v1:Ingress").find((x) => x.name === "team-ingress")!.inputs;
        expect(ing.metadata).to.include({ name: "ui-alb-ingress", namespace: "default" });
        expect(ing.metadata.annotations["alb.ingress.kubernetes.io/load-balancer-name"]).to.equal("mdai-console");
        expect(ing.metadata.annotations["alb.ingress.kubernetes.io/auth-session-timeout"]).to.equal("3600");
    });

    it("expose the ALB hostname from the Ingress status", () => {
        expect(r.outputs.albHostname).to.equal(MOCK_ALB_HOSTNAME);
    });

    it("keep the client secret a Pulumi secret", () => {
        expect(secretIsSecret).to.equal(true);
    });
});

describe("components hold their own arguments to the rules of the stack config", () => {
    const certificateArn = "arn:aws:acm:eu-central-1:123456789012:certificate/0b9b5a4e-2f3c-4d1e-9a8b-7c6d5e4f3a2b";
    const failure = async (program: () => void): Promise<string> => {
        try {
            await runProgram(async () => (program(), {}));
        } catch (err) {
            const f = err as { error?: Error; resources?: { type: string }[] };
            expect((f.resources ?? []).filter((r) => !r.type.startsWith("mdai:")).map((r) => r.type), "children registered").to.deep.equal([]);
            return f.error?.message ?? String(err);
        }
        throw new Error("expected the component to refuse its arguments");
    };

    it("ConsoleIngress refuses a sign-out path that would inject an nginx server block, before any child exists", async () => {
        const message = await failure(() => new ConsoleIngress("team", { hostname: "team.example.com", certificateArn, auth: { type: "none" },
            signOut: { path: "/out; } server { listen 8080; location / { return 200" } }));
        expect(message).to.contain("ConsoleIngress team").and.contain("signOut.path is").and.contain("nothing was created");
    });

    it("ConsoleIngress refuses a public path with a dot segment, an annotation off the allow-list and a general-purpose secret reader", async () => {
        const message = await failure(() => new ConsoleIngress("team", { hostname: "team.example.com", certificateArn, auth: { type: "none" },
            publicPaths: ["/static/../admin"], alb: { extraAnnotations: { "alb.ingress.kubernetes.io/auth-type": "none" } }, controllerServiceAccount: { namespace: "default", name: "default" } }));
        expect(message).to.contain("publicPaths[0] is \"/static/../admin\"").and.contain("alb.extraAnnotations.alb.ingress.kubernetes.io/auth-type").and.contain("general-purpose account");
    });

    it("CognitoAuth refuses a domain prefix Cognito rejects and an invalid user address", async () => {
        const message = await failure(() => new CognitoAuth("team", { uiHostname: "team.example.com", domainPrefix: "aws-login", users: ["not an address"] }));
        expect(message).to.contain("CognitoAuth team").and.contain('domainPrefix is "aws-login"').and.contain("users[0]");
    });
});
