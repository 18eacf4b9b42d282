/**
 * npm run policy -- <file or directory> ... [--json] [--level rule=mandatory|advisory|disabled] [--ingress-class NAME] [--console-service NAME]
 *
 * The policy pack's rules (policy/rules.ts) over Kubernetes manifests from anywhere — a Helm chart's
 * output, another team's YAML — offline, before they join the group. Exit status: scripts/exitCodes.ts.
 */
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import { parseCommandArgs } from "./cliArgs";
import { EXIT, exitHelp } from "./exitCodes";
import { PlanInputError } from "./planConfig";
import { K8sObject, Level, RULES, Violation, checkObjects } from "../policy/rules";
import { wrap } from "./planText";

const USAGE = "Usage: npm run policy -- <file or directory> ... [--json] [--level rule=mandatory|advisory|disabled] [--ingress-class NAME] [--console-service NAME]";
/** More files than a chart renders: a directory this large is not a set of manifests. */
const MAX_FILES = 2000;

export interface PolicyIo { stdout(t: string): void; stderr(t: string): void }

/** Every Kubernetes object of the files and directories (recursively: .yaml, .yml, .json), List items unwrapped. */
export function readManifests(targets: string[]): { objects: K8sObject[]; files: number } {
    const files: string[] = [];
    const walk = (p: string) => {
        let st: fs.Stats;
        try {
            st = fs.statSync(p);
        } catch {
            throw new PlanInputError(`${p}: no such file or directory. Give manifest files or directories.`);
        }
        if (st.isDirectory()) for (const e of fs.readdirSync(p).sort()) walk(path.join(p, e));
        else if (/\.(ya?ml|json)$/i.test(p) || targets.includes(p)) files.push(p);
        if (files.length > MAX_FILES) throw new PlanInputError(`more than ${MAX_FILES} files under ${targets.join(", ")}: point it at the manifests themselves.`);
    };
    targets.forEach(walk);
    const objects: K8sObject[] = [];
    for (const f of files) {
        const docs = YAML.parseAllDocuments(fs.readFileSync(f, "utf8"));
        for (const d of docs) {
            if (d.errors.length) throw new PlanInputError(`${f}: ${d.errors[0].message.split("\n")[0]}`);
            const v = d.toJS() as K8sObject & { items?: K8sObject[] };
            if (!v || typeof v !== "object") continue;
            for (const o of v.kind === "List" || (v.kind ?? "").endsWith("List") ? v.items ?? [] : [v]) if (o && typeof o === "object" && o.kind) objects.push(o);
        }
    }
    return { objects, files: files.length };
}

export function policyCommand(argv: string[], io: PolicyIo): number {
    const json = argv.includes("--json");
    try {
        const { values, positionals } = parseCommandArgs(argv, {
            json: { type: "boolean", default: false }, level: { type: "string", multiple: true, default: [] },
            "ingress-class": { type: "string", multiple: true, default: [] }, "console-service": { type: "string", multiple: true, default: [] }, help: { type: "boolean", default: false },
        }, USAGE, true);
        if (values.help) {
            io.stdout(`${USAGE}\n${exitHelp("policy")}Rules: ${RULES.map((r) => `${r.name} (${r.level})`).join(", ")}.\n`);
            return EXIT.ok;
        }
        if (!positionals.length) throw new PlanInputError(`Give the manifests to check.\n${USAGE}`);
        const levels: Record<string, Level> = {};
        for (const l of values.level!) {
            const [rule, level] = l.split("=");
            if (!RULES.some((r) => r.name === rule) || !["mandatory", "advisory", "disabled"].includes(level)) {
                throw new PlanInputError(`--level ${l}: give <rule>=mandatory|advisory|disabled, with a rule of ${RULES.map((r) => r.name).join(", ")}.`);
            }
            levels[rule] = level as Level;
        }
        const { objects, files } = readManifests(positionals);
        const opts = { levels, ingressClasses: values["ingress-class"]!.length ? values["ingress-class"] : undefined, consoleServices: values["console-service"]!.length ? values["console-service"] : undefined };
        const violations = checkObjects(objects, opts);
        const code = !objects.length ? EXIT.unchecked : violations.some((v) => v.level === "mandatory") ? EXIT.wrong : EXIT.ok;
        if (json) io.stdout(JSON.stringify({ ok: code === EXIT.ok, exitCode: code, checked: { files, objects: objects.length }, violations }, null, 2) + "\n");
        else io.stdout(render(violations, files, objects.length));
        return code;
    } catch (err) {
        if (!(err instanceof PlanInputError)) throw err;
        io.stderr(`${err.message}\n`);
        if (json) io.stdout(JSON.stringify({ ok: false, exitCode: EXIT.wrong, problems: [{ key: "", message: err.message }] }, null, 2) + "\n");
        return EXIT.wrong;
    }
}

function render(violations: Violation[], files: number, objects: number): string {
    if (!objects) return `mdai-cognito policy: no Kubernetes object in ${files} file(s): nothing was checked.\n`;
    const out = [`mdai-cognito policy: ${objects} object(s) in ${files} file(s), ${RULES.length} rules.`];
    for (const level of ["mandatory", "advisory"] as const) {
        const mine = violations.filter((v) => v.level === level);
        if (!mine.length) continue;
        out.push("", `${level === "mandatory" ? "Violations" : "Advisories"} (${mine.length}):`, ...mine.flatMap((v) => wrap(`${v.object} [${v.rule}]: ${v.message}. ${v.fix}`, "  - ", "    ")));
    }
    if (!violations.length) out.push("No violations.");
    return out.join("\n") + "\n";
}

if (require.main === module) {
    process.exit(policyCommand(process.argv.slice(2), { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t) }));
}
