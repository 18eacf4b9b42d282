/**
 * What `npm run doctor` reads from the live system, and what it reports. The readers fill a
 * `Live` snapshot; the checks are pure functions of it and of what the stack expects, so they are
 * tested on recorded API responses.
 */
import type { SignInPagesLive } from "./signInPages";

/** A read that failed: why, and the permission it needed when that is the reason. */
export interface ReadError {
    error: string;
    /** The IAM action or Kubernetes verb and resource a missing permission denied (`elasticloadbalancing:DescribeRules`). */
    permission?: string;
}

/** The result of one read: the value, `null` when the object does not exist, or why it could not be read. */
export type Read<T> = T | null | ReadError;

export const isReadError = (v: unknown): v is ReadError => typeof v === "object" && v !== null && "error" in v && typeof (v as ReadError).error === "string";

/** One line of the checklist. `unknown`: it could not be checked (a missing permission, a timeout). */
export interface Item {
    area: "Config" | "Kubernetes" | "AWS" | "DNS" | "HTTP";
    state: "ok" | "fail" | "unknown";
    title: string;
    /** What was found, when it is not what it should be (or what was checked, briefly). */
    detail?: string;
    /** What to do. */
    fix?: string;
}

export const ok = (area: Item["area"], title: string, detail?: string): Item => ({ area, state: "ok", title, detail });
export const fail = (area: Item["area"], title: string, detail: string, fix: string): Item => ({ area, state: "fail", title, detail, fix });

/** An item for a read that failed: which permission to grant, or what went wrong. */
export function unreadable(area: Item["area"], title: string, e: ReadError): Item {
    const fix = e.permission ? `Grant ${e.permission} to the principal running the doctor, then run it again.`
        : /no valid credentials/.test(e.error) ? "Give the doctor credentials of the stack's account, as for pulumi up (AWS_PROFILE, aws:profile, `aws sso login`), then run it again."
            : "Run the doctor again; if it persists, check connectivity and credentials.";
    return { area, state: "unknown", title, detail: e.error, fix };
}

