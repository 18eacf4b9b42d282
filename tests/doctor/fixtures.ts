/**
 * A healthy deployment of a stack, in the shapes the APIs return (DescribeLoadBalancers,
 * DescribeListeners, DescribeRules as the AWS Load Balancer Controller writes the rules,
 * DescribeTargetHealth, DescribeCertificate, DescribeUserPoolClient; Kubernetes objects and events
 * as the API server serves them). Tests break one thing at a time.
 */
import { TRAVERSAL_PATTERNS } from "../../components/routes";
import type { Expected } from "../../doctor/expected";
import { patternsOf } from "../../doctor/rules";
import type { Action, AwsLive, KubeEvent, KubeLive, KubeObject, Live, Rule } from "../../doctor/types";

export const ALB_DNS = "mdai-console-dev-1234567890.us-east-1.elb.amazonaws.com";
export const ALB_ARN = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/mdai-console-dev/50dc6c495c0c9188";
const LISTENER = (port: number) => `arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/mdai-console-dev/50dc6c495c0c9188/${port === 443 ? "f2f7dc8efc522ab2" : "a1b2c3d4e5f60718"}`;
export const HTTPS_LISTENER = LISTENER(443);
export const HTTP_LISTENER = LISTENER(80);
export const POOL_ARN = "arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_AbC123dEf";
export const CLIENT_ID = "4k1n2o3p4q5r6s7t8u9v0w1x2y";
export const CERT_ARN = "arn:aws:acm:us-east-1:123456789012:certificate/0b9b5a4e-2f3c-4d1e-9a8b-7c6d5e4f3a2b";
const tg = (backend: string) => `arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/k8s-${backend.replace(/[/:]/g, "-").slice(0, 20)}/73e2d6bc24d8a067`;

/** The MDAI documentation's error, as the controller records it on the Ingress. */
export const MDAI_COGNITO_ERROR: KubeEvent = {
    type: "Warning", reason: "FailedDeployModel", count: 12, lastTimestamp: "2026-11-27T10:15:00Z", involvedObject: { kind: "Ingress", name: "ui-alb-ingress", namespace: "default" },
    message: "Failed deploy model due to ValidationError: Action type 'authenticate-cognito' must be one of 'redirect,fixed-response,forward,authenticate-oidc'\n\tstatus code: 400, request id: 6d5f0e0a-3b7e-4f44-9a2f-0c6f1b6b2d11",
};

export const reconciled = (name: string, at = "2026-11-27T09:00:00Z"): KubeEvent => ({
    type: "Normal", reason: "SuccessfullyReconciled", message: "Successfully reconciled", lastTimestamp: at, involvedObject: { kind: "Ingress", name, namespace: "default" },
});

/** The id of the stack's n-th app client (the shared one is CLIENT_ID). */
const clientId = (n: number) => (n === 0 ? CLIENT_ID : `${CLIENT_ID.slice(0, -2)}${n.toString().padStart(2, "0")}`);
/** The client a host signs in with: its own, else the shared one. */
const clientOf = (e: Expected, host: string) => Math.max(0, e.clients.findIndex((c) => c.callbackUrls.includes(`https://${host}/oauth2/idpresponse`)));

function authAction(e: Expected, host: string, on: "authenticate" | "deny"): Action {
    const id = clientId(clientOf(e, host));
    if (e.mode === "cognito") {
        return { Type: "authenticate-cognito", Order: 1, AuthenticateCognitoConfig: { UserPoolArn: POOL_ARN, UserPoolClientId: id, UserPoolDomain: e.userPoolDomain, OnUnauthenticatedRequest: on } };
    }
    const issuer = e.idp === "external" ? e.oidc!.issuer : `https://cognito-idp.${e.cognitoRegion}.amazonaws.com/us-east-1_AbC123dEf`;
    return { Type: "authenticate-oidc", Order: 1, AuthenticateOidcConfig: { Issuer: issuer, AuthorizationEndpoint: e.authorizeUrl, ClientId: e.oidc?.clientId ?? id, OnUnauthenticatedRequest: on } };
}

