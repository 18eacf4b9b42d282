import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { allowOn, lambdaSource, nodeFunction } from "./nodeFunction";
import { GateLists, gateEnvironment } from "../config/gateConfig";

export type { GateLists };

/** The trigger's code, deployed as is (lambda/allowedGroups.js, unit-tested in tests/allowedGroups.test.ts). */
export const GATE_SOURCE = lambdaSource("allowedGroups.js");

/** Properties of an {@link AllowedGroupsGate}. */
export interface AllowedGroupsGateArgs {
    /**
     * Groups whose members may have tokens: `"*"` for every app client; or `"*"` for the client named
     * `shared` and under `clients` a list per app client name, every other client refused. An empty
     * list (or none) opens the gate for those clients: every user of the pool gets tokens.
     */
    allowed: pulumi.Input<GateLists>;
    /** Region of the pool and the function (for the partition of the logs policy's ARN). */
    region: pulumi.Input<string>;
    /**
     * Keep the function, its role and permission when the stack is destroyed, with a retained pool:
     * the pool keeps its trigger, which fails every sign-in once the function is gone. Plain boolean.
     * @default false
     */
    retainOnDelete?: boolean;
}

/**
 * A Cognito pre token generation trigger (V1_0) that issues tokens only to members of the allowed
 * groups, at sign-in and at every refresh. Its role may write logs and list the pool's client names; Cognito may invoke
 * it only for the pool given to {@link allowInvocationFrom}.
 */
export class AllowedGroupsGate extends pulumi.ComponentResource {
    public readonly role: aws.iam.Role;
    public readonly function: aws.lambda.Function;
    /** What the pool's `lambdaConfig.preTokenGenerationConfig.lambdaArn` takes. */
    public readonly functionArn: pulumi.Output<string>;
    private readonly retain: boolean;

    constructor(name: string, args: AllowedGroupsGateArgs, opts?: pulumi.ComponentResourceOptions) {
        super("mdai:cognito:AllowedGroupsGate", name, {}, opts);
        const child = { parent: this, retainOnDelete: args.retainOnDelete ?? false };
        this.retain = child.retainOnDelete;
        const made = nodeFunction(name, {
            source: GATE_SOURCE,
            description: "mdai-cognito: issues tokens only to members of the allowed groups (Cognito pre token generation trigger)",
            roleDescription: "mdai-cognito: the allowed-groups gate of a Cognito user pool (writes logs, lists the pool's app client names)",
            region: args.region,
            environment: pulumi.output(args.allowed).apply((a) => gateEnvironment(a as GateLists)),
            // Cognito waits at most 5 seconds for a trigger.
            timeout: 5,
        }, child);
        this.role = made.role;
        this.function = made.function;
        this.functionArn = this.function.arn;
        this.registerOutputs({ functionArn: this.functionArn });
    }

    /** Lets Cognito invoke the function for this pool, and no other. */
    public allowInvocationFrom(name: string, userPoolArn: pulumi.Input<string>): aws.lambda.Permission {
        return new aws.lambda.Permission(name, {
            action: "lambda:InvokeFunction",
            function: this.function.name,
            principal: "cognito-idp.amazonaws.com",
            sourceArn: userPoolArn,
        }, { parent: this, retainOnDelete: this.retain });
    }

    /**
     * Lets the function read the names of this pool's app clients (ListUserPoolClients, which
     * returns no secrets): an app's own list is keyed by its client's name, and the event gives only its id.
     */
    public allowClientListing(name: string, userPoolArn: pulumi.Input<string>): aws.iam.RolePolicy {
        return allowOn(name, this.role, ["cognito-idp:ListUserPoolClients"], userPoolArn, { parent: this, retainOnDelete: this.retain });
    }
}
