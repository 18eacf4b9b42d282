/** The machine clients, wired: their resource server and clients in the stack's pool, and what a script needs to get a token. */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { Settings } from "../config/validate";
import type { CognitoAuth } from "../components/cognitoAuth";
import { MachineClients } from "../components/machineClients";
import { RESOURCE_SERVER } from "../config/machines";
import type { Logger } from "../program";

export interface MachineOutputs {
    /** Per client: its id and scopes. */
    clients: Record<string, { clientId: pulumi.Output<string>; scopes: string[] }>;
    /** Per client: its secret (a Pulumi secret; `pulumi stack output --show-secrets machineClientSecrets`). */
    secrets: pulumi.Output<Record<string, string>>;
    /** Where a client gets its token (the client_credentials grant). */
    tokenUrl: pulumi.Output<string>;
}

/** `clusterChecked`: the cluster's checks (the controller's version among them); nothing of the machines is created before they pass. */
export function createMachines(s: Settings, cognito: CognitoAuth, provider: aws.Provider, log: Logger, clusterChecked: pulumi.Output<boolean>): MachineOutputs | undefined {
    const m = s.machines;
    if (!m.clients.length) return undefined;
    log.info(`machineClients: ${m.clients.map((c) => c.name).join(", ")} get access tokens with the client_credentials grant; Cognito bills every token request ` +
        "(machine-to-machine pricing, no free tier): cache each token until it expires (docs/machines.md). The allowed-groups gate does not see these grants: scopes decide.");
    const userPoolId = pulumi.all([cognito.userPoolId, clusterChecked]).apply(([id]) => id);
    const machines = new MachineClients("mdai-machines", { userPoolId, clients: m.clients }, { providers: [provider] });
    return {
        clients: Object.fromEntries(m.clients.map((c) => [c.name, { clientId: machines.clients[c.name].id, scopes: c.scopes.map((x) => `${RESOURCE_SERVER}/${x}`) }])),
        secrets: pulumi.secret(pulumi.all(Object.fromEntries(m.clients.map((c) => [c.name, machines.clients[c.name].clientSecret])))),
        tokenUrl: cognito.tokenEndpoint,
    };
}
