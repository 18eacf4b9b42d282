/**
 * No secret value in any error, warning or log line, whatever its shape. Validation registers the
 * run's secret values (`useSecrets`); every UserFacingError (ConfigError included) and every line
 * the program logs passes through `redactSecrets`, which replaces the value, each of its lines,
 * each word that looks like key material, and the same inside JSON, YAML and base64, with
 * `[secret]`. Call sites also pass `{ hidden: true }`, but a parser's message, a truncated example
 * or a suggestion can quote any fragment of its input.
 */
export const REDACTED = "[secret]";

/** A secret value; `structured` for an object key, whose fields other than the secret ones (an IdP's issuer) are shown. */
export interface SecretValue {
    value: string;
    structured?: boolean;
}

/** The shortest line worth hiding, and what makes a word look like key material rather than an ordinary word. */
const MIN_FRAGMENT = 6;
const keyLike = (w: string) => w.length >= MIN_FRAGMENT && ((/\d/.test(w) && /[A-Za-z]/.test(w)) || (w.length >= 12 && /[a-z]/.test(w) && /[A-Z]/.test(w)) || w.length >= 20);
/** Fields of a secret object that hold the secret itself. */
const SECRET_FIELD = /secret|password|credential|token$|key$/i;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

function leaves(v: unknown, out: string[], all: boolean): void {
    if (typeof v === "string" || typeof v === "number") {
        if (all) out.push(String(v));
    } else if (Array.isArray(v)) v.forEach((x) => leaves(x, out, all));
    else if (typeof v === "object" && v !== null) Object.entries(v).forEach(([k, x]) => leaves(x, out, all || SECRET_FIELD.test(k)));
}

/** Every fragment of the secret values that a message could quote, longest first. */
export function secretFragments(values: readonly SecretValue[]): string[] {
    const out = new Set<string>();
    const add = (text: string, structured: boolean, depth: number): void => {
        const t = text.trim();
        if (t.length < MIN_FRAGMENT) return;
        let parsed: unknown;
        try {
            parsed = t.startsWith("{") || t.startsWith("[") ? JSON.parse(t) : undefined;
        } catch {
            parsed = undefined;
        }
        if (typeof parsed === "object" && parsed !== null && depth < 3) {
            const nested: string[] = [];
            leaves(parsed, nested, !structured);
            if (nested.length === 0) leaves(parsed, nested, true);
            nested.forEach((n) => add(n, false, depth + 1));
            if (!structured) out.add(t);
            return;
        }
        out.add(text);
        out.add(t);
        for (const line of t.split(/\r?\n/)) if (line.trim().length >= MIN_FRAGMENT) out.add(line.trim());
        for (const word of t.split(/[^A-Za-z0-9_+]+/)) if (keyLike(word)) out.add(word);
        if (depth < 3 && BASE64.test(t) && t.length % 4 === 0) {
            const decoded = Buffer.from(t, "base64").toString("utf8");
            if (/^[\x09\x0a\x0d\x20-\x7e]+$/.test(decoded)) add(decoded, false, depth + 1);
        }
    };
    values.forEach((v) => add(v.value, Boolean(v.structured), 0));
    // Hostnames and addresses are compared, and quoted, lowercased.
    for (const f of [...out]) out.add(f.toLowerCase());
    return [...out].sort((a, b) => b.length - a.length);
}

export function redact(text: string, fragments: readonly string[]): string {
    let out = text;
    for (const f of fragments) {
        if (out.includes(f)) out = out.split(f).join(REDACTED);
        // JSON.stringify in a message escapes quotes and newlines: the escaped form too.
        const escaped = JSON.stringify(f).slice(1, -1);
        if (escaped !== f && out.includes(escaped)) out = out.split(escaped).join(REDACTED);
    }
    return out;
}

let active: readonly string[] = [];

/** The secret values of the run being validated: from now on, every message is held to them. */
export function useSecrets(values: readonly SecretValue[]): void {
    active = secretFragments(values);
}

export const redactSecrets = (text: string): string => (active.length ? redact(text, active) : text);

/**
 * A URL's user-info and query, which can carry credentials (`https://admin:pw@host/?access_token=…`,
 * a kubeconfig's server, a presigned link): replaced with `[redacted]` wherever a URL appears in text.
 */
export function redactUrlCredentials(text: string): string {
    return text.replace(/\b([a-z][a-z0-9+.-]*:\/\/)([^\s/?#@'"`]*@)?([^\s?#'"`]*)(\?[^\s#'"`]*)?/gi,
        (_m, scheme: string, userInfo: string | undefined, rest: string, query: string | undefined) => `${scheme}${userInfo ? "[redacted]@" : ""}${rest}${query ? "?[redacted]" : ""}`);
}
