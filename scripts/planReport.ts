/** Turns a mock-engine run into the plan: a document (for --json) and its text rendering. */
import { MockCallArgs, MockResourceArgs } from "@pulumi/pulumi/runtime/mocks";
import * as YAML from "yaml";
import { knownAfterDeploy, lookedUp } from "../config/placeholders";
import { EngineRun, reveal } from "./mockEngine";
import { SECRET_PLACEHOLDER } from "./planConfig";
import { FIX_FIRST } from "../program";
import { SpecReport, checkRendered, formatFinding } from "../specs";

export const REDACTED = "[redacted]";

export { knownAfterDeploy, lookedUp };

/**
 * The login and logout URLs carry the client id as a query parameter, so URL encoding turns its
 * placeholder into `%3Cknown+after+deploy%3A+…%3E`; the plan shows it as it was written.
 */
export function readablePlaceholders(v: unknown): unknown {
    if (typeof v === "string") {
        return v.replace(/%3Cknown(?:\+|%20)after(?:\+|%20)deploy%3A(?:\+|%20)(.*?)%3E/gi,
            (_, what: string) => knownAfterDeploy(decodeURIComponent(what.replace(/\+/g, " "))));
    }
    if (Array.isArray(v)) return v.map(readablePlaceholders);
    if (typeof v === "object" && v !== null) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, readablePlaceholders(x)]));
    return v;
}


/** Offline answers for the program's lookups: placeholders, never real-looking values. */
export const OFFLINE_INVOKES: Record<string, (args: MockCallArgs, region: string | undefined) => Record<string, unknown>> = {
    "aws:eks/getCluster:getCluster": (a, region) => {
        const what = `EKS cluster ${a.inputs.name} in ${region}`;
        return { name: a.inputs.name, arn: lookedUp(`${what}, ARN`), endpoint: lookedUp(`${what}, endpoint`), certificateAuthorities: [{ data: lookedUp(`${what}, CA`) }] };
    },
    "aws:route53/getZone:getZone": ({ inputs: i }) => i.zoneId
        ? { zoneId: i.zoneId, name: lookedUp(`name of hosted zone ${i.zoneId}`), privateZone: false }
        : { zoneId: lookedUp(`ID of the public hosted zone ${i.name}`), name: i.name, privateZone: false },
    "aws:route53/getRecords:getRecords": ({ inputs: i }) => ({ zoneId: i.zoneId, resourceRecordSets: [] }),
    "aws:elb/getServiceAccount:getServiceAccount": (_a, region) => ({ arn: lookedUp(`the ELB account of ${region}`), region }),
    "aws:lb/getHostedZoneId:getHostedZoneId": (_a, region) => ({ id: lookedUp(`ALB hosted zone ID of ${region}`), region, loadBalancerType: "application" }),
};

/** Mock state for an offline run: placeholders for everything only the cloud assigns, nothing real-looking. */
export function cloudAssigned(args: MockResourceArgs): Record<string, unknown> {
    // A read: the object as it is in the cluster, which only the deployment sees.
    if (args.id) {
        return args.type.endsWith(":IngressClass")
            ? { metadata: { name: args.id }, spec: { controller: lookedUp(`the controller of IngressClass ${args.id}`) } }
            : { metadata: { annotations: {} } };
    }
    const id = knownAfterDeploy(`${args.name}.id`);
    switch (args.type) {
        case "aws:cognito/userPool:UserPool": return { id, arn: knownAfterDeploy(`${args.name}.arn`) };
        case "aws:cognito/userPoolClient:UserPoolClient": return { id, clientSecret: SECRET_PLACEHOLDER };
        case "aws:acm/certificate:Certificate": {
            const domains = [args.inputs.domainName, ...(args.inputs.subjectAlternativeNames ?? [])] as string[];
            return { id, arn: knownAfterDeploy(`${args.name}.arn`), domainValidationOptions: domains.map((d) => ({
                domainName: d, resourceRecordName: knownAfterDeploy(`ACM validation record name for ${d}`), resourceRecordType: "CNAME", resourceRecordValue: knownAfterDeploy(`ACM validation record value for ${d}`),
            })) };
        }
        case "aws:acm/certificateValidation:CertificateValidation": return { id, certificateArn: knownAfterDeploy("the issued certificate's ARN") };
        case "aws:route53/record:Record": return { id, fqdn: args.inputs.name };
        case "aws:s3/bucket:Bucket": return { id, bucket: knownAfterDeploy(`${args.name}.bucket`), arn: knownAfterDeploy(`${args.name}.arn`) };
        // A new stack's stash holds what it is given; an existing one's is in the state, which the plan cannot read.
        case "pulumi:index:Stash": return { id, output: args.inputs.input };
        case "kubernetes:networking.k8s.io/v1:Ingress":
            return { id, status: { loadBalancer: { ingress: [{ hostname: knownAfterDeploy(`${args.inputs.metadata?.name ?? args.name} ALB hostname`) }] } } };
        default: return args.custom === false ? {} : { id };
    }
}

