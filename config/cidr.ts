/** CIDR blocks as the AWS Load Balancer Controller reads inbound-cidrs, and their networks. */
import { isIP } from "net";
import { Check, fail } from "./check";

/** An example CIDR for fixes: IPv4, so that it passes whatever the ALB's IP address type. */
export const CIDR_EXAMPLE = "198.51.100.0/24";

/** An IPv4 or IPv6 CIDR block, as the controller parses inbound-cidrs (net.ParseCIDR), with no host bits set. */
export function checkCidr(v: string): Check | undefined {
    const m = /^([0-9a-fA-F:.]+)\/(\d{1,3})$/.exec(v);
    const isIp = m ? isIP(m[1]) : 0;
    if (!m || !isIp || Number(m[2]) > (isIp === 4 ? 32 : 128)) return fail("it is not a CIDR block", `Use an address block with its prefix length, e.g. "${CIDR_EXAMPLE}".`);
    const net = networkOf(m[1], Number(m[2]), isIp);
    if (net !== normalIp(m[1], isIp)) {
        // Go's ParseCIDR drops them silently: whether the network or the one address was meant, the user should say.
        const one = `${m[1]}/${isIp === 4 ? 32 : 128}`;
        return fail(`it has host bits set: a /${m[2]} starts at ${net}`, `Use "${net}/${m[2]}" for the whole network, or "${one}" for that one address.`);
    }
    return undefined;
}

/** The address as 32 or 128 bits (`net.isIP` has accepted it). */
function ipBits(ip: string, family: number): bigint {
    if (family === 4) return ip.split(".").reduce((n, o) => (n << 8n) | BigInt(Number(o)), 0n);
    // An embedded IPv4 tail (::ffff:192.0.2.1) is two groups.
    const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(ip);
    const hex = v4 ? ip.slice(0, v4.index) + (ipBits(v4[1], 4) >> 16n).toString(16) + ":" + (ipBits(v4[1], 4) & 0xffffn).toString(16) : ip;
    const [head, tail] = hex.split("::");
    const groups = (x: string | undefined) => (x ? x.split(":") : []);
    const all = tail === undefined ? groups(head) : [...groups(head), ...Array<string>(8 - groups(head).length - groups(tail).length).fill("0"), ...groups(tail)];
    return all.reduce((n, g) => (n << 16n) | BigInt(parseInt(g, 16)), 0n);
}

function bitsToIp(n: bigint, family: number): string {
    if (family === 4) return [24n, 16n, 8n, 0n].map((s) => String((n >> s) & 255n)).join(".");
    const groups = Array.from({ length: 8 }, (_, i) => ((n >> BigInt(16 * (7 - i))) & 0xffffn).toString(16));
    // The canonical short form: the longest run of zero groups (two or more) becomes ::.
    let best = { at: -1, len: 0 };
    for (let i = 0; i < 8; ) {
        let j = i;
        while (j < 8 && groups[j] === "0") j++;
        if (j - i > best.len && j - i >= 2) best = { at: i, len: j - i };
        i = j === i ? i + 1 : j;
    }
    return best.at < 0 ? groups.join(":") : `${groups.slice(0, best.at).join(":")}::${groups.slice(best.at + best.len).join(":")}`;
}

const normalIp = (ip: string, family: number) => bitsToIp(ipBits(ip, family), family);

function networkOf(ip: string, prefix: number, family: number): string {
    const width = family === 4 ? 32n : 128n;
    const mask = ((1n << width) - 1n) ^ ((1n << (width - BigInt(prefix))) - 1n);
    return bitsToIp(ipBits(ip, family) & mask, family);
}
