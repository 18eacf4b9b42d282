/**
 * The one Kubernetes provider every Kubernetes resource and read of this program uses. Its
 * `clusterIdentifier` is the cluster's API server URL — the EKS endpoint, or the kubeconfig
 * context's server — so a new exec token, a kubeconfig edited elsewhere or switching between
 * `clusterName` and a kubeconfig of the same cluster never replaces the objects it manages,
 * whatever the tool that wrote the kubeconfig named its entries (`aws eks update-kubeconfig`
 * uses the ARN, eksctl `<name>.<region>.eksctl.io`).
 */
import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { ClusterTarget } from "../config/cluster";
import { eksKubeconfig } from "./kubeconfig";

/** What the stack outputs and the plan say about the target cluster. */
export interface ClusterInfo {
    via: "clusterName" | "kubeconfig";
    /** The EKS cluster's name, or the kubeconfig context's cluster entry. */
    name: string;
    region?: string;
    context?: string;
    /** The provider's clusterIdentifier. */
    identifier: pulumi.Output<string>;
}

export interface ClusterConnection {
    provider: k8s.Provider;
    info: ClusterInfo;
}

/**
 * @param name  the provider's resource name (its URN must not change between releases)
 * @param awsProvider  the stack region's AWS provider; called only when the cluster is looked up by name
 */
export function connectCluster(name: string, target: ClusterTarget, awsProvider: () => aws.Provider): ClusterConnection {
    if (target.via === "kubeconfig") {
        const provider = new k8s.Provider(name, {
            // Contents, never a path: the state keeps them for destroy and refresh on any machine; they may hold tokens.
            kubeconfig: pulumi.secret(target.kubeconfig),
            context: target.context,
            clusterIdentifier: clusterIdentity(target.server ?? target.cluster),
        });
        return { provider, info: { via: "kubeconfig", name: target.cluster, context: target.context, identifier: pulumi.output(clusterIdentity(target.server ?? target.cluster)) } };
    }
    const eks = aws.eks.getClusterOutput({ name: target.clusterName }, { provider: awsProvider() });
    const kubeconfig = pulumi.all([eks.endpoint, eks.certificateAuthorities]).apply(([endpoint, cas]) => eksKubeconfig({
        clusterName: target.clusterName, region: target.region, endpoint, certificateAuthorityData: cas[0]?.data ?? "",
        profile: target.profile, roleArn: target.roleArn,
    }));
    const identifier = eks.endpoint.apply(clusterIdentity);
    const provider = new k8s.Provider(name, { kubeconfig: pulumi.secret(kubeconfig), clusterIdentifier: identifier });
    return { provider, info: { via: "clusterName", name: target.clusterName, region: target.region, identifier } };
}

/** An API server URL as an identity: one spelling per server (case, default port and trailing slash do not count). */
export function clusterIdentity(server: string): string {
    try {
        const u = new URL(server);
        return `${u.protocol}//${u.host.toLowerCase()}${u.pathname.replace(/\/+$/, "")}`;
    } catch {
        return server; // not a URL: the kubeconfig's cluster entry name
    }
}

/** One line for the log: which cluster, and how it is reached. */
export function describeCluster(c: ClusterTarget): string {
    return c.via === "clusterName"
        ? `cluster: EKS cluster ${c.clusterName} in ${c.region}, looked up by name; kubectl-style access through \`aws eks get-token\`${c.profile ? ` with profile ${c.profile}` : ""}${c.roleArn ? ` as ${c.roleArn}` : ""}.`
        : `cluster: context ${c.context} (cluster ${c.cluster}) of ${c.file ?? "the kubeconfig given as contents"}.`;
}

