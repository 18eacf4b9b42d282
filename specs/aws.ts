/**
 * The AWS resources the program registers, as the API requests they become, checked against AWS's
 * own API models (specs/data, from botocore). Each mapper turns a resource's Pulumi inputs into
 * request members the way the provider does; an input a mapper does not know is itself a finding,
 * so a new input cannot slip past unchecked.
 */
import { Violation, checkRequest, checkShape, isPlaceholder } from "./botocore";
import { Inputs, MODELS, Mapper, Request, autonamed, clean } from "./models";
import { S3_MAPPERS } from "./s3Mappers";

export const MODEL_VERSIONS = [...new Set(Object.values(MODELS).map((m) => `${m.metadata.serviceId} ${m.metadata.apiVersion}`))];

export interface AwsFinding {
    resource: string;
    /** The API operation and member, e.g. `CreateUserPool Policies.PasswordPolicy.MinimumLength`. */
    field: string;
    value: unknown;
    rule: string;
}


/** Per resource type: the inputs it maps, and the requests they become. */
const MAPPERS: Record<string, Mapper> = {
    "aws:cognito/userPool:UserPool": {
        inputs: ["name", "usernameAttributes", "usernameConfiguration", "autoVerifiedAttributes", "adminCreateUserConfig", "passwordPolicy", "mfaConfiguration",
            "softwareTokenMfaConfiguration", "accountRecoverySetting", "userPoolTier", "userPoolAddOns", "deletionProtection", "lambdaConfig", "tags", "schemas",
            "signInPolicy", "emailConfiguration", "webAuthnConfiguration"],
        map: (i) => {
            const p = i.passwordPolicy ?? {};
            const create = clean({
                PoolName: i.name,
                UsernameAttributes: i.usernameAttributes,
                UsernameConfiguration: i.usernameConfiguration && { CaseSensitive: i.usernameConfiguration.caseSensitive },
                AutoVerifiedAttributes: i.autoVerifiedAttributes,
                AdminCreateUserConfig: i.adminCreateUserConfig && { AllowAdminCreateUserOnly: i.adminCreateUserConfig.allowAdminCreateUserOnly },
                Policies: (i.passwordPolicy || i.signInPolicy) && clean({
                    PasswordPolicy: i.passwordPolicy && clean({ MinimumLength: p.minimumLength, RequireLowercase: p.requireLowercase, RequireUppercase: p.requireUppercase,
                        RequireNumbers: p.requireNumbers, RequireSymbols: p.requireSymbols, TemporaryPasswordValidityDays: p.temporaryPasswordValidityDays }),
                    SignInPolicy: i.signInPolicy && { AllowedFirstAuthFactors: i.signInPolicy.allowedFirstAuthFactors } }),
                EmailConfiguration: i.emailConfiguration && clean({ EmailSendingAccount: i.emailConfiguration.emailSendingAccount, SourceArn: i.emailConfiguration.sourceArn,
                    From: i.emailConfiguration.fromEmailAddress, ReplyToEmailAddress: i.emailConfiguration.replyToEmailAddress, ConfigurationSet: i.emailConfiguration.configurationSet }),
                AccountRecoverySetting: i.accountRecoverySetting && { RecoveryMechanisms: i.accountRecoverySetting.recoveryMechanisms.map((m: Inputs) => ({ Name: m.name, Priority: m.priority })) },
                UserPoolTier: i.userPoolTier,
                UserPoolAddOns: i.userPoolAddOns && { AdvancedSecurityMode: i.userPoolAddOns.advancedSecurityMode },
                DeletionProtection: i.deletionProtection,
                UserPoolTags: i.tags,
                Schema: i.schemas?.map((a: Inputs) => clean({ Name: a.name, AttributeDataType: a.attributeDataType, Mutable: a.mutable, DeveloperOnlyAttribute: a.developerOnlyAttribute,
                    Required: a.required, StringAttributeConstraints: a.stringAttributeConstraints && clean({ MinLength: a.stringAttributeConstraints.minLength, MaxLength: a.stringAttributeConstraints.maxLength }) })),
                LambdaConfig: i.lambdaConfig?.preTokenGenerationConfig && { PreTokenGenerationConfig: {
                    LambdaArn: i.lambdaConfig.preTokenGenerationConfig.lambdaArn, LambdaVersion: i.lambdaConfig.preTokenGenerationConfig.lambdaVersion } },
            });
            // The provider sets MFA (and TOTP) with SetUserPoolMfaConfig once the pool exists.
            const mfa = clean({ UserPoolId: "<known after deploy: the new pool's id>", MfaConfiguration: i.mfaConfiguration,
                SoftwareTokenMfaConfiguration: i.softwareTokenMfaConfiguration && { Enabled: i.softwareTokenMfaConfiguration.enabled },
                WebAuthnConfiguration: i.webAuthnConfiguration && clean({ RelyingPartyId: i.webAuthnConfiguration.relyingPartyId, UserVerification: i.webAuthnConfiguration.userVerification }) });
            return [{ model: MODELS.cognito, operation: "CreateUserPool", request: create }, { model: MODELS.cognito, operation: "SetUserPoolMfaConfig", request: mfa }];
        },
    },
    "aws:cognito/userPoolClient:UserPoolClient": {
        inputs: ["name", "userPoolId", "generateSecret", "allowedOauthFlowsUserPoolClient", "allowedOauthFlows", "allowedOauthScopes", "callbackUrls", "logoutUrls",
            "supportedIdentityProviders", "explicitAuthFlows", "preventUserExistenceErrors", "enableTokenRevocation", "idTokenValidity", "accessTokenValidity",
            "refreshTokenValidity", "tokenValidityUnits", "writeAttributes"],
        map: (i) => [{ model: MODELS.cognito, operation: "CreateUserPoolClient", request: clean({
            ClientName: i.name, UserPoolId: i.userPoolId, GenerateSecret: i.generateSecret, AllowedOAuthFlowsUserPoolClient: i.allowedOauthFlowsUserPoolClient,
            AllowedOAuthFlows: i.allowedOauthFlows, AllowedOAuthScopes: i.allowedOauthScopes, CallbackURLs: i.callbackUrls, LogoutURLs: i.logoutUrls,
            SupportedIdentityProviders: i.supportedIdentityProviders, WriteAttributes: i.writeAttributes, ExplicitAuthFlows: i.explicitAuthFlows, PreventUserExistenceErrors: i.preventUserExistenceErrors,
            EnableTokenRevocation: i.enableTokenRevocation, IdTokenValidity: i.idTokenValidity, AccessTokenValidity: i.accessTokenValidity, RefreshTokenValidity: i.refreshTokenValidity,
            TokenValidityUnits: i.tokenValidityUnits && clean({ IdToken: i.tokenValidityUnits.idToken, AccessToken: i.tokenValidityUnits.accessToken, RefreshToken: i.tokenValidityUnits.refreshToken }),
        }) }],
    },
    "aws:wafv2/webAclAssociation:WebAclAssociation": {
        inputs: ["resourceArn", "webAclArn"],
        map: (i) => [{ model: MODELS.wafv2, operation: "AssociateWebACL", request: clean({ WebACLArn: i.webAclArn, ResourceArn: i.resourceArn }) }],
    },
    ...S3_MAPPERS,
    "aws:cognito/identityProvider:IdentityProvider": {
        inputs: ["userPoolId", "providerName", "providerType", "providerDetails", "attributeMapping", "idpIdentifiers"],
        map: (i) => [{ model: MODELS.cognito, operation: "CreateIdentityProvider", request: clean({
            UserPoolId: i.userPoolId, ProviderName: i.providerName, ProviderType: i.providerType, ProviderDetails: i.providerDetails, AttributeMapping: i.attributeMapping, IdpIdentifiers: i.idpIdentifiers,
        }) }],
    },
    "aws:cognito/resourceServer:ResourceServer": {
        inputs: ["userPoolId", "identifier", "name", "scopes"],
        map: (i) => [{ model: MODELS.cognito, operation: "CreateResourceServer", request: clean({
            UserPoolId: i.userPoolId, Identifier: i.identifier, Name: i.name,
            Scopes: i.scopes?.map((x: Inputs) => ({ ScopeName: x.scopeName, ScopeDescription: x.scopeDescription })),
        }) }],
    },
    "aws:cognito/userPoolDomain:UserPoolDomain": {
        inputs: ["domain", "userPoolId", "managedLoginVersion", "certificateArn"],
        // DomainType's pattern describes one label, a prefix; a custom domain is a full name (the API reference: "the
        // fully-qualified domain name, such as auth.example.com"), each of whose labels is held to it.
        map: (i) => (i.certificateArn ? String(i.domain).split(".") : [i.domain]).map((label) => ({ model: MODELS.cognito, operation: "CreateUserPoolDomain", request: clean({
            Domain: label, UserPoolId: i.userPoolId, ManagedLoginVersion: i.managedLoginVersion, CustomDomainConfig: i.certificateArn && { CertificateArn: i.certificateArn } }) })),
    },
    "aws:cognito/managedLoginBranding:ManagedLoginBranding": {
        inputs: ["userPoolId", "clientId", "useCognitoProvidedValues", "settings", "assets"],
        map: (i) => [{ model: MODELS.cognito, operation: "CreateManagedLoginBranding", request: clean({ UserPoolId: i.userPoolId, ClientId: i.clientId,
            UseCognitoProvidedValues: i.useCognitoProvidedValues, Settings: i.settings === undefined ? undefined : JSON.parse(i.settings),
            // Bytes is a blob: the provider sends the decoded image, whose size the model bounds.
            Assets: i.assets?.map((a: Inputs) => clean({ Category: a.category, ColorMode: a.colorMode, Extension: a.extension, Bytes: a.bytes === undefined ? undefined : Buffer.from(a.bytes, "base64") })) }) }],
    },
    "aws:cognito/user:User": {
        inputs: ["userPoolId", "username", "attributes", "desiredDeliveryMediums"],
        map: (i) => [{ model: MODELS.cognito, operation: "AdminCreateUser", request: clean({
            UserPoolId: i.userPoolId, Username: i.username, DesiredDeliveryMediums: i.desiredDeliveryMediums,
            UserAttributes: i.attributes && Object.entries(i.attributes as Record<string, string>).map(([Name, Value]) => ({ Name, Value })),
        }) }],
    },
    "aws:acm/certificate:Certificate": {
        inputs: ["domainName", "subjectAlternativeNames", "validationMethod"],
        map: (i) => [{ model: MODELS.acm, operation: "RequestCertificate", request: clean({
            DomainName: i.domainName, ValidationMethod: i.validationMethod,
            // ACM adds the domain name to the SANs it requests.
            SubjectAlternativeNames: i.subjectAlternativeNames && [i.domainName, ...i.subjectAlternativeNames],
        }) }],
    },
    "aws:route53/record:Record": {
        inputs: ["zoneId", "name", "type", "ttl", "records", "aliases", "allowOverwrite"],
        map: (i) => [{ model: MODELS.route53, operation: "ChangeResourceRecordSets", request: {
            HostedZoneId: i.zoneId,
            ChangeBatch: { Changes: [{ Action: i.allowOverwrite ? "UPSERT" : "CREATE", ResourceRecordSet: clean({
                Name: i.name, Type: i.type, TTL: i.ttl,
                // The provider quotes TXT values, as Route 53 requires.
                ResourceRecords: i.records?.map((v: string) => ({ Value: i.type === "TXT" && !isPlaceholder(v) && !v.startsWith('"') ? `"${v}"` : v })),
                AliasTarget: i.aliases?.[0] && { HostedZoneId: i.aliases[0].zoneId, DNSName: i.aliases[0].name, EvaluateTargetHealth: i.aliases[0].evaluateTargetHealth },
            }) }] },
        } }],
    },
    "aws:cognito/userGroup:UserGroup": {
        inputs: ["name", "userPoolId", "description", "precedence", "roleArn"],
        map: (i) => [{ model: MODELS.cognitoGroups, operation: "CreateGroup", request: clean({ GroupName: i.name, UserPoolId: i.userPoolId, Description: i.description, Precedence: i.precedence, RoleArn: i.roleArn }) }],
    },
    "aws:cognito/userInGroup:UserInGroup": {
        inputs: ["userPoolId", "groupName", "username"],
        map: (i) => [{ model: MODELS.cognitoGroups, operation: "AdminAddUserToGroup", request: { UserPoolId: i.userPoolId, Username: i.username, GroupName: i.groupName } }],
    },
    "aws:iam/role:Role": {
        inputs: ["assumeRolePolicy", "description", "name"],
        map: (i) => [{ model: MODELS.iam, operation: "CreateRole", request: clean({ RoleName: i.name ?? autonamed("the role's generated name"), AssumeRolePolicyDocument: i.assumeRolePolicy, Description: i.description }) }],
    },
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment": {
        inputs: ["role", "policyArn"],
        map: (i) => [{ model: MODELS.iam, operation: "AttachRolePolicy", request: { RoleName: i.role ?? autonamed("the role's name"), PolicyArn: i.policyArn } }],
    },
    "aws:lambda/function:Function": {
        inputs: ["name", "description", "runtime", "handler", "role", "code", "environment", "timeout", "memorySize"],
        map: (i) => [{ model: MODELS.lambda, operation: "CreateFunction", request: clean({
            FunctionName: i.name ?? autonamed("the function's generated name"), Description: i.description, Runtime: i.runtime, Handler: i.handler,
            Role: i.role ?? autonamed("the role's ARN"),
            // The provider zips the archive and sends its bytes.
            Code: { ZipFile: autonamed("the zipped code") },
            Environment: i.environment && { Variables: i.environment.variables }, Timeout: i.timeout, MemorySize: i.memorySize,
        }) }],
    },
    "aws:lambda/permission:Permission": {
        inputs: ["action", "function", "principal", "sourceArn", "statementId"],
        map: (i) => [{ model: MODELS.lambda, operation: "AddPermission", request: clean({
            FunctionName: i.function ?? autonamed("the function's name"), StatementId: i.statementId ?? autonamed("a generated statement id"), Action: i.action, Principal: i.principal, SourceArn: i.sourceArn,
        }) }],
    },
    "aws:iam/rolePolicy:RolePolicy": {
        inputs: ["role", "policy", "name"],
        map: (i) => [{ model: MODELS.iam, operation: "PutRolePolicy", request: {
            RoleName: i.role ?? autonamed("the role's name"), PolicyName: i.name ?? autonamed("the policy's generated name"), PolicyDocument: i.policy ?? autonamed("the policy document"),
        } }],
    },
    // lifecycleScope, terraformKey and triggers shape the payload and the resource's lifecycle (terraform-provider-aws lambda/invocation.go).
    "aws:lambda/invocation:Invocation": {
        inputs: ["functionName", "input", "lifecycleScope", "qualifier", "terraformKey", "triggers"],
        map: (i) => [{ model: MODELS.lambda, operation: "Invoke", request: clean({
            FunctionName: i.functionName ?? autonamed("the function's name"), InvocationType: "RequestResponse", Payload: i.input, Qualifier: i.qualifier ?? "$LATEST",
        }) }],
    },
    // Validation happens in ACM; the resource only waits, and sends no request of its own.
    "aws:acm/certificateValidation:CertificateValidation": { inputs: ["certificateArn", "validationRecordFqdns"], map: () => [] },
};

