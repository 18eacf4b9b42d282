/**
 * The sign-in page and its price: `featurePlan`, `managedLogin` (and its branding), `passkeys`,
 * `emailOtp` and `email` (SES). Every value and every combination is checked here, before anything
 * exists: a feature needs its plan, passwordless sign-in needs managed login, e-mail codes need SES.
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-sign-in-feature-plans.html
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/managed-login.html
 */
import { Problem, problem } from "./errors";
import { fullKey } from "./keys";
import * as rules from "./rules";
import type { RawValue } from "./sources";
import { readBranding, ManagedLoginBranding } from "./branding";
import { SesEmail, parseEmail } from "./sesEmail";
import { AuthDomain, parseAuthDomain } from "./authDomain";
import type { DnsPlan } from "./dns";

export type { SesEmail } from "./sesEmail";
export const FEATURE_PLANS = ["lite", "essentials", "plus"] as const;
export type FeaturePlan = (typeof FEATURE_PLANS)[number];
export const PASSKEY_VERIFICATION = ["preferred", "required"] as const;

/** What each feature needs (the plans page; threat protection is Plus only); the component's checks read it too. */
export const FEATURE_NEEDS = { managedLogin: "essentials", passkeys: "essentials", emailOtp: "essentials", threatProtection: "plus" } as const satisfies Record<string, FeaturePlan>;
/** Whether `plan` offers what `needs` names (the plans are ordered). */
export const planCovers = (plan: FeaturePlan, needs: FeaturePlan) => FEATURE_PLANS.indexOf(plan) >= FEATURE_PLANS.indexOf(needs);

export interface SignIn {
    featurePlan: FeaturePlan;
    /** Managed login (version 2 of the hosted pages), and the style every browser client gets. */
    managedLogin?: { branding: ManagedLoginBranding };
    passkeys?: { userVerification: (typeof PASSKEY_VERIFICATION)[number] };
    emailOtp: boolean;
    email?: SesEmail;
    /** The sign-in pages on a name of your own. */
    authDomain?: AuthDomain;
}

export interface SignInInput {
    raw: (key: string) => RawValue | undefined;
    /** The pool is the stack's own (not `userPoolId`, not an external IdP). */
    ownPool: boolean;
    /** The stack uses a pool of Cognito's that is not its own (userPoolId). */
    existingPool: boolean;
    region?: string;
    mfa?: string;
    threatProtection?: string;
    accountRecovery?: string;
    localUsers: boolean;
    cwd: string;
    dns?: DnsPlan;
    /** The ALB's hosts, the console's first. */
    hostnames: string[];
    /** Identity providers are set: their registrations name the sign-in domain. */
    providers: boolean;
}

const set = (key: string) => (value: string) => `\`pulumi config set ${key} ${value}\``;

