/**
 * `npm run doctor` end to end, in a process of its own (tests/doctor/endToEnd.spec.ts starts it when the
 * suite loads, so loading @kubernetes/client-node and the AWS SDK runs beside the other tests): a
 * Kubernetes API server on 127.0.0.1 serving the objects as the API does, the AWS SDK clients
 * mocked with aws-sdk-client-mock, DNS answered locally, the probes sent to a server on 127.0.0.1. Prints what the doctor
 * returned, as JSON.
 */
import * as fs from "fs";
import * as http from "http";
import * as os from "os";
import * as path from "path";
import * as YAML from "yaml";
import { mockClient } from "aws-sdk-client-mock";
import { DescribeSecurityGroupsCommand, EC2Client } from "@aws-sdk/client-ec2";
import { ACMClient, DescribeCertificateCommand } from "@aws-sdk/client-acm";
import { CognitoIdentityProviderClient, DescribeManagedLoginBrandingByClientCommand, DescribeUserPoolClientCommand, DescribeUserPoolDomainCommand } from "@aws-sdk/client-cognito-identity-provider";
import {
    DescribeListenerCertificatesCommand, DescribeListenersCommand, DescribeLoadBalancersCommand, DescribeRulesCommand, DescribeTargetHealthCommand, ElasticLoadBalancingV2Client,
} from "@aws-sdk/client-elastic-load-balancing-v2";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { resolveSources } from "../../config/sources";
import { validateSettings } from "../../config/validate";
import { expectedState } from "../../doctor/expected";
import { httpProber, probeUrls } from "../../doctor/net";
import type { KubeEvent, KubeObject } from "../../doctor/types";
import { doctorCommand } from "../../scripts/doctor";
import { makePlan } from "../../scripts/plan";
import { readPlanConfig } from "../../scripts/planConfig";
import { lightenMockRuntime } from "../../scripts/mockEngine";
import { ALB_DNS, MDAI_COGNITO_ERROR, healthyAws, healthyKube } from "./fixtures";

const ROOT = path.join(__dirname, "..", "..");
const CERT = "arn:aws:acm:us-east-1:210987654321:certificate/0b9b5a4e-2f3c-4d1e-9a8b-7c6d5e4f3a2b";

/** A Kubernetes API server: GETs of the paths @kubernetes/client-node asks for, lists filtered by field and label selectors. */
function kubeServer(objects: { ingresses: KubeObject[]; events: KubeEvent[]; ingressClass: KubeObject; services: KubeObject[]; slices: Record<string, KubeObject[]>; deployments: KubeObject[] }, requests: string[]) {
    const list = (kind: string, items: unknown[]) => ({ apiVersion: "v1", kind: `${kind}List`, metadata: { resourceVersion: "1" }, items });
    const byName = (items: KubeObject[], ns: string, name: string) => items.find((i) => i.metadata.name === name && (i.metadata.namespace ?? "default") === ns);
    return http.createServer((req, res) => {
        const url = new URL(req.url!, "http://x");
        requests.push(url.pathname);
        const p = url.pathname.split("/").filter(Boolean);
        let body: unknown;
        if (url.pathname === "/apis/networking.k8s.io/v1/ingressclasses/alb") body = { apiVersion: "networking.k8s.io/v1", kind: "IngressClass", ...objects.ingressClass };
        else if (url.pathname === "/apis/networking.k8s.io/v1/ingresses") body = list("Ingress", objects.ingresses);
        else if (p[0] === "apis" && p[1] === "networking.k8s.io" && p[5] === "ingresses") body = byName(objects.ingresses, p[4], p[6]);
        else if (p[0] === "api" && p[4] === "events") {
            const name = /involvedObject\.name=([^,]+)/.exec(url.searchParams.get("fieldSelector") ?? "")?.[1];
            body = list("Event", objects.events.filter((e) => e.involvedObject?.name === name && e.involvedObject?.namespace === p[3]));
        } else if (p[0] === "api" && p[4] === "services") body = byName(objects.services, p[3], p[5]);
        else if (p[1] === "discovery.k8s.io" && p[5] === "endpointslices") body = list("EndpointSlice", objects.slices[`${p[4]}/${(url.searchParams.get("labelSelector") ?? "").split("=")[1]}`] ?? []);
        else if (p[1] === "apps" && p[5] === "deployments") body = byName(objects.deployments, p[4], p[6]);
        res.setHeader("content-type", "application/json");
        if (!body) {
            res.statusCode = 404;
            res.end(JSON.stringify({ kind: "Status", apiVersion: "v1", status: "Failure", reason: "NotFound", code: 404, message: `${url.pathname} not found` }));
            return;
        }
        res.end(JSON.stringify(body));
    });
}

