/**
 * What each provider does to the world for a create, an update or a delete, and what it answers
 * (the outputs Pulumi records). Errors carry the messages the real APIs give. Sources per type.
 */
import { Cluster, K8sObject, World, objectKey, recordKey, validationRecord } from "./world";
import { IAM_PROVIDERS, allowed } from "./iam";
import { reveal } from "../../scripts/mockEngine";

export type Outputs = Record<string, unknown>;

export interface Op {
    world: World;
    type: string;
    /** The inputs the provider sees: what the program sent, with Optional+Computed values it omitted kept. */
    inputs: Outputs;
    /** What the last run left (an update or a delete). */
    prev?: Outputs;
    /** The region of its AWS provider. */
    region: string;
    /** Its Kubernetes provider's cluster. */
    cluster?: Cluster;
    urn: string;
}

export interface Provider {
    create(op: Op): Outputs;
    update?(op: Op): Outputs;
    delete?(op: Op): void;
}

const str = (v: unknown) => String(v ?? "");
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
const fqdn = (n: unknown) => str(n).toLowerCase().replace(/\.$/, "");

/** Route 53 (terraform-provider-aws internal/service/route53/record.go): CREATE fails on an existing record unless allowOverwrite (UPSERT); delete removes what is there now. */
const record: Provider = {
    create(op) {
        const zone = op.world.zones.find((z) => z.id === op.inputs.zoneId);
        if (!zone) throw new Error(`NoSuchHostedZone: No hosted zone found with ID: ${str(op.inputs.zoneId)}`);
        const key = recordKey(str(op.inputs.name), str(op.inputs.type));
        if (zone.records.has(key) && !op.inputs.allowOverwrite) {
            throw new Error(`InvalidChangeBatch: [Tried to create resource record set [name='${fqdn(op.inputs.name)}.', type='${str(op.inputs.type)}'] but it already exists]`);
        }
        const aliases = op.inputs.aliases as { name: string; zoneId: string }[] | undefined;
        zone.records.set(key, { name: fqdn(op.inputs.name), type: str(op.inputs.type), values: op.inputs.records as string[] | undefined,
            alias: aliases?.[0] && { name: aliases[0].name, zoneId: aliases[0].zoneId }, writtenBy: op.urn });
        return { fqdn: fqdn(op.inputs.name) };
    },
    update(op) {
        record.delete!({ ...op, inputs: op.prev! });
        return record.create({ ...op, inputs: { ...op.inputs, allowOverwrite: true } });
    },
    delete(op) {
        op.world.zones.find((z) => z.id === op.inputs.zoneId)?.records.delete(recordKey(str(op.inputs.name), str(op.inputs.type)));
    },
};

/**
 * ACM (internal/service/acm/certificate.go): subjectAlternativeNames is Optional+Computed and holds
 * the domain name too (PR #20073); a certificate in use cannot be deleted — the provider retries
 * ResourceInUseException for 20 minutes (certificateCrossServicePropagationTimeout), so the twin lets the controller settle first.
 */
const certificate: Provider = {
    create(op) {
        const domainName = str(op.inputs.domainName);
        const domains = [...new Set([domainName, ...((op.inputs.subjectAlternativeNames as string[] | undefined) ?? [])])];
        // ACM's default quota: 10 domain names per certificate (acm-limits.html).
        if (domains.length > 10) throw new Error(`LimitExceededException: The certificate request has ${domains.length} domain names; the limit is 10`);
        const arn = `arn:aws:acm:${op.region}:${op.world.account}:certificate/twin-${++op.world.serial}`;
        op.world.certificates.set(arn, { arn, domains, status: "PENDING_VALIDATION" });
        return {
            arn, id: arn, subjectAlternativeNames: domains,
            domainValidationOptions: domains.map((d) => {
                const v = validationRecord(op.world, d);
                return { domainName: d, resourceRecordName: v.name, resourceRecordType: "CNAME", resourceRecordValue: v.value };
            }),
        };
    },
    update: (op) => ({ ...op.prev }),
    delete(op) {
        const arn = str(op.prev?.arn);
        const user = op.world.albs.find((a) => a.certificates.includes(arn));
        if (user) throw new Error(`ResourceInUseException: Certificate ${arn} in use by ${user.arn}`);
        op.world.certificates.delete(arn);
    },
};

/** internal/service/acm/certificate_validation.go: every domain's record must be listed and present; then ACM issues. Delete is a no-op. */
const certificateValidation: Provider = {
    create(op) {
        const cert = op.world.certificates.get(str(op.inputs.certificateArn));
        if (!cert) throw new Error(`ResourceNotFoundException: Could not find certificate ${str(op.inputs.certificateArn)}`);
        const listed = new Set(((op.inputs.validationRecordFqdns as string[] | undefined) ?? []).map(fqdn));
        const missing = cert.domains.map((d) => ({ d, r: validationRecord(op.world, d) })).filter(({ r }) => !listed.has(fqdn(r.name)));
        if (missing.length) throw new Error(missing.map(({ d, r }) => `missing ${d} DNS validation record: ${fqdn(r.name)}`).join("\n"));
        const absent = cert.domains.filter((d) => !op.world.zones.some((z) => z.records.get(recordKey(validationRecord(op.world, d).name, "CNAME"))?.values?.includes(validationRecord(op.world, d).value)));
        if (absent.length) throw new Error(`waiting for ACM Certificate (${cert.arn}) to be issued: timeout while waiting for state to become 'ISSUED' (no validation record for ${absent.join(", ")})`);
        cert.status = "ISSUED";
        return { certificateArn: cert.arn };
    },
};

