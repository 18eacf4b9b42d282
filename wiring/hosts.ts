/** The stack's hosts and their signed-out pages, for the wiring of the login, the DNS and the identity providers. */
import type { Settings } from "../config/validate";
import { hostUrl, signedOutPath } from "../components/routes";

/** Every host of the group: the console's, then each app's. */
export const hostnames = (s: Settings) => [s.uiHostname, ...s.apps.map((a) => a.hostname)];

/** Each host's public signed-out page, when there is a sign-out endpoint. */
export const signedOutUrls = (s: Settings): string[] => (s.signOut ? hostnames(s).map((h) => hostUrl(h, signedOutPath(s.signOut!.path))) : []);
