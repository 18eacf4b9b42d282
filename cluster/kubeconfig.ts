/**
 * Kubeconfigs as plain data: the one the program builds for an EKS cluster reached by name, and
 * what it needs to know of one the user hands in (which context, which cluster).
 * @see pulumi/pulumi-eks nodejs/eks/cluster/cluster.ts (generateKubeconfig)
 */
import * as os from "os";
import * as path from "path";
import * as YAML from "yaml";
import { redactUrlCredentials } from "../config/redact";
import { Check, fail } from "../config/rules";

export interface EksKubeconfigInput {
    clusterName: string;
    region: string;
    endpoint: string;
    /** Base64 PEM bundle, as EKS returns it. */
    certificateAuthorityData: string;
    /** A named AWS profile for `aws eks get-token`. */
    profile?: string;
    /** A role `aws eks get-token` assumes before asking for a token. */
    roleArn?: string;
}

/** The `aws` CLI arguments that mint a token for the cluster. */
export function getTokenArgs(i: Pick<EksKubeconfigInput, "clusterName" | "region" | "profile" | "roleArn">): string[] {
    const args = ["--region", i.region, "eks", "get-token", "--cluster-name", i.clusterName, "--output", "json"];
    if (i.roleArn) args.push("--role-arn", i.roleArn);
    // An argument, not AWS_PROFILE: ambient credentials in the environment would win over the variable (pulumi-eks does the same).
    if (i.profile) args.push("--profile", i.profile);
    return args;
}

/** A kubeconfig with one cluster, one user (exec `aws eks get-token`) and one context, all named after the cluster. */
export function eksKubeconfig(i: EksKubeconfigInput): string {
    const name = i.clusterName;
    return JSON.stringify({
        apiVersion: "v1",
        kind: "Config",
        clusters: [{ name, cluster: { server: i.endpoint, "certificate-authority-data": i.certificateAuthorityData } }],
        users: [{ name, user: { exec: { apiVersion: "client.authentication.k8s.io/v1beta1", command: "aws", args: getTokenArgs(i) } } }],
        contexts: [{ name, context: { cluster: name, user: name } }],
        "current-context": name,
    });
}

/** What the program uses of a user's kubeconfig. */
export interface KubeconfigTarget {
    context: string;
    /** The context's user entry name, when it names one. */
    user?: string;
    /** The context's cluster entry name; `aws eks update-kubeconfig` names it after the cluster's ARN. */
    cluster: string;
    server?: string;
}


/** A path as a shell would take it: `~` is the home directory, a relative path starts at `base`. */
export const resolveUserPath = (base: string, p: string) => path.resolve(base, p.replace(/^~(?=$|\/)/, os.homedir()));

/**
 * Picks the context to use: the one named, else the only one. A kubeconfig with several contexts
 * and none named is refused: its current-context is whatever kubectl last switched to.
 */
export function kubeconfigTarget(text: string, context?: string): KubeconfigTarget | Check {
    const read = readKubeconfig(text, context);
    return "wrong" in read ? read : read.target;
}

/** A parsed kubeconfig, as the functions below take it. */
export type KubeconfigDoc = Record<string, unknown>;

/** kubeconfigTarget, with the document it parsed (parsed once for every reader of it). */
export function readKubeconfig(text: string, context?: string): { target: KubeconfigTarget; doc: KubeconfigDoc } | Check {
    let doc: unknown;
    try {
        doc = YAML.parse(text);
    } catch (err) {
        return fail(`it is not valid YAML (${(err as Error).message.split("\n")[0]})`, "Point it at a kubeconfig file, e.g. one written by `aws eks update-kubeconfig`.");
    }
    const cfg = (doc ?? {}) as { contexts?: { name?: string; context?: { cluster?: string; user?: string } }[]; clusters?: { name?: string; cluster?: { server?: string } }[] };
    const contexts = Array.isArray(cfg.contexts) ? cfg.contexts.filter((c) => typeof c?.name === "string") : [];
    if (contexts.length === 0) return fail("it holds no contexts", "Use a kubeconfig with a context for the cluster, e.g. from `aws eks update-kubeconfig --name <cluster>`.");
    const names = contexts.map((c) => c.name!);
    let chosen = contexts[0];
    if (context) {
        const found = contexts.find((c) => c.name === context);
        if (!found) return fail(`it has no context named "${context}" (it has: ${names.join(", ")})`, "Set kubeContext to one of those contexts.");
        chosen = found;
    } else if (contexts.length > 1) {
        return fail(`it holds ${contexts.length} contexts (${names.join(", ")}) and kubeContext does not say which one to use`,
            "Set kubeContext to the context of this stack's cluster; the program never follows kubectl's current context.");
    }
    const cluster = chosen.context?.cluster;
    if (!cluster) return fail(`its context "${chosen.name}" names no cluster`, "Fix the kubeconfig, e.g. regenerate it with `aws eks update-kubeconfig`.");
    const server = cfg.clusters?.find((c) => c?.name === cluster)?.cluster?.server;
    const user = typeof chosen.context?.user === "string" ? chosen.context.user : undefined;
    return { target: { context: chosen.name!, cluster, server, ...(user ? { user } : {}) }, doc: cfg as KubeconfigDoc };
}

