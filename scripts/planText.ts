/**
 * The plan as a person reads it, in the order they act on it: the decision, the problems, the
 * doors, what is created, what is read first, what they do after `pulumi up`. Every line fits a
 * 120-column terminal; manifests only on request (--manifests), since --out and --json hold them.
 */
import * as YAML from "yaml";
import { formatFinding } from "../specs";
import type { AlbSummary, Plan } from "./planReport";
import { shellQuote } from "../config/shell";
import type { SignInOutput } from "../wiring/signIn";
import type { AuthDomainOutput } from "../wiring/authDomain";

/** The authDomain output as the plan holds it: its Outputs resolved. */
type AuthDomainShown = Omit<AuthDomainOutput, "certificateArn" | "record"> & { certificateArn: string; record: Omit<AuthDomainOutput["record"], "value"> & { value: string } };

export const WIDTH = 120;

/** Word-wraps `text` to WIDTH: the first line after `first`, the rest after `rest` (both indents). */
export function wrap(text: string, first = "", rest = first + "  "): string[] {
    const out: string[] = [];
    let line = first;
    for (const [n, word] of text.split(/ +/).flatMap((w) => pieces(w, WIDTH - rest.length).map((p, i) => [i, p] as const))) {
        // A piece after the first continues its word: no space, so that the name reads (and copies) whole.
        const prefix = line === first || line === rest || n > 0 ? line : `${line} `;
        if (prefix.length + word.length > WIDTH && line !== first && line !== rest) {
            out.push(line);
            line = rest + word;
        } else {
            line = prefix + word;
        }
    }
    out.push(line);
    return out;
}

/**
 * A word too long for a line (a namespace/name of Kubernetes' longest) in pieces that fit, each
 * ending at a `/`; a URL is kept whole, alone on its line, so that it can be copied.
 */
