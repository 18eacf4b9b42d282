/**
 * What the plan's cost estimate counts, from what the plan shows and what the command line says:
 * the invited users (or `--mau`), `--federated-mau`, and each machine client's tokens (or `--token-requests`).
 */
import { CostEstimate, estimateCost, n, tokensPerClient } from "./planCost";
import type { Plan } from "./planReport";
import type { SignInOutput } from "../wiring/signIn";

export interface Usage { mau?: number; federatedMau?: number; tokenRequests?: number }

/** Machine clients' access tokens live this long (components/machineClients.ts). */
const MACHINE_TOKEN_MINUTES = 60;

/** The estimate, when the stack has a pool of its own; with what it assumed about the counts it was not given. */
export function planCost(plan: Plan, usage: Usage): (CostEstimate & { counted: string[] }) | undefined {
    const o = plan.outputs as { signIn?: SignInOutput; machineClients?: Record<string, unknown>; identityProviders?: Record<string, unknown> };
    if (!o.signIn) return undefined;
    const clients = Object.keys(o.machineClients ?? {}).length;
    const invited = plan.afterDeploy.users?.invited.length ?? 0;
    const counted = [
        usage.mau !== undefined ? `${n(usage.mau)} MAU (--mau)` : `${n(invited)} MAU: the invited users (--mau N for another count)`,
        ...(o.identityProviders ? [usage.federatedMau !== undefined ? `${n(usage.federatedMau)} federated MAU (--federated-mau)` : "no federated MAU counted: --federated-mau N for the identity providers' users"] : []),
        ...(clients ? [usage.tokenRequests !== undefined ? `${n(usage.tokenRequests)} token requests (--token-requests)`
            : `${n(clients * tokensPerClient(MACHINE_TOKEN_MINUTES))} token requests: ${clients} client(s) keeping each token its ${MACHINE_TOKEN_MINUTES} minutes (--token-requests N for another count)`] : []),
    ];
    const cost = estimateCost({ featurePlan: o.signIn.featurePlan as "lite" | "essentials" | "plus", mau: usage.mau ?? invited, federatedMau: usage.federatedMau ?? 0,
        machineClients: clients, tokenRequests: usage.tokenRequests ?? clients * tokensPerClient(MACHINE_TOKEN_MINUTES) });
    return { ...cost, counted };
}
