/**
 * What each provider does to the world for a create, an update or a delete, and what it answers
 * (the outputs Pulumi records). Errors carry the messages the real APIs give. Sources per type.
 */
import { K8sObject, objectKey } from "./world";
import { Op, Outputs, Provider, str } from "./op";
import { certificate, certificateValidation, record } from "./dnsProviders";
import { domain, managedLoginBranding } from "./signInProviders";

import { IAM_PROVIDERS, allowed } from "./iam";
import { reveal } from "../../scripts/mockEngine";

export type { Op, Outputs, Provider } from "./op";
export { resolves } from "./dnsProviders";

const environment = (inputs: Outputs) => ((inputs.environment as { variables?: Record<string, string> } | undefined)?.variables ?? {});
/** The function a pool's pre token generation trigger names. */
const trigger = (inputs: Outputs) => (inputs.lambdaConfig as { preTokenGenerationConfig?: { lambdaArn?: string } } | undefined)?.preTokenGenerationConfig?.lambdaArn;
/** Which file of lambda/ a function runs, told by its description (the archive's text is not in the inputs the twin sees). */
const sourceOf = (inputs: Outputs) => (/signs a user out/.test(str(inputs.description)) ? "signOutRemovedUser.js" : "allowedGroups.js");
const client = (inputs: Outputs) => ({ name: str(inputs.name), poolId: str(inputs.userPoolId), callbackUrls: (inputs.callbackUrls as string[] | undefined) ?? [],
    providers: (inputs.supportedIdentityProviders as string[] | undefined) ?? [], writeAttributes: inputs.writeAttributes as string[] | undefined });

/** CreateUserPoolClient and UpdateUserPoolClient refuse a provider the pool does not have (COGNITO is always there). */
function checkProviders(op: Op): void {
    const missing = ((op.inputs.supportedIdentityProviders as string[] | undefined) ?? []).filter((p) => p !== "COGNITO" && !op.world.idps.has(`${str(op.inputs.userPoolId)}/${p}`));
    if (missing.length) throw new Error(`InvalidParameterException: The provider ${missing[0]} does not exist for User Pool ${str(op.inputs.userPoolId)}`);
}

/** CreateUserPoolClient refuses a scope no resource server of the pool defines. */
function checkScopes(op: Op): void {
    const missing = ((op.inputs.allowedOauthScopes as string[] | undefined) ?? []).filter((sc) => sc.includes("/") && !op.world.scopes.has(`${str(op.inputs.userPoolId)}/${sc}`));
    if (missing.length) throw new Error(`ScopeDoesNotExistException: Invalid scope requested: ${missing[0]}`);
}

/** terraform-provider-aws cognitoidp/resource_server.go: identifier and user_pool_id ForceNew; scopes update in place. */
const resourceServer: Provider = {
    create(op) {
        const pool = str(op.inputs.userPoolId);
        for (const sc of (op.inputs.scopes as { scopeName: string }[] | undefined) ?? []) op.world.scopes.add(`${pool}/${str(op.inputs.identifier)}/${sc.scopeName}`);
        return { id: `${pool}|${str(op.inputs.identifier)}`, scopeIdentifiers: ((op.inputs.scopes as { scopeName: string }[] | undefined) ?? []).map((sc) => `${str(op.inputs.identifier)}/${sc.scopeName}`) };
    },
    update(op) {
        resourceServer.delete!({ ...op, inputs: op.prev! });
        return resourceServer.create(op);
    },
    delete(op) {
        const prefix = `${str(op.prev?.userPoolId)}/${str(op.prev?.identifier)}/`;
        for (const sc of [...op.world.scopes]) if (sc.startsWith(prefix)) op.world.scopes.delete(sc);
    },
};

/** A pool's custom attributes: Cognito adds them, and never modifies or removes one (terraform-provider-aws user_pool.go). */
const schemaOf = (inputs: Outputs) => ((inputs.schemas as { name: string }[] | undefined) ?? []).map((a) => `custom:${a.name}`);

