/**
 * The sign-out server, exercised: Debian's nginx runs the exact nginx.conf the program puts in
 * its ConfigMap — only the listen address and the pid file are moved to a free port and a temp
 * directory, so that the test needs no root and no fixed port — and real HTTP requests check
 * what a browser gets. `.ci/run` installs nginx; without it the test skips locally, never in CI.
 */
import { expect } from "chai";
import { ChildProcess, execFileSync, spawn } from "child_process";
import * as fs from "fs";
import * as http from "http";
import * as net from "net";
import * as os from "os";
import * as path from "path";
import { SESSION_COOKIE } from "../components/annotations";
import { SESSION_COOKIE_SHARDS, SIGN_OUT_PORT } from "../components/nginxConf";
import { baseConfig, runStack } from "./harness";

function findNginx(): string | undefined {
    for (const p of ["/usr/sbin/nginx", "/usr/bin/nginx"]) if (fs.existsSync(p)) return p;
    try {
        return execFileSync("sh", ["-c", "command -v nginx"], { encoding: "utf8" }).trim() || undefined;
    } catch {
        return undefined;
    }
}

const freePort = () => new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
        const { port } = s.address() as net.AddressInfo;
        s.close(() => resolve(port));
    });
});

interface Reply {
    status: number;
    headers: http.IncomingHttpHeaders;
    body: string;
}

