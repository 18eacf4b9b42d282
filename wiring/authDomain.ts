/**
 * `authDomain`, wired: before anything is created, the checks only a deploy can make (the parent's A
 * record; the hosted zone given by ID; a change of the name, which would leave users without sign-in
 * for up to an hour), the certificate (us-east-1, an explicit provider) and whether the ALB may use
 * the domain on this run. It may when the same run writes its record in Route 53 after the domain is
 * active; otherwise (the record is yours, the parent is a host this stack publishes, or passkeys move
 * with it) once the name resolves to its CloudFront distribution, checked at each `pulumi up`: users
 * are never sent to a name that does not serve yet.
 */
import * as dns from "dns";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { Settings } from "../config/validate";
import { ConfigError, UserFacingError, problem } from "../config/errors";
import { fullKey } from "../config/keys";
import { isPlaceholder } from "../config/placeholders";
import { zoneContains } from "../config/dns";
import { ConsoleCertificate, ownerRecordName, ownerValue } from "../components/certificateDns";
import type { CustomDomainArgs } from "../components/poolDomains";
import type { SignInDomain } from "../components/signInDomain";
import type { Logger } from "../program";
import type { PreparedDns } from "./dns";
import { AwsProviders, stackOwner } from "./providers";
import { valueOf } from "./records";

/**
 * Whether a name resolves: `A` to an A record (what Cognito asks of the parent); `cloudfront` to CloudFront, which serves a
 * custom sign-in domain (a CNAME to `*.cloudfront.net`, or addresses whose reverse names are CloudFront's): a wildcard record or
 * an entry in /etc/hosts that answers for the name does not count; `{ txt }` to a TXT record holding that value.
 */
export type Resolver = (host: string, kind: "A" | "cloudfront" | { txt: string }) => Promise<boolean>;

const CLOUDFRONT_NAME = /\.cloudfront\.net\.?$/i;

export const dnsResolver: Resolver = async (host, kind) => {
    const r = dns.promises;
    try {
        if (kind === "A") return (await r.resolve4(host)).length > 0;
        if (typeof kind === "object") {
            // Fails safe: only "no such record" means absent; any other failure counts as the record being there.
            return await r.resolveTxt(host).then((rs) => rs.some((chunks) => chunks.join("") === kind.txt),
                (err: NodeJS.ErrnoException) => !["ENOTFOUND", "ENODATA"].includes(err.code ?? ""));
        }
        const cname = await r.resolveCname(host).catch(() => [] as string[]);
        if (cname.some((c) => CLOUDFRONT_NAME.test(c))) return true;
        const addresses = await r.resolve4(host);
        const names = await Promise.all(addresses.map((x) => r.reverse(x).catch(() => [] as string[])));
        return addresses.length > 0 && names.every((n) => n.some((x) => CLOUDFRONT_NAME.test(x)));
    } catch {
        return false;
    }
};

/** The domain as the pool's arguments, and what the outputs and the plan say of it. */
export interface PreparedAuthDomain {
    args: CustomDomainArgs;
    /** Why the ALB does not use it yet, when it does not. */
    pending?: string;
    /** The parent, when it is a host this stack publishes; `parentRecord` is then to be called with that host's record. */
    parentPublished?: string;
    parentRecord?: (resources: pulumi.Resource[]) => void;
}

/**
 * What only a deploy can check, before anything is created (the hosts' certificates included): the parent's A record, and a
 * given certificate (issued, covering the name).
 * @param resolve undefined offline (`npm run plan`): what needs the internet is said to happen at deploy
 */
export async function checkAuthDomain(s: Settings, providers: AwsProviders, resolve?: Resolver): Promise<void> {
    const a = s.signIn.authDomain;
    if (!a) return;
    // Cognito checks the parent when it creates the domain: one that serves already needs it no more (its parent host may be gone).
    if (resolve && !a.parentPublished && !(await resolve(a.parent, "A")) && !(await resolve(a.domain, "cloudfront"))) {
        throw new ConfigError([problem(fullKey("authDomain"), a.domain, `its parent ${a.parent} has no A record, and Cognito accepts a custom domain only under a name that resolves`,
            `Create an A record for ${a.parent} (your website's, or any address), or choose a name under one that has it.`)]);
    }
    if (a.certificateArn) await checkCertificate(a.domain, a.certificateArn, providers);
}

