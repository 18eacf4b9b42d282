/**
 * Config paths as `pulumi config set --path` reads them: `users[0]`, `oidc.issuer`,
 * `extraAnnotations["alb.ingress.kubernetes.io/ssl-redirect"]`, `aws:assumeRoles[0].roleArn`.
 * `npm run plan --set` takes the same paths, so what a user types for one works for the other.
 */

export type Segment = string | number;

export class ConfigPathError extends Error {}

/** `root` is the key (with its namespace, if given); `rest` the fields and indexes below it. */
export interface ConfigPath {
    root: string;
    rest: Segment[];
}

const FIELD = /^\.([^.[\]"]+)/;
const INDEX = /^\[(\d+)\]/;
const QUOTED = /^\["((?:[^"\\]|\\.)*)"\]/;

export function parseConfigPath(text: string): ConfigPath {
    const head = /^[^.[\]"]+/.exec(text);
    if (!head) throw new ConfigPathError(`"${text}" does not start with a key name`);
    const rest: Segment[] = [];
    let tail = text.slice(head[0].length);
    while (tail) {
        const plain = FIELD.exec(tail);
        const quoted = QUOTED.exec(tail);
        const index = INDEX.exec(tail);
        const m = plain ?? quoted ?? index;
        if (!m) throw new ConfigPathError(`"${text}" is not a config path at "${tail}": write fields as .name or ["name"] and list items as [0]`);
        rest.push(plain ? plain[1] : quoted ? JSON.parse(`"${quoted[1]}"`) as string : Number(index![1]));
        tail = tail.slice(m[0].length);
    }
    return { root: head[0], rest };
}

/** `oidc.issuer`, `users[0]`, `extraAnnotations["a.b/c"]`: the path as a user writes it. */
export function formatConfigPath(root: string, rest: readonly Segment[]): string {
    return root + rest.map((s) => (typeof s === "number" ? `[${s}]` : /^[A-Za-z_][\w-]*$/.test(s) ? `.${s}` : `[${JSON.stringify(s)}]`)).join("");
}

/**
 * `container` with `value` set at `rest`, creating objects and lists on the way as the CLI does.
 * A list index may name an item or the next one (appending); a gap is refused.
 */
export function setAtPath(container: unknown, rest: readonly Segment[], value: unknown, shown: string): unknown {
    if (!rest.length) return value;
    const [seg, ...below] = rest;
    if (typeof seg === "number") {
        const list = container === undefined ? [] : container;
        if (!Array.isArray(list)) throw new ConfigPathError(`${shown}: the value there is not a list, so [${seg}] cannot index it`);
        if (seg > list.length) throw new ConfigPathError(`${shown}: the list has ${list.length} item(s), so the next one is [${list.length}]`);
        const copy = [...list];
        copy[seg] = setAtPath(list[seg], below, value, shown);
        return copy;
    }
    const obj = container === undefined ? {} : container;
    if (typeof obj !== "object" || obj === null || Array.isArray(obj)) throw new ConfigPathError(`${shown}: the value there is not an object, so it has no field "${seg}"`);
    return { ...(obj as Record<string, unknown>), [seg]: setAtPath((obj as Record<string, unknown>)[seg], below, value, shown) };
}
