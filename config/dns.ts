/**
 * How the console's hostname gets its DNS record and its certificate: `hostedZone` (a public
 * Route 53 zone containing uiHostname) lets one `pulumi up` create both; `dnsMode` chooses who
 * owns the record. Pure: the zone's existence and visibility are checked against the account
 * by program.ts (awaited before anything is created).
 */
import { ALB_ZONE_ID_MISSING_REGIONS } from "../region/regions";
import { Problem, problem } from "./errors";
import { fullKey } from "./keys";
import { RawValue } from "./sources";

export const DNS_MODES = ["auto", "route53", "external-dns", "manual"] as const;
export type DnsModeSetting = (typeof DNS_MODES)[number];

/** A hosted zone as the user named it. */
export type ZoneRef = { name: string; id?: undefined } | { id: string; name?: undefined };

export interface DnsPlan {
    mode: "route53" | "external-dns" | "manual";
    reason: string;
    zone?: ZoneRef;
    /** True when the program requests and validates the certificate itself (no certificateArn). */
    createCertificate: boolean;
    /** Take over an existing record for uiHostname (adoptDnsRecord). */
    adoptRecord: boolean;
}

/** An HTTPS listener's certificates: its default and 25 more by SNI (Elastic Load Balancing quotas, "Certificates per Application Load Balancer"). */
export const MAX_LISTENER_CERTIFICATES = 26;

const ZONE_ID = /^(?:\/hostedzone\/)?(Z[A-Z0-9]{1,31})$/;

/** A zone ID (`Z…`, optionally `/hostedzone/Z…`) or a zone name (trailing dot allowed). */
export function parseZone(v: string): ZoneRef | undefined {
    const id = ZONE_ID.exec(v.trim());
    if (id) return { id: id[1] };
    const name = v.trim().toLowerCase().replace(/\.$/, "");
    return /^([a-z0-9]([-a-z0-9]*[a-z0-9])?\.)+[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(name) ? { name } : undefined;
}

/** uiHostname is in the zone when it is the zone's name or ends in "." + it (a label boundary). */
export const zoneContains = (zone: string, host: string) => host === zone || host.endsWith(`.${zone}`);

export interface DnsInput {
    mode?: DnsModeSetting;
    hostedZone?: RawValue;
    /** The user gave certificateArn. */
    hasCertificate: boolean;
    adoptRecord: boolean;
    /** Every host of the group (the console's first); each must be in the zone. */
    hostnames: string[];
    region?: string;
}

export function planDns(i: DnsInput, problems: Problem[], warnings: string[]): DnsPlan | undefined {
    const key = fullKey("hostedZone");
    let zone: ZoneRef | undefined;
    if (i.hostedZone) {
        zone = parseZone(i.hostedZone.value);
        if (!zone) {
            problems.push(problem(key, i.hostedZone.value, "it is neither a hosted zone ID (Z…) nor a domain name", "Use the public zone's name (e.g. example.com) or its ID from the Route 53 console.", i.hostedZone.origin));
            return undefined;
        }
        const outside = zone.name ? i.hostnames.filter((h) => !zoneContains(zone!.name!, h)) : [];
        if (outside.length) {
            problems.push(problem(key, i.hostedZone.value, `${outside.map((h, n) => (h === i.hostnames[0] && n === 0 ? `uiHostname ${h}` : h)).join(", ")} ${outside.length === 1 ? "is" : "are"} not in this zone (each host must be the zone's name or end in .${zone.name})`,
                "Name the public zone that holds every host, or fix the hostnames.", i.hostedZone.origin));
            return undefined;
        }
    }
    const setting = i.mode ?? "auto";
    const mode = setting === "auto" ? (zone ? "route53" : "manual") : setting;
    const reason = setting === "auto"
        ? zone ? "dnsMode auto with hostedZone set: an alias record in the zone" : "dnsMode auto without hostedZone: you create the record dnsRecord shows"
        : `dnsMode is ${setting}`;
    if (mode === "route53" && !zone) {
        problems.push(problem(fullKey("dnsMode"), "route53", "it needs hostedZone, the public Route 53 zone to write the record in",
            "Set hostedZone (MDAI_HOSTED_ZONE) to the zone's name or ID, or choose dnsMode manual or external-dns."));
        return undefined;
    }
    if (mode === "route53" && i.region && ALB_ZONE_ID_MISSING_REGIONS.includes(i.region)) {
        problems.push(problem(fullKey("dnsMode"), mode, `the AWS provider knows no ALB hosted zone ID for ${i.region}, which an alias record needs ("unsupported AWS Region")`,
            "Use dnsMode manual (a CNAME) or external-dns in this region."));
        return undefined;
    }
    const createCertificate = !i.hasCertificate && zone !== undefined;
    if (createCertificate && i.hostnames.length > MAX_LISTENER_CERTIFICATES) {
        problems.push(problem(fullKey("apps"), `${i.hostnames.length - 1} apps`, `with hostedZone each host gets a certificate of its own, and an ALB's HTTPS listener takes at most ${MAX_LISTENER_CERTIFICATES} (the console's and ${MAX_LISTENER_CERTIFICATES - 1} apps)`,
            `Give certificateArn a certificate covering every host (e.g. a wildcard), or move some apps to another stack (another groupName).`));
        return undefined;
    }
    if (zone && mode !== "route53") {
        warnings.push(createCertificate
            ? `hostedZone is used only for the certificate's validation records: dnsMode ${mode} leaves the console's own record to ${mode === "manual" ? "you" : "ExternalDNS"}.`
            : `hostedZone is set but ignored: dnsMode ${mode} creates no record, and certificateArn is given.`);
    }
    if (i.adoptRecord && mode !== "route53") warnings.push(`adoptDnsRecord is set but ignored: dnsMode ${mode} creates no Route 53 record.`);
    return { mode, reason, zone, createCertificate, adoptRecord: i.adoptRecord && mode === "route53" };
}

/** Second-level labels under which country registries sell names (acme.co.uk is an apex, mdai.acme.io is not). */
const REGISTRY_SECOND_LEVELS = ["co", "com", "net", "org", "gov", "edu", "ac", "ne", "or", "go", "gob", "nic", "ltd", "plc"];

/**
 * Whether a host is probably the apex of its zone, where DNS allows no CNAME: two labels
 * (acme.io), or three under a registry's second level (acme.co.uk). Without the zone this is a
 * guess, so the record it changes is the one the user creates, with the reason said.
 */
export function probablyZoneApex(host: string, zoneName?: string): boolean {
    if (zoneName) return host === zoneName.replace(/\.$/, "");
    const labels = host.split(".");
    return labels.length === 2 || (labels.length === 3 && labels[2].length === 2 && REGISTRY_SECOND_LEVELS.includes(labels[1]));
}
