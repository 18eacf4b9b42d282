import { expect } from "chai";
import * as http from "http";
import { JSONWebKeySet, SignJWT, exportJWK, generateKeyPair } from "jose";
import { jwtSupportError } from "../components/clusterReads";
import { checkAws } from "../doctor/checkAws";
import { expectedState } from "../doctor/expected";
import { buildPlan } from "../scripts/planReport";
import { renderText } from "../scripts/planText";
import { JwtValidationConfig, albJwtCheck } from "./albJwt";
import { healthyAws } from "./doctor/fixtures";
import { EXTERNAL_IDP, RunResult, baseConfig, runStack, validateOnly } from "./harness";
import { refusalOf } from "./configRefusal";

const CLIENTS = [{ name: "exporter", scopes: ["metrics.read"] }, { name: "ci", scopes: ["metrics.read", "deploy"] }];
const PATHS = [{ path: "/api/metrics", scopes: ["metrics.read"] }, { path: "/api/deploy", scopes: ["deploy", "metrics.read"] }];
const machines = (clients: unknown = CLIENTS, paths: unknown = PATHS) => ({ machineClients: JSON.stringify(clients), machinePaths: JSON.stringify(paths) });
const refusal = (config: Record<string, string>, secretKeys: string[] = []): string => refusalOf(config, { secretKeys });
const jwtOf = (r: RunResult, path: string): JwtValidationConfig => {
    const ing = r.resources.find((x) => x.type.endsWith(":Ingress") && x.inputs.spec.rules[0].http.paths[0].path === path)!;
    return JSON.parse(ing.inputs.metadata.annotations["alb.ingress.kubernetes.io/jwt-validation"]);
};

describe("machine clients and bearer-token paths: what is refused, each with its key and fix", () => {
    const cases: [string, Record<string, string>, string][] = [
        ["a scope no path uses", machines([{ name: "exporter", scopes: ["metrics.read", "metrics.write"] }], [PATHS[0]]), "machineClients[0].scopes[1] is \"metrics.write\": no machine path asks for this scope"],
        ["a path with a scope no client has", machines([CLIENTS[0]], [{ path: "/api/metrics", scopes: ["metrics.reed"] }]), "no machine client has this scope, so no token could open the path. Did you mean metrics.read?"],
        ["a machine path under a public path", { ...machines([CLIENTS[0]], [PATHS[0]]), publicPaths: '["/api"]' }, "it overlaps /api (publicPaths) on the console's host"],
        ["a machine path over an API path", { ...machines([CLIENTS[0]], [PATHS[0]]), apiPaths: '["/api/metrics/v2"]' }, "it overlaps /api/metrics/v2 (apiPaths)"],
        ["two machine paths that overlap", machines([CLIENTS[0]], [PATHS[0], { path: "/api/metrics/raw", scopes: ["metrics.read"] }]), "it overlaps /api/metrics (another machine path)"],
        ["the whole site", machines([CLIENTS[0]], [{ path: "/", scopes: ["metrics.read"] }]), "/ is the whole site"],
        ["a scope Cognito refuses", machines([{ name: "exporter", scopes: ["metrics read"] }], [{ path: "/api/metrics", scopes: ["metrics read"] }]), 'Use e.g. "metrics-read"'],
        ["a client name Cognito refuses", machines([{ name: "exporter/1", scopes: ["metrics.read"] }], [PATHS[0]]), "machineClients[0].name is \"exporter/1\": Cognito names are 1 to 128 characters"],
        ["a client named like the console's", machines([{ name: "mdai-app-client", scopes: ["metrics.read"] }], [PATHS[0]]), "another app client of the stack has this name"],
        ["a path on an app that does not exist", machines([CLIENTS[0]], [{ ...PATHS[0], app: "grafna" }]), "no app is named grafna"],
        ["more scopes on a path than the ALB checks", machines([{ name: "x-1", scopes: Array.from({ length: 10 }, (_, n) => `s${n}`) }], [{ path: "/api/x", scopes: Array.from({ length: 10 }, (_, n) => `s${n}`) }]), "it is a list of 1 to 9 scope names"],
    ];
    for (const [what, config, message] of cases) it(`refuses ${what}`, () => expect(refusal(config).replace(/\s+/g, " ")).to.contain(message));

    it("refuses machine clients with an external IdP, an existing pool, or authMode none", () => {
        expect(refusal({ ...machines(), userPoolDomain: "", oidc: JSON.stringify(EXTERNAL_IDP) }, ["oidc"])).to.contain("with an external OIDC identity provider the stack has no pool to issue machine tokens");
        expect(refusal({ ...machines(), userPoolId: "us-east-1_Inst4ll3r" })).to.contain("userPoolId names a pool the program never changes, and a resource server is a setting of the pool");
        expect(refusal({ ...machines(), userPoolDomain: "", authMode: "none" })).to.contain("authMode none opens every path to everyone");
    });
});