/** The rules the controller writes for the stack's doors, in group order. */
export function rulesFor(e: Expected): Rule[] {
    const rules: Rule[] = e.doors.map((d, n) => {
        const paths = d.pathType === "ImplementationSpecific" ? [...TRAVERSAL_PATTERNS] : patternsOf(d);
        const forward: Action = { Type: "forward", Order: 2, TargetGroupArn: tg(d.backend), ForwardConfig: { TargetGroups: [{ TargetGroupArn: tg(d.backend) }] } };
        const jwt: Action = { Type: "jwt-validation", Order: 1, JwtValidationConfig: { Issuer: `https://cognito-idp.${e.cognitoRegion}.amazonaws.com/us-east-1_AbC123dEf`,
            JwksEndpoint: `https://cognito-idp.${e.cognitoRegion}.amazonaws.com/us-east-1_AbC123dEf/.well-known/jwks.json` } };
        const actions = d.access === "public" ? [{ ...forward, Order: 1 }] : d.access.startsWith("bearer") ? [jwt, forward] : [authAction(e, d.host, d.access === "401" ? "deny" : "authenticate"), forward];
        return {
            RuleArn: `${HTTPS_LISTENER.replace(":listener/", ":listener-rule/")}/${(n + 1).toString(16).padStart(16, "0")}`, Priority: String(n + 1), IsDefault: false,
            Conditions: [{ Field: "host-header", Values: [d.host], HostHeaderConfig: { Values: [d.host] } }, { Field: "path-pattern", Values: paths, PathPatternConfig: { Values: paths } }],
            Actions: actions,
        };
    });
    return [...rules, { RuleArn: `${HTTPS_LISTENER}/default`, Priority: "default", IsDefault: true, Conditions: [], Actions: [{ Type: "fixed-response", Order: 1, FixedResponseConfig: { StatusCode: "404", ContentType: "text/plain" } as never }] }];
}

export const ALB_SG = "sg-0alb1234";
export const ALB_SUBNETS = ["subnet-0aaa1111", "subnet-0bbb2222"];

export function healthyAws(e: Expected): AwsLive {
    const rules = rulesFor(e);
    const cert = e.certificateArn ?? CERT_ARN;
    const tgs = [...new Set(rules.flatMap((r) => (r.Actions ?? []).flatMap((a) => (a.TargetGroupArn ? [a.TargetGroupArn] : []))))];
    return {
        identity: { Account: "123456789012", Arn: "arn:aws:sts::123456789012:assumed-role/platform/alice" },
        loadBalancer: { LoadBalancerArn: ALB_ARN, LoadBalancerName: e.loadBalancerName, DNSName: ALB_DNS, Scheme: e.scheme, State: { Code: "active" },
            VpcId: "vpc-0a1b2c3d", SecurityGroups: [ALB_SG], AvailabilityZones: ALB_SUBNETS.map((SubnetId, n) => ({ ZoneName: `us-east-1${"ab"[n]}`, SubnetId })) },
        listeners: [
            { ListenerArn: HTTPS_LISTENER, Port: 443, Protocol: "HTTPS", SslPolicy: e.sslPolicy, Certificates: [{ CertificateArn: cert, IsDefault: true }], DefaultActions: [{ Type: "fixed-response", Order: 1 }] },
            { ListenerArn: HTTP_LISTENER, Port: 80, Protocol: "HTTP", DefaultActions: [{ Type: "fixed-response", Order: 1 }] },
        ],
        rules: {
            [HTTPS_LISTENER]: rules,
            [HTTP_LISTENER]: [{ Priority: "1", Conditions: [{ Field: "path-pattern", Values: ["/*"] }], Actions: [{ Type: "redirect", Order: 1, RedirectConfig: { Protocol: "HTTPS", Port: "443", StatusCode: "HTTP_301" } }] },
                { Priority: "default", IsDefault: true, Actions: [{ Type: "fixed-response", Order: 1 }] }],
        },
        certificates: { [cert]: { CertificateArn: cert, DomainName: e.hosts[0], SubjectAlternativeNames: e.hosts, Status: "ISSUED", Type: "AMAZON_ISSUED", RenewalEligibility: "ELIGIBLE", NotAfter: "2027-09-30T23:59:59Z" } },
        targetHealth: Object.fromEntries(tgs.map((arn) => [arn, [{ Target: { Id: "10.0.12.34", Port: 5173 }, TargetHealth: { State: "healthy" } }]])),
        // The controller's managed group: all outbound allowed; an internal ALB's subnets route out through a NAT gateway.
        egress: e.mode === "none" ? undefined : {
            securityGroups: [{ GroupId: ALB_SG, IpPermissionsEgress: [{ IpProtocol: "-1", IpRanges: [{ CidrIp: "0.0.0.0/0" }] }] }],
            routeTables: e.scheme === "internal" ? [
                { RouteTableId: "rtb-main", Associations: [{ Main: true }], Routes: [{ DestinationCidrBlock: "10.0.0.0/16", GatewayId: "local" }] },
                { RouteTableId: "rtb-private", Associations: ALB_SUBNETS.map((SubnetId) => ({ SubnetId })),
                    Routes: [{ DestinationCidrBlock: "10.0.0.0/16", GatewayId: "local" }, { DestinationCidrBlock: "0.0.0.0/0", NatGatewayId: "nat-0f1e2d3c" }] },
            ] : undefined,
        },
        userPoolClients: e.idp === "cognito-pool" ? Object.fromEntries(e.clients.map((c, n) => [clientId(n), {
            ClientId: clientId(n), ClientName: c.name, UserPoolId: "us-east-1_AbC123dEf", CallbackURLs: c.callbackUrls, LogoutURLs: c.logoutUrls, AllowedOAuthFlows: ["code"],
            AllowedOAuthFlowsUserPoolClient: true, AllowedOAuthScopes: ["email", "openid"], SupportedIdentityProviders: ["COGNITO"], hasSecret: true,
        }])) : undefined,
        signInPages: e.idp === "cognito-pool" ? {
            domains: { [e.authDomain ?? e.userPoolDomain!]: { version: e.managedLogin ? 2 : 1, status: "ACTIVE", poolId: "us-east-1_AbC123dEf" } },
            styles: e.managedLogin ? Object.fromEntries(e.clients.map((_c, n) => [clientId(n), true])) : {},
        } : undefined,
    };
}

