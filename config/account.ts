/**
 * The AWS account a stack is locked to (aws:allowedAccountIds, or AWS_ACCOUNT_ID from the values
 * file) holds for every ARN the user hands over, not only for the credentials: an ALB cannot use
 * another account's certificate, and a kubeconfig of another account's cluster deploys the Ingress
 * somewhere the stack's AWS resources are not.
 */
import { Problem, problem } from "./errors";
import { arnAccount } from "./rules";

export interface AccountLock {
    allowed?: string[];
    forbidden?: string[];
    /** Where the allow-list came from ("stack config", "AWS_ACCOUNT_ID in values/aws.env"). */
    origin?: string;
}

/** The lock the explicit AWS provider enforces on the credentials, read from its arguments. */
export function accountLock(args: Record<string, unknown>, origins: Record<string, string>): AccountLock {
    const ids = (v: unknown) => (Array.isArray(v) ? v.map(String) : undefined);
    return { allowed: ids(args.allowedAccountIds), forbidden: ids(args.forbiddenAccountIds), origin: origins.allowedAccountIds };
}

const lockName = (lock: AccountLock) => (lock.origin && lock.origin !== "stack config" ? lock.origin : "aws:allowedAccountIds");

/**
 * A problem for `key` when `account` (the one in the ARN the user gave) is outside the lock.
 * @param what what the ARN names, for the message ("the certificate", "the EKS cluster mdai")
 * @param instead the fix that keeps the lock ("Use a certificate from …")
 */
export function checkAccount(key: string, shown: Parameters<typeof problem>[1], account: string, what: string, instead: (account: string) => string, lock: AccountLock, origin?: string): Problem | undefined {
    if (lock.forbidden?.includes(account)) {
        return problem(key, shown, `${what} is in account ${account}, which aws:forbiddenAccountIds excludes`, `${instead("an account the stack may use")}.`, origin);
    }
    if (!lock.allowed?.length || lock.allowed.includes(account)) return undefined;
    const locked = lock.allowed.join(", ");
    return problem(key, shown, `${what} is in account ${account}, but the stack is locked to ${locked} (${lockName(lock)}); the stack's AWS resources and its credentials are there`,
        `${instead(lock.allowed[0])}, or correct ${lockName(lock)} if this stack belongs to ${account}.`, origin);
}

/** An ARN the user gave, and how to name it in a message. */
export interface GivenArn {
    key: string;
    arn: string;
    origin?: string;
    what: string;
    instead: (account: string) => string;
}


export function checkArnAccounts(lock: AccountLock, given: (GivenArn | undefined | false)[]): Problem[] {
    return given.flatMap((g) => {
        const account = g ? arnAccount(g.arn) : undefined;
        const p = g && account ? checkAccount(g.key, g.arn, account, g.what, g.instead, lock, g.origin) : undefined;
        return p ? [p] : [];
    });
}