describe("machine clients and bearer-token paths: what pulumi up creates", () => {
    let r: RunResult;
    before(async () => { r = await runStack({ config: { ...baseConfig(), ...machines() } }); });

    it("creates the resource server and a client per machine with only client_credentials, a secret and exactly its scopes", () => {
        expect(r.one("aws:cognito/resourceServer:ResourceServer").inputs).to.deep.include({ identifier: "mdai",
            scopes: [{ scopeName: "deploy", scopeDescription: "mdai-cognito: deploy" }, { scopeName: "metrics.read", scopeDescription: "mdai-cognito: metrics.read" }] });
        const ci = r.resources.find((x) => x.name === "mdai-machines-ci")!.inputs;
        expect(ci).to.deep.include({ allowedOauthFlows: ["client_credentials"], allowedOauthScopes: ["mdai/metrics.read", "mdai/deploy"], generateSecret: true });
        const o = r.outputs as { machineClients: Record<string, { scopes: string[] }>; machineClientSecrets: Record<string, string> };
        expect(o.machineClients.ci.scopes).to.deep.equal(["mdai/metrics.read", "mdai/deploy"]);
        expect(Object.keys(o.machineClientSecrets)).to.deep.equal(["exporter", "ci"]);
    });

    it("gives each path an Ingress of its own with jwt-validation alone, ordered before the login, and the plan shows how to call it", () => {
        const ing = r.resources.filter((x) => x.type.endsWith(":Ingress") && x.inputs.metadata.annotations["alb.ingress.kubernetes.io/jwt-validation"]);
        expect(ing.map((x) => [x.inputs.metadata.name, x.inputs.metadata.annotations["alb.ingress.kubernetes.io/group.order"], x.inputs.metadata.annotations["alb.ingress.kubernetes.io/auth-type"]]))
            .to.deep.equal([["ui-alb-ingress-machine-0", "250", undefined], ["ui-alb-ingress-machine-1", "251", undefined]]);
        expect(jwtOf(r, "/api/deploy")).to.deep.equal({ jwksEndpoint: "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_MockPool1/.well-known/jwks.json", issuer: "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_MockPool1",
            additionalClaims: [{ format: "single-string", name: "token_use", values: ["access"] }, { format: "space-separated-values", name: "scope", values: ["mdai/deploy"] },
                { format: "space-separated-values", name: "scope", values: ["mdai/metrics.read"] }] });
        const text = renderText(buildPlan("dev", "Pulumi.dev.yaml", r));
        expect(text).to.contain("/api/metrics (and below): bearer token (metrics.read)").and.contain("-d grant_type=client_credentials -d scope=mdai/metrics.read")
            .and.contain('curl -H "Authorization: Bearer $TOKEN" https://mdai.example.com/api/metrics').and.contain("Cognito bills machine-to-machine tokens per client and per token request");
    });

    it("reads the controller's version first: refuses before v2.15.0, a digest alone, and EKS Auto Mode", async () => {
        const spec = (image: string) => ({ template: { spec: { containers: [{ name: "aws-load-balancer-controller", image }] } } });
        expect(jwtSupportError("kube-system/lbc", spec("public.ecr.aws/eks/aws-load-balancer-controller:v2.14.1"), false)?.message).to.contain("the controller runs 2.14.1");
        expect(jwtSupportError("kube-system/lbc", spec("public.ecr.aws/eks/aws-load-balancer-controller@sha256:" + "a".repeat(64)), false)?.message).to.contain("carries no version tag");
        expect(jwtSupportError("kube-system/lbc", spec("x"), true)?.message).to.contain("EKS Auto Mode");
        for (const v of ["v2.15.0", "v2.16.3", "v3.5.0", "v2.15.0@sha256:" + "b".repeat(64)]) expect(jwtSupportError("kube-system/lbc", spec(`public.ecr.aws/eks/aws-load-balancer-controller:${v}`), false), v).to.equal(undefined);
        const old = await runStack({ config: { ...baseConfig(), ...machines(), sessionTimeout: "3601" }, deployments: { "kube-system/aws-load-balancer-controller": spec("registry.k8s.io/aws-load-balancer-controller:v2.13.0") } })
            .then(() => undefined, (e: { error?: Error }) => e.error ?? e);
        expect((old as Error).message).to.contain("the controller runs 2.13.0");
    });

    it("the doctor reports a bearer path whose rule checks no token", async () => {
        const e = expectedState(validateOnly({ config: { ...baseConfig(), ...machines() } }), buildPlan("dev", "Pulumi.dev.yaml", r));
        const live = healthyAws(e);
        expect(checkAws(e, live, Date.parse("2026-11-27T12:00:00Z")).filter((i) => i.state !== "ok")).to.deep.equal([]);
        for (const rule of Object.values(live.rules).flatMap((x) => x as { Actions?: { Type?: string; Order?: number }[] }[])) {
            if (rule.Actions?.[0]?.Type === "jwt-validation") rule.Actions = rule.Actions.slice(1).map((a) => ({ ...a, Order: 1 }));
        }
        const bad = checkAws(e, live, Date.parse("2026-11-27T12:00:00Z")).filter((i) => i.state !== "ok");
        expect(bad.map((i) => i.detail).join()).to.contain("/api/metrics gets public").and.contain("its rule checks no token");
    });
});

