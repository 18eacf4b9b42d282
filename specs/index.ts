/**
 * What the program renders, checked against specs we did not write: every Kubernetes object
 * against the Kubernetes schema, every AWS resource's API request and every ALB authenticate
 * action against AWS's API models. `npm run plan` reports findings and exits 1; the test harness
 * runs the same check after every program run.
 */
import { AwsFinding, MODEL_VERSIONS, validateAuthAction, validateAwsResources, validateJwtAction } from "./aws";
import { validateManifest } from "./kubernetes";
import { K8sObject, RULES, checkObjects } from "../policy/rules";

export interface SpecFinding {
    /** Which spec: `kubernetes`, the AWS API, or the project's own policy pack (policy/rules.ts), which its objects must pass too. */
    spec: "kubernetes" | "aws" | "policy";
    /** The object or resource. */
    resource: string;
    field: string;
    value: unknown;
    rule: string;
}

export interface SpecReport {
    findings: SpecFinding[];
    /** One line: how many objects were checked against which spec. */
    summary: string;
}

export interface RenderedResource {
    type: string;
    name: string;
    /** Inputs as applied, secrets revealed or masked. */
    inputs: Record<string, unknown>;
}

const KUBERNETES_SPEC = "the Kubernetes 1.33 OpenAPI schema (kubernetes-models 4.5)";

export function checkRendered(resources: RenderedResource[]): SpecReport {
    const manifests = resources.filter((r) => r.type.startsWith("kubernetes:") && !r.type.startsWith("kubernetes:pulumi")).map((r) => r.inputs);
    const k8s = manifests.flatMap(validateManifest).map((f): SpecFinding => ({ spec: "kubernetes", resource: f.object, field: f.field, value: f.value, rule: f.rule }));
    const aws = validateAwsResources(resources);
    const actions: AwsFinding[] = [];
    let actionCount = 0;
    for (const m of manifests.filter((x) => x.kind === "Ingress")) {
        const meta = m.metadata as { name: string; namespace: string; annotations?: Record<string, string> };
        const a = meta.annotations ?? {};
        if (a["alb.ingress.kubernetes.io/jwt-validation"] !== undefined) {
            actionCount++;
            actions.push(...validateJwtAction(`${meta.namespace}/${meta.name}`, a));
            continue;
        }
        if ((a["alb.ingress.kubernetes.io/auth-type"] ?? "none") === "none") continue;
        actionCount++;
        // The controller takes the OIDC client id from the Secret the annotation names, in the Ingress's namespace.
        const secretName = /"secretName":"([^"]+)"/.exec(a["alb.ingress.kubernetes.io/auth-idp-oidc"] ?? "")?.[1];
        const secret = manifests.find((x) => x.kind === "Secret" && (x.metadata as { name: string; namespace: string }).name === secretName && (x.metadata as { namespace: string }).namespace === meta.namespace);
        actions.push(...validateAuthAction(`${meta.namespace}/${meta.name}`, a, (secret?.stringData as Record<string, string> | undefined)?.clientID));
    }
    // The program's own objects pass its policy pack: every class they name is the controller's.
    const classes = [...new Set(manifests.filter((x) => x.kind === "Ingress").map((x) => String((x.spec as { ingressClassName?: string } | undefined)?.ingressClassName ?? "alb")))];
    const policy = checkObjects(manifests as K8sObject[], { ingressClasses: classes }).filter((v) => v.level === "mandatory")
        .map((v): SpecFinding => ({ spec: "policy", resource: v.object, field: v.rule, value: undefined, rule: `${v.message}. ${v.fix}` }));
    const findings = [...k8s, ...[...aws.findings, ...actions].map((f): SpecFinding => ({ spec: "aws", ...f })), ...policy];
    const deferred = aws.deferred ? `; ${aws.deferred} value(s) known only at deploy were left to it` : "";
    return {
        findings,
        summary: `checked ${manifests.length} Kubernetes object(s) against ${KUBERNETES_SPEC} and the ${RULES.length} rules of the policy pack, ${aws.requests} AWS API request(s) and ${actionCount} ALB authenticate action(s) against AWS's API models (${MODEL_VERSIONS.join(", ")})${deferred}`,
    };
}

export const formatFinding = (f: SpecFinding) => `${f.resource}: ${f.field} ${f.value === undefined ? "" : `= ${JSON.stringify(f.value)} `}${f.rule}`;