/** terraform-provider-aws wafv2/web_acl_association.go: both arguments ForceNew; delete disassociates by resource ARN. */
const webAclAssociation: Provider = {
    create(op) {
        if (!op.world.albs.some((a) => a.arn === op.inputs.resourceArn)) throw new Error(`WAFNonexistentItemException: AWS WAF couldn't perform the operation because your resource doesn't exist (${str(op.inputs.resourceArn)})`);
        op.world.webAcls.set(str(op.inputs.resourceArn), str(op.inputs.webAclArn));
        return {};
    },
    delete(op) {
        op.world.webAcls.delete(str(op.prev?.resourceArn));
    },
};

/** What the world keeps of a pool's inputs: its trigger, its tags, and whether anyone may sign up. */
const poolSettings = (i: Outputs) => ({ trigger: trigger(i), tags: i.tags as Record<string, string> | undefined,
    selfSignUp: (i.adminCreateUserConfig as { allowAdminCreateUserOnly?: boolean } | undefined)?.allowAdminCreateUserOnly === false, schema: schemaOf(i), tier: str(i.userPoolTier ?? "ESSENTIALS") });

/** terraform-provider-aws cognitoidp/identity_provider.go: provider_name, provider_type and user_pool_id ForceNew; a name once per pool (DuplicateProviderException). */
const identityProvider: Provider = {
    create(op) {
        const key = `${str(op.inputs.userPoolId)}/${str(op.inputs.providerName)}`;
        if (![...op.world.pools.values()].some((p) => p.id === op.inputs.userPoolId)) throw new Error(`ResourceNotFoundException: User pool ${str(op.inputs.userPoolId)} does not exist.`);
        if (op.world.idps.has(key)) throw new Error(`DuplicateProviderException: A provider with the name ${str(op.inputs.providerName)} already exists in this user pool`);
        op.world.idps.set(key, { type: str(op.inputs.providerType), mapping: (op.inputs.attributeMapping as Record<string, string> | undefined) ?? {}, details: reveal(op.inputs.providerDetails) as Record<string, string> });
        return { id: key };
    },
    update(op) {
        op.world.idps.set(`${str(op.inputs.userPoolId)}/${str(op.inputs.providerName)}`, { type: str(op.inputs.providerType),
            mapping: (op.inputs.attributeMapping as Record<string, string> | undefined) ?? {}, details: reveal(op.inputs.providerDetails) as Record<string, string> });
        return {};
    },
    delete(op) {
        op.world.idps.delete(`${str(op.prev?.userPoolId)}/${str(op.prev?.providerName)}`);
    },
};

