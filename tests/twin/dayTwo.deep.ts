/**
 * The twin's deep run (`npm run twin`, which CI runs beside `npm test`): every starting stack's first
 * deploy, an identical second one and destroy; every documented day-2 change and its next run; and what
 * happens between releases. docs/day-2.md is written from the same list (tests/generatedDocs.test.ts
 * checks it in npm test).
 */
import { expect } from "chai";
import { RunOptions, certArn } from "../harness";
import { changesTheCloud } from "../lifecycle";
import { DAY_TWO, STARTS, dnsClaim, downtime } from "./dayTwo";
import { servingAlb, violations } from "./invariants";
import { Twin } from "./twin";

/** Each start deployed once into a fresh twin; scenarios change copies of it. */
const deployed = new Map<string, Promise<Twin>>();
function deploy(start: string): Promise<Twin> {
    if (!deployed.has(start)) {
        deployed.set(start, (async () => {
            const twin = new Twin();
            const r = await twin.up(STARTS[start]);
            if (r.error) throw r.error;
            return twin;
        })());
    }
    return deployed.get(start)!;
}

const hostOf = (opts: RunOptions) => opts.config!.uiHostname;

/** Each host's DNS as the twin holds it: the alias in the zone (route53 mode), else what dnsRecord asks the user for. */
function dnsView(twin: Twin): string {
    const aliases = twin.world.zones.flatMap((z) => [...z.records.values()]).filter((r) => r.type === "A" && r.writtenBy.startsWith("urn:")).map((r) => `${r.name} A ${r.alias?.name}`).sort();
    const o = twin.outputs as { dnsRecord?: { name: string; value: string; managedBy: string }; apps?: Record<string, { dnsRecord?: { name: string; value: string; managedBy: string } }> };
    const records = [o.dnsRecord, ...Object.values(o.apps ?? {}).map((a) => a.dnsRecord)].filter((r) => r && r.managedBy !== "route53").map((r) => `${r!.name} ${r!.value}`).sort();
    return JSON.stringify({ aliases, records });
}

function dnsOutcome(before: Twin, after: Twin): "unchanged" | "updated" | "yours" {
    const [b, a] = [JSON.parse(dnsView(before)), JSON.parse(dnsView(after))] as { aliases: string[]; records: string[] }[];
    if (JSON.stringify(a) === JSON.stringify(b)) return "unchanged";
    return JSON.stringify(a.records) === JSON.stringify(b.records) || a.records.length === 0 ? "updated" : "yours";
}
const POOL = "aws:cognito/userPool:UserPool";
const CLIENT = "aws:cognito/userPoolClient:UserPoolClient";
/**
 * Resources any change may add or remove by design (a scenario names its own besides): users follow `users` (with their sign-out at removal), OIDC brings
 * its Secret and RBAC, paths their members, a web ACL its association, each ALB (group and scheme) a stash of the name it
 * was created with and each group one of its scheme, and the explicit AWS providers exist only where something needs them.
 */
const BY_DESIGN = /cognito\/user:User|RemovalSignOut\$aws:lambda\/invocation:|v1:Secret|v1:Role|ingress-public|ingress-api|ingress-guard|AlbWebAcl|index:Stash::(mdai-console-alb-(name|scheme)-|mdai-idp-groups-attribute)|pulumi:providers:aws/;

describe("the twin: a fresh pulumi up, an identical second one, and pulumi destroy leave a sound state", () => {
    for (const start of Object.keys(STARTS)) {
        it(`${start}`, async () => {
            const twin = (await deploy(start)).copy();
            expect(violations(twin, STARTS[start]), "after the first pulumi up").to.deep.equal([]);
            const again = await twin.up(STARTS[start]);
            expect(again.error?.message).to.equal(undefined);
            expect(again.steps.filter((s) => s.kind !== "same").map((s) => `${s.kind} ${s.urn}`), "an identical second pulumi up changes nothing").to.deep.equal([]);
            const gone = await twin.destroy();
            expect(gone.error?.message).to.equal(undefined);
            expect(twin.world.albs, "no ALB left").to.deep.equal([]);
            expect(violations(twin, STARTS[start]).filter((v) => /orphaned|ACM cannot renew|not signed out first/.test(v)), "after pulumi destroy").to.deep.equal([]);
            expect([...twin.world.users.values()].filter((u) => u.refreshable), "every user signed out and deleted").to.deep.equal([]);
        });
    }
});

