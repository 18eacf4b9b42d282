/**
 * The plan's estimated monthly Cognito bill: MAUs (the invited users, or `--mau`), federated MAUs
 * (`--federated-mau`) and machine token requests (`--token-requests`, else one per client per access
 * token lifetime), priced from scripts/data/cognito-prices.json. Labelled an estimate everywhere.
 */
import prices = require("./data/cognito-prices.json");

export interface CostInput {
    featurePlan: "lite" | "essentials" | "plus";
    /** Users who sign in with the pool's own password page in a month. */
    mau: number;
    federatedMau: number;
    machineClients: number;
    /** Token requests a month, all clients together. */
    tokenRequests: number;
}

export interface CostEstimate {
    label: "estimate";
    currency: string;
    monthly: number;
    lines: { what: string; amount: number }[];
    /** Where the prices come from, and when they were read. */
    source: string;
    date: string;
    assumptions: string[];
    notIncluded: string[];
}

/** A machine client that keeps its token until it expires asks for one per lifetime: 30 days of them. */
export const tokensPerClient = (accessTokenMinutes: number) => Math.ceil((30 * 24 * 60) / accessTokenMinutes);

const cents = (n: number) => Math.round(n * 100) / 100;
/** A count as the plan prints it: 25,000. */
export const n = (x: number) => x.toLocaleString("en-US");

export function estimateCost(i: CostInput): CostEstimate {
    const p = prices.plans[i.featurePlan];
    const billedLocal = Math.max(0, i.mau - p.freeMau);
    const lines = [{ what: `${n(i.mau)} MAU on ${i.featurePlan} (${n(p.freeMau)} free, then $${p.perMau} each)`, amount: cents(billedLocal * p.perMau) }];
    if (i.federatedMau) {
        const f = i.featurePlan === "plus" ? { freeMau: 0, perMau: p.perMau } : prices.federated;
        lines.push({ what: `${n(i.federatedMau)} federated MAU (${n(f.freeMau)} free, then $${f.perMau} each)`, amount: cents(Math.max(0, i.federatedMau - f.freeMau) * f.perMau) });
    }
    if (i.machineClients) {
        const rate = prices.machineToMachine.perThousandTokenRequests;
        lines.push({ what: `${n(i.tokenRequests)} machine token requests ($${rate} per 1,000)`, amount: cents((i.tokenRequests / 1000) * rate) });
    }
    return {
        label: "estimate", currency: prices.currency, monthly: cents(lines.reduce((n, l) => n + l.amount, 0)), lines,
        source: prices.source, date: prices.date, assumptions: prices.assumptions, notIncluded: prices.notIncluded,
    };
}
