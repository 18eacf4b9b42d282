/**
 * Kubernetes objects checked against the Kubernetes OpenAPI schema, through `kubernetes-models`
 * (generated from that schema): its ajv validators check types, enums and required fields, and
 * its type declarations, read here, name every field an object may have, so a field misspelt or
 * put in the wrong place is caught too (the validators let unknown fields pass). Version 4.5
 * (schemas of Kubernetes 1.33) is the last that loads with require() and on Node 20.
 */
import * as fs from "fs";
import * as path from "path";
import { Model } from "@kubernetes-models/base";

export interface Finding {
    /** `Kind namespace/name`. */
    object: string;
    /** JSON pointer into the object. */
    field: string;
    value: unknown;
    rule: string;
}

type ModelClass = new (data: Record<string, unknown>) => Model<unknown>;

/** The kinds this program renders; each loads only its own model (the whole package takes ~0.6 s). */
const MODELS: Record<string, () => ModelClass> = {
    "networking.k8s.io/v1/Ingress": () => require("kubernetes-models/networking.k8s.io/v1/Ingress").Ingress,
    "v1/Secret": () => require("kubernetes-models/v1/Secret").Secret,
    "v1/ConfigMap": () => require("kubernetes-models/v1/ConfigMap").ConfigMap,
    "v1/Service": () => require("kubernetes-models/v1/Service").Service,
    "apps/v1/Deployment": () => require("kubernetes-models/apps/v1/Deployment").Deployment,
    "rbac.authorization.k8s.io/v1/Role": () => require("kubernetes-models/rbac.authorization.k8s.io/v1/Role").Role,
    "rbac.authorization.k8s.io/v1/RoleBinding": () => require("kubernetes-models/rbac.authorization.k8s.io/v1/RoleBinding").RoleBinding,
};

const at = (o: unknown, pointer: string): unknown =>
    pointer.split("/").slice(1).reduce<unknown>((v, k) => (v && typeof v === "object" ? (v as Record<string, unknown>)[k.replace(/~1/g, "/").replace(/~0/g, "~")] : undefined), o);

/** Every schema violation of one manifest (apiVersion + kind + the rest, as applied). */
export function validateManifest(m: Record<string, unknown>): Finding[] {
    const meta = (m.metadata ?? {}) as { name?: string; namespace?: string };
    const object = `${String(m.kind)} ${meta.namespace ? `${meta.namespace}/` : ""}${meta.name ?? "(unnamed)"}`;
    const load = MODELS[`${String(m.apiVersion)}/${String(m.kind)}`];
    if (!load) return [{ object, field: "/kind", value: `${String(m.apiVersion)} ${String(m.kind)}`, rule: "no schema is known for this kind (add it to specs/kubernetes.ts)" }];
    const unknown = [...unknownFields(m, declaration(MODEL_FILES[`${String(m.apiVersion)}/${String(m.kind)}`]), "").map((f) => ({ object, ...f })), ...ingressPaths(m, object)];
    try {
        new (load())(m).validate();
        return unknown;
    } catch (err) {
        const errors = (err as { errors?: { instancePath: string; message?: string; params?: Record<string, unknown> }[] }).errors;
        if (!errors) throw err;
        return [...unknown, ...errors.map((e) => {
            const missing = e.params?.missingProperty as string | undefined;
            const field = missing ? `${e.instancePath}/${missing}` : e.instancePath || "/";
            const allowed = e.params?.allowedValues as unknown[] | undefined;
            return { object, field, value: missing ? undefined : at(m, e.instancePath), rule: `${e.message ?? "invalid"}${allowed ? `: ${allowed.join(", ")}` : ""}` };
        })];
    }
}

/**
 * What the API server refuses in an Ingress path beyond the schema (kubernetes pkg/apis/networking/
 * validation validateHTTPIngressPath): every path is absolute; Exact and Prefix paths hold no `//`,
 * `/./`, `/../`, `%2f`, `%2F` and do not end in `/.` or `/..`.
 */
function ingressPaths(m: Record<string, unknown>, object: string): Finding[] {
    if (m.kind !== "Ingress") return [];
    const rules = ((m.spec as { rules?: { http?: { paths?: { path?: string; pathType?: string }[] } }[] } | undefined)?.rules ?? []);
    return rules.flatMap((r, i) => (r.http?.paths ?? []).flatMap((p, j): Finding[] => {
        const field = `/spec/rules/${i}/http/paths/${j}/path`;
        if (typeof p.path !== "string") return [];
        if (!p.path.startsWith("/")) return [{ object, field, value: p.path, rule: "must be an absolute path" }];
        if (p.pathType !== "ImplementationSpecific" && (/\/\/|\/\.\.?\/|%2f/i.test(p.path) || /\/\.\.?$/.test(p.path))) {
            return [{ object, field, value: p.path, rule: "must not contain '//', '/./', '/../', '%2f' or end in '/.' or '/..' (Exact and Prefix paths)" }];
        }
        return [];
    }));
}

