/**
 * What the allowed-groups gate's function reads (lambda/allowedGroups.js): its ALLOWED_GROUPS
 * variable, built once here for the component that deploys it and for the check that it fits.
 * Lambda refuses environments over 4 KB — measured as the JSON of all variables ("String measured:
 * {…}" in its InvalidParameterValueException; Lambda quotas, L-6581F036, not adjustable) — and a
 * refused update would leave the previous, perhaps wider, list in force: so the size is checked
 * before anything is deployed.
 */

/** What the function reads from ALLOWED_GROUPS. */
export interface GateLists {
    "*"?: string[];
    /** With `clients`: the name of the client `"*"` is for; any other client is refused. */
    shared?: string;
    clients?: Record<string, string[]>;
}

/** Lambda's limit on a function's environment, all variables together, as JSON. */
export const LAMBDA_ENV_LIMIT_BYTES = 4096;

/** The name of an app's own client: the stack's client name and the app's (the gate keys its list by it). */
export const ownClientName = (sharedClientName: string, app: string) => `${sharedClientName}-${app}`;

/**
 * The lists: `"*"` for the shared client (none: everyone), and with apps of their own the shared
 * client's name and a list per own client. Only what says something, so that a stack without own
 * clients keeps the configuration it had.
 */
export function gateLists(sharedClientName: string, allowed: string[], own: { key: string; allowedGroups: string[] }[]): GateLists {
    return {
        ...(allowed.length ? { "*": allowed } : {}),
        ...(own.length ? { shared: sharedClientName, clients: Object.fromEntries(own.map((c) => [ownClientName(sharedClientName, c.key), c.allowedGroups])) } : {}),
    };
}

/** The function's environment. */
export const gateEnvironment = (lists: GateLists) => ({ ALLOWED_GROUPS: JSON.stringify(lists) });

/** Its size as Lambda measures it. */
export const gateEnvironmentBytes = (lists: GateLists) => Buffer.byteLength(JSON.stringify(gateEnvironment(lists)));