export interface PlannedResource {
    type: string;
    name: string;
    /** The parent's name, for resources inside a component. */
    parent?: string;
    settings: Record<string, unknown>;
    retainOnDelete?: boolean;
}

export interface Plan {
    stack: string;
    /** The stack file read (undefined: none, every value from the values file and defaults). */
    stackFile?: string;
    /** The values file read, as the program logged it. */
    valuesFile?: string;
    /** Documentation example values that `pulumi up` refuses: the first thing to fix. */
    fixFirst: string[];
    decision: { mode: unknown; reason: unknown };
    resources: PlannedResource[];
    /** Objects read from the cluster before anything is created, and what is checked on them. */
    reads: { type: string; id: string; check: string }[];
    /** The cluster the Kubernetes objects go to. */
    cluster: unknown;
    manifests: Record<string, unknown>[];
    outputs: Record<string, unknown>;
    dnsRecord: unknown;
    warnings: string[];
    info: string[];
    /** The rendered objects checked against the Kubernetes schema and AWS's API models: findings make the plan fail. */
    specs: SpecReport;
}

/** The handful of inputs a reviewer looks at first, per resource type. */
function keySettings(r: MockResourceArgs): Record<string, unknown> {
    const i = reveal(r.inputs, SECRET_PLACEHOLDER) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    switch (r.type) {
        case "pulumi:providers:aws": return { region: i.region };
            case "pulumi:providers:kubernetes": return { clusterIdentifier: i.clusterIdentifier, context: i.context, kubeconfig: i.kubeconfig ? "(set)" : undefined };
        case "aws:cognito/userPool:UserPool":
            return { name: i.name, mfa: i.mfaConfiguration, passwordMinimumLength: i.passwordPolicy?.minimumLength, adminOnlySignUp: i.adminCreateUserConfig?.allowAdminCreateUserOnly, deletionProtection: i.deletionProtection };
        case "aws:cognito/userPoolClient:UserPoolClient":
            return { name: i.name, generateSecret: i.generateSecret, oauthFlows: i.allowedOauthFlows, scopes: i.allowedOauthScopes, callbackUrls: i.callbackUrls };
        case "aws:cognito/userPoolDomain:UserPoolDomain": return { domain: i.domain };
        case "aws:cognito/user:User": return { username: i.username };
        case "aws:acm/certificate:Certificate": return { domainName: i.domainName, subjectAlternativeNames: i.subjectAlternativeNames, validationMethod: i.validationMethod };
        case "aws:acm/certificateValidation:CertificateValidation": return { certificateArn: i.certificateArn };
        case "aws:route53/record:Record":
            return { zoneId: i.zoneId, name: i.name, type: i.type, alias: i.aliases?.[0]?.name, records: i.records, allowOverwrite: i.allowOverwrite };
        default:
            return i.metadata ? { namespace: i.metadata.namespace, name: i.metadata.name } : {};
    }
}

/** Kubernetes manifests as applied, with Secret values replaced (their keys stay visible). */
function manifest(r: MockResourceArgs): Record<string, unknown> {
    const m = reveal(r.inputs, SECRET_PLACEHOLDER) as Record<string, unknown>;
    if (m.kind === "Secret") {
        for (const field of ["data", "stringData"]) {
            const values = reveal((r.inputs as Record<string, unknown>)[field]) as Record<string, unknown> | undefined;
            if (values) m[field] = Object.fromEntries(Object.keys(values).map((k) => [k, REDACTED]));
        }
    }
    return m;
}