describe("the twin: every documented day-2 change, proven on the state it leaves", () => {
    for (const c of DAY_TWO) {
        it(`${c.what} (from a stack with ${c.from}): ${c.alb === "refused" ? "refused, nothing changed" : `${c.alb === "same" ? "the same" : "a new"} ALB, and a sound state after this and the next pulumi up`}`, async () => {
            const before = await deploy(c.from);
            const twin = before.copy();
            const to: RunOptions = { ...STARTS[c.from], config: { ...STARTS[c.from].config, ...c.change }, secretKeys: [...(STARTS[c.from].secretKeys ?? []), ...(c.secretKeys ?? [])] };
            const albBefore = servingAlb(twin, hostOf(STARTS[c.from])).alb!;
            const r = await twin.up(to);
            if (c.alb === "refused") {
                expect(r.error?.message).to.match(c.refusal!);
                expect(twin.world.albs).to.deep.equal(before.world.albs);
                return;
            }
            expect(r.error?.message).to.equal(undefined);
            expect(violations(twin, to)).to.deep.equal([]);
            // The pool and its app client are never replaced (a new pool loses every user; a new client id, every session).
            for (const type of c.newClient ? [POOL] : [POOL, CLIENT]) expect(r.steps.filter((s) => s.type === type && s.kind === "replace").map((s) => s.because), type).to.deep.equal([]);
            // Every resource keeps its URN, but for what comes and goes by design.
            const moved = r.steps.filter((s) => (s.kind === "create" || s.kind === "delete") && !BY_DESIGN.test(s.urn) && !c.comesAndGoes?.test(s.urn)).map((s) => `${s.kind} ${s.urn}`);
            expect(moved, "URNs created or deleted").to.deep.equal([]);
            // A change that settles in two runs (a sign-in domain the ALB moves to once it resolves): the second is sound too.
            for (let n = 1; n < (c.settles ?? 1); n++) {
                const next = await twin.up(to);
                expect(next.error?.message).to.equal(undefined);
                expect(violations(twin, to), `after pulumi up number ${n + 1}`).to.deep.equal([]);
            }
            const albAfter = servingAlb(twin, hostOf(to)).alb!;
            expect(albAfter.arn === albBefore.arn ? "same" : "new", "ALB").to.equal(c.alb);
            // Replaced delete-first, an Ingress's rules or the hosted-UI domain (the sign-in page) are absent for a moment.
            const gap = r.steps.some((s) => /networking.k8s.io\/v1:Ingress|userPoolDomain/.test(s.type) && s.kind === "replace" && s.deleteFirst);
            expect(c.alb === "new" ? "minutes" : gap ? "seconds" : "none", "downtime").to.equal(downtime(c));
            expect(dnsOutcome(before, twin), "DNS").to.equal(dnsClaim(c));
            const again = await twin.up(to);
            expect(again.error?.message).to.equal(undefined);
            expect(again.steps.filter(changesTheCloud).map((s) => `${s.kind} ${s.urn}`), "the next pulumi up changes nothing").to.deep.equal([]);
            expect(violations(twin, to)).to.deep.equal([]);
        });
    }
});