export function parseSignIn(i: SignInInput, problems: Problem[], warnings: string[]): SignIn {
    const { raw } = i;
    const before = problems.length;
    const on = (key: string): boolean => {
        const r = raw(key);
        if (!r) return false;
        const b = rules.parseBoolean(r.value);
        if (!rules.isCheck(b)) return b;
        problems.push(problem(fullKey(key), r.value, b.wrong, b.fix, r.origin));
        return false;
    };
    const wanted = { managedLogin: on("managedLogin"), passkeys: on("passkeys"), emailOtp: on("emailOtp"), threatProtection: (i.threatProtection ?? "off") !== "off" };
    const planRaw = raw("featurePlan")?.value.trim() || undefined;
    const emailRaw = raw("email")?.value.trim();
    const brandingRaw = raw("managedLoginBranding")?.value.trim();
    const given = [planRaw && "featurePlan", wanted.managedLogin && "managedLogin", wanted.passkeys && "passkeys", wanted.emailOtp && "emailOtp",
        emailRaw && emailRaw !== "{}" && "email", brandingRaw && brandingRaw !== "{}" && "managedLoginBranding",
        raw("authDomain")?.value.trim() && "authDomain", raw("authCertificateArn")?.value.trim() && "authCertificateArn"].filter((k): k is string => Boolean(k));
    const verificationRaw = raw("passkeyUserVerification");
    const verification = (verificationRaw?.value.trim() || "preferred") as (typeof PASSKEY_VERIFICATION)[number];
    if (verificationRaw?.value.trim() && verification !== "preferred") given.push("passkeyUserVerification");
    if (!i.ownPool) {
        // Another's pool is not ours to change; with no pool of Cognito's, these shape nothing (applicability.ts warns).
        for (const k of i.existingPool ? given : []) {
            problems.push(problem(fullKey(k), raw(k)?.value, "userPoolId names an existing pool, which the program never changes: its plan, sign-in pages, passkeys and e-mail stay as they are",
                `Remove it (\`pulumi config rm ${k}\`) and change the pool in the Cognito console, or let the stack create its own pool (remove userPoolId).`, raw(k)?.origin));
        }
        return { featurePlan: "essentials", emailOtp: false };
    }
    if (!PASSKEY_VERIFICATION.includes(verification)) {
        problems.push(problem(fullKey("passkeyUserVerification"), verification, `it must be one of ${PASSKEY_VERIFICATION.join(", ")}`,
            `Use ${set("passkeyUserVerification")("preferred")} (a fingerprint or PIN when the device has one) or required (only devices that verify the user).`, verificationRaw?.origin));
    } else if (verification !== "preferred" && !wanted.passkeys) warnings.push("passkeyUserVerification is set but ignored: passkeys is off.");

    let featurePlan: FeaturePlan;
    if (planRaw === undefined) featurePlan = wanted.threatProtection ? "plus" : "essentials";
    else if ((FEATURE_PLANS as readonly string[]).includes(planRaw)) featurePlan = planRaw as FeaturePlan;
    else {
        // The plan meant (another case), else the one the features set need.
        const meant = (FEATURE_PLANS as readonly string[]).includes(planRaw.toLowerCase()) ? planRaw.toLowerCase() : wanted.threatProtection ? "plus" : "essentials";
        problems.push(problem(fullKey("featurePlan"), planRaw, `it must be one of ${FEATURE_PLANS.join(", ")}`, `Use ${set("featurePlan")(meant)}${meant === "essentials" ? " (what AWS gives a new pool)" : ""}.`, raw("featurePlan")?.origin));
        featurePlan = "plus";
    }
    for (const [feature, needs] of Object.entries(FEATURE_NEEDS)) {
        if (!wanted[feature as keyof typeof wanted] || planCovers(featurePlan, needs)) continue;
        const value = feature === "threatProtection" ? i.threatProtection : "true";
        problems.push(problem(fullKey(feature), value, `${feature} needs the ${needs} feature plan or higher, but featurePlan is ${featurePlan}`,
            // The domain leaves managed login after the pool's plan changes in the same run: off first, then the plan.
            feature === "managedLogin" ? `Set ${set("featurePlan")(needs)}; or, to lower the plan, turn managedLogin off with one pulumi up and set featurePlan ${featurePlan} with the next (in one run the pool's plan would change before its domain leaves managed login).`
                : `Set ${set("featurePlan")(needs)}, or turn ${feature} off.`, raw(feature)?.origin ?? raw("featurePlan")?.origin));
    }
    for (const k of ["passkeys", "emailOtp"] as const) {
        if (!wanted[k]) continue;
        if (!wanted.managedLogin) {
            problems.push(problem(fullKey(k), "true", "passwordless sign-in is offered only by managed login: the classic hosted UI the ALB would send users to shows a password form alone",
                `Also set ${set("managedLogin")("true")}, or turn ${k} off.`, raw(k)?.origin));
        }
        if (i.mfa === "on") {
            problems.push(problem(fullKey(k), "true", "with mfa on every user has a second factor, and Cognito offers passwordless sign-in only to users without MFA: nobody could use it",
                `Set ${set("mfa")("optional")} (users who set up TOTP keep it), or turn ${k} off.`, raw(k)?.origin));
        }
        if (!i.localUsers) {
            problems.push(problem(fullKey(k), "true", "localUsers is false: everyone signs in at an identity provider, which Cognito's passkeys and codes never see",
                `Turn ${k} off, or set localUsers to true.`, raw(k)?.origin));
        }
    }
    const email = emailRaw && emailRaw !== "{}" ? parseEmail(raw("email")!, i.region, problems) : undefined;
    if (wanted.emailOtp && !email && !problems.some((p) => p.key.startsWith(fullKey("email")))) {
        problems.push(problem(fullKey("emailOtp"), "true", "Cognito sends sign-in codes only through Amazon SES, and the pool uses Cognito's own e-mail",
            "Set email to an SES identity of this account (`pulumi config set --path email.sesIdentityArn arn:aws:ses:…` and `--path email.from`), or turn emailOtp off.", raw("emailOtp")?.origin));
    }
    let branding: ManagedLoginBranding | undefined;
    if (brandingRaw && brandingRaw !== "{}") {
        if (!wanted.managedLogin) warnings.push("managedLoginBranding is set but ignored: managedLogin is off, and the classic hosted UI takes no branding style.");
        else branding = readBranding(raw("managedLoginBranding")!, i.cwd, problems);
    }
    if (wanted.emailOtp && i.accountRecovery === "admin-only") {
        warnings.push("emailOtp with accountRecovery admin-only: whoever reads a user's mailbox can now sign in as them with a code, a path admin-only recovery was keeping closed. " +
            "Leave emailOtp off to keep it closed (passkeys add no such path).");
    }
    if ((wanted.passkeys || wanted.emailOtp) && i.mfa === "optional") {
        warnings.push("passkeys or emailOtp with mfa optional: users who have set up TOTP keep signing in with their password and code; Cognito offers them no passwordless sign-in.");
    }
    const authDomain = parseAuthDomain({ raw, region: i.region, dns: i.dns, hostnames: i.hostnames }, problems);
    if (authDomain && i.providers) {
        warnings.push(`authDomain with identityProviders: each provider's ACS URL or redirect URI moves to https://${authDomain.domain}/… once the ALB uses it. ` +
            "Register the new one at each IdP beside the old (the plan and the identityProviders output list them) before this pulumi up, or federated sign-in fails until you do.");
    }
    if (problems.length > before) return { featurePlan, emailOtp: false };
    return {
        featurePlan, emailOtp: wanted.emailOtp, email, authDomain,
        managedLogin: wanted.managedLogin ? { branding: branding ?? { useCognitoProvidedValues: true, assets: [] } } : undefined,
        passkeys: wanted.passkeys ? { userVerification: verification } : undefined,
    };
}
