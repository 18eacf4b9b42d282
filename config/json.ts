/** A JSON object from a config value, or undefined for anything else (bad JSON, an array, a scalar, null). */
export function jsonObject(text: string): Record<string, unknown> | undefined {
    try {
        const v: unknown = JSON.parse(text);
        return v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
    } catch {
        return undefined;
    }
}
