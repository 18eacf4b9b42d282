/**
 * Under mocks the SDK and its mock monitor live in one process, yet every registration still
 * crosses protobuf: the SDK turns its serialised inputs into a `google.protobuf.Struct`, the mock
 * monitor turns it back into JavaScript, and the same again for the answer — a seventh of a mock
 * run's CPU time (docs/benchmarks.md). Within one process that round trip is a deep copy whose
 * objects come back with their keys sorted (jspb maps list their keys in order), which is what
 * `Struct.fromJavaScript` now keeps and `toJavaScript` hands out. Anything that reads the fields
 * instead (`getFieldsMap`, which binary encoding uses too) gets the real protobuf Struct, so a
 * message holding one still encodes as before. Only the mock runs of the tests, `npm run plan`,
 * the doctor and the bench's warm runs turn it on (lightenMockRuntime); `pulumi up` never does.
 * tests/mockRuntime.test.ts holds it to the real round trip.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const gstruct = require("google-protobuf/google/protobuf/struct_pb") as {
    Struct: { new (): StructLike; fromJavaScript(v: unknown): StructLike; prototype: StructLike & { patched?: true } };
};

interface StructLike {
    plain?: unknown;
    toJavaScript(): unknown;
    getFieldsMap(noLazyCreate?: boolean): unknown;
}

/** What a Struct round trip gives back: a deep copy, each object's keys sorted. */
export function structCopy(v: unknown): unknown {
    if (Array.isArray(v)) return v.map(structCopy);
    if (v === null || typeof v !== "object") return v;
    const o = v as Record<string, unknown>;
    return Object.fromEntries(Object.keys(o).sort().map((k) => [k, structCopy(o[k])]));
}

/** The SDK's own conversions, kept for the fallback and for the test that compares both. */
export const protobufStruct = { fromJavaScript: gstruct.Struct.fromJavaScript, toJavaScript: gstruct.Struct.prototype.toJavaScript, getFieldsMap: gstruct.Struct.prototype.getFieldsMap };

/** Idempotent. */
export function inProcessStructs(): void {
    const { Struct } = gstruct;
    if (Struct.prototype.patched) return;
    Struct.fromJavaScript = (v: unknown) => {
        const s = new Struct();
        s.plain = v;
        return s;
    };
    Struct.prototype.toJavaScript = function (this: StructLike) {
        return this.plain !== undefined ? structCopy(this.plain) : protobufStruct.toJavaScript.call(this);
    };
    Struct.prototype.getFieldsMap = function (this: StructLike, noLazyCreate?: boolean) {
        return this.plain !== undefined ? protobufStruct.getFieldsMap.call(protobufStruct.fromJavaScript(this.plain), noLazyCreate) : protobufStruct.getFieldsMap.call(this, noLazyCreate);
    };
    Struct.prototype.patched = true;
}
