/**
 * Checks a value against a botocore input shape: types, required members, unknown members,
 * lengths, ranges, patterns (Java-style, whole value) and enums. Values only the deployment
 * knows (placeholders of `npm run plan`) are counted, not checked.
 */
import { isPlaceholder } from "../config/placeholders";
export interface Shape {
    type: "structure" | "list" | "map" | "string" | "integer" | "long" | "boolean" | "timestamp" | "blob" | "double" | "float";
    members?: Record<string, { shape: string }>;
    required?: string[];
    member?: { shape: string };
    key?: { shape: string };
    value?: { shape: string };
    min?: number;
    max?: number;
    pattern?: string;
    enum?: string[];
    /** A free-form JSON document (botocore marks such a structure `document: true`). */
    document?: boolean;
}

export interface Model {
    metadata: { serviceId: string; apiVersion: string };
    operations: Record<string, { input: { shape: string } }>;
    shapes: Record<string, Shape>;
}

export interface Violation {
    /** Dotted path in the API request, e.g. `Policies.PasswordPolicy.MinimumLength`. */
    field: string;
    value: unknown;
    rule: string;
}

/** Not checkable offline: `<known after deploy: …>`, `<looked up at deploy: …>`, `[secret]`, `[redacted]`. */
export { isPlaceholder };

const patterns = new Map<string, RegExp>();
function regex(p: string): RegExp {
    let r = patterns.get(p);
    if (!r) {
        // botocore patterns are Java regexes matched against the whole value; \p{…} needs the u flag.
        r = new RegExp(`^(?:${p})$`, "u");
        patterns.set(p, r);
    }
    return r;
}

export function checkShape(model: Model, shapeName: string, value: unknown, field: string, out: Violation[], deferred: { count: number }): void {
    const s = model.shapes[shapeName];
    if (!s) throw new Error(`${model.metadata.serviceId} model has no shape ${shapeName}`);
    if (value === undefined || value === null) return;
    if (isPlaceholder(value)) return void deferred.count++;
    const bad = (rule: string): void => void out.push({ field, value, rule });
    switch (s.type) {
        case "structure": {
            if (typeof value !== "object" || Array.isArray(value)) return bad(`must be a structure (${shapeName})`);
            // A document is free-form JSON (the branding settings): only its being an object is checked.
            if (s.document) return;
            const v = value as Record<string, unknown>;
            for (const r of s.required ?? []) if (v[r] === undefined) out.push({ field: join(field, r), value: undefined, rule: `is required by ${shapeName}` });
            for (const [k, x] of Object.entries(v)) {
                const m = s.members?.[k];
                if (!m) out.push({ field: join(field, k), value: x, rule: `is not a member of ${shapeName}` });
                else checkShape(model, m.shape, x, join(field, k), out, deferred);
            }
            return;
        }
        case "list":
            if (!Array.isArray(value)) return bad(`must be a list (${shapeName})`);
            if (s.min !== undefined && value.length < s.min) bad(`must hold at least ${s.min} item(s) (${shapeName})`);
            if (s.max !== undefined && value.length > s.max) bad(`must hold at most ${s.max} item(s) (${shapeName})`);
            value.forEach((x, i) => checkShape(model, s.member!.shape, x, `${field}[${i}]`, out, deferred));
            return;
        case "map":
            if (typeof value !== "object" || Array.isArray(value)) return bad(`must be a map (${shapeName})`);
            for (const [k, x] of Object.entries(value as Record<string, unknown>)) {
                checkShape(model, s.key!.shape, k, `${field}{key}`, out, deferred);
                checkShape(model, s.value!.shape, x, `${field}.${k}`, out, deferred);
            }
            return;
        case "string":
            if (typeof value !== "string") return bad(`must be a string (${shapeName})`);
            if (s.min !== undefined && value.length < s.min) bad(`must be at least ${s.min} character(s) long (${shapeName})`);
            if (s.max !== undefined && value.length > s.max) bad(`must be at most ${s.max} characters long (${shapeName})`);
            if (s.enum && !s.enum.includes(value)) bad(`must be one of ${s.enum.join(", ")} (${shapeName})`);
            if (s.pattern && !regex(s.pattern).test(value)) bad(`must match ${s.pattern} (${shapeName})`);
            return;
        case "integer":
        case "long":
            if (typeof value !== "number" || !Number.isInteger(value)) return bad(`must be a whole number (${shapeName})`);
            if (s.min !== undefined && value < s.min) bad(`must be at least ${s.min} (${shapeName})`);
            if (s.max !== undefined && value > s.max) bad(`must be at most ${s.max} (${shapeName})`);
            return;
        case "boolean":
            if (typeof value !== "boolean") bad(`must be a boolean (${shapeName})`);
            return;
        case "blob":
            // Bytes, or text the SDK sends as its UTF-8 bytes (a Lambda payload).
            if (!Buffer.isBuffer(value) && typeof value !== "string") return bad(`must be bytes (${shapeName})`);
            if (s.max !== undefined && Buffer.byteLength(value) > s.max) bad(`must be at most ${s.max} bytes (${shapeName})`);
            return;
        default:
            return;
    }
}

const join = (a: string, b: string) => (a ? `${a}.${b}` : b);

/** Checks a whole request of an operation. */
export function checkRequest(model: Model, operation: string, request: Record<string, unknown>): { violations: Violation[]; deferred: number } {
    const violations: Violation[] = [];
    const deferred = { count: 0 };
    checkShape(model, model.operations[operation].input.shape, request, "", violations, deferred);
    return { violations, deferred: deferred.count };
}