export interface AwsResource {
    type: string;
    name: string;
    /** Inputs with secrets revealed or masked (placeholders are not checked). */
    inputs: Inputs;
}

/** Every finding for the AWS resources of a run, and how many requests and deferred values there were. */
export function validateAwsResources(resources: AwsResource[]): { findings: AwsFinding[]; requests: number; deferred: number } {
    const findings: AwsFinding[] = [];
    let requests = 0;
    let deferred = 0;
    for (const r of resources.filter((x) => x.type.startsWith("aws:"))) {
        const mapper = MAPPERS[r.type];
        const resource = `${r.type} ${r.name}`;
        if (!mapper) {
            findings.push({ resource, field: "(type)", value: r.type, rule: "no API model maps this resource type (add it to specs/aws.ts)" });
            continue;
        }
        for (const k of Object.keys(r.inputs).filter((k) => !mapper.inputs.includes(k) && r.inputs[k] !== undefined)) {
            findings.push({ resource, field: k, value: r.inputs[k], rule: "this input has no mapping to the API request (add it to specs/aws.ts)" });
        }
        for (const q of mapper.map(r.inputs)) {
            requests++;
            const res = q.shape ? check(q) : checkRequest(q.model, q.operation, q.request);
            deferred += res.deferred;
            findings.push(...res.violations.map((v: Violation) => ({ resource, field: `${q.operation} ${v.field}`, value: v.value, rule: v.rule })));
        }
    }
    return { findings, requests, deferred };
}

