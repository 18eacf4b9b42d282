/** The console's certificate and DNS record, wired: looked-up zone, created certificate, alias record. */
import * as pulumi from "@pulumi/pulumi";
import type { Settings } from "../config/validate";
import { ConsoleCertificate, ConsoleDnsRecord } from "../components/certificateDns";
import { Zone, checkRecordOwnership, lookupZone } from "../dns/lookup";
import type { Logger } from "../program";
import { AwsProviders, stackOwner as owner } from "./providers";
import { hostnames } from "./auth";
import { probablyZoneApex, zoneContains } from "../config/dns";
import { isPlaceholder } from "../config/placeholders";

/** What the console's hostname points at, and who keeps it there. */
export interface DnsRecord {
    name: string;
    /**
     * CNAME for a record you create; ALIAS for one you create at a zone apex, where DNS allows no
     * CNAME (your provider's ALIAS/ANAME, or a Route 53 alias A record); A (an alias to the ALB) for one in Route 53.
     */
    type: "CNAME" | "ALIAS" | "A";
    value: string;
    /** `you` create it; `route53`: this stack did; `external-dns`: ExternalDNS in the cluster does. */
    managedBy: "you" | "route53" | "external-dns";
    hostedZoneId?: string;
}

export interface PreparedDns {
    zone?: Zone;
    certificate?: ConsoleCertificate;
    /** The certificates the Ingress uses: the given one, or one per host once ACM has issued them (the console's first). */
    certificateArns: pulumi.Input<string>[];
}

/**
 * Awaited before anything else is created: the hosted zone must exist, be public and hold
 * uiHostname, and in route53 mode no one else's record may sit at uiHostname.
 * @param checkAccount false offline (`npm run plan`), where the lookups answer placeholders
 */
export async function prepareDns(s: Settings, providers: AwsProviders, log: Logger, checkAccount: boolean): Promise<PreparedDns> {
    const ref = s.dns.zone;
    let zone: Zone | undefined;
    if (ref) {
        // A sign-in domain of your own whose record this stack writes is held to the same rules as the hosts.
        // A sign-in domain of your own whose certificate the program requests in the zone must be in it; with one given, a
        // domain outside a zone given by ID becomes a record for you to create (wiring/authDomain.ts).
        const a = s.signIn.authDomain;
        zone = await lookupZone(ref, [...hostnames(s), ...(a?.inZone && !a.certificateArn ? [a.domain] : [])], providers.alb(), checkAccount);
        const names = [...hostnames(s), ...(a?.inZone && zoneContains(zone.name, a.domain) ? [a.domain] : [])];
        if (s.dns.mode === "route53" && checkAccount) {
            for (const h of names) await checkRecordOwnership(zone, h, owner(), s.dns.adoptRecord, providers.alb());
        }
        if (s.dns.adoptRecord) log.warn(`adoptDnsRecord is true: this stack takes over any record for ${hostnames(s).join(", ")} in ${zone.name}. Set it back to false after this update.`);
    }
    log.info(`dns: ${s.dns.mode} (${s.dns.reason})${s.dns.createCertificate ? "; the certificate is requested from ACM and validated in the hosted zone" : ""}.`);
    const certificate = s.dns.createCertificate
        ? new ConsoleCertificate("mdai-console-certificate", { hostnames: hostnames(s), zoneId: zone!.id }, { providers: [providers.alb()] })
        : undefined;
    return { zone, certificate, certificateArns: certificate?.certificateArns ?? [s.certificateArn!] };
}

/** The zone's name when the lookup knows it (offline it is a placeholder). */
const zoneName = (zone: Zone | undefined) => (zone && !isPlaceholder(zone.name) ? zone.name : undefined);

/** This stack, as the ownership record names it. */

/**
 * Each host's record, once the ALB has an address: created here in route53 mode, described
 * otherwise. Keyed by hostname, the console's first.
 */
export function publishDns(s: Settings, dns: PreparedDns, albHostname: pulumi.Output<string | undefined>, providers: AwsProviders,
    written?: (host: string, record: pulumi.Resource) => void): Record<string, pulumi.Output<DnsRecord | undefined>> {
    const out: Record<string, pulumi.Output<DnsRecord | undefined>> = {};
    hostnames(s).forEach((host, n) => {
        if (s.dns.mode === "route53") {
            // A record is named after its host, not its app: renaming an app that keeps its hostname keeps the record (Route 53
            // creates a record under a new resource name with CREATE, which fails on the one still there). The console's keeps the
            // name it had before there were apps; an app's was once named after the app, which its alias carries over.
            const record = new ConsoleDnsRecord(n === 0 ? "mdai-console-dns" : `mdai-console-dns-${host}`, {
                hostname: host, zoneId: dns.zone!.id, albHostname: albHostname.apply((h) => h ?? ""), owner: owner(), adopt: s.dns.adoptRecord,
            }, { providers: [providers.alb()], aliases: n === 0 ? [] : [{ name: `mdai-console-dns-${s.apps[n - 1].name}` }] });
            written?.(host, record);
            out[host] = pulumi.all([record.alias.aliases, record.alias.zoneId]).apply(([aliases, zoneId]) =>
                ({ name: host, type: "A" as const, value: aliases?.[0]?.name ?? "", managedBy: "route53" as const, hostedZoneId: zoneId }));
            return;
        }
        const managedBy = s.dns.mode === "external-dns" ? "external-dns" as const : "you" as const;
        const type = managedBy === "you" && probablyZoneApex(host, zoneName(dns.zone)) ? "ALIAS" as const : "CNAME" as const;
        out[host] = albHostname.apply((h) => (h ? { name: host, type, value: h, managedBy } : undefined));
    });
    return out;
}
