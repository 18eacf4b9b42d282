/**
 * Runs the real program (program.ts, as index.ts does) under Pulumi's mock engine, once per call,
 * with mocked cloud state a test can assert on.
 */
import type { Fetch } from "../wiring/federation";
import { fixtureFetch } from "./federationFixtures";
import { MockCallArgs, MockResourceArgs } from "@pulumi/pulumi/runtime/mocks";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as YAML from "yaml";
import { PROJECT } from "../config/keys";
import { resolveSources } from "../config/sources";
import { Settings, validateSettings } from "../config/validate";
import { mdaiCognito } from "../program";
import { checkRendered, formatFinding } from "../specs";
import { partitionOf } from "../region/regions";
import { EngineRun, FailedRun, LogLine, Program, Registration, reveal, runUnderMocks, lightenMockRuntime } from "../scripts/mockEngine";
import type { Resolver } from "../wiring/authDomain";

export { FailedRun, isSecretInput, reveal, unwrap } from "../scripts/mockEngine";

lightenMockRuntime();
export type { LogLine, Registration };

export { ACCOUNT, MOCK_ALB_HOSTNAME, MOCK_CLIENT_SECRET } from "./mockCloud";
import { ACCOUNT, MOCK_ALB_HOSTNAME, computedState } from "./mockCloud";
/** The ALB behind MOCK_ALB_HOSTNAME, named as its DNS name says. */
export const mockAlbArn = (region: string) => `arn:aws:elasticloadbalancing:${region}:${ACCOUNT}:loadbalancer/app/k8s-default-uialbing-0123456789/50dc6c495c0c9188`;

export const certArn = (region: string) => `arn:${partitionOf(region)}:acm:${region}:${ACCOUNT}:certificate/0b9b5a4e-2f3c-4d1e-9a8b-7c6d5e4f3a2b`;

/** An external OIDC identity provider, as `oidc` holds it. */
export const EXTERNAL_IDP = {
    issuer: "https://login.example.org",
    authorizationEndpoint: "https://login.example.org/oauth2/authorize",
    tokenEndpoint: "https://login.example.org/oauth2/token",
    userInfoEndpoint: "https://login.example.org/oauth2/userinfo",
    clientId: "mdai-console",
    clientSecret: "external-idp-secret-42c1",
};

/** An app behind the console's ALB with every kind of door, as the day-2, upgrade and door tests use it. */
export const GRAFANA_APP = { name: "grafana", hostname: "grafana.example.com", serviceName: "grafana", servicePort: "http", namespace: "monitoring", publicPaths: ["/public"], apiPaths: ["/api"] };
/** A regional web ACL of the tests' account in us-east-1. */
export const WAF_ACL_ARN = "arn:aws:wafv2:us-east-1:123456789012:regional/webacl/mdai/0b9b5a4e-2f3c-4d1e-9a8b-7c6d5e4f3a2b";

/** A minimal valid configuration for `region`. */
export function baseConfig(region = "us-east-1"): Record<string, string> {
    return {
        "aws:region": region,
        uiHostname: "mdai.example.com",
        userPoolDomain: "mdai-login-test",
        certificateArn: certArn(region),
        clusterName: "mdai-test",
    };
}

export const eksClusterArn = (region: string, name = "mdai-test") => `arn:${partitionOf(region)}:eks:${region}:${ACCOUNT}:cluster/${name}`;

export interface RunResult extends EngineRun {
    /** URNs of every registered resource. */
    urns: string[];
    ofType(type: string): MockResourceArgs[];
    one(type: string): MockResourceArgs;
    /** The console's own Ingress (`suffix` "-public" for the signed-out page's). */
    ingress(suffix?: string): MockResourceArgs;
    warnings(): string[];
}

