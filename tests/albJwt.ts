/**
 * What the ALB's jwt-validation action does with a request, as AWS documents it
 * (docs.aws.amazon.com/elasticloadbalancing/latest/application/listener-verify-jwt.html): a bearer
 * token in the Authorization header, signed RS256 by a key of the JWKS endpoint, its `iss` the
 * configured issuer, `exp` not past (and `nbf`/`iat` not in the future when present), and each
 * additional claim as its format says. Verification with `jose`; the JWKS is read through `fetchJwks`,
 * so a test serves it locally. Independent of the program: the tests hold the rendered annotation to it.
 */
import { createLocalJWKSet, jwtVerify, JSONWebKeySet } from "jose";

export interface JwtValidationConfig {
    jwksEndpoint: string;
    issuer: string;
    additionalClaims?: { format: string; name: string; values: string[] }[];
}

export type JwtVerdict = { admitted: true } | { admitted: false; why: string };

function claimHolds(format: string, claim: unknown, values: string[]): boolean {
    // With one value per entry (what the program renders) any-of and all-of agree; several values are not modelled.
    if (values.length !== 1) throw new Error("the model checks one value per claim entry: several values have no documented semantics");
    const [v] = values;
    if (format === "single-string") return claim === v;
    if (format === "space-separated-values") return typeof claim === "string" && claim.split(" ").includes(v);
    if (format === "string-array") return Array.isArray(claim) && claim.includes(v);
    throw new Error(`unknown claim format ${format}`);
}

export async function albJwtCheck(config: JwtValidationConfig, authorization: string | undefined, fetchJwks: (url: string) => Promise<JSONWebKeySet>, now = new Date()): Promise<JwtVerdict> {
    const token = /^Bearer (\S+)$/.exec(authorization ?? "")?.[1];
    if (!token) return { admitted: false, why: "no bearer token" };
    let payload: Record<string, unknown>;
    try {
        const jwks = createLocalJWKSet(await fetchJwks(config.jwksEndpoint));
        ({ payload } = await jwtVerify(token, jwks, { algorithms: ["RS256"], issuer: config.issuer, currentDate: now, requiredClaims: ["exp"] }));
    } catch (err) {
        return { admitted: false, why: (err as Error).message };
    }
    for (const c of config.additionalClaims ?? []) {
        if (!claimHolds(c.format, payload[c.name], c.values)) return { admitted: false, why: `claim ${c.name} is not ${c.values.join(", ")}` };
    }
    return { admitted: true };
}
