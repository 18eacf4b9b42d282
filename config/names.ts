/**
 * Physical names derived from the stack, for objects whose names are unique per account and
 * region (ALB names) or per cluster (IngressGroups): two environments must never share one.
 */
import { createHash } from "crypto";

const shortHash = (s: string) => createHash("sha256").update(s).digest("hex").slice(0, 6);

/**
 * `<prefix>-<stack>` cut to `max` characters of `[a-z0-9-]`. A name that had to be shortened or
 * changed ends in a hash of the full stack name, so `prod-eu-west-1-a` and `-b` stay distinct.
 */
export function stackScopedName(prefix: string, stack: string, max: number): string {
    const clean = stack.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
    const plain = `${prefix}-${clean}`;
    if (clean === stack && plain.length <= max) return plain;
    const hash = shortHash(stack);
    const room = max - prefix.length - hash.length - 2;
    const head = clean.slice(0, Math.max(0, room)).replace(/-+$/, "");
    return head ? `${prefix}-${head}-${hash}` : `${prefix}-${hash}`;
}

/** ELBv2 names: at most 32 characters, unique per account and region. */
export const defaultLoadBalancerName = (stack: string) => stackScopedName("mdai-console", stack, 32);

/** IngressGroup names: at most 63 characters, one ALB per name in a cluster. */
export const defaultGroupName = (stack: string) => stackScopedName("mdai", stack, 63);
