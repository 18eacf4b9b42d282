import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { estimateCost, tokensPerClient } from "../scripts/planCost";
import { CognitoAuth } from "../components/cognitoAuth";
import { GRAFANA_APP, RunResult, baseConfig, emptyProjectDir, runStack, runStackFailure, validateOnly } from "./harness";
import { planCommand } from "../scripts/plan";
import { refusalOf } from "./configRefusal";

const SES = "arn:aws:ses:us-east-1:123456789012:identity/acme.io";
const email = (o: object) => JSON.stringify({ sesIdentityArn: SES, from: "MDAI <no-reply@acme.io>", ...o });

const settings = (config: Record<string, string>, cwd?: string) => validateOnly({ config: { ...baseConfig(), ...config }, cwd });

describe("the sign-in settings (featurePlan, managedLogin, passkeys, emailOtp, email)", () => {
    it("default to Essentials, the classic hosted UI and Cognito's e-mail; Plus when threat protection is on, as existing stacks have it", () => {
        expect(settings({}).signIn).to.deep.equal({ featurePlan: "essentials", emailOtp: false, email: undefined, managedLogin: undefined, passkeys: undefined, authDomain: undefined });
        expect(settings({ threatProtection: "audit" }).signIn.featurePlan).to.equal("plus");
    });

    it("refuse a feature above the chosen plan, naming both, with a fix that passes", () => {
        const m = refusalOf({ featurePlan: "lite", managedLogin: "true" });
        expect(m).to.contain("managedLogin needs the essentials feature plan or higher, but featurePlan is lite").and.contain("`pulumi config set featurePlan essentials`");
        expect(settings({ featurePlan: "essentials", managedLogin: "true" }).signIn.managedLogin).to.not.equal(undefined);
        expect(refusalOf({ featurePlan: "essentials", threatProtection: "enforced" })).to.contain("threatProtection needs the plus feature plan or higher, but featurePlan is essentials");
        expect(refusalOf({ featurePlan: "premium" })).to.contain("it must be one of lite, essentials, plus");
    });

    it("refuse passwordless sign-in without managed login, with mfa on, without local users, and e-mail codes without SES", () => {
        expect(refusalOf({ passkeys: "true" })).to.contain("passwordless sign-in is offered only by managed login").and.contain("`pulumi config set managedLogin true`");
        expect(refusalOf({ passkeys: "true", managedLogin: "true", mfa: "on" })).to.contain("Cognito offers passwordless sign-in only to users without MFA");
        expect(refusalOf({ emailOtp: "true", managedLogin: "true" })).to.contain("Cognito sends sign-in codes only through Amazon SES");
        const ok = settings({ emailOtp: "true", passkeys: "true", managedLogin: "true", email: email({}) }).signIn;
        expect(ok.emailOtp).to.equal(true);
        expect(ok.passkeys).to.deep.equal({ userVerification: "preferred" });
        expect(refusalOf({ passkeys: "true", managedLogin: "true", passkeyUserVerification: "always" })).to.contain("it must be one of preferred, required");
    });

    it("warn when e-mail codes open a path that admin-only recovery kept closed", () => {
        const on = { emailOtp: "true", managedLogin: "true", email: email({}) };
        expect(settings({ ...on, accountRecovery: "admin-only" }).warnings.join(" ")).to.contain("whoever reads a user's mailbox can now sign in as them");
        expect(settings(on).warnings.join(" ")).to.not.contain("mailbox");
    });

    it("name the plan meant in their fix, and are only ignored where no pool of Cognito's is used", () => {
        expect(refusalOf({ featurePlan: "PLUS", threatProtection: "audit" })).to.contain("`pulumi config set featurePlan plus`");
        expect(settings({ featurePlan: "plus", threatProtection: "audit" }).signIn.featurePlan).to.equal("plus");
        const none = settings({ authMode: "none", userPoolId: "us-east-1_AbC123", featurePlan: "plus", managedLogin: "true" });
        expect(none.warnings.join(" ")).to.contain("featurePlan is set but ignored").and.contain("managedLogin is set but ignored");
        expect(refusalOf({ passkeys: "true", managedLogin: "true", passkeyUserVerification: "bogus", featurePlan: "lite" })).to.contain("it must be one of preferred, required").and.contain("featurePlan is lite");
    });

    it("never show a secret value, even lowercased", () => {
        const m = (() => { try { validateOnly({ config: { ...baseConfig(), authDomain: "S3CR3T-HOST-9X.CO.UK" }, secretKeys: ["authDomain"] }); } catch (err) { return (err as Error).message; } return ""; })();
        expect(m).to.contain("mdai-cognito:authDomain").and.not.match(/s3cr3t-host-9x/i);
    });

    it("are refused with userPoolId: the pool is not the stack's to change", () => {
        const m = refusalOf({ userPoolId: "us-east-1_AbC123", managedLogin: "true", featurePlan: "plus" });
        expect(m).to.contain("mdai-cognito:managedLogin").and.contain("mdai-cognito:featurePlan").and.contain("userPoolId names an existing pool, which the program never changes");
    });

    it("check the SES identity: an ARN, a region the pool may use, the account, and a sender it covers", () => {
        expect(refusalOf({ email: email({ sesIdentityArn: "acme.io" }) })).to.contain("it is the ARN of a verified SES identity");
        expect(refusalOf({ email: email({ sesIdentityArn: SES.replace("us-east-1", "ap-south-1") }) })).to.contain("a pool in us-east-1 sends through SES in us-east-1, us-west-2, eu-west-1");
        expect(settings({ email: email({ sesIdentityArn: SES.replace("us-east-1", "eu-west-1") }) }).signIn.email!.region).to.equal("eu-west-1");
        expect(refusalOf({ email: email({ from: "no-reply@example.net" }) })).to.contain("the identity acme.io does not cover no-reply@example.net").and.contain("no-reply@acme.io");
        expect(settings({ email: email({ from: "alerts@eu.acme.io" }) }).signIn.email!.from).to.equal("alerts@eu.acme.io");
        expect(refusalOf({ email: email({ sesIdentityArn: "arn:aws:ses:us-east-1:123456789012:identity/ops@acme.io", from: "no-reply@acme.io" }) })).to.contain("does not cover");
        expect(refusalOf({ email: email({ fromName: "x" }) })).to.contain("email takes sesIdentityArn, from and replyTo only");
        // A display name cannot start another header or mailbox; the suggested sender passes.
        for (const from of ["X\r\nBcc: victim@evil.org <no-reply@acme.io>", "MDAI, attacker@evil.org <no-reply@acme.io>", "Evil <evil@evil.org> <no-reply@acme.io>", '"quote <no-reply@acme.io>']) {
            expect(refusalOf({ email: email({ from }) }), from).to.contain("no control characters").and.contain('"MDAI <no-reply@acme.io>"');
        }
        expect(settings({ email: email({ from: '"MDAI, Platform" <no-reply@acme.io>' }) }).signIn.email!.from).to.equal('"MDAI, Platform" <no-reply@acme.io>');
        // Printable ASCII only (SES applies no MIME encoding), specials only quoted, no bidirectional controls.
        for (const from of ["Müller <no-reply@acme.io>", "MDAI\u202e <no-reply@acme.io>", "J. Doe <no-reply@acme.io>", "x (y) <no-reply@acme.io>"]) expect(refusalOf({ email: email({ from }) }), from).to.contain("printable ASCII");
        expect(settings({ email: email({ from: '"J. Doe" <no-reply@acme.io>' }) }).signIn.email!.from).to.equal('"J. Doe" <no-reply@acme.io>');
        expect(settings({ email: email({ sesIdentityArn: "arn:aws:ses:us-east-1:123456789012:identity/acme.xn--p1ai", from: "no-reply@acme.xn--p1ai" }) }).signIn.email!.region).to.equal("us-east-1");
        expect(refusalOf({ email: email({ sesIdentityArn: "arn:aws:ses:us-east-1:123456789012:identity/*" }) })).to.contain("a domain or an address");
        expect(refusalOf({ email: email({ sesIdentityArn: SES.replace("arn:aws:", "arn:aws-us-gov:") }) })).to.contain("the identity is in the aws-us-gov partition");
        expect(refusalOf({ email: email({}), "aws:allowedAccountIds": '["210987654321"]' })).to.contain("the SES identity is in account 123456789012");
    });

    it("refuse at deploy an SES identity of another account than the one the stack deploys to", async () => {
        const f = await runStackFailure({ config: { ...baseConfig(), email: email({ sesIdentityArn: "arn:aws:ses:us-east-1:210987654321:identity/acme.io" }) } });
        expect(f.error.message).to.contain("the identity is in account 210987654321, but the stack deploys to 123456789012");
    });

    it("drop the 50-a-day warning once the pool sends through SES", () => {
        const users = JSON.stringify(Array.from({ length: 60 }, (_, n) => `u${n}@acme.io`));
        expect(settings({ users }).warnings.join(" ")).to.contain("Cognito's default e-mail sends 50 messages a day");
        expect(settings({ users, email: email({}) }).warnings.join(" ")).to.not.contain("50 messages a day");
    });
});

