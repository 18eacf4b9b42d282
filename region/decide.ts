import { ConfigError, problem } from "../config/errors";
import { didYouMean } from "../config/suggest";
import { ALB_COGNITO_UNSUPPORTED_ERROR, KNOWN_REGIONS, albCognitoGap, partitionOf, regionSupport } from "./regions";

export const AUTH_MODES = ["auto", "cognito", "oidc", "none"] as const;
export type AuthModeSetting = (typeof AUTH_MODES)[number];

/** What the ALB does, and against which identity provider. */
export type AuthDecision =
    | { mode: "cognito"; idp: "cognito-pool"; reason: string; warnings: string[] }
    | { mode: "oidc"; idp: "cognito-pool" | "external"; reason: string; warnings: string[] }
    | { mode: "none"; idp: "none"; reason: string; warnings: string[] };

export interface DecisionInput {
    authMode: AuthModeSetting;
    /** The stack's AWS region: where the ALB (and the EKS cluster) is. */
    region: string;
    /** Where the user pool is (or would be) created. */
    cognitoRegion: string;
    /** True when the `oidc` key configures an external identity provider. */
    externalIdp: boolean;
    /** `albCognitoConfirmedIn`: a region where the user vouches ALB authenticate-cognito works though the table says not. */
    albCognitoConfirmedIn?: string;
}

export const PUBLIC_CONSOLE_WARNING =
    "authMode is none: the MDAI console will be PUBLIC — anyone on the internet who finds the URL can use it without logging in. " +
    "Set authMode to auto to protect it.";

const KEY_OIDC = "mdai-cognito:oidc";
const KEY_POOL_REGION = "mdai-cognito:cognitoRegion";
const KEY_REGION = "aws:region";
const KEY_CONFIRMED = "mdai-cognito:albCognitoConfirmedIn";
const fullKeyAuthMode = "mdai-cognito:authMode";

const EXTERNAL_IDP_HINT =
    "set mdai-cognito:oidc to an external OIDC identity provider (issuer, authorizationEndpoint, tokenEndpoint, userInfoEndpoint, " +
    "clientId, and clientSecret with `pulumi config set --secret --path oidc.clientSecret`)";