export interface RunOptions {
    /** Keys without a namespace are put in `mdai-cognito:`. */
    config?: Record<string, string>;
    secretKeys?: string[];
    env?: Record<string, string | undefined>;
    /** Where values/aws.env is looked for; defaults to a new empty directory. */
    cwd?: string;
    stack?: string;
    /**
     * Run as `pulumi up` rather than as a preview. The program behaves the same either way except
     * that a deployment refuses documentation example values, which the fixtures use throughout.
     * @default false
     */
    deploying?: boolean;
    /**
     * What reading a Kubernetes Service ("namespace/name") finds: its annotations, or `null` when
     * it does not exist. Services not listed exist without annotations.
     */
    services?: Record<string, { annotations?: Record<string, string> } | null>;
    /** IngressClasses by name: each one's spec. @default alb, served by the AWS Load Balancer Controller */
    ingressClasses?: Record<string, { controller: string; parameters?: { apiGroup?: string; kind: string; name: string } }>;
    /** IngressClassParams by name: each one's spec. @default none */
    ingressClassParams?: Record<string, Record<string, unknown>>;
    /** Deployments ("namespace/name") by their spec, or null where none exists; the others run as a ServiceAccount of their own name. */
    deployments?: Record<string, Record<string, unknown> | null>;
    /** Cognito user pools the account already holds, by id (what getUserPool finds). @default none */
    userPools?: Record<string, { domain?: string; tags?: Record<string, string>; selfSignUp?: boolean }>;
    /** Route 53 hosted zones the account holds. @default MOCK_ZONES */
    zones?: MockZone[];
    /** Record sets the zones already hold (what getRecords finds). @default none */
    records?: { name: string; type: string; values?: string[]; aliasTarget?: string }[];
    /** What reads the identity providers' documents. @default fixtureFetch (tests/federationFixtures.ts) */
    fetch?: Fetch;
    /** Whether a name resolves (authDomain and its parent). @default every name resolves, to no TXT record */
    resolve?: Resolver;
}

export interface MockZone {
    id: string;
    name: string;
    private: boolean;
}

export const MOCK_ZONES: MockZone[] = [
    { id: "Z0EXAMPLE0PUBLIC", name: "example.com", private: false },
    { id: "Z0EXAMPLE0PRIVATE", name: "example.com", private: true },
    { id: "Z0ACME0PUBLIC", name: "acme.io", private: false },
];
/** The ALB canonical hosted zone IDs the provider's table holds, for the regions the tests use. */
export const ALB_ZONE_IDS: Record<string, string> = { "us-east-1": "Z35SXDOTRQ7X7K", "eu-west-1": "Z32O12XQLNTSW2", "ap-southeast-7": "Z0390008CMBRTHFGWBCB",
    "us-gov-west-1": "Z33AYJ8TM3BH4J", "cn-north-1": "Z1GDH35T77C1KE" };

type Invoke = (args: MockCallArgs, region: string | undefined, opts: RunOptions) => Record<string, unknown>;

