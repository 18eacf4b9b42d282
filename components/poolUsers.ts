import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { RemovalSignOut } from "./removalSignOut";

export interface PoolUsersArgs {
    /** E-mail addresses to invite (each is its resource's name). */
    users: string[];
    /** Group name → members' e-mail addresses. */
    groups: Record<string, string[]>;
    /** Sign each user out everywhere before deleting them. */
    signOutRemovedUsers: boolean;
    userPoolId: pulumi.Input<string>;
    userPoolArn: pulumi.Input<string>;
    /** Which pool that is, as a plain string (RemovalSignOutArgs.poolKey). */
    poolKey: string;
    region: pulumi.Input<string>;
}

/**
 * CognitoAuth's users, their sign-out at removal and the groups with their memberships, as children
 * of `parent` named from `name` (the names CognitoAuth has always given them).
 */
export function poolUsers(name: string, a: PoolUsersArgs, parent: pulumi.Resource): { users: aws.cognito.User[]; groups: aws.cognito.UserGroup[]; removalSignOut?: RemovalSignOut } {
    const users = a.users.map((email) => new aws.cognito.User(`${name}-user-${email}`, {
        userPoolId: a.userPoolId,
        username: email,
        attributes: { email, email_verified: "true" },
        desiredDeliveryMediums: ["EMAIL"],
    }, { parent })); // not retained: removing an address must revoke that user's access
    const removalSignOut = users.length && a.signOutRemovedUsers
        ? new RemovalSignOut(`${name}-removal-sign-out`, { userPoolArn: a.userPoolArn, poolKey: a.poolKey, region: a.region }, { parent }) : undefined;
    users.forEach((u, n) => removalSignOut?.forUser(`${name}-user-${a.users[n]}-sign-out`, a.userPoolId, a.users[n], u));

    const byEmail = new Map(users.map((u, n) => [a.users[n].toLowerCase(), u]));
    const groups = Object.entries(a.groups).map(([group, members]) => {
        const g = new aws.cognito.UserGroup(`${name}-group-${group}`, { name: group, userPoolId: a.userPoolId, description: "managed by mdai-cognito" }, { parent });
        // A member the stack invites is added once the user exists; others must exist already.
        for (const email of members) {
            const user = byEmail.get(email.toLowerCase());
            new aws.cognito.UserInGroup(`${name}-group-${group}-member-${email}`, { userPoolId: a.userPoolId, groupName: g.name, username: email },
                { parent, dependsOn: user ? [user] : [] });
        }
        return g;
    });
    return { users, groups, removalSignOut };
}
