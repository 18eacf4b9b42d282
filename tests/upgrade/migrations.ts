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

export const MIGRATIONS: Migration[] = [
    {
        from: "0.1.0", step: "replace", urn: /ConsoleCertificate\$aws:acm\/certificate(Validation)?:Certificate(Validation)?::mdai-console-certificate-(certificate|validation)$/,
        why: "With hostedZone and apps, 0.1.0 requested one certificate for every host; each host now has its own (ACM's quota is 10 names per certificate, and an app change no longer touches the console's). The console's certificate is requested anew, create-first: the listener serves the old one until the new one is issued.",
    },
];
