/**
 * What only the account can tell about the hosted zone, asked before anything is created: the
 * program awaits these lookups, so a wrong zone or a record someone else owns stops `pulumi up`
 * (and preview) with nothing registered.
 */
import * as aws from "@pulumi/aws";
import { ConfigError, problem } from "../config/errors";
import { ZoneRef, zoneContains } from "../config/dns";
import { fullKey } from "../config/keys";
import { ExistingRecord, foreignRecord, ownerRecordName } from "../components/certificateDns";

export interface Zone {
    id: string;
    name: string;
}

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** The public zone named by hostedZone; it must hold every host (checked unless `check` is false, offline). */
export async function lookupZone(ref: ZoneRef, hostnames: string[], provider: aws.Provider, check = true): Promise<Zone> {
    const key = fullKey("hostedZone");
    const shown = ref.id ?? ref.name!;
    let zone: aws.route53.GetZoneResult;
    try {
        zone = await aws.route53.getZone(ref.id ? { zoneId: ref.id } : { name: ref.name, privateZone: false }, { provider });
    } catch (err) {
        throw new ConfigError([problem(key, shown, `Route 53 has no ${ref.id ? "hosted zone with this ID" : "public hosted zone of this name"} that these AWS credentials can see (${String((err as Error).message ?? err).split("\n")[0]})`,
            "Check the name or ID in the Route 53 console, and that the stack's AWS account and partition hold the zone.")]);
    }
    const name = zone.name.toLowerCase().replace(/\.$/, "");
    if (!check) return { id: zone.zoneId, name };
    const problems = [];
    if (zone.privateZone) {
        problems.push(problem(key, shown, `${name} is a private hosted zone: browsers on the internet cannot resolve records in it`, "Name the public zone of uiHostname (a public and a private zone may share a name; give the public one's ID)."));
    }
    const outside = hostnames.filter((h) => !zoneContains(name, h));
    if (outside.length) {
        problems.push(problem(key, shown, `the zone is ${name}, which does not hold ${outside.map((h) => (h === hostnames[0] ? `uiHostname ${h}` : h)).join(", ")}`, "Name the public zone that holds every host, or fix the hostnames."));
    }
    if (problems.length) throw new ConfigError(problems);
    return { id: zone.zoneId, name };
}

/** Stops when a host already has a record this stack did not create (and cannot adopt). */
export async function checkRecordOwnership(zone: Zone, hostname: string, owner: string, adopt: boolean, provider: aws.Provider): Promise<void> {
    const nameRegex = `^(${escapeRegex(ownerRecordName(hostname))}|${escapeRegex(hostname)})\\.?$`;
    const found = await aws.route53.getRecords({ zoneId: zone.id, nameRegex }, { provider });
    const existing: ExistingRecord[] = found.resourceRecordSets.map((r) => ({
        name: r.name, type: r.type, values: (r.resourceRecords ?? []).map((v) => v.value), aliasTarget: r.aliasTarget?.dnsName || undefined,
    }));
    const err = foreignRecord(existing, hostname, zone.name, owner, adopt);
    if (err) throw err;
}