const PROVIDERS: Record<string, Provider> = {
    ...IAM_PROVIDERS,
    "aws:route53/record:Record": record,
    "aws:acm/certificate:Certificate": certificate,
    "aws:acm/certificateValidation:CertificateValidation": certificateValidation,
    "aws:cognito/userPoolDomain:UserPoolDomain": domain,
    "aws:cognito/managedLoginBranding:ManagedLoginBranding": managedLoginBranding,
    "aws:wafv2/webAclAssociation:WebAclAssociation": webAclAssociation,
    "aws:cognito/identityProvider:IdentityProvider": identityProvider,
    "aws:cognito/resourceServer:ResourceServer": resourceServer,
    "aws:cognito/userPool:UserPool": {
        create(op) {
            const id = `${op.region}_Twin${++op.world.serial}`;
            const arn = `arn:aws:cognito-idp:${op.region}:${op.world.account}:userpool/${id}`;
            op.world.pools.set(arn, { id, ...poolSettings(op.inputs) });
            // userPoolTier is Optional+Computed: Cognito's default for a new pool is ESSENTIALS.
            return { id, arn, userPoolTier: op.inputs.userPoolTier ?? "ESSENTIALS" };
        },
        // lambdaConfig is kept in the inputs when the program omits it (twin.ts OPTIONAL_COMPUTED): the trigger stays.
        update(op) {
            const was = op.world.pools.get(str(op.prev?.arn))?.schema ?? [];
            const dropped = was.filter((a) => !schemaOf(op.inputs).includes(a));
            if (dropped.length) throw new Error(`updating Cognito User Pool (${str(op.prev?.id)}): cannot modify or remove schema items (${dropped.join(", ")})`);
            const managed = [...op.world.managedLogin].some((k) => op.world.domainPrefixes.get(k) === str(op.prev?.id));
            if (managed && op.inputs.userPoolTier === "LITE") throw new Error(`updating Cognito User Pool (${str(op.prev?.id)}): the Lite feature plan has no managed login, and the pool's domain uses it`);
            op.world.pools.set(str(op.prev?.arn), { id: str(op.prev?.id), ...poolSettings(op.inputs) });
            return {};
        },
        delete(op) {
            op.world.pools.delete(str(op.prev?.arn));
        },
    },
    "aws:lambda/function:Function": {
        create(op) {
            const name = `${op.urn.split("::").pop()}-${++op.world.serial}`;
            const arn = `arn:aws:lambda:${op.region}:${op.world.account}:function:${name}`;
            op.world.lambdas.set(arn, { name, env: environment(op.inputs), invokers: [], source: sourceOf(op.inputs), role: str(op.inputs.role) });
            return { name, arn };
        },
        update(op) {
            const fn = op.world.lambdas.get(str(op.prev?.arn));
            if (fn) Object.assign(fn, { env: environment(op.inputs), role: str(op.inputs.role) });
            return {};
        },
        delete(op) {
            op.world.lambdas.delete(str(op.prev?.arn));
        },
    },
    // terraform-provider-aws lambda/permission.go: every argument ForceNew; delete removes the statement.
    "aws:lambda/permission:Permission": {
        create(op) {
            const fn = [...op.world.lambdas.values()].find((l) => l.name === op.inputs.function);
            if (!fn) throw new Error(`ResourceNotFoundException: Function not found: ${str(op.inputs.function)}`);
            fn.invokers.push({ principal: str(op.inputs.principal), sourceArn: op.inputs.sourceArn as string | undefined });
            return {};
        },
        delete(op) {
            const fn = [...op.world.lambdas.values()].find((l) => l.name === op.prev?.function);
            if (fn) fn.invokers = fn.invokers.filter((i) => i.sourceArn !== op.prev?.sourceArn);
        },
    },
    // Every invited user is taken to have signed in since: their refresh tokens work until a global sign-out.
    "aws:cognito/user:User": {
        create(op) {
            op.world.users.set(`${str(op.inputs.userPoolId)}/${str(op.inputs.username)}`, { refreshable: true });
            return { sub: `twin-sub-${++op.world.serial}` };
        },
        delete(op) {
            const key = `${str(op.prev?.userPoolId)}/${str(op.prev?.username)}`;
            if (op.world.users.get(key)?.refreshable) op.world.deletedSignedIn.push(key);
            op.world.users.delete(key);
        },
    },
    // terraform-provider-aws lambda/invocation.go: CRUD scope invokes on create, update (input changed) and delete, with the
    // input plus `tf: { action, prev_input }` (buildInput). The twin runs the real function's decision (lambda/signOutRemovedUser.js).
    "aws:lambda/invocation:Invocation": {
        create: (op) => invoke(op, "create"),
        update: (op) => invoke(op, "update"),
        delete: (op) => void invoke({ ...op, inputs: op.prev! }, "delete"),
    },
    // terraform-provider-aws cognitoidp/user_pool_client.go: user_pool_id is ForceNew; the name updates in place.
    "aws:cognito/userPoolClient:UserPoolClient": {
        create(op) {
            checkProviders(op);
            checkScopes(op);
            const id = `twinclient${++op.world.serial}`;
            op.world.clients.set(id, client(op.inputs));
            return { id, clientSecret: "twin-client-secret" };
        },
        update(op) {
            checkProviders(op);
            checkScopes(op);
            op.world.clients.set(str(op.prev?.id), client(op.inputs));
            return {};
        },
        delete(op) {
            op.world.clients.delete(str(op.prev?.id));
        },
    },
    // The engine keeps a stash's first value: pulumi/pulumi pkg/resource/deploy/builtins.go.
    "pulumi:index:Stash": { create: (op) => ({ output: op.inputs.input }), update: (op) => ({ output: op.prev?.output }) },
};

