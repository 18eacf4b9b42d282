/**
 * The validated sign-in settings as the pool's arguments, and as the stack output that says what a
 * user meets at sign-in (the plan's "Sign-in pages" row and its cost estimate read it).
 */
import * as aws from "@pulumi/aws";
import type { Settings } from "../config/validate";
import type { PoolSignInArgs } from "../components/signInPages";
import { ConfigError, problem } from "../config/errors";
import { fullKey } from "../config/keys";
import { isPlaceholder } from "../config/placeholders";
import { arnAccount } from "../config/rules";

/** What a user meets at sign-in, and the plan the pool is billed on (a stack output). */
export interface SignInOutput {
    featurePlan: string;
    /** "managed login" (with "Cognito's style" or "a style from <file>") or "the classic hosted UI". */
    pages: string;
    /** First factors offered, besides the password. */
    passwordless: string[];
    /** Who sends the pool's e-mail. */
    email: string;
    /** Where passkeys are registered (the hosted-UI domain), with passkeys. */
    passkeyRelyingParty?: string;
}

/** The stack creates the pool, so its plan, pages and e-mail are the stack's to set. */
const ownsPool = (s: Settings) => s.decision.idp === "cognito-pool" && !s.existingUserPoolId;

/** The pool's sign-in arguments: none for a pool the stack does not own. */
export function poolSignIn(s: Settings): PoolSignInArgs | undefined {
    if (!ownsPool(s)) return undefined;
    const x = s.signIn;
    const b = x.managedLogin?.branding;
    return {
        featurePlan: x.featurePlan,
        managedLogin: x.managedLogin && { branding: b && { useCognitoProvidedValues: b.useCognitoProvidedValues, settings: b.settings, assets: b.assets.map(({ category, colorMode, extension, bytes }) => ({ category, colorMode, extension, bytes })) } },
        passkeys: x.passkeys,
        emailOtp: x.emailOtp || undefined,
        email: x.email && { sesIdentityArn: x.email.sesIdentityArn, from: x.email.from, replyTo: x.email.replyTo },
    };
}

export function signInOutput(s: Settings, hostedUiHost: string | undefined): SignInOutput | undefined {
    if (!ownsPool(s)) return undefined;
    const x = s.signIn;
    const b = x.managedLogin?.branding;
    const style = !b || b.useCognitoProvidedValues ? "Cognito's style" : `a style from ${[b.settingsFile, ...b.assets.map((a) => a.file)].filter(Boolean).join(", ")}`;
    return {
        featurePlan: x.featurePlan,
        pages: x.managedLogin ? `managed login, ${style}` : "the classic hosted UI",
        passwordless: [...(x.passkeys ? [`passkeys (user verification ${x.passkeys.userVerification})`] : []), ...(x.emailOtp ? ["codes by e-mail"] : [])],
        email: x.email ? `Amazon SES, from ${x.email.from} (${x.email.sesIdentityArn})` : "Cognito's own e-mail (about 50 messages a day)",
        passkeyRelyingParty: x.passkeys ? hostedUiHost : undefined,
    };
}

/**
 * Before anything is created: the SES identity is in the account the stack deploys to (Cognito sends through its
 * service-linked role, which reaches this account's identities only). Offline the account is not known: said at deploy.
 */
export async function checkSesAccount(s: Settings, provider: () => aws.Provider): Promise<void> {
    const e = s.signIn.email;
    if (!e || !ownsPool(s)) return;
    const account = (await aws.getCallerIdentity({}, { provider: provider() })).accountId;
    const theirs = arnAccount(e.sesIdentityArn);
    if (isPlaceholder(account) || account === theirs) return;
    throw new ConfigError([problem(`${fullKey("email")}.sesIdentityArn`, e.sesIdentityArn, `the identity is in account ${theirs}, but the stack deploys to ${account}, and Cognito sends only through identities of its own account`,
        `Verify the identity in SES in account ${account} and use that ARN.`)]);
}
