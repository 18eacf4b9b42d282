/**
 * What each AWS region offers for console authentication, as data.
 *
 * AWS adds regions to these lists over time (eu-north-1 was once missing from the first), so
 * keep them here, one region per line, and update them when AWS does. Sources:
 * - ALB `authenticate-cognito`: docs.aws.amazon.com/elasticloadbalancing/latest/application/listener-authenticate-users.html
 * - Cognito user pools: docs.aws.amazon.com/general/latest/gr/cognito_identity.html
 */

/** Regions where an ALB listener rule can use `authenticate-cognito` (checked 2026-11). */
export const ALB_COGNITO_REGIONS: readonly string[] = [
    "us-east-1", "us-east-2", "us-west-1", "us-west-2",
    "ca-central-1", "ca-west-1",
    "eu-north-1", "eu-south-1", "eu-south-2", "eu-central-1", "eu-central-2",
    "eu-west-1", "eu-west-2", "eu-west-3",
    "sa-east-1",
    "ap-east-1", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3",
    "ap-south-1", "ap-south-2",
    "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4",
    "me-central-1", "me-south-1",
    "af-south-1", "il-central-1",
];

/**
 * Regions with Cognito user pools whose ALBs lack `authenticate-cognito`; the ALB rejects it with
 * `ValidationError: Action type 'authenticate-cognito' must be one of 'redirect,fixed-response,forward,authenticate-oidc'`.
 * GovCloud is here because ALB-Cognito there is unverified, so OIDC is the safe choice.
 */
export const COGNITO_WITHOUT_ALB_COGNITO_REGIONS: readonly string[] = [
    "ap-east-2", "ap-southeast-5", "ap-southeast-6", "ap-southeast-7", "mx-central-1",
    "us-gov-west-1", "us-gov-east-1",
];

/** Regions without Cognito user pools (China partition; a pool in another partition cannot be used). */
export const NO_COGNITO_REGIONS: readonly string[] = ["cn-north-1", "cn-northwest-1"];

/** Every region the table knows, for suggestions. */
export const KNOWN_REGIONS: readonly string[] = [...ALB_COGNITO_REGIONS, ...COGNITO_WITHOUT_ALB_COGNITO_REGIONS, ...NO_COGNITO_REGIONS];

/** The ALB error a forced `cognito` mode hits where the table says ALB-Cognito is missing. */
export const ALB_COGNITO_UNSUPPORTED_ERROR =
    "ValidationError: Action type 'authenticate-cognito' must be one of 'redirect,fixed-response,forward,authenticate-oidc'";

export type RegionSupport = "alb-cognito" | "cognito-only" | "no-cognito" | "unknown";

export function regionSupport(region: string): RegionSupport {
    if (ALB_COGNITO_REGIONS.includes(region)) return "alb-cognito";
    if (COGNITO_WITHOUT_ALB_COGNITO_REGIONS.includes(region)) return "cognito-only";
    if (NO_COGNITO_REGIONS.includes(region)) return "no-cognito";
    return "unknown";
}

/** Why a `cognito-only` region is one: a known gap, or (GovCloud) support nobody has confirmed. */
export function albCognitoGap(region: string): string {
    return partitionOf(region) === "aws-us-gov"
        ? "ALB authenticate-cognito is unverified in GovCloud"
        : "its ALBs lack authenticate-cognito";
}

/** The AWS partition a region belongs to, as it appears in ARNs. */
export function partitionOf(region: string): "aws" | "aws-cn" | "aws-us-gov" {
    if (region.startsWith("cn-")) return "aws-cn";
    if (region.startsWith("us-gov-")) return "aws-us-gov";
    return "aws";
}

/** GovCloud serves the hosted UI from the FIPS endpoint `<prefix>.auth-fips.<region>.amazoncognito.com`. */
export function usesFipsHostedUi(region: string): boolean {
    return region.startsWith("us-gov-");
}

/**
 * Regions missing from the AWS provider's map of ALB canonical hosted zone IDs
 * (terraform-provider-aws internal/service/elbv2/hosted_zone_id_data_source.go, read 2026-11):
 * an alias record to an ALB there fails with "unsupported AWS Region".
 */
export const ALB_ZONE_ID_MISSING_REGIONS: readonly string[] = ["ap-east-2", "ap-southeast-6"];
