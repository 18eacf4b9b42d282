/** What the account already holds for the group's ALB, read before the Ingresses are registered. */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { Settings } from "../config/validate";
import { parseEksClusterArn } from "../cluster/kubeconfig";

/**
 * The name of the ALB the AWS Load Balancer Controller already created for the group, if there is
 * one: ELBv2 finds it by the tags the controller puts on it (`ingress.k8s.aws/stack` = an explicit
 * group's name, `elbv2.k8s.aws/cluster` = its cluster; pkg/deploy/tracking/provider.go), and its ARN
 * holds its name (`loadbalancer/app/<name>/<id>`) — the name the Ingress status's DNS name carries
 * too, which Pulumi cannot read while an Ingress may not exist yet. A stack upgraded from a release
 * that named its ALB otherwise records that name, not the configured one (components/consoleIngress.ts).
 */
export function existingAlbName(s: Settings, provider: aws.Provider): pulumi.Output<string | undefined> {
    const c = s.cluster;
    const cluster = c.via === "clusterName" ? c.clusterName : parseEksClusterArn(c.cluster)?.name;
    const tags = { "ingress.k8s.aws/stack": s.alb.groupName, ...(cluster ? { "elbv2.k8s.aws/cluster": cluster } : {}) };
    return aws.lb.getLbsOutput({ tags }, { provider }).arns.apply((arns) => (arns.length === 1 ? /:loadbalancer\/app\/([^/]+)\//.exec(arns[0])?.[1] : undefined));
}
