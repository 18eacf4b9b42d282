/** DNS: does each host lead to the group's ALB? Probes (opt-in): does each door answer as configured, from outside? */
import * as dns from "dns";
import * as http from "http";
import * as https from "https";
import { Step, attempt } from "./attempt";
import type { Expected } from "./expected";
import { samplePaths } from "./rules";
import { DnsAnswer, Item, ProbeAnswer, Read, fail, isReadError, ok, unreadable } from "./types";

/** The lookups the doctor makes; tests hand in their own. */
export interface Resolver {
    resolveCname(host: string): Promise<string[]>;
    resolve4(host: string): Promise<string[]>;
}

/** Sends one GET without following redirects; tests hand in one that reaches a local server. */
export type Prober = (url: string, timeoutMs: number) => Promise<ProbeAnswer>;

const none = (e: NodeJS.ErrnoException) => (e.code === "ENODATA" || e.code === "ENOTFOUND" ? [] : Promise.reject(e));

export async function readDns(names: string[], resolver: Resolver, step: Step): Promise<Record<string, Read<DnsAnswer>>> {
    const out: Record<string, Read<DnsAnswer>> = {};
    for (const name of names) {
        out[name] = await attempt(`DNS for ${name}`, "", step, async () => ({
            cnames: await resolver.resolveCname(name).catch(none),
            addresses: await resolver.resolve4(name).catch(none),
        }));
    }
    return out;
}

export const systemResolver: Resolver = { resolveCname: (h) => dns.promises.resolveCname(h), resolve4: (h) => dns.promises.resolve4(h) };

const strip = (n: string) => n.toLowerCase().replace(/\.$/, "");

export function checkDns(e: Expected, answers: Record<string, Read<DnsAnswer>>, albDnsName: string | undefined): Item[] {
    if (!albDnsName) return [{ area: "DNS", state: "unknown", title: "DNS of every host", detail: "the ALB is unknown, so there is nothing to compare with", fix: "Fix the ALB first (AWS items)." }];
    const alb = answers[albDnsName];
    const albAddresses = alb && !isReadError(alb) ? alb.addresses : [];
    return e.hosts.map((host) => {
        const a = answers[host];
        if (isReadError(a)) return unreadable("DNS", `DNS of ${host}`, a);
        const cnames = (a?.cnames ?? []).map(strip);
        const addresses = a?.addresses ?? [];
        if (cnames.includes(strip(albDnsName)) || addresses.some((x) => albAddresses.includes(x))) return ok("DNS", `DNS of ${host} leads to the ALB`);
        const found = cnames.length ? `CNAME ${cnames.join(", ")}` : addresses.length ? `A ${addresses.join(", ")}` : "no record";
        return fail("DNS", `DNS of ${host}`, `${found}, not the ALB ${albDnsName}`, `Point ${host} at ${albDnsName} (a CNAME, or an alias/ALIAS at a zone apex); \`pulumi stack output dnsRecord\` has it.`);
    });
}

/** A GET over HTTPS (or HTTP, for a local test server), no redirects followed, no body kept. */
export const httpProber: Prober = (url, timeoutMs) => new Promise((resolve, reject) => {
    const get = url.startsWith("https:") ? https.get : http.get;
    const req = get(url, { timeout: timeoutMs, headers: { "user-agent": "mdai-cognito-doctor" } }, (res) => {
        res.resume();
        resolve({ status: res.statusCode ?? 0, location: res.headers.location });
    });
    req.on("timeout", () => req.destroy(new Error(`no answer within ${timeoutMs / 1000} s`)));
    req.on("error", reject);
});

/** The URLs the probes send: each door's sample requests (the traversal guard's are the tests' business). */
export const probeUrls = (e: Expected) => e.doors.filter((d) => d.pathType !== "ImplementationSpecific").flatMap((d) => samplePaths(d).map((p) => ({ door: d, url: `https://${d.host}${p}` })));

export async function readProbes(e: Expected, prober: Prober, step: Step): Promise<Record<string, Read<ProbeAnswer>>> {
    const out: Record<string, Read<ProbeAnswer>> = {};
    for (const { url } of probeUrls(e)) out[url] = await attempt(url, "", step, () => prober(url, step.timeoutMs));
    return out;
}

export function checkProbes(e: Expected, answers: Record<string, Read<ProbeAnswer>>): Item[] {
    const probes = probeUrls(e);
    return e.hosts.map((host) => {
        const title = `requests to https://${host}`;
        const wrong: string[] = [];
        let unread: string | undefined;
        for (const { door, url } of probes.filter((p) => p.door.host === host)) {
            const a = answers[url];
            if (isReadError(a)) { unread = a.error; continue; }
            if (!a) continue;
            const toIdp = a.status >= 300 && a.status < 400 && Boolean((e.authorizeUrl && a.location?.startsWith(e.authorizeUrl)) || (e.authDomain && a.location?.startsWith(`https://${e.authDomain}/oauth2/authorize`)));
            const path = url.slice(`https://${host}`.length);
            if (door.access === "login" && !toIdp) wrong.push(`${path} answered ${a.status}${a.location ? ` → ${a.location.split("?")[0]}` : ""}, not a redirect to the sign-in page`);
            if (door.access === "401" && a.status !== 401) wrong.push(`${path} answered ${a.status}, not 401`);
            if (door.access === "public" && (toIdp || a.status === 401)) wrong.push(`${path} asks for a login, though it is a public path`);
        }
        if (wrong.length) return fail("HTTP", title, wrong.join("; "), "Compare with the AWS items above (listener rules); a CDN or proxy in front of the ALB may answer instead of it.");
        if (unread) return unreadable("HTTP", title, { error: unread });
        return ok("HTTP", `${title}: login doors redirect to the sign-in page, public paths open, API paths answer 401`);
    });
}
