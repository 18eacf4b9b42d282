/** The API models the spec checks read (specs/data, from botocore), and what the mappers share. */
import type { Model } from "./botocore";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Inputs = Record<string, any>;

const load = (name: string) => require(`./data/${name}-model.json`) as Model;
export const MODELS = {
    cognito: load("cognito-idp"), cognitoGroups: load("cognito-idp-groups"), acm: load("acm"), route53: load("route53"), elbv2: load("elbv2"), wafv2: load("wafv2"), s3: load("s3"),
    iam: load("iam"), lambda: load("lambda"),
};
/** What the provider names itself (Pulumi's auto-naming, AWS's statement ids): known only at deploy. */
export const autonamed = (what: string) => `<known after deploy: ${what}>`;

export interface Request {
    model: Model;
    operation: string;
    /** Check only this shape instead of the whole input (an ELBv2 Action inside CreateRule). */
    shape?: string;
    request: Record<string, unknown>;
}

/** A resource type's inputs, and the requests they become. */
export interface Mapper { inputs: string[]; map(i: Inputs): Request[] }

/** Drops undefined members, so optional inputs left out are not sent. */
export const clean = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