function check(q: Request): { violations: Violation[]; deferred: number } {
    const violations: Violation[] = [];
    const deferred = { count: 0 };
    checkShape(q.model, q.shape!, q.request, "", violations, deferred);
    return { violations, deferred: deferred.count };
}

/**
 * The ALB's authenticate action, as the controller builds it from an Ingress's annotations
 * (pkg/ingress/model_build_actions.go) — the OIDC client id from the Secret it names — checked
 * against the ELBv2 model's Action shape.
 */
export function validateAuthAction(ingress: string, annotations: Record<string, string>, oidcClientId: string | undefined): AwsFinding[] {
    const a = (k: string) => annotations[`alb.ingress.kubernetes.io/${k}`];
    const type = a("auth-type") ?? "none";
    if (type === "none") return [];
    const common = { OnUnauthenticatedRequest: a("auth-on-unauthenticated-request"), Scope: a("auth-scope"), SessionCookieName: a("auth-session-cookie"),
        SessionTimeout: a("auth-session-timeout") === undefined ? undefined : Number(a("auth-session-timeout")) };
    let action: Record<string, unknown>;
    try {
        if (type === "cognito") {
            const idp = JSON.parse(a("auth-idp-cognito") ?? "{}");
            action = { Type: "authenticate-cognito", Order: 1, AuthenticateCognitoConfig: clean({ UserPoolArn: idp.userPoolARN, UserPoolClientId: idp.userPoolClientID, UserPoolDomain: idp.userPoolDomain, ...common }) };
        } else {
            const idp = JSON.parse(a("auth-idp-oidc") ?? "{}");
            action = { Type: `authenticate-${type}`, Order: 1, AuthenticateOidcConfig: clean({ Issuer: idp.issuer, AuthorizationEndpoint: idp.authorizationEndpoint, TokenEndpoint: idp.tokenEndpoint,
                UserInfoEndpoint: idp.userInfoEndpoint, ClientId: oidcClientId, ...common }) };
        }
    } catch (err) {
        return [{ resource: `Ingress ${ingress}`, field: `auth-idp-${type}`, value: a(`auth-idp-${type}`), rule: `is not JSON: ${(err as Error).message}` }];
    }
    return check({ model: MODELS.elbv2, operation: "CreateRule", shape: "Action", request: action }).violations
        .map((v) => ({ resource: `Ingress ${ingress}`, field: `CreateRule Actions[0].${v.field}`, value: v.value, rule: v.rule }));
}

