import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as urls from "./cognitoUrls";
import { checkCognitoAuthArgs } from "./validateArgs";
import { AllowedGroupsGate } from "./allowedGroupsGate";
import { RemovalSignOut } from "./removalSignOut";
import { poolUsers } from "./poolUsers";
import { OwnClient, appClient } from "./appClient";
import { gateLists, ownClientName } from "../config/gateConfig";
import { ManagedLoginStyles, PoolSignInArgs, poolSignInInputs } from "./signInPages";
import { CustomDomainArgs, poolDomains } from "./poolDomains";
import type { SignInDomain } from "./signInDomain";
import { IDP_GROUPS_SCHEMA, IdentityProviders, PoolFederationArgs, mappedAttributes } from "./identityProviders";

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

/** A Cognito user pool, app client, hosted-UI domain and invited users, ready for ALB authentication. */
export class CognitoAuth extends pulumi.ComponentResource {
    /** The pool the component created; undefined for an existing one. */
    public readonly userPool?: aws.cognito.UserPool;
    public readonly client: aws.cognito.UserPoolClient;
    /** Each app's own client, by `key`. */
    public readonly ownClients: Record<string, aws.cognito.UserPoolClient> = {};
    /** The hosted-UI domain it created; undefined when the pool had one. */
    public readonly domain?: aws.cognito.UserPoolDomain;
    public readonly users: aws.cognito.User[];
    public readonly groups: aws.cognito.UserGroup[];
    /** The allowed-groups gate, when the pool has one. */
    public readonly gate?: AllowedGroupsGate;
    /** Signs removed users out before they are deleted, when there are users. */
    public readonly removalSignOut?: RemovalSignOut;
    /** The corporate identity providers, when there are any. */
    public readonly identityProviders?: IdentityProviders;
    /** Each browser client's managed login style, with managed login. */
    public readonly managedLogin?: ManagedLoginStyles;
    /** The sign-in domain of your own, when given. */
    public readonly customDomain?: SignInDomain;

    public readonly userPoolId: pulumi.Output<string>;
    public readonly userPoolArn: pulumi.Output<string>;
    public readonly clientId: pulumi.Output<string>;
    /** Secret. */
    public readonly clientSecret: pulumi.Output<string>;
    /** Where users sign in: the prefix, or the domain of your own once it serves (the ALB's `userPoolDomain` takes either). */
    public readonly domainPrefix: pulumi.Output<string>;
    public readonly region: pulumi.Output<string>;
    public readonly hostedUiUrl: pulumi.Output<string>;
    public readonly issuer: pulumi.Output<string>;
    public readonly authorizationEndpoint: pulumi.Output<string>;
    public readonly tokenEndpoint: pulumi.Output<string>;
    public readonly userInfoEndpoint: pulumi.Output<string>;
    /** Cognito's /logout for this client: ends the hosted-UI session and returns to the first of `signOutUrls`. */
    public readonly logoutUrl: pulumi.Output<string>;

