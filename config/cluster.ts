/**
 * Which Kubernetes cluster the Ingress goes to. Exactly one of `clusterName` (an EKS cluster in
 * the stack's region, looked up by name) or `kubeconfig` (+ `kubeContext`) must say so: the
 * program never falls back to whatever context kubectl points at.
 */
import * as fs from "fs";
import * as path from "path";
import { KubeconfigTarget, inlineKubeconfigFiles, kubeconfigActions, parseEksClusterArn, readKubeconfig, resolveUserPath } from "../cluster/kubeconfig";
import { Problem, problem } from "./errors";
import { fullKey } from "./keys";
import { RawValue } from "./sources";
import { AccountLock, checkAccount } from "./account";

export type ClusterTarget =
    | {
          via: "clusterName";
          clusterName: string;
          /** The stack's region: the EKS lookup and `aws eks get-token` use it. */
          region: string;
          profile?: string;
          roleArn?: string;
      }
    | ({
          via: "kubeconfig";
          /** The kubeconfig's contents, with every file it names read into it: the provider keeps them in the state. */
          kubeconfig: string;
          /** The file it was read from, when given as a path (for messages). */
          file?: string;
      } & KubeconfigTarget);

const EKS_CLUSTER_NAME = /^[0-9A-Za-z][A-Za-z0-9\-_]{0,99}$/;

export interface ClusterInput {
    clusterName?: RawValue;
    kubeconfig?: RawValue;
    kubeContext?: RawValue;
    region?: string;
    /** The explicit AWS provider's arguments (profile, assumeRoles) that `aws eks get-token` must use too. */
    awsArgs: Record<string, unknown>;
    /** The accounts the stack is locked to: a kubeconfig's EKS cluster must be in one. */
    lock: AccountLock;
    cwd: string;
}

export function clusterTarget(i: ClusterInput, problems: Problem[], warnings: string[]): ClusterTarget | undefined {
    const [kName, kConfig, kContext] = ["clusterName", "kubeconfig", "kubeContext"].map(fullKey);
    if (i.clusterName && i.kubeconfig) {
        problems.push(problem(kConfig, { hidden: true }, `both ${kName} (${JSON.stringify(i.clusterName.value)}, from ${i.clusterName.origin}) and ${kConfig} say which cluster to use`,
            `Remove one: keep ${kName} for an EKS cluster reached with your AWS credentials (\`pulumi config rm kubeconfig\`), or keep ${kConfig} and remove ${kName} (and MDAI_CLUSTER_NAME).`));
        return undefined;
    }
    if (!i.clusterName && !i.kubeconfig) {
        problems.push(problem(kName, undefined, `the program must be told which cluster to deploy to (neither ${kName} nor ${kConfig} is set), and it never uses kubectl's current context`,
            `Set MDAI_CLUSTER_NAME in the values file or \`pulumi config set clusterName <EKS cluster name>\`; for a cluster not reached through EKS, set ${kConfig} (and ${kContext}) instead.`));
        return undefined;
    }
    if (i.clusterName) {
        const name = i.clusterName.value.trim();
        if (i.kubeContext) warnings.push(`${kContext} is set but ignored: ${kName} builds its own kubeconfig for the EKS cluster ${name}.`);
        if (!EKS_CLUSTER_NAME.test(name)) {
            problems.push(problem(kName, name, "EKS cluster names are 1 to 100 letters, digits, hyphens and underscores, starting with a letter or digit",
                "Use the name shown by `aws eks list-clusters` (the name, not the ARN).", i.clusterName.origin));
            return undefined;
        }
        if (!i.region) return undefined;
        const roles = i.awsArgs.assumeRoles as { roleArn?: string }[] | undefined;
        if (roles && roles.length > 1) {
            problems.push(problem("aws:assumeRoles", { hidden: true }, `it chains ${roles.length} roles, but \`aws eks get-token\`, which the kubeconfig for ${kName} runs, can assume only one`,
                `Configure the chain as a profile in ~/.aws/config and set aws:profile to it, or use ${kConfig} with a kubeconfig of your own.`));
            return undefined;
        }
        const role = roles?.[0] as { roleArn?: string; externalId?: string } | undefined;
        if (role?.externalId) {
            problems.push(problem("aws:assumeRoles", { hidden: true }, `its role has an externalId, which \`aws eks get-token\` (run by the kubeconfig for ${kName}) cannot pass`,
                `Configure the role as a profile in ~/.aws/config (role_arn, external_id, source_profile) and set aws:profile to it, or use ${kConfig}.`));
            return undefined;
        }
        if (i.awsArgs.accessKey || i.awsArgs.token) {
            warnings.push(`aws:accessKey/aws:token are given to the AWS provider only: \`aws eks get-token\`, which the kubeconfig for ${kName} runs, uses the environment's credentials or aws:profile, so it may reach the cluster as another principal.`);
        }
        const profile = typeof i.awsArgs.profile === "string" ? i.awsArgs.profile : undefined;
        return { via: "clusterName", clusterName: name, region: i.region, profile, roleArn: roles?.[0]?.roleArn };
    }
    return fromKubeconfig(i, problems, warnings);
}

