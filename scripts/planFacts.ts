/**
 * What the plan tells a person beyond the raw run: the ALB as asked for, what is created counted
 * by kind, and the steps left to them once `pulumi up` has run. Pure functions of the run's data.
 */
import type { AfterDeploy, AlbSummary, CreatedKind, DnsStep, PlannedResource } from "./planReport";

import { ANNOTATION_PREFIX as A } from "../config/annotationPolicy";
import { KEPT_OUTSIDE_STATE, keptEntryOf } from "../components/keptByDestroy";

/** The console's ALB from the first Ingress's annotations (every member of the group names the same one). */
export function albSummary(manifests: Record<string, unknown>[], wafAclArn: string | undefined): AlbSummary | undefined {
    const ingress = manifests.find((m) => m.kind === "Ingress") as { metadata?: { annotations?: Record<string, string> } } | undefined;
    const a = ingress?.metadata?.annotations;
    if (!a?.[`${A}load-balancer-name`]) return undefined;
    const attributes = Object.fromEntries((a[`${A}load-balancer-attributes`] ?? "").split(",").filter(Boolean).map((kv) => kv.split("=") as [string, string]));
    return { name: a[`${A}load-balancer-name`], scheme: a[`${A}scheme`], group: a[`${A}group.name`], inboundCidrs: a[`${A}inbound-cidrs`], sslPolicy: a[`${A}ssl-policy`], attributes, wafAclArn };
}

const LABELS: Record<string, string> = {
    "aws:cognito/userPool:UserPool": "Cognito user pool",
    "aws:cognito/userPoolClient:UserPoolClient": "Cognito app client",
    "aws:cognito/userPoolDomain:UserPoolDomain": "Cognito hosted-UI domain",
    "aws:cognito/managedLoginBranding:ManagedLoginBranding": "Cognito managed login style",
    "aws:cognito/user:User": "Cognito user",
    "aws:cognito/userGroup:UserGroup": "Cognito group",
    "aws:cognito/userInGroup:UserInGroup": "Cognito group membership",
    "aws:cognito/riskConfiguration:RiskConfiguration": "Cognito threat protection",
    "aws:acm/certificate:Certificate": "ACM certificate",
    "aws:acm/certificateValidation:CertificateValidation": "ACM validation (a wait)",
    "aws:route53/record:Record": "Route 53 record",
    "aws:wafv2/webAclAssociation:WebAclAssociation": "WAF web ACL association",
    "aws:iam/role:Role": "IAM role",
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment": "IAM policy attachment",
    "aws:iam/rolePolicy:RolePolicy": "IAM inline policy",
    "aws:lambda/function:Function": "Lambda function",
    "aws:lambda/permission:Permission": "Lambda invoke permission",
    "aws:lambda/invocation:Invocation": "Lambda invocation per user",
    "pulumi:index:Stash": "Pulumi stash (kept in the state)",
};

/** `aws:s3/bucketPolicy:BucketPolicy` → `s3 BucketPolicy`; `kubernetes:apps/v1:Deployment` → `Deployment`. */
function label(type: string): string {
    if (LABELS[type]) return LABELS[type];
    const [pkg, mod, name] = type.split(":");
    return pkg === "kubernetes" ? name : `${mod.split("/")[0]} ${name}`;
}

/** The name a reviewer knows a resource by: its Kubernetes or AWS name, else Pulumi's. */
function shownName(r: PlannedResource): string {
    const s = r.settings as Record<string, unknown>;
    if (typeof s.namespace === "string" && typeof s.name === "string") return `${s.namespace}/${s.name}`;
    if (r.type === "aws:route53/record:Record") return `${String(s.name)} ${String(s.type)}`;
    for (const k of ["username", "domain", "name", "domainName"]) if (typeof s[k] === "string") return s[k] as string;
    return r.name;
}

