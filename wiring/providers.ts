import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { Settings } from "../config/validate";

export interface AwsProviders {
    /** The stack's region: the EKS lookup, the certificate and the DNS records. */
    alb: () => aws.Provider;
    /** The user pool's region. */
    cognito: () => aws.Provider;
    /** us-east-1, where a custom sign-in domain's certificate must be (Cognito serves it through CloudFront). */
    usEast1: () => aws.Provider;
}

/**
 * Explicit AWS providers, created on first use: one for the stack's region (EKS lookup) and one
 * for the pool's. They pin each resource to the region the decision was made for, whatever the
 * ambient AWS config says; in external-IdP mode with a kubeconfig none exists, so no AWS
 * credentials are needed.
 */
export function awsProviders(s: Settings): AwsProviders {
    const args = Object.fromEntries(Object.entries(s.awsProvider.args).map(([k, v]) => [k, s.awsProvider.secret.includes(k) ? pulumi.secret(v) : v]));
    const memo = new Map<string, aws.Provider>();
    const make = (name: string, region: string) => () => {
        if (!memo.has(name)) memo.set(name, new aws.Provider(name, { ...args, region: region as aws.Region }));
        return memo.get(name)!;
    };
    return { alb: make("mdai-aws", s.region), cognito: make("mdai-aws-cognito", s.cognitoRegion), usEast1: make("mdai-aws-us-east-1", "us-east-1") };
}

/** `<project>/<stack>`: how this stack marks what it owns (its pool's tag, its DNS records' ownership mark). */
export const stackOwner = () => `${pulumi.getProject()}/${pulumi.getStack()}`;
