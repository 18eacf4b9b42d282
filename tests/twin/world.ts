/**
 * The cloud the twin keeps between runs: what really exists in the account and the cluster,
 * whatever Pulumi's state says. Plain data, so a scenario can be copied and checked.
 */
import { ACCOUNT, certArn } from "../harness";
import type { Role } from "./iam";

export interface K8sObject {
    kind: string;
    namespace: string;
    name: string;
    /** The object as last applied (metadata, spec, data…), without status. */
    body: Record<string, unknown>;
    /** What the cluster (the controller, for an Ingress) wrote. */
    status?: { loadBalancer?: { ingress?: { hostname: string }[] } };
    /** Deleted, but held by a finalizer (an Ingress whose group has not deployed without it yet). */
    deleting?: boolean;
}

export interface Cluster {
    /** The Kubernetes provider's clusterIdentifier (the API server URL). */
    id: string;
    /** The controller's --cluster-name, written in the tags of the ALBs it creates. */
    name: string;
    /** Namespaced objects by `Kind namespace/name`, cluster-scoped ones (IngressClass) by `Kind /name`. */
    objects: Map<string, K8sObject>;
    /** Warning events the controller recorded, newest last, per Ingress key. */
    events: Map<string, string[]>;
}

export interface Alb {
    arn: string;
    name: string;
    dnsName: string;
    scheme: string;
    /** The controller's tags: which cluster and which group (`ingress.k8s.aws/stack`). */
    cluster: string;
    group: string;
    /** The HTTPS listener's certificates: the default first, then SNI. */
    certificates: string[];
}

export interface RecordSet {
    name: string;
    type: string;
    values?: string[];
    alias?: { name: string; zoneId: string };
    /** Who wrote it: a stack URN, or "someone else" for what the world started with. */
    writtenBy: string;
}

export interface Zone {
    id: string;
    name: string;
    private: boolean;
    records: Map<string, RecordSet>;
}

export interface Certificate {
    arn: string;
    domains: string[];
    status: "PENDING_VALIDATION" | "ISSUED";
    /** Requested outside the stack (given as certificateArn, or another team's). */
    foreign?: boolean;
}

export interface World {
    account: string;
    region: string;
    clusters: Map<string, Cluster>;
    /** Other identities (clusterIdentifier values) of the same cluster, as an earlier release may have used. */
    clusterAliases: Map<string, string>;
    albs: Alb[];
    zones: Zone[];
    certificates: Map<string, Certificate>;
    /** WAFv2 web ACL per ALB ARN. */
    webAcls: Map<string, string>;
    /** Cognito hosted-UI prefixes in use, `<region>/<prefix>` → pool id ("someone else's" for other accounts). */
    domainPrefixes: Map<string, string>;
    /** User pools by ARN, with the function their pre token generation trigger names (retained pools stay here). */
    pools: Map<string, { id: string; trigger?: string; tags?: Record<string, string>; selfSignUp?: boolean; schema?: string[]; tier?: string }>;
    /** Hosted-UI domains on managed login (version 2), `<region>/<prefix>`; the others serve the classic hosted UI. */
    managedLogin: Set<string>;
    /** Managed login styles by `<pool id>/<client id>`: a client has at most one. */
    styles: Set<string>;
    /** Moments a sign-in page was unavailable: a browser client of a managed-login domain without a style, or a login sent to a domain that does not resolve. */
    unstyled: string[];
    /** Cognito app clients by id, with their name and pool id, the providers they sign in with and the attributes they may write (undefined: the standard ones). */
    clients: Map<string, { name: string; poolId: string; callbackUrls: string[]; providers: string[]; writeAttributes?: string[] }>;
    /** Resource-server scopes by `<pool id>/<identifier>/<scope>`. */
    scopes: Set<string>;
    /** SAML and OIDC identity providers by `<pool id>/<name>`, with the pool attributes they map to. */
    idps: Map<string, { type: string; mapping: Record<string, string>; details: Record<string, string> }>;
    /** Lambda functions by ARN, with their name and who may invoke them (principal and source ARN). */
    lambdas: Map<string, { name: string; env: Record<string, string>; invokers: { principal: string; sourceArn?: string }[]; source: string; role?: string }>;
    /** IAM roles by ARN, with their policies as they stand (tests/twin/iam.ts). */
    roles: Map<string, Role>;
    /**
     * Cognito users by `<pool id>/<username>`: `refreshable` while their refresh tokens work (they
     * signed in; AdminUserGlobalSignOut ends that).
     */
    users: Map<string, { refreshable: boolean }>;
    /** Users deleted while their refresh tokens still worked: what Cognito then does with them is undocumented. */
    deletedSignedIn: string[];
    /** A counter for the names and ids AWS assigns. */
    serial: number;
}

export const recordKey = (name: string, type: string) => `${name.toLowerCase().replace(/\.$/, "")} ${type}`;
export const objectKey = (kind: string, namespace: string | undefined, name: string) => `${kind} ${namespace ?? ""}/${name}`;

