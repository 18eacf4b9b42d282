/**
 * The policy pack: `pulumi preview --policy-pack policy` (or the Automation API's `policyPacks`) runs
 * these rules on every Kubernetes object a stack would deploy — this stack's and any other in the
 * cluster — without Pulumi Cloud. The rules are policy/rules.ts, which `npm run policy` and the plan
 * call directly: constructing a PolicyPack starts a gRPC server, so nothing else imports this file.
 * Each rule's level is its own (rules.ts) unless the pack's config says otherwise
 * (`pulumi policy config`, or `--policy-pack-config`).
 */
import { PolicyPack, PolicyResource } from "@pulumi/policy";
import { K8sObject, RULES, checkObjects } from "./rules";

/** The Kubernetes objects of the stack, as manifests (inputs; kind from the type token). */
const objectsOf = (resources: PolicyResource[]): K8sObject[] => resources
    .filter((r) => r.type.startsWith("kubernetes:") && !r.type.startsWith("kubernetes:pulumi") && !r.type.startsWith("pulumi:providers:"))
    .map((r) => ({ kind: r.type.split(":").pop(), ...(r.props as K8sObject) }));

new PolicyPack("mdai-cognito", {
    policies: RULES.map((rule) => ({
        name: rule.name,
        description: rule.description,
        enforcementLevel: rule.level,
        // A stack policy: the group's members are checked together (alb-attributes-agree).
        validateStack: (args, reportViolation) => {
            for (const v of checkObjects(objectsOf(args.resources)).filter((x) => x.rule === rule.name)) reportViolation(`${v.object}: ${v.message}. ${v.fix}`);
        },
    })),
});