/**
 * What the chosen user entry makes `pulumi up` do on the machine that runs it — a kubeconfig is
 * code: the commands it runs (exec plugins) and the local files it reads and sends to the API server.
 */
export function kubeconfigActions(doc: KubeconfigDoc, user: string | undefined, server: string | undefined): string[] {
    const users = (doc as { users?: { name?: string; user?: Record<string, unknown> }[] }).users;
    const u = Array.isArray(users) ? users.find((x) => x?.name === user)?.user : undefined;
    if (!u) return [];
    const out: string[] = [];
    const exec = u.exec as { command?: unknown; args?: unknown } | undefined;
    if (exec && typeof exec.command === "string") {
        const args = Array.isArray(exec.args) ? exec.args.map(String).join(" ") : "";
        out.push(`runs \`${`${exec.command} ${args}`.trim()}\` (its exec plugin) on the machine of whoever runs pulumi up or the doctor, with their credentials`);
    }
    for (const f of ["tokenFile", "client-key", "client-certificate"]) {
        if (typeof u[f] === "string") out.push(`reads ${u[f]} (${f}) from the machine that runs pulumi up and sends it to ${server ? redactUrlCredentials(server) : "the API server"}`);
    }
    if (u["auth-provider"]) out.push(`uses the auth-provider ${(u["auth-provider"] as { name?: string }).name ?? "plugin"}, which runs or reads what its config names`);
    return out;
}

/** Fields of a kubeconfig that name a file, and the field that holds the same data inline (kubectl's `*-data`). */
const FILE_FIELDS: [section: "clusters" | "users", inner: "cluster" | "user", file: string, data: string, base64: boolean][] = [
    ["clusters", "cluster", "certificate-authority", "certificate-authority-data", true],
    ["users", "user", "client-certificate", "client-certificate-data", true],
    ["users", "user", "client-key", "client-key-data", true],
    ["users", "user", "tokenFile", "token", false],
];

/**
 * The kubeconfig with every file it names read into it (relative paths start at the kubeconfig's
 * own directory, as kubectl reads them): the provider keeps its kubeconfig in the stack's state,
 * and a path there makes `pulumi destroy` or `refresh` on another machine fail. Exec plugins
 * (`aws eks get-token`) stay commands. Returns the YAML, or what could not be read.
 */
export function inlineKubeconfigFiles(parsed: KubeconfigDoc, dir: string, read: (file: string) => Buffer): string | Check {
    const doc = structuredClone(parsed) as Record<string, { [k: string]: Record<string, unknown> }[] | undefined>;
    for (const [section, inner, fileField, dataField, base64] of FILE_FIELDS) {
        for (const entry of doc[section] ?? []) {
            const body = entry?.[inner];
            const file = body?.[fileField];
            if (typeof file !== "string" || body[dataField] !== undefined) continue;
            const full = resolveUserPath(dir, file);
            let content: Buffer;
            try {
                content = read(full);
            } catch (err) {
                return fail(`its ${section.slice(0, -1)} entry "${String(entry.name)}" names ${fileField} ${full}, which cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)})`,
                    "Fix the path in the kubeconfig (relative paths start at the kubeconfig's directory), or put the data in it inline.");
            }
            body[dataField] = base64 ? content.toString("base64") : content.toString("utf8").trim();
            delete body[fileField];
        }
    }
    return YAML.stringify(doc);
}

/** `arn:<partition>:eks:<region>:<account>:cluster/<name>`, as EKS names kubeconfig clusters. */
export function parseEksClusterArn(v: string): { partition: string; region: string; account: string; name: string } | undefined {
    const m = /^arn:(aws|aws-cn|aws-us-gov):eks:([a-z0-9-]+):(\d{12}):cluster\/(.+)$/.exec(v);
    return m ? { partition: m[1], region: m[2], account: m[3], name: m[4] } : undefined;
}