/** The controller's jwt-validation format: kubernetes-sigs/aws-load-balancer-controller pkg/ingress/config_types.go JwtValidationConfig, commit e17fc305a (PR #4445, first released in v2.15.0). */
const JWT_CLAIM_FORMATS = ["single-string", "string-array", "space-separated-values"];

/**
 * A bearer member's `jwt-validation` as the controller parses it (enhanced_backend_builder.go
 * buildJwtValidationConfig: jwksEndpoint and issuer required; each claim's format, name and values) and
 * refuses it (model_build_actions.go: not beside authentication on one Ingress), then as the CreateRule
 * action it becomes, against the ELBv2 API model; the ALB checks at most 10 additional claims
 * (listener-verify-jwt.html).
 */
export function validateJwtAction(ingress: string, annotations: Record<string, string>): AwsFinding[] {
    const raw = annotations["alb.ingress.kubernetes.io/jwt-validation"];
    if (raw === undefined) return [];
    const at = (field: string, value: unknown, rule: string): AwsFinding => ({ resource: `Ingress ${ingress}`, field, value, rule });
    let c: { jwksEndpoint?: string; issuer?: string; additionalClaims?: { format?: string; name?: string; values?: string[] }[] };
    try {
        c = JSON.parse(raw);
    } catch (err) {
        return [at("jwt-validation", raw, `is not JSON: ${(err as Error).message}`)];
    }
    const out: AwsFinding[] = [];
    if ((annotations["alb.ingress.kubernetes.io/auth-type"] ?? "none") !== "none") out.push(at("auth-type", annotations["alb.ingress.kubernetes.io/auth-type"], "authentication and jwt validation can't both be configured (the controller refuses the Ingress)"));
    if (!c.jwksEndpoint) out.push(at("jwt-validation.jwksEndpoint", c.jwksEndpoint, "jwksEndpoint is a required field for jwt validation"));
    if (!c.issuer) out.push(at("jwt-validation.issuer", c.issuer, "issuer is a required field for jwt validation"));
    const claims = c.additionalClaims ?? [];
    if (claims.length > 10) out.push(at("jwt-validation.additionalClaims", claims.length, "the ALB checks at most 10 additional claims"));
    claims.forEach((x, n) => {
        if (!x.format || !JWT_CLAIM_FORMATS.includes(x.format)) out.push(at(`jwt-validation.additionalClaims[${n}].format`, x.format, `must be one of ${JWT_CLAIM_FORMATS.join(", ")}`));
        if (!x.name) out.push(at(`jwt-validation.additionalClaims[${n}].name`, x.name, "is required"));
        if (!x.values?.length) out.push(at(`jwt-validation.additionalClaims[${n}].values`, x.values, "must hold at least one value"));
    });
    const action = { Type: "jwt-validation", Order: 1, JwtValidationConfig: clean({ JwksEndpoint: c.jwksEndpoint, Issuer: c.issuer,
        AdditionalClaims: claims.length ? claims.map((x) => ({ Format: x.format, Name: x.name, Values: x.values })) : undefined }) };
    return [...out, ...check({ model: MODELS.elbv2, operation: "CreateRule", shape: "Action", request: action }).violations
        .map((v) => at(`CreateRule Actions[0].${v.field}`, v.value, v.rule))];
}
