/**
 * The configuration contract: every key of the `mdai-cognito:` namespace, its environment
 * variable (read from the process environment, then the values file), its default and meaning.
 * Pulumi.yaml declares the same keys; a test holds the two together.
 *
 * Keys that fall back to an environment variable are declared in Pulumi.yaml with the default
 * `""` ("unset"): the Pulumi CLI passes declared defaults to the program as stack config, and a
 * real default there would always win over the environment and the values file.
 */
export const PROJECT = "mdai-cognito";

export type KeyType = "string" | "integer" | "boolean" | "array" | "object";

export interface KeySpec {
    key: string;
    type: KeyType;
    /** Environment variable consulted when stack config leaves the key unset. */
    env?: string;
    /** The value the program uses when nothing sets the key (`undefined`: required or derived). */
    default?: string | number | boolean | string[];
    /** The default written in Pulumi.yaml (see the note above). */
    projectDefault: string | number | boolean | string[] | Record<string, never>;
    description: string;
    secret?: boolean;
}

export const CONFIG_KEYS: readonly KeySpec[] = [
    { key: "uiHostname", type: "string", env: "MDAI_UI_HOSTNAME", projectDefault: "", description: "Public hostname of the MDAI console, e.g. mdai.example.com (required)." },
    { key: "userPoolDomain", type: "string", env: "MDAI_UI_USER_POOL_DOMAIN", projectDefault: "", description: "Cognito hosted-UI domain prefix (required when a user pool is created); must be unique in the region." },
    { key: "certificateArn", type: "string", env: "MDAI_UI_ACM_ARN", projectDefault: "", description: "ARN of the ACM certificate for the HTTPS listener, in the stack's region (required)." },
    { key: "authMode", type: "string", env: "MDAI_AUTH_MODE", default: "auto", projectDefault: "", description: "auto, cognito, oidc or none (none makes the console public). Empty means auto." },
    { key: "cognitoRegion", type: "string", env: "MDAI_COGNITO_REGION", projectDefault: "", description: "Region of the user pool. Empty means the stack's AWS region." },
    { key: "namespace", type: "string", env: "MDAI_NAMESPACE", default: "default", projectDefault: "", description: "Namespace of the Ingress and of the OIDC Secret. Empty means default." },
    { key: "ingressName", type: "string", default: "ui-alb-ingress", projectDefault: "ui-alb-ingress", description: "Name of the Kubernetes Ingress." },
    { key: "serviceName", type: "string", default: "mdai-console", projectDefault: "mdai-console", description: "Kubernetes Service the Ingress forwards to." },
    { key: "servicePort", type: "integer", default: 5173, projectDefault: 5173, description: "Port of that Service." },
    { key: "loadBalancerName", type: "string", default: "mdai-console", projectDefault: "mdai-console", description: "Name of the ALB (at most 32 characters, unique per account and region)." },
    { key: "userPoolName", type: "string", default: "mdai-user-pool", projectDefault: "mdai-user-pool", description: "Name of the Cognito user pool. Never change it after the first deploy: it replaces the pool and deletes every user." },
    { key: "appClientName", type: "string", default: "mdai-app-client", projectDefault: "mdai-app-client", description: "Name of the Cognito app client." },
    { key: "sessionTimeout", type: "integer", default: 3600, projectDefault: 3600, description: "ALB authentication session, in seconds (1 to 604800)." },
    { key: "users", type: "array", default: [], projectDefault: [], description: "E-mail addresses to invite as console users. Removing one deletes that user." },
    { key: "oidc", type: "object", projectDefault: {}, description: "External OIDC identity provider: issuer, authorizationEndpoint, tokenEndpoint, userInfoEndpoint, clientId, clientSecret (set with --secret). Empty means none." },
    { key: "lbControllerServiceAccount", type: "string", default: "kube-system/aws-load-balancer-controller", projectDefault: "kube-system/aws-load-balancer-controller", description: "namespace/name of the AWS Load Balancer Controller's ServiceAccount, the only reader of the OIDC Secret." },
    { key: "envFile", type: "string", default: "values/aws.env", projectDefault: "", description: "Values file (dotenv). Empty means values/aws.env, which may be absent; a file named here must exist." },
    { key: "kubeconfig", type: "string", projectDefault: "", description: "Kubeconfig path or contents for the cluster. Empty means the kubernetes: provider config or KUBECONFIG." },
    { key: "userPoolRetention", type: "string", default: "retain", projectDefault: "retain", description: "retain: the pool survives pulumi destroy (deletion protection on). delete: destroy deletes it and every user." },
    { key: "mfa", type: "string", default: "optional", projectDefault: "optional", description: "Multi-factor authentication with TOTP apps: off, optional or on." },
    { key: "threatProtection", type: "string", default: "off", projectDefault: "off", description: "Cognito threat protection: off, audit or enforced (needs the billed Plus tier)." },
    { key: "passwordMinimumLength", type: "integer", default: 12, projectDefault: 12, description: "Minimum password length (8 to 99; all four character classes are always required)." },
    { key: "temporaryPasswordValidityDays", type: "integer", default: 7, projectDefault: 7, description: "Days an invitation's temporary password stays valid (1 to 365)." },
    { key: "tokenValidityMinutes", type: "integer", default: 60, projectDefault: 60, description: "Lifetime of ID and access tokens, in minutes (5 to 1440)." },
    { key: "refreshTokenValidityMinutes", type: "integer", default: 0, projectDefault: 0, description: "Lifetime of refresh tokens, in minutes (60 to 5256000). 0 means as long as sessionTimeout, at least 60 (Cognito's minimum) and at least tokenValidityMinutes." },
    { key: "accountRecovery", type: "string", default: "email", projectDefault: "email", description: "How users recover a forgotten password: email (verified e-mail only) or admin-only (an administrator resets it)." },
    { key: "tokenRevocation", type: "boolean", default: true, projectDefault: true, description: "Let signing out revoke refresh tokens (turning it off is insecure)." },
    { key: "preventUserExistenceErrors", type: "boolean", default: true, projectDefault: true, description: "Hide whether an account exists in sign-in and recovery errors (turning it off is insecure)." },
    { key: "selfSignUp", type: "boolean", default: false, projectDefault: false, description: "Let anyone create an account on the hosted UI (insecure; off by default)." },
];

/** Values-file variables that are not keys but are known (the original installer's). */
export const KNOWN_FILE_VARIABLES: readonly string[] = ["AWS_REGION", "AWS_DEFAULT_REGION", "MDAI_CLUSTER_NAME", "COGNITO"];

export function keySpec(key: string): KeySpec {
    const spec = CONFIG_KEYS.find((k) => k.key === key);
    if (!spec) throw new Error(`unknown config key ${key}`);
    return spec;
}

export const fullKey = (key: string) => `${PROJECT}:${key}`;