/** What lambda/signOutRemovedUser.js decides for a payload (its AWS calls are the twin's). */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const signOutFunction = require("../../lambda/signOutRemovedUser.js") as { signOutsFor(e: unknown): { userPoolId: string; username: string }[] };

function invoke(op: Op, action: "create" | "update" | "delete"): Outputs {
    const fn = [...op.world.lambdas.values()].find((l) => l.name === op.inputs.functionName);
    if (!fn) throw new Error(`invoking Lambda Function (${str(op.inputs.functionName)}): ResourceNotFoundException: Function not found`);
    const input = JSON.parse(str(op.inputs.input)) as Record<string, unknown>;
    const prevInput = action === "create" ? null : JSON.parse(str(action === "delete" ? op.inputs.input : op.prev?.input)) as Record<string, unknown>;
    if (fn.source !== "signOutRemovedUser.js") return { result: "null" };
    for (const u of signOutFunction.signOutsFor({ ...input, tf: { action, prev_input: prevInput } })) {
        const poolArn = [...op.world.pools.entries()].find(([, p]) => p.id === u.userPoolId)?.[0] ?? `arn:aws:cognito-idp:${op.region}:${op.world.account}:userpool/${u.userPoolId}`;
        // As the function reports a failure other than "already gone": the invocation fails, and pulumi up with it.
        if (!allowed(op.world.roles, fn.role ?? "", "cognito-idp:AdminUserGlobalSignOut", poolArn)) {
            throw new Error(`invoking Lambda Function (${fn.name}): mdai-cognito could not sign ${u.username} out of user pool ${u.userPoolId} (AccessDeniedException: ` +
                `${fn.role} is not authorized to perform: cognito-idp:AdminUserGlobalSignOut on resource: ${poolArn})`);
        }
        const user = op.world.users.get(`${u.userPoolId}/${u.username}`);
        if (user) user.refreshable = false;
    }
    return { result: "{}" };
}

/** A namespaced Kubernetes object: create refuses an existing one (pulumi-kubernetes ≥ 4.29, #4278). */
const kubernetes: Provider = {
    create(op) {
        const o = toObject(op);
        if (op.cluster!.objects.has(objectKey(o.kind, o.namespace, o.name))) {
            throw new Error(`${o.kind.toLowerCase()}s "${o.name}" already exists (AlreadyExists): resource ${o.namespace}/${o.name} was not created`);
        }
        op.cluster!.objects.set(objectKey(o.kind, o.namespace, o.name), o);
        return {};
    },
    update(op) {
        const o = toObject(op);
        const key = objectKey(o.kind, o.namespace, o.name);
        o.status = op.cluster!.objects.get(key)?.status;
        op.cluster!.objects.set(key, o);
        return {};
    },
    delete(op) {
        const meta = op.prev?.metadata as { name: string; namespace?: string };
        op.cluster?.objects.delete(objectKey(op.type.split(":").pop()!, meta.namespace ?? "default", meta.name));
    },
};

function toObject(op: Op): K8sObject {
    const meta = op.inputs.metadata as { name: string; namespace?: string };
    return { kind: op.type.split(":").pop()!, namespace: meta.namespace ?? "default", name: meta.name, body: structuredClone(op.inputs) };
}

/** The provider for a resource type; types that create nothing (components, providers) answer their inputs. */
export function providerFor(type: string): Provider {
    if (PROVIDERS[type]) return PROVIDERS[type];
    if (type.startsWith("kubernetes:") && !type.startsWith("kubernetes:pulumi")) return kubernetes;
    return { create: () => ({}) };
}
