import { expect } from "chai";
import * as fc from "fast-check";
import { checkDoorPath } from "../config/rules";
import { TRAVERSAL_PATTERNS } from "../components/routes";
import { IngressObject, evaluate, glob } from "./albModel";
import { EXTERNAL_IDP, RunOptions, baseConfig, reveal, runStack, runStackFailure } from "./harness";

const INGRESS = "kubernetes:networking.k8s.io/v1:Ingress";
const doors = { publicPaths: '["/healthz","/static"]', apiPaths: '["/api"]' };
const MODES: [string, RunOptions][] = [
    ["cognito", { config: { ...baseConfig(), ...doors } }],
    ["oidc with the pool", { config: { ...baseConfig("ap-southeast-7"), ...doors } }],
    ["external IdP", { config: { ...baseConfig(), ...doors, userPoolDomain: "", oidc: JSON.stringify(EXTERNAL_IDP) }, secretKeys: ["oidc"] }],
];

/** Requests that start under a door but may resolve elsewhere in a backend that normalises the path. */
const HOSTILE = [
    "/healthz/../admin", "/healthz/..", "/healthz/../", "/static/../../etc/passwd", "/static/a/../../admin", "/api/../admin", "/api/v1/../../admin",
    "/healthz/%2e%2e/admin", "/healthz/%2E%2E/admin", "/healthz/%2e%2E/admin", "/healthz/%2E%2e/admin", "/static/.%2e/admin", "/static/.%2E/admin",
    "/static/%2e./admin", "/static/%2E./admin", "/static/..%2fadmin", "/static/..%2Fadmin", "/static/..%5cadmin", "/static/..\\admin", "/static/..;/admin",
    "/static/%2e%2e%2fadmin", "/static/%2E%2E%2Fadmin", "/healthz/./admin", "/static/x/.", "/api/%2e%2e/admin",
    // Encodings a backend that decodes twice, or differently, turns into dots (issue 25, item 11).
    "/static/%252e%252e/admin", "/static/%252E%252E/admin", "/static/%252e%252E%252fadmin", "/api/%252e%252e%252f%252e%252e%252fadmin",
    "/static/%c0%ae%c0%ae/admin", "/static/%C0%AE%C0%AE/admin", "/static/%c0%ae./admin", "/healthz/%u002e%u002e/admin", "/healthz/%u002E%u002E%u002fadmin",
    "/static/%ef%bc%8e%ef%bc%8e/admin", "/static/%EF%BC%8E%EF%BC%8E/admin",
];

/** What the guard cannot tell from an ordinary name, documented in docs/security.md ("Path normalisation"): these reach the door. */
const UNCOVERED = ["/static/\\.%2e\\admin", "/static/\\%2e.\\admin", "/static/%C0%ae%c0%AE/admin", "/static/%U002e%U002e/admin", "/static/%e0%80%ae%e0%80%ae/admin"];

/** Hashed asset names (hex, base36, base64url), as bundlers write them: none may match a guard pattern. */
function assetNames(): string[] {
    let seed = 7;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const pick = (alphabet: string, n: number) => Array.from({ length: n }, () => alphabet[Math.floor(rnd() * alphabet.length)]).join("");
    const out: string[] = [];
    for (let i = 0; i < 3000; i++) {
        const alphabet = ["0123456789abcdef", "0123456789abcdefghijklmnopqrstuvwxyz", "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"][i % 3];
        out.push(`/static/${["main", "vendor", "chunk-" + pick("0123456789", 3)][i % 3]}.${pick(alphabet, 8 + (i % 13))}.${["js", "css", "woff2", "map"][i % 4]}`);
    }
    return out;
}
/** What the doors are for: they must stay open (or 401) exactly as configured. */
const BENIGN: [string, "public" | "401"][] = [
    ["/healthz", "public"], ["/healthz/live", "public"], ["/static/app.2e4f9c.js", "public"], ["/static/main.22e4.css", "public"], ["/static/.well-known/x", "public"],
    ["/static/v1.2/app.js", "public"], ["/api", "401"], ["/api/v1/items", "401"],
];

