import { expect } from "chai";
import { ConfigError } from "../config/errors";
import { renderText } from "../scripts/planText";
import { buildPlan } from "../scripts/planReport";
import { EXTERNAL_IDP, baseConfig, reveal, runStack, validateOnly } from "./harness";

const GRAFANA = { name: "grafana", hostname: "grafana.example.com", serviceName: "grafana", servicePort: "http", namespace: "monitoring", apiPaths: ["/api"] };
const PROMETHEUS = { name: "prometheus", hostname: "prometheus.example.com", serviceName: "prometheus", servicePort: "http", namespace: "monitoring" };
const GROUPS = JSON.stringify({ operators: ["alice@acme.io"], "grafana-users": ["bob@acme.io"] });
const config = (over: Record<string, string> = {}) => ({
    ...baseConfig(), users: '["alice@acme.io","bob@acme.io"]', groups: GROUPS, allowedGroups: '["operators"]',
    apps: JSON.stringify([{ ...GRAFANA, allowedGroups: ["grafana-users"] }, PROMETHEUS]), ...over,
});
const ANN = "alb.ingress.kubernetes.io/";
const OWN_ID = "mockclientidmdaiappclientgrafana";

describe("apps[n].allowedGroups: an app of its own audience behind the same ALB", () => {
    it("gives the app a client of its own, which its host signs in with and the gate keys its list by", async () => {
        const r = await runStack({ config: config() });
        const clients = r.ofType("aws:cognito/userPoolClient:UserPoolClient").map((c) => c.inputs).sort((a, b) => a.name.localeCompare(b.name));
        expect(clients.map((c) => [c.name, c.callbackUrls, c.logoutUrls])).to.deep.equal([
            ["mdai-app-client", ["https://mdai.example.com/oauth2/idpresponse", "https://prometheus.example.com/oauth2/idpresponse"],
                ["https://mdai.example.com/_mdai/sign-out/done", "https://prometheus.example.com/_mdai/sign-out/done"]],
            ["mdai-app-client-grafana", ["https://grafana.example.com/oauth2/idpresponse"], ["https://grafana.example.com/_mdai/sign-out/done"]],
        ]);
        // Same settings for both: only the name and the URLs differ.
        const { name: _a, callbackUrls: _b, logoutUrls: _c, ...shared } = clients[0];
        expect(clients[1]).to.deep.include(shared);

        const fn = r.ofType("aws:lambda/function:Function").find((f) => f.name.startsWith("mdai-allowed-groups-gate"))!;
        expect(JSON.parse((reveal(fn.inputs.environment) as { variables: { ALLOWED_GROUPS: string } }).variables.ALLOWED_GROUPS))
            .to.deep.equal({ "*": ["operators"], shared: "mdai-app-client", clients: { "mdai-app-client-grafana": ["grafana-users"] } });
        const listing = r.ofType("aws:iam/rolePolicy:RolePolicy").find((p) => p.name === "mdai-allowed-groups-gate-list-clients")!;
        expect(JSON.parse(listing.inputs.policy).Statement).to.deep.equal([{ Effect: "Allow", Action: ["cognito-idp:ListUserPoolClients"],
            Resource: "arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_MockPool1" }]);

        const clientOf = (suffix: string) => JSON.parse(r.ingress(suffix).inputs.metadata.annotations[`${ANN}auth-idp-cognito`]).userPoolClientID;
        expect(["", "-grafana", "-grafana-api", "-prometheus"].map(clientOf)).to.deep.equal(["mockclientid0123456789abcd", OWN_ID, OWN_ID, "mockclientid0123456789abcd"]);
        const conf = r.ofType("kubernetes:core/v1:ConfigMap").find((c) => c.inputs.metadata.namespace === "monitoring")!.inputs.data["nginx.conf"] as string;
        expect(conf).to.contain(`logout?client_id=${OWN_ID}&logout_uri=https%3A%2F%2Fgrafana.example.com%2F_mdai%2Fsign-out%2Fdone`)
            .and.contain("logout?client_id=mockclientid0123456789abcd&logout_uri=https%3A%2F%2Fprometheus.example.com");
        const apps = r.outputs.apps as Record<string, { allowedGroups?: string[]; clientId?: string }>;
        expect(apps.grafana.allowedGroups).to.deep.equal(["grafana-users"]);
        expect(apps.grafana.clientId, "the client the ALB names in x-amzn-oidc-data, for the app to check").to.equal(OWN_ID);
        expect(apps.prometheus).not.to.have.property("allowedGroups");
        expect(r.logs.map((l) => l.message)).to.include("apps grafana: an app client of its own, and only members of grafana-users get tokens for it (its allowedGroups).");
    });

    it("gives each client a session cookie of its own: a console session copied to the app's host is no session there", async () => {
        for (const region of ["us-east-1", "ap-southeast-7"]) {
            const r = await runStack({ config: { ...config(), ...baseConfig(region), users: config().users, groups: GROUPS, allowedGroups: '["operators"]', apps: config().apps } });
            const cookieOf = (suffix: string) => r.ingress(suffix).inputs.metadata.annotations[`${ANN}auth-session-cookie`];
            // The app's login and 401 members share its client's cookie; the shared client keeps the controller's default.
            expect(["", "-grafana", "-grafana-api", "-prometheus"].map(cookieOf), region).to.deep.equal(["AWSELBAuthSessionCookie", "AWSELBAuthSessionCookie-grafana",
                "AWSELBAuthSessionCookie-grafana", "AWSELBAuthSessionCookie"]);
            // The sign-out server expires, on each host, the shards of the cookie that host's login uses.
            const conf = r.ofType("kubernetes:core/v1:ConfigMap").find((c) => c.inputs.metadata.namespace === "monitoring")!.inputs.data["nginx.conf"] as string;
            const expired = (host: string) => [...conf.split(`server_name ${host};`)[1].split("    }\n")[0].matchAll(/Set-Cookie "([^=]+)=/g)].map((m) => m[1]);
            expect(expired("grafana.example.com"), region).to.deep.equal([0, 1, 2, 3].map((i) => `AWSELBAuthSessionCookie-grafana-${i}`));
            expect(expired("prometheus.example.com"), region).to.deep.equal([0, 1, 2, 3].map((i) => `AWSELBAuthSessionCookie-${i}`));
        }
    });

    it("through Cognito's OIDC endpoints, puts the app's client in a Secret of its own that only the controller may read", async () => {
        const r = await runStack({ config: { ...config(), ...baseConfig("ap-southeast-7"), users: config().users, groups: GROUPS, allowedGroups: '["operators"]', apps: config().apps } });
        expect(r.outputs.authMode).to.equal("oidc");
        const secrets = r.ofType("kubernetes:core/v1:Secret").map((x) => [`${x.inputs.metadata.namespace}/${x.inputs.metadata.name}`, (reveal(x.inputs.stringData) as { clientID: string }).clientID]);
        expect(secrets.sort()).to.deep.equal([["default/ui-alb-ingress-oidc", "mockclientid0123456789abcd"], ["monitoring/grafana-alb-ingress-oidc", OWN_ID],
            ["monitoring/ui-alb-ingress-oidc", "mockclientid0123456789abcd"]]);
        const role = r.ofType("kubernetes:rbac.authorization.k8s.io/v1:Role").find((x) => x.inputs.metadata.namespace === "monitoring")!;
        expect(role.inputs.rules[0].resourceNames).to.deep.equal(["ui-alb-ingress-oidc", "grafana-alb-ingress-oidc"]);
        const secretOf = (suffix: string) => JSON.parse(r.ingress(suffix).inputs.metadata.annotations[`${ANN}auth-idp-oidc`]).secretName;
        expect(["", "-grafana", "-prometheus"].map(secretOf)).to.deep.equal(["ui-alb-ingress-oidc", "grafana-alb-ingress-oidc", "ui-alb-ingress-oidc"]);
    });

    it("says in the plan who may sign in where", async () => {
        const r = await runStack({ config: config() });
        const plan = buildPlan("dev", "Pulumi.dev.yaml", r);
        expect(plan.specs.findings).to.deep.equal([]);
        expect(renderText(plan).replace(/\s+/g, " ")).to.contain("Who signs in members of operators: the pool refuses tokens to everyone else, at sign-in and at every refresh; " +
            "on grafana.example.com members of grafana-users instead (an app client of its own)");
    });

    it("warns when an app's list is empty: everyone in the pool may use it", () => {
        const s = validateOnly({ config: config({ apps: JSON.stringify([{ ...GRAFANA, allowedGroups: [] }]) }) });
        expect(s.access.appAllowedGroups).to.deep.equal({ grafana: [] });
        expect(s.warnings).to.include("apps[0].allowedGroups is empty: every user of the pool may sign in to grafana.example.com, while allowedGroups limits the other hosts to operators. " +
            "Remove it (`pulumi config rm --path 'apps[0].allowedGroups'`) for the stack's allowedGroups, or list the groups that may use grafana.");
    });

    const refused: [string, Record<string, string>, string, string][] = [
        ["a group groups does not declare", config({ apps: JSON.stringify([{ ...GRAFANA, allowedGroups: ["grafana-admins"] }]) }), "mdai-cognito:apps[0].allowedGroups[0]",
            "groups does not declare it"],
        ["a list that is not one", config({ apps: JSON.stringify([{ ...GRAFANA, allowedGroups: "grafana-users" }]) }), "mdai-cognito:apps[0].allowedGroups", "it is a list of group names"],
        ["an external IdP", { ...baseConfig(), userPoolDomain: "", oidc: JSON.stringify(EXTERNAL_IDP), apps: JSON.stringify([{ ...GRAFANA, allowedGroups: ["x"] }]) },
            "mdai-cognito:apps[0].allowedGroups", "`pulumi config rm --path 'apps[0].allowedGroups'`"],
        ["an existing pool", { ...config(), allowedGroups: "[]", userPoolDomain: "", userPoolId: "us-east-1_Installer1" }, "mdai-cognito:apps[0].allowedGroups",
            "userPoolId names an existing pool"],
    ];
    for (const [what, cfg, key, message] of refused) {
        it(`refuses ${what} before anything is created`, () => {
            let err: unknown;
            try { validateOnly({ config: cfg, secretKeys: cfg.oidc ? ["oidc"] : [] }); } catch (e) { err = e; }
            expect(err).to.be.instanceOf(ConfigError);
            const p = (err as ConfigError).problems.find((x) => x.key === key);
            expect(p, (err as Error).message).to.not.equal(undefined);
            expect(p!.message).to.contain(message);
        });
    }
});
