/** The pool settings less secure than the defaults, each said out loud (a warning per choice). */

export interface PoolChoices {
    userPoolRetention: string; selfSignUp: boolean; mfa: string; passwordMinimumLength: number; temporaryPasswordValidityDays: number;
    tokenRevocation: boolean; preventUserExistenceErrors: boolean; tokenValidityMinutes: number;
}

/** Every less secure choice than the default, said out loud. */
export function weakPoolSettings(p: PoolChoices): string[] {
    const w: string[] = [];
    if (p.userPoolRetention === "delete") w.push("userPoolRetention is delete: `pulumi destroy` (or a replacement) deletes the user pool and every user in it. Use retain unless this stack is disposable.");
    if (p.selfSignUp) w.push("selfSignUp is true: anyone who reaches the hosted UI can create an account and then use the console.");
    if (p.mfa === "off") w.push("mfa is off: users cannot protect their accounts with a second factor.");
    if (p.passwordMinimumLength < 12) w.push(`passwordMinimumLength is ${p.passwordMinimumLength}, below the recommended 12.`);
    if (p.temporaryPasswordValidityDays > 7) w.push(`temporaryPasswordValidityDays is ${p.temporaryPasswordValidityDays}: invitation passwords stay usable longer than the default 7 days.`);
    if (!p.tokenRevocation) w.push("tokenRevocation is false: signing out no longer revokes refresh tokens, so a stolen token stays usable until it expires.");
    if (!p.preventUserExistenceErrors) w.push("preventUserExistenceErrors is false: sign-in and recovery errors reveal which e-mail addresses have accounts.");
    if (p.tokenValidityMinutes > 60) w.push(`tokenValidityMinutes is ${p.tokenValidityMinutes}: a user taken out of users or allowedGroups keeps an open session for up to that long (default 15).`);
    return w;
}
