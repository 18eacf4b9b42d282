/**
 * The twin itself, held to the sources it models (each test names them): what the controller, the
 * engine, IAM and the providers do that the day-2 table and the exploration rely on.
 */
import { expect } from "chai";
import * as aws from "@pulumi/aws";
import { deleteMember, reconcile } from "./twin/controller";
import { allowed } from "./twin/iam";
import { Twin } from "./twin/twin";
import { K8sObject, newCluster, newWorld, objectKey } from "./twin/world";

const P = "alb.ingress.kubernetes.io/";
const member = (name: string, annotations: Record<string, string>): K8sObject => ({ kind: "Ingress", namespace: "default", name,
    body: { metadata: { namespace: "default", name, annotations: { [`${P}group.name`]: "g", [`${P}certificate-arn`]: "arn:aws:acm:us-east-1:123456789012:certificate/0b9b5a4e-2f3c-4d1e-9a8b-7c6d5e4f3a2b", ...annotations } },
        spec: { ingressClassName: "alb" } } });

function groupWorld(...ms: K8sObject[]) {
    const world = newWorld();
    const cluster = newCluster("https://c", "c");
    world.clusters.set(cluster.id, cluster);
    for (const m of ms) cluster.objects.set(objectKey("Ingress", m.namespace, m.name), m);
    return { world, cluster };
}

describe("the twin's controller (aws-load-balancer-controller model_builder.go, group_controller.go, model_build_load_balancer_addons.go)", () => {
    it("counts as a conflict only values members set: one that omits the scheme agrees with one that sets it", () => {
        const { world, cluster } = groupWorld(member("a", { [`${P}scheme`]: "internet-facing" }), member("b", {}));
        expect(reconcile(world, cluster, "g")).to.equal(true);
        cluster.objects.set(objectKey("Ingress", "default", "c"), member("c", { [`${P}scheme`]: "internal" }));
        expect(reconcile(world, cluster, "g")).to.equal(false);
        expect(cluster.events.get("default/a")!.slice(-1)[0]).to.contain("conflicting scheme: internet-facing vs internal");
    });

    it("leaves the web ACL when wafv2-acl-arn is absent, and detaches it for none or an empty value", () => {
        const acl = "arn:aws:wafv2:us-east-1:123456789012:regional/webacl/x/1";
        const { world, cluster } = groupWorld(member("a", { [`${P}scheme`]: "internet-facing", [`${P}wafv2-acl-arn`]: acl }));
        reconcile(world, cluster, "g");
        const alb = world.albs[0];
        expect(world.webAcls.get(alb.arn)).to.equal(acl);
        cluster.objects.set(objectKey("Ingress", "default", "a"), member("a", { [`${P}scheme`]: "internet-facing" }));
        reconcile(world, cluster, "g");
        expect(world.webAcls.get(alb.arn), "absent: left as it is").to.equal(acl);
        cluster.objects.set(objectKey("Ingress", "default", "a"), member("a", { [`${P}scheme`]: "internet-facing", [`${P}wafv2-acl-arn`]: "" }));
        reconcile(world, cluster, "g");
        expect(world.webAcls.has(alb.arn), "empty: detached").to.equal(false);
    });

    it("holds a deleted member by its finalizer until the group deploys without it", () => {
        const { world, cluster } = groupWorld(member("a", { [`${P}scheme`]: "internal" }), member("b", { [`${P}scheme`]: "internet-facing" }), member("c", { [`${P}scheme`]: "internal" }));
        expect(deleteMember(world, cluster, objectKey("Ingress", "default", "c")), "the others still disagree").to.equal(false);
        expect(cluster.objects.get(objectKey("Ingress", "default", "c"))?.deleting).to.equal(true);
        expect(deleteMember(world, cluster, objectKey("Ingress", "default", "b")), "now a deploys alone").to.equal(true);
        expect([...cluster.objects.keys()].filter((k) => k.startsWith("Ingress "))).to.deep.equal(["Ingress default/a"]);
    });
});

describe("the twin's IAM and engine (IAM evaluation at call time; pulumi/pulumi step.go)", () => {
    it("evaluates a role's policies as they are when the call is made", () => {
        const roles = new Map([["arn:role", { name: "r", attached: [], policies: new Map([["p", { Statement: [{ Effect: "Allow", Action: ["cognito-idp:AdminUserGlobalSignOut"], Resource: "arn:pool/a" }] }]]) }]]);
        expect(allowed(roles, "arn:role", "cognito-idp:AdminUserGlobalSignOut", "arn:pool/a")).to.equal(true);
        expect(allowed(roles, "arn:role", "cognito-idp:AdminUserGlobalSignOut", "arn:pool/b")).to.equal(false);
        expect(allowed(roles, "arn:role", "cognito-idp:AdminDeleteUser", "arn:pool/a")).to.equal(false);
        expect(allowed(roles, "arn:other", "cognito-idp:AdminUserGlobalSignOut", "arn:pool/a")).to.equal(false);
    });

    it("keeps what retainOnDelete protects on the delete half of a replacement", async () => {
        const twin = new Twin();
        const program = (name: string) => async () => {
            const provider = new aws.Provider("p", { region: "us-east-1" });
            // A new name replaces a pool (terraform-provider-aws user_pool.go: name is ForceNew).
            new aws.cognito.UserPool("pool", { name }, { provider, retainOnDelete: true });
            return {};
        };
        expect((await twin.up({}, program("one"))).error?.message).to.equal(undefined);
        const r = await twin.up({}, program("two"));
        expect(r.steps.find((s) => s.name === "pool")?.kind).to.equal("replace");
        expect([...twin.world.pools.values()].filter((p) => /Twin/.test(p.id))).to.have.length(2);
    });
});
