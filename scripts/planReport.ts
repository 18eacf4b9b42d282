/** Turns a mock-engine run into the plan: a document (for --json) and its text rendering. */
import { MockCallArgs, MockResourceArgs } from "@pulumi/pulumi/runtime/mocks";
import { knownAfterDeploy, lookedUp } from "../config/placeholders";
import { partitionOf } from "../region/regions";
import { EngineRun, reveal } from "./mockEngine";
import { SECRET_PLACEHOLDER } from "./planConfig";
import { FIX_FIRST } from "../program";
import { SpecReport, checkRendered } from "../specs";
import { KeptByDestroy, afterDeploy, albSummary, createdKinds, keptByDestroy } from "./planFacts";
import type { CostEstimate } from "./planCost";

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
    "aws:cognito/getUserPool:getUserPool": ({ inputs: i }, region) =>
        ({ id: i.userPoolId, userPoolId: i.userPoolId, arn: lookedUp(`ARN of user pool ${i.userPoolId} in ${region}`), domain: lookedUp(`hosted-UI domain of user pool ${i.userPoolId}`), tags: {} }),
    "aws:cognito/getUserPoolSigningCertificate:getUserPoolSigningCertificate": ({ inputs: i }) => ({ userPoolId: i.userPoolId, certificate: lookedUp(`signing certificate of user pool ${i.userPoolId}`) }),
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
    // Whether the group's ALB exists: the plan cannot know, and plans as for a first deploy.
    "aws:lb/getLbs:getLbs": ({ inputs: i }) => ({ arns: [], tags: i.tags }),
    "aws:lb/getLoadBalancer:getLoadBalancer": ({ inputs: i }, region) => ({ name: i.name, arn: lookedUp(`ARN of ALB ${i.name} in ${region}`), dnsName: lookedUp(`DNS name of ALB ${i.name}`) }),
    "aws:index/getCallerIdentity:getCallerIdentity": () => ({ accountId: lookedUp("the account of the credentials"), arn: lookedUp("the caller"), userId: lookedUp("the caller") }),
    "aws:index/getRegion:getRegion": (_a, region) => ({ region, name: region, id: region }),
    "aws:index/getPartition:getPartition": (_a, region) => ({ partition: partitionOf(region ?? "us-east-1"), id: partitionOf(region ?? "us-east-1") }),
};

