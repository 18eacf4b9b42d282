import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as YAML from "yaml";
import { makePlan } from "../scripts/plan";
import { WIDTH, renderText, wrap } from "../scripts/planText";
import { EXTERNAL_IDP, certArn } from "./harness";

const ROOT = path.join(__dirname, "..");
const LONG_HOST = "grafana-observability-production.eu-west-1.internal-tools.acme.io";

/** A stack at the edge of what the plan must lay out: an apex host, four apps, long names, an external IdP. */
async function bigPlan() {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mdai-plan-text-"));
    fs.copyFileSync(path.join(ROOT, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
    const app = (name: string, hostname: string, extra = {}) => ({ name, hostname, serviceName: name, servicePort: 3000, ...extra });
    fs.writeFileSync(path.join(dir, "Pulumi.big.yaml"), YAML.stringify({ config: {
        "aws:region": "eu-west-1",
        "mdai-cognito:uiHostname": "acme.io",
        "mdai-cognito:certificateArn": certArn("eu-west-1").replace("123456789012", "210987654321"),
        "mdai-cognito:clusterName": "mdai-production-cluster-with-a-long-name",
        "mdai-cognito:authMode": "oidc",
        "mdai-cognito:namespace": "observability-platform-production",
        "mdai-cognito:publicPaths": ["/healthz", "/static/assets/images/very/long/path/to/something"],
        "mdai-cognito:oidc": { ...EXTERNAL_IDP, endSessionEndpoint: "https://login.example.org/logout", clientSecret: { secure: "v1:cipher" } },
        "mdai-cognito:apps": [app("grafana", LONG_HOST, { namespace: "monitoring-and-observability-tools", publicPaths: ["/api/health"] }),
            app("prometheus", "prometheus.acme.io"), app("alertmanager", "alertmanager.acme.io"), app("loki", "loki.acme.io")],
    } }));
    return makePlan(dir, "big", [], {});
}

describe("the plan's text", () => {
    let text: string;
    before(async () => { text = renderText(await bigPlan()); });

    it(`fits ${WIDTH} columns; only a URL longer than that stands alone on its line`, () => {
        const long = text.split("\n").filter((l) => l.length > WIDTH);
        expect(long.filter((l) => /\S\s+\S/.test(l.trim()))).to.deep.equal([]);
    });

    it("lists every host's DNS record, an ALIAS at the zone apex, and what the given certificate must cover", () => {
        expect(text).to.match(/ {4}acme\.io +ALIAS +<known after deploy/).and.match(/ {4}loki\.acme\.io +CNAME +<known after deploy/);
        expect(text).to.contain("ALIAS: DNS allows no CNAME at a zone apex");
        expect(text).to.match(/Certificate: arn:aws:acm:eu-west-1:210987654321:certificate\/\S+ must cover acme\.io,\s+grafana-observability/);
    });

    it("gives the redirect and post-logout URIs to register with the external IdP, one per line", () => {
        expect(text).to.contain(["  Identity provider: register these with its client for this console:", "    redirect URIs:", "      https://acme.io/oauth2/idpresponse",
            `      https://${LONG_HOST}/oauth2/idpresponse`].join("\n"));
        expect(text).to.contain("    post-logout redirect URIs:\n      https://acme.io/_mdai/sign-out/done");
        expect(text).to.contain("Sign-out: link each site's \"Sign out\" to its URL:\n    https://acme.io/_mdai/sign-out\n");
        expect(text).not.to.contain("Users:").and.not.contain("cipher");
    });

    it("says who may connect and how the ALB is hardened, and which account the stack may touch", () => {
        const flat = text.replace(/\s+/g, " ");
        expect(flat).to.contain("open to the internet").and.contain("drops invalid headers, desync defensive, deletion protection on, no access logs, no WAF");
        expect(text).to.contain("AWS account     any the credentials reach (AWS_ACCOUNT_ID or aws:allowedAccountIds would lock it)");
    });

    it("wraps prose with a hanging indent and never breaks a word", () => {
        const words = Array.from({ length: 60 }, (_, n) => `word${n}`).join(" ");
        const lines = wrap(words, "  - ", "    ");
        expect(lines.every((l) => l.length <= WIDTH)).to.equal(true);
        expect(lines[1].startsWith("    word")).to.equal(true);
        expect(lines.join(" ").replace(/\s+/g, " ").trim()).to.equal(`- ${words}`);
    });
});