describe("managedLoginBranding", () => {
    const dir = () => {
        const d = emptyProjectDir();
        fs.mkdirSync(path.join(d, "branding"), { recursive: true });
        fs.writeFileSync(path.join(d, "branding", "settings.json"), JSON.stringify({ components: { primaryButton: { lightMode: { defaults: { backgroundColor: "0972d3ff" } } } } }));
        fs.writeFileSync(path.join(d, "branding", "logo.png"), Buffer.from([0x89, 0x50, 0x4e, 0x47]));
        fs.writeFileSync(path.join(d, "branding", "huge.png"), Buffer.alloc(1_000_001));
        return d;
    };
    const branding = (b: object) => ({ managedLogin: "true", managedLoginBranding: JSON.stringify(b) });

    it("reads the settings document and the images from the repository", () => {
        const b = settings(branding({ settingsFile: "branding/settings.json", assets: [{ file: "branding/logo.png", category: "FORM_LOGO" }] }), dir()).signIn.managedLogin!.branding;
        expect(b.useCognitoProvidedValues).to.equal(false);
        expect(JSON.parse(b.settings!).components.primaryButton).to.be.an("object");
        expect(b.assets).to.deep.equal([{ category: "FORM_LOGO", colorMode: "LIGHT", extension: "PNG", bytes: "iVBORw==", file: "branding/logo.png" }]);
    });

    it("refuses what Cognito would: an unknown category (with the likely one), a wrong favicon type, a large image, a path outside the project", () => {
        const d = dir();
        expect(refusalOf(branding({ assets: [{ file: "branding/logo.png", category: "FORM_LOG" }] }), { cwd: d })).to.contain("Did you mean FORM_LOGO?");
        expect(refusalOf(branding({ assets: [{ file: "branding/logo.png", category: "FAVICON_ICO" }] }), { cwd: d })).to.contain("FAVICON_ICO takes a .ico file");
        expect(refusalOf(branding({ assets: [{ file: "branding/huge.png", category: "PAGE_BACKGROUND" }] }), { cwd: d })).to.contain("it is 1000001 bytes; at most 1000000 are taken");
        expect(refusalOf(branding({ settingsFile: "../secrets.json" }), { cwd: d })).to.contain("it is a path inside the project directory");
    });

    it("reads only regular files inside the project: no symbolic link out of it, no device; and never quotes a file in a message", () => {
        const d = dir();
        fs.writeFileSync(path.join(os.tmpdir(), "mdai-outside.json"), "{}");
        fs.symlinkSync(path.join(os.tmpdir(), "mdai-outside.json"), path.join(d, "branding", "out.json"));
        fs.symlinkSync("/dev/zero", path.join(d, "branding", "zero.png"));
        fs.writeFileSync(path.join(d, "branding", "passwd.json"), "root:x:0:0:root:/root:/bin/bash");
        fs.writeFileSync(path.join(d, "branding", "text.png"), "not an image");
        fs.writeFileSync(path.join(d, "branding", "bom.json"), "\uFEFF{}");
        expect(refusalOf(branding({ settingsFile: "branding/out.json" }), { cwd: d })).to.contain("it leads outside the project directory through a symbolic link");
        expect(refusalOf(branding({ assets: [{ file: "branding/zero.png", category: "FORM_LOGO" }] }), { cwd: d })).to.contain("leads outside the project directory");
        expect(refusalOf(branding({ settingsFile: "branding" }), { cwd: d })).to.contain("it is not a regular file");
        const m = refusalOf(branding({ settingsFile: "branding/passwd.json" }), { cwd: d });
        expect(m).to.contain("it is not a JSON document in UTF-8").and.not.contain("root:x");
        expect(refusalOf(branding({ assets: [{ file: "branding/text.png", category: "FORM_LOGO" }] }), { cwd: d })).to.contain("its contents are not a PNG image");
        expect(refusalOf(branding({ assets: [{ file: "branding/logo.png", category: "FORM_LOGO", extra: 1 }] }), { cwd: d })).to.contain("an asset takes file, category and colorMode only");
        expect(settings(branding({ settingsFile: "branding/bom.json" }), d).signIn.managedLogin!.branding.settings).to.equal("{}");
    });

    it("is ignored, with a warning, while managed login is off", () => {
        expect(settings({ managedLoginBranding: JSON.stringify({ settingsFile: "branding/settings.json" }) }, dir()).warnings.join(" ")).to.contain("managedLoginBranding is set but ignored");
    });
});

