/** The AWS lookups (invokes) the program makes, answered from the twin's world as the provider answers them. */
import { MockCallArgs } from "@pulumi/pulumi/runtime/mocks";
import { ALB_ZONE_IDS } from "../harness";
import type { World } from "./world";

export type Invoke = (args: MockCallArgs, region: string | undefined) => Record<string, unknown>;

/** @param clusterAt makes the cluster an EKS lookup names known to the twin (by its endpoint) */
export function worldInvokes(world: World, clusterAt: (endpoint: string) => void): Record<string, Invoke> {
    return {
        "aws:cognito/getUserPool:getUserPool": ({ inputs: i }) => {
            const [arn, pool] = [...world.pools].find(([, p]) => p.id === i.userPoolId) ?? [];
            if (!pool) throw new Error(`reading Cognito User Pool (${i.userPoolId}): couldn't find resource`);
            // DescribeUserPool names the prefix domain and the custom domain apart (a custom one holds dots).
            const names = [...world.domainPrefixes].filter(([, id]) => id === pool.id).map(([k]) => k.split("/")[1]);
            const domain = names.find((n) => !n.includes(".")) ?? "";
            return { id: pool.id, userPoolId: pool.id, arn, domain, customDomain: names.find((n) => n.includes(".")) ?? "", tags: pool.tags ?? {},
                adminCreateUserConfigs: [{ allowAdminCreateUserOnly: !pool.selfSignUp, inviteMessageTemplates: [], unusedAccountValidityDays: 7 }] };
        },
        "aws:cognito/getUserPoolSigningCertificate:getUserPoolSigningCertificate": ({ inputs: i }) => ({ id: i.userPoolId, userPoolId: i.userPoolId, certificate: `MIIC-twin-signing-${i.userPoolId}` }),
        "aws:route53/getZone:getZone": ({ inputs: i }) => {
            const z = world.zones.find((x) => (i.zoneId ? x.id === i.zoneId : x.name === String(i.name).replace(/\.$/, "") && x.private === Boolean(i.privateZone)));
            if (!z) throw new Error("no matching Route 53 Hosted Zone found");
            return { zoneId: z.id, id: z.id, name: z.name, privateZone: z.private };
        },
        "aws:route53/getRecords:getRecords": ({ inputs: i }) => {
            const re = new RegExp(i.nameRegex);
            const zone = world.zones.find((z) => z.id === i.zoneId);
            return { zoneId: i.zoneId, resourceRecordSets: [...(zone?.records.values() ?? [])].map((r) => ({ name: `${r.name}.`, type: r.type, resourceRecords: (r.values ?? []).map((value) => ({ value })),
                aliasTarget: { dnsName: r.alias?.name ?? "", hostedZoneId: r.alias?.zoneId ?? "", evaluateTargetHealth: false } })).filter((r) => re.test(r.name)) };
        },
        "aws:lb/getHostedZoneId:getHostedZoneId": (_a, region = world.region) => ({ id: ALB_ZONE_IDS[region], region, loadBalancerType: "application" }),
        "aws:lb/getLoadBalancer:getLoadBalancer": ({ inputs: i }) => {
            const alb = world.albs.find((a) => a.name === i.name);
            if (!alb) throw new Error(`reading ELBv2 Load Balancers: couldn't find resource (name ${String(i.name)})`);
            return { arn: alb.arn, id: alb.arn, name: alb.name, dnsName: alb.dnsName, zoneId: ALB_ZONE_IDS[world.region], internal: alb.scheme === "internal", loadBalancerType: "application" };
        },
        // The controller's tags: its cluster's name and the group (tests/twin/controller.ts creates ALBs with both).
        "aws:lb/getLbs:getLbs": ({ inputs: i }) => {
            const tags = (i.tags ?? {}) as Record<string, string>;
            const found = world.albs.filter((a) => a.group === tags["ingress.k8s.aws/stack"] && (tags["elbv2.k8s.aws/cluster"] === undefined || a.cluster === tags["elbv2.k8s.aws/cluster"]));
            return { arns: found.map((a) => a.arn), tags };
        },
        "aws:index/getRegion:getRegion": (_a, region) => ({ region, name: region, id: region }),
        "aws:index/getCallerIdentity:getCallerIdentity": () => ({ accountId: world.account, arn: `arn:aws:iam::${world.account}:user/test`, userId: "AIDATEST" }),
        "aws:index/getPartition:getPartition": () => ({ partition: "aws", dnsSuffix: "amazonaws.com" }),
        "aws:eks/getCluster:getCluster": (a, region = world.region) => {
            const endpoint = `https://${a.inputs.name}.gr7.${region}.eks.amazonaws.com`;
            clusterAt(endpoint);
            return { name: a.inputs.name, arn: `arn:aws:eks:${region}:${world.account}:cluster/${a.inputs.name}`, endpoint, certificateAuthorities: [{ data: "Q0E=" }] };
        },
    };
}
