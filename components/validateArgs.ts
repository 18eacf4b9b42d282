/**
 * The components hold their own arguments to the rules the stack config is held to, so that a
 * program using them directly gets the same guarantees (a sign-out path cannot inject an nginx
 * server block, a path cannot open a door elsewhere, an annotation cannot switch the login off).
 * As AWS CDK does, only values known at construction are checked, not unresolved Outputs.
 */
import type * as pulumi from "@pulumi/pulumi";
import { isPlaceholder } from "../config/placeholders";
import type { CognitoAuthArgs } from "./cognitoAuth";
import type { ConsoleIngressArgs } from "./consoleIngress";
import { annotationProblem } from "../config/annotationPolicy";
import { UserFacingError } from "../config/errors";
import * as rules from "../config/rules";
import { Check } from "../config/rules";
import { signInArgProblems } from "./signInPages";

type Checker = (v: string) => Check | undefined;

class ArgProblems {
    readonly sentences: string[] = [];

    constructor(private readonly component: string) {}

    /** Checks `value` when it is a plain string or number (an Output, or the plan's stand-in for one, is left to the deployment). */
    check(arg: string, value: pulumi.Input<unknown> | undefined, checker: Checker): void {
        if (value === undefined || (typeof value !== "string" && typeof value !== "number") || isPlaceholder(value)) return;
        const c = checker(String(value));
        if (c) this.sentences.push(`${arg} is ${JSON.stringify(value)}: ${c.wrong}. ${c.fix}`);
    }

    range(arg: string, value: pulumi.Input<number> | undefined, min: number, max: number, unit: string): void {
        this.check(arg, value, (v) => { const n = rules.parseIntegerIn(v, min, max, unit); return rules.isCheck(n) ? n : undefined; });
    }

    paths(arg: string, values: string[] | undefined, others: [string, string[] | undefined][] = []): void {
        (values ?? []).forEach((p, i) => this.check(`${arg}[${i}]`, p, rules.checkDoorPath));
        for (const [otherArg, other] of others) {
            for (const a of values ?? []) for (const b of other ?? []) {
                if (rules.pathCovers(a, b) || rules.pathCovers(b, a)) this.sentences.push(`${arg} ${a} overlaps ${otherArg} ${b}: which one wins would depend on rule order. List each prefix once.`);
            }
        }
    }

    throwIfAny(): void {
        if (this.sentences.length) throw new UserFacingError(`${this.component}: ${this.sentences.length} argument(s) refused; nothing was created: ${this.sentences.join(" ")}`);
    }
}

const GROUP_NAME: Checker = (v) => (v.length <= 63 && /^([a-z0-9][-a-z0-9.]*)?[a-z0-9]$/.test(v) ? undefined
    : { wrong: "an IngressGroup name is at most 63 lowercase letters, digits, '-' and '.', starting and ending with a letter or digit", fix: 'Use e.g. "mdai-prod".' });
const PORT: Checker = (v) => { const p = rules.parsePort(v); return rules.isCheck(p) ? p : undefined; };

/** What checkConsoleIngressArgs reads of a ConsoleIngress's arguments. */
export type IngressArgsToCheck = Pick<ConsoleIngressArgs, "hostname" | "namespace" | "ingressName" | "serviceName" | "servicePort" | "publicPaths" | "apiPaths" | "apps" |
    "loadBalancerName" | "groupName" | "ingressClassName" | "alb" | "sessionTimeout" | "controllerServiceAccount" | "controllerDeployment" | "waitMinutes" | "signOut">;

export function checkConsoleIngressArgs(name: string, a: IngressArgsToCheck): void {
    const p = new ArgProblems(`ConsoleIngress ${name}`);
    p.check("hostname", a.hostname, rules.checkHostname);
    p.check("namespace", a.namespace, (v) => rules.checkDnsLabel(v, "namespace"));
    p.check("ingressName", a.ingressName, (v) => rules.checkDnsSubdomain(v, "Ingress"));
    p.check("serviceName", a.serviceName, rules.checkServiceName);
    p.check("servicePort", a.servicePort, PORT);
    p.paths("publicPaths", a.publicPaths, [["apiPaths", a.apiPaths]]);
    p.paths("apiPaths", a.apiPaths);
    (a.apps ?? []).forEach((app, i) => {
        p.check(`apps[${i}].name`, app.name, (v) => rules.checkDnsLabel(v, "app name"));
        p.check(`apps[${i}].hostname`, app.hostname, rules.checkHostname);
        p.check(`apps[${i}].serviceName`, app.serviceName, rules.checkServiceName);
        p.check(`apps[${i}].servicePort`, app.servicePort, PORT);
        p.check(`apps[${i}].namespace`, app.namespace, (v) => rules.checkDnsLabel(v, "namespace"));
        p.paths(`apps[${i}].publicPaths`, app.publicPaths, [[`apps[${i}].apiPaths`, app.apiPaths]]);
        p.paths(`apps[${i}].apiPaths`, app.apiPaths);
    });
    p.check("loadBalancerName", a.loadBalancerName, rules.checkLoadBalancerName);
    p.check("groupName", a.groupName, GROUP_NAME);
    p.check("ingressClassName", a.ingressClassName, (v) => rules.checkDnsSubdomain(v, "IngressClass"));
    p.check("alb.scheme", a.alb?.scheme, (v) => (v === "internet-facing" || v === "internal" ? undefined : { wrong: "it must be internet-facing or internal", fix: "Allowed values are: internet-facing, internal." }));
    (a.alb?.inboundCidrs ?? []).forEach((c, i) => p.check(`alb.inboundCidrs[${i}]`, c, rules.checkCidr));
    for (const [k, v] of Object.entries(a.alb?.extraAnnotations ?? {})) p.check(`alb.extraAnnotations.${k}`, v, (x) => annotationProblem(k, x));
    p.check("alb.desyncMitigationMode", a.alb?.desyncMitigationMode, (v) => (["defensive", "strictest", "monitor"].includes(v) ? undefined : { wrong: "it must be defensive, strictest or monitor", fix: "Allowed values are: defensive, strictest, monitor." }));
    p.range("sessionTimeout", a.sessionTimeout, 1, 604800, "seconds");
    if (a.controllerServiceAccount) p.check("controllerServiceAccount", `${a.controllerServiceAccount.namespace}/${a.controllerServiceAccount.name}`, rules.checkSecretReader);
    if (a.controllerDeployment) {
        p.check("controllerDeployment", `${a.controllerDeployment.namespace}/${a.controllerDeployment.name}`, (v) => rules.checkNamespacedName(v, "Deployment", "kube-system/aws-load-balancer-controller"));
    }
    p.range("waitMinutes", a.waitMinutes, 1, 120, "minutes");
    if (a.signOut) {
        p.check("signOut.path", a.signOut.path, rules.checkSignOutPath);
        p.check("signOut.image", a.signOut.image, rules.checkImage);
    }
    p.throwIfAny();
}

