/** Reads what AWS holds for the stack: the caller's account, the ALB, its listeners, rules, targets and certificates, the app client. */
import { ACMClient, DescribeCertificateCommand } from "@aws-sdk/client-acm";
import { CognitoIdentityProviderClient, DescribeUserPoolClientCommand } from "@aws-sdk/client-cognito-identity-provider";
import {
    DescribeListenerCertificatesCommand, DescribeListenersCommand, DescribeLoadBalancersCommand, DescribeRulesCommand, DescribeTargetHealthCommand,
    ElasticLoadBalancingV2Client,
} from "@aws-sdk/client-elastic-load-balancing-v2";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { DescribeRouteTablesCommand, DescribeSecurityGroupsCommand, EC2Client } from "@aws-sdk/client-ec2";
import { Step, attempt } from "./attempt";
import type { Expected } from "./expected";
import { AwsLive, Certificate, EgressLive, Listener, LoadBalancer, Read, Rule, RouteTable, SecurityGroup, TargetHealth, UserPoolClient, isReadError } from "./types";
import { allRules, targetGroupsOf } from "./rules";
import { readSignInPages } from "./signInPages";

export interface AwsClients {
    sts: STSClient;
    elb: ElasticLoadBalancingV2Client;
    acm: ACMClient;
    /** In the pool's region. */
    cognito: CognitoIdentityProviderClient;
    ec2: EC2Client;
}

/** Follows NextMarker until the last page. */
async function pages<T>(fetch: (marker: string | undefined) => Promise<{ items?: T[]; next?: string }>): Promise<T[]> {
    const all: T[] = [];
    let marker: string | undefined;
    do {
        const page = await fetch(marker);
        all.push(...(page.items ?? []));
        marker = page.next;
    } while (marker);
    return all;
}

/** The pool and clients the ALB's authenticate actions use (Cognito's own action, or OIDC against the pool's issuer), each once. */
export function poolClientsOf(rules: Rule[]): { poolId: string; clientId: string }[] {
    const found = new Map<string, { poolId: string; clientId: string }>();
    for (const a of rules.flatMap((r) => r.Actions ?? [])) {
        const c = a.AuthenticateCognitoConfig;
        if (c?.UserPoolArn && c.UserPoolClientId) found.set(c.UserPoolClientId, { poolId: c.UserPoolArn.split("/").pop()!, clientId: c.UserPoolClientId });
        const o = a.AuthenticateOidcConfig;
        const pool = o?.Issuer && /^https:\/\/cognito-idp\.[a-z0-9-]+\.amazonaws\.com(?:\.cn)?\/([\w-]+_[A-Za-z0-9]+)$/.exec(o.Issuer);
        if (pool && o?.ClientId) found.set(o.ClientId, { poolId: pool[1], clientId: o.ClientId });
    }
    return [...found.values()];
}