describe("the estimated monthly cost", () => {
    it("prices MAUs beyond the free tier, federated users and token requests from the price table", () => {
        expect(estimateCost({ featurePlan: "essentials", mau: 25_000, federatedMau: 0, machineClients: 0, tokenRequests: 0 }).monthly).to.equal(225);
        expect(estimateCost({ featurePlan: "lite", mau: 10_000, federatedMau: 0, machineClients: 0, tokenRequests: 0 }).monthly).to.equal(0);
        expect(estimateCost({ featurePlan: "plus", mau: 100, federatedMau: 0, machineClients: 0, tokenRequests: 0 }).monthly).to.equal(2);
        expect(estimateCost({ featurePlan: "essentials", mau: 0, federatedMau: 1050, machineClients: 0, tokenRequests: 0 }).monthly).to.equal(15);
        const m2m = estimateCost({ featurePlan: "essentials", mau: 0, federatedMau: 0, machineClients: 2, tokenRequests: 2 * tokensPerClient(60) });
        expect(m2m.monthly).to.equal(3.24);
        expect(m2m.label).to.equal("estimate");
        expect(m2m.date).to.match(/^\d{4}-\d{2}-\d{2}$/);
    });

    it("is in the plan, counted from --mau, and a count that is not one is refused", async () => {
        const out: string[] = [];
        const err: string[] = [];
        const io = { stdout: (t: string) => void out.push(t), stderr: (t: string) => void err.push(t), env: {} };
        // The dev stack keeps documentation examples (exit 2, "fix first"): the estimate is shown all the same.
        expect(await planCommand(["--stack", "dev", "--mau", "25000", "--json"], io)).to.equal(2);
        const plan = JSON.parse(out.join(""));
        expect(plan.cost).to.include({ monthly: 225, label: "estimate" });
        expect(plan.cost.counted[0]).to.equal("25,000 MAU (--mau)");
        expect(await planCommand(["--stack", "dev", "--mau", "many"], io)).to.equal(1);
        expect(err.join("")).to.contain('--mau "many": give a whole number');
    });
});

