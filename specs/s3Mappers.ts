/** The access-log bucket's resources as the S3 requests they become (specs/data/s3-model.json, written from the S3 API Reference). */
import { Inputs, MODELS, Mapper, clean } from "./models";

export const S3_MAPPERS: Record<string, Mapper> = {
    "aws:s3/bucket:Bucket": {
        inputs: ["bucketPrefix", "forceDestroy"],
        // The provider names the bucket from the prefix; forceDestroy is the provider's own.
        map: (i) => [{ model: MODELS.s3, operation: "CreateBucket", request: { Bucket: `${i.bucketPrefix ?? ""}<known after deploy: the bucket's suffix>` } }],
    },
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration": {
        inputs: ["bucket", "rules"],
        map: (i) => [{ model: MODELS.s3, operation: "PutBucketEncryption", request: { Bucket: i.bucket, ServerSideEncryptionConfiguration: { Rules: (i.rules ?? []).map((r: Inputs) => clean({
            ApplyServerSideEncryptionByDefault: r.applyServerSideEncryptionByDefault && clean({ SSEAlgorithm: r.applyServerSideEncryptionByDefault.sseAlgorithm, KMSMasterKeyID: r.applyServerSideEncryptionByDefault.kmsMasterKeyId }),
            BucketKeyEnabled: r.bucketKeyEnabled })) } } }],
    },
    "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": {
        inputs: ["bucket", "blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"],
        map: (i) => [{ model: MODELS.s3, operation: "PutPublicAccessBlock", request: { Bucket: i.bucket, PublicAccessBlockConfiguration: clean({
            BlockPublicAcls: i.blockPublicAcls, IgnorePublicAcls: i.ignorePublicAcls, BlockPublicPolicy: i.blockPublicPolicy, RestrictPublicBuckets: i.restrictPublicBuckets }) } }],
    },
    "aws:s3/bucketOwnershipControls:BucketOwnershipControls": {
        inputs: ["bucket", "rule"],
        map: (i) => [{ model: MODELS.s3, operation: "PutBucketOwnershipControls", request: { Bucket: i.bucket, OwnershipControls: { Rules: [{ ObjectOwnership: i.rule?.objectOwnership }] } } }],
    },
    "aws:s3/bucketPolicy:BucketPolicy": {
        inputs: ["bucket", "policy"],
        map: (i) => [{ model: MODELS.s3, operation: "PutBucketPolicy", request: { Bucket: i.bucket, Policy: i.policy } }],
    },
};