describe("the twin: what happens between releases and behind the program's back", () => {
    it("an upgrade from a release that named the ALB otherwise records the name the ALB has, and says so on that first run", async () => {
        const start: RunOptions = { config: { ...STARTS.certificateArn.config, loadBalancerName: "mdai-console" } };
        const twin = new Twin();
        expect((await twin.up(start)).error?.message).to.equal(undefined);
        // As a release without the record left the state: no stash of the ALB's name.
        for (const [urn] of twin.state) if (/Stash::mdai-console-alb-name-/.test(urn)) twin.state.delete(urn);
        const r = await twin.up(STARTS.certificateArn); // loadBalancerName back to its default, mdai-console-dev
        expect(r.error?.message).to.contain('loadBalancerName is "mdai-console-dev", but the ALB of IngressGroup mdai-dev was created as "mdai-console"');
        expect(twin.world.albs.map((a) => a.name)).to.deep.equal(["mdai-console"]);
        expect((await twin.up(start)).error?.message, "with the name the ALB has, the upgrade goes through").to.equal(undefined);
        expect(violations(twin, start)).to.deep.equal([]);
    });

    it("an upgrade that gives the Kubernetes provider a new identity for the same cluster replaces every object delete-first, and ends sound", async () => {
        const twin = (await deploy("certificateArn")).copy();
        // As a release that named the cluster differently left it: the same cluster under another clusterIdentifier.
        const provider = [...twin.state.values()].find((e) => e.type === "pulumi:providers:kubernetes")!;
        const real = String(provider.inputs.clusterIdentifier);
        twin.world.clusterAliases.set("mdai-test", real);
        provider.inputs.clusterIdentifier = "mdai-test";
        for (const e of twin.state.values()) if (e.cluster === real) e.cluster = "mdai-test";
        const r = await twin.up(STARTS.certificateArn);
        expect(r.error?.message).to.equal(undefined);
        const k8s = r.steps.filter((s) => s.type.startsWith("kubernetes:"));
        expect(k8s.every((s) => s.kind === "replace" && s.deleteFirst), k8s.map((s) => `${s.kind} ${s.name}`).join(", ")).to.equal(true);
        expect(violations(twin, STARTS.certificateArn)).to.deep.equal([]);
    });

    it("a controller older than v2.15.0 (or EKS Auto Mode) gets no machine path: pulumi up refuses before anything is created, so no bearer door opens unchecked", async () => {
        const twin = (await deploy("certificateArn")).copy();
        const cluster = [...twin.world.clusters.values()][0];
        const d = cluster.objects.get("Deployment kube-system/aws-load-balancer-controller")!;
        (d.body as { spec: { template: { spec: { containers: { image: string }[] } } } }).spec.template.spec.containers[0].image = "public.ecr.aws/eks/aws-load-balancer-controller:v2.14.1";
        const before = JSON.stringify([...cluster.objects.keys()]);
        const r = await twin.up(STARTS["machine clients"]);
        expect(r.error?.message).to.contain("machinePaths: the controller runs 2.14.1").and.contain("which ignores alb.ingress.kubernetes.io/jwt-validation (added in v2.15.0)").and.contain("nothing was changed");
        expect(JSON.stringify([...cluster.objects.keys()])).to.equal(before);
        // Components are Pulumi's bookkeeping: nothing in the account or the cluster.
        expect(r.steps.filter((x) => changesTheCloud(x) && !/^(mdai:|pulumi:providers:)/.test(x.type)).map((x) => `${x.kind} ${x.urn}`), "nothing was changed").to.deep.equal([]);
    });

    it("a member another team adds to the group with a conflicting scheme stops the controller, and pulumi up cannot see it (npm run doctor does)", async () => {
        const twin = (await deploy("certificateArn")).copy();
        const cluster = [...twin.world.clusters.values()][0];
        cluster.objects.set("Ingress other/intruder", { kind: "Ingress", namespace: "other", name: "intruder", body: { metadata: { namespace: "other", name: "intruder",
            annotations: { "alb.ingress.kubernetes.io/group.name": "mdai-dev", "alb.ingress.kubernetes.io/scheme": "internal" } },
            spec: { ingressClassName: "alb", rules: [{ host: "other.example.com", http: { paths: [] } }] } } });
        const to = { ...STARTS.certificateArn, config: { ...STARTS.certificateArn.config, certificateArn: certArn("us-east-1").replace("0b9b5a4e", "1c2d3e4f") } };
        const r = await twin.up(to);
        // The update's wait is satisfied by the old address: success is reported, the listener still has the old certificate.
        expect(r.error?.message).to.equal(undefined);
        expect(servingAlb(twin, "mdai.example.com").alb!.certificates).to.deep.equal([certArn("us-east-1")]);
        expect(cluster.events.get("default/ui-alb-ingress")?.at(-1)).to.match(/^FailedBuildModel: conflicting scheme/);
    });
});
