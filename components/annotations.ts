/**
 * AWS Load Balancer Controller annotations for the console's Ingress.
 * @see https://kubernetes-sigs.github.io/aws-load-balancer-controller/latest/guide/ingress/annotations/
 *
 * The controller parses the IdP JSON with Go's encoding/json, which silently ignores unknown
 * keys: the JSON is therefore always built from typed objects, never by string concatenation.
 */
import { ANNOTATION_PREFIX, TLS13_SSL_POLICY } from "../config/annotationPolicy";
import { UserFacingError } from "../config/errors";
import { shellCommand, shellQuote } from "../config/shell";

export { ANNOTATION_PREFIX, TLS13_SSL_POLICY };
/** The controller's default session cookie: the stack's shared app client keeps it (no new sign-in on upgrade). */
export const SESSION_COOKIE = "AWSELBAuthSessionCookie";

/**
 * The ALB session cookie of the hosts that sign in through `app`'s own client (undefined: the
 * shared client). AWS's ALB guide: where applications on one load balancer need independent
 * authentication, each authenticate rule needs a unique cookie name, "so that clients are always
 * authenticated with the IdP before being routed" — with one name, a session made through the
 * console's client would be a session on an app whose client admits other groups.
 */
export const sessionCookieFor = (app?: string) => (app === undefined ? SESSION_COOKIE : `${SESSION_COOKIE}-${app}`);

/** Field names exactly as the controller's `AuthIDPConfigCognito` expects them. */
export interface CognitoIdpAnnotation {
    userPoolARN: string;
    userPoolClientID: string;
    /** The domain prefix (or a custom domain's FQDN), not the hosted-UI URL. */
    userPoolDomain: string;
    /** Query parameters the ALB adds to the authorize request (up to 10), e.g. `identity_provider` to skip Cognito's page. */
    authenticationRequestExtraParams?: Record<string, string>;
}

/** Field names exactly as the controller's `AuthIDPConfigOIDC` expects them. */
export interface OidcIdpAnnotation {
    issuer: string;
    authorizationEndpoint: string;
    tokenEndpoint: string;
    userInfoEndpoint: string;
    /** Secret in the Ingress's namespace holding `clientID` and `clientSecret`. */
    secretName: string;
    authenticationRequestExtraParams?: Record<string, string>;
}

export type IngressAuth =
    | { type: "cognito"; idp: CognitoIdpAnnotation }
    | { type: "oidc"; idp: OidcIdpAnnotation }
    | { type: "none" };

import { jwtValidation } from "../config/machines";
import { PUBLIC_MARKER } from "../config/annotationPolicy";

/** What an unauthenticated request gets on a member's paths; `bearer`: the ALB checks an access token (jwt-validation) and nothing else. */
export type Access = "login" | "deny" | "public" | "bearer";

/**
 * `group.order` per kind of member, lower first (1–1000 up to controller v2.7, -1000–1000 later;
 * duplicates are refused before v2.8, so every value stays in 1–1000 and unique). Rules are ordered by Ingress, not by path, so more specific and public
 * paths sit in members that sort before the console's `/`.
 */
export const GROUP_ORDER: Readonly<Record<Access, number>> = { public: 100, deny: 200, bearer: 250, login: 300 };
/** The traversal guard (routes.ts TRAVERSAL_PATTERNS) sorts before every door it guards. */
export const GUARD_ORDER = 50;

/**
 * Settings the controller requires to agree across an IngressGroup (conflicting ones stop the
 * whole group): built once and set on every member, so they cannot differ.
 */
export interface GroupSettings {
    groupName: string;
    certificateArn: string;
    loadBalancerName: string;
    scheme: "internet-facing" | "internal";
    /** Empty: the controller's default, anywhere (0.0.0.0/0, and ::/0 when dualstack). */
    inboundCidrs: string[];
    /** The ALB attributes the program owns (Security Hub's ELB controls), merged with any from `extra`. */
    lbAttributes: Record<string, string>;
    /** Other controller annotations (already checked against config/annotationPolicy.ts), prefixed. */
    extra: Record<string, string>;
}

/**
 * Annotations whose change gives the group a new ALB: the controller replaces an ALB whose scheme
 * changes (load_balancer_synthesizer.go isSDKLoadBalancerRequiresReplacement), and another group is
 * another ALB (found by its `ingress.k8s.aws/stack` tag).
 */
export const NEW_ALB_ANNOTATIONS = ["scheme", "group.name"] as const;

/** The ALB attributes Security Hub checks (controls ELB.4, ELB.12/14, ELB.6, ELB.5), secure unless told otherwise. */
export function albAttributes(o: { dropInvalidHeaders?: boolean; desyncMitigationMode?: string; deletionProtection?: boolean; accessLogs?: { bucket: string; prefix?: string } }): Record<string, string> {
    return {
        "routing.http.drop_invalid_header_fields.enabled": String(o.dropInvalidHeaders ?? true),
        "routing.http.desync_mitigation_mode": o.desyncMitigationMode ?? "defensive",
        "deletion_protection.enabled": String(o.deletionProtection ?? true),
        ...(o.accessLogs ? { "access_logs.s3.enabled": "true", "access_logs.s3.bucket": o.accessLogs.bucket, ...(o.accessLogs.prefix ? { "access_logs.s3.prefix": o.accessLogs.prefix } : {}) } : {}),
    };
}

/**
 * HTTPS with a redirect from port 80 is set in every mode: the ALB authenticates only on HTTPS
 * listeners, so a plain HTTP listener that forwards would be a way around the login.
 */
