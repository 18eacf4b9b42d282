/**
 * What `pulumi destroy` leaves in the account, as data: the plan groups the resources it would
 * create under these entries (a retained resource without one fails the plan), and
 * docs/destroy.md is rendered from the same entries, so the list, the plan and the code agree.
 */

/** Resources of the stack's state that carry Pulumi's `retainOnDelete`. */
export interface KeptResource {
    id: string;
    /** What a reader recognises, in a phrase. */
    what: string;
    /** The component the retained resources are children of, and (when not all of them) their types. */
    parentType: string;
    types?: readonly string[];
    /** The settings under which the stack creates them, retained. */
    when: string;
    why: string;
    /** How to remove it by hand once it is no longer wanted. */
    remove: string;
}

/** Things the stack never has in its state, but that its resources create and destroy does not delete. */
export interface KeptOutsideState {
    id: string;
    what: string;
    /** A resource type whose presence in the plan means this thing will exist. */
    createdBy: string;
    when: string;
    why: string;
    remove: string;
}

export const KEPT_RESOURCES: readonly KeptResource[] = [
    {
        id: "user-pool", what: "the Cognito user pool, with every user in it (deletion protection on)",
        parentType: "mdai:cognito:CognitoAuth", types: ["aws:cognito/userPool:UserPool"],
        when: "a pool is created and `userPoolRetention` is `retain` (the default)",
        why: "users invited by hand, their passwords and MFA devices exist nowhere else; a later stack can adopt the pool (`userPoolId`). " +
            "The app client, the domain, the groups and the users listed in `users` are deleted: removing an address must revoke access",
        remove: "turn off its deletion protection in the Cognito console, then delete it",
    },
    {
        id: "allowed-groups-gate", what: "the allowed-groups gate: its Lambda function, role, role policies and invoke permission",
        parentType: "mdai:cognito:AllowedGroupsGate",
        when: "the pool is kept and has the gate (`allowedGroups`, or `allowedGroupsGate: keep` after it)",
        why: "the kept pool's pre-token-generation trigger still names the function: once the function is gone, every sign-in to the pool fails",
        remove: "after the pool is deleted (or its trigger removed), delete the function, then its role",
    },
    {
        id: "certificate-validation-records", what: "the certificate's DNS validation records (CNAMEs under `_…` in the hosted zone)",
        parentType: "mdai:dns:ConsoleCertificate", types: ["aws:route53/record:Record"],
        when: "the stack requests the certificate (`hostedZone` without `certificateArn`)",
        why: "ACM validates every certificate of a name in the account with the same record: another certificate may renew through it. It points at ACM and grants nothing",
        remove: "delete it once no certificate in the account covers the name (ACM's console lists what uses it)",
    },
    {
        id: "alb-access-logs", what: "the ALB access-log bucket, its logs and its settings (encryption, public access block, ownership, policy)",
        parentType: "mdai:aws:AlbAccessLogs",
        when: "`albAccessLogs: true`",
        why: "access logs are audit records, kept for as long as your retention rules say, not as long as the stack lives",
        remove: "empty the bucket, then delete it",
    },
];

export const KEPT_OUTSIDE_STATE: readonly KeptOutsideState[] = [
    {
        id: "lambda-log-groups", what: "the CloudWatch log group `/aws/lambda/<function name>` of each function the stack runs",
        createdBy: "aws:lambda/function:Function",
        when: "the allowed-groups gate or the removal sign-out function has run at least once",
        why: "Lambda creates the group at the first invocation, outside Pulumi's state, with no expiry; destroy does not know it",
        remove: "delete the log groups (`aws logs delete-log-group --log-group-name /aws/lambda/<function name>`) or give them a retention",
    },
    {
        id: "alb-shared", what: "the ALB, while an Ingress this stack did not create still joins its IngressGroup",
        createdBy: "kubernetes:networking.k8s.io/v1:Ingress",
        when: "another Ingress names the stack's `groupName`",
        why: "the controller deletes a group's ALB only when its last member goes",
        remove: "delete the other Ingresses of the group, or give them a group of their own",
    },
];

/** The entry a retained resource belongs to, if any. */
export function keptEntryOf(type: string, parentType: string | undefined): KeptResource | undefined {
    return KEPT_RESOURCES.find((e) => e.parentType === parentType && (!e.types || e.types.includes(type)));
}