/** The cluster a fresh stack deploys into, with the console's and an app's Service. */
export function newCluster(id: string, name: string): Cluster {
    const objects = new Map<string, K8sObject>();
    for (const [namespace, name_] of [["default", "mdai-console"], ["default", "console"], ["mdai", "mdai-console"], ["monitoring", "grafana"], ["monitoring", "prometheus"]]) {
        objects.set(objectKey("Service", namespace, name_), { kind: "Service", namespace, name: name_, body: { metadata: { namespace, name: name_, annotations: {} }, spec: { ports: [{ port: 5173, name: "http" }] } } });
    }
    objects.set(objectKey("IngressClass", "", "alb"), { kind: "IngressClass", namespace: "", name: "alb", body: { metadata: { name: "alb" }, spec: { controller: "ingress.k8s.aws/alb" } } });
    objects.set(objectKey("ServiceAccount", "kube-system", "aws-load-balancer-controller"), { kind: "ServiceAccount", namespace: "kube-system", name: "aws-load-balancer-controller",
        body: { metadata: { namespace: "kube-system", name: "aws-load-balancer-controller" } } });
    // The controller as its Helm chart installs it (v2.15.0), running as that ServiceAccount.
    objects.set(objectKey("Deployment", "kube-system", "aws-load-balancer-controller"), { kind: "Deployment", namespace: "kube-system", name: "aws-load-balancer-controller",
        body: { metadata: { namespace: "kube-system", name: "aws-load-balancer-controller", labels: { "app.kubernetes.io/name": "aws-load-balancer-controller" } },
            spec: { template: { spec: { serviceAccountName: "aws-load-balancer-controller", containers: [{ name: "aws-load-balancer-controller", image: "public.ecr.aws/eks/aws-load-balancer-controller:v2.15.0" }] } } } } });
    return { id, name, objects, events: new Map() };
}

/**
 * A world as the tests' fixtures describe it: the public zone example.com, the given certificate
 * (certArn) covering the fixtures' domains, and a validation record another certificate of the
 * account already relies on, so that taking it over and deleting it would show.
 */
export function newWorld(region = "us-east-1"): World {
    const zone: Zone = { id: "Z0EXAMPLE0PUBLIC", name: "example.com", private: false, records: new Map() };
    const world: World = {
        account: ACCOUNT, region, clusters: new Map(), clusterAliases: new Map(), albs: [], zones: [zone], certificates: new Map(), webAcls: new Map(), domainPrefixes: new Map(), managedLogin: new Set(), styles: new Set(), unstyled: [], pools: new Map(), clients: new Map(), scopes: new Set(), idps: new Map(), lambdas: new Map(), roles: new Map(), users: new Map(), deletedSignedIn: [], serial: 0,
    };
    for (const arn of [certArn(region), certArn(region).replace("0b9b5a4e", "1c2d3e4f")]) world.certificates.set(arn, { arn, domains: ["example.com", "*.example.com", "*.example.org"], status: "ISSUED", foreign: true });
    // Another team's certificate for the console's name: ACM validates every certificate of a name in an account with one record.
    const shared = validationRecord(world, "mdai.example.com");
    // The company's website at the zone's apex: a custom sign-in domain's parent must resolve.
    zone.records.set(recordKey("example.com", "A"), { name: "example.com.", type: "A", values: ["192.0.2.10"], writtenBy: "someone else" });
    zone.records.set(recordKey(shared.name, "CNAME"), { name: shared.name, type: "CNAME", values: [shared.value], writtenBy: "someone else" });
    world.certificates.set(`arn:aws:acm:${region}:${ACCOUNT}:certificate/other-team`, { arn: `arn:aws:acm:${region}:${ACCOUNT}:certificate/other-team`, domains: ["mdai.example.com"], status: "ISSUED", foreign: true });
    // The pool MDAI's installer created, with its hosted-UI domain: what userPoolId adopts.
    const installer = `arn:aws:cognito-idp:${region}:${ACCOUNT}:userpool/${INSTALLER_POOL}`;
    world.pools.set(installer, { id: INSTALLER_POOL });
    world.domainPrefixes.set(`${region}/mdai-installer-login`, INSTALLER_POOL);
    // A company pool without a hosted-UI domain: with userPoolDomain the stack adds one.
    world.pools.set(`arn:aws:cognito-idp:${region}:${ACCOUNT}:userpool/${COMPANY_POOL}`, { id: COMPANY_POOL });
    return world;
}

export const INSTALLER_POOL = "us-east-1_Installer1";
export const COMPANY_POOL = "us-east-1_Company1";

/**
 * ACM's DNS validation record for a name: the same for every certificate of that name in the
 * account (observed in public issues, e.g. dflook/cloudformation-dns-certificate#7).
 */
export function validationRecord(world: World, domain: string): { name: string; value: string } {
    const h = hash(`${world.account}/${domain.replace(/^\*\./, "")}`);
    const base = domain.replace(/^\*\./, "");
    return { name: `_${h}.${base}.`, value: `_${hash(h)}.jkddzztszm.acm-validations.aws.` };
}

export function hash(s: string): string {
    let h = 2166136261;
    for (const c of s) h = Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0;
    return h.toString(16).padStart(8, "0");
}

export const covers = (domain: string, host: string) => domain === host || (domain.startsWith("*.") && host.endsWith(domain.slice(1)) && !host.slice(0, -domain.length + 1).includes("."));

/** A copy a scenario can change without touching the world it started from. */
export function copyWorld(w: World): World {
    return structuredClone(w);
}
