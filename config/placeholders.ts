/**
 * How `npm run plan` marks what only the deployment can know, shared by the plan that writes the
 * marks, the spec checks that skip them and the checks of what is read from the cluster.
 */

/** A value only the cloud can assign. */
export const knownAfterDeploy = (what: string) => `<known after deploy: ${what}>`;

/** A value read from the account or the cluster at deploy time (a lookup). */
export const lookedUp = (what: string) => `<looked up at deploy: ${what}>`;

export const isPlaceholder = (v: unknown) => typeof v === "string" && /<(known after deploy|looked up at deploy): [^>]*>|^\[(secret|redacted)\]$/.test(v);
