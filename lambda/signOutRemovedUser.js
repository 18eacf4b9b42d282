// Signs a user out everywhere before the stack deletes them.
//
// Invoked by an aws.lambda.Invocation with lifecycleScope CRUD per managed user. That resource
// depends on the user, so when an address leaves `users` Pulumi deletes it first, and its delete
// invokes this function with { userPoolId, username, tf: { action: "delete", prev_input } }
// (terraform-provider-aws lambda/invocation.go buildInput); only then is the user deleted.
// AdminUserGlobalSignOut makes Cognito refuse the user's refresh tokens, so the ALB's next
// refresh (when the access token expires) fails and the session ends; deleting alone leaves what
// Cognito does with a deleted user's refresh token undocumented.
// A create does nothing; an update that moves the resource to another user or pool signs the
// previous one out. Plain JavaScript: deployed as is (nodejs22.x, whose runtime includes the AWS
// SDK for JavaScript v3) and unit-tested in tests/removalSignOut.test.ts.
"use strict";

/** Cognito errors that mean there is nobody left to sign out. */
const GONE = ["UserNotFoundException", "ResourceNotFoundException"];

/** One shell word, as config/shell.ts quotes it: the printed command is safe to paste whatever the address holds. */
const shellQuote = (v) => (/^[A-Za-z0-9_@%+=:,./-]+$/.test(v) ? v : `'${String(v).replace(/'/g, "'\\''")}'`);

const who = (x) => (x && typeof x.userPoolId === "string" && typeof x.username === "string" ? { userPoolId: x.userPoolId, username: x.username } : undefined);

/** The users to sign out for one invocation. */
function signOutsFor(event) {
    const tf = (event && event.tf) || {};
    const now = who(event);
    const prev = who(tf.prev_input);
    if (tf.action === "delete") return prev ? [prev] : now ? [now] : [];
    if (tf.action === "update" && prev && !(now && now.userPoolId === prev.userPoolId && now.username === prev.username)) return [prev];
    return [];
}

/** Signs each out with `signOut` (AdminUserGlobalSignOut); a user or pool already gone is done. */
async function run(users, signOut) {
    const signedOut = [];
    for (const u of users) {
        try {
            await signOut(u);
            signedOut.push(u.username);
        } catch (err) {
            if (err && GONE.includes(err.name)) continue;
            // Failing keeps the user: the Invocation's delete fails, so Pulumi stops before deleting them.
            throw new Error(`mdai-cognito could not sign ${u.username} out of user pool ${u.userPoolId} (${(err && err.name) || "Error"}: ${(err && err.message) || err}), ` +
                `so the user was not deleted. Fix the cause and run pulumi up again, or sign them out by hand: aws cognito-idp admin-user-global-sign-out --user-pool-id ${shellQuote(u.userPoolId)} --username ${shellQuote(u.username)}`);
        }
    }
    return { signedOut };
}

/** The handler over an AWS SDK module (`sdk()`, loaded on the first sign-out): the runtime's, or a test's stand-in. */
function handlerWith(sdk) {
    return async (event) => {
        const users = signOutsFor(event);
        if (users.length === 0) return { signedOut: [] };
        const { CognitoIdentityProviderClient, AdminUserGlobalSignOutCommand } = sdk();
        // The SDK retries throttling; a few more attempts than its default 3.
        const client = new CognitoIdentityProviderClient({ maxAttempts: 6 });
        return run(users, (u) => client.send(new AdminUserGlobalSignOutCommand({ UserPoolId: u.userPoolId, Username: u.username })));
    };
}

exports.handler = handlerWith(() => require("@aws-sdk/client-cognito-identity-provider"));
exports.handlerWith = handlerWith;
exports.signOutsFor = signOutsFor;
exports.run = run;
exports.shellQuote = shellQuote;