describe("the pool and its pages as deployed", () => {
    let plain: RunResult;
    let managed: RunResult;
    before(async () => {
        plain = await runStack({ config: baseConfig() });
        managed = await runStack({ config: { ...baseConfig(), managedLogin: "true", passkeys: "true", emailOtp: "true", email: email({}),
            users: '["alice@example.com","bob@example.com"]', groups: JSON.stringify({ viewers: ["bob@example.com"] }), apps: JSON.stringify([{ ...GRAFANA_APP, allowedGroups: ["viewers"] }]),
            machineClients: JSON.stringify([{ name: "exporter", scopes: ["metrics.read"] }]), machinePaths: JSON.stringify([{ path: "/api/metrics", scopes: ["metrics.read"] }]) } });
    });
    const pool = (r: RunResult) => r.one("aws:cognito/userPool:UserPool").inputs;
    const domain = (r: RunResult) => r.one("aws:cognito/userPoolDomain:UserPoolDomain").inputs;

    it("sends the plan, the factors and the e-mail explicitly, also when off (the provider keeps what it is no longer given)", () => {
        expect(pool(plain)).to.deep.include({ userPoolTier: "ESSENTIALS", signInPolicy: { allowedFirstAuthFactors: ["PASSWORD"] }, emailConfiguration: { emailSendingAccount: "COGNITO_DEFAULT" } });
        expect(domain(plain).managedLoginVersion).to.equal(1);
        expect(plain.ofType("aws:cognito/managedLoginBranding:ManagedLoginBranding")).to.have.length(0);
    });

    it("offers passkeys on the hosted-UI domain and e-mail codes through SES, the password kept for invited users", () => {
        expect(pool(managed).signInPolicy).to.deep.equal({ allowedFirstAuthFactors: ["PASSWORD", "WEB_AUTHN", "EMAIL_OTP"] });
        expect(pool(managed).webAuthnConfiguration).to.deep.equal({ relyingPartyId: `${baseConfig().userPoolDomain}.auth.us-east-1.amazoncognito.com`, userVerification: "preferred" });
        expect(pool(managed).emailConfiguration).to.deep.equal({ emailSendingAccount: "DEVELOPER", sourceArn: SES, fromEmailAddress: "MDAI <no-reply@acme.io>" });
        expect((managed.outputs.signIn as { passkeyRelyingParty: string }).passkeyRelyingParty).to.equal(`${baseConfig().userPoolDomain}.auth.us-east-1.amazoncognito.com`);
    });

    it("gives every browser client a style, none to machine clients, before the domain switches to managed login", () => {
        const styles = managed.ofType("aws:cognito/managedLoginBranding:ManagedLoginBranding");
        const clients = managed.ofType("aws:cognito/userPoolClient:UserPoolClient").filter((c) => !(c.inputs.allowedOauthFlows as string[]).includes("client_credentials"));
        expect(clients).to.have.length(2);
        const reg = (name: string) => managed.registrations.find((x) => x.name === name)!;
        // Each style takes its client's id: one style per browser client, by the client it depends on.
        const styled = styles.map((s) => clients.find((c) => reg(s.name).dependencies.includes(reg(c.name).urn))?.name);
        expect(styled.sort()).to.deep.equal(clients.map((c) => c.name).sort());
        expect(styles.every((s) => s.inputs.useCognitoProvidedValues === true)).to.equal(true);
        expect(domain(managed).managedLoginVersion).to.equal(2);
        expect(reg("mdai-domain").dependencies).to.include.members(styles.map((s) => reg(s.name).urn));
        // A client has at most one style: a new one can only follow the old one's deletion.
        expect(styles.every((s) => reg(s.name).deleteBeforeReplace)).to.equal(true);
        // Each login waits for its client's style (and goes before it): no host ever signs in through a client without one.
        const consoleStyle = styles.find((x) => x.name.endsWith("-app-client"))!;
        const grafanaStyle = styles.find((x) => x.name.endsWith("-app-client-grafana"))!;
        expect(reg("mdai-console-ingress").dependencies).to.include(reg(consoleStyle.name).urn);
        const grafanaLogin = managed.registrations.find((x) => x.type === "kubernetes:networking.k8s.io/v1:Ingress" && x.name.includes("grafana") && x.dependencies.includes(reg(grafanaStyle.name).urn));
        expect(grafanaLogin, "grafana's login Ingress waits for its client's style").to.not.equal(undefined);
    });

    it("refuses the same mistakes as a component, before creating anything", async () => {
        let message = "";
        await pulumi.runtime.runInPulumiStack(async () => {
            try {
                new CognitoAuth("c", { uiHostname: "mdai.acme.io", domainPrefix: "acme-login", region: "us-east-1", signIn: { featurePlan: "lite", managedLogin: {}, emailOtp: true } });
            } catch (err) {
                message = (err as Error).message;
            }
        }).catch(() => undefined);
        expect(message).to.contain("managedLogin needs the essentials feature plan or higher, but featurePlan is lite").and.contain("emailOtp needs email (SES)");
    });
});
