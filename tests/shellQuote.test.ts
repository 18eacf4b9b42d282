/**
 * Every command the program, the plan, the doctor or a function prints is safe to paste: each is run
 * here through sh, with the command itself replaced by a function that prints its arguments, and
 * the arguments must be exactly the values — `$(…)`, backticks, `|` and quotes included.
 */
import { expect } from "chai";
import { execFileSync } from "child_process";
import { backendOverrideError, renamedAlbError } from "../components/annotations";
import { createUserCommand } from "../components/cognitoUrls";
import { classParamsError } from "../config/classParamsPolicy";
import { checkStackConfig } from "../config/keyCheck";
import { checkEmail } from "../config/rules";
import { shellQuote } from "../config/shell";
import { runStackFailure, baseConfig } from "./harness";
// eslint-disable-next-line @typescript-eslint/no-require-imports
const removal = require("../lambda/signOutRemovedUser.js") as { run(users: { userPoolId: string; username: string }[], signOut: () => Promise<void>): Promise<unknown>; shellQuote(v: string): string };

const HOSTILE = ["o'brien@acme.io", "$(touch /tmp/pwned)", "`id`", "a|b", "a;b", "it's \"quoted\"", "x'$(id)'y", "tab\there", "new\nline", "*", "~root", "-n"];

/**
 * Runs each command in one sh, with aws, pulumi and kubectl printing their arguments, and returns each
 * command's arguments; placeholders (`<value>`) become PLACEHOLDER.
 */
function argsOfAll(commands: string[]): string[][] {
    const stubs = "for c in aws pulumi kubectl; do eval \"$c() { printf '%s\\\\0' \\\"\\$@\\\"; }\"; done";
    const script = [stubs, ...commands.map((c) => `${c.replace(/<[a-z][a-z .-]*>/g, "PLACEHOLDER")}\nprintf '\\036'`)].join("\n");
    return execFileSync("sh", ["-c", script], { encoding: "utf8" }).split("\x1e").slice(0, -1).map((out) => out.split("\0").slice(0, -1));
}
const argsOf = (command: string) => argsOfAll([command])[0];

/** The commands a message holds between backticks, or after "by hand: ". */
const commandsIn = (text: string) => [...text.matchAll(/`((?:aws|pulumi|kubectl) [^`]+)`|by hand: (aws [\s\S]*)$/g)].map((m) => m[1] ?? m[2]);

describe("printed commands are safe to paste: every value quoted for a POSIX shell", () => {
    it("quotes any value so that sh reads it back unchanged, and leaves plain ones and placeholders readable", () => {
        const values = [...HOSTILE, "plain-value_1.2:3@x/y", ""];
        expect(argsOfAll(values.map((v) => `aws ${shellQuote(v)}`))).to.deep.equal(values.map((v) => [v]));
        for (const v of values) expect(removal.shellQuote(v), "the function's copy quotes the same way").to.equal(shellQuote(v));
        expect(shellQuote("us-east-1_AbC123")).to.equal("us-east-1_AbC123");
        expect(shellQuote("<e-mail address>")).to.equal("<e-mail address>");
    });

    it("the removal function's manual sign-out command", async () => {
        const commands: string[] = [];
        for (const username of HOSTILE) {
            const err = await removal.run([{ userPoolId: "us-east-1_Pool1", username }], async () => { throw Object.assign(new Error("denied"), { name: "AccessDeniedException" }); })
                .then(() => undefined, (e: Error) => e);
            commands.push(...commandsIn(err!.message));
        }
        expect(argsOfAll(commands)).to.deep.equal(HOSTILE.map((username) => ["cognito-idp", "admin-user-global-sign-out", "--user-pool-id", "us-east-1_Pool1", "--username", username]));
    });

    it("the plan's and the outputs' commands, with their values", async () => {
        expect(argsOf(createUserCommand("us-east-1_Pool1", "us-east-1"))).to.deep.equal(["cognito-idp", "admin-create-user", "--user-pool-id", "us-east-1_Pool1",
            "--username", "PLACEHOLDER", "--user-attributes", "Name=email,Value=PLACEHOLDER", "Name=email_verified,Value=true", "--desired-delivery-mediums", "EMAIL", "--region", "us-east-1"]);
        // Messages set commands between backticks: values here hold none (the function's command above does).
        const values = HOSTILE.filter((h) => !/[\n`]/.test(h));
        const commands = values.flatMap((v) => [
            ...commandsIn(renamedAlbError(v, "mdai-new", "mdai-dev")!.message),
            ...commandsIn(backendOverrideError(`mdai/${v.replace(/\//g, "_")}`, { [`alb.ingress.kubernetes.io/auth-${v}`]: "none" })!.message),
            ...commandsIn(classParamsError(v, { listeners: [{}] }, { ingressClassName: "alb", scheme: "internal", inboundCidrs: [], groupName: "g" })!.message),
            ...commandsIn(checkStackConfig({ [`mdai-cognito:${v}`]: "1" }, [], () => "stack config")[0].message),
        ]);
        // A Service is namespace/name, so its name holds no slash.
        expect(argsOfAll(commands)).to.deep.equal(values.flatMap((v) => [["config", "set", "loadBalancerName", v],
            ["annotate", "service", "-n", "mdai", v.replace(/\//g, "_"), `alb.ingress.kubernetes.io/auth-${v}-`], ["edit", "ingressclassparams", v], ["config", "rm", v]]));
    });

    it("the config errors' commands, for a group name no shell may run", async () => {
        const group = "ops$(id)'x";
        const f = await runStackFailure({ config: { ...baseConfig(), users: '["alice@acme.io"]', allowedGroups: JSON.stringify([group]) } });
        const cmds = commandsIn(f.error.message).filter((c) => c.includes("groups."));
        expect(cmds).to.have.length(1);
        expect(argsOf(cmds[0])).to.deep.equal(["config", "set", "--path", `groups.${group}[0]`, "PLACEHOLDER"]);
    });
});

describe("e-mail addresses: what real ones use passes, what a shell would run is refused by name", () => {
    it("accepts an apostrophe, plus-addressing and the like", () => {
        for (const a of ["o'brien@acme.io", "first.last+mdai@acme.io", "a_b-c@sub.acme.io", "x!#%&*=?^{}~@acme.io"]) expect(checkEmail(a), a).to.equal(undefined);
    });

    it("refuses ` $ | ; < > ( ) \\, white space and control characters, naming them", () => {
        const cases: [string, string][] = [["a`id`@acme.io", "holds `"], ["x$(id)@acme.io", "holds $, ( and )"], ["a|b@acme.io", "holds |"], ["a;b@acme.io", "holds ;"],
            ["a<b>@acme.io", "holds < and >"], ["a\\b@acme.io", "holds \\"], ["a b@acme.io", "holds a space"], ["a\u0007b@acme.io", "holds a control character"], ["a\tb@acme.io", "holds white space"]];
        for (const [a, why] of cases) expect(checkEmail(a)?.wrong, JSON.stringify(a)).to.contain(why);
    });

    it("refuses them in users and group members before anything is created", async () => {
        const f = await runStackFailure({ config: { ...baseConfig(), users: '["x$(id)@acme.io"]', groups: '{"ops":["a|b@acme.io"]}' } });
        expect(f.error.message).to.contain("mdai-cognito:users").and.contain("holds $, ( and )").and.contain("mdai-cognito:groups.ops[0]").and.contain("holds |");
        expect(f.resources).to.deep.equal([]);
    });
});