const INVOKES: Record<string, Invoke> = {
    "aws:cognito/getUserPool:getUserPool": ({ inputs: i }, region = "us-east-1", opts) => {
        const pool = opts.userPools?.[i.userPoolId];
        if (!pool) throw new Error(`reading Cognito User Pool (${i.userPoolId}): couldn't find resource`);
        return { id: i.userPoolId, userPoolId: i.userPoolId, arn: `arn:${partitionOf(region)}:cognito-idp:${region}:${ACCOUNT}:userpool/${i.userPoolId}`, domain: pool.domain ?? "", customDomain: "", tags: pool.tags ?? {},
            adminCreateUserConfigs: [{ allowAdminCreateUserOnly: !pool.selfSignUp, inviteMessageTemplates: [], unusedAccountValidityDays: 7 }] };
    },
    "aws:cognito/getUserPoolSigningCertificate:getUserPoolSigningCertificate": ({ inputs: i }) => ({ id: i.userPoolId, userPoolId: i.userPoolId, certificate: MOCK_SIGNING_CERTIFICATE }),
    "aws:route53/getZone:getZone": ({ inputs: i }, _r, opts) => {
        const z = (opts.zones ?? MOCK_ZONES).find((x) => (i.zoneId ? x.id === i.zoneId : x.name === String(i.name).replace(/\.$/, "") && x.private === Boolean(i.privateZone)));
        if (!z) throw new Error("no matching Route 53 Hosted Zone found");
        return { zoneId: z.id, id: z.id, name: z.name, privateZone: z.private };
    },
    "aws:route53/getRecords:getRecords": ({ inputs: i }, _r, opts) => {
        const re = new RegExp(i.nameRegex);
        return { zoneId: i.zoneId, resourceRecordSets: (opts.records ?? []).map((r) => ({ name: `${r.name}.`, type: r.type, resourceRecords: (r.values ?? []).map((value) => ({ value })),
            aliasTarget: { dnsName: r.aliasTarget ?? "", hostedZoneId: "", evaluateTargetHealth: false } })).filter((r) => re.test(r.name)) };
    },
    "aws:lb/getHostedZoneId:getHostedZoneId": (_a, region = "us-east-1") => {
        if (!ALB_ZONE_IDS[region]) throw new Error(`unsupported AWS Region: ${region}`);
        return { id: ALB_ZONE_IDS[region], region, loadBalancerType: "application" };
    },
    // No ALB of the group exists yet (a first deploy); the twin answers from its world.
    "aws:lb/getLbs:getLbs": ({ inputs: i }) => ({ arns: [], tags: i.tags }),
    "aws:lb/getLoadBalancer:getLoadBalancer": ({ inputs: i }, region = "us-east-1") => {
        if (!MOCK_ALB_HOSTNAME.startsWith(`${i.name}-`)) throw new Error(`reading ELBv2 Load Balancers: couldn't find resource (name ${i.name})`);
        return { arn: mockAlbArn(region), name: i.name, dnsName: MOCK_ALB_HOSTNAME, zoneId: ALB_ZONE_IDS[region], internal: false, loadBalancerType: "application" };
    },
    // The provider's table of ELB accounts, for the regions the tests use; regions opened since August 2022 have none.
    "aws:elb/getServiceAccount:getServiceAccount": (_a, region = "us-east-1") => {
        const account = ({ "us-east-1": "127311923021", "eu-west-1": "156460612806" } as Record<string, string>)[region];
        if (!account) throw new Error(`Unsupported AWS Region: ${region}`);
        return { arn: `arn:aws:iam::${account}:root`, id: account, region };
    },
    "aws:index/getRegion:getRegion": (_a, region) => ({ region, name: region, id: region }),
    "aws:index/getCallerIdentity:getCallerIdentity": () => ({ accountId: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:user/test`, userId: "AIDATEST" }),
    "aws:index/getPartition:getPartition": () => ({ partition: "aws", dnsSuffix: "amazonaws.com" }),
    "aws:eks/getCluster:getCluster": (a, region = "us-east-1") => ({
        name: a.inputs.name, arn: eksClusterArn(region, a.inputs.name), endpoint: `https://${a.inputs.name}.gr7.${region}.eks.amazonaws.com`,
        certificateAuthorities: [{ data: MOCK_CLUSTER_CA }],
    }),
};

/** What Cognito answers for a pool's SAML signing certificate (base64 DER, no PEM armour). */
export const MOCK_SIGNING_CERTIFICATE = "MIICvDCCAaQCCQD6mockpoolsigningcertificate0";

export const MOCK_CLUSTER_CA = "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1PQ0sKLS0tLS1FTkQgQ0VSVElGSUNBVEUtLS0tLQo=";

/** Runs the mdai-cognito program (what index.ts exports). */
export function runStack(opts: RunOptions = {}): Promise<RunResult> {
    return runProgram(mdaiCognito, opts);
}

/**
 * Runs of the program with the same options give the same result (it reads nothing but them, and
 * a new empty project directory when none is given), so each distinct run is made once per test
 * process and every caller gets its own copy. Keyed by the options as JSON.
 */
const finished = new Map<string, EngineRun | FailedRun>();

async function runOnce(program: Program, opts: RunOptions): Promise<EngineRun> {
    // A reader of the IdPs' documents (a function) is not in the JSON: such runs are made anew.
    const key = program === mdaiCognito && opts.cwd === undefined && opts.fetch === undefined && opts.resolve === undefined ? JSON.stringify(opts) : undefined;
    const known = key === undefined ? undefined : finished.get(key);
    if (known instanceof FailedRun) throw known;
    if (known) return copy(known);
    try {
        const run = await runChecked(program, opts);
        if (key !== undefined) finished.set(key, copy(run));
        return run;
    } catch (err) {
        if (key !== undefined && err instanceof FailedRun) finished.set(key, err);
        throw err;
    }
}

const copy = (run: EngineRun): EngineRun => ({
    ...structuredClone({ resources: run.resources, reads: run.reads, registrations: run.registrations, invokes: run.invokes, logs: run.logs, outputs: run.outputs }),
    providerRegion: run.providerRegion,
});

