/** What a validator returns for a bad value: what is wrong, and what to do (a sentence each). */
export interface Check {
    wrong: string;
    fix: string;
}

export const fail = (wrong: string, fix: string): Check => ({ wrong, fix });
