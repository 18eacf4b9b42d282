/**
 * AWS Load Balancer Controller annotations for the console's Ingress.
 * @see https://kubernetes-sigs.github.io/aws-load-balancer-controller/latest/guide/ingress/annotations/
 *
 * The controller parses the IdP JSON with Go's encoding/json, which silently ignores unknown
 * keys: the JSON is therefore always built from typed objects, never by string concatenation.
 */
import { UserFacingError } from "../config/errors";

export const ANNOTATION_PREFIX = "alb.ingress.kubernetes.io/";

/** The controller's default policy (ELBSecurityPolicy-2016-08) lacks TLS 1.3. */
export const TLS13_SSL_POLICY = "ELBSecurityPolicy-TLS13-1-2-2021-06";
export const SESSION_COOKIE = "AWSELBAuthSessionCookie";

/** Field names exactly as the controller's `AuthIDPConfigCognito` expects them. */
export interface CognitoIdpAnnotation {
    userPoolARN: string;
    userPoolClientID: string;
    /** The domain prefix (or a custom domain's FQDN), not the hosted-UI URL. */
    userPoolDomain: string;
}

/** Field names exactly as the controller's `AuthIDPConfigOIDC` expects them. */
export interface OidcIdpAnnotation {
    issuer: string;
    authorizationEndpoint: string;
    tokenEndpoint: string;
    userInfoEndpoint: string;
    /** Secret in the Ingress's namespace holding `clientID` and `clientSecret`. */
    secretName: string;
}

export type IngressAuth =
    | { type: "cognito"; idp: CognitoIdpAnnotation }
    | { type: "oidc"; idp: OidcIdpAnnotation }
    | { type: "none" };

export interface AnnotationInput {
    certificateArn: string;
    loadBalancerName: string;
    /** ALB authentication session, seconds. */
    sessionTimeout: number;
    /** Space-separated OAuth scopes requested by the ALB. */
    scope: string;
    auth: IngressAuth;
}

/**
 * HTTPS with a redirect from port 80 is set in every mode: the ALB authenticates only on HTTPS
 * listeners, so a plain HTTP listener that forwards would be a way around the login.
 */
export function buildAnnotations(input: AnnotationInput): Record<string, string> {
    const a: Record<string, string> = {
        scheme: "internet-facing",
        "target-type": "ip",
        "listen-ports": JSON.stringify([{ HTTP: 80 }, { HTTPS: 443 }]),
        "ssl-redirect": "443",
        "certificate-arn": input.certificateArn,
        "ssl-policy": TLS13_SSL_POLICY,
        "load-balancer-name": input.loadBalancerName,
    };
    const auth = input.auth;
    if (auth.type !== "none") {
        Object.assign(a, {
            "auth-type": auth.type,
            "auth-scope": input.scope,
            "auth-session-cookie": SESSION_COOKIE,
            "auth-session-timeout": String(input.sessionTimeout),
            "auth-on-unauthenticated-request": "authenticate",
        });
        if (auth.type === "cognito") {
            const { userPoolARN, userPoolClientID, userPoolDomain } = auth.idp;
            a["auth-idp-cognito"] = JSON.stringify({ userPoolARN, userPoolClientID, userPoolDomain });
        } else {
            const { issuer, authorizationEndpoint, tokenEndpoint, userInfoEndpoint, secretName } = auth.idp;
            a["auth-idp-oidc"] = JSON.stringify({ issuer, authorizationEndpoint, tokenEndpoint, userInfoEndpoint, secretName });
        }
    }
    return Object.fromEntries(Object.entries(a).map(([k, v]) => [ANNOTATION_PREFIX + k, v]));
}

/**
 * The controller merges a backend Service's annotations over the Ingress's ("Annotations applied
 * to Service have higher priority"), for auth too when a rule forwards to one Service
 * (pkg/ingress/enhanced_backend_builder.go): `auth-type: none` there would publish the console.
 * Returns the error to fail the deployment with, or undefined when the Service is clean.
 */
export function backendOverrideError(service: string, annotations: Record<string, string> | undefined): UserFacingError | undefined {
    const bad = Object.entries(annotations ?? {}).filter(([k]) => k.startsWith(`${ANNOTATION_PREFIX}auth-`));
    if (bad.length === 0) return undefined;
    const [ns, name] = service.split("/");
    const list = bad.map(([k, v]) => `${k}: ${JSON.stringify(v)}`).join(", ");
    return new UserFacingError(`Service ${service} carries ${list}. The AWS Load Balancer Controller applies a Service's auth-* annotations over the Ingress's, ` +
        `so this could switch off or weaken the console's login; nothing was changed. Remove ${bad.length === 1 ? "it" : "them"} from the Service ` +
        `(e.g. \`kubectl annotate service -n ${ns} ${name} ${bad.map(([k]) => `${k}-`).join(" ")}\`, and in the chart or manifest that deploys it), then run pulumi up again.`);
}