export function groupAnnotations(g: GroupSettings): Record<string, string> {
    const own = prefixed({
        "group.name": g.groupName,
        scheme: g.scheme,
        ...(g.inboundCidrs.length ? { "inbound-cidrs": g.inboundCidrs.join(",") } : {}),
        "target-type": "ip",
        "listen-ports": JSON.stringify([{ HTTP: 80 }, { HTTPS: 443 }]),
        "ssl-redirect": "443",
        "certificate-arn": g.certificateArn,
        "ssl-policy": TLS13_SSL_POLICY,
        "load-balancer-name": g.loadBalancerName,
        "load-balancer-attributes": [...Object.entries(g.lbAttributes).map(([k, v]) => `${k}=${v}`), ...(g.extra[`${ANNOTATION_PREFIX}load-balancer-attributes`] ?? "").split(",")]
            .map((a) => a.trim()).filter(Boolean).join(","),
    });
    // The program's own settings win over any extra annotation of the same name (the policy refuses those anyway).
    return { ...g.extra, ...own };
}

export interface AuthSettings {
    auth: IngressAuth;
    /** The ALB's session cookie: one per app client (sessionCookieFor). */
    cookieName: string;
    /** Space-separated OAuth scopes requested by the ALB. */
    scope: string;
    /** ALB authentication session, seconds. */
    sessionTimeout: number;
    /** The pool's issuer, for the jwt-validation of bearer members. */
    jwtIssuer?: string;
}

/** One member's own annotations: its order and its authentication. */
export function memberAnnotations(member: { access: Access; order: number; scopes?: string[] }, a: AuthSettings): Record<string, string> {
    const access = member.access;
    const m: Record<string, string> = { "group.order": String(member.order) };
    const auth = a.auth;
    // No auth-type beside it: the controller refuses authentication and jwt validation on one Ingress (model_build_actions.go).
    if (access === "bearer") {
        if (!a.jwtIssuer) throw new Error("a bearer member needs the pool's issuer");
        m["jwt-validation"] = JSON.stringify(jwtValidation(a.jwtIssuer, member.scopes ?? []));
        return prefixed(m);
    }
    if (auth.type === "none" || access === "public") {
        m["auth-type"] = "none";
        // Said so for the policy pack (policy/rules.ts), which refuses an unauthenticated Ingress that does not.
        return { ...prefixed(m), [PUBLIC_MARKER]: auth.type === "none" ? "authMode none: the console is public on purpose" : "the signed-out page and the configured publicPaths" };
    }
    Object.assign(m, {
        "auth-type": auth.type,
        "auth-scope": a.scope,
        "auth-session-cookie": a.cookieName,
        "auth-session-timeout": String(a.sessionTimeout),
        "auth-on-unauthenticated-request": access === "deny" ? "deny" : "authenticate",
    });
    if (auth.type === "cognito") {
        const { userPoolARN, userPoolClientID, userPoolDomain, authenticationRequestExtraParams } = auth.idp;
        m["auth-idp-cognito"] = JSON.stringify({ userPoolARN, userPoolClientID, userPoolDomain, ...(authenticationRequestExtraParams ? { authenticationRequestExtraParams } : {}) });
    } else {
        const { issuer, authorizationEndpoint, tokenEndpoint, userInfoEndpoint, secretName, authenticationRequestExtraParams } = auth.idp;
        m["auth-idp-oidc"] = JSON.stringify({ issuer, authorizationEndpoint, tokenEndpoint, userInfoEndpoint, secretName, ...(authenticationRequestExtraParams ? { authenticationRequestExtraParams } : {}) });
    }
    return prefixed(m);
}

const prefixed = (a: Record<string, string>) => Object.fromEntries(Object.entries(a).map(([k, v]) => [ANNOTATION_PREFIX + k, v]));

/**
 * The controller uses `load-balancer-name` only when it creates the ALB (pkg/deploy/elbv2
 * load_balancer_manager.go never renames): a new name for an existing ALB would silently do
 * nothing. Returns the error to stop with, or undefined when the name is the one the ALB has.
 */
export function renamedAlbError(createdAs: string, wanted: string, group: string): UserFacingError | undefined {
    if (createdAs === wanted) return undefined;
    return new UserFacingError(`loadBalancerName is "${wanted}", but the ALB of IngressGroup ${group} was created as "${createdAs}", and the AWS Load Balancer Controller ` +
        "names an ALB only when it creates it: the new name would be ignored, and nothing was changed. Set loadBalancerName back " +
        `(\`pulumi config set loadBalancerName ${shellQuote(createdAs)}\`), or, for an ALB with the new name, change groupName in the same update: a new group gets a new ALB (and a new DNS name).`);
}

/**
 * A new scheme gives the group a new ALB, but the controller builds a group only from members that
 * agree on it (model_builder.go buildLoadBalancerScheme): while the members are replaced one at a
 * time they disagree, the group stops, and the old members' finalizers hold their deletion — and
 * `pulumi up` with it. A new group has no old members to disagree with. Returns the error to stop
 * with, or undefined when the scheme is the one the group's ALB was created with.
 */
export function changedSchemeError(createdAs: string, wanted: string, group: string): UserFacingError | undefined {
    if (createdAs === wanted) return undefined;
    return new UserFacingError(`scheme is ${wanted}, but the ALB of IngressGroup ${group} was created ${createdAs}: while its Ingresses were replaced one by one they would disagree on ` +
        "the scheme, and the AWS Load Balancer Controller stops a group whose members disagree, so pulumi up would wait for them forever; nothing was changed. Change groupName in " +
        `the same update (a new group gets a new ALB with the new scheme, and a new DNS name), or set scheme back (\`pulumi config set scheme ${shellQuote(createdAs)}\`).`);
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
        `(e.g. \`${shellCommand("kubectl", "annotate", "service", "-n", ns, name, ...bad.map(([k]) => `${k}-`))}\`, and in the chart or manifest that deploys it), then run pulumi up again.`);
}
