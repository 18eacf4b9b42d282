/**
 * What two stacks of this project directory would do to each other: render the same Kubernetes
 * objects in the same cluster (each `pulumi up` would take the other's Ingresses over), or ask for
 * the same hosted-UI domain prefix in one region (Cognito gives a prefix to one pool: the second
 * `pulumi up` fails "Domain already associated with another user pool"). The plan reads the other
 * local stacks anyway (its did-you-mean); a stack that cannot be read is left out, not reported here.
 */
import { Problem, problem } from "../config/errors";
import { fullKey } from "../config/keys";
import { checkDnsLabel, checkDomainPrefix } from "../config/rules";
import { resolveSources } from "../config/sources";
import { Settings, validateSettings } from "../config/validate";
import { parseEksClusterArn } from "../cluster/kubeconfig";
import { clusterIdentity } from "../cluster/connect";
import { knownStacks, readPlanConfig } from "./planConfig";

/** The cluster a stack deploys to, the same for an EKS cluster named or reached through a kubeconfig made for it. */
function clusterOf(s: Settings): string {
    const c = s.cluster;
    if (c.via === "clusterName") return `EKS cluster ${c.clusterName} in ${c.region}`;
    const eks = parseEksClusterArn(c.cluster);
    return eks ? `EKS cluster ${eks.name} in ${eks.region}` : `the cluster at ${c.server ? clusterIdentity(c.server) : c.cluster}`;
}

/** The names of the Ingresses a stack renders, as `namespace/name` (every other object it renders is named after one of them). */
function ingressNames(s: Settings): string[] {
    return [`${s.namespace}/${s.ingressName}`, ...s.apps.map((a) => `${a.namespace}/${a.name}-alb-ingress`)];
}

/** A suggestion that passes its own check, or undefined. */
const passing = (v: string, check: (x: string) => unknown) => (check(v) ? undefined : v);

/** The problems of `self` with the other stacks of `projectDir`. */
export function neighbourProblems(projectDir: string, stack: string, self: Settings, env: Record<string, string | undefined>): Problem[] {
    const out: Problem[] = [];
    for (const other of knownStacks(projectDir).filter((x) => x !== stack)) {
        let them: Settings;
        try {
            const cfg = readPlanConfig(projectDir, other, []);
            them = validateSettings(resolveSources({ stackConfig: cfg.config, secretKeys: cfg.secretKeys, configOrigins: cfg.origins, env, cwd: projectDir, stack: other }));
        } catch {
            continue;
        }
        const shared = clusterOf(self) === clusterOf(them) ? ingressNames(self).filter((n) => ingressNames(them).includes(n)) : [];
        if (shared.length) {
            const ns = passing(`${self.namespace}-${stack}`.slice(0, 63), (v) => checkDnsLabel(v, "namespace"));
            out.push(problem(fullKey("namespace"), self.namespace, `stack ${other} puts the same Ingresses (${shared.join(", ")}) in the same cluster (${clusterOf(self)}): ` +
                "each pulumi up would take the other's over",
                `Give each stack a namespace of its own${ns ? ` (\`pulumi config set namespace ${ns} --stack ${stack}\`, after creating it)` : ""}, or another ingressName and app names.`));
        }
        const [a, b] = [self.decision.idp === "cognito-pool" && !self.existingUserPoolId && self.userPoolDomain, them.decision.idp === "cognito-pool" && !them.existingUserPoolId && them.userPoolDomain];
        if (a && a === b && self.cognitoRegion === them.cognitoRegion) {
            const prefix = passing(`${a}-${stack}`.slice(0, 63), checkDomainPrefix);
            out.push(problem(fullKey("userPoolDomain"), a, `stack ${other} asks for the same hosted-UI domain prefix in ${self.cognitoRegion}, and Cognito gives a prefix to one pool: ` +
                "the second pulumi up would fail (Domain already associated with another user pool)",
                `Give each stack a prefix of its own${prefix ? ` (\`pulumi config set userPoolDomain ${prefix} --stack ${stack}\`)` : ""}.`));
        }
    }
    return out;
}
