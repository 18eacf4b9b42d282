/**
 * Whether the ALB can reach the identity provider's token and user-info endpoints: the ALB calls
 * them itself after every login, from its own nodes. Its security groups must allow outbound
 * HTTPS, and an internal ALB (private addresses only) needs a route out — a NAT gateway, a transit
 * gateway — since an internet gateway carries no traffic from a private address.
 * Pure checks of what doctor/readAws.ts read (readEgress), so that tests need no SDK.
 * @see https://docs.aws.amazon.com/elasticloadbalancing/latest/application/listener-authenticate-users.html
 */
import type { Expected } from "./expected";
import { EgressLive, Item, LoadBalancer, RouteTable, SecurityGroup, fail, isReadError, ok, unreadable } from "./types";

const HTTPS = 443;

/** The destinations a group lets outbound HTTPS reach: "anywhere", or the CIDRs and prefix lists named. */
function httpsEgress(groups: SecurityGroup[]): { anywhere: boolean; some: string[] } {
    const some: string[] = [];
    let anywhere = false;
    for (const p of groups.flatMap((g) => g.IpPermissionsEgress ?? [])) {
        const port = p.IpProtocol === "-1" || (p.IpProtocol === "tcp" && (p.FromPort ?? 0) <= HTTPS && HTTPS <= (p.ToPort ?? 65535));
        if (!port) continue;
        for (const r of p.IpRanges ?? []) (r.CidrIp === "0.0.0.0/0" ? (anywhere = true) : some.push(r.CidrIp ?? ""));
        for (const r of p.Ipv6Ranges ?? []) if (r.CidrIpv6 !== "::/0") some.push(r.CidrIpv6 ?? "");
        for (const r of p.PrefixListIds ?? []) some.push(r.PrefixListId ?? "");
    }
    return { anywhere, some };
}

/** A subnet's route to addresses outside the VPC, or why it has none that an internal ALB can use. */
function routeOut(tables: RouteTable[], subnet: string): { via?: string; why?: string } {
    const table = tables.find((t) => t.Associations?.some((a) => a.SubnetId === subnet)) ?? tables.find((t) => t.Associations?.some((a) => a.Main));
    const route = table?.Routes?.find((r) => r.DestinationCidrBlock === "0.0.0.0/0" && r.State !== "blackhole");
    if (!route) return { why: `${subnet} has no default route (0.0.0.0/0)` };
    const via = route.NatGatewayId ?? route.TransitGatewayId ?? route.NetworkInterfaceId ?? route.VpcEndpointId ?? route.VpcPeeringConnectionId;
    if (via) return { via };
    if (route.GatewayId?.startsWith("igw-")) return { why: `${subnet} routes out through internet gateway ${route.GatewayId}, which carries nothing from the private addresses of an internal ALB` };
    return { via: route.GatewayId };
}

export function egressItems(e: Expected, lb: LoadBalancer, live: EgressLive): Item[] {
    if (e.mode === "none" || !e.backchannel.length) return [];
    const hosts = e.backchannel.join(" and ");
    const title = `outbound HTTPS from ${e.loadBalancerName} to the identity provider`;
    const items: Item[] = [];
    const sg = live.securityGroups;
    if (isReadError(sg)) items.push(unreadable("AWS", title, sg));
    else if (sg && sg.length) {
        const out = httpsEgress(sg);
        if (out.anywhere) items.push(ok("AWS", `${title}: its security groups allow 443 to anywhere`));
        else if (out.some.length) items.push({ area: "AWS", state: "unknown", title, detail: `its security groups allow 443 only to ${out.some.join(", ")}`,
            fix: `Make sure those include ${hosts} (the ALB calls them after every login), or allow outbound 443 to 0.0.0.0/0.` });
        else items.push(fail("AWS", title, `its security groups (${sg.map((g) => g.GroupId).join(", ")}) allow no outbound 443: every login fails after the IdP's page (the ALB cannot redeem the code at ${hosts})`,
            "Allow outbound TCP 443 to 0.0.0.0/0 in the ALB's security group (the controller's managed group allows all outbound unless someone removed it)."));
    }
    const tables = live.routeTables;
    if (tables === undefined) return items;
    const routesTitle = `route out of ${e.loadBalancerName}'s subnets (internal ALB)`;
    if (isReadError(tables)) return [...items, unreadable("AWS", routesTitle, tables)];
    const subnets = (lb.AvailabilityZones ?? []).map((z) => z.SubnetId ?? "").filter(Boolean);
    const missing = subnets.map((s) => routeOut(tables ?? [], s)).filter((r) => r.why).map((r) => r.why!);
    if (!missing.length) return [...items, ok("AWS", `${routesTitle}: every subnet has a default route`)];
    // A private IdP may be reached by a route of its own (VPN, peering): that cannot be told from here.
    if (e.idp === "external") return [...items, { area: "AWS", state: "unknown", title: routesTitle, detail: missing.join("; "),
        fix: `Make sure ${hosts} can be reached from those subnets (a NAT gateway for a public IdP; a route of its own for a private one).` }];
    return [...items, fail("AWS", routesTitle, `${missing.join("; ")}: the ALB cannot reach ${hosts}, so every login fails after the sign-in page`,
        "Give the subnets a default route through a NAT gateway (or a transit gateway to one), or choose subnets that have one.")];
}
