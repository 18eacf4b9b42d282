/**
 * `authDomain`, wired: before anything is created, the checks only a deploy can make (the parent's A
 * record; a change of the domain or of its login version, which AWS cannot apply to a custom
 * domain), the certificate (us-east-1, an explicit provider) and whether the ALB may use the domain
 * on this run. It may when the same run writes its record in Route 53 after the domain is active;
 * otherwise (the record is yours, or the parent is a host this stack publishes, whose record needs
 * the ALB first) once the name resolves, checked at each `pulumi up`: users are never sent to a name
 * that does not answer yet.
 */
import * as dns from "dns";
import * as pulumi from "@pulumi/pulumi";
import type { Settings } from "../config/validate";
import { ConfigError, UserFacingError, problem } from "../config/errors";
import { fullKey } from "../config/keys";
import { isPlaceholder } from "../config/placeholders";
import { ConsoleCertificate } from "../components/certificateDns";
import type { CustomDomainArgs } from "../components/poolDomains";
import type { SignInDomain } from "../components/signInDomain";
import type { Logger } from "../program";
import type { PreparedDns } from "./dns";
import { AwsProviders, stackOwner } from "./providers";

/** Whether a name resolves: `A` an A record (what Cognito asks of the parent), `any` any address. */
export type Resolver = (host: string, kind: "A" | "any") => Promise<boolean>;

export const dnsResolver: Resolver = async (host, kind) => {
    try {
        if (kind === "A") await dns.promises.resolve4(host);
        else await dns.promises.lookup(host);
        return true;
    } catch {
        return false;
    }
};

/** The domain as the pool's arguments, and what the outputs and the plan say of it. */
export interface PreparedAuthDomain {
    args: CustomDomainArgs;
    /** Why the ALB does not use it yet, when it does not. */
    pending?: string;
}

const valueOf = (stash: pulumi.Stash): Promise<unknown> => (stash.output as unknown as { promise(): Promise<unknown> }).promise();

/** @param resolve undefined offline (`npm run plan`): what needs the internet is said to happen at deploy */
export async function prepareAuthDomain(s: Settings, prepared: PreparedDns, providers: AwsProviders, log: Logger, resolve?: Resolver): Promise<PreparedAuthDomain | undefined> {
    const a = s.signIn.authDomain;
    if (!a) return undefined;
    // Recorded when the domain is created (a stash keeps its first input): a new name is refused. (A new login version is
    // not: the provider updates it in place, sending the certificate: terraform-provider-aws #43248, fixed in v6.3.0.)
    const created = await valueOf(new pulumi.Stash("mdai-auth-domain", { input: a.domain }));
    if (typeof created === "string" && !isPlaceholder(created) && created !== a.domain) {
        throw new UserFacingError(`authDomain ${a.domain} would replace the sign-in domain ${created}: a pool holds one domain of its own, so the old one would be deleted first ` +
            "and sign-in would fail until the new one serves (up to an hour); nothing was changed. " +
            "Remove authDomain and run pulumi up (the ALB goes back to the prefix domain, and the old domain is deleted), then set the new one.");
    }
    if (resolve && !a.parentPublished && !(await resolve(a.parent, "A"))) {
        throw new ConfigError([problem(fullKey("authDomain"), a.domain, `its parent ${a.parent} has no A record, and Cognito accepts a custom domain only under a name that resolves`,
            `Create an A record for ${a.parent} (your website's, or any address), or choose a name under one that has it.`)]);
    }
    const certificateArn = a.certificateArn
        ?? new ConsoleCertificate("mdai-auth-domain-certificate", { hostnames: [a.domain], zoneId: prepared.zone!.id }, { providers: [providers.usEast1()] }).certificateArns[0];
    const zone = a.inZone ? { id: prepared.zone!.id, owner: stackOwner(), adopt: s.dns.adoptRecord } : undefined;
    // In the zone, and under a parent that does not need the ALB first: the same run writes the record, then the ALB uses it.
    const sameRun = a.inZone && !a.parentPublished;
    const resolves = sameRun ? true : resolve ? await resolve(a.domain, "any") : false;
    const pending = resolves ? undefined : !resolve ? `whether ${a.domain} resolves is checked at deploy; until it does the ALB keeps the prefix domain`
        : a.inZone ? `${a.domain} is created on this run (its record after ${a.parent}'s); the next pulumi up moves sign-in to it once it resolves`
            : `create the record for ${a.domain} (the authDomainRecord output); the next pulumi up moves sign-in to it once it resolves`;
    log.info(`authDomain ${a.domain}: ${pending ?? "the ALB and every sign-in and sign-out URL use it"}${a.certificateArn ? "" : "; its certificate is requested in us-east-1 and validated in the hosted zone"}.`);
    if (s.signIn.passkeys && resolves) log.warn(`passkeys belong to ${a.domain} from now on: passkeys registered at the prefix domain stop working, and their users sign in with their password and register a new one.`);
    return { args: { domain: a.domain, certificateArn, zone, use: resolves }, pending };
}

/** What the stack output says of the domain. */
export interface AuthDomainOutput {
    name: string;
    /** The ALB and every sign-in and sign-out URL use it. */
    inUse: boolean;
    pending?: string;
    /** Its record: written in Route 53 by this stack, or yours to create (a CNAME, or an alias to the distribution). */
    record: { name: string; type: "A" | "CNAME"; value: pulumi.Output<string>; managedBy: "route53" | "you" };
}

export function authDomainOutput(p: PreparedAuthDomain, d: SignInDomain): AuthDomainOutput {
    const zone = Boolean(p.args.zone);
    return { name: p.args.domain, inUse: p.args.use !== false, pending: p.pending, record: { name: p.args.domain, type: zone ? "A" : "CNAME", value: d.target, managedBy: zone ? "route53" : "you" } };
}
