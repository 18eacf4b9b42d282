/**
 * An S3 bucket for the ALB's access logs (Security Hub ELB.5), owned by the stack: SSE-S3 (the only
 * encryption ELB log delivery supports), no public access, bucket-owner-enforced ownership, TLS only,
 * and a policy that lets ELB log delivery write under `<prefix>/AWSLogs/<account>/`: the log
 * delivery service principal (regions opened from August 2022), and the region's ELB account for
 * regions opened before (the provider knows which, `aws.elb.getServiceAccount`).
 * @see https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

export interface AlbAccessLogsArgs {
    /** Key prefix of the logs in the bucket. @default "alb" */
    prefix?: string;
    /** The bucket and its logs survive `pulumi destroy` (they are audit records). @default true */
    retainOnDelete?: boolean;
}

export class AlbAccessLogs extends pulumi.ComponentResource {
    public readonly bucket: aws.s3.Bucket;
    /** The bucket's name, once its policy lets ELB write: what the ALB's `access_logs.s3.bucket` attribute takes. */
    public readonly bucketName: pulumi.Output<string>;
    public readonly prefix: string;

    constructor(name: string, args: AlbAccessLogsArgs = {}, opts?: pulumi.ComponentResourceOptions) {
        super("mdai:aws:AlbAccessLogs", name, {}, opts);
        this.prefix = args.prefix ?? "alb";
        const retain = args.retainOnDelete ?? true;
        this.bucket = new aws.s3.Bucket(`${name}-bucket`, { bucketPrefix: "mdai-alb-logs-", forceDestroy: false }, { parent: this, retainOnDelete: retain });
        const bucket = this.bucket.bucket;
        const encryption = new aws.s3.BucketServerSideEncryptionConfiguration(`${name}-encryption`, {
            bucket, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }],
        }, { parent: this, retainOnDelete: retain });
        const publicAccess = new aws.s3.BucketPublicAccessBlock(`${name}-public-access`, {
            bucket, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true,
        }, { parent: this, retainOnDelete: retain });
        const ownership = new aws.s3.BucketOwnershipControls(`${name}-ownership`, { bucket, rule: { objectOwnership: "BucketOwnerEnforced" } }, { parent: this, retainOnDelete: retain });
        const account = aws.getCallerIdentityOutput({}, { parent: this }).accountId;
        // Regions opened since August 2022 have no ELB account: the lookup fails there, and the service principal is enough.
        const elbAccount = pulumi.output(aws.elb.getServiceAccount({}, { parent: this }).then((r) => r.arn, () => undefined));
        const policy = new aws.s3.BucketPolicy(`${name}-policy`, {
            bucket,
            policy: pulumi.all([this.bucket.arn, account, elbAccount]).apply(([arn, accountId, elb]) => JSON.stringify(accessLogsPolicy(arn, this.prefix, accountId, elb))),
        }, { parent: this, retainOnDelete: retain, dependsOn: [publicAccess, ownership, encryption] });
        this.bucketName = pulumi.all([bucket, policy.id]).apply(([b]) => b);
        this.registerOutputs({ bucketName: this.bucketName });
    }
}

/** The bucket policy ELB log delivery needs, and nothing but TLS for anyone. */
export function accessLogsPolicy(bucketArn: string, prefix: string, accountId: string, elbAccountArn?: string): Record<string, unknown> {
    const objects = `${bucketArn}/${prefix}/AWSLogs/${accountId}/*`;
    return {
        Version: "2012-10-17",
        Statement: [
            { Sid: "ElbLogDelivery", Effect: "Allow", Principal: { Service: "logdelivery.elasticloadbalancing.amazonaws.com" }, Action: "s3:PutObject", Resource: objects },
            ...(elbAccountArn ? [{ Sid: "ElbAccountLogDelivery", Effect: "Allow", Principal: { AWS: elbAccountArn }, Action: "s3:PutObject", Resource: objects }] : []),
            { Sid: "TlsOnly", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: [bucketArn, `${bucketArn}/*`], Condition: { Bool: { "aws:SecureTransport": "false" } } },
        ],
    };
}
