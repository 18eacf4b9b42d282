/**
 * Kubernetes objects checked against the Kubernetes OpenAPI schema, through `kubernetes-models`
 * (generated from that schema, validating with ajv): types, enums, required fields. Version 4.5
 * (schemas of Kubernetes 1.33) is the last that loads with require() and on Node 20.
 */
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
    try {
        new (load())(m).validate();
        return [];
    } catch (err) {
        const errors = (err as { errors?: { instancePath: string; message?: string; params?: Record<string, unknown> }[] }).errors;
        if (!errors) throw err;
        return errors.map((e) => {
            const missing = e.params?.missingProperty as string | undefined;
            const field = missing ? `${e.instancePath}/${missing}` : e.instancePath || "/";
            const allowed = e.params?.allowedValues as unknown[] | undefined;
            return { object, field, value: missing ? undefined : at(m, e.instancePath), rule: `${e.message ?? "invalid"}${allowed ? `: ${allowed.join(", ")}` : ""}` };
        });
    }
}
