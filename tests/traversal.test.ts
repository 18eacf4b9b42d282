import { expect } from "chai";
import { checkDoorPath } from "../config/rules";
import { IngressObject, evaluate } from "./albModel";
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
];
/** What the doors are for: they must stay open (or 401) exactly as configured. */
const BENIGN: [string, "public" | "401"][] = [
    ["/healthz", "public"], ["/healthz/live", "public"], ["/static/app.2e4f9c.js", "public"], ["/static/main.22e4.css", "public"], ["/static/.well-known/x", "public"],
    ["/static/v1.2/app.js", "public"], ["/api", "401"], ["/api/v1/items", "401"],
];

describe("no door leads elsewhere: dot segments and encoded dots under a public or 401 prefix go to the login", () => {
    for (const [mode, opts] of MODES) {
        it(`in ${mode} mode, on the rules as the ALB evaluates them`, async () => {
            const r = await runStack(opts);
            const rules = r.ofType(INGRESS).map((x) => reveal(x.inputs) as IngressObject);
            for (const path of HOSTILE) expect(evaluate(rules, "mdai.example.com", path)?.access, path).to.equal("login");
            for (const [path, access] of BENIGN) expect(evaluate(rules, "mdai.example.com", path)?.access, path).to.equal(access);
        });
    }

    it("adds no guard where no door opens without the login", async () => {
        const r = await runStack({ config: baseConfig() });
        expect(r.ofType(INGRESS).map((x) => x.inputs.metadata.name)).to.not.include("ui-alb-ingress-guard");
    });

    it("refuses configured paths with . or .. segments, suggesting a path the same check accepts", async () => {
        for (const [bad, resolved] of [["/static/../healthz", "/healthz"], ["/a/./b", "/a/b"], ["/..", undefined]] as const) {
            const c = checkDoorPath(bad)!;
            expect(c.wrong, bad).to.contain("a . or .. segment");
            const suggested = /"([^"]+)"/.exec(c.fix)![1];
            if (resolved) expect(suggested).to.equal(resolved);
            expect(checkDoorPath(suggested), `the fix ${suggested} passes`).to.equal(undefined);
        }
        const f = await runStackFailure({ config: { ...baseConfig(), publicPaths: '["/static/../admin"]' } });
        expect(f.error.message).to.contain("mdai-cognito:publicPaths[0]").and.contain("a . or .. segment");
        expect(f.resources).to.deep.equal([]);
    });
});
