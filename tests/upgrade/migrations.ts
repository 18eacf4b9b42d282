/**
 * Replacements and deletions an upgrade may cause, each on purpose and documented in
 * docs/day-2.md ("Upgrades"). The upgrade guard refuses any other.
 */
export interface Migration {
    /** The release whose state it migrates from. */
    from: string;
    /** Which resources (URN). */
    urn: RegExp;
    step: "replace" | "delete" | "create";
    why: string;
}

export const MIGRATIONS: Migration[] = [];
