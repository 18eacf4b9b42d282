import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { MachineClient, RESOURCE_SERVER } from "../config/machines";

/** Properties of {@link MachineClients}. */
export interface MachineClientsArgs {
    userPoolId: pulumi.Input<string>;
    /** The clients and the scopes each may ask for. Plain values: each names its resource. */
    clients: MachineClient[];
    /** Lifetime of their access tokens, minutes (Cognito: 5–1440). @default 60 */
    accessTokenMinutes?: number;
}

/**
 * API clients of a user pool: one resource server (`mdai`, its scopes the union of the clients') and
 * an app client per machine with only the client_credentials grant, a secret, and exactly its scopes.
 * Their access tokens carry `client_id`, `scope` and `token_use: access` (no `aud`); Cognito bills
 * each token request (docs/machines.md).
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-define-resource-servers.html
 */
export class MachineClients extends pulumi.ComponentResource {
    public readonly resourceServer: aws.cognito.ResourceServer;
    public readonly clients: Record<string, aws.cognito.UserPoolClient> = {};

    constructor(name: string, args: MachineClientsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("mdai:cognito:MachineClients", name, {}, opts);
        const scopes = [...new Set(args.clients.flatMap((c) => c.scopes))].sort();
        this.resourceServer = new aws.cognito.ResourceServer(`${name}-resource-server`, {
            userPoolId: args.userPoolId,
            identifier: RESOURCE_SERVER,
            name: "mdai-cognito machine clients",
            scopes: scopes.map((s) => ({ scopeName: s, scopeDescription: `mdai-cognito: ${s}` })),
        }, { parent: this });
        for (const c of args.clients) {
            this.clients[c.name] = new aws.cognito.UserPoolClient(`${name}-${c.name}`, {
                name: c.name,
                userPoolId: args.userPoolId,
                generateSecret: true,
                allowedOauthFlowsUserPoolClient: true,
                allowedOauthFlows: ["client_credentials"],
                // Through the resource server's output: the client waits until its scopes exist.
                allowedOauthScopes: this.resourceServer.scopeIdentifiers.apply(() => c.scopes.map((s) => `${RESOURCE_SERVER}/${s}`)),
                explicitAuthFlows: ["ALLOW_REFRESH_TOKEN_AUTH"],
                enableTokenRevocation: true,
                preventUserExistenceErrors: "ENABLED",
                accessTokenValidity: args.accessTokenMinutes ?? 60,
                tokenValidityUnits: { accessToken: "minutes" },
            }, { parent: this });
        }
        this.registerOutputs({ clientIds: Object.fromEntries(Object.entries(this.clients).map(([k, c]) => [k, c.id])) });
    }
}