describe("the rendered jwt-validation against real tokens (jose, RS256, a JWKS served on 127.0.0.1)", () => {
    let server: http.Server;
    let jwks: JSONWebKeySet;
    let sign: (claims: Record<string, unknown>, opts?: { exp?: number; issuer?: string; key?: "ours" | "other"; alg?: string }) => Promise<string>;
    let config: JwtValidationConfig;
    let served = 0;
    const fetchJwks = async () => {
        const port = (server.address() as { port: number }).port;
        served++;
        return await (await fetch(`http://127.0.0.1:${port}/.well-known/jwks.json`)).json() as JSONWebKeySet;
    };
    before(async () => {
        const r = await runStack({ config: { ...baseConfig(), ...machines() } });
        config = jwtOf(r, "/api/deploy");
        const ours = await generateKeyPair("RS256");
        const other = await generateKeyPair("RS256");
        jwks = { keys: [{ ...(await exportJWK(ours.publicKey)), kid: "ours", alg: "RS256", use: "sig" }] };
        server = http.createServer((_q, res) => { res.setHeader("content-type", "application/json"); res.end(JSON.stringify(jwks)); });
        await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
        const now = Math.floor(Date.now() / 1000);
        sign = (claims, o = {}) => new SignJWT({ ...claims }).setProtectedHeader({ alg: "RS256", kid: "ours" }).setIssuer(o.issuer ?? config.issuer).setIssuedAt(now - 60)
            .setExpirationTime(o.exp ?? now + 3600).sign(o.key === "other" ? other.privateKey : ours.privateKey);
    });
    after(() => server.close());

    // What Cognito puts in a client_credentials access token (no aud).
    const access = (scope: string, client = "ci") => ({ token_use: "access", scope, client_id: client, sub: client, version: 2, jti: "t1" });

    it("admits a token of a client with every scope the path asks for", async () => {
        expect(await albJwtCheck(config, `Bearer ${await sign(access("mdai/metrics.read mdai/deploy"))}`, fetchJwks)).to.deep.equal({ admitted: true });
        expect(served).to.be.at.least(1);
    });

    it("refuses a missing, expired, foreign, re-signed, ID or under-scoped token", async () => {
        const now = Math.floor(Date.now() / 1000);
        const cases: [string, string | undefined][] = [
            ["no header", undefined],
            ["expired", `Bearer ${await sign(access("mdai/metrics.read mdai/deploy"), { exp: now - 10 })}`],
            ["another issuer", `Bearer ${await sign(access("mdai/metrics.read mdai/deploy"), { issuer: "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Other" })}`],
            ["signed with another key", `Bearer ${await sign(access("mdai/metrics.read mdai/deploy"), { key: "other" })}`],
            ["an ID token", `Bearer ${await sign({ ...access("mdai/metrics.read mdai/deploy"), token_use: "id" })}`],
            ["the exporter's token (no deploy scope)", `Bearer ${await sign(access("mdai/metrics.read", "exporter"))}`],
            ["a scope of another resource server", `Bearer ${await sign(access("other/deploy mdai/metrics.read"))}`],
        ];
        for (const [what, header] of cases) expect((await albJwtCheck(config, header, fetchJwks)).admitted, what).to.equal(false);
    });
});
