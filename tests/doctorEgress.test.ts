import { expect } from "chai";
import { egressItems } from "../doctor/egress";
import { Expected, expectedState } from "../doctor/expected";
import { AwsLive, Item, LoadBalancer } from "../doctor/types";
import { buildPlan } from "../scripts/planReport";
import { ALB_SUBNETS, healthyAws } from "./doctor/fixtures";
import { EXTERNAL_IDP, RunOptions, baseConfig, runStack, validateOnly } from "./harness";

async function expectedFor(opts: RunOptions): Promise<Expected> {
    return expectedState(validateOnly(opts), buildPlan("dev", "Pulumi.dev.yaml", await runStack(opts)));
}
const check = (e: Expected, aws: AwsLive): Item[] => egressItems(e, aws.loadBalancer as LoadBalancer, aws.egress!);
const states = (items: Item[]) => items.map((i) => `${i.state} ${i.title}`);

describe("npm run doctor: can the ALB reach the identity provider (outbound 443, and a route out of an internal ALB's subnets)", () => {
    let internal: Expected;
    let external: Expected;
    before(async () => {
        internal = await expectedFor({ config: { ...baseConfig(), scheme: "internal" } });
        external = await expectedFor({ config: { ...baseConfig(), scheme: "internal", authMode: "oidc", oidc: JSON.stringify(EXTERNAL_IDP) }, secretKeys: ["oidc"] });
    });

    it("names the hosts the ALB calls after a login: the pool's domain, or the IdP's token and user-info hosts", () => {
        expect(internal.backchannel).to.deep.equal(["mdai-login-test.auth.us-east-1.amazoncognito.com"]);
        expect(external.backchannel).to.deep.equal([...new Set([new URL(EXTERNAL_IDP.tokenEndpoint).hostname, new URL(EXTERNAL_IDP.userInfoEndpoint).hostname])]);
    });

    it("passes the controller's managed group and private subnets with a NAT gateway", () => {
        expect(states(check(internal, healthyAws(internal)))).to.deep.equal([
            "ok outbound HTTPS from mdai-console-dev to the identity provider: its security groups allow 443 to anywhere",
            "ok route out of mdai-console-dev's subnets (internal ALB): every subnet has a default route"]);
    });

    it("fails a group that allows no outbound 443, and asks about one that allows it only to some CIDRs", () => {
        const aws = healthyAws(internal);
        aws.egress!.securityGroups = [{ GroupId: "sg-1", IpPermissionsEgress: [{ IpProtocol: "tcp", FromPort: 5432, ToPort: 5432, IpRanges: [{ CidrIp: "0.0.0.0/0" }] }] }];
        const [sg] = check(internal, aws);
        expect(sg).to.include({ state: "fail" });
        expect(sg.detail).to.contain("allow no outbound 443").and.contain("mdai-login-test.auth.us-east-1.amazoncognito.com");
        aws.egress!.securityGroups = [{ GroupId: "sg-1", IpPermissionsEgress: [{ IpProtocol: "tcp", FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: "10.0.0.0/8" }] }] }];
        expect(check(internal, aws)[0]).to.include({ state: "unknown", detail: "its security groups allow 443 only to 10.0.0.0/8" });
    });

    it("fails an internal ALB whose subnets have no default route, or one through an internet gateway (private addresses only)", () => {
        const aws = healthyAws(internal);
        const tables = aws.egress!.routeTables as { Routes?: { DestinationCidrBlock?: string; GatewayId?: string; NatGatewayId?: string }[] }[];
        tables[1].Routes = [{ DestinationCidrBlock: "10.0.0.0/16", GatewayId: "local" }, { DestinationCidrBlock: "0.0.0.0/0", GatewayId: "igw-0abc" }];
        const [, igw] = check(internal, aws);
        expect(igw).to.include({ state: "fail" });
        expect(igw.detail).to.contain(`${ALB_SUBNETS[0]} routes out through internet gateway igw-0abc`);
        tables.splice(1, 1); // the subnets fall back to the main table, which has no default route
        const [, none] = check(internal, aws);
        expect(none.detail).to.contain(`${ALB_SUBNETS[0]} has no default route (0.0.0.0/0); ${ALB_SUBNETS[1]} has no default route`);
        expect(none.fix).to.contain("NAT gateway");
        // A private external IdP may be reached by a route of its own: the doctor cannot tell, and says so.
        const ext = healthyAws(external);
        (ext.egress!.routeTables as unknown[]).splice(1, 1);
        expect(check(external, ext)[1]).to.include({ state: "unknown" });
    });

    it("names the permission a denied read needs, checks no routes for an internet-facing ALB, and nothing without a login", async () => {
        const aws = healthyAws(internal);
        aws.egress!.routeTables = { error: "reading the route tables was denied", permission: "ec2:DescribeRouteTables" };
        expect(check(internal, aws)[1]).to.include({ state: "unknown", fix: "Grant ec2:DescribeRouteTables to the principal running the doctor, then run it again." });
        const facing = await expectedFor({ config: baseConfig() });
        expect(check(facing, healthyAws(facing))).to.have.length(1);
        const open = await expectedFor({ config: { ...baseConfig(), userPoolDomain: "", authMode: "none" } });
        expect(egressItems(open, healthyAws(open).loadBalancer as LoadBalancer, { securityGroups: [] })).to.deep.equal([]);
    });
});