const get = (port: number, p: string, cookie?: string, host = "mdai.example.com") => new Promise<Reply>((resolve, reject) => {
    const req = http.get({ host: "127.0.0.1", port, path: p, headers: { host, ...(cookie ? { cookie } : {}) } }, (res) => {
        let body = "";
        res.on("data", (c) => (body += c));
        res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on("error", reject);
});

async function waitUntilUp(port: number, proc: ChildProcess, log: () => string): Promise<void> {
    for (let i = 0; i < 100; i++) {
        if (proc.exitCode !== null) throw new Error(`nginx exited ${proc.exitCode}: ${log()}`);
        try {
            await get(port, "/healthz", undefined, "10.0.0.1:8080");
            return;
        } catch {
            await new Promise((r) => setTimeout(r, 50));
        }
    }
    throw new Error(`nginx did not answer: ${log()}`);
}

describe("the sign-out server under real nginx", function () {
    this.timeout(30000);
    const nginx = findNginx();
    let proc: ChildProcess | undefined;
    let port = 0;
    let stderr = "";
    const logout = "https://mdai-login-test.auth.us-east-1.amazoncognito.com/logout?client_id=mockclientid0123456789abcd&logout_uri=https%3A%2F%2Fmdai.example.com%2F_mdai%2Fsign-out%2Fdone";

    before(async function () {
        if (!nginx) {
            if (process.env.CI === "true") throw new Error("nginx is not installed, and under CI=true this test must run: .ci/run installs it with apt-get.");
            // eslint-disable-next-line no-console
            console.log("      (skipped: nginx is not installed; `apt-get install nginx` to run it)");
            this.skip();
        }
        // The console and an app with a client (and so a session cookie) of its own, served by one sign-out server.
        const r = await runStack({ config: { ...baseConfig(), users: '["alice@acme.io"]', groups: '{"operators":["alice@acme.io"]}',
            apps: JSON.stringify([{ name: "grafana", hostname: "grafana.example.com", serviceName: "grafana", servicePort: 3000, allowedGroups: ["operators"] }]) } });
        const conf = r.one("kubernetes:core/v1:ConfigMap").inputs.data["nginx.conf"] as string;
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mdai-nginx-"));
        port = await freePort();
        const moved = conf.replaceAll(`listen ${SIGN_OUT_PORT}`, `listen 127.0.0.1:${port}`).replace("pid /tmp/nginx.pid;", `pid ${dir}/nginx.pid;`);
        // Only the listen lines (the default server's, the console's and the app's) and the pid line moved.
        expect(moved.split("\n").filter((l, i) => l !== conf.split("\n")[i])).to.have.length(4);
        fs.writeFileSync(path.join(dir, "nginx.conf"), moved);
        proc = spawn(nginx!, ["-p", dir, "-e", "stderr", "-c", path.join(dir, "nginx.conf"), "-g", "daemon off;"], { stdio: ["ignore", "ignore", "pipe"] });
        proc.stderr!.on("data", (d) => (stderr += d));
        await waitUntilUp(port, proc, () => stderr);
    });

    after(() => proc?.kill("SIGTERM"));

    for (const [what, cookie] of [["without a session", undefined], ["with a sharded session", `${SESSION_COOKIE}-0=abc; ${SESSION_COOKIE}-1=def`]] as const) {
        it(`answers the sign-out path ${what} with 302 to the IdP's logout, expiring every session-cookie shard, not cached`, async () => {
            const r = await get(port, "/_mdai/sign-out", cookie);
            expect(r.status).to.equal(302);
            expect(r.headers.location).to.equal(logout);
            expect(r.headers["cache-control"]).to.equal("no-store");
            const cookies = r.headers["set-cookie"]!;
            expect(cookies.map((c) => c.split("=")[0])).to.deep.equal(Array.from({ length: SESSION_COOKIE_SHARDS }, (_, i) => `${SESSION_COOKIE}-${i}`));
            for (const c of cookies) {
                const [nameValue, ...attrs] = c.split(";").map((x) => x.trim());
                expect(nameValue).to.match(/=$/); // empty value
                expect(attrs).to.include.members(["Path=/", "Secure", "HttpOnly", "Max-Age=0"]);
                const expires = attrs.find((a) => a.startsWith("Expires="))!.slice("Expires=".length);
                expect(Date.parse(expires)).to.be.lessThan(Date.now());
            }
        });
    }

    it("expires, on an app's host with a client of its own, the shards of that client's session cookie (and only those)", async () => {
        const r = await get(port, "/_mdai/sign-out", `${SESSION_COOKIE}-grafana-0=abc`, "grafana.example.com");
        expect(r.status).to.equal(302);
        expect(r.headers.location).to.match(/^https:\/\/mdai-login-test\.auth\.us-east-1\.amazoncognito\.com\/logout\?client_id=mockclientidmdaiappclientgrafana&logout_uri=https%3A%2F%2Fgrafana\.example\.com/);
        expect(r.headers["set-cookie"]!.map((c) => c.split("=")[0])).to.deep.equal(Array.from({ length: SESSION_COOKIE_SHARDS }, (_, i) => `${SESSION_COOKIE}-grafana-${i}`));
    });

    it("serves the signed-out page with a link back to the console, not cached and setting no cookie", async () => {
        const r = await get(port, "/_mdai/sign-out/done");
        expect(r.status).to.equal(200);
        expect(r.headers["content-type"]).to.match(/^text\/html/);
        expect(r.headers["cache-control"]).to.equal("no-store");
        expect(r.headers["set-cookie"]).to.equal(undefined);
        expect(r.body).to.contain("You are signed out").and.contain('<a href="https://mdai.example.com/">Sign in again</a>');
    });

    it("answers its health path for the kubelet and the ALB (any other Host), and nothing useful anywhere else", async () => {
        expect((await get(port, "/healthz", undefined, "10.0.0.1:8080")).status).to.equal(200);
        expect((await get(port, "/healthz")).status).to.equal(404);
        expect((await get(port, "/_mdai/sign-out", undefined, "other.example.com")).status).to.equal(404);
        for (const p of ["/", "/_mdai/sign-out/", "/_mdai/sign-out/x", "/_mdai/Sign-Out", "/index.html", "/oauth2/idpresponse"]) {
            const r = await get(port, p, `${SESSION_COOKIE}-0=abc`);
            expect(r.status, p).to.equal(404);
            expect(r.headers["set-cookie"], p).to.equal(undefined);
            expect(r.headers.location, p).to.equal(undefined);
        }
        expect((await get(port, "/")).headers.server).to.equal("nginx"); // server_tokens off: no version
    });
});
