import { expect } from "chai";
import { EXTERNAL_IDP, MOCK_CLIENT_SECRET, RunOptions, RunResult, baseConfig, isSecretInput, reveal, runStack } from "./harness";

const POOL = "aws:cognito/userPool:UserPool";
const CLIENT = "aws:cognito/userPoolClient:UserPoolClient";
const USER = "aws:cognito/user:User";
const SECRET = "kubernetes:core/v1:Secret";

const reg = (r: RunResult, type: string) => r.registrations.filter((x) => x.type === type);

describe("the user pool survives", () => {
    it("keeps the pool when the stack is destroyed (deletion protection + retainOnDelete)", async () => {
        const r = await runStack({ config: { ...baseConfig(), users: '["alice@example.com"]' } });
        expect(r.one(POOL).inputs.deletionProtection).to.equal("ACTIVE");
        expect(reg(r, POOL).map((x) => x.retainOnDelete)).to.deep.equal([true]);
        expect(r.warnings().join()).not.to.contain("userPoolRetention");
    });

    it("deletes it with the stack only on userPoolRetention delete, with a warning", async () => {
        const r = await runStack({ config: { ...baseConfig(), users: '["alice@example.com"]', userPoolRetention: "delete" } });
        expect(r.one(POOL).inputs.deletionProtection).to.equal("INACTIVE");
        expect(reg(r, POOL).map((x) => x.retainOnDelete)).to.deep.equal([false]);
        expect(r.warnings().join()).to.contain("userPoolRetention is delete");
    });

    it("deletes a user removed from users (revoking access) and says so at plan time", async () => {
        const r = await runStack({ config: { ...baseConfig(), users: '["alice@example.com"]' } });
        expect(reg(r, USER).map((x) => x.retainOnDelete)).to.deep.equal([undefined]);
        expect(r.logs.map((l) => l.message).join()).to.contain("removing an address from users signs that user out everywhere, then deletes them");
    });
});

describe("secure Cognito defaults, each with a key", () => {
    it("turns each default into its less or more strict setting, warning on every weakening", async () => {
        const r = await runStack({ config: {
            ...baseConfig(), sessionTimeout: "28800", mfa: "off", passwordMinimumLength: "8", temporaryPasswordValidityDays: "14", tokenValidityMinutes: "120",
            accountRecovery: "admin-only", tokenRevocation: "false", preventUserExistenceErrors: "false", selfSignUp: "true", threatProtection: "enforced",
        } });
        const pool = r.one(POOL).inputs;
        expect(pool.mfaConfiguration).to.equal("OFF");
        expect(pool.softwareTokenMfaConfiguration).to.equal(undefined);
        expect(pool.passwordPolicy).to.include({ minimumLength: 8, temporaryPasswordValidityDays: 14 });
        expect(pool.accountRecoverySetting).to.deep.equal({ recoveryMechanisms: [{ name: "admin_only", priority: 1 }] });
        expect(pool.adminCreateUserConfig).to.deep.equal({ allowAdminCreateUserOnly: false });
        expect(pool.userPoolTier).to.equal("PLUS");
        expect(pool.userPoolAddOns).to.deep.equal({ advancedSecurityMode: "ENFORCED" });
        const client = r.one(CLIENT).inputs;
        expect(client).to.include({ enableTokenRevocation: false, preventUserExistenceErrors: "LEGACY", idTokenValidity: 120, accessTokenValidity: 120, refreshTokenValidity: 480 });
        const warnings = r.warnings().join("\n");
        for (const key of ["mfa is off", "passwordMinimumLength is 8", "temporaryPasswordValidityDays is 14", "tokenValidityMinutes is 120", "tokenRevocation is false", "preventUserExistenceErrors is false", "selfSignUp is true"]) {
            expect(warnings).to.contain(key);
        }
    });

    it("derives refresh-token lifetime from the ALB session unless set, never below the ID-token lifetime", async () => {
        const lifetime = async (config: Record<string, string>) => (await runStack({ config: { ...baseConfig(), ...config } })).one(CLIENT).inputs.refreshTokenValidity;
        expect(await lifetime({ refreshTokenValidityMinutes: "720" })).to.equal(720);
        expect(await lifetime({ sessionTimeout: "600" })).to.equal(60);
        expect(await lifetime({ sessionTimeout: "600", tokenValidityMinutes: "90" })).to.equal(90);
    });
});

describe("the client secret never leaks", () => {
    const modes: [string, RunOptions][] = [
        ["cognito", { config: baseConfig() }],
        ["oidc against the pool", { config: baseConfig("ap-southeast-7") }],
        ["oidc against an external IdP", { config: { ...baseConfig(), userPoolDomain: "", oidc: JSON.stringify(EXTERNAL_IDP) }, secretKeys: ["oidc"] }],
        ["none", { config: { ...baseConfig(), authMode: "none" } }],
    ];
    for (const [mode, opts] of modes) {
        it(`appears in no output, annotation, log line or non-Secret manifest (${mode})`, async () => {
            const r = await runStack(opts);
            const visible = [
                JSON.stringify(r.outputs),
                JSON.stringify(r.logs),
                ...r.resources.filter((x) => x.type !== SECRET).map((x) => JSON.stringify(reveal(x.inputs))),
            ].join("\n");
            for (const secret of [MOCK_CLIENT_SECRET, EXTERNAL_IDP.clientSecret]) expect(visible).not.to.contain(secret);
            for (const s of r.ofType(SECRET)) expect(isSecretInput(s.inputs.stringData), "Secret data is a Pulumi secret").to.equal(true);
        });
    }
});

describe("no path around the login", () => {
    for (const [mode, opts] of [["cognito", baseConfig()], ["oidc", baseConfig("ap-southeast-7")], ["none", { ...baseConfig(), authMode: "none" }]] as const) {
        it(`redirects port 80 to HTTPS with a certificate in ${mode} mode`, async () => {
            const r = await runStack({ config: opts });
            const a = r.ingress().inputs.metadata.annotations;
            expect(a["alb.ingress.kubernetes.io/ssl-redirect"]).to.equal("443");
            expect(JSON.parse(a["alb.ingress.kubernetes.io/listen-ports"])).to.deep.equal([{ HTTP: 80 }, { HTTPS: 443 }]);
            expect(a["alb.ingress.kubernetes.io/certificate-arn"]).to.match(/^arn:aws:acm:/);
            if (mode !== "none") expect(a["alb.ingress.kubernetes.io/auth-on-unauthenticated-request"]).to.equal("authenticate");
        });
    }
});