    constructor(name: string, args: CognitoAuthArgs, opts?: pulumi.ComponentResourceOptions) {
        super("mdai:cognito:CognitoAuth", name, {}, opts);
        checkCognitoAuthArgs(name, args);
        const retain = args.retainUserPool ?? true;
        const scopes = args.scopes ?? [...urls.ALB_SCOPES];
        const mfa = pulumi.output(args.mfa ?? "optional");
        const threat = pulumi.output(args.threatProtection ?? "off");
        const tokenMinutes = args.tokenValidityMinutes ?? 15;
        const hostname = pulumi.output(args.uiHostname).apply((h) => h.toLowerCase());
        const hostnames = [hostname, ...(args.otherHostnames ?? []).map((h) => pulumi.output(h).apply((x) => x.toLowerCase()))];
        const signOutUrls = args.signOutUrls?.length ? args.signOutUrls.map((u) => pulumi.output(u)) : [hostname.apply(urls.consoleUrl)];
        this.region = args.region !== undefined ? pulumi.output(args.region) : aws.getRegionOutput({}, { parent: this }).region;

        const allowed = args.allowedGroups ?? [];
        const own = args.ownClients ?? [];
        const clientName = pulumi.output(args.appClientName ?? "mdai-app-client");
        const ownName = (key: string) => clientName.apply((n) => ownClientName(n, key));
        const lists = clientName.apply((shared) => gateLists(shared, allowed, own));
        // The gate goes first: the pool names its function.
        const existing = args.existingUserPool;
        const groupsAttribute = !existing && (args.federation?.groupsAttribute ?? Boolean(args.federation?.providers.some((p) => p.groupsClaim)));
        this.gate = !existing && (allowed.length || own.some((c) => c.allowedGroups.length) || args.keepGate)
            ? new AllowedGroupsGate(`${name}-allowed-groups-gate`, { allowed: lists, region: this.region, retainOnDelete: retain }, { parent: this })
            : undefined;

        this.userPool = existing ? undefined : new aws.cognito.UserPool(`${name}-user-pool`, {
            name: args.userPoolName ?? "mdai-user-pool",
            // Username settings are fixed at creation (changing them replaces the pool).
            usernameAttributes: ["email"],
            usernameConfiguration: { caseSensitive: false },
            autoVerifiedAttributes: ["email"],
            adminCreateUserConfig: { allowAdminCreateUserOnly: pulumi.output(args.selfSignUp ?? false).apply((s) => !s) },
            passwordPolicy: {
                minimumLength: args.passwordMinimumLength ?? 12,
                requireLowercase: true,
                requireUppercase: true,
                requireNumbers: true,
                requireSymbols: true,
                temporaryPasswordValidityDays: args.temporaryPasswordValidityDays ?? 7,
            },
            mfaConfiguration: mfa.apply((m) => m.toUpperCase()),
            softwareTokenMfaConfiguration: mfa.apply((m) => (m === "off" ? undefined : { enabled: true })),
            accountRecoverySetting: {
                recoveryMechanisms: [{ name: pulumi.output(args.accountRecovery ?? "email").apply((a) => (a === "email" ? "verified_email" : "admin_only")), priority: 1 }],
            },
            // Passkeys belong to the domain users see.
            ...poolSignInInputs(args.signIn, threat, args.customDomain && args.customDomain.use !== false ? args.customDomain.domain
                : pulumi.all([pulumi.output(args.domainPrefix), this.region]).apply(([d, r]) => new URL(urls.hostedUiBaseUrl(d, r)).host)),
            userPoolAddOns: threat.apply((t) => (t === "off" ? undefined : { advancedSecurityMode: t.toUpperCase() })),
            deletionProtection: retain ? "ACTIVE" : "INACTIVE",
            // V1_0 is a basic feature: no paid tier needed to refuse tokens.
            lambdaConfig: this.gate && !args.detachGate ? { preTokenGenerationConfig: { lambdaArn: this.gate.functionArn, lambdaVersion: "V1_0" } } : undefined,
            schemas: groupsAttribute ? [IDP_GROUPS_SCHEMA] : undefined,
            tags: args.tags,
        }, { parent: this, retainOnDelete: retain });
        const poolId = existing ? pulumi.output(existing.id) : this.userPool!.id;
        const poolArn = existing ? pulumi.output(existing.arn) : this.userPool!.arn;
        this.gate?.allowInvocationFrom(`${name}-allowed-groups-gate-invoke`, poolArn);

        // Whenever there is a gate, so that an app's own list, added later, does not wait for IAM to allow the lookup.
        this.gate?.allowClientListing(`${name}-allowed-groups-gate-list-clients`, poolArn);

        const fed = args.federation;
        this.identityProviders = fed?.providers.length ? new IdentityProviders(`${name}-idp`, { userPoolId: poolId, providers: fed.providers,
            samlSignOut: fed.samlSignOut, oidcEndpoints: fed.oidcEndpoints }, { parent: this }) : undefined;
        const settings = { userPoolId: poolId, scopes, tokenMinutes, refreshTokenMinutes: args.refreshTokenValidityMinutes ?? 1440,
            preventUserExistenceErrors: args.preventUserExistenceErrors ?? true, tokenRevocation: args.tokenRevocation ?? true,
            identityProviders: [...(fed?.localUsers === false ? [] : ["COGNITO"]), ...(this.identityProviders?.names ?? [])],
            writeAttributes: fed?.providers.length ? mappedAttributes(fed.providers) : undefined };
        this.client = appClient(`${name}-app-client`, clientName, hostnames, signOutUrls, settings, { parent: this });
        for (const c of own) {
            const host = pulumi.output(c.hostname).apply((h) => h.toLowerCase());
            this.ownClients[c.key] = appClient(`${name}-app-client-${c.key}`, ownName(c.key), [host], [c.signOutUrl ?? host.apply(urls.consoleUrl)], settings, { parent: this });
        }

        const clients = { "app-client": this.client.id, ...Object.fromEntries(Object.entries(this.ownClients).map(([k, c]) => [`app-client-${k}`, c.id])) };
        ({ styles: this.managedLogin, prefix: this.domain, custom: this.customDomain } = poolDomains(name, {
            userPoolId: poolId, clients, prefix: args.createDomain === false ? undefined : args.domainPrefix,
            managedLogin: existing ? undefined : args.signIn?.managedLogin, custom: existing ? undefined : args.customDomain,
        }, this));

        ({ users: this.users, groups: this.groups, removalSignOut: this.removalSignOut } = poolUsers(name, {
            users: args.users ?? [], groups: args.groups ?? {}, signOutRemovedUsers: args.signOutRemovedUsers ?? true, userPoolId: poolId, userPoolArn: poolArn, region: this.region,
            poolKey: args.poolKey ?? (existing ? String(existing.id) : "own"),
        }, this));

        this.userPoolId = poolId;
        this.userPoolArn = poolArn;
        this.clientId = this.client.id;
        this.clientSecret = pulumi.secret(this.client.clientSecret);
        // Read from the domain resources so consumers wait until the pages serve; a domain of your own once it does.
        const prefixDomain = this.domain ? this.domain.domain : pulumi.output(args.domainPrefix);
        this.domainPrefix = this.customDomain && args.customDomain?.use !== false ? this.customDomain.ready : prefixDomain;
        this.hostedUiUrl = pulumi.all([this.domainPrefix, this.region]).apply(([d, r]) => urls.hostedUiBaseUrl(d, r));
        const endpoints = pulumi.all([this.hostedUiUrl, this.region, this.userPoolId]).apply(([b, r, id]) => urls.oidcEndpoints(b, r, id));
        this.issuer = endpoints.issuer;
        this.authorizationEndpoint = endpoints.authorizationEndpoint;
        this.tokenEndpoint = endpoints.tokenEndpoint;
        this.userInfoEndpoint = endpoints.userInfoEndpoint;
        this.logoutUrl = this.logoutUrlFor(signOutUrls[0]);

        this.registerOutputs({
            userPoolId: this.userPoolId, userPoolArn: this.userPoolArn, clientId: this.clientId, clientSecret: this.clientSecret,
            domainPrefix: this.domainPrefix, hostedUiUrl: this.hostedUiUrl, issuer: this.issuer, logoutUrl: this.logoutUrl,
        });
    }

    /**
     * Cognito's /logout returning to `returnTo`, which must be one of the sign-out URLs of the client
     * app `key` signs in with: its own, when it has one, else the shared one.
     */
    public logoutUrlFor(returnTo: pulumi.Input<string>, key?: string): pulumi.Output<string> {
        const clientId = (key !== undefined && this.ownClients[key]?.id) || this.clientId;
        return pulumi.all([this.hostedUiUrl, clientId, returnTo]).apply(([b, c, u]) => urls.logoutUrl(b, c, u));
    }
}
