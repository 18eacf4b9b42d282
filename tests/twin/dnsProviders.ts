/** Route 53 and ACM as the twin runs them, and what resolves in its world. Sources per type. */
import { recordKey, validationRecord, World } from "./world";
import { Provider, str } from "./op";

const fqdn = (n: unknown) => str(n).toLowerCase().replace(/\.$/, "");

/** Route 53 (terraform-provider-aws internal/service/route53/record.go): CREATE fails on an existing record unless allowOverwrite (UPSERT); delete removes what is there now. */
export const record: Provider = {
    create(op) {
        const zone = op.world.zones.find((z) => z.id === op.inputs.zoneId);
        if (!zone) throw new Error(`NoSuchHostedZone: No hosted zone found with ID: ${str(op.inputs.zoneId)}`);
        const key = recordKey(str(op.inputs.name), str(op.inputs.type));
        if (zone.records.has(key) && !op.inputs.allowOverwrite) {
            throw new Error(`InvalidChangeBatch: [Tried to create resource record set [name='${fqdn(op.inputs.name)}.', type='${str(op.inputs.type)}'] but it already exists]`);
        }
        const aliases = op.inputs.aliases as { name: string; zoneId: string }[] | undefined;
        zone.records.set(key, { name: fqdn(op.inputs.name), type: str(op.inputs.type), values: op.inputs.records as string[] | undefined,
            alias: aliases?.[0] && { name: aliases[0].name, zoneId: aliases[0].zoneId }, writtenBy: op.urn });
        return { fqdn: fqdn(op.inputs.name) };
    },
    update(op) {
        record.delete!({ ...op, inputs: op.prev! });
        return record.create({ ...op, inputs: { ...op.inputs, allowOverwrite: true } });
    },
    delete(op) {
        op.world.zones.find((z) => z.id === op.inputs.zoneId)?.records.delete(recordKey(str(op.inputs.name), str(op.inputs.type)));
    },
};

/**
 * ACM (internal/service/acm/certificate.go): subjectAlternativeNames is Optional+Computed and holds
 * the domain name too (PR #20073); a certificate in use cannot be deleted — the provider retries
 * ResourceInUseException for 20 minutes (certificateCrossServicePropagationTimeout), so the twin lets the controller settle first.
 */
export const certificate: Provider = {
    create(op) {
        const domainName = str(op.inputs.domainName);
        const domains = [...new Set([domainName, ...((op.inputs.subjectAlternativeNames as string[] | undefined) ?? [])])];
        // ACM's default quota: 10 domain names per certificate (acm-limits.html).
        if (domains.length > 10) throw new Error(`LimitExceededException: The certificate request has ${domains.length} domain names; the limit is 10`);
        const arn = `arn:aws:acm:${op.region}:${op.world.account}:certificate/twin-${++op.world.serial}`;
        op.world.certificates.set(arn, { arn, domains, status: "PENDING_VALIDATION" });
        return {
            arn, id: arn, subjectAlternativeNames: domains,
            domainValidationOptions: domains.map((d) => {
                const v = validationRecord(op.world, d);
                return { domainName: d, resourceRecordName: v.name, resourceRecordType: "CNAME", resourceRecordValue: v.value };
            }),
        };
    },
    update: (op) => ({ ...op.prev }),
    delete(op) {
        const arn = str(op.prev?.arn);
        const user = op.world.albs.find((a) => a.certificates.includes(arn));
        if (user) throw new Error(`ResourceInUseException: Certificate ${arn} in use by ${user.arn}`);
        op.world.certificates.delete(arn);
    },
};

/** internal/service/acm/certificate_validation.go: every domain's record must be listed and present; then ACM issues. Delete is a no-op. */
export const certificateValidation: Provider = {
    create(op) {
        const cert = op.world.certificates.get(str(op.inputs.certificateArn));
        if (!cert) throw new Error(`ResourceNotFoundException: Could not find certificate ${str(op.inputs.certificateArn)}`);
        const listed = new Set(((op.inputs.validationRecordFqdns as string[] | undefined) ?? []).map(fqdn));
        const missing = cert.domains.map((d) => ({ d, r: validationRecord(op.world, d) })).filter(({ r }) => !listed.has(fqdn(r.name)));
        if (missing.length) throw new Error(missing.map(({ d, r }) => `missing ${d} DNS validation record: ${fqdn(r.name)}`).join("\n"));
        const absent = cert.domains.filter((d) => !op.world.zones.some((z) => z.records.get(recordKey(validationRecord(op.world, d).name, "CNAME"))?.values?.includes(validationRecord(op.world, d).value)));
        if (absent.length) throw new Error(`waiting for ACM Certificate (${cert.arn}) to be issued: timeout while waiting for state to become 'ISSUED' (no validation record for ${absent.join(", ")})`);
        cert.status = "ISSUED";
        return { certificateArn: cert.arn };
    },
};

/** CloudFront's hosted zone for alias records (the same in every region). */
export const CLOUDFRONT_ZONE = "Z2FDTNDATAQYW2";

/**
 * Whether a name resolves in the twin's world: a record of that name in one of its zones (`A`: an A record or alias;
 * `cloudfront`: an alias into CloudFront's zone or a CNAME to `*.cloudfront.net`; `{ txt }`: a TXT record with that value); a
 * name outside its zones resolves (the internet beyond the fixtures), to no TXT record.
 */
export function resolves(world: World, host: string, kind: "A" | "cloudfront" | { txt: string }): boolean {
    const zone = world.zones.find((z) => host === z.name || host.endsWith(`.${z.name}`));
    if (typeof kind === "object") return Boolean(zone?.records.get(recordKey(host, "TXT"))?.values?.includes(kind.txt));
    if (!zone) return true;
    return [...zone.records.values()].some((r) => r.name.replace(/\.$/, "") === host && (kind === "A" ? r.type === "A"
        : (r.type === "A" && r.alias?.zoneId === CLOUDFRONT_ZONE) || (r.type === "CNAME" && Boolean(r.values?.some((v) => /\.cloudfront\.net\.?$/.test(v))))));
}
