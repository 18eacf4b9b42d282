/**
 * The mocked cloud's answers to what the program registers and reads: the outputs a real provider would compute, and
 * the objects a read finds (tests/harness.ts runs the program against them).
 */
import type { MockResourceArgs } from "@pulumi/pulumi/runtime/mocks";
import { partitionOf } from "../region/regions";
import type { RunOptions } from "./harness";

export const ACCOUNT = "123456789012";
export const MOCK_CLIENT_SECRET = "mock-cognito-client-secret-7f3a9c";
export const MOCK_ALB_HOSTNAME = "k8s-default-uialbing-0123456789-1234567890.us-east-1.elb.amazonaws.com";

/** Outputs a real provider would compute. */
export function computedState(args: MockResourceArgs, region = "us-east-1", opts: RunOptions = {}): Record<string, unknown> {
    if (args.id) return readObject(args.type, args.id, opts);
    switch (args.type) {
        case "aws:cognito/userPool:UserPool": {
            const id = `${region}_MockPool1`;
            return { id, arn: `arn:aws:cognito-idp:${region}:${ACCOUNT}:userpool/${id}` };
        }
        case "aws:cognito/userPoolClient:UserPoolClient":
            // An app's own client gets an id of its own, so that tests can tell which host signs in with which.
            return { id: args.name === "mdai-app-client" ? "mockclientid0123456789abcd" : `mockclientid${args.name.replace(/\W/g, "")}`, clientSecret: MOCK_CLIENT_SECRET };
        case "kubernetes:networking.k8s.io/v1:Ingress":
            return { status: { loadBalancer: { ingress: [{ hostname: MOCK_ALB_HOSTNAME }] } } };
        case "aws:acm/certificate:Certificate": {
            const domains = [args.inputs.domainName, ...(args.inputs.subjectAlternativeNames ?? [])] as string[];
            return {
                id: "mockcert", arn: `arn:aws:acm:${region}:${ACCOUNT}:certificate/11111111-2222-4333-8444-555555555555`,
                domainValidationOptions: domains.map((d) => ({ domainName: d, resourceRecordName: `_0123abcd.${d}.`, resourceRecordType: "CNAME", resourceRecordValue: `_4567ef.${d.length}.acm-validations.aws.` })),
            };
        }
        case "aws:acm/certificateValidation:CertificateValidation":
            return { certificateArn: args.inputs.certificateArn };
        case "aws:route53/record:Record":
            return { fqdn: String(args.inputs.name).replace(/\.$/, "") };
        case "pulumi:index:Stash":
            return { output: args.inputs.input };
        case "aws:cognito/userPoolDomain:UserPoolDomain":
            return { cloudfrontDistribution: "d111111abcdef8.cloudfront.net", cloudfrontDistributionZoneId: "Z2FDTNDATAQYW2" };
        // Auto-named, as the provider names them: the resource name and a random suffix.
        case "aws:iam/role:Role":
            return { name: `${args.name}-a1b2c3d`, arn: `arn:${partitionOf(region)}:iam::${ACCOUNT}:role/${args.name}-a1b2c3d` };
        case "aws:lambda/function:Function":
            return { name: `${args.name}-e4f5a6b`, arn: `arn:${partitionOf(region)}:lambda:${region}:${ACCOUNT}:function:${args.name}-e4f5a6b` };
        case "aws:s3/bucket:Bucket":
            return { bucket: `${args.inputs.bucketPrefix}20261127000000000000000001`, arn: `arn:aws:s3:::${args.inputs.bucketPrefix}20261127000000000000000001` };
        default:
            return {};
    }
}


/** A read of an existing object, as pulumi-kubernetes answers it (or fails, for a missing one). */
function readObject(type: string, id: string, opts: RunOptions): Record<string, unknown> {
    const missing = () => new Error(`resource '${id}' does not exist`);
    switch (type.split(":").pop()) {
        case "Service": return readService(id, opts);
        case "IngressClass": {
            const spec = (opts.ingressClasses ?? { alb: { controller: "ingress.k8s.aws/alb" } })[id];
            if (!spec) throw missing();
            return { metadata: { name: id }, spec };
        }
        case "IngressClassParams": {
            const spec = opts.ingressClassParams?.[id];
            if (!spec) throw missing();
            return { metadata: { name: id }, spec };
        }
        case "Deployment": {
            // The controller's, by default as the Helm chart installs it: its pods run as a ServiceAccount of its own name.
            const spec = opts.deployments?.[id];
            if (spec === null) throw missing();
            const [namespace, name] = id.split("/");
            return { metadata: { namespace, name }, spec: spec ?? { template: { spec: { serviceAccountName: name,
                containers: [{ name: "aws-load-balancer-controller", image: "public.ecr.aws/eks/aws-load-balancer-controller:v2.15.0" }] } } } };
        }
        // ACM certificates the fixtures hold: the given one (certArn) covers example.com and its one-label subdomains.
        case "Certificate": {
            if (!/^arn:aws:acm:[a-z0-9-]+:\d{12}:certificate\//.test(id)) throw missing();
            return { arn: id, domainName: "example.com", subjectAlternativeNames: ["example.com", "*.example.com", "*.example.org"], status: "ISSUED" };
        }
        default: throw new Error(`the harness cannot read a ${type}`);
    }
}

function readService(id: string, opts: RunOptions): Record<string, unknown> {
    const found = opts.services?.[id];
    if (found === null) throw new Error(`resource '${id}' does not exist`);
    const [namespace, name] = id.split("/");
    return { metadata: { namespace, name, annotations: found?.annotations ?? {} }, spec: { ports: [{ port: 5173 }] } };
}