const READ_CHECKS: Record<string, string> = {
    "kubernetes:core/v1:Service": "must exist (else the ALB answers 503) and carry no alb.ingress.kubernetes.io/auth-* annotation",
    "kubernetes:networking.k8s.io/v1:IngressClass": "must be served by the AWS Load Balancer Controller (ingress.k8s.aws/alb or eks.amazonaws.com/alb); its IngressClassParams may not set another scheme, inboundCIDRs or group",
    "kubernetes:core/v1:ServiceAccount": "must exist: the only reader of the OIDC client secret (Role <ingressName>-oidc-reader in each namespace with a login)",
};

/** The sign-out pods' config checksum hashes placeholders offline: show it as unknown rather than as a real-looking hash. */
function unknownChecksums(m: Record<string, unknown>, configHasPlaceholders: boolean): Record<string, unknown> {
    const template = (m.spec as { template?: { metadata?: { annotations?: Record<string, string> } } } | undefined)?.template;
    const a = template?.metadata?.annotations;
    if (a?.["mdai.io/nginx-conf-sha256"] && configHasPlaceholders) a["mdai.io/nginx-conf-sha256"] = knownAfterDeploy("sha256 of nginx.conf");
    return m;
}

export function buildPlan(stack: string, stackFile: string | undefined, run: EngineRun): Plan {
    const byUrn = new Map(run.registrations.map((g) => [g.urn, g]));
    // type + name is unique within a stack; a map keeps a plan with hundreds of users linear.
    const byTypeAndName = new Map(run.registrations.map((g) => [`${g.type}::${g.name}`, g]));
    const resources = run.resources.map((r): PlannedResource => {
        const g = byTypeAndName.get(`${r.type}::${r.name}`);
        const parent = g?.parent ? byUrn.get(g.parent)?.name : undefined;
        const settings = Object.fromEntries(Object.entries(keySettings(r)).filter(([, v]) => v !== undefined));
        return { type: r.type, name: r.name, parent, settings, retainOnDelete: g?.retainOnDelete || undefined };
    });
    const outputs = readablePlaceholders(run.outputs) as Record<string, unknown>;
    const warnings = run.logs.filter((l) => l.level === "warn").map((l) => l.message);
    const configHasPlaceholders = JSON.stringify(readablePlaceholders(run.resources.filter((r) => r.type === "kubernetes:core/v1:ConfigMap").map((r) => r.inputs))).includes("<known after deploy");
    const info = run.logs.filter((l) => l.level === "info").map((l) => l.message);
    return {
        stack,
        stackFile,
        valuesFile: info.find((i) => i.startsWith("values file: "))?.slice("values file: ".length),
        fixFirst: warnings.filter((w) => w.startsWith(FIX_FIRST)).map((w) => w.slice(FIX_FIRST.length)),
        decision: { mode: run.outputs.authMode, reason: run.outputs.authReason },
        resources,
        reads: run.reads.map((r) => ({ type: r.type, id: r.id!, check: READ_CHECKS[r.type] ?? "must exist" })),
        cluster: outputs.cluster,
        manifests: run.resources.filter((r) => r.type.startsWith("kubernetes:")).map((r) => unknownChecksums(readablePlaceholders(manifest(r)) as Record<string, unknown>, configHasPlaceholders)),
        outputs,
        dnsRecord: outputs.dnsRecord,
        specs: checkRendered(run.resources.map((r) => ({ type: r.type, name: r.name, inputs: readablePlaceholders(reveal(r.inputs, SECRET_PLACEHOLDER)) as Record<string, unknown> }))),
        warnings: warnings.filter((w) => !w.startsWith(FIX_FIRST)),
        info,
    };
}

const brief = (v: unknown) => (typeof v === "string" ? v : JSON.stringify(v));

function table(rows: string[][]): string[] {
    const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
    return rows.map((r) => "  " + r.map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(widths[c]))).join("  "));
}

