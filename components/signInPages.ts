/**
 * The pool's feature plan, its sign-in factors and e-mail, and managed login's styles: what a user
 * sees between the ALB's redirect and their first page. Every setting is sent explicitly, also when
 * off, because the provider keeps a computed value it is no longer given (`userPoolTier`,
 * `signInPolicy`, `emailConfiguration`, the domain's `managedLoginVersion`).
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-sign-in-feature-plans.html
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

import { FEATURE_NEEDS, FeaturePlan, planCovers } from "../config/signIn";

export type { FeaturePlan };

/** A managed login style: Cognito's own, or a settings document and images. */
export interface BrandingStyle {
    /** @default true when neither settings nor assets are given */
    useCognitoProvidedValues?: boolean;
    /** The settings document (JSON text), as Cognito's branding editor exports it. @default none */
    settings?: string;
    /** Images, base64. @default [] */
    assets?: { category: string; colorMode: string; extension: string; bytes: string }[];
}

/** Properties of the pool's sign-in: a group of {@link CognitoAuthArgs}. */
export interface PoolSignInArgs {
    /** @default "essentials" (what AWS gives a new pool), "plus" when threat protection is on */
    featurePlan?: FeaturePlan;
    /**
     * Managed login: the domain's version 2 and a style for every browser client (without one users see "Login
     * pages unavailable"); needs Essentials. @default undefined: the classic hosted UI
     */
    managedLogin?: { branding?: BrandingStyle };
    /** Passkeys as a first factor; relying party: the hosted-UI domain. Needs managed login. @default undefined: off */
    passkeys?: { userVerification?: "preferred" | "required" };
    /** Codes by e-mail as a first factor; needs managed login and `email`. @default false */
    emailOtp?: boolean;
    /** Send through SES (`DEVELOPER`) from a verified identity. @default Cognito's own e-mail (about 50 a day) */
    email?: { sesIdentityArn: string; from: string; replyTo?: string };
}

/** The plan a pool gets: the one given, else Essentials, or Plus for threat protection. */
export const planOf = (s: PoolSignInArgs | undefined, threat: string): FeaturePlan => s?.featurePlan ?? (threat !== "off" ? "plus" : "essentials");

/** What a component user got wrong, as sentences (the stack config's checks say the same with keys: config/signIn.ts). */
export function signInArgProblems(s: PoolSignInArgs | undefined, threat: string, mfa: string, localUsers: boolean, existingPool: boolean): string[] {
    if (!s) return [];
    if (existingPool) return Object.keys(s).length ? ["signIn is set with existingUserPool: the plan, pages, factors and e-mail are the pool's, and an existing pool is never changed. Remove signIn."] : [];
    const plan = planOf(s, threat);
    const out: string[] = [];
    const on = { managedLogin: Boolean(s.managedLogin), passkeys: Boolean(s.passkeys), emailOtp: Boolean(s.emailOtp), threatProtection: threat !== "off" };
    for (const [what, p] of Object.entries(FEATURE_NEEDS)) {
        if (on[what as keyof typeof on] && !planCovers(plan, p)) out.push(`${what} needs the ${p} feature plan or higher, but featurePlan is ${plan}. Set featurePlan to ${p}.`);
    }
    if ((s.passkeys || s.emailOtp) && !s.managedLogin) out.push("passkeys and emailOtp need managedLogin: the classic hosted UI offers only a password. Set managedLogin.");
    if ((s.passkeys || s.emailOtp) && mfa === "on") out.push("passkeys and emailOtp with mfa on: Cognito offers passwordless sign-in only to users without MFA. Set mfa to optional.");
    if ((s.passkeys || s.emailOtp) && !localUsers) out.push("passkeys and emailOtp without local users: identity providers sign everyone in. Keep local users.");
    if (s.emailOtp && !s.email) out.push("emailOtp needs email (SES): Cognito sends sign-in codes only through SES. Set email.");
    return out;
}

/**
 * The pool's inputs for its plan, factors and e-mail. PASSWORD always stays a first factor: invited users
 * sign in first with their temporary password.
 * @param relyingPartyId the hosted-UI domain's host, where passkeys are registered
 */
export function poolSignInInputs(s: PoolSignInArgs | undefined, threat: pulumi.Input<string>, relyingPartyId: pulumi.Input<string>): Partial<aws.cognito.UserPoolArgs> {
    const factors = ["PASSWORD", ...(s?.passkeys ? ["WEB_AUTHN"] : []), ...(s?.emailOtp ? ["EMAIL_OTP"] : [])];
    return {
        userPoolTier: pulumi.output(threat).apply((t) => planOf(s, t).toUpperCase()),
        signInPolicy: { allowedFirstAuthFactors: factors },
        webAuthnConfiguration: s?.passkeys ? { relyingPartyId, userVerification: s.passkeys.userVerification ?? "preferred" } : undefined,
        emailConfiguration: s?.email
            ? { emailSendingAccount: "DEVELOPER", sourceArn: s.email.sesIdentityArn, fromEmailAddress: s.email.from, replyToEmailAddress: s.email.replyTo }
            : { emailSendingAccount: "COGNITO_DEFAULT" },
    };
}

export interface ManagedLoginStylesArgs {
    userPoolId: pulumi.Input<string>;
    /** Every browser client, by a stable key (its resource name's suffix). */
    clients: Record<string, pulumi.Input<string>>;
    style: BrandingStyle;
}

/**
 * A managed login style for each browser client. The domain waits for them (it switches to version 2
 * only once every client has its style); a style is replaced delete-first, because a client has at most
 * one (CreateManagedLoginBranding refuses a second).
 */
export class ManagedLoginStyles extends pulumi.ComponentResource {
    public readonly styles: aws.cognito.ManagedLoginBranding[];
    /** Each client's style, by the key it was given under. */
    public readonly byClient: Record<string, aws.cognito.ManagedLoginBranding> = {};

    constructor(name: string, args: ManagedLoginStylesArgs, opts?: pulumi.ComponentResourceOptions) {
        super("mdai:cognito:ManagedLoginStyles", name, {}, opts);
        const own = args.style.useCognitoProvidedValues ?? (!args.style.settings && !args.style.assets?.length);
        this.styles = Object.entries(args.clients).map(([key, clientId]) => new aws.cognito.ManagedLoginBranding(`${name}-${key}`, {
            userPoolId: args.userPoolId,
            clientId,
            useCognitoProvidedValues: own,
            settings: own ? undefined : args.style.settings ?? "{}",
            assets: own ? undefined : args.style.assets,
        }, { parent: this, deleteBeforeReplace: true }));
        Object.keys(args.clients).forEach((key, n) => { this.byClient[key] = this.styles[n]; });
        this.registerOutputs({});
    }
}
