import { expect } from "chai";
import { ConfigError } from "../config/errors";
import { DecisionInput, PUBLIC_CONSOLE_WARNING, decideAuth } from "../region/decide";
import { ALB_COGNITO_REGIONS, ALB_COGNITO_UNSUPPORTED_ERROR, COGNITO_WITHOUT_ALB_COGNITO_REGIONS, regionSupport } from "../region/regions";

const input = (region: string, over: Partial<DecisionInput> = {}): DecisionInput =>
    ({ authMode: "auto", region, cognitoRegion: region, externalIdp: false, ...over });

function decisionError(i: DecisionInput): string {
    try {
        decideAuth(i);
    } catch (err) {
        expect(err).to.be.instanceOf(ConfigError);
        return (err as Error).message;
    }
    throw new Error("expected a ConfigError");
}

describe("auth mode decision (region table)", () => {
    it("lists the 29 regions with ALB authenticate-cognito and keeps the tables disjoint", () => {
        expect(ALB_COGNITO_REGIONS).to.have.length(29);
        expect(new Set(ALB_COGNITO_REGIONS).size).to.equal(29);
        for (const r of COGNITO_WITHOUT_ALB_COGNITO_REGIONS) expect(ALB_COGNITO_REGIONS).not.to.include(r);
    });

    it("auto uses authenticate-cognito in every ALB-Cognito region", () => {
        for (const r of ALB_COGNITO_REGIONS) {
            const d = decideAuth(input(r));
            expect(d.mode, r).to.equal("cognito");
            expect(d.warnings).to.deep.equal([]);
        }
    });

    const oidcRegions = ["ap-east-2", "ap-southeast-5", "ap-southeast-6", "ap-southeast-7", "mx-central-1", "us-gov-west-1", "us-gov-east-1"];
    for (const r of oidcRegions) {
        it(`auto uses OIDC against the same-region pool in ${r}`, () => {
            const d = decideAuth(input(r));
            expect(d).to.include({ mode: "oidc", idp: "cognito-pool" });
            expect(d.reason).to.contain(r).and.contain(r.startsWith("us-gov-") ? "unverified in GovCloud" : "its ALBs lack authenticate-cognito");
        });
    }

    it("auto uses OIDC when the pool is in another region, even where ALB-Cognito exists", () => {
        const d = decideAuth(input("eu-west-1", { cognitoRegion: "us-east-1" }));
        expect(d).to.include({ mode: "oidc", idp: "cognito-pool" });
        expect(d.reason).to.contain("us-east-1").and.contain("eu-west-1");
    });

    it("auto uses OIDC with a warning in a region missing from the table", () => {
        const d = decideAuth(input("eu-east-9"));
        expect(d.mode).to.equal("oidc");
        expect(d.warnings.join()).to.contain("eu-east-9 is not in the region table");
        expect(regionSupport("eu-east-9")).to.equal("unknown");
    });

    for (const r of ["cn-north-1", "cn-northwest-1"]) {
        it(`auto in ${r} without an external IdP fails and says what to set`, () => {
            const msg = decisionError(input(r));
            expect(msg).to.contain(`aws:region is "${r}"`).and.contain("user pools do not exist").and.contain("mdai-cognito:oidc");
        });
        it(`auto in ${r} with an external IdP uses it`, () => {
            expect(decideAuth(input(r, { externalIdp: true }))).to.include({ mode: "oidc", idp: "external" });
        });
    }

    it("forced cognito where ALB-Cognito is missing, or unknown, is an error quoting the controller's, naming the override", () => {
        for (const r of ["mx-central-1", "us-gov-west-1", "eu-east-9"]) {
            const msg = decisionError(input(r, { authMode: "cognito" }));
            expect(msg).to.contain('mdai-cognito:authMode is "cognito"').and.contain(ALB_COGNITO_UNSUPPORTED_ERROR)
                .and.contain("Set mdai-cognito:authMode to auto").and.contain(`\`pulumi config set albCognitoConfirmedIn ${r}\``);
        }
        expect(decisionError(input("us-gov-west-1", { authMode: "cognito" }))).to.contain("unverified in GovCloud");
        expect(decisionError(input("eu-east-9", { authMode: "cognito" }))).to.contain("eu-east-9 is not in the region table");
    });

    it("albCognitoConfirmedIn, the override it names, makes cognito and auto use authenticate-cognito there, on the user's word", () => {
        for (const authMode of ["cognito", "auto"] as const) {
            const d = decideAuth(input("mx-central-1", { authMode, albCognitoConfirmedIn: "mx-central-1" }));
            expect(d.mode).to.equal("cognito");
            expect(d.warnings).to.have.length(1);
            expect(d.warnings[0]).to.contain("on your word").and.contain(ALB_COGNITO_UNSUPPORTED_ERROR);
        }
        // A pool elsewhere still forces OIDC under auto, and oidc says the override is ignored.
        expect(decideAuth(input("mx-central-1", { cognitoRegion: "us-east-1", albCognitoConfirmedIn: "mx-central-1" })).mode).to.equal("oidc");
        expect(decideAuth(input("mx-central-1", { authMode: "oidc", albCognitoConfirmedIn: "mx-central-1" })).warnings).to.deep.equal(["albCognitoConfirmedIn is set but ignored: authMode oidc never uses authenticate-cognito."]);
    });

    it("albCognitoConfirmedIn vouches for the region it names only, and never for one the table already lists", () => {
        expect(decisionError(input("ap-southeast-7", { authMode: "cognito", albCognitoConfirmedIn: "mx-central-1" })))
            .to.contain('mdai-cognito:albCognitoConfirmedIn is "mx-central-1": it vouches for ALB authenticate-cognito in mx-central-1, but the stack\'s region is ap-southeast-7');
        expect(decisionError(input("us-east-1", { albCognitoConfirmedIn: "us-east-1" }))).to.contain("already lists us-east-1").and.contain("`pulumi config rm albCognitoConfirmedIn`");
        expect(decisionError(input("cn-north-1", { albCognitoConfirmedIn: "cn-north-1" }))).to.contain("Amazon Cognito user pools do not exist");
    });

    it("forced cognito with the pool in another region fails: ALB-Cognito needs the same region", () => {
        expect(decisionError(input("us-east-1", { authMode: "cognito", cognitoRegion: "us-west-2" })))
            .to.contain('mdai-cognito:cognitoRegion is "us-west-2"').and.contain("not a valid user pool ARN");
    });

    it("forced cognito together with an external IdP is a conflict", () => {
        expect(decisionError(input("us-east-1", { authMode: "cognito", externalIdp: true }))).to.contain("mdai-cognito:oidc is set");
    });

    it("oidc uses the external IdP when configured, else the pool's own endpoints", () => {
        expect(decideAuth(input("us-east-1", { authMode: "oidc", externalIdp: true }))).to.include({ mode: "oidc", idp: "external" });
        expect(decideAuth(input("us-east-1", { authMode: "oidc" }))).to.include({ mode: "oidc", idp: "cognito-pool" });
    });

    it("a pool in another partition is refused", () => {
        expect(decisionError(input("us-gov-west-1", { cognitoRegion: "us-east-1" }))).to.contain("same AWS partition");
    });

    it("none turns authentication off and warns loudly", () => {
        const d = decideAuth(input("cn-north-1", { authMode: "none" }));
        expect(d).to.include({ mode: "none", idp: "none" });
        expect(d.warnings).to.deep.equal([PUBLIC_CONSOLE_WARNING]);
        expect(PUBLIC_CONSOLE_WARNING).to.contain("PUBLIC");
    });
});
