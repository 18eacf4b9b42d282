/**
 * IAM as the twin's functions meet it: evaluated when a call is made, against the role's policies
 * as they are at that moment (facts sheet: "IAM is evaluated at call time"). Inline role policies
 * (aws.iam.RolePolicy) and managed-policy attachments; Allow statements with exact or `*`
 * actions and resources — the shapes this program writes.
 */
import type { Op, Outputs, Provider } from "./providers";

export interface Role {
    name: string;
    /** Inline policy documents by the policy's resource URN, and attached managed policy ARNs. */
    policies: Map<string, { Statement?: { Effect?: string; Action?: string | string[]; Resource?: string | string[] }[] }>;
    attached: string[];
}

const str = (v: unknown) => String(v ?? "");
const list = (v: string | string[] | undefined) => (Array.isArray(v) ? v : v === undefined ? [] : [v]);
const matches = (pattern: string, value: string) => pattern === "*" || pattern === value || (pattern.endsWith("*") && value.startsWith(pattern.slice(0, -1)));

/** Whether `roleArn` may call `action` on `resource` now. */
export function allowed(roles: Map<string, Role>, roleArn: string, action: string, resource: string): boolean {
    const role = roles.get(roleArn);
    if (!role) return false;
    return [...role.policies.values()].some((doc) => (doc.Statement ?? []).some((s) => s.Effect === "Allow" &&
        list(s.Action).some((a) => matches(a, action)) && list(s.Resource).some((r) => matches(r, resource))));
}

const roleByName = (op: Op) => [...op.world.roles.values()].find((r) => r.name === op.inputs.role);

/** terraform-provider-aws iam/role.go, role_policy.go, role_policy_attachment.go. */
export const IAM_PROVIDERS: Record<string, Provider> = {
    "aws:iam/role:Role": {
        create(op) {
            const name = `${op.urn.split("::").pop()}-${++op.world.serial}`;
            const arn = `arn:aws:iam::${op.world.account}:role/${name}`;
            op.world.roles.set(arn, { name, policies: new Map(), attached: [] });
            return { name, arn, id: name };
        },
        update: () => ({}),
        delete(op) {
            op.world.roles.delete(str(op.prev?.arn));
        },
    },
    "aws:iam/rolePolicy:RolePolicy": {
        create(op) {
            const role = roleByName(op);
            if (!role) throw new Error(`NoSuchEntity: The role with name ${str(op.inputs.role)} cannot be found.`);
            role.policies.set(op.urn, JSON.parse(str(op.inputs.policy)));
            return {};
        },
        update(op): Outputs {
            return IAM_PROVIDERS["aws:iam/rolePolicy:RolePolicy"].create(op);
        },
        delete(op) {
            [...op.world.roles.values()].find((r) => r.name === op.prev?.role)?.policies.delete(op.urn);
        },
    },
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment": {
        create(op) {
            roleByName(op)?.attached.push(str(op.inputs.policyArn));
            return {};
        },
        delete(op) {
            const role = [...op.world.roles.values()].find((r) => r.name === op.prev?.role);
            if (role) role.attached = role.attached.filter((a) => a !== op.prev?.policyArn);
        },
    },
};