/** A test's config as the engine takes it: keys without a namespace are put in `mdai-cognito:`. */
export function engineConfig(opts: RunOptions): { config: Record<string, string>; secretKeys: string[] } {
    const full = (k: string) => (k.includes(":") ? k : `${PROJECT}:${k}`);
    return {
        config: Object.fromEntries(Object.entries(opts.config ?? {}).map(([k, v]) => [full(k), v])),
        secretKeys: (opts.secretKeys ?? []).map(full),
    };
}

async function runChecked(program: Program, opts: RunOptions): Promise<EngineRun> {
    const run = await runUnderMocks(program, {
        project: PROJECT, stack: opts.stack ?? "dev", ...engineConfig(opts),
        env: opts.env ?? {}, cwd: opts.cwd ?? unwrittenDir(), deploying: opts.deploying ?? false, computed: (args, region) => computedState(args, region, opts), fetch: opts.fetch ?? fixtureFetch, resolve: opts.resolve ?? (async (_host, kind) => typeof kind === "string"),
        invokes: Object.fromEntries(Object.entries(INVOKES).map(([k, f]) => [k, (a: MockCallArgs, r: string | undefined) => f(a, r, opts)])),
    });
    // Every run's objects are held to the Kubernetes schema and AWS's API models: a regression in any mode fails the suite.
    const report = checkRendered(run.resources.map((r) => ({ type: r.type, name: r.name, inputs: reveal(r.inputs) as Record<string, unknown> })));
    if (report.findings.length) throw new Error(`the rendered objects break their specs:\n${report.findings.map(formatFinding).join("\n")}`);
    return run;
}

/** Runs any program under fresh mocks. */
export async function runProgram(program: Program, opts: RunOptions = {}): Promise<RunResult> {
    const run = await runOnce(program, opts);
    const ofType = (type: string) => run.resources.filter((r) => r.type === type);
    return {
        ...run,
        urns: run.registrations.map((r) => r.urn),
        ofType,
        one(type) {
            const found = ofType(type);
            if (found.length !== 1) throw new Error(`expected one ${type}, found ${found.length}`);
            return found[0];
        },
        ingress(suffix = "") {
            const found = ofType("kubernetes:networking.k8s.io/v1:Ingress").find((x) => x.name === `mdai-console-ingress${suffix}`);
            if (!found) throw new Error(`no Ingress mdai-console-ingress${suffix}`);
            return found;
        },
        warnings: () => run.logs.filter((l) => l.level === "warn").map((l) => l.message),
    };
}

/** The settings validation makes of this configuration, without running the program (cheap: no SDK, no resources). */
export function validateOnly(opts: RunOptions): Settings {
    const { config, secretKeys } = engineConfig(opts);
    return validateSettings(resolveSources({ stackConfig: config, secretKeys, env: opts.env ?? {}, cwd: opts.cwd ?? unwrittenDir(), stack: opts.stack ?? "dev" }));
}

/** Runs the program expecting it to fail. */
export async function runStackFailure(opts: RunOptions): Promise<FailedRun> {
    try {
        await runStack(opts);
    } catch (err) {
        if (err instanceof FailedRun) return err;
        throw err;
    }
    throw new Error("expected the program to fail, but it succeeded");
}

let unwritten: string | undefined;
/** One empty directory for every run that names none: the program only reads its cwd (for a values file), so runs can share it. */
export function unwrittenDir(): string {
    return (unwritten ??= emptyProjectDir());
}

/** A fresh project directory without a values file. */
export function emptyProjectDir(): string {
    return fs.mkdtempSync(path.join(os.tmpdir(), "mdai-cognito-"));
}

/** A kubeconfig as `aws eks update-kubeconfig` writes it: cluster entries named by ARN. */
export function writeKubeconfig(contexts: { name: string; cluster: string; server?: string }[], dir = emptyProjectDir()): string {
    const file = path.join(dir, "kubeconfig.yaml");
    fs.writeFileSync(file, YAML.stringify({
        apiVersion: "v1",
        kind: "Config",
        clusters: contexts.map((c) => ({ name: c.cluster, cluster: { server: c.server ?? `https://${c.name}.example.test`, "certificate-authority-data": "Q0E=" } })),
        users: contexts.map((c) => ({ name: c.name, user: { token: "t0ken" } })),
        contexts: contexts.map((c) => ({ name: c.name, context: { cluster: c.cluster, user: c.name } })),
        "current-context": contexts[contexts.length - 1].name,
    }));
    return file;
}
