/**
 * npm run doctor -- [--stack dev] [--set key=value …] [--json] [--probe] [--timeout 20]
 *
 * A read-only diagnosis of a deployed stack: it reads the stack's settings as `pulumi up` does,
 * renders what the stack should hold (the plan), reads what the cluster, AWS and DNS hold, and
 * prints a checklist, each item ✓, ✗ (with the fix) or ? (could not be checked, with why).
 * Exit 0: all as it should be; 1: something is wrong (or the config is invalid); 2: nothing wrong
 * found, but some items could not be checked. It changes nothing.
 */
import * as path from "path";
import { ACMClient } from "@aws-sdk/client-acm";
import { CognitoIdentityProviderClient } from "@aws-sdk/client-cognito-identity-provider";
import { DescribeClusterCommand, EKSClient } from "@aws-sdk/client-eks";
import { ElasticLoadBalancingV2Client } from "@aws-sdk/client-elastic-load-balancing-v2";
import { STSClient } from "@aws-sdk/client-sts";
import { EC2Client } from "@aws-sdk/client-ec2";
import { fromIni, fromTemporaryCredentials } from "@aws-sdk/credential-providers";
import { isPlaceholder } from "../config/placeholders";
import { redactUrlCredentials } from "../config/redact";
import { resolveSources } from "../config/sources";
import { Settings, validateSettings } from "../config/validate";
import { eksKubeconfig } from "../cluster/kubeconfig";
import { Step, attempt } from "../doctor/attempt";
import { checkAws } from "../doctor/checkAws";
import { checkKube } from "../doctor/checkKube";
import { Expected, expectedState } from "../doctor/expected";
import { Prober, Resolver, checkDns, checkProbes, httpProber, readDns, readProbes, systemResolver } from "../doctor/net";
import { AwsClients, readAws } from "../doctor/readAws";
import { readKube } from "../doctor/readKube";
import { exitCodeOf, renderChecklist } from "../doctor/render";
import { Item, KubeLive, ReadError, fail, isReadError, unreadable } from "../doctor/types";
import { FailedRun, lightenMockRuntime } from "./mockEngine";
import { PlanIo, planFrom, reportInputError } from "./plan";
import { PlanInputError, readPlanConfig } from "./planConfig";
import { parseCommandArgs } from "./cliArgs";
import { exitHelp } from "./exitCodes";

const DOCTOR_USAGE = "Usage: npm run doctor -- [--stack dev] [--set key=value ...] [--json] [--probe] [--timeout SECONDS]";

const PROJECT_DIR = path.join(__dirname, "..");

/** What the SDK clients take as `credentials` (named from the client, not from a package we do not depend on). */
type AwsCredentialIdentityProvider = Extract<NonNullable<ConstructorParameters<typeof STSClient>[0]>["credentials"], (...a: never[]) => unknown>;

/** What tests replace: the SDK clients, the DNS resolver, the HTTP prober, the clock. */
export interface DoctorDeps {
    awsClients?: (regions: { region: string; cognitoRegion: string }) => AwsClients & { eks: EKSClient };
    resolver?: Resolver;
    prober?: Prober;
    now?: number;
}

/** The credentials the program's AWS providers would use: the stack's profile, its first role, else the SDK's default chain. */
function credentials(args: Record<string, unknown>): AwsCredentialIdentityProvider | undefined {
    const plain = (k: string) => (typeof args[k] === "string" && !isPlaceholder(args[k]) ? args[k] as string : undefined);
    const base: AwsCredentialIdentityProvider | undefined = plain("accessKey") && plain("secretKey")
        ? async () => ({ accessKeyId: plain("accessKey")!, secretAccessKey: plain("secretKey")!, sessionToken: plain("token") })
        : plain("profile") ? fromIni({ profile: plain("profile") }) : undefined;
    const role = (args.assumeRoles as { roleArn?: string; externalId?: string; sessionName?: string }[] | undefined)?.[0];
    if (!role?.roleArn) return base;
    return fromTemporaryCredentials({ params: { RoleArn: role.roleArn, RoleSessionName: role.sessionName ?? "mdai-cognito-doctor", ExternalId: role.externalId }, masterCredentials: base });
}

function defaultClients(s: Settings): (r: { region: string; cognitoRegion: string }) => AwsClients & { eks: EKSClient } {
    return ({ region, cognitoRegion }) => {
        const config = { region, credentials: credentials(s.awsProvider.args), maxAttempts: 2 };
        return { sts: new STSClient(config), elb: new ElasticLoadBalancingV2Client(config), acm: new ACMClient(config), eks: new EKSClient(config), ec2: new EC2Client(config),
            cognito: new CognitoIdentityProviderClient({ ...config, region: cognitoRegion }) };
    };
}

