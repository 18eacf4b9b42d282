/**
 * `userPoolId`: an existing user pool (the one MDAI's installer created, or a company's) instead of
 * one the stack creates. The program adds its app client (and a hosted-UI domain when the pool has
 * none) and never changes or deletes the pool, so the settings of the pool itself do not apply.
 */
import type { AuthDecision } from "../region/decide";
import { Problem, problem } from "./errors";
import { fullKey } from "./keys";
import type { RawValue } from "./sources";
import { shellQuote } from "./shell";

/** Cognito's UserPoolIdType: `<region>_<id>`. */
const POOL_ID = /^([a-z]{2}(?:-[a-z]+)+-\d)_[0-9a-zA-Z]+$/;

/**
 * Settings of the pool itself, which an existing pool keeps as it is. (`selfSignUp` is not one of them: with
 * userPoolId it says that a pool where anyone may sign up is accepted, which the lookup at deploy checks.)
 */
export const POOL_ONLY_KEYS = ["userPoolName", "userPoolRetention", "mfa", "threatProtection", "passwordMinimumLength", "temporaryPasswordValidityDays", "accountRecovery", "allowedGroupsGate"];

export interface ExistingPoolInput {
    raw: (key: string) => RawValue | undefined;
    decision: AuthDecision;
    cognitoRegion?: string;
    /** A setting set to something else than its default (applicability.ts's test). */
    isSet: (key: string) => boolean;
    users: string[];
}

export function existingPool(i: ExistingPoolInput, problems: Problem[], warnings: string[]): string | undefined {
    const r = i.raw("userPoolId");
    const id = r?.value.trim();
    if (!id || i.decision.idp !== "cognito-pool") return undefined;
    const m = POOL_ID.exec(id);
    if (!m) {
        problems.push(problem(fullKey("userPoolId"), id, "it is not a user pool ID (<region>_<letters and digits>, as the Cognito console shows it)",
            "Copy the pool ID from the Cognito console or `aws cognito-idp list-user-pools --max-results 60`.", r!.origin));
        return undefined;
    }
    if (i.cognitoRegion && m[1] !== i.cognitoRegion) {
        problems.push(problem(fullKey("userPoolId"), id, `the pool is in ${m[1]} (its ID says so), but the stack uses a pool in ${i.cognitoRegion}`,
            `Set cognitoRegion to ${m[1]} (\`pulumi config set cognitoRegion ${shellQuote(m[1])}\`): the ALB then uses the pool through OIDC if it is in another region.`, r!.origin));
        return undefined;
    }
    for (const k of POOL_ONLY_KEYS.filter((x) => x !== "userPoolRetention" && i.isSet(x))) warnings.push(`${k} is set but ignored: userPoolId names an existing pool, which the program never changes.`);
    if (i.raw("userPoolRetention")?.value.trim() === "delete") {
        warnings.push("userPoolRetention is delete: a pool this stack created before userPoolId took its place is deleted, with every user in it. Set it back to retain to keep that pool.");
    }
    if (i.users.length) {
        warnings.push("users with userPoolId: list only addresses not yet in that pool (Cognito refuses to create an existing user, and pulumi up stops on it); people already there keep their accounts and need no entry.");
    }
    return id;
}
