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
import type { DnsPlan } from "./dns";
import { partitionOf } from "../region/regions";

export interface AuthDomain {
    /** The name, lowercased. */
    domain: string;
    /** The one that must resolve (an A record) before Cognito accepts the domain. */
    parent: string;
    /** A certificate given for it (in us-east-1); absent when the program requests one in the hosted zone. */
    certificateArn?: string;
    /** The program requests the certificate and writes the alias record in the hosted zone (dnsMode route53). */
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

export function parseAuthDomain(i: AuthDomainInput, problems: Problem[]): AuthDomain | undefined {
    const r = i.raw("authDomain");
    const domain = r?.value.trim().toLowerCase().replace(/\.$/, "");
    const certRaw = i.raw("authCertificateArn");
    if (!domain) {
        if (certRaw?.value.trim()) problems.push(problem(fullKey("authCertificateArn"), certRaw.value, "it is the certificate of authDomain, which is not set", "Set authDomain too, or remove authCertificateArn.", certRaw.origin));
        return undefined;
    }
    const c = rules.checkHostname(domain);
    if (c) return void problems.push(problem(key, domain, c.wrong, "Use a name like auth.example.org, under a domain you own.", r!.origin));
    const parent = domain.split(".").slice(1).join(".");
    const p = parse(parent, { allowPrivateDomains: true });
    // Cognito refuses a top-level domain's child, and a public suffix's child belongs to whoever registers it.
    if (!p.domain || p.isIp) {
        return void problems.push(problem(key, domain, `its parent ${parent} is a top-level domain or a public suffix: Cognito needs a parent you own, which resolves`,
            `Use a name one level further down, e.g. auth.${p.publicSuffix ? `example.${parent}` : `your-domain.${parent}`}.`, r!.origin));
    }
    if (i.hostnames.includes(domain)) {
        return void problems.push(problem(key, domain, "it is one of the ALB's hosts: the sign-in pages need a name of their own (Cognito serves them through CloudFront)", `Use e.g. auth.${parent}.`, r!.origin));
    }
    if (i.region && partitionOf(i.region) !== "aws") {
        return void problems.push(problem(key, domain, `${i.region} is in the ${partitionOf(i.region)} partition, where this program does not set up custom sign-in domains (their certificate lives in us-east-1 of the aws partition)`,
            "Remove authDomain: the pool's prefix domain serves the sign-in pages.", r!.origin));
    }
    const certificateArn = certRaw?.value.trim() || undefined;
    if (certificateArn) {
        const arn = rules.parseCertificateArn(certificateArn);
        if (rules.isCheck(arn)) return void problems.push(problem(fullKey("authCertificateArn"), certificateArn, arn.wrong, arn.fix, certRaw!.origin));
        if (arn.region !== "us-east-1") {
            return void problems.push(problem(fullKey("authCertificateArn"), certificateArn, `the certificate is in ${arn.region}; Cognito takes a custom domain's certificate from us-east-1 only (it serves the pages through CloudFront)`,
                `Request or import a certificate for ${domain} in ACM in us-east-1 and use that ARN${i.dns?.zone ? ", or remove authCertificateArn to have one created in the hosted zone" : ""}.`, certRaw!.origin));
        }
    }
    const inZone = i.dns?.mode === "route53";
    if (!certificateArn && !inZone) {
        return void problems.push(problem(fullKey("authCertificateArn"), undefined, `authDomain ${domain} needs a certificate in us-east-1, and the program can request one only with dnsMode route53 (a hosted zone it writes)`,
            `Set authCertificateArn to an ACM certificate in us-east-1 that covers ${domain}, or set hostedZone to the public zone that holds it.`));
    }
    const parentPublished = inZone && i.hostnames.includes(parent) ? parent : undefined;
    return { domain, parent, certificateArn, inZone, parentPublished };
}
