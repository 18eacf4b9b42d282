import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as fs from "fs";
import * as path from "path";
import { partitionOf } from "../region/regions";

/** A file of lambda/, deployed as is. */
export const lambdaSource = (file: string) => path.join(__dirname, "..", "lambda", file);

export interface NodeFunctionArgs {
    /** The handler's file (lambdaSource), deployed as `index.js`. */
    source: string;
    description: string;
    roleDescription: string;
    /** Region of the function (for the partition of the logs policy's ARN). */
    region: pulumi.Input<string>;
    environment?: pulumi.Input<Record<string, pulumi.Input<string>>>;
    /** Seconds. */
    timeout: number;
}

/**
 * A small Node.js function of this repository with a role that may only write logs (AWSLambdaBasicExecutionRole);
 * what else it may do is added beside it (a role policy, an invoke permission). Children are
 * `<name>-role`, `<name>-logs` and `<name>-function`, under `opts.parent`.
 */
export function nodeFunction(name: string, args: NodeFunctionArgs, opts: pulumi.CustomResourceOptions): { role: aws.iam.Role; function: aws.lambda.Function } {
    const role = new aws.iam.Role(`${name}-role`, {
        description: args.roleDescription,
        assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }] }),
    }, opts);
    const logs = new aws.iam.RolePolicyAttachment(`${name}-logs`, {
        role: role.name,
        policyArn: pulumi.output(args.region).apply((r) => `arn:${partitionOf(r)}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole`),
    }, opts);
    const fn = new aws.lambda.Function(`${name}-function`, {
        description: args.description,
        runtime: "nodejs22.x",
        handler: "index.handler",
        role: role.arn,
        code: new pulumi.asset.AssetArchive({ "index.js": new pulumi.asset.StringAsset(fs.readFileSync(args.source, "utf8")) }),
        environment: args.environment && { variables: args.environment },
        timeout: args.timeout,
        memorySize: 128,
    }, { ...opts, dependsOn: [logs] });
    return { role, function: fn };
}

/** A role policy that allows `actions` on one resource, and nothing else. */
export function allowOn(name: string, role: aws.iam.Role, actions: string[], resource: pulumi.Input<string>, opts: pulumi.CustomResourceOptions): aws.iam.RolePolicy {
    return new aws.iam.RolePolicy(name, {
        role: role.name,
        policy: pulumi.output(resource).apply((r) => JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: actions, Resource: r }] })),
    }, opts);
}
