/**
 * Runs the real program (program.ts, as index.ts does) under Pulumi's mock engine, once per call,
 * and records what it registered, invoked, logged and output.
 */
import * as pulumi from "@pulumi/pulumi";
import { MockCallArgs, MockResourceArgs } from "@pulumi/pulumi/runtime/mocks";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { PROJECT } from "../config/keys";
import { mdaiCognito } from "../program";

// Internal, but the only way to know every registration has reached the mock monitor.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const settings = require("@pulumi/pulumi/runtime/settings") as { waitForRPCs(): Promise<void>; getMonitor(): unknown };
const { waitForRPCs } = settings;

/** Resource options as the engine receives them, which the mock's newResource does not show. */
export interface Registration {
    type: string;
    name: string;
    parent: string;
    retainOnDelete?: boolean;
    protect?: boolean;
    dependsOn: string[];
}

interface RegisterRequest {
    getType(): string;
    getName(): string;
    getParent(): string;
    getCustom(): boolean;
    hasRetainondelete(): boolean;
    getRetainondelete(): boolean | undefined;
    getProtect(): boolean | undefined;
    getDependenciesList(): string[];
}

export const ACCOUNT = "123456789012";
export const MOCK_CLIENT_SECRET = "mock-cognito-client-secret-7f3a9c";
export const MOCK_ALB_HOSTNAME = "k8s-default-uialbing-0123456789-1234567890.us-east-1.elb.amazonaws.com";

export const certArn = (region: string) => `arn:${region.startsWith("cn-") ? "aws-cn" : region.startsWith("us-gov-") ? "aws-us-gov" : "aws"}:acm:${region}:${ACCOUNT}:certificate/0b9b5a4e-2f3c-4d1e-9a8b-7c6d5e4f3a2b`;

/** A minimal valid configuration for `region`. */
export function baseConfig(region = "us-east-1"): Record<string, string> {
    return {
        "aws:region": region,
        uiHostname: "mdai.example.com",
        userPoolDomain: "mdai-login-test",
        certificateArn: certArn(region),
    };
}

export interface LogLine {
    level: "info" | "warn";
    message: string;
}

export interface RunResult {
    resources: MockResourceArgs[];
    /** Every registration (components too), with its options. */
    registrations: Registration[];
    /** URNs of every registered resource. */
    urns: string[];
    invokes: MockCallArgs[];
    logs: LogLine[];
    outputs: Record<string, unknown>;
    /** Full resources by type token. */
    ofType(type: string): MockResourceArgs[];
    one(type: string): MockResourceArgs;
    /** The region of the aws provider a resource was registered with. */
    providerRegion(r: MockResourceArgs): string | undefined;
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
}