export async function readAws(e: Expected, c: AwsClients, step: Step): Promise<AwsLive> {
    const identity = await attempt("the caller's AWS account", "sts:GetCallerIdentity", step, (abortSignal) => c.sts.send(new GetCallerIdentityCommand({}), { abortSignal }));
    const lb = await attempt(`ALB ${e.loadBalancerName}`, "elasticloadbalancing:DescribeLoadBalancers", step, async (abortSignal) =>
        (await c.elb.send(new DescribeLoadBalancersCommand({ Names: [e.loadBalancerName] }), { abortSignal })).LoadBalancers?.[0] ?? null);
    const live: AwsLive = { identity, loadBalancer: lb, listeners: null, rules: {}, certificates: {}, targetHealth: {} };
    if (lb && !isReadError(lb)) {
        live.listeners = await attempt(`the listeners of ${e.loadBalancerName}`, "elasticloadbalancing:DescribeListeners", step, (abortSignal) =>
            pages<Listener>(async (Marker) => { const r = await c.elb.send(new DescribeListenersCommand({ LoadBalancerArn: lb.LoadBalancerArn, Marker }), { abortSignal }); return { items: r.Listeners, next: r.NextMarker }; }));
        for (const l of Array.isArray(live.listeners) ? live.listeners : []) {
            live.rules[l.ListenerArn!] = await attempt(`the rules of the ${l.Protocol} ${l.Port} listener`, "elasticloadbalancing:DescribeRules", step, (abortSignal) =>
                pages<Rule>(async (Marker) => { const r = await c.elb.send(new DescribeRulesCommand({ ListenerArn: l.ListenerArn, Marker }), { abortSignal }); return { items: r.Rules, next: r.NextMarker }; }));
            if (l.Protocol !== "HTTPS") continue;
            // The listener's own field holds only the default certificate; the others are listed apart.
            const certs = await attempt(`the certificates of the HTTPS ${l.Port} listener`, "elasticloadbalancing:DescribeListenerCertificates", step, (abortSignal) =>
                pages<{ CertificateArn?: string; IsDefault?: boolean }>(async (Marker) => { const r = await c.elb.send(new DescribeListenerCertificatesCommand({ ListenerArn: l.ListenerArn, Marker }), { abortSignal }); return { items: r.Certificates, next: r.NextMarker }; }));
            if (Array.isArray(certs)) l.Certificates = certs;
        }
        const rules = allRules(live.rules);
        for (const tg of targetGroupsOf(rules)) {
            live.targetHealth[tg] = await attempt(`the health of target group ${tg.split("/").slice(-2, -1)[0] ?? tg}`, "elasticloadbalancing:DescribeTargetHealth", step, async (abortSignal) =>
                ((await c.elb.send(new DescribeTargetHealthCommand({ TargetGroupArn: tg }), { abortSignal })).TargetHealthDescriptions ?? []) as TargetHealth[]);
        }
        if (e.mode !== "none") live.egress = await readEgress(lb, e.scheme, c.ec2, step);
        for (const pool of e.idp === "cognito-pool" ? poolClientsOf(rules) : []) {
            (live.userPoolClients ??= {})[pool.clientId] = await attempt(`app client ${pool.clientId} of user pool ${pool.poolId}`, "cognito-idp:DescribeUserPoolClient", step, async (abortSignal) => {
                const client = (await c.cognito.send(new DescribeUserPoolClientCommand({ UserPoolId: pool.poolId, ClientId: pool.clientId }), { abortSignal })).UserPoolClient;
                if (!client) return null;
                // The secret is never kept, only that there is one (the ALB needs it).
                const { ClientSecret, ...rest } = client;
                return { ...rest, hasSecret: Boolean(ClientSecret) } as UserPoolClient;
            });
        }
        if (e.idp === "cognito-pool") live.signInPages = await readSignInPages(rules, poolClientsOf(rules), c.cognito, step);
    }
    const listenerCerts = Array.isArray(live.listeners) ? live.listeners.flatMap((l) => (l.Certificates ?? []).map((x) => x.CertificateArn!)) : [];
    for (const arn of new Set([...listenerCerts, ...(e.certificateArn ? [e.certificateArn] : [])])) {
        live.certificates[arn] = await attempt(`certificate ${arn.split("/").pop()}`, "acm:DescribeCertificate", step, async (abortSignal) =>
            ((await c.acm.send(new DescribeCertificateCommand({ CertificateArn: arn }), { abortSignal })).Certificate ?? null) as Read<Certificate>);
    }
    return live;
}

/** The ALB's security groups, and for an internal ALB its VPC's route tables (doctor/egress.ts checks them). */
export async function readEgress(lb: LoadBalancer, scheme: string, ec2: EC2Client, step: Step): Promise<EgressLive> {
    const groups = lb.SecurityGroups ?? [];
    const securityGroups = await attempt(`the security groups of ${lb.LoadBalancerName}`, "ec2:DescribeSecurityGroups", step, async (abortSignal) =>
        groups.length ? ((await ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: groups }), { abortSignal })).SecurityGroups ?? []) as SecurityGroup[] : []);
    if (scheme !== "internal") return { securityGroups };
    // A subnet without a table of its own uses the VPC's main table: read both, then pick per subnet.
    const routeTables = await attempt(`the route tables of ${lb.LoadBalancerName}'s subnets`, "ec2:DescribeRouteTables", step, async (abortSignal) =>
        ((await ec2.send(new DescribeRouteTablesCommand({ Filters: [{ Name: "vpc-id", Values: [lb.VpcId ?? ""] }] }), { abortSignal })).RouteTables ?? []) as RouteTable[]);
    return { securityGroups, routeTables };
}