/** Mock state for an offline run: placeholders for everything only the cloud assigns, nothing real-looking. */
export function cloudAssigned(args: MockResourceArgs): Record<string, unknown> {
    // A read: the object as it is in the cluster, which only the deployment sees.
    if (args.id) {
        if (args.type.endsWith(":IngressClass")) return { metadata: { name: args.id }, spec: { controller: lookedUp(`the controller of IngressClass ${args.id}`) } };
        if (args.type.endsWith(":Deployment")) {
            return { metadata: { annotations: {} }, spec: { template: { spec: { serviceAccountName: lookedUp(`the ServiceAccount of Deployment ${args.id}`),
                containers: [{ name: "aws-load-balancer-controller", image: lookedUp(`the image of Deployment ${args.id}`) }] } } } };
        }
        if (args.type === "aws:acm/certificate:Certificate") return { domainName: lookedUp(`the domain of certificate ${args.id}`), subjectAlternativeNames: [], status: lookedUp(`the status of certificate ${args.id}`) };
        return { metadata: { annotations: {} } };
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
        // A custom domain's CloudFront distribution; a prefix domain has one too, which nothing reads.
        case "aws:cognito/userPoolDomain:UserPoolDomain": return { id, cloudfrontDistribution: knownAfterDeploy(`${args.inputs.domain}'s CloudFront distribution`), cloudfrontDistributionZoneId: "Z2FDTNDATAQYW2" };
        case "aws:iam/role:Role":
        case "aws:lambda/function:Function": return { id, name: knownAfterDeploy(`${args.name}'s generated name`), arn: knownAfterDeploy(`${args.name}.arn`) };
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
    /** The parent's type token (`mdai:cognito:CognitoAuth`). */
    parentType?: string;
    settings: Record<string, unknown>;
    retainOnDelete?: boolean;
}

/** The console's ALB as the Ingress annotations ask the controller for it. */
export interface AlbSummary {
    name: string;
    scheme: string;
    group: string;
    /** Who may connect: the Ingress's inbound-cidrs, or undefined (anyone who reaches the scheme's network). */
    inboundCidrs?: string;
    sslPolicy?: string;
    /** load-balancer-attributes, by name. */
    attributes: Record<string, string>;
    wafAclArn?: string;
}

/** One kind of resource the deployment creates, with the names a reviewer recognises. */
export interface CreatedKind {
    type: string;
    label: string;
    names: string[];
    /** Names kept (not deleted) by `pulumi destroy` or a replacement. */
    retained: string[];
}

export interface DnsStep {
    name: string;
    type: string;
    value: string;
    managedBy: "you" | "route53" | "external-dns";
}

/** What the user does once `pulumi up` has run. */
export interface AfterDeploy {
    dns: DnsStep[];
    /** A certificate the user gave: it must cover every host. Undefined when this stack requests its own. */
    certificate?: { arn: string; mustCover: string[] };
    idp?: { redirectUris: string[]; postLogoutRedirectUris: string[] };
    /** Per corporate identity provider in the pool, what its administrator registers. */
    providers?: Record<string, { type: string; acsUrl?: string; entityId?: string; singleLogoutUrl?: string; redirectUri?: string; postLogoutRedirectUris?: string[] }>;
    signOut: { host: string; url: string }[];
    /** The Cognito users this stack invites, and the command for more (pool modes only). */
    users?: { invited: string[]; createUserCommand?: string; /** userPoolId: the users go into that pool. */ existingPool?: string };
}

export interface Plan {
    /** 0: deployable; 1: errors (nothing can be deployed as is); 2: pulumi up would refuse (documentation examples). */
    exitCode: 0 | 1 | 2;
    ok: boolean;
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
    /** The AWS account the explicit providers are held to, and the profile they use. */
    account: { allowedAccountIds?: string[]; forbiddenAccountIds?: string[]; profile?: string };
    alb?: AlbSummary;
    creates: CreatedKind[];
    /** Everything `pulumi destroy` would leave in the account, whole (components/keptByDestroy.ts). */
    keptByDestroy: KeptByDestroy;
    afterDeploy: AfterDeploy;
    manifests: Record<string, unknown>[];
    outputs: Record<string, unknown>;
    dnsRecord: unknown;
    warnings: string[];
    info: string[];
    /** The rendered objects checked against the Kubernetes schema and AWS's API models: findings make the plan fail. */
    specs: SpecReport;
    /** With the stack's own pool: the estimated monthly Cognito bill, and what it counted (scripts/planUsage.ts). */
    cost?: CostEstimate & { counted: string[] };
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
    "kubernetes:networking.k8s.io/v1:IngressClass": "must be served by the AWS Load Balancer Controller (ingress.k8s.aws/alb or eks.amazonaws.com/alb); its IngressClassParams may set only what cannot weaken the login (config/classParamsPolicy.ts)",
    "kubernetes:apps/v1:Deployment": "the AWS Load Balancer Controller's, read at deploy: in OIDC mode the ServiceAccount its pods run as is the only reader of the OIDC client secret (Role <ingressName>-oidc-reader in each namespace with a login); with machinePaths its image must be v2.15.0 or later (jwt-validation), else nothing is created",
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
        const p = g?.parent ? byUrn.get(g.parent) : undefined;
        const settings = Object.fromEntries(Object.entries(keySettings(r)).filter(([, v]) => v !== undefined));
        return { type: r.type, name: r.name, parent: p?.name, parentType: p?.type, settings, retainOnDelete: g?.retainOnDelete || undefined };
    });
    const outputs = readablePlaceholders(run.outputs) as Record<string, unknown>;
    const warnings = run.logs.filter((l) => l.level === "warn").map((l) => l.message);
    const configHasPlaceholders = JSON.stringify(readablePlaceholders(run.resources.filter((r) => r.type === "kubernetes:core/v1:ConfigMap").map((r) => r.inputs))).includes("<known after deploy");
    const info = run.logs.filter((l) => l.level === "info").map((l) => l.message);
    const manifests = run.resources.filter((r) => r.type.startsWith("kubernetes:")).map((r) => unknownChecksums(readablePlaceholders(manifest(r)) as Record<string, unknown>, configHasPlaceholders));
    const specs = checkRendered(run.resources.map((r) => ({ type: r.type, name: r.name, inputs: readablePlaceholders(reveal(r.inputs, SECRET_PLACEHOLDER)) as Record<string, unknown> })));
    const fixFirst = warnings.filter((w) => w.startsWith(FIX_FIRST)).map((w) => w.slice(FIX_FIRST.length));
    const exitCode = specs.findings.length ? 1 : fixFirst.length ? 2 : 0;
    const inputsOf = (type: string) => run.resources.filter((r) => r.type === type).map((r) => reveal(r.inputs, SECRET_PLACEHOLDER) as Record<string, any>); // eslint-disable-line @typescript-eslint/no-explicit-any
    const provider = inputsOf("pulumi:providers:aws")[0] ?? {};
    const json = (v: unknown) => (typeof v === "string" ? JSON.parse(v) as string[] : v as string[] | undefined);
    return {
        exitCode,
        ok: exitCode === 0,
        stack,
        stackFile,
        valuesFile: info.find((i) => i.startsWith("values file: "))?.slice("values file: ".length),
        fixFirst,
        decision: { mode: run.outputs.authMode, reason: run.outputs.authReason },
        resources,
        reads: run.reads.map((r) => ({ type: r.type, id: r.id!, check: READ_CHECKS[r.type] ?? "must exist" })),
        cluster: outputs.cluster,
        account: { allowedAccountIds: json(provider.allowedAccountIds), forbiddenAccountIds: json(provider.forbiddenAccountIds), profile: provider.profile },
        alb: albSummary(manifests, inputsOf("aws:wafv2/webAclAssociation:WebAclAssociation")[0]?.webAclArn),
        creates: createdKinds(resources),
        keptByDestroy: keptByDestroy(resources),
        afterDeploy: afterDeploy(outputs, resources),
        manifests,
        outputs,
        dnsRecord: outputs.dnsRecord,
        specs,
        warnings: warnings.filter((w) => !w.startsWith(FIX_FIRST)),
        info,
    };
}
