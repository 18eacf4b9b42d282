/** What a provider of the twin is given and answers (providers.ts and the modules beside it). */
import type { Cluster, World } from "./world";

export type Outputs = Record<string, unknown>;

export interface Op {
    world: World;
    type: string;
    /** The inputs the provider sees: what the program sent, with Optional+Computed values it omitted kept. */
    inputs: Outputs;
    /** What the last run left (an update or a delete). */
    prev?: Outputs;
    /** The region of its AWS provider. */
    region: string;
    /** Its Kubernetes provider's cluster. */
    cluster?: Cluster;
    urn: string;
}

export interface Provider {
    create(op: Op): Outputs;
    update?(op: Op): Outputs;
    delete?(op: Op): void;
}

export const str = (v: unknown) => String(v ?? "");