/**
 * What a kubeconfig value is: YAML or JSON contents (several lines or braces), contents encoded in
 * base64 on one line (as some tools and CI variables hold them), or else a path. A secret value is a
 * path only when it looks like one: a secret one-liner taken for a path would be echoed in the error.
 */
export function kubeconfigForm(given: string, secret: boolean): { kind: "path" | "contents"; value: string } {
    if (/[\n{]/.test(given)) return { kind: "contents", value: given };
    if (/^[A-Za-z0-9+/]+={0,2}$/.test(given) && given.length % 4 === 0 && given.length >= 16) {
        const decoded = Buffer.from(given, "base64").toString("utf8");
        if (/^\s*(apiVersion|kind|clusters|contexts|users|current-context|preferences)\s*:/m.test(decoded) || decoded.trim().startsWith("{")) return { kind: "contents", value: decoded };
    }
    if (secret && !/^(\/|~|\.{1,2}\/)/.test(given)) return { kind: "contents", value: given };
    return { kind: "path", value: given };
}

function fromKubeconfig(i: ClusterInput, problems: Problem[], warnings: string[]): ClusterTarget | undefined {
    const raw = i.kubeconfig!;
    const key = fullKey("kubeconfig");
    const form = kubeconfigForm(raw.value.trim(), Boolean(raw.secret));
    const isPath = form.kind === "path";
    const given = form.value;
    let text = given;
    let file = given;
    if (isPath) {
        file = resolveUserPath(i.cwd, given);
        try {
            text = fs.readFileSync(file, "utf8");
        } catch (err) {
            problems.push(problem(key, given, `the kubeconfig cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)} at ${file})`,
                "Fix the path (relative paths start at the project directory), or pass the kubeconfig's contents.", raw.origin));
            return undefined;
        }
    }
    if (!isPath && !raw.secret) {
        warnings.push(`${key} holds a kubeconfig's contents in plain text in the stack config: it may hold tokens or keys. Store it with \`pulumi config set --secret kubeconfig …\`, or give a path.`);
    }
    const read = readKubeconfig(text, i.kubeContext?.value.trim());
    const shown = isPath ? given : { hidden: true as const };
    if ("wrong" in read) {
        const isContext = read.fix.startsWith("Set kubeContext");
        problems.push(problem(isContext && i.kubeContext ? fullKey("kubeContext") : key, isContext && i.kubeContext ? i.kubeContext.value : shown, read.wrong, read.fix, raw.origin));
        return undefined;
    }
    const { target, doc } = read;
    // A kubeconfig from `aws eks update-kubeconfig` names the cluster by ARN: its region must be the ALB's.
    const arn = parseEksClusterArn(target.cluster);
    if (arn && i.region && arn.region !== i.region) {
        problems.push(problem(key, shown, `its context "${target.context}" is the EKS cluster ${arn.name} in ${arn.region}, but the stack's region is ${i.region}; the ALB is created in the cluster's region, and the user pool and certificate must match it`,
            `Set aws:region to ${arn.region}, or choose the context of a cluster in ${i.region}.`, raw.origin));
        return undefined;
    }
    const elsewhere = arn && checkAccount(key, shown, arn.account, `its context "${target.context}" is the EKS cluster ${arn.name}, which`, (a) => `Choose the context of a cluster in account ${a}`, i.lock, raw.origin);
    if (elsewhere) return void problems.push(elsewhere);
    // A kubeconfig is code: say what it makes pulumi up run and send (kubectl would do the same, but the stack config is easier to slip one into).
    for (const a of kubeconfigActions(doc, target.user, target.server)) warnings.push(`${key}: the kubeconfig ${a}. A stack config is code: check that this is what you expect.`);
    const inlined = inlineKubeconfigFiles(doc, isPath ? path.dirname(file) : i.cwd, (f) => fs.readFileSync(f));
    if (typeof inlined !== "string") return void problems.push(problem(key, shown, inlined.wrong, inlined.fix, raw.origin));
    return { via: "kubeconfig", kubeconfig: inlined, file: isPath ? file : undefined, ...target };
}
