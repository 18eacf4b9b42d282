/**
 * A sign-in domain of your own (`auth.<your domain>`) for a user pool, beside its prefix domain,
 * which stays: Cognito serves both (the developer guide, "Using a custom domain and a prefix domain
 * at the same time"), so the ALB can move from one to the other without a gap. The provider waits
 * until the domain is ACTIVE (up to 60 minutes: terraform-provider-aws user_pool_domain.go); its
 * alias record goes to the domain's CloudFront distribution.
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-add-custom-domain.html
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ownerRecordName, ownerValue } from "./certificateDns";

export interface SignInDomainArgs {
    /** The name, e.g. `auth.example.org`. Plain: it names the records. */
    domain: string;
    userPoolId: pulumi.Input<string>;
    /** An ACM certificate in us-east-1 covering `domain`. */
    certificateArn: pulumi.Input<string>;
    /**
     * 1: the classic hosted UI; 2: managed login. Updated in place: the provider sends the certificate with it (terraform-provider-aws
     * #43248, fixed in v6.3.0 by #43252; @pulumi/aws 7 bridges v6.3.0 and later).
     */
    managedLoginVersion: number;
    /** Write the alias record and an ownership record in this public hosted zone. @default none: the record is yours to create */
    zone?: { id: pulumi.Input<string>; owner: string; adopt?: boolean };
}

export class SignInDomain extends pulumi.ComponentResource {
    public readonly domain: aws.cognito.UserPoolDomain;
    public readonly alias?: aws.route53.Record;
    public readonly ownership?: aws.route53.Record;
    /** The domain's name, known once it serves: after its alias record (in a zone), else once it is ACTIVE. */
    public readonly ready: pulumi.Output<string>;
    /** Where its record points: the domain's CloudFront distribution. */
    public readonly target: pulumi.Output<string>;

    constructor(name: string, args: SignInDomainArgs, opts?: pulumi.ComponentResourceOptions) {
        super("mdai:cognito:SignInDomain", name, {}, opts);
        this.domain = new aws.cognito.UserPoolDomain(name, {
            domain: args.domain,
            userPoolId: args.userPoolId,
            certificateArn: args.certificateArn,
            managedLoginVersion: args.managedLoginVersion,
        }, {
            parent: this,
            // A pool holds one custom domain: a new one can only follow the old one's deletion.
            deleteBeforeReplace: true,
            customTimeouts: { create: "60m", update: "60m" },
        });
        this.target = this.domain.cloudfrontDistribution;
        if (args.zone) {
            this.alias = new aws.route53.Record(`${name}-alias`, {
                zoneId: args.zone.id,
                name: args.domain,
                type: "A",
                aliases: [{ name: this.domain.cloudfrontDistribution, zoneId: this.domain.cloudfrontDistributionZoneId, evaluateTargetHealth: false }],
                allowOverwrite: args.zone.adopt ?? false,
            }, { parent: this });
            this.ownership = new aws.route53.Record(`${name}-owner`, {
                zoneId: args.zone.id,
                name: ownerRecordName(args.domain),
                type: "TXT",
                ttl: 300,
                records: [ownerValue(args.zone.owner)],
                allowOverwrite: args.zone.adopt ?? false,
            }, { parent: this });
        }
        this.ready = pulumi.all([this.domain.domain, this.alias?.fqdn ?? ""]).apply(([d]) => d);
        this.registerOutputs({ ready: this.ready, target: this.target });
    }
}
