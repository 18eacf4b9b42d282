/**
 * The certificates and the DNS records of the group's hosts, in the same `pulumi up`:
 * - ConsoleCertificate: per host an ACM certificate validated through a record in the hosted zone;
 *   each `certificateArns` entry resolves only once ACM has issued it, so the Ingress waits for it.
 *   One certificate per host, all on the HTTPS listener by SNI: ACM's default quota is 10 names per
 *   certificate (acm-limits.html), and adding or removing an app never touches another host's certificate.
 * - ConsoleDnsRecord: an alias A record to the ALB, created after the Ingress has its address, and
 *   an ownership TXT record beside it, so that a later run knows the record is this stack's and a
 *   record someone else made is never taken over silently (ExternalDNS keeps its registry the same way).
 * @see https://www.pulumi.com/registry/packages/aws/api-docs/acm/certificatevalidation/
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { UserFacingError } from "../config/errors";

export interface ConsoleCertificateArgs {
    /** Hostnames to cover, the console's first: one certificate each. Plain strings: they name the resources. */
    hostnames: string[];
    /** The public hosted zone holding every hostname. */
    zoneId: pulumi.Input<string>;
}

/** One ACM certificate per host, validated by DNS in their hosted zone. */
export class ConsoleCertificate extends pulumi.ComponentResource {
    public readonly certificates: aws.acm.Certificate[];
    public readonly validationRecords: aws.route53.Record[];
    public readonly validations: aws.acm.CertificateValidation[];
    /** The issued certificates' ARNs, in host order (the first is the listener's default): known only after validation, which `pulumi up` waits for (ACM allows up to 75 minutes). */
    public readonly certificateArns: pulumi.Output<string>[];

    constructor(name: string, args: ConsoleCertificateArgs, opts?: pulumi.ComponentResourceOptions) {
        super("mdai:dns:ConsoleCertificate", name, {}, opts);
        const hosts = args.hostnames.map((h) => h.toLowerCase());
        // The console's resources keep the names they had when one certificate covered every host (their URNs must not change).
        const suffix = (host: string, n: number) => (n === 0 ? "" : `-${host}`);
        this.certificates = hosts.map((host, n) => new aws.acm.Certificate(`${name}-certificate${suffix(host, n)}`, {
            domainName: host,
            // Optional + Computed: left out, the provider would keep names an earlier run asked for (facts: "Behaviour over time").
            subjectAlternativeNames: [host],
            validationMethod: "DNS",
        }, {
            parent: this,
            // A new certificate must be issued before the old one, still on the ALB's listener, can go.
            deleteBeforeReplace: false,
        }));
        this.validationRecords = hosts.map((host, n) => {
            const option = this.certificates[n].domainValidationOptions.apply((o) => o.find((x) => x.domainName === host)!);
            return new aws.route53.Record(`${name}-validation-${host}`, {
                zoneId: args.zoneId,
                name: option.resourceRecordName,
                type: option.resourceRecordType,
                records: [option.resourceRecordValue],
                ttl: 60,
                // ACM validates every certificate of a name in the account with this one record: another certificate may already rely on it.
                allowOverwrite: true,
            }, {
                parent: this,
                // ...so it is never deleted: it points at ACM and grants nothing, and deleting it would stop those certificates' renewal.
                retainOnDelete: true,
            });
        });
        this.validations = hosts.map((host, n) => new aws.acm.CertificateValidation(n === 0 ? `${name}-validation` : `${name}-validation-${host}`, {
            certificateArn: this.certificates[n].arn,
            validationRecordFqdns: [this.validationRecords[n].fqdn],
        }, { parent: this }));
        this.certificateArns = this.validations.map((v) => v.certificateArn);
        this.registerOutputs({ certificateArns: this.certificateArns });
    }
}

/** The TXT record that marks a hostname's record as this stack's. */
export const ownerRecordName = (hostname: string) => `_mdai-cognito.${hostname}`;
export const ownerValue = (owner: string) => `heritage=mdai-cognito,owner=${owner}`;

export interface ExistingRecord {
    name: string;
    type: string;
    values: string[];
    aliasTarget?: string;
}