/** @param resolve undefined offline (`npm run plan`): what needs the internet is said to happen at deploy */
export async function prepareAuthDomain(s: Settings, prepared: PreparedDns, providers: AwsProviders, log: Logger, resolve?: Resolver): Promise<PreparedAuthDomain | undefined> {
    const a = s.signIn.authDomain;
    if (!a) return undefined;
    // A zone given by its ID: only now is it known whether it holds the name.
    const zoneName = prepared.zone?.name;
    const inZone = a.inZone && Boolean(zoneName) && (isPlaceholder(zoneName) || zoneContains(zoneName!, a.domain));
    if (a.inZone && !inZone && !a.certificateArn) {
        throw new ConfigError([problem(fullKey("authDomain"), a.domain, `it is outside the hosted zone ${zoneName}, where the program would request its certificate`,
            `Set authCertificateArn to an ACM certificate in us-east-1 that covers ${a.domain} (its record is then yours to create), or choose a name under ${zoneName}.`)]);
    }
    // Recorded once the checks pass (a stash keeps its first input): a new name would delete the domain before its successor
    // serves. (A new login version is not refused: the provider updates it in place with the certificate, #43248 fixed in v6.3.0.)
    const created = await valueOf(new pulumi.Stash("mdai-auth-domain", { input: a.domain }));
    if (typeof created === "string" && !isPlaceholder(created) && created !== a.domain) {
        throw new UserFacingError(`authDomain ${a.domain} would replace the sign-in domain ${created}: a pool holds one domain of its own, so the old one would be deleted first ` +
            "and sign-in would fail until the new one serves (up to an hour); nothing was changed. " +
            `Remove authDomain and run pulumi up (the ALB goes back to the prefix domain, and ${created} is deleted, or forgotten if no earlier pulumi up created it), then set the new one.`);
    }
    const certificateArn = a.certificateArn
        ?? new ConsoleCertificate("mdai-auth-domain-certificate", { hostnames: [a.domain], zoneId: prepared.zone!.id }, { providers: [providers.usEast1()] }).certificateArns[0];
    const zone = inZone ? { id: prepared.zone!.id, owner: stackOwner(), adopt: s.dns.adoptRecord } : undefined;
    // In the zone, under a parent that does not need the ALB first, and without passkeys (whose relying party the pool takes at
    // the start of the run, long before the domain serves): the same run writes the record, then the ALB uses the domain.
    const sameRun = inZone && !a.parentPublished && !s.signIn.passkeys;
    // The record this stack wrote in the zone, which this run deletes (hostedZone or dnsMode changed): the ALB goes back first.
    const ownRecordGoes = !inZone && resolve ? await resolve(ownerRecordName(a.domain), { txt: ownerValue(stackOwner()) }) : false;
    const servesNow = resolve ? await resolve(a.domain, "cloudfront") : false;
    const resolves = sameRun ? true : !ownRecordGoes && servesNow;
    const pending = resolves ? undefined : !resolve ? `whether ${a.domain} resolves to its CloudFront distribution is checked at deploy; until it does the ALB keeps the prefix domain`
        : ownRecordGoes ? `this run deletes the record this stack wrote for ${a.domain} (the hosted zone is no longer its to write), so the ALB goes back to the prefix domain; create your own record (the authDomain output) and the next pulumi up moves sign-in to it once it resolves to its distribution`
        : inZone ? `${a.domain} is created on this run${a.parentPublished ? ` (after ${a.parentPublished}'s record)` : ""}; the next pulumi up moves sign-in to it once it resolves to its distribution`
            : `create the record for ${a.domain} (the authDomain output); the next pulumi up moves sign-in to it once it resolves to its distribution`;
    log.info(`authDomain ${a.domain}: ${pending ?? "the ALB and every sign-in and sign-out URL use it"}${a.certificateArn ? "" : "; its certificate is requested in us-east-1 and validated in the hosted zone"}.`);
    if (s.signIn.passkeys && resolves) log.info(`passkeys belong to ${a.domain}: passkeys registered at the prefix domain do not work there; their users sign in with their password and register a new one (docs/sign-in.md).`);
    // The parent's record is written after the ALB exists: until the domain serves (so the ALB does not wait for it), it waits for that
    // record, as Cognito checks the parent's A record when it creates the domain.
    const parentRecord = a.parentPublished && !resolves ? deferred<pulumi.Resource[]>() : undefined;
    // Passkeys stay on the domain once it serves, also while the ALB goes back to the prefix for a run (AWS's WebAuthn settings
    // want the custom domain as relying party once the pool has one, and each move would leave registered passkeys unusable).
    return { args: { domain: a.domain, certificateArn, zone, use: resolves, passkeysOnIt: resolves || servesNow, dependsOn: parentRecord?.promise }, pending, parentPublished: parentRecord && a.parentPublished, parentRecord: parentRecord?.resolve };
}

/** A name a certificate covers: itself, or a wildcard's one label. */
const covers = (name: string, domain: string) => name === domain || (name.startsWith("*.") && domain.split(".").slice(1).join(".") === name.slice(2));

/** The given certificate, read through the us-east-1 provider (a read, not managed): issued, and covering the name. */
async function checkCertificate(domain: string, arn: string, providers: AwsProviders): Promise<void> {
    const cert = aws.acm.Certificate.get("mdai-auth-domain-certificate-given", arn, undefined, { provider: providers.usEast1() });
    const [name, sans, status] = await Promise.all([valueOf(cert.domainName), valueOf(cert.subjectAlternativeNames), valueOf(cert.status)]) as [string, string[] | undefined, string];
    if (isPlaceholder(name) || isPlaceholder(status)) return;
    const names = [name, ...(sans ?? [])];
    const wrong = status !== "ISSUED" ? `the certificate is ${status}, not issued` : !names.some((n) => covers(n.toLowerCase(), domain)) ? `the certificate covers ${[...new Set(names)].join(", ")}, not ${domain}` : undefined;
    if (wrong) {
        throw new ConfigError([problem(fullKey("authCertificateArn"), arn, `${wrong}: Cognito would refuse the domain`,
            `Request a certificate for ${domain} in ACM in us-east-1 (or one for *.${domain.split(".").slice(1).join(".")}), validate it, and use its ARN.`)]);
    }
}

/** A promise and the function that settles it, for a resource registered later in the run. */
function deferred<T>(): { promise: Promise<T>; resolve: (v: T) => void } {
    let resolve!: (v: T) => void;
    const promise = new Promise<T>((r) => { resolve = r; });
    return { promise, resolve };
}

/** What the stack output says of the domain. */
export interface AuthDomainOutput {
    name: string;
    /** The ALB and every sign-in and sign-out URL use it. */
    inUse: boolean;
    pending?: string;
    /** Its certificate (us-east-1): the one given, which must cover the name (Cognito refuses the domain otherwise), or the one requested. */
    certificateArn: pulumi.Output<string>;
    /** Its record: written in Route 53 by this stack, or yours to create (a CNAME, or an alias to the distribution). */
    record: { name: string; type: "A" | "CNAME"; value: pulumi.Output<string>; managedBy: "route53" | "you" };
}

export function authDomainOutput(p: PreparedAuthDomain, d: SignInDomain): AuthDomainOutput {
    const zone = Boolean(p.args.zone);
    return { name: p.args.domain, inUse: p.args.use !== false, pending: p.pending, certificateArn: pulumi.output(p.args.certificateArn), record: { name: p.args.domain, type: zone ? "A" : "CNAME", value: d.target, managedBy: zone ? "route53" : "you" } };
}
