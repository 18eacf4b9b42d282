/**
 * What the stack records about itself between runs (pulumi.Stash, Pulumi CLI ≥ 3.208.0: create keeps
 * the input as the output, an update keeps the old output, `replaceOnChanges` records anew), for what
 * neither the configuration nor the cloud can say on the next run.
 */
import * as pulumi from "@pulumi/pulumi";
import { UserFacingError } from "../config/errors";
import { isPlaceholder } from "../config/placeholders";
import { shellQuote } from "../config/shell";

/**
 * An output's value (a stash's, a read's) at the start of the run; undefined where a preview cannot know it (the SDK's own
 * helpers read it so), placeholders where the plan cannot.
 */
export const valueOf = (o: pulumi.Output<unknown> | pulumi.Stash): Promise<unknown> =>
    ((o instanceof pulumi.Stash ? o.output : o) as unknown as { promise(): Promise<unknown> }).promise();

/**
 * Whether the stack's pool has ever had the allowed-groups gate: recorded by the first run that sets
 * it (replaced then, so it holds `true`) and kept afterwards, until `allowedGroupsGate: remove` (`forget`)
 * records it as never set. Once a pool has had it, the program keeps the function (open) and, unless
 * told to detach it, the trigger: docs/security.md says why, and how to remove both.
 */
export async function gateOnceSet(wanted: boolean, forget = false): Promise<boolean> {
    // Removed on purpose (allowedGroupsGate remove): recorded anew, as never set.
    const stash = new pulumi.Stash("mdai-allowed-groups-gate", { input: wanted }, { replaceOnChanges: wanted || forget ? ["input"] : [] });
    if (wanted) return true;
    return (await valueOf(stash)) === true;
}

/**
 * Whether the stack's pool has ever had the attribute the identity providers' groups are mapped to
 * (custom:idp_groups): Cognito never removes a schema attribute, and a pool sent without it fails
 * pulumi up ("cannot modify or remove schema items"), so once given it is given on every run.
 */
export async function groupsAttributeOnceSet(wanted: boolean): Promise<boolean> {
    const stash = new pulumi.Stash("mdai-idp-groups-attribute", { input: wanted }, { replaceOnChanges: wanted ? ["input"] : [] });
    if (wanted) return true;
    return (await valueOf(stash)) === true;
}

/**
 * The stack's own pool is named and placed once: a new `userPoolName` or pool region replaces the pool
 * (terraform-provider-aws user_pool.go: `name` is ForceNew), and every user with it. Recorded while the
 * stack has its own pool; a change is refused on the run that would make it, as a `loadBalancerName`
 * change is.
 */
export async function checkPoolKept(userPoolName: string, region: string): Promise<void> {
    const wanted = `${region}/${userPoolName}`;
    const created = await valueOf(new pulumi.Stash("mdai-user-pool-created-as", { input: wanted }));
    if (created === undefined || created === wanted || isPlaceholder(created)) return;
    const [was, name] = [String(created).split("/")[0], String(created).split("/").slice(1).join("/")];
    throw new UserFacingError(`userPoolName ${userPoolName} in ${region} would replace the stack's user pool, created as ${name} in ${was}: a new pool starts without any ` +
        `of its users, passwords or MFA settings; nothing was changed. Set ${name !== userPoolName ? `userPoolName back (\`pulumi config set userPoolName ${shellQuote(name)}\`)` : `the pool's region back (cognitoRegion ${was})`}. ` +
        "To move the console to another pool on purpose, create it (or pick one) and set userPoolId to it: docs/day-2.md says what happens to the users.");
}

/**
 * That the stack manages the pool `id` as its own, while it does: a stash named after the pool,
 * registered in every run that manages it and so deleted by the first run that no longer does (the
 * pool itself is kept). The owner tag cannot tell a managed pool from one the stack left: this can.
 */
export function recordManagedPool(id: pulumi.Input<string>): void {
    pulumi.output(id).apply((x) => (isPlaceholder(x) ? undefined : new pulumi.Stash(`mdai-manages-pool-${x}`, { input: true })));
}

/** Whether the stack's previous run managed the pool `id` as its own (so pointing userPoolId at it now would drop it from under the stack). */
export async function stillManaged(id: string): Promise<boolean> {
    return (await valueOf(new pulumi.Stash(`mdai-manages-pool-${id}`, { input: false }))) === true;
}

/**
 * The hosted-UI domain this stack added to the existing pool `id` (one that had none), while it
 * does: otherwise a later run, finding the pool with a domain, would take it for the pool's own and
 * drop it — deleting it. Recorded when added (replaced, so it holds the prefix); read with an empty
 * input, which an update does not record.
 */
export function recordDomainAdded(id: string, prefix: string): void {
    new pulumi.Stash(`mdai-domain-added-to-${id}`, { input: prefix }, { replaceOnChanges: ["input"] });
}

export async function domainAddedTo(id: string): Promise<string | undefined> {
    const v = await valueOf(new pulumi.Stash(`mdai-domain-added-to-${id}`, { input: "" }));
    return typeof v === "string" && v !== "" ? v : undefined;
}