async function main(): Promise<void> {
    lightenMockRuntime();
    const requests: string[] = [];
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mdai-doctor-live-"));
    fs.copyFileSync(path.join(ROOT, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
    const server = kubeServer({ ingresses: [], events: [], ingressClass: { metadata: { name: "alb" } }, services: [], slices: {}, deployments: [] }, requests);
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const port = (server.address() as { port: number }).port;
    const kubeconfig = path.join(dir, "kubeconfig.yaml");
    fs.writeFileSync(kubeconfig, YAML.stringify({ apiVersion: "v1", kind: "Config", "current-context": "live", clusters: [{ name: "live", cluster: { server: `http://127.0.0.1:${port}`, "insecure-skip-tls-verify": true } }],
        users: [{ name: "live", user: { token: "test-token" } }], contexts: [{ name: "live", context: { cluster: "live", user: "live" } }] }));
    fs.writeFileSync(path.join(dir, "Pulumi.live.yaml"), YAML.stringify({ config: {
        "aws:region": "us-east-1", "aws:allowedAccountIds": ["210987654321"], "mdai-cognito:uiHostname": "mdai.acme.io", "mdai-cognito:userPoolDomain": "acme-mdai-live",
        "mdai-cognito:certificateArn": CERT, "mdai-cognito:kubeconfig": "kubeconfig.yaml", "mdai-cognito:publicPaths": ["/healthz"], "mdai-cognito:apiPaths": ["/api"],
    } }));

    // What the stack should hold, the same way the doctor works it out; the fixtures make it healthy.
    const cfg = readPlanConfig(dir, "live", []);
    const s = validateSettings(resolveSources({ stackConfig: cfg.config, secretKeys: cfg.secretKeys, env: {}, cwd: dir, stack: "live" }));
    const e = expectedState(s, await makePlan(dir, "live", [], {}));
    const kube = healthyKube(e);
    const objects = {
        ingresses: Object.values(kube.ingresses) as KubeObject[], events: Object.values(kube.events).flat() as KubeEvent[], ingressClass: kube.ingressClass as KubeObject,
        services: Object.values(kube.services) as KubeObject[], slices: kube.endpointSlices as Record<string, KubeObject[]>, deployments: Object.values(kube.deployments) as KubeObject[],
    };
    server.removeAllListeners("request");
    server.on("request", kubeServer(objects, requests).listeners("request")[0] as http.RequestListener);

    const fixture = healthyAws(e);
    const cert = Object.values(fixture.certificates)[0];
    const aws = { ...fixture, identity: { Account: "210987654321", Arn: "arn:aws:sts::210987654321:assumed-role/platform/alice" }, certificates: { [CERT]: { ...cert, CertificateArn: CERT } },
        listeners: (fixture.listeners as { Certificates?: unknown }[]).map((l) => ({ ...l, Certificates: l.Certificates ? [{ CertificateArn: CERT, IsDefault: true }] : undefined })) };
    const elb = mockClient(ElasticLoadBalancingV2Client);
    const mock = () => {
        elb.reset();
        elb.on(DescribeLoadBalancersCommand).resolves({ LoadBalancers: [aws.loadBalancer as never] });
        elb.on(DescribeListenersCommand).resolves({ Listeners: aws.listeners as never });
        for (const [arn, rules] of Object.entries(aws.rules)) elb.on(DescribeRulesCommand, { ListenerArn: arn }).resolves({ Rules: rules as never });
        elb.on(DescribeListenerCertificatesCommand).resolves({ Certificates: [{ CertificateArn: Object.keys(aws.certificates)[0], IsDefault: true }] });
        for (const [arn, health] of Object.entries(aws.targetHealth)) elb.on(DescribeTargetHealthCommand, { TargetGroupArn: arn }).resolves({ TargetHealthDescriptions: health as never });
        mockClient(STSClient).on(GetCallerIdentityCommand).resolves(aws.identity as never);
        mockClient(EC2Client).on(DescribeSecurityGroupsCommand).resolves({ SecurityGroups: aws.egress?.securityGroups as never });
        mockClient(ACMClient).on(DescribeCertificateCommand).callsFake((i: { CertificateArn: string }) => ({ Certificate: (aws.certificates as Record<string, unknown>)[i.CertificateArn] as never }));
        // The SDK returns the secret; the doctor must keep only that there is one.
        const cognito = mockClient(CognitoIdentityProviderClient);
        cognito.on(DescribeUserPoolClientCommand).callsFake((i: { ClientId: string }) =>
            ({ UserPoolClient: { ...aws.userPoolClients?.[i.ClientId], ClientSecret: "live-client-secret-9f8e" } as never }));
        // An unknown domain answers an empty description; a client without a style, ResourceNotFoundException.
        cognito.on(DescribeUserPoolDomainCommand).callsFake((i: { Domain: string }) => {
            const d = aws.signInPages?.domains[i.Domain] as { version?: number; status?: string; poolId?: string } | null | undefined;
            return { DomainDescription: d ? { Domain: i.Domain, UserPoolId: d.poolId, Status: d.status, ManagedLoginVersion: d.version } : {} };
        });
        cognito.on(DescribeManagedLoginBrandingByClientCommand).callsFake((i: { ClientId: string }) => {
            if (aws.signInPages?.styles[i.ClientId] !== true) throw Object.assign(new Error("no style"), { name: "ResourceNotFoundException" });
            return { ManagedLoginBranding: { ManagedLoginBrandingId: `style-${i.ClientId}` } };
        });
    };
    const resolver = { resolveCname: async (h: string) => (h === ALB_DNS ? [] : [ALB_DNS]), resolve4: async () => ["203.0.113.10"] };
    // The probes go out through the doctor's own HTTP client, to a server on 127.0.0.1 that answers as the ALB would.
    const alb = http.createServer((req, res) => {
        const door = probeUrls(e).find((p) => p.url === `https://mdai.acme.io${req.url}`)?.door;
        if (door?.access === "login") res.writeHead(302, { location: `${e.authorizeUrl}?client_id=x&redirect_uri=https%3A%2F%2Fmdai.acme.io%2Foauth2%2Fidpresponse` });
        else res.writeHead(door?.access === "401" ? 401 : door ? 200 : 404);
        res.end();
    });
    await new Promise<void>((r) => alb.listen(0, "127.0.0.1", r));
    const albPort = (alb.address() as { port: number }).port;
    const prober = (url: string, timeoutMs: number) => httpProber(url.replace("https://mdai.acme.io", `http://127.0.0.1:${albPort}`), timeoutMs);
    const run = async (argv: string[]) => {
        let stdout = "";
        let stderr = "";
        const code = await doctorCommand(argv, { stdout: (t) => { stdout += t; }, stderr: (t) => { stderr += t; }, env: {}, projectDir: dir }, { resolver, prober, now: Date.parse("2026-11-27T12:00:00Z") });
        return { code, stdout, stderr };
    };

    // One run over a deployment where two things are wrong — MDAI's documented error on the console's
    // Ingress, and target health unreadable for want of a permission — and everything else is right.
    mock();
    objects.events.push({ ...MDAI_COGNITO_ERROR, lastTimestamp: "2026-11-27T11:59:00Z" });
    const [deniedGroup] = Object.keys(aws.targetHealth);
    elb.on(DescribeTargetHealthCommand, { TargetGroupArn: deniedGroup }).rejects(Object.assign(new Error("User: arn:aws:sts::210987654321:assumed-role/dev/bob is not authorized to perform: elasticloadbalancing:DescribeTargetHealth"), { name: "AccessDenied", $metadata: { httpStatusCode: 403 } }));
    const broken = await run(["--stack", "live", "--json", "--probe"]);
    server.close();
    alb.close();
    // A cluster that cannot be reached, at a server URL with credentials in its user-info and query.
    fs.writeFileSync(kubeconfig, fs.readFileSync(kubeconfig, "utf8").replace(`http://127.0.0.1:${port}`, "http://admin:pw-7q2k@127.0.0.1:1/?access_token=tok-3x9v"));
    const unreachable = await run(["--stack", "live"]);
    // No credentials at all, and no cluster: not one check can be made.
    const noCredentials = Object.assign(new Error("Could not load credentials from any providers"), { name: "CredentialsProviderError" });
    for (const client of [ElasticLoadBalancingV2Client, STSClient, ACMClient, CognitoIdentityProviderClient, EC2Client]) mockClient(client as never).onAnyCommand().rejects(noCredentials);
    const nothing = await run(["--stack", "live"]);
    const nothingJson = await run(["--stack", "live", "--json"]);
    const args = { unknown: await run(["--stak", "prod"]), bare: await run(["prod"]), help: await run(["--help"]) };
    process.stdout.write(JSON.stringify({ broken, unreachable, nothing, nothingJson, args, requests: [...new Set(requests)].sort() }));
}

main().catch((err: Error) => {
    process.stdout.write(JSON.stringify({ crashed: err.stack ?? String(err) }));
    process.exit(1);
});