function pieces(word: string, room: number): string[] {
    if (word.length <= room || /^[a-z]+:\/\//.test(word)) return [word];
    const cut = word.lastIndexOf("/", room - 1);
    return cut > 0 ? [word.slice(0, cut + 1), ...pieces(word.slice(cut + 1), room)] : [word];
}

/** A table whose last column wraps; rows too wide even so become one wrapped line each. */
function table(header: string[], rows: string[][], asLine: (r: string[]) => string, indent = "  "): string[] {
    const all = [header, ...rows];
    const widths = header.map((_, c) => Math.max(...all.map((r) => r[c].length)));
    const fixed = indent.length + widths.slice(0, -1).reduce((n, w) => n + w + 2, 0);
    if (fixed > WIDTH - 24) return rows.flatMap((r) => wrap(asLine(r), `${indent}- `, `${indent}  `));
    return all.flatMap((r) => {
        const lead = indent + r.slice(0, -1).map((cell, c) => cell.padEnd(widths[c])).join("  ") + "  ";
        const [head, ...tail] = wrap(r[r.length - 1], lead, " ".repeat(lead.length));
        return [head, ...tail].map((l) => l.trimEnd());
    });
}

const list = (items: string[], max: number): string => {
    const shown = items.slice(0, max).join(", ");
    return items.length > max ? `${shown} … and ${items.length - max} more` : shown;
};

function albLine(a: AlbSummary): string {
    const who = a.inboundCidrs ? `open to ${a.inboundCidrs}` : a.scheme === "internal" ? "open to the VPC" : "open to the internet";
    const attr = a.attributes;
    const hardening = [
        attr["routing.http.drop_invalid_header_fields.enabled"] === "true" ? "drops invalid headers" : "KEEPS invalid headers",
        `desync ${attr["routing.http.desync_mitigation_mode"] ?? "defensive"}`,
        attr["deletion_protection.enabled"] === "true" ? "deletion protection on" : "deletion protection OFF",
        attr["access_logs.s3.enabled"] === "true" ? "access logs to S3" : "no access logs",
        a.wafAclArn ? `WAF ${a.wafAclArn.split("/").slice(-2, -1)[0]}` : "no WAF",
    ];
    return `${a.name}, ${a.scheme}, ${who}; IngressGroup ${a.group}; TLS policy ${a.sslPolicy ?? "-"}; ${hardening.join(", ")}`;
}

function whoMaySignIn(plan: Plan): string {
    const o = plan.outputs as { authMode?: string; userPoolId?: string; allowedGroups?: string[]; apps?: Record<string, { url: string; allowedGroups?: string[] }> };
    if (o.authMode === "none") return "anyone: authMode none, no login";
    if (!o.userPoolId) return "whoever the identity provider lets use its client (restrict it there)";
    const stack = o.allowedGroups?.length
        ? `members of ${o.allowedGroups.join(", ")}: the pool refuses tokens to everyone else, at sign-in and at every refresh`
        : o.userPoolId.startsWith("<") ? "every user of the pool (allowedGroups narrows it)" : `every user of the existing pool ${o.userPoolId} (userPoolId)`;
    const apps = Object.values(o.apps ?? {}).filter((a) => a.allowedGroups).map((a) => `on ${new URL(a.url).host} ${a.allowedGroups!.length
        ? `members of ${a.allowedGroups!.join(", ")}` : "every user of the pool"} instead (an app client of its own)`);
    return [stack, ...apps].join("; ");
}

/** The sign-in pages, factors and e-mail, and the estimated bill (wiring/signIn.ts, scripts/planUsage.ts). */
function signInRows(plan: Plan): [string, string][] {
    const si = (plan.outputs as { signIn?: SignInOutput }).signIn;
    if (!si) return [];
    const rows: [string, string][] = [["Sign-in pages", `${si.pages}; ${si.passwordless.length ? `${si.passwordless.join(" or ")}, or the password` : "the password"}` +
        `${si.passkeyRelyingParty ? ` (passkeys belong to ${si.passkeyRelyingParty})` : ""}; feature plan ${si.featurePlan}; e-mail: ${si.email}`]];
    const ad = (plan.outputs as { authDomain?: AuthDomainShown }).authDomain;
    if (ad) {
        rows.push(["Sign-in domain", `${ad.name}: ${ad.inUse ? "the ALB and every sign-in and sign-out URL use it" : ad.pending}; a new domain can take up to an hour to serve (pulumi up waits for it)` +
            `; its record ${ad.record.managedBy === "route53" ? "is written in Route 53 by this stack" : "is yours to create (After `pulumi up`)"}.`]);
    }
    const c = plan.cost;
    if (c) {
        rows.push(["Monthly cost", `an estimated $${c.monthly.toFixed(2)} a month for Cognito: ${c.lines.map((l) => `${l.what}: $${l.amount.toFixed(2)}`).join("; ")}. Counted: ${c.counted.join("; ")}. ` +
            `Prices of ${c.date} (scripts/data/cognito-prices.json); not included: ${c.notIncluded.join("; ")}.`]);
    }
    return rows;
}

function decision(plan: Plan): string[] {
    const o = plan.outputs as { uiUrl?: string; hostedUiUrl?: string; region?: string; cognitoRegion?: string };
    const c = plan.cluster as { via: string; name: string; region?: string; context?: string } | undefined;
    const acct = plan.account;
    const rows: [string, string][] = [
        ["Authentication", `${plan.decision.mode}: ${plan.decision.reason}`],
        ["Console", `${o.uiUrl ?? "-"}${o.hostedUiUrl ? `, sign-in at ${o.hostedUiUrl}` : ""}`],
        ["Region", `${o.region ?? "-"}${o.cognitoRegion && o.cognitoRegion !== o.region ? ` (user pool in ${o.cognitoRegion})` : ""}`],
        ["Cluster", !c ? "-" : c.via === "clusterName" ? `EKS cluster ${c.name} in ${c.region}, by name (clusterName); token from \`aws eks get-token\`` : `kubeconfig context ${c.context} (cluster ${c.name})`],
        ["AWS account", `${acct.allowedAccountIds?.length ? `only ${acct.allowedAccountIds.join(", ")}` : "any the credentials reach (AWS_ACCOUNT_ID or aws:allowedAccountIds would lock it)"}; profile ${acct.profile ?? "(default credential chain)"}`],
    ];
    const fed = plan.outputs as { identityProviders?: Record<string, { type: string }>; localUsers?: boolean; signInStraightTo?: string };
    if (fed.identityProviders) {
        const names = Object.entries(fed.identityProviders).map(([n, p]) => `${n} (${p.type.toUpperCase()})`).join(", ");
        rows.push(["Sign-in", `${fed.localUsers === false ? "" : "the pool's own users, and "}${names}${fed.signInStraightTo ? `: the login goes straight to ${fed.signInStraightTo}` : ": chosen on Cognito's page"}`]);
    }
    rows.push(["Who signs in", whoMaySignIn(plan)]);
    rows.push(...signInRows(plan));
    if (plan.alb) rows.push(["ALB", albLine(plan.alb)]);
    return ["Decision", ...rows.flatMap(([k, v]) => wrap(v, `  ${k.padEnd(15)} `, " ".repeat(18)))];
}

function problems(plan: Plan): string[] {
    const f = plan.specs.findings;
    const count = plan.fixFirst.length + plan.warnings.length + f.length;
    if (!count) return wrap(`Problems: none (${plan.specs.summary}).`);
    const out = [`Problems (${count})`];
    if (f.length) out.push("  SPEC VIOLATIONS — pulumi up would fail on these; nothing here can be deployed as is:", ...f.flatMap((x) => wrap(`[${x.spec}] ${formatFinding(x)}`, "  - ", "    ")));
    if (plan.fixFirst.length) out.push("  FIX FIRST — pulumi up refuses to deploy while these documentation examples remain:", ...plan.fixFirst.flatMap((x) => wrap(x, "  - ", "    ")));
    if (plan.warnings.length) out.push("  Warnings:", ...plan.warnings.flatMap((x) => wrap(x, "  - ", "    ")));
    if (!f.length) out.push(...wrap(`Specs: ${plan.specs.summary}: no violations.`, "  "));
    return out;
}

function doors(plan: Plan): string[] {
    const d = (plan.outputs.doors ?? []) as { host: string; path: string; pathType: string; access: string; backend: string; ingress: string }[];
    if (!d.length) return [];
    const match = (t: string) => (t === "Exact" ? "exact" : t === "Prefix" ? "and below" : "pattern");
    // Rules of different hosts never compete, so each host's doors are listed together, in the ALB's order.
    const hosts = [...new Set(d.map((x) => x.host))];
    return ["", "Doors, in the order the ALB evaluates them (login: to sign-in; 401: no redirect; public: no login; bearer: a token):",
        ...hosts.flatMap((h) => [`  ${h}`, ...table(["PATH", "MATCH", "ACCESS", "BACKEND", "INGRESS"], d.filter((x) => x.host === h).map((x) => [x.path, match(x.pathType), x.access, x.backend, x.ingress]),
            ([path, m, access, backend, ingress]) => `${path} (${m}): ${access} → ${backend} [${ingress}]`, "    ")])];
}

function creates(plan: Plan): string[] {
    const total = plan.creates.reduce((n, k) => n + k.names.length, 0);
    const width = Math.max(...plan.creates.map((k) => k.label.length));
    return ["", `Will create ${total} resource(s):`, ...plan.creates.flatMap((k) => wrap(list(k.names, 8), `  ${String(k.names.length).padStart(3)}  ${k.label.padEnd(width)}  `, " ".repeat(width + 9))), ...kept(plan)];
}

/** Every entry whole: one line of what per thing kept, and why (docs/destroy.md has how to remove each). */
function kept(plan: Plan): string[] {
    const { resources, outsideState } = plan.keptByDestroy;
    if (!resources.length && !outsideState.length) return ["", "Kept by `pulumi destroy`: nothing; it deletes all it creates."];
    return ["", "Kept by `pulumi destroy` (docs/destroy.md says why, and how to remove each):",
        ...resources.flatMap((k) => wrap(`${k.what}: ${k.names.join(", ")}`, "  - ", "    ")),
        ...outsideState.flatMap((k) => wrap(`${k.what}, when ${k.when} (outside the stack's state)`, "  - ", "    "))];
}

/** `label: first` then the others aligned under it, one per line (URIs to copy, not prose to read). */
const lines = (label: string, values: string[]): string[] => {
    const column = label ? 31 : 4;
    // URLs are never broken: when one is too long for the column, every value gets a line of its own under the label.
    if (values.every((v) => column + v.length <= WIDTH)) return values.map((v, n) => `    ${(n || !label ? "" : `${label}:`).padEnd(column - 4)}${v}`);
    return [...(label ? [`    ${label}:`] : []), ...values.map((v) => `      ${v}`)];
};

function after(plan: Plan): string[] {
    const a = plan.afterDeploy;
    const out = ["", "After `pulumi up`"];
    const mine = a.dns.filter((d) => d.managedBy === "you");
    if (mine.length) {
        out.push(...wrap("DNS: create these records, pointing at the ALB (`pulumi stack output` shows its name once it exists):", "  "));
        out.push(...table(["NAME", "TYPE", "VALUE"], mine.map((d) => [d.name, d.type, d.value]), ([n, t, v]) => `${n} ${t} ${v}`, "    "));
        if (mine.some((d) => d.type === "ALIAS")) out.push(...wrap("ALIAS: DNS allows no CNAME at a zone apex; use your provider's ALIAS/ANAME (or a Route 53 alias A record) to the ALB's name.", "    "));
    }
    for (const by of ["route53", "external-dns"] as const) {
        const names = a.dns.filter((d) => d.managedBy === by).map((d) => d.name);
        if (names.length) out.push(...wrap(`DNS: ${by === "route53" ? "this stack creates alias A records in Route 53" : "ExternalDNS creates the records from the Ingress"} for ${list(names, 10)}; nothing to do.`, "  "));
    }
    if (a.certificate) out.push(...wrap(`Certificate: ${a.certificate.arn} must cover ${a.certificate.mustCover.join(", ")} (its domain name or a subject alternative name; a wildcard covers one label).`, "  "));
    if (a.idp) {
        out.push("  Identity provider: register these with its client for this console:", ...lines("redirect URIs", a.idp.redirectUris));
        if (a.idp.postLogoutRedirectUris.length) out.push(...lines("post-logout redirect URIs", a.idp.postLogoutRedirectUris));
    }
    for (const [name, p] of Object.entries(a.providers ?? {})) {
        out.push(`  Identity provider ${name} (${p.type.toUpperCase()}): its administrator registers, for this pool:`);
        if (p.type === "saml") {
            out.push(...lines("ACS URL", [p.acsUrl!]), ...lines("entity ID (audience)", [p.entityId!]));
            if (p.singleLogoutUrl) out.push(...lines("single logout URL", [p.singleLogoutUrl]), ...wrap("(both HTTP-POST); for single logout it trusts the pool's signing certificate (`pulumi stack output samlSigningCertificate`).", "    "));
            else out.push("    (HTTP-POST)");
        } else {
            out.push(...lines("redirect URI", [p.redirectUri!]));
            if (p.postLogoutRedirectUris?.length) out.push(...lines("post-logout redirect URIs", p.postLogoutRedirectUris));
        }
    }
    const ad = (plan.outputs as { authDomain?: AuthDomainShown }).authDomain;
    if (ad && !ad.certificateArn.startsWith("<")) out.push(...wrap(`Sign-in domain certificate: ${ad.certificateArn} (us-east-1) must cover ${ad.name}; Cognito refuses the domain otherwise.`, "  "));
    if (ad?.record.managedBy === "you") {
        out.push(...wrap(`Sign-in domain: create ${ad.record.name} CNAME to the domain's CloudFront distribution (\`pulumi stack output authDomain\` shows it once the domain exists); ` +
            "the next pulumi up then moves sign-in to it.", "  "));
    }
    out.push(...machineLines(plan));
    if (a.signOut.length) out.push(`  Sign-out: link ${a.signOut.length > 1 ? "each site's \"Sign out\" to its URL" : "the console's \"Sign out\" to"}:`, ...lines("", a.signOut.map((x) => x.url)));
    if (a.users && (plan.outputs as { localUsers?: boolean }).localUsers === false) out.push(...wrap("Users: everyone signs in through the identity providers; the pool has no password page (localUsers false).", "  "));
    else if (a.users) {
        const who = a.users.invited.length ? `Cognito e-mails an invitation to ${list(a.users.invited, 10)}; removing an address from users signs that user out everywhere, then deletes them, at the next update.` : "no users are invited (users is empty).";
        out.push(...wrap(`Users: ${who}`, "  "));
        if (a.users.existingPool && a.users.invited.length) {
            out.push(...wrap(`If they were in another pool until now (the stack's own, or another userPoolId), this pulumi up signs them out and deletes them there, and invites them ` +
                `anew in ${a.users.existingPool}: each gets a new temporary password and sets up MFA again (docs/day-2.md, "Moving between pools").`, "  "));
        }
        if (a.users.createUserCommand) out.push(...wrap(`To add one by hand: ${a.users.createUserCommand}`, "  ", "    "));
    }
    return out.length > 2 ? out : [];
}

export function renderText(plan: Plan, opts: { manifests?: boolean } = {}): string {
    const values = plan.valuesFile && !plan.valuesFile.startsWith("none") ? `values file ${plan.valuesFile}` : "no values file";
    const source = [plan.stackFile ?? `no Pulumi.${plan.stack}.yaml`, values].join(", ");
    const out = [...wrap(`mdai-cognito plan for stack ${plan.stack} (${source}); nothing is deployed.`), "", ...decision(plan), "", ...problems(plan), ...doors(plan), ...creates(plan)];
    out.push("", "Read from the cluster before anything is created:", ...(plan.reads.length ? plan.reads.flatMap((r) => wrap(`${r.type} ${r.id}: ${r.check}`, "  - ", "    ")) : ["  (nothing)"]));
    out.push(...after(plan));
    if (opts.manifests) {
        out.push("", "Kubernetes manifests (Secret values redacted):");
        for (const m of plan.manifests) out.push("---", YAML.stringify(m, { lineWidth: 0 }).trimEnd());
    } else {
        out.push("", `Manifests: ${plan.manifests.length} Kubernetes object(s); print them with --manifests, or write them with --out DIR.`);
    }
    return out.join("\n") + "\n";
}

/** How a machine client gets a token and calls a bearer path: a copy-paste pair, values quoted; and what it costs. */
function machineLines(plan: Plan): string[] {
    const o = plan.outputs as { machineClients?: Record<string, { scopes: string[] }>; machineTokenUrl?: string; doors?: { host: string; path: string; access: string }[] };
    if (!o.machineClients || !o.machineTokenUrl) return [];
    const [name, c] = Object.entries(o.machineClients)[0];
    const door = (o.doors ?? []).find((d) => d.access.startsWith("bearer"));
    const out = [...wrap(`Machine clients (${Object.keys(o.machineClients).join(", ")}): each gets an access token with its id and secret ` +
        "(`pulumi stack output machineClients`; `pulumi stack output --show-secrets machineClientSecrets`), and calls a bearer path with it, e.g.:", "  ")];
    out.push(`    TOKEN=$(curl -s -u "$CLIENT_ID:$CLIENT_SECRET" -d grant_type=client_credentials -d ${shellQuote(`scope=${c.scopes.join(" ")}`)} \\`,
        `      ${shellQuote(o.machineTokenUrl)} | jq -r .access_token)   # ${name}`);
    if (door) out.push(`    curl -H "Authorization: Bearer $TOKEN" ${shellQuote(`https://${door.host}${door.path}`)}`);
    out.push(...wrap("Cognito bills machine-to-machine tokens per client and per token request, with no free tier: have each client keep its token until it expires " +
        "(60 minutes) rather than ask for one per call (docs/machines.md). The allowed-groups gate does not see these grants: the scopes decide.", "  "));
    return out;
}