const ingress = (key: string, annotations: Record<string, string>, hosts: string[]): KubeObject => {
    const [namespace, name] = key.split("/");
    return { metadata: { name, namespace, annotations: { ...annotations, "pulumi.com/patchForce": "true" } }, spec: { ingressClassName: "alb", rules: hosts.map((host) => ({ host })) },
        status: { loadBalancer: { ingress: [{ hostname: ALB_DNS }] } } };
};

export function healthyKube(e: Expected): KubeLive {
    return {
        ingresses: Object.fromEntries(e.ingresses.map((i) => [i.key, ingress(i.key, i.annotations, i.hosts)])),
        events: Object.fromEntries(e.ingresses.map((i) => [i.key, [reconciled(i.key.split("/")[1])]])),
        groupMembers: e.ingresses.map((i) => ingress(i.key, i.annotations, i.hosts)),
        ingressClass: { metadata: { name: e.ingressClassName }, spec: { controller: "ingress.k8s.aws/alb" } },
        services: Object.fromEntries(e.services.map((s) => [s, { metadata: { name: s.split("/")[1], namespace: s.split("/")[0], annotations: {} }, spec: { ports: [{ port: 5173 }] } }])),
        endpointSlices: Object.fromEntries(e.services.map((s) => [s, [{ metadata: { name: `${s.split("/")[1]}-abcde` }, endpoints: [{ addresses: ["10.0.12.34"], conditions: { ready: true } }] } as unknown as KubeObject]])),
        deployments: Object.fromEntries(e.deployments.map((d) => [d, { metadata: { name: d.split("/")[1], namespace: d.split("/")[0] }, spec: { replicas: 2 }, status: { readyReplicas: 2, replicas: 2 } }])),
    };
}

export function healthyLive(e: Expected): Live {
    const dns = Object.fromEntries(e.hosts.map((h) => [h, { cnames: [ALB_DNS], addresses: ["203.0.113.10", "203.0.113.11"] }]));
    return { kube: healthyKube(e), aws: healthyAws(e), dns: { ...dns, [ALB_DNS]: { cnames: [], addresses: ["203.0.113.10", "203.0.113.11"] } } };
}
