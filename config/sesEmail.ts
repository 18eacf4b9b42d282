/**
 * `email`: `{ sesIdentityArn, from, replyTo? }`, an SES identity the pool may send through, checked
 * before anything exists: the ARN and its identity (a domain or an address), a region the pool may
 * use in its partition, and a sender the identity covers whose display name cannot start another
 * header or mailbox.
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-email.html
 */
import { Problem, asShown, problem } from "./errors";
import { fullKey } from "./keys";
import * as rules from "./rules";
import type { RawValue } from "./sources";
import { partitionOf } from "../region/regions";
import { jsonObject } from "./json";

/**
 * Regions whose pools may send through SES elsewhere than their own region (the developer guide's
 * "Email settings": the pool's own region, or one of these three legacy ones, in the aws partition).
 */
export const SES_LEGACY_REGIONS = ["us-east-1", "us-west-2", "eu-west-1"];

export interface SesEmail {
    sesIdentityArn: string;
    /** As Cognito takes it: an address, or `Name <address>`. */
    from: string;
    replyTo?: string;
    /** The identity's region, for the plan. */
    region: string;
}

const DOMAIN = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+([a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;
const EXAMPLE = "`pulumi config set --path email.sesIdentityArn arn:aws:ses:<region>:<account>:identity/<domain>` and `--path email.from no-reply@<domain>`";

/**
 * The address in `from`: a bare address, or `Name <address>` where the name is printable ASCII — a phrase of letters, digits,
 * spaces and `! # $ % & ' * + - / = ? ^ _ { | } ~` (RFC 5322 atext), or a quoted string without quotes or backslashes inside.
 * Nothing else: a CR or LF would start another header, a special (`@ , ; : < > ( ) . [ ]`) another mailbox or a comment,
 * a non-ASCII name needs MIME encoding that SES does not apply, and a bidirectional control can disguise the sender.
 */
export function senderAddress(from: string): string | undefined {
    if (from.length > 256 || /[^\x20-\x7e]/.test(from)) return undefined;
    const m = /^(?:(?:"[\x20\x21\x23-\x5b\x5d-\x7e]{1,64}"|[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~ ]{1,64}?)\s*<([^<>\s"]+)>|([^<>\s"]+))$/.exec(from);
    const address = m && (m[1] ?? m[2]).toLowerCase();
    return address && !rules.checkEmail(address) ? address : undefined;
}

export function parseEmail(r: RawValue, region: string | undefined, problems: Problem[]): SesEmail | undefined {
    const key = fullKey("email");
    const e = jsonObject(r.value);
    if (!e) return void problems.push(problem(key, r.value, "it is an object { sesIdentityArn, from, replyTo? }", `Set ${EXAMPLE}.`, r.origin));
    const unknown = Object.keys(e).filter((k) => !["sesIdentityArn", "from", "replyTo"].includes(k));
    if (unknown.length) return void problems.push(problem(`${key}.${unknown[0]}`, asShown(e[unknown[0]]), "email takes sesIdentityArn, from and replyTo only", `Remove it (\`pulumi config rm --path email.${unknown[0]}\`).`, r.origin));
    const arn = typeof e.sesIdentityArn === "string" ? /^arn:(aws[\w-]*):ses:([a-z0-9-]+):(\d{12}):identity\/(.+)$/.exec(e.sesIdentityArn.trim()) : null;
    const identity = arn?.[4].toLowerCase();
    if (!arn || !identity || !(DOMAIN.test(identity) || (identity.includes("@") && !rules.checkEmail(identity)))) {
        return void problems.push(problem(`${key}.sesIdentityArn`, asShown(e.sesIdentityArn), "it is the ARN of a verified SES identity, a domain or an address: arn:aws:ses:<region>:<account>:identity/<domain or address>",
            "Copy it from the SES console (Identities), e.g. arn:aws:ses:eu-west-1:111122223333:identity/acme.io.", r.origin));
    }
    const [, partition, sesRegion] = arn;
    if (region && partition !== partitionOf(region)) {
        return void problems.push(problem(`${key}.sesIdentityArn`, arn[0], `the identity is in the ${partition} partition, the pool in ${region} (${partitionOf(region)})`,
            `Verify the identity in SES in ${region} and use that ARN (it begins arn:${partitionOf(region)}:ses:${region}:).`, r.origin));
    }
    const legacy = partition === "aws" ? SES_LEGACY_REGIONS : [];
    if (region && sesRegion !== region && !legacy.includes(sesRegion)) {
        return void problems.push(problem(`${key}.sesIdentityArn`, arn[0], `the identity is in ${sesRegion}; a pool in ${region} sends through SES in ${[region, ...legacy.filter((x) => x !== region)].join(", ")}`,
            `Verify the identity in SES in ${region} and use that ARN.`, r.origin));
    }
    const from = typeof e.from === "string" ? e.from.trim() : "";
    const address = senderAddress(from);
    const domain = identity.includes("@") ? undefined : identity;
    const example = domain ? `no-reply@${domain}` : identity;
    if (!address) {
        return void problems.push(problem(`${key}.from`, asShown(e.from), "it is the sender: an address, or a plain name and an address as `MDAI <no-reply@example.org>` (printable ASCII; no control characters, and no @ , ; : < > ( ) . \" in the name unless it is quoted)",
            `Use ${example}, or "MDAI <${example}>".`, r.origin));
    }
    // A verified domain covers its addresses and its subdomains' (SES developer guide, "Creating a domain identity").
    const at = address.split("@")[1];
    const covered = domain ? at === domain || at.endsWith(`.${domain}`) : address === identity;
    if (!covered) {
        return void problems.push(problem(`${key}.from`, from, `the identity ${identity} does not cover ${address}: SES sends only from a verified address or from a verified domain`,
            `Use ${example}, or verify ${at} in SES.`, r.origin));
    }
    const replyTo = typeof e.replyTo === "string" ? e.replyTo.trim() : undefined;
    if (e.replyTo !== undefined && (!replyTo || /[\x00-\x1f\x7f]/.test(replyTo) || rules.checkEmail(replyTo))) {
        return void problems.push(problem(`${key}.replyTo`, asShown(e.replyTo), "it is one e-mail address", "Use an address that people read, or remove it.", r.origin));
    }
    return { sesIdentityArn: arn[0], from, replyTo, region: sesRegion };
}
