/** The validated configuration's shape (config/validate.ts makes it): everything the program needs, typed and normalised. */
import type { Problem } from "./errors";
import type { ClusterTarget } from "./cluster";
import type { AlbSettings, AppSettings } from "./doors";
import type { ExternalIdp } from "./lists";
import type { DnsPlan } from "./dns";
import type { Access } from "./access";
import type { Federation } from "./federation";
import type { Machines } from "./machines";
import type { SignIn } from "./signIn";
import type { AuthDecision, AuthModeSetting } from "../region/decide";

export const MFA_SETTINGS = ["off", "optional", "on"] as const;
export const THREAT_PROTECTION_SETTINGS = ["off", "audit", "enforced"] as const;
export const RETENTION_SETTINGS = ["retain", "delete"] as const;
export const ACCOUNT_RECOVERY_SETTINGS = ["email", "admin-only"] as const;

/** Validated configuration: everything the program needs, typed and normalised. */
export interface Settings {
    region: string;
    cognitoRegion: string;
    authMode: AuthModeSetting;
    decision: AuthDecision;
    uiHostname: string;
    /** Set whenever the decision creates a user pool. */
    userPoolDomain?: string;
    /** The certificate given; absent when the program creates one (dns.createCertificate). */
    certificateArn?: string;
    /** Who owns the console's DNS record, and where the certificate comes from. */
    dns: DnsPlan;
    namespace: string;
    ingressName: string;
    serviceName: string;
    /** A port number, or the name of a port of the Service. */
    servicePort: number | string;
    /** Paths on the console's host served without login, and with 401 instead of a redirect. */
    publicPaths: string[];
    apiPaths: string[];
    /** More UIs behind the same ALB and user pool. */
    apps: AppSettings[];
    /** The IngressGroup's ALB options, identical on every member. */
    alb: AlbSettings;
    loadBalancerName: string;
    userPoolName: string;
    appClientName: string;
    sessionTimeout: number;
    users: string[];
    oidc?: ExternalIdp;
    /** The AWS Load Balancer Controller's Deployment: its pods' ServiceAccount alone reads the OIDC Secret. */
    lbControllerDeployment: { namespace: string; name: string };
    /** The ServiceAccount the user named, to be checked against the Deployment's. */
    lbControllerServiceAccount?: { namespace: string; name: string };
    /** The cluster the Kubernetes resources go to, and how it is reached. */
    cluster: ClusterTarget;
    /** How long `pulumi up` waits for the Ingress to get an address. */
    ingressWaitMinutes: number;
    /** Arguments for the explicit AWS providers (profile, credentials, endpoints, …) and which are secret. */
    awsProvider: { args: Record<string, unknown>; secret: string[] };
    userPoolRetention: (typeof RETENTION_SETTINGS)[number];
    mfa: (typeof MFA_SETTINGS)[number];
    threatProtection: (typeof THREAT_PROTECTION_SETTINGS)[number];
    passwordMinimumLength: number;
    temporaryPasswordValidityDays: number;
    tokenValidityMinutes: number;
    /** Derived from sessionTimeout when not configured. */
    refreshTokenValidityMinutes: number;
    accountRecovery: (typeof ACCOUNT_RECOVERY_SETTINGS)[number];
    tokenRevocation: boolean;
    preventUserExistenceErrors: boolean;
    selfSignUp: boolean;
    /** The sign-out endpoint; absent when `signOut` is false or there is no login (`none`). */
    signOut?: { path: string; image?: string };
    /** Cognito groups, and the ones whose members alone may sign in. */
    access: Access;
    /** Corporate identity providers in the pool, and whether it keeps users of its own. */
    federation: Federation;
    /** API clients with bearer tokens, and the paths that admit them. */
    machines: Machines;
    /** The feature plan, the sign-in pages and factors, and the pool's e-mail. */
    signIn: SignIn;
    /** An existing pool to use instead of creating one. */
    existingUserPoolId?: string;
    /** Less secure opt-ins and likely typos, to log. */
    warnings: string[];
    /** What was read (the values file), to log. */
    info: string[];
    /** Documentation example values still in place: `pulumi up` refuses to deploy them, preview and plan show them first. */
    blockers: Problem[];
}