/**
 * A record for `hostname` that this stack did not create: the reason to stop, or undefined.
 * `owner` identifies this stack (project/stack); the ownership TXT says who created the record.
 * Adopting overwrites an A record; a CNAME (Route 53 allows nothing beside one) or an AAAA record
 * (IPv6 clients would keep going elsewhere) must be deleted by hand first.
 */
export function foreignRecord(existing: ExistingRecord[], hostname: string, zone: string, owner: string, adopt = false): UserFacingError | undefined {
    const fqdn = (n: string) => n.toLowerCase().replace(/\.$/, "");
    const taken = existing.filter((r) => fqdn(r.name) === hostname && ["A", "AAAA", "CNAME"].includes(r.type));
    if (taken.length === 0) return undefined;
    const mark = existing.find((r) => fqdn(r.name) === ownerRecordName(hostname) && r.type === "TXT");
    const marks = (mark?.values ?? []).map((v) => v.replace(/^"|"$/g, ""));
    if (marks.includes(ownerValue(owner))) return undefined;
    const what = taken.map((r) => `${r.type} ${r.aliasTarget ? `alias to ${r.aliasTarget}` : r.values.join(", ")}`).join("; ");
    const blocking = taken.filter((r) => r.type !== "A");
    if (adopt && blocking.length === 0) return undefined;
    if (adopt || blocking.length) {
        const types = [...new Set(blocking.map((r) => r.type))].join(" and ");
        return new UserFacingError(`${hostname} has ${types} record(s) in hosted zone ${zone} (${what}) that adoptDnsRecord cannot take over: Route 53 allows no A record beside a CNAME, ` +
            `and an AAAA record would keep sending IPv6 clients elsewhere; nothing was changed. Delete the ${types} record(s) for ${hostname} first (Route 53 console, or ` +
            "`aws route53 change-resource-record-sets` with a DELETE), then run pulumi up again" + (adopt ? "." : ", or keep them and set dnsMode manual."));
    }
    const by = marks.find((m) => m.startsWith("heritage=mdai-cognito,"));
    return new UserFacingError(`${hostname} already has a record in hosted zone ${zone} (${what}) that ${by ? `stack ${by.split("owner=")[1]} created` : "this stack did not create"}; ` +
        "dnsMode route53 never takes one over silently, and nothing was changed. Either remove that record, or adopt it: set " +
        "`pulumi config set adoptDnsRecord true` for one `pulumi up` (this stack then owns and overwrites it), or keep it and set dnsMode manual.");
}

export interface ConsoleDnsRecordArgs {
    hostname: string;
    zoneId: pulumi.Input<string>;
    /** The ALB's DNS name (from the Ingress status): the record is created once it is known. */
    albHostname: pulumi.Input<string>;
    /** This stack, as `project/stack`, written in the ownership TXT record. */
    owner: string;
    /** Overwrite a record someone else made. @default false */
    adopt?: boolean;
}

/** An alias A record from the console's hostname to its ALB, marked as this stack's. */
export class ConsoleDnsRecord extends pulumi.ComponentResource {
    public readonly alias: aws.route53.Record;
    public readonly ownership: aws.route53.Record;

    constructor(name: string, args: ConsoleDnsRecordArgs, opts?: pulumi.ComponentResourceOptions) {
        super("mdai:dns:ConsoleDnsRecord", name, {}, opts);
        // The ALB's canonical hosted zone for its region (a static table in the provider).
        const albZone = aws.lb.getHostedZoneIdOutput({ loadBalancerType: "application" }, { parent: this });
        this.alias = new aws.route53.Record(`${name}-alias`, {
            zoneId: args.zoneId,
            name: args.hostname,
            type: "A",
            aliases: [{ name: args.albHostname, zoneId: albZone.id, evaluateTargetHealth: true }],
            allowOverwrite: args.adopt ?? false,
        }, { parent: this });
        this.ownership = new aws.route53.Record(`${name}-owner`, {
            zoneId: args.zoneId,
            name: ownerRecordName(args.hostname),
            type: "TXT",
            ttl: 300,
            records: [ownerValue(args.owner)],
            allowOverwrite: args.adopt ?? false,
        }, { parent: this });
        this.registerOutputs({});
    }
}