/** Decides how the ALB authenticates; throws a ConfigError for combinations that cannot work. */
export function decideAuth(input: DecisionInput): AuthDecision {
    const { authMode, region, cognitoRegion, externalIdp } = input;
    if (authMode === "none") {
        return { mode: "none", idp: "none", reason: "authMode is none", warnings: [PUBLIC_CONSOLE_WARNING] };
    }
    if (externalIdp) {
        if (authMode === "cognito") {
            throw new ConfigError([problem(KEY_OIDC, { hidden: true }, "authMode is cognito, which only uses a Cognito user pool, so this external identity provider would be ignored",
                "Remove mdai-cognito:oidc, or set mdai-cognito:authMode to oidc (or auto) to use it.")]);
        }
        return { mode: "oidc", idp: "external", reason: `authMode is ${authMode} and mdai-cognito:oidc configures an external identity provider; no Cognito resources are created`, warnings: [] };
    }
    checkPoolRegion(region, cognitoRegion);
    const sameRegion = cognitoRegion === region;
    const confirmed = checkConfirmation(region, input.albCognitoConfirmedIn);
    const support = confirmed ? "alb-cognito" : regionSupport(region);
    const onYourWord = confirmed && sameRegion
        ? [`albCognitoConfirmedIn is ${region}: the region table (region/regions.ts) says ${albCognitoGap(region)}, so authenticate-cognito is used on your word; ` +
            `if the controller reports "${ALB_COGNITO_UNSUPPORTED_ERROR}", remove albCognitoConfirmedIn and set authMode to auto.`]
        : [];

    if (authMode === "oidc") {
        return { mode: "oidc", idp: "cognito-pool", reason: `authMode is oidc: the ALB in ${region} uses the OIDC endpoints of the user pool in ${cognitoRegion}`,
            warnings: confirmed ? ["albCognitoConfirmedIn is set but ignored: authMode oidc never uses authenticate-cognito."] : [] };
    }
    if (authMode === "cognito") {
        if (!sameRegion) {
            throw new ConfigError([problem(KEY_POOL_REGION, cognitoRegion,
                `ALB authenticate-cognito needs the user pool in the ALB's region (${region}); a pool elsewhere fails with "'arn…' is not a valid user pool ARN"`,
                `Set mdai-cognito:cognitoRegion to ${region}, or set mdai-cognito:authMode to auto or oidc, which works across regions.`)]);
        }
        if (support !== "alb-cognito") {
            // A plan that passes here is what a CI gate lets through, and the controller would then reject it.
            const known = support === "unknown" ? `${region} is not in the region table` : `the region table says of ${region}: ${albCognitoGap(region)}`;
            throw new ConfigError([problem(fullKeyAuthMode, "cognito", `${known}, so the ALB controller would reject the Ingress with "${ALB_COGNITO_UNSUPPORTED_ERROR}"`,
                "Set mdai-cognito:authMode to auto to use OIDC against the same user pool; or, if you have confirmed that ALBs in " +
                `${region} now support authenticate-cognito, \`pulumi config set albCognitoConfirmedIn ${region}\` (see docs/configuration.md#regions-and-auth-modes).`)]);
        }
        return { mode: "cognito", idp: "cognito-pool", reason: `authMode is cognito: the ALB authenticates against the user pool in ${region}`, warnings: onYourWord };
    }
    // auto
    if (!sameRegion) {
        return { mode: "oidc", idp: "cognito-pool", reason: `the user pool's region (${cognitoRegion}) differs from the ALB's (${region}), and ALB authenticate-cognito needs them equal; authenticate-oidc works across regions`, warnings: [] };
    }
    switch (support) {
        case "alb-cognito":
            return { mode: "cognito", idp: "cognito-pool", reason: confirmed ? `albCognitoConfirmedIn says ${region} supports ALB authenticate-cognito` : `${region} supports ALB authenticate-cognito`, warnings: onYourWord };
        case "cognito-only":
            return { mode: "oidc", idp: "cognito-pool", reason: `${region} has Cognito user pools but ${albCognitoGap(region)}, so the ALB uses the pool's OIDC endpoints`, warnings: [] };
        default:
            return {
                mode: "oidc", idp: "cognito-pool",
                reason: `${region} is not in the region table; OIDC against the pool is the choice that works wherever Cognito does`,
                warnings: [`${region} is not in the region table (region/regions.ts).${didYouMean(region, KNOWN_REGIONS)} If it is a new AWS region, ` +
                    "the program assumes it has Cognito user pools and uses authenticate-oidc; if it supports ALB authenticate-cognito, add it to ALB_COGNITO_REGIONS or set authMode to cognito."],
            };
    }
}

/**
 * True when albCognitoConfirmedIn vouches for the stack's region where the table has no ALB-Cognito.
 * It names a region, not a yes, so that moving the stack never carries the word to a region nobody checked.
 */
function checkConfirmation(region: string, confirmedIn: string | undefined): boolean {
    if (!confirmedIn) return false;
    if (confirmedIn !== region) {
        throw new ConfigError([problem(KEY_CONFIRMED, confirmedIn, `it vouches for ALB authenticate-cognito in ${confirmedIn}, but the stack's region is ${region}`,
            "Remove it (`pulumi config rm albCognitoConfirmedIn`), or set it to the stack's region once you have confirmed support there.")]);
    }
    if (regionSupport(region) === "alb-cognito") {
        throw new ConfigError([problem(KEY_CONFIRMED, confirmedIn, `the region table already lists ${region} with ALB authenticate-cognito, so there is nothing to vouch for`,
            "Remove it (`pulumi config rm albCognitoConfirmedIn`): left in, it would hide a later change of the table.")]);
    }
    return true;
}

/** A user pool can only be used where Cognito exists and within the ALB's partition. */
function checkPoolRegion(region: string, cognitoRegion: string): void {
    if (regionSupport(cognitoRegion) === "no-cognito") {
        const key = cognitoRegion === region ? KEY_REGION : KEY_POOL_REGION;
        throw new ConfigError([problem(key, cognitoRegion,
            "Amazon Cognito user pools do not exist in this region, and no external identity provider is configured",
            `To protect the console here, ${EXTERNAL_IDP_HINT}.`)]);
    }
    if (partitionOf(cognitoRegion) !== partitionOf(region)) {
        throw new ConfigError([problem(KEY_POOL_REGION, cognitoRegion,
            `the user pool must be in the same AWS partition as the ALB (${partitionOf(region)}, region ${region})`,
            `Set mdai-cognito:cognitoRegion to a region of that partition, or ${EXTERNAL_IDP_HINT}.`)]);
    }
}