/** What checkCognitoAuthArgs reads of a CognitoAuth's arguments. */
export type CognitoArgsToCheck = Pick<CognitoAuthArgs, "uiHostname" | "otherHostnames" | "domainPrefix" | "region" | "userPoolName" | "appClientName" | "users" |
    "passwordMinimumLength" | "temporaryPasswordValidityDays" | "tokenValidityMinutes" | "refreshTokenValidityMinutes" | "ownClients" | "existingUserPool" | "federation" | "signIn" | "threatProtection" | "mfa">;

export function checkCognitoAuthArgs(name: string, a: CognitoArgsToCheck): void {
    const p = new ArgProblems(`CognitoAuth ${name}`);
    p.check("uiHostname", a.uiHostname, rules.checkHostname);
    (a.otherHostnames ?? []).forEach((h, i) => p.check(`otherHostnames[${i}]`, h, rules.checkHostname));
    p.check("domainPrefix", a.domainPrefix, rules.checkDomainPrefix);
    p.check("region", a.region, rules.checkRegion);
    p.check("userPoolName", a.userPoolName, rules.checkCognitoName);
    p.check("appClientName", a.appClientName, rules.checkCognitoName);
    (a.users ?? []).forEach((u, i) => p.check(`users[${i}]`, u, rules.checkEmail));
    p.range("passwordMinimumLength", a.passwordMinimumLength, 8, 99, "characters");
    p.range("temporaryPasswordValidityDays", a.temporaryPasswordValidityDays, 1, 365, "days");
    p.range("tokenValidityMinutes", a.tokenValidityMinutes, 5, 1440, "minutes");
    p.range("refreshTokenValidityMinutes", a.refreshTokenValidityMinutes, 60, 5256000, "minutes");
    const keys = (a.ownClients ?? []).map((c) => c.key);
    (a.ownClients ?? []).forEach((c, i) => {
        p.check(`ownClients[${i}].key`, c.key, (v) => rules.checkDnsLabel(v, "app name"));
        p.check(`ownClients[${i}].hostname`, c.hostname, rules.checkHostname);
        if (keys.indexOf(c.key) !== i) p.sentences.push(`ownClients[${i}].key ${JSON.stringify(c.key)} is used twice: each app's client is named after its key. Give each its own.`);
    });
    if (keys.length && a.existingUserPool) p.sentences.push("ownClients is set with existingUserPool: the lists of the own clients live in the gate, a trigger of the pool, and an existing pool is never changed. Remove ownClients, or let the component create the pool.");
    const f = a.federation;
    if (f && (f.providers.length || f.localUsers === false) && a.existingUserPool) p.sentences.push("federation is set with existingUserPool: identity providers are settings of the pool, and an existing pool is never changed. Remove federation, or let the component create the pool.");
    if (f && f.localUsers === false && !f.providers.length) p.sentences.push("federation.localUsers is false without providers: nobody could sign in. Add a provider, or keep local users.");
    if (f && f.localUsers === false && a.users?.length) p.sentences.push("users is set with federation.localUsers false: the pool has no password page, so they could never sign in. Remove users.");
    const plain = (v: unknown, d: string) => (v === undefined ? d : typeof v === "string" ? v : undefined);
    const threat = plain(a.threatProtection, "off"), mfa = plain(a.mfa, "optional");
    if (threat !== undefined && mfa !== undefined) p.sentences.push(...signInArgProblems(a.signIn, threat, mfa, f?.localUsers !== false, Boolean(a.existingUserPool)));
    p.throwIfAny();
}
