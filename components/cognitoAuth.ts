import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as urls from "./cognitoUrls";
import { checkCognitoAuthArgs } from "./validateArgs";
import { AllowedGroupsGate } from "./allowedGroupsGate";
import { RemovalSignOut } from "./removalSignOut";
import { poolUsers } from "./poolUsers";
import { appClient } from "./appClient";
import { gateLists, ownClientName } from "../config/gateConfig";
import { ManagedLoginStyles, poolSignInInputs } from "./signInPages";
import { poolDomains } from "./poolDomains";
import type { SignInDomain } from "./signInDomain";
import { IDP_GROUPS_SCHEMA, IdentityProviders, mappedAttributes } from "./identityProviders";

// The arguments live beside the class, as CDK keeps a construct's props: one file each.
export type { CognitoAuthArgs } from "./cognitoAuthArgs";
import type { CognitoAuthArgs } from "./cognitoAuthArgs";

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
            ...poolSignInInputs(args.signIn, threat, args.customDomain && (args.customDomain.passkeysOnIt ?? args.customDomain.use ?? Boolean(args.customDomain.zone)) ? args.customDomain.domain
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
        this.clientId = this.loginClientId();
        this.clientSecret = pulumi.secret(this.client.clientSecret);
        // Read from the domain resources so consumers wait until the pages serve; a domain of your own once it does.
        const prefixDomain = this.domain ? this.domain.domain : pulumi.output(args.domainPrefix);
        this.domainPrefix = this.customDomain && (args.customDomain?.use ?? Boolean(args.customDomain?.zone)) ? this.customDomain.ready : prefixDomain;
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
     * The id of the client app `key` signs in with (its own, else the shared one) for a login to use: with managed login,
     * known once the client's style exists, so a login never sends users to a client without one, and is removed before it.
     */
    public loginClientId(key?: string): pulumi.Output<string> {
        const own = key !== undefined && this.ownClients[key];
        const client = own || this.client;
        const style = this.managedLogin?.byClient[own ? `app-client-${key}` : "app-client"];
        return style ? pulumi.all([client.id, style.id]).apply(([id]) => id) : client.id;
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
