/**
 * A pool's sign-in pages: each browser client's managed login style, the prefix domain and, when
 * given, a sign-in domain of your own. Styles come first: a domain on managed login shows "Login pages
 * unavailable" to the users of a client without one.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { BrandingStyle, ManagedLoginStyles } from "./signInPages";
import { SignInDomain, SignInDomainArgs } from "./signInDomain";

/** A sign-in domain of your own, beside the prefix domain (a group of {@link CognitoAuthArgs}). */
export interface CustomDomainArgs {
    /** e.g. `auth.example.org`. Plain: it names the records and the passkeys' relying party. */
    domain: string;
    /** An ACM certificate in us-east-1 covering `domain`. */
    certificateArn: pulumi.Input<string>;
    /** Its alias record in this hosted zone. @default none: yours to create (the `target` output says where to) */
    zone?: SignInDomainArgs["zone"];
    /**
     * The ALB, the sign-out and every URL use it: only once it serves (its record exists and resolves), else
     * users are sent to a name that does not answer yet. @default true with `zone` (the record follows the domain), else false
     */
    use?: boolean;
    /**
     * Passkeys belong to it (their relying party), which can hold while the ALB uses the prefix for a run (the domain serves, its
     * record is about to move). @default `use`
     */
    passkeysOnIt?: boolean;
    /** What the domain waits for: its parent's record, when the parent is written in this run. @default none */
    dependsOn?: pulumi.Input<pulumi.Input<pulumi.Resource>[]>;
}

export interface PoolDomainsArgs {
    userPoolId: pulumi.Output<string>;
    /** Every browser client by a stable key. */
    clients: Record<string, pulumi.Input<string>>;
    /** The prefix domain to create; undefined: the pool has its domain already. */
    prefix?: pulumi.Input<string>;
    /** Managed login's style, when on. */
    managedLogin?: { branding?: BrandingStyle };
    custom?: CustomDomainArgs;
}

export interface PoolDomains {
    styles?: ManagedLoginStyles;
    prefix?: aws.cognito.UserPoolDomain;
    custom?: SignInDomain;
}

export function poolDomains(name: string, a: PoolDomainsArgs, parent: pulumi.Resource): PoolDomains {
    const styles = a.managedLogin ? new ManagedLoginStyles(`${name}-managed-login`, { userPoolId: a.userPoolId, clients: a.clients, style: a.managedLogin.branding ?? {} }, { parent }) : undefined;
    // Sent also when off: the provider keeps a computed version it is no longer given.
    const version = styles ? 2 : 1;
    const prefix = a.prefix === undefined ? undefined : new aws.cognito.UserPoolDomain(`${name}-domain`, {
        domain: a.prefix,
        userPoolId: a.userPoolId,
        managedLoginVersion: version,
    }, {
        parent,
        dependsOn: styles?.styles,
        // A pool has one prefix domain and a prefix is unique in the region: a new domain
        // cannot exist beside the old one ("User pool already has a domain configured").
        deleteBeforeReplace: true,
    });
    const custom = a.custom ? new SignInDomain(`${name}-sign-in-domain`, {
        domain: a.custom.domain, userPoolId: a.userPoolId, certificateArn: a.custom.certificateArn, managedLoginVersion: version, zone: a.custom.zone,
    }, { parent, dependsOn: a.custom.dependsOn ? pulumi.all([a.custom.dependsOn, styles?.styles ?? []]).apply(([x, y]) => [...x, ...y]) : styles?.styles }) : undefined;
    return { styles, prefix, custom };
}
