/**
 * `authDomain` and `authCertificateArn`: the pool's sign-in pages on a name of your own
 * (`auth.<your domain>`) instead of `<prefix>.auth.<region>.amazoncognito.com`. Checked here before
 * anything exists; what only the internet can say (the parent's A record, the record to the
 * domain's CloudFront distribution) is checked at deploy (wiring/authDomain.ts).
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-add-custom-domain.html
 */
import { parse } from "tldts";
import { Problem, problem } from "./errors";
import { fullKey } from "./keys";
import * as rules from "./rules";
import type { RawValue } from "./sources";
import { DnsPlan, zoneContains } from "./dns";
import { partitionOf } from "../region/regions";

export interface AuthDomain {
    /** The name, lowercased. */
    domain: string;
    /** The one that must resolve (an A record) before Cognito accepts the domain. */
    parent: string;
    /** A certificate given for it (in us-east-1); absent when the program requests one in the hosted zone. */
    certificateArn?: string;
    /**
     * The program writes its alias record in the hosted zone (dnsMode route53, the name under the zone; a zone given by ID is
     * confirmed at deploy), and requests its certificate there when none is given.
     */
    inZone: boolean;
    /** The parent, when it is a host this stack itself publishes in Route 53: the domain then waits for its record. */
    parentPublished?: string;
}

export interface AuthDomainInput {
    raw: (key: string) => RawValue | undefined;
    region?: string;
    dns?: DnsPlan;
    /** The ALB's hosts (the console's first). */
    hostnames: string[];
}

const key = fullKey("authDomain");
/** Registrable domains AWS owns, whose names a stack cannot prove it holds (the PSL lists some as private suffixes, not all). */
const AWS_OWNED = ["amazoncognito.com", "cloudfront.net", "amazonaws.com", "on.aws", "amazon.com", "aws.dev", "awsapps.com", "elasticbeanstalk.com"];
/** A DNS name of three labels or more: lowercase letters, digits and inner hyphens, labels of 1 to 63 characters. */
const NAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.){2,}[a-z]([a-z0-9-]{0,61}[a-z0-9])?$/;

/** A name to suggest: `auth.` under the console's own registrable domain, which the user holds. */
function suggestion(hostnames: string[]): string {
    const own = hostnames[0] ? parse(hostnames[0]).domain : undefined;
    if (!own) return "auth.<your domain>";
    return [`auth.${own}`, `login.${own}`, `sign-in.${own}`].find((n) => !hostnames.includes(n)) ?? `auth.<your domain>`;
}

export function parseAuthDomain(i: AuthDomainInput, problems: Problem[]): AuthDomain | undefined {
    const r = i.raw("authDomain");
    const typed = r?.value.trim();
    const domain = typed?.toLowerCase().replace(/\.$/, "");
    const certRaw = i.raw("authCertificateArn");
    if (!domain) {
        if (certRaw?.value.trim()) problems.push(problem(fullKey("authCertificateArn"), certRaw.value, "it is the certificate of authDomain, which is not set", "Set authDomain too, or remove authCertificateArn.", certRaw.origin));
        return undefined;
    }
    const instead = suggestion(i.hostnames);
    const refuse = (wrong: string, fix = `Use a name under a domain you own, e.g. ${instead}.`) => void problems.push(problem(key, typed, wrong, fix, r!.origin));
    if (!NAME.test(domain)) return refuse("it is a DNS name of at least three labels, like auth.example.org: lowercase letters, digits and inner hyphens, labels of at most 63 characters");
    const parent = domain.split(".").slice(1).join(".");
    const p = parse(parent, { allowPrivateDomains: true });
    // Cognito refuses a top-level domain's child; a public suffix's child belongs to whoever registers it; an unlisted TLD never resolves publicly.
    if (!p.domain || !p.isIcann || p.isPrivate || p.isIp) return refuse(`its parent ${parent} is a top-level domain, a public suffix or not a public name: Cognito needs a parent you own, which resolves`);
    if (AWS_OWNED.includes(p.domain)) return refuse(`it is under ${p.domain}, which AWS owns: a sign-in domain of your own is a name under yours`);
    if (i.hostnames.includes(domain)) return refuse("it is one of the ALB's hosts: the sign-in pages need a name of their own (Cognito serves them through CloudFront)");
    if (i.region && partitionOf(i.region) !== "aws") {
        return refuse(`${i.region} is in the ${partitionOf(i.region)} partition, where this program does not set up custom sign-in domains (their certificate lives in us-east-1 of the aws partition)`,
            "Remove authDomain: the pool's prefix domain serves the sign-in pages.");
    }
    const zoneName = i.dns?.zone?.name;
    const inZone = i.dns?.mode === "route53" && (!zoneName || zoneContains(zoneName, domain));
    const certificateArn = certRaw?.value.trim() || undefined;
    if (certificateArn) {
        const arn = rules.parseCertificateArn(certificateArn);
        if (rules.isCheck(arn)) return void problems.push(problem(fullKey("authCertificateArn"), certificateArn, arn.wrong, arn.fix, certRaw!.origin));
        if (arn.region !== "us-east-1" || arn.partition !== "aws") {
            return void problems.push(problem(fullKey("authCertificateArn"), certificateArn, `the certificate is in ${arn.partition === "aws" ? arn.region : `the ${arn.partition} partition`}; Cognito takes a custom domain's certificate from us-east-1 (aws partition) only, as it serves the pages through CloudFront`,
                `Request or import a certificate for ${domain} in ACM in us-east-1 and use that ARN${inZone ? ", or remove authCertificateArn to have one created in the hosted zone" : ""}.`, certRaw!.origin));
        }
    } else if (!inZone) {
        const why = i.dns?.mode === "route53" ? `${domain} is outside the hosted zone ${zoneName}` : i.dns?.zone ? `dnsMode is ${i.dns.mode}, so the program writes no record in the hosted zone` : "there is no hosted zone the program writes";
        const zoneFix = i.dns?.mode === "route53" ? `or choose a name under ${zoneName}` : i.dns?.zone ? "or set dnsMode route53" : "or set hostedZone to the public zone that holds it";
        return void problems.push(problem(fullKey("authCertificateArn"), undefined, `authDomain ${domain} needs a certificate in us-east-1, and the program can request one only in a hosted zone it writes (${why})`,
            `Set authCertificateArn to an ACM certificate in us-east-1 that covers ${domain}, ${zoneFix}.`));
    }
    const parentPublished = inZone && i.hostnames.includes(parent) ? parent : undefined;
    return { domain, parent, certificateArn, inZone, parentPublished };
}