/** Resources that exist in the cloud or the cluster, grouped by kind in the order they first appear. */
export function createdKinds(resources: PlannedResource[]): CreatedKind[] {
    const kinds = new Map<string, CreatedKind>();
    for (const r of resources) {
        if (r.type.startsWith("pulumi:providers:") || r.type.startsWith("mdai:")) continue;
        const k = kinds.get(r.type) ?? { type: r.type, label: label(r.type), names: [], retained: [] };
        k.names.push(shownName(r));
        if (r.retainOnDelete) k.retained.push(shownName(r));
        kinds.set(r.type, k);
    }
    // What users meet first; the functions and roles behind the gate and the removal sign-out next; state-only bookkeeping last.
    const rank = (t: string) => (t === "pulumi:index:Stash" ? 2 : /^aws:(iam|lambda)\//.test(t) ? 1 : 0);
    return [...kinds.values()].sort((a, b) => rank(a.type) - rank(b.type));
}

/** What `pulumi destroy` would leave: the retained resources by entry, and what the stack's resources create outside its state. */
export interface KeptByDestroy {
    resources: { id: string; what: string; why: string; names: string[] }[];
    outsideState: { id: string; what: string; when: string }[];
}

export function keptByDestroy(resources: PlannedResource[]): KeptByDestroy {
    const byEntry = new Map<string, KeptByDestroy["resources"][number]>();
    for (const r of resources.filter((x) => x.retainOnDelete)) {
        const e = keptEntryOf(r.type, r.parentType);
        // A resource kept without a documented reason is a gap in docs/destroy.md: fail the plan, do not guess.
        if (!e) throw new Error(`${r.type} ${r.name} (under ${r.parentType ?? "the stack"}) is kept by pulumi destroy but components/keptByDestroy.ts has no entry for it`);
        const k = byEntry.get(e.id) ?? { id: e.id, what: e.what, why: e.why, names: [] };
        k.names.push(shownName(r));
        byEntry.set(e.id, k);
    }
    const types = new Set(resources.map((r) => r.type));
    return {
        resources: [...byEntry.values()],
        outsideState: KEPT_OUTSIDE_STATE.filter((e) => types.has(e.createdBy)).map((e) => ({ id: e.id, what: e.what, when: e.when })),
    };
}

interface Outputs {
    uiUrl?: string;
    dnsRecord?: DnsStep;
    certificateArn?: string;
    signOutUrl?: string;
    userPoolId?: string;
    createUserCommand?: string;
    idpRegistration?: AfterDeploy["idp"];
    identityProviders?: AfterDeploy["providers"];
    apps?: Record<string, { url: string; signOutUrl?: string; dnsRecord?: DnsStep }>;
}

const hostOf = (url: string) => new URL(url).hostname;

export function afterDeploy(outputs: Record<string, unknown>, resources: PlannedResource[]): AfterDeploy {
    const o = outputs as Outputs;
    const apps = Object.values(o.apps ?? {});
    const hosts = [o.uiUrl, ...apps.map((a) => a.url)].filter((u): u is string => Boolean(u)).map(hostOf);
    const signOut = [{ url: o.signOutUrl }, ...apps.map((a) => ({ url: a.signOutUrl }))].filter((x): x is { url: string } => Boolean(x.url)).map((x) => ({ host: hostOf(x.url), url: x.url }));
    const requested = resources.some((r) => r.type === "aws:acm/certificate:Certificate");
    return {
        dns: [o.dnsRecord, ...apps.map((a) => a.dnsRecord)].filter((d): d is DnsStep => Boolean(d)),
        certificate: !requested && o.certificateArn ? { arn: o.certificateArn, mustCover: hosts } : undefined,
        idp: o.idpRegistration,
        providers: o.identityProviders,
        signOut,
        users: o.userPoolId ? {
            invited: resources.filter((r) => r.type === "aws:cognito/user:User").map((r) => String((r.settings as { username?: string }).username ?? r.name)),
            createUserCommand: o.createUserCommand,
            // userPoolId: the stack creates no pool of its own.
            existingPool: resources.some((r) => r.type === "aws:cognito/userPool:UserPool") ? undefined : o.userPoolId,
        } : undefined,
    };
}
