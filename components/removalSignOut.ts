import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { allowOn, lambdaSource, nodeFunction } from "./nodeFunction";

/** The function's code, deployed as is (lambda/signOutRemovedUser.js, unit-tested in tests/removalSignOut.test.ts). */
export const SIGN_OUT_SOURCE = lambdaSource("signOutRemovedUser.js");

/** Properties of a {@link RemovalSignOut}. */
export interface RemovalSignOutArgs {
    /** The pool whose users it signs out: its role may call AdminUserGlobalSignOut there and nowhere else. */
    userPoolArn: pulumi.Input<string>;
    /**
     * Names the role's policy for that pool (`<name>-sign-out-<poolKey>`), a plain string that differs per pool: when the
     * users move to another pool, a policy for the new pool is added and the old pool's is deleted at the end of the run —
     * after each user's invocation has signed them out there (IAM decides at call time).
     */
    poolKey: string;
    /** Region of the pool and the function. */
    region: pulumi.Input<string>;
}

/**
 * Signs each managed user out everywhere (AdminUserGlobalSignOut) before the stack deletes them:
 * a function, and per user an `aws.lambda.Invocation` with lifecycle scope CRUD that depends on
 * the user, so Pulumi deletes it — and the function runs — before it deletes the user. Cognito then
 * refuses the user's refresh tokens, and the ALB session ends when its access token expires.
 */
export class RemovalSignOut extends pulumi.ComponentResource {
    public readonly function: aws.lambda.Function;
    private readonly ready: pulumi.Resource[];

    constructor(name: string, args: RemovalSignOutArgs, opts?: pulumi.ComponentResourceOptions) {
        super("mdai:cognito:RemovalSignOut", name, {}, opts);
        const made = nodeFunction(name, {
            source: SIGN_OUT_SOURCE,
            description: "mdai-cognito: signs a user out everywhere before the stack deletes them",
            roleDescription: "mdai-cognito: signs removed users out of one Cognito user pool (and writes its own logs)",
            region: args.region,
            // Room for the SDK's retries of a throttled call.
            timeout: 30,
        }, { parent: this });
        const policy = allowOn(`${name}-sign-out-${args.poolKey}`, made.role, ["cognito-idp:AdminUserGlobalSignOut"], args.userPoolArn, { parent: this });
        this.function = made.function;
        this.ready = [made.function, policy];
        this.registerOutputs({ functionName: this.function.name });
    }

    /**
     * The invocation that signs `username` out when it is deleted. It depends on `user`, so it is
     * created after the user and deleted before them, while the function and its policy still exist.
     */
    public forUser(name: string, userPoolId: pulumi.Input<string>, username: string, user: aws.cognito.User): aws.lambda.Invocation {
        return new aws.lambda.Invocation(name, {
            functionName: this.function.name,
            input: pulumi.output(userPoolId).apply((id) => JSON.stringify({ userPoolId: id, username })),
            lifecycleScope: "CRUD",
        }, { parent: this, dependsOn: [user, ...this.ready] });
    }
}