/** Cognito: one prefix domain per pool, prefixes unique per region (terraform-provider-aws user_pool_domain.go; aws-cdk#10062). */
/** The pool's tier, as the pool's provider recorded it. */
const tierOf = (op: Op, poolId: string) => [...op.world.pools.values()].find((p) => p.id === poolId)?.tier ?? "ESSENTIALS";

/**
 * Managed login (version 2) on a domain: refused on Lite (the plans page: Lite has the classic hosted UI only); every
 * browser client of the pool without a style is a moment of "Login pages unavailable".
 */
function setLoginVersion(op: Op, key: string, poolId: string, version: unknown): void {
    if (version !== 2) return void op.world.managedLogin.delete(key);
    if (tierOf(op, poolId) === "LITE") throw new Error("InvalidParameterException: managed login is not available in the Lite feature plan");
    op.world.managedLogin.add(key);
    noteUnstyled(op.world, poolId);
}

export function noteUnstyled(world: World, poolId: string): void {
    const managed = [...world.managedLogin].some((k) => world.domainPrefixes.get(k) === poolId);
    if (!managed) return;
    for (const [id, c] of world.clients) {
        if (c.poolId === poolId && c.callbackUrls.length && !world.styles.has(`${poolId}/${id}`)) world.unstyled.push(`${c.name} (${id}) in pool ${poolId}: managed login without a style`);
    }
}

/**
 * Prefix and custom domains (terraform-provider-aws user_pool_domain.go; the developer guide, "Configuring a user pool domain"):
 * a pool holds one of each at once; a prefix is unique in the region; a custom domain needs its certificate in us-east-1 and its
 * parent resolving (an A record); its login version cannot be changed (#43248).
 */
const domain: Provider = {
    update(op) {
        const key = `${op.region}/${str(op.inputs.domain)}`;
        if (op.inputs.certificateArn && op.inputs.managedLoginVersion !== op.prev?.managedLoginVersion) {
            throw new Error(`updating Cognito User Pool Domain (${str(op.inputs.domain)}): InvalidParameterException: the managed login version of a custom domain cannot be changed`);
        }
        setLoginVersion(op, key, str(op.inputs.userPoolId), op.inputs.managedLoginVersion);
        return {};
    },
    create(op) {
        const name = str(op.inputs.domain);
        const key = `${op.region}/${name}`;
        const custom = Boolean(op.inputs.certificateArn);
        const holder = op.world.domainPrefixes.get(key);
        if (holder) throw new Error(`InvalidParameterException: Domain already associated with another user pool.`);
        if ([...op.world.domainPrefixes.entries()].some(([k, pool]) => pool === op.inputs.userPoolId && k.startsWith(`${op.region}/`) && k.includes(".", op.region.length + 1) === custom)) {
            throw new Error(`InvalidParameterException: User pool already has a ${custom ? "custom " : ""}domain configured.`);
        }
        if (custom) {
            if (!str(op.inputs.certificateArn).startsWith("arn:aws:acm:us-east-1:")) throw new Error("InvalidParameterException: The certificate of a custom domain must be in us-east-1.");
            const parent = name.split(".").slice(1).join(".");
            if (!resolves(op.world, parent, "A")) throw new Error(`InvalidParameterException: Custom domain is not a valid subdomain: Was not able to resolve a DNS A record for the parent domain ${parent}.`);
        }
        op.world.domainPrefixes.set(key, str(op.inputs.userPoolId));
        setLoginVersion(op, key, str(op.inputs.userPoolId), op.inputs.managedLoginVersion);
        return custom ? { cloudfrontDistribution: `d${++op.world.serial}abcdef.cloudfront.net`, cloudfrontDistributionZoneId: CLOUDFRONT_ZONE } : {};
    },
    delete(op) {
        op.world.domainPrefixes.delete(`${op.region}/${str(op.prev?.domain)}`);
        op.world.managedLogin.delete(`${op.region}/${str(op.prev?.domain)}`);
    },
};

/** CloudFront's hosted zone for alias records (the same in every region). */
export const CLOUDFRONT_ZONE = "Z2FDTNDATAQYW2";

/**
 * Whether a name resolves in the twin's world: a record of that name in one of its zones (an A record, or an alias, for
 * `A`); a name outside its zones resolves (the internet beyond the fixtures).
 */
export function resolves(world: World, host: string, kind: "A" | "any"): boolean {
    const zone = world.zones.find((z) => host === z.name || host.endsWith(`.${z.name}`));
    if (!zone) return true;
    return [...zone.records.values()].some((r) => r.name.replace(/\.$/, "") === host && (kind === "any" ? ["A", "AAAA", "CNAME"].includes(r.type) : r.type === "A"));
}

/** terraform-provider-aws cognitoidp/managed_login_branding.go: clientId, userPoolId and assets replace; a client holds one style. */
const managedLoginBranding: Provider = {
    create(op) {
        const key = `${str(op.inputs.userPoolId)}/${str(op.inputs.clientId)}`;
        if (op.world.styles.has(key)) throw new Error(`ManagedLoginBrandingExistsException: a branding style already exists for client ${str(op.inputs.clientId)}`);
        op.world.styles.add(key);
        return { managedLoginBrandingId: `style-${++op.world.serial}` };
    },
    update() {
        return {};
    },
    delete(op) {
        op.world.styles.delete(`${str(op.prev?.userPoolId)}/${str(op.prev?.clientId)}`);
        if (op.world.clients.has(str(op.prev?.clientId))) noteUnstyled(op.world, str(op.prev?.userPoolId));
    },
};

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