const INVOKES: Record<string, (args: MockCallArgs, region?: string) => Record<string, unknown>> = {
    "aws:index/getRegion:getRegion": (_a, region) => ({ region, name: region, id: region }),
    "aws:index/getCallerIdentity:getCallerIdentity": () => ({ accountId: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:user/test`, userId: "AIDATEST" }),
    "aws:index/getPartition:getPartition": () => ({ partition: "aws", dnsSuffix: "amazonaws.com" }),
};

export type Program = (opts: { env: Record<string, string | undefined>; cwd: string; log: { info(m: string): void; warn(m: string): void } }) => Promise<object>;

/** Runs the mdai-cognito program (what index.ts exports). */
export function runStack(opts: RunOptions = {}): Promise<RunResult> {
    return runProgram(mdaiCognito, opts);
}

/** Runs any program under fresh mocks. */
export async function runProgram(program: Program, opts: RunOptions = {}): Promise<RunResult> {
    const resources: MockResourceArgs[] = [];
    const invokes: MockCallArgs[] = [];
    const logs: LogLine[] = [];
    const providerRegions = new Map<string, string>();
    const regionOf = (ref?: string) => (ref ? providerRegions.get(ref.split("::").slice(0, -1).join("::")) ?? providerRegions.get(ref) : undefined);

    await pulumi.runtime.setMocks({
        newResource(args: MockResourceArgs) {
            resources.push(args);
            const state = { ...args.inputs, ...computedState(args, regionOf(args.provider)) };
            const id = (state.id as string | undefined) ?? `${args.name}-id`;
            if (args.type === "pulumi:providers:aws") {
                providerRegions.set(`urn:pulumi:${opts.stack ?? "dev"}::${PROJECT}::pulumi:providers:aws::${args.name}`, args.inputs.region);
            }
            return { id, state };
        },
        call(args: MockCallArgs) {
            invokes.push(args);
            const answer = INVOKES[args.token];
            if (!answer) throw new Error(`unexpected invoke ${args.token}: add an explicit mock`);
            return answer(args, regionOf(args.provider));
        },
    }, PROJECT, opts.stack ?? "dev", false);
    const registrations: Registration[] = [];
    const monitor = settings.getMonitor() as { registerResource(req: RegisterRequest, cb: unknown): unknown; resources: Map<string, unknown> };
    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req, cb) => {
        registrations.push({
            type: req.getType(), name: req.getName(), parent: req.getParent(),
            retainOnDelete: req.hasRetainondelete() ? req.getRetainondelete() : undefined,
            protect: req.getProtect(), dependsOn: req.getDependenciesList(),
        });
        return register(req, cb);
    };

    const config: Record<string, string> = {};
    for (const [k, v] of Object.entries(opts.config ?? {})) config[k.includes(":") ? k : `${PROJECT}:${k}`] = v;
    const secretKeys = (opts.secretKeys ?? []).map((k) => (k.includes(":") ? k : `${PROJECT}:${k}`));
    pulumi.runtime.setAllConfig(config, secretKeys);

    let outputs: object;
    try {
        outputs = await program({
            env: opts.env ?? {},
            cwd: opts.cwd ?? emptyProjectDir(),
            log: { info: (message) => logs.push({ level: "info", message }), warn: (message) => logs.push({ level: "warn", message }) },
        });
    } catch (error) {
        await waitForRPCs();
        throw new FailedRun(error as Error, resources, logs);
    }
    const resolved: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(outputs)) resolved[k] = await unwrap(v);
    await waitForRPCs();

    const ofType = (type: string) => resources.filter((r) => r.type === type);
    return {
        resources, registrations, urns: [...monitor.resources.keys()], invokes, logs, outputs: resolved, ofType,
        one(type) {
            const found = ofType(type);
            if (found.length !== 1) throw new Error(`expected one ${type}, found ${found.length}`);
            return found[0];
        },
        providerRegion: (r) => regionOf(r.provider),
        warnings: () => logs.filter((l) => l.level === "warn").map((l) => l.message),
    };
}

/** The program threw: the error, and what it had registered and logged by then. */
export class FailedRun extends Error {
    constructor(readonly error: Error, readonly resources: MockResourceArgs[], readonly logs: LogLine[]) {
        super(error.message);
    }
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

/** A fresh project directory without a values file. */
export function emptyProjectDir(): string {
    return fs.mkdtempSync(path.join(os.tmpdir(), "mdai-cognito-"));
}

/** Resolves an Output (or plain value) to its value. */
export function unwrap<T>(v: pulumi.Input<T> | undefined): Promise<T | undefined> {
    if (v === undefined) return Promise.resolve(undefined);
    return new Promise((resolve) => pulumi.output(v).apply((x) => resolve(x as T)));
}

/** Outputs a real provider would compute. */
function computedState(args: MockResourceArgs, region = "us-east-1"): Record<string, unknown> {
    switch (args.type) {
        case "aws:cognito/userPool:UserPool": {
            const id = `${region}_MockPool1`;
            return { id, arn: `arn:aws:cognito-idp:${region}:${ACCOUNT}:userpool/${id}` };
        }
        case "aws:cognito/userPoolClient:UserPoolClient":
            return { id: "mockclientid0123456789abcd", clientSecret: MOCK_CLIENT_SECRET };
        case "kubernetes:networking.k8s.io/v1:Ingress":
            return { status: { loadBalancer: { ingress: [{ hostname: MOCK_ALB_HOSTNAME }] } } };
        default:
            return {};
    }
}

// How the mock monitor hands over a secret input: { [SIG]: SECRET_SIG, value }.
const SIG = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

export function isSecretInput(v: unknown): boolean {
    return typeof v === "object" && v !== null && (v as Record<string, unknown>)[SIG] === SECRET_SIG;
}

/** A mock resource input with secret wrappers removed. */
export function reveal(v: unknown): unknown {
    if (isSecretInput(v)) return reveal((v as { value: unknown }).value);
    if (Array.isArray(v)) return v.map(reveal);
    if (typeof v === "object" && v !== null) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, reveal(x)]));
    return v;
}
