/**
 * Representative stacks whose state the upgrade guard keeps: each mode, both ways of reaching the
 * cluster, a created certificate with DNS, apps and every kind of door. What an earlier release
 * left for them is recorded in tests/fixtures/upgrade/<version>/ by `npm run upgrade-fixtures`.
 */
import * as YAML from "yaml";
import { EXTERNAL_IDP, GRAFANA_APP as GRAFANA, RunOptions, WAF_ACL_ARN, baseConfig } from "../harness";


/** A kubeconfig given as contents, so the fixture holds no machine's path. */
export const UPGRADE_KUBECONFIG = YAML.stringify({
    apiVersion: "v1", kind: "Config",
    clusters: [{ name: "arn:aws:eks:us-east-1:123456789012:cluster/mdai-test", cluster: { server: "https://mdai-test.gr7.us-east-1.eks.amazonaws.com", "certificate-authority-data": "Q0E=" } }],
    users: [{ name: "mdai", user: { exec: { apiVersion: "client.authentication.k8s.io/v1beta1", command: "aws", args: ["eks", "get-token", "--cluster-name", "mdai-test"] } } }],
    contexts: [{ name: "mdai", context: { cluster: "arn:aws:eks:us-east-1:123456789012:cluster/mdai-test", user: "mdai" } }],
    "current-context": "mdai",
});

export const UPGRADE_STACKS: Record<string, RunOptions> = {
    "cognito": { config: { ...baseConfig(), authMode: "cognito", users: '["alice@example.com"]' } },
    "route53-apps": { config: { ...baseConfig(), certificateArn: "", hostedZone: "example.com", publicPaths: '["/healthz"]', apiPaths: '["/api/v1"]',
        apps: JSON.stringify([GRAFANA]), users: '["alice@example.com","bob@example.com"]' } },
    "oidc-pool": { config: { ...baseConfig("ap-southeast-7"), signOut: "false" } },
    // An IngressGroup and an ALB named by the user: their names and the records kept of them must survive an upgrade.
    "named-alb": { config: { ...baseConfig(), groupName: "mdai-team", loadBalancerName: "mdai-team-console", users: '["alice@example.com"]', publicPaths: '["/healthz"]' } },
    "external-idp-kubeconfig": {
        config: { ...baseConfig(), clusterName: "", kubeconfig: UPGRADE_KUBECONFIG, userPoolDomain: "", oidc: JSON.stringify({ ...EXTERNAL_IDP, endSessionEndpoint: "https://login.example.org/oauth2/logout" }),
            dnsMode: "external-dns", scheme: "internal", inboundCidrs: '["10.0.0.0/8"]', wafAclArn: WAF_ACL_ARN },
        secretKeys: ["oidc", "kubeconfig"],
    },
};