/** A Kubernetes object as the API returns it, to the depth the checks use. */
export interface KubeObject {
    metadata: { name: string; namespace?: string; annotations?: Record<string, string>; labels?: Record<string, string>; generation?: number };
    spec?: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    status?: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** A core/v1 Event, to the depth the checks use. */
export interface KubeEvent {
    type?: string;
    reason?: string;
    message?: string;
    lastTimestamp?: string | Date;
    eventTime?: string | Date;
    count?: number;
    involvedObject?: { kind?: string; name?: string; namespace?: string };
}

export interface KubeLive {
    /** The stack's Ingresses, by namespace/name. */
    ingresses: Record<string, Read<KubeObject>>;
    /** Their events, by namespace/name. */
    events: Record<string, Read<KubeEvent[]>>;
    /** Every Ingress of the cluster in the stack's IngressGroup, ours included. */
    groupMembers: Read<KubeObject[]>;
    ingressClass: Read<KubeObject>;
    ingressClassParams?: Read<KubeObject>;
    /** Backend Services, by namespace/name. */
    services: Record<string, Read<KubeObject>>;
    /** Their EndpointSlices, by the Service's namespace/name. */
    endpointSlices: Record<string, Read<KubeObject[]>>;
    /** The sign-out Deployments, by namespace/name. */
    deployments: Record<string, Read<KubeObject>>;
}

/** ELBv2, ACM and Cognito shapes, as the SDK returns them, to the depth the checks use. */
export interface Action {
    Type?: string;
    Order?: number;
    TargetGroupArn?: string;
    ForwardConfig?: { TargetGroups?: { TargetGroupArn?: string }[] };
    AuthenticateCognitoConfig?: { UserPoolArn?: string; UserPoolClientId?: string; UserPoolDomain?: string; OnUnauthenticatedRequest?: string };
    AuthenticateOidcConfig?: { Issuer?: string; AuthorizationEndpoint?: string; ClientId?: string; OnUnauthenticatedRequest?: string };
    RedirectConfig?: { Protocol?: string; Port?: string; StatusCode?: string };
    FixedResponseConfig?: { StatusCode?: string };
    JwtValidationConfig?: { Issuer?: string; JwksEndpoint?: string; AdditionalClaims?: { Format?: string; Name?: string; Values?: string[] }[] };
}
export interface Rule {
    RuleArn?: string;
    Priority?: string;
    IsDefault?: boolean;
    Conditions?: { Field?: string; Values?: string[]; HostHeaderConfig?: { Values?: string[] }; PathPatternConfig?: { Values?: string[] } }[];
    Actions?: Action[];
}
export interface Listener {
    ListenerArn?: string;
    Port?: number;
    Protocol?: string;
    SslPolicy?: string;
    Certificates?: { CertificateArn?: string; IsDefault?: boolean }[];
    DefaultActions?: Action[];
}
export interface LoadBalancer {
    LoadBalancerArn?: string;
    LoadBalancerName?: string;
    DNSName?: string;
    Scheme?: string;
    State?: { Code?: string; Reason?: string };
    VpcId?: string;
    SecurityGroups?: string[];
    AvailabilityZones?: { ZoneName?: string; SubnetId?: string }[];
}
export interface SecurityGroup {
    GroupId?: string;
    IpPermissionsEgress?: { IpProtocol?: string; FromPort?: number; ToPort?: number; IpRanges?: { CidrIp?: string }[]; Ipv6Ranges?: { CidrIpv6?: string }[];
        PrefixListIds?: { PrefixListId?: string }[]; UserIdGroupPairs?: unknown[] }[];
}

export interface RouteTable {
    RouteTableId?: string;
    Associations?: { SubnetId?: string; Main?: boolean }[];
    Routes?: { DestinationCidrBlock?: string; GatewayId?: string; NatGatewayId?: string; TransitGatewayId?: string; NetworkInterfaceId?: string;
        VpcPeeringConnectionId?: string; VpcEndpointId?: string; State?: string }[];
}

export interface EgressLive {
    securityGroups: Read<SecurityGroup[]>;
    /** Only read for an internal ALB. */
    routeTables?: Read<RouteTable[]>;
}

export interface TargetHealth {
    Target?: { Id?: string; Port?: number };
    TargetHealth?: { State?: string; Reason?: string; Description?: string };
}
export interface Certificate {
    CertificateArn?: string;
    DomainName?: string;
    SubjectAlternativeNames?: string[];
    Status?: string;
    Type?: string;
    NotAfter?: Date | string;
    RenewalEligibility?: string;
    DomainValidationOptions?: { DomainName?: string; ResourceRecord?: { Name?: string; Type?: string; Value?: string } }[];
}
export interface UserPoolClient {
    ClientId?: string;
    ClientName?: string;
    UserPoolId?: string;
    CallbackURLs?: string[];
    LogoutURLs?: string[];
    AllowedOAuthFlows?: string[];
    AllowedOAuthFlowsUserPoolClient?: boolean;
    AllowedOAuthScopes?: string[];
    SupportedIdentityProviders?: string[];
    /** Only whether it has one: the reader never keeps the value. */
    hasSecret?: boolean;
}

export interface AwsLive {
    identity: Read<{ Account?: string; Arn?: string }>;
    loadBalancer: Read<LoadBalancer>;
    listeners: Read<Listener[]>;
    /** By listener ARN. */
    rules: Record<string, Read<Rule[]>>;
    /** Every certificate of the HTTPS listener (and the configured one), by ARN. */
    certificates: Record<string, Read<Certificate>>;
    /** By target group ARN. */
    targetHealth: Record<string, Read<TargetHealth[]>>;
    /** Each app client the ALB's rules name, by client id. */
    userPoolClients?: Record<string, Read<UserPoolClient>>;
    /** The ALB's way out to the identity provider (doctor/egress.ts). */
    egress?: EgressLive;
    /** The sign-in domains the rules name, and the clients' managed login styles (doctor/signInPages.ts). */
    signInPages?: SignInPagesLive;
}

export interface DnsAnswer {
    cnames: string[];
    addresses: string[];
}

export interface ProbeAnswer {
    status: number;
    location?: string;
}

export interface Live {
    kube: KubeLive;
    aws: AwsLive;
    /** By hostname; `alb` holds the ALB's own addresses. */
    dns: Record<string, Read<DnsAnswer>>;
    /** By URL, only with --probe. */
    probes?: Record<string, Read<ProbeAnswer>>;
}
