/** The sign-in pages as the twin runs them: prefix and custom domains, their login version, managed login styles. */
import { World } from "./world";
import { Op, Provider, str } from "./op";
import { CLOUDFRONT_ZONE, resolves } from "./dnsProviders";

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

/** Whether an Ingress of the world signs users in with the client `id` (its auth-idp-cognito or OIDC Secret names it). */
function clientInUse(world: World, id: string): boolean {
    return [...world.clusters.values()].some((c) => [...c.objects.values()].some((o) => JSON.stringify(o.body).includes(id)));
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
 * parent resolving (an A record); its login version is updated with its certificate (#43248, fixed by #43252).
 */
export const domain: Provider = {
    update(op) {
        const key = `${op.region}/${str(op.inputs.domain)}`;
        // A custom domain's version is updated with its certificate (terraform-provider-aws #43252): without it AWS answers "Cannot convert custom domain to prefix domain".
        if (op.prev?.certificateArn && !op.inputs.certificateArn) throw new Error("InvalidParameterException: Cannot convert custom domain to prefix domain");
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


/** terraform-provider-aws cognitoidp/managed_login_branding.go: clientId, userPoolId and assets replace; a client holds one style. */
export const managedLoginBranding: Provider = {
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
        // Only a client a login still sends users to loses its page (one about to be deleted, unused by now, does not).
        if (op.world.clients.has(str(op.prev?.clientId)) && clientInUse(op.world, str(op.prev?.clientId))) noteUnstyled(op.world, str(op.prev?.userPoolId));
    },
};