const MODELS_DIR = path.dirname(require.resolve("kubernetes-models/package.json"));
const MODEL_FILES: Record<string, string> = {
    "networking.k8s.io/v1/Ingress": "networking.k8s.io/v1/Ingress.d.ts",
    "v1/Secret": "v1/Secret.d.ts",
    "v1/ConfigMap": "v1/ConfigMap.d.ts",
    "v1/Service": "v1/Service.d.ts",
    "apps/v1/Deployment": "apps/v1/Deployment.d.ts",
    "rbac.authorization.k8s.io/v1/Role": "rbac.authorization.k8s.io/v1/Role.d.ts",
    "rbac.authorization.k8s.io/v1/RoleBinding": "rbac.authorization.k8s.io/v1/RoleBinding.d.ts",
};

/** A file of another package (@kubernetes-models/apimachinery), wherever npm put it; its `exports` hide .d.ts files from require.resolve. */
function packageFile(spec: string): string {
    const roots = [path.join(MODELS_DIR, "node_modules"), path.dirname(MODELS_DIR)];
    const found = roots.map((r) => path.join(r, spec)).find((f) => fs.existsSync(`${f}.d.ts`));
    if (!found) throw new Error(`cannot find the declarations of ${spec} beside kubernetes-models`);
    return found;
}

/** A field's declared type: another object, an array or map of one, or a leaf (string, number, enum, IntOrString). */
type FieldType = { kind: "object"; file: string } | { kind: "array" | "map"; of: FieldType } | { kind: "leaf" };

interface Declaration {
    fields: Map<string, FieldType>;
}

const declarations = new Map<string, Declaration | undefined>();

/** The fields of the interface a generated .d.ts file declares (undefined for a type alias, a leaf). */
function declaration(file: string): Declaration | undefined {
    const full = path.isAbsolute(file) ? file : path.join(MODELS_DIR, file);
    if (declarations.has(full)) return declarations.get(full);
    const text = fs.readFileSync(full, "utf8");
    const imports = new Map<string, string>();
    for (const m of text.matchAll(/import \{ (\w+) \} from "([^"]+)";/g)) {
        imports.set(m[1], `${m[2].startsWith(".") ? path.resolve(path.dirname(full), m[2]) : packageFile(m[2])}.d.ts`);
    }
    const body = /export interface \w+(?: extends [\w, ]+)? \{\n([\s\S]*?)\n\}/.exec(text)?.[1];
    const decl = body === undefined ? undefined : { fields: new Map<string, FieldType>() };
    // Top-level members only: each starts with four spaces and a quoted name.
    for (const m of (body ?? "").matchAll(/^ {4}"([^"]+)"\??: ([\s\S]*?);$(?=\n {4}"|\n?$)/gm)) decl!.fields.set(m[1], fieldType(m[2].trim(), imports));
    declarations.set(full, decl);
    return decl;
}

function fieldType(t: string, imports: Map<string, string>): FieldType {
    const array = /^Array<(.+)>$/.exec(t);
    if (array) return { kind: "array", of: fieldType(array[1], imports) };
    const map = /^\{\s*\[key: string\]: ([\s\S]+?);\s*\}$/.exec(t);
    if (map) return { kind: "map", of: fieldType(map[1].trim(), imports) };
    const file = imports.get(t);
    return file ? { kind: "object", file } : { kind: "leaf" };
}

/** Fields of `value` that its declaration does not have, anywhere below. */
function unknownFields(value: unknown, decl: Declaration | undefined, at: string): Omit<Finding, "object">[] {
    if (!decl || typeof value !== "object" || value === null || Array.isArray(value)) return [];
    const out: Omit<Finding, "object">[] = [];
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        const t = decl.fields.get(k);
        const here = `${at}/${k}`;
        if (!t) out.push({ field: here, value: v, rule: `is not a field here (it has: ${[...decl.fields.keys()].join(", ")})` });
        else out.push(...unknownIn(v, t, here));
    }
    return out;
}

function unknownIn(v: unknown, t: FieldType, at: string): Omit<Finding, "object">[] {
    if (t.kind === "object") return unknownFields(v, declaration(t.file), at);
    if (t.kind === "array" && Array.isArray(v)) return v.flatMap((x, i) => unknownIn(x, t.of, `${at}/${i}`));
    if (t.kind === "map" && typeof v === "object" && v !== null) return Object.entries(v).flatMap(([k, x]) => unknownIn(x, t.of, `${at}/${k}`));
    return [];
}