describe("no door leads elsewhere: dot segments and encoded dots under a public or 401 prefix go to the login", () => {
    /* eslint-disable @typescript-eslint/no-require-imports */
    for (const [mode, opts] of MODES) {
        it(`in ${mode} mode, on the rules as the ALB evaluates them`, async () => {
            const r = await runStack(opts);
            const rules = r.ofType(INGRESS).map((x) => reveal(x.inputs) as IngressObject);
            for (const path of HOSTILE) expect(evaluate(rules, "mdai.example.com", path)?.access, path).to.equal("login");
            for (const [path, access] of BENIGN) expect(evaluate(rules, "mdai.example.com", path)?.access, path).to.equal(access);
        });
    }

    it("keeps hashed asset names public: at most 1 in 1,000 matches a guard pattern (and then asks for the login, which a signed-in browser has)", async () => {
        const r = await runStack(MODES[0][1]);
        const rules = r.ofType(INGRESS).map((x) => reveal(x.inputs) as IngressObject);
        const names = assetNames();
        const blocked = names.filter((p) => evaluate(rules, "mdai.example.com", p)?.access !== "public");
        expect(blocked.length, blocked.join(", ")).to.be.at.most(names.length / 1000);
        // The patterns added for double, overlong, %u and full-width encodings match none of them.
        const added = TRAVERSAL_PATTERNS.slice(TRAVERSAL_PATTERNS.indexOf("/*?252??252?*"));
        expect(names.filter((n) => added.some((p) => glob(p).test(n)))).to.deep.equal([]);
    });

    it("lets through what the guard cannot tell from an ordinary name, as docs/security.md says", async () => {
        const r = await runStack(MODES[0][1]);
        const rules = r.ofType(INGRESS).map((x) => reveal(x.inputs) as IngressObject);
        for (const path of UNCOVERED) expect(evaluate(rules, "mdai.example.com", path)?.access, path).to.equal("public");
        const doc = require("fs").readFileSync(require("path").join(__dirname, "..", "docs", "security.md"), "utf8") as string;
        for (const form of ["\\.%2e\\", "%C0%ae", "%U002e", "%e0%80%ae"]) expect(doc, form).to.contain(form);
    });

    it("adds no guard where no door opens without the login", async () => {
        const r = await runStack({ config: baseConfig() });
        expect(r.ofType(INGRESS).map((x) => x.inputs.metadata.name)).to.not.include("ui-alb-ingress-guard");
    });

    it("refuses configured paths with . or .. segments, plain or encoded, suggesting no path it would resolve to (that could open another one)", async () => {
        for (const bad of ["/static/../healthz", "/a/./b", "/..", "/healthz/../admin", "/healthz/%2e%2e/admin", "/static/.%2E/admin"]) {
            const c = checkDoorPath(bad)!;
            expect(c.wrong, bad).to.match(/a \. or \.\. segment|an encoded dot/);
            expect(c.fix, bad).to.equal("Write the prefix itself, as a browser requests it, without . or .. segments.");
        }
        const f = await runStackFailure({ config: { ...baseConfig(), publicPaths: '["/static/../admin"]' } });
        expect(f.error.message).to.contain("mdai-cognito:publicPaths[0]").and.contain("a . or .. segment");
        expect(f.resources).to.deep.equal([]);
    });

    it("suggests only paths that pass, and never one reached by resolving a dot segment or from inside a wildcard (property)", () => {
        const token = fc.constantFrom("healthz", "admin", "static", "..", ".", "%2e", "%2E", "%2f", "*", " ", "", "a*b", "%20", "~x");
        fc.assert(fc.property(fc.array(token, { minLength: 1, maxLength: 6 }), fc.boolean(), (segs, lead) => {
            const v = `${lead ? "/" : ""}${segs.join("/")}`;
            const c = checkDoorPath(v);
            const suggested = c && /^Use "([^"]+)"\.$/.exec(c.fix)?.[1];
            if (!suggested) return;
            expect(checkDoorPath(suggested), `${v} → ${suggested}`).to.equal(undefined);
            // Dot segments, even decoded or once stripped of what a path may not hold, leave nothing to suggest.
            const decoded = (() => { try { return decodeURIComponent(v); } catch { return v; } })();
            expect(decoded.replace(/[^A-Za-z0-9._~/*-]/g, "").split("/").some((x) => x === "." || x === ".."), `${v} → ${suggested}`).to.equal(false);
            expect(/\*./.test(decoded), `${v} → ${suggested}`).to.equal(false);
        }), { numRuns: 2000, seed: 20261204 });
    });
});
