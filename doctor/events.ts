/**
 * The AWS Load Balancer Controller reports what it could not do only as events on the Ingress
 * (FailedBuildModel, FailedDeployModel, …); `pulumi up` never sees them. Each known message is
 * translated into its cause and the fix; an unknown one is shown as the controller wrote it.
 */
import type { KubeEvent } from "./types";

interface Known { test: RegExp; cause: string; fix: (m: RegExpExecArray) => string }

const KNOWN: Known[] = [
    { test: /Action type 'authenticate-cognito' must be one of/, cause: "this region's ALBs cannot authenticate with Cognito directly (the error MDAI's documentation describes)",
        fix: () => "Let the region table decide (`pulumi config set authMode auto`) or use the same pool through OIDC (`pulumi config set authMode oidc`), then run pulumi up." },
    { test: /is not a valid user pool ARN|UserPoolArn/, cause: "the user pool is in another region than the ALB, which authenticate-cognito cannot use",
        fix: () => "Use authMode auto or oidc (the pool is then used through OIDC), or keep the pool in the ALB's region (cognitoRegion), then run pulumi up." },
    { test: /DuplicateLoadBalancerName|load balancer with the same name/i, cause: "another ALB in this account and region already has the stack's loadBalancerName",
        fix: () => "Delete that ALB if it is left over, or give this stack another loadBalancerName together with a new groupName, then run pulumi up." },
    { test: /couldn't auto-discover subnets|unable to (?:resolve|discover) at least one subnet|subnets? .*(?:tag|found)/i, cause: "the controller found no subnets for the ALB's scheme",
        fix: () => "Tag two or more subnets in different zones kubernetes.io/role/elb=1 (internet-facing) or kubernetes.io/role/internal-elb=1 (internal), then wait for the controller to retry." },
    { test: /CertificateNotFound|certificate '?[^']*'? not found|UnsupportedCertificate/i, cause: "the listener's certificate cannot be used: it is not in the ALB's account and region, or not issued",
        fix: () => "Give certificateArn an issued ACM certificate in the stack's region and account (or let hostedZone request one), then run pulumi up." },
    { test: /not authorized to perform: ([\w:-]+)/, cause: "the controller's IAM role lacks a permission",
        fix: (m) => `Grant ${m[1]} to the controller's IAM role (the controller's reference IAM policy has it); the controller retries by itself.` },
    { test: /secrets? "[^"]*" is forbidden|cannot get resource "secrets"/, cause: "the controller may not read the OIDC client Secret",
        fix: () => "Set lbControllerDeployment to the controller's Deployment (namespace/name; the program binds the ServiceAccount its pods run as), then run pulumi up." },
    { test: /TooMany(Rules|TargetGroups|Certificates|Listeners)/, cause: "an ALB quota is reached",
        fix: (m) => `Serve fewer hosts or paths from this group, or raise the quota (Service Quotas, Elastic Load Balancing: ${m[1]}).` },
    { test: /conflicting|group\.order|IngressGroup/i, cause: "the members of the IngressGroup disagree on a group-wide setting, or two share an order",
        fix: () => "Look for an Ingress of the group this stack did not create (the doctor lists them) and align or remove it; the controller retries by itself." },
];

const time = (e: KubeEvent) => new Date(e.lastTimestamp ?? e.eventTime ?? 0).getTime();

export interface EventVerdict {
    /** The warning that is still the latest word on the Ingress, translated. */
    problem?: { reason: string; message: string; cause: string; fix: string };
    /** Earlier warnings a later successful reconcile has answered. */
    resolved: number;
}

/** The controller's latest word on an Ingress: a warning newer than its last successful reconcile is a problem. */
export function judgeEvents(events: KubeEvent[]): EventVerdict {
    const sorted = [...events].sort((a, b) => time(a) - time(b));
    const lastOk = Math.max(-1, ...sorted.filter((e) => e.reason === "SuccessfullyReconciled").map(time));
    const warnings = sorted.filter((e) => e.type === "Warning");
    const open = warnings.filter((e) => time(e) > lastOk);
    const latest = open[open.length - 1];
    if (!latest) return { resolved: warnings.length };
    const message = latest.message ?? "";
    for (const k of KNOWN) {
        const m = k.test.exec(message);
        if (m) return { problem: { reason: latest.reason ?? "Warning", message, cause: k.cause, fix: k.fix(m) }, resolved: warnings.length - open.length };
    }
    return { problem: { reason: latest.reason ?? "Warning", message, cause: "the controller could not reconcile the Ingress",
        fix: "Fix what the message names; `kubectl logs -n kube-system deploy/aws-load-balancer-controller` has the controller's side." }, resolved: warnings.length - open.length };
}
