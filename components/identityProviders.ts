import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { IDP_GROUPS_ATTRIBUTE, IDP_GROUPS_MAX_LENGTH, IdentityProviderSettings } from "../config/federation";

/** What the IdP's discovery document says, read at deploy (wiring/federationChecks.ts); passed to Cognito as is, so it does not rediscover (and drift). */
export interface OidcEndpoints { authorizeUrl: string; tokenUrl: string; userInfoUrl: string; jwksUri: string; /** Not a provider detail: where signing out ends the IdP's session. */ endSessionUrl?: string }

/** Properties of {@link IdentityProviders}. */
export interface IdentityProvidersArgs {
    userPoolId: pulumi.Input<string>;
    /** The providers, validated (config/federation.ts). Plain values: each names its resource. */
    providers: IdentityProviderSettings[];
    /** Per SAML provider, whether Cognito ends the IdP's session at sign-out (IDPSignout). @default each provider's `signOut`, else false */
    samlSignOut?: Record<string, boolean>;
    /** Per OIDC provider, its endpoints from discovery. @default none: Cognito discovers them from the issuer */
    oidcEndpoints?: Record<string, pulumi.Input<OidcEndpoints>>;
}

/** CognitoAuth's `federation`: the providers in its pool, and whether the pool keeps its own users. */
export interface PoolFederationArgs {
    /** The providers, validated (config/federation.ts). Plain values. */
    providers: IdentityProviderSettings[];
    /** Cognito's own users and password page beside the providers. @default true */
    localUsers?: boolean;
    samlSignOut?: IdentityProvidersArgs["samlSignOut"];
    oidcEndpoints?: IdentityProvidersArgs["oidcEndpoints"];
    /**
     * Give the pool the custom attribute the IdPs' groups are mapped to. Cognito never removes a schema
     * attribute (removing it fails pulumi up), so once given, keep giving it. Plain boolean.
     * @default true when a provider has a groupsClaim
     */
    groupsAttribute?: boolean;
}

/** The pool's schema attribute for the IdPs' groups: mutable (Cognito updates it at each federated sign-in), constraints explicit (terraform-provider-aws #21654, #7502). */
export const IDP_GROUPS_SCHEMA = {
    name: IDP_GROUPS_ATTRIBUTE.slice("custom:".length), attributeDataType: "String", mutable: true, developerOnlyAttribute: false, required: false,
    stringAttributeConstraints: { minLength: "0", maxLength: String(IDP_GROUPS_MAX_LENGTH) },
};

/** The attributes every app client must be able to write: each provider's mapped ones (else Cognito refuses the federated sign-in). */
export const mappedAttributes = (providers: IdentityProviderSettings[]): string[] => [...new Set(providers.flatMap((p) => Object.keys(attributeMapping(p))))].sort();

/** Cognito's ProviderDetails for one provider: every value a string (CreateIdentityProvider). */
export function providerDetails(p: IdentityProviderSettings, samlSignOut: boolean, endpoints?: OidcEndpoints): Record<string, string> {
    if (p.type === "saml") {
        return {
            ...(p.metadataFile ? { MetadataFile: p.metadataFile.xml } : { MetadataURL: p.metadataUrl! }),
            IDPSignout: String(samlSignOut),
            // SP-initiated only: behind the ALB an unsolicited response carries none of its state (docs/identity-providers.md).
            IDPInit: "false",
        };
    }
    return {
        client_id: p.clientId,
        client_secret: p.clientSecret,
        authorize_scopes: p.scopes.join(" "),
        oidc_issuer: p.issuer,
        attributes_request_method: "GET",
        // What Cognito adds on read: given, the next pulumi up sees no difference.
        attributes_url_add_attributes: "false",
        ...(endpoints ? { authorize_url: endpoints.authorizeUrl, token_url: endpoints.tokenUrl, attributes_url: endpoints.userInfoUrl, jwks_uri: endpoints.jwksUri } : {}),
    };
}

/** Pool attribute → IdP attribute, with the groups claim mapped to {@link IDP_GROUPS_ATTRIBUTE}. */
export const attributeMapping = (p: IdentityProviderSettings): Record<string, string> =>
    ({ ...p.attributeMapping, ...(p.groupsClaim ? { [IDP_GROUPS_ATTRIBUTE]: p.groupsClaim } : {}) });

/**
 * SAML and OIDC identity providers in a user pool (one `aws.cognito.IdentityProvider` each, named
 * after the provider). A provider's name, type and pool are fixed (changing one replaces it, and
 * Cognito holds one provider of a name, so the old one goes first); everything else updates in place.
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-identity-federation.html
 */
export class IdentityProviders extends pulumi.ComponentResource {
    public readonly providers: aws.cognito.IdentityProvider[];
    /** The providers' names, once each exists: what an app client's `supportedIdentityProviders` lists. */
    public readonly names: pulumi.Output<string>[];

    constructor(name: string, args: IdentityProvidersArgs, opts?: pulumi.ComponentResourceOptions) {
        super("mdai:cognito:IdentityProviders", name, {}, opts);
        this.providers = args.providers.map((p) => {
            const signOut = args.samlSignOut?.[p.name] ?? (p.type === "saml" ? p.signOut ?? false : false);
            const endpoints = p.type === "oidc" ? args.oidcEndpoints?.[p.name] : undefined;
            const details = pulumi.output(endpoints).apply((e) => providerDetails(p, signOut, e as OidcEndpoints | undefined));
            return new aws.cognito.IdentityProvider(`${name}-${p.name}`, {
                userPoolId: args.userPoolId,
                providerName: p.name,
                providerType: p.type === "saml" ? "SAML" : "OIDC",
                // An OIDC provider's details hold its client secret.
                providerDetails: p.type === "oidc" ? pulumi.secret(details) : details,
                attributeMapping: attributeMapping(p),
                idpIdentifiers: p.idpIdentifiers.length ? p.idpIdentifiers : undefined,
            }, {
                parent: this,
                deleteBeforeReplace: true,
                additionalSecretOutputs: p.type === "oidc" ? ["providerDetails"] : [],
                // Read-only keys Cognito adds to a SAML provider's details (terraform-provider-aws #4807, #36311).
                ignoreChanges: p.type === "saml" ? ['providerDetails["ActiveEncryptionCertificate"]', 'providerDetails["SSORedirectBindingURI"]', 'providerDetails["SLORedirectBindingURI"]'] : [],
            });
        });
        this.names = this.providers.map((r) => r.providerName);
        this.registerOutputs({ names: this.names });
    }
}