export function renderText(plan: Plan): string {
    const out: string[] = [];
    const source = plan.stackFile ?? `no Pulumi.${plan.stack}.yaml: values from the values file and defaults`;
    out.push(`mdai-cognito plan for stack ${plan.stack} (${source}); nothing is deployed.`, `Values file: ${plan.valuesFile ?? "-"}`, "");
    if (plan.fixFirst.length) {
        out.push(`FIX FIRST — pulumi up refuses to deploy these documentation examples (${plan.fixFirst.length}):`, ...plan.fixFirst.map((f) => `  - ${f}`), "");
    }
    out.push(`Authentication: ${plan.decision.mode} (${plan.decision.reason})`, "");
    const c = plan.cluster as { via: string; name: string; region?: string; context?: string; identifier: string } | undefined;
    if (c) {
        out.push(c.via === "clusterName"
            ? `Cluster: EKS cluster ${c.name} in ${c.region}, looked up by name (clusterName); token from \`aws eks get-token\`; clusterIdentifier ${c.identifier}`
            : `Cluster: kubeconfig context ${c.context} (cluster ${c.name}); clusterIdentifier ${c.identifier}`, "");
    }
    out.push(`Resources (${plan.resources.length}):`);
    out.push(...table([["TYPE", "NAME", "PARENT", "KEY SETTINGS"], ...plan.resources.map((r) => [
        r.type, r.name, r.parent ?? "-",
        [...Object.entries(r.settings).map(([k, v]) => `${k}=${brief(v)}`), ...(r.retainOnDelete ? ["retainOnDelete"] : [])].join(", "),
    ])]));
    const doors = (plan.outputs.doors ?? []) as { host: string; path: string; pathType: string; access: string; backend: string; ingress: string }[];
    if (doors.length) {
        out.push("", "Doors, in the order the ALB evaluates them (login: redirect to sign-in; 401: no redirect; public: no login):");
        out.push(...table([["HOST", "PATH", "MATCH", "ACCESS", "BACKEND", "INGRESS"], ...doors.map((d) => [d.host, d.path, d.pathType === "Exact" ? "exact" : d.pathType === "Prefix" ? "and below" : "pattern", d.access, d.backend, d.ingress])]));
        const ingress = plan.manifests.find((m) => m.kind === "Ingress") as { metadata?: { annotations?: Record<string, string> } } | undefined;
        const a = ingress?.metadata?.annotations ?? {};
        out.push(`  IngressGroup ${a["alb.ingress.kubernetes.io/group.name"]}: one ALB, ${a["alb.ingress.kubernetes.io/load-balancer-name"]}, ${a["alb.ingress.kubernetes.io/scheme"]}. ` +
            "A stack deployed by a release without the IngressGroup gets a new ALB (a new DNS name) once: see the README's upgrade note.");
    }
    out.push("", "Read from the cluster before anything is created:", ...(plan.reads.length ? plan.reads.map((r) => `  ${r.type} ${r.id}: ${r.check}`) : ["  (nothing)"]));
    out.push("", "Kubernetes manifests (Secret values redacted):");
    for (const m of plan.manifests) out.push("---", YAML.stringify(m, { lineWidth: 0 }).trimEnd());
    out.push("", "Stack outputs:");
    for (const [k, v] of Object.entries(plan.outputs)) if (v !== undefined) out.push(`  ${k}: ${brief(v)}`);
    const dns = plan.dnsRecord as { name: string; type: string; value: string; managedBy: string } | undefined;
    const who = { you: "to create after deploy", route53: "created by this stack in Route 53 (an alias)", "external-dns": "kept by ExternalDNS in the cluster" }[dns?.managedBy ?? "you"];
    out.push("", `DNS record ${who}:`, dns ? `  ${dns.name}  ${dns.type}  ${dns.value}` : "  (none)");
    const dnsInfo = plan.info.find((i) => i.startsWith("dns: "));
    if (dnsInfo) out.push(`  (${dnsInfo.slice("dns: ".length).replace(/\.$/, "")})`);
    const f = plan.specs.findings;
    out.push("", f.length ? `SPEC VIOLATIONS (${f.length}) — pulumi up would fail on these; nothing here can be deployed as is:` : `Specs: ${plan.specs.summary}: no violations.`);
    if (f.length) out.push(...f.map((x) => `  - [${x.spec}] ${formatFinding(x)}`), `  (${plan.specs.summary})`);
    out.push("", `Warnings (${plan.warnings.length}):`, ...(plan.warnings.length ? plan.warnings.map((w) => `  - ${w}`) : ["  (none)"]));
    return out.join("\n") + "\n";
}
