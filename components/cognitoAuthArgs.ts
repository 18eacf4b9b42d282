/** The arguments of {@link CognitoAuth} (components/cognitoAuth.ts), each with its default. */
import type * as pulumi from "@pulumi/pulumi";
import type { OwnClient } from "./appClient";
import type { PoolSignInArgs } from "./signInPages";
import type { CustomDomainArgs } from "./poolDomains";
import type { PoolFederationArgs } from "./identityProviders";

/**
 * Properties of a {@link CognitoAuth}. Every setting is chosen for an ALB in front of a web UI:
 * admin-invited users only, e-mail as username, a client with a secret and the code flow.
 */
export interface CognitoAuthArgs {
    /**
     * Public hostname of the protected UI. The app client's callback becomes
     * `https://<hostname lowercased>/oauth2/idpresponse`.
     * @see https://docs.aws.amazon.com/elasticloadbalancing/latest/application/listener-authenticate-users.html
     */
    uiHostname: pulumi.Input<string>;
    /**
     * More hostnames behind the same ALB and login (one app client serves them all): each adds its
     * callback URL. @default []
     */
    otherHostnames?: pulumi.Input<string>[];
    /**
     * The app client's allowed sign-out URLs (`logoutUrls`): where Cognito's /logout may return to.
     * Give it each host's public signed-out page when the ALB signs users out (it must not require
     * a login); the first is where `logoutUrl` returns.
     * @default [`https://<uiHostname>/`]
     */
    signOutUrls?: pulumi.Input<string>[];
    /**
     * Hosted-UI domain prefix: lowercase letters, digits and inner hyphens, no `aws`, `amazon`
     * or `cognito`, unique in the region. Changing it replaces the domain (users are kept).
     * @see https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-assign-domain-prefix.html
     */
    domainPrefix: pulumi.Input<string>;
    /**
     * Region of the pool, used to build its URLs. It must be the region of the AWS provider.
     * @default the region of the AWS provider passed in `opts` (an `aws:getRegion` call)
     */
    region?: pulumi.Input<string>;
    /**
     * Name of the user pool. Changing it replaces the pool, which deletes every user.
     * @default "mdai-user-pool"
     */
    userPoolName?: pulumi.Input<string>;
    /** @default "mdai-app-client" */
    appClientName?: pulumi.Input<string>;
    /**
     * E-mail addresses to invite; each gets an e-mail with a temporary password. Plain strings,
     * because each user's resource name is derived from its address. Removing one deletes that user.
     * @default [] (invite users later with `createUserCommand`)
     */
    users?: string[];
    /**
     * Sign each user in `users` out everywhere before deleting them ({@link RemovalSignOut}): Cognito
     * then refuses their refresh tokens, so their ALB session ends when the access token expires
     * (`tokenValidityMinutes`). Turning it off later signs every user out once (each user's
     * invocation is deleted). Plain boolean. @default true
     */
    signOutRemovedUsers?: boolean;
    /**
     * Cognito groups and their members' e-mail addresses. A member must be one of `users` or
     * already exist in the pool. Removing a member takes them out of the group at the next update.
     * @default {}
     */
    groups?: Record<string, string[]>;
    /**
     * Only members of these groups get tokens: a pre token generation trigger
     * ({@link AllowedGroupsGate}) fails sign-in and every token refresh for anyone else, so a user
     * taken out of the groups loses access when the ALB next refreshes (each time the access token
     * expires). @default [] (every user of the pool)
     */
    allowedGroups?: string[];
    /**
     * Apps that get an app client of their own (`<appClientName>-<key>`), each with its own list of
     * allowed groups, which wins over `allowedGroups` for that app: the gate tells the apps apart
     * by their client. Their hosts are not in `otherHostnames`. Not with `existingUserPool`.
     * @default []
     */
    ownClients?: OwnClient[];
    /**
     * Keep the gate (its function open, and its trigger unless `detachGate`) once no list names a group: a trigger
     * whose function is gone fails every sign-in, and `lambdaConfig` is Optional while its trigger fields are
     * Optional+Computed (terraform-provider-aws user_pool.go), so a trigger dropped from a `lambdaConfig` that stays
     * is kept (#38617, #45529). Plain boolean. @default false
     */
    keepGate?: boolean;
    /**
     * Leave the gate's trigger out of the pool while keeping its function (with `keepGate` and no list naming a group):
     * sent without `lambdaConfig`, the pool is updated with no trigger (UpdateUserPool resets what it is not given),
     * and the function, open, still answers if the trigger stays. Plain boolean. @default false
     */
    detachGate?: boolean;
    /**
     * Which pool the users are in, as a plain string that changes whenever they move to another pool (another
     * existing pool, or the stack's own in another region): it names the sign-out function's permission for
     * that pool, so the old pool's permission outlives the run that signs its users out ({@link RemovalSignOut}).
     * @default the existing pool's ID, else "own"
     */
    poolKey?: string;
    /**
     * An existing user pool to add the app client to instead of creating one; the component never
     * changes or deletes it (no gate, no pool settings). @default undefined (a pool is created)
     */
    existingUserPool?: { id: pulumi.Input<string>; arn: pulumi.Input<string> };
    /**
     * Create the hosted-UI domain `domainPrefix`. Give `false` for an existing pool that has its
     * domain already; `domainPrefix` is then that domain. @default true
     */
    createDomain?: boolean;
    /** Tags of the pool the component creates. @default {} */
    tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
    /**
     * OAuth scopes the client allows; they must cover the ALB's `auth-scope`.
     * @default ["openid", "email"]
     */
    scopes?: string[];
    /** TOTP multi-factor authentication. @default "optional" */
    mfa?: pulumi.Input<"off" | "optional" | "on">;
    /** Minimum password length; lowercase, uppercase, digits and symbols are always required. @default 12 */
    passwordMinimumLength?: pulumi.Input<number>;
    /** Days an invitation's temporary password is valid. @default 7 */
    temporaryPasswordValidityDays?: pulumi.Input<number>;
    /**
     * Lifetime of ID and access tokens in minutes. The ALB refreshes its session each time the access
     * token expires, so this bounds how long a removed user keeps an open session. @default 15
     */
    tokenValidityMinutes?: pulumi.Input<number>;
    /** Lifetime of refresh tokens in minutes (Cognito's minimum is 60). @default 1440 */
    refreshTokenValidityMinutes?: pulumi.Input<number>;
    /**
     * How users recover a forgotten password: by a code sent to their verified e-mail, or only
     * through an administrator. @default "email"
     */
    accountRecovery?: pulumi.Input<"email" | "admin-only">;
    /** Signing out revokes refresh tokens. @default true */
    tokenRevocation?: pulumi.Input<boolean>;
    /** Sign-in and recovery errors do not reveal whether an account exists. @default true */
    preventUserExistenceErrors?: pulumi.Input<boolean>;
    /** Let anyone sign up on the hosted UI. @default false (only administrators create users) */
    selfSignUp?: pulumi.Input<boolean>;
    /**
     * Cognito threat protection (advanced security). Anything but `off` selects the billed Plus tier.
     * @default "off"
     * @see https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pool-settings-threat-protection.html
     */
    threatProtection?: pulumi.Input<"off" | "audit" | "enforced">;
    /**
     * Keep the pool when the stack is destroyed: turns on Cognito deletion protection and Pulumi's
     * `retainOnDelete`. Users in `users` are not retained, so that removing an address revokes
     * access. Plain boolean, since it is a resource option.
     * @default true
     */
    retainUserPool?: boolean;
    /**
     * Corporate SAML and OIDC identity providers in the pool, and whether it keeps its own users
     * ({@link IdentityProviders}). Not with `existingUserPool`. @default none: the pool's own users only
     */
    federation?: PoolFederationArgs;
    /**
     * The feature plan, managed login and its style, passkeys, e-mail codes and SES e-mail ({@link PoolSignInArgs}).
     * Not with `existingUserPool`. @default Essentials, the classic hosted UI, passwords only, Cognito's own e-mail
     */
    signIn?: PoolSignInArgs;
    /** A sign-in domain of your own beside the prefix domain ({@link CustomDomainArgs}). Not with `existingUserPool`. @default none */
    customDomain?: CustomDomainArgs;
}