/** The kubeconfig the program would use: built for an EKS cluster by name, or the one given. */
async function kubeAccess(s: Settings, eks: EKSClient, step: Step): Promise<{ kubeconfig: string; context?: string } | ReadError> {
    const c = s.cluster;
    if (c.via === "kubeconfig") return { kubeconfig: c.kubeconfig, context: c.context };
    const cluster = await attempt(`EKS cluster ${c.clusterName}`, "eks:DescribeCluster", step, async (abortSignal) => (await eks.send(new DescribeClusterCommand({ name: c.clusterName }), { abortSignal })).cluster ?? null);
    if (isReadError(cluster)) return cluster;
    if (!cluster?.endpoint || !cluster.certificateAuthority?.data) return { error: `EKS cluster ${c.clusterName} was not found in ${c.region}` };
    return { kubeconfig: eksKubeconfig({ clusterName: c.clusterName, region: c.region, endpoint: cluster.endpoint, certificateAuthorityData: cluster.certificateAuthority.data, profile: c.profile, roleArn: c.roleArn }) };
}

export async function diagnose(s: Settings, e: Expected, opts: { probe: boolean; step: Step }, deps: DoctorDeps): Promise<Item[]> {
    const clients = (deps.awsClients ?? defaultClients(s))({ region: s.region, cognitoRegion: s.cognitoRegion });
    const aws = await readAws(e, clients, opts.step);
    const lb = aws.loadBalancer && !isReadError(aws.loadBalancer) ? aws.loadBalancer : undefined;
    const access = await kubeAccess(s, clients.eks, opts.step);
    const kube: KubeLive | ReadError = isReadError(access) ? access : await readKube(e, access.kubeconfig, access.context, opts.step)
        .catch((err: Error): ReadError => ({ error: `the cluster could not be reached: ${err.message.split("\n")[0]}` }));
    const names = [...e.hosts, ...(lb?.DNSName ? [lb.DNSName] : [])];
    const dns = await readDns(names, deps.resolver ?? systemResolver, opts.step);
    // A cluster that cannot be reached is one item, not one per object.
    const kubeItems = isReadError(kube) ? [unreadable("Kubernetes", "the cluster", kube)] : checkKube(e, kube, lb?.DNSName);
    const items = [...kubeItems, ...checkAws(e, aws, deps.now), ...checkDns(e, dns, lb?.DNSName)];
    if (s.blockers.length) items.unshift(fail("Config", "the stack's config", `still holds documentation examples (${s.blockers.map((b) => b.key).join(", ")}), so pulumi up deploys nothing`, "Replace them (`npm run plan` lists them under FIX FIRST), run pulumi up, then the doctor."));
    if (opts.probe) items.push(...checkProbes(e, await readProbes(e, deps.prober ?? httpProber, opts.step)));
    return items;
}

const redactItem = (i: Item): Item => ({ ...i, title: redactUrlCredentials(i.title), ...(i.detail === undefined ? {} : { detail: redactUrlCredentials(i.detail) }),
    ...(i.fix === undefined ? {} : { fix: redactUrlCredentials(i.fix) }) });

export async function doctorCommand(argv: string[], io: PlanIo, deps: DoctorDeps = {}): Promise<number> {
    const json = argv.includes("--json");
    try {
        const { values } = parseCommandArgs(argv, {
            stack: { type: "string", default: "dev" }, set: { type: "string", multiple: true, default: [] }, json: { type: "boolean", default: false },
            probe: { type: "boolean", default: false }, timeout: { type: "string", default: "20" }, help: { type: "boolean", default: false },
        }, DOCTOR_USAGE);
        if (values.help) {
            io.stdout(`${DOCTOR_USAGE}\n${exitHelp("doctor")}`);
            return 0;
        }
        const timeout = Number(values.timeout);
        if (!(timeout > 0 && timeout <= 300)) throw new PlanInputError(`--timeout ${values.timeout}: give the seconds each read may take, from 1 to 300 (default 20).`);
        const projectDir = io.projectDir ?? PROJECT_DIR;
        const cfg = readPlanConfig(projectDir, values.stack!, values.set!);
        const settings = validateSettings(resolveSources({ stackConfig: cfg.config, secretKeys: cfg.secretKeys, configOrigins: cfg.origins, env: io.env, cwd: projectDir, stack: cfg.stack }));
        const expected = expectedState(settings, await planFrom(projectDir, cfg, io.env));
        const step: Step = { timeoutMs: timeout * 1000, progress: (m) => io.stderr(`doctor: ${redactUrlCredentials(m)}\n`) };
        // What a server or a kubeconfig said can hold a URL with credentials: no message shows its user-info or query.
        const items = (await diagnose(settings, expected, { probe: values.probe!, step }, deps)).map(redactItem);
        const code = exitCodeOf(items);
        io.stdout(json ? JSON.stringify({ ok: code === 0, exitCode: code, stack: cfg.stack, items }, null, 2) + "\n" : renderChecklist(cfg.stack, items));
        return code;
    } catch (err) {
        const code = reportInputError(err, io, json);
        if (code === undefined) throw err instanceof FailedRun ? err.error : err;
        return code;
    }
}

if (require.main === module) {
    lightenMockRuntime();
    const io: PlanIo = { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t), env: process.env };
    doctorCommand(process.argv.slice(2), io).then((code) => process.exit(code), (err: Error) => {
        process.stderr.write(`${err.stack ?? String(err)}\n`);
        process.exit(1);
    });
}
