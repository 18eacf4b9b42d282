/**
 * Every shell command in README.md and docs/ either runs here as written (the offline ones), is run
 * by CI as written (.ci/run), or sits in a block marked `# needs …` (AWS, the cluster, the Pulumi
 * CLI); commands in those blocks are still checked for what can be checked offline (config keys,
 * output names). Every relative link leads to a file and heading that exist.
 */
import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { CONFIG_KEYS, KNOWN_FILE_VARIABLES } from "../config/keys";
import { AWS_PROVIDER_SETTINGS } from "../config/awsProvider";
import { parseConfigPath } from "../scripts/configPath";
import { planCommand } from "../scripts/plan";

const ROOT = path.join(__dirname, "..");
const DOCS = ["README.md", ...fs.readdirSync(path.join(ROOT, "docs")).filter((f) => f.endsWith(".md")).map((f) => `docs/${f}`)];
const read = (f: string) => fs.readFileSync(path.join(ROOT, f), "utf8");

interface Block { file: string; info: string; lines: string[] }

function blocks(file: string): Block[] {
    const out: Block[] = [];
    let open: Block | undefined;
    for (const line of read(file).split("\n")) {
        const fence = /^```(.*)$/.exec(line);
        if (fence && !open) open = { file, info: fence[1].trim(), lines: [] };
        else if (fence && open) { out.push(open); open = undefined; }
        else if (open) open.lines.push(line);
    }
    return out;
}

/** A block's commands: continuation lines joined, comments and blank lines dropped. */
const commands = (b: Block): string[] => b.lines.join("\n").replace(/\\\n\s*/g, " ").split("\n")
    .map((l) => l.replace(/(^|\s{2,}|\s)#.*$/, "").trim()).filter(Boolean);

/** Shell words: single and double quotes as sh reads them (no expansions: the docs use none). */
function words(cmd: string): string[] {
    const out: string[] = [];
    for (const m of cmd.matchAll(/'([^']*)'|"([^"]*)"|(\S+)/g)) out.push(m[1] ?? m[2] ?? m[3]);
    return out;
}

const shellBlocks = DOCS.flatMap(blocks).filter((b) => b.info === "sh");
const marked = (b: Block) => /^# needs /.test(b.lines[0] ?? "");

/** The names StackOutputs declares (program.ts). */
const OUTPUTS = [...read("program.ts").slice(read("program.ts").indexOf("export interface StackOutputs")).split("\n}")[0].matchAll(/^\s+(\w+)\??:/gm)].map((m) => m[1]);

function checkPulumi(args: string[], where: string): void {
    if (args[0] === "config" && (args[1] === "set" || args[1] === "rm")) {
        const key = args.slice(2).find((a) => !a.startsWith("--"))!;
        const root = parseConfigPath(key).root;
        const ok = root.startsWith("aws:") ? Object.keys(AWS_PROVIDER_SETTINGS).includes(root.slice(4)) || root === "aws:region"
            : CONFIG_KEYS.some((k) => k.key === root.replace(/^mdai-cognito:/, ""));
        expect(ok, `${where}: pulumi config ${args[1]} ${key} names no key`).to.equal(true);
    } else if (args[0] === "stack" && args[1] === "output") {
        expect(OUTPUTS, `${where}: no stack output ${args[2]}`).to.include(args[2]);
    } else {
        expect(["login", "up", "stack", "preview", "destroy", "refresh", "import"], `${where}: pulumi ${args[0]}`).to.include(args[0]);
    }
}

/** A project directory like the repository's, holding the values files the documents show. */
function projectWithDocumentedFiles(): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mdai-docs-"));
    for (const f of ["Pulumi.yaml", "Pulumi.dev.yaml"]) fs.copyFileSync(path.join(ROOT, f), path.join(dir, f));
    fs.mkdirSync(path.join(dir, "values"));
    fs.copyFileSync(path.join(ROOT, "values/aws.env"), path.join(dir, "values/aws.env"));
    for (const b of DOCS.flatMap(blocks)) {
        const file = /^# (values\/[\w.-]+\.env)$/.exec(b.lines[0] ?? "")?.[1];
        if (file) fs.writeFileSync(path.join(dir, file), b.lines.slice(1).join("\n") + "\n");
    }
    return dir;
}

describe("every command in the README and docs/", () => {
    const ci = read(".ci/run");
    const scripts = (JSON.parse(read("package.json")) as { scripts: Record<string, string> }).scripts;
    const project = projectWithDocumentedFiles();
    const plans: { where: string; argv: string[] }[] = [];

    it(`is run here, run by CI, or marked as needing AWS, the cluster or the Pulumi CLI (${shellBlocks.length} blocks)`, () => {
        for (const b of shellBlocks) {
            for (const cmd of commands(b)) {
                const where = `${b.file}: ${cmd}`;
                for (const part of cmd.split(/\s*&&\s*/)) {
                    // `npm run -s x` is `npm run x` without npm's banner.
                    const w = words(part.replace(/\s*>\s*\S+$/, "")).filter((x, n, all) => !(x === "-s" && all[n - 1] === "run"));
                    if (w[0] === "npm" && w[1] === "run" && w[2] === "plan") {
                        plans.push({ where, argv: w.slice(w.indexOf("--") + 1) });
                    } else if (w[0] === "npm" && (w[1] === "ci" || w[1] === "test" || (w[1] === "run" && w[2] === "typecheck"))) {
                        expect(ci, `${where}: CI runs it`).to.contain(w[1] === "run" ? "npm run typecheck" : `npm ${w[1]}`);
                    } else if (w[0] === "npm" && w[1] === "run" && scripts[w[2]]?.startsWith("mocha")) {
                        // A suite of its own (the twin's deep run): CI runs it.
                        expect(ci, `${where}: CI runs it`).to.match(new RegExp(`npm run (-s )?${w[2]}\\b`));
                    } else if (w[0] === "npm" && w[1] === "run") {
                        // Offline but slow or writing files: the script and the flags it is given exist.
                        expect(scripts, where).to.have.property(w[2]);
                        const source = read(scripts[w[2]].split(" ").pop()!);
                        for (const flag of w.slice(w.indexOf("--") + 1).filter((a) => a.startsWith("--"))) {
                            // Read as process.argv.includes("--flag") or as a parseArgs option.
                            expect(source.includes(`"${flag}"`) || new RegExp(`\\b${flag.slice(2)}: \\{ type:`).test(source), `${where}: ${flag}`).to.equal(true);
                        }
                    } else if (w[0] === "bash" && w[1] === ".ci/run") {
                        expect(fs.existsSync(path.join(ROOT, ".ci/run")), where).to.equal(true);
                    } else {
                        expect(marked(b), `${where}: run it in this test, or mark its block "# needs …"`).to.equal(true);
                        expect(["pulumi", "aws", "kubectl"], where).to.include(w[0]);
                        if (w[0] === "pulumi") checkPulumi(w.slice(1), where);
                    }
                }
            }
        }
        expect(plans.length).to.be.at.least(6);
    });

    it("npm run plan, as written: each documented plan runs and exits 0 or 2 (2: the example stack's documentation values)", async () => {
        // The same command documented in two places runs once, its failure naming both.
        const distinct = new Map<string, { where: string; argv: string[] }>();
        for (const p of plans) {
            const key = JSON.stringify(p.argv);
            const seen = distinct.get(key);
            distinct.set(key, seen ? { ...seen, where: `${seen.where}\n${p.where}` } : p);
        }
        for (const p of distinct.values()) {
            const out = fs.mkdtempSync(path.join(os.tmpdir(), "mdai-docs-out-"));
            const argv = p.argv.map((a, n) => (p.argv[n - 1] === "--out" ? path.join(out, a) : a));
            let stdout = "";
            let stderr = "";
            const code = await planCommand(argv, { stdout: (t) => { stdout += t; }, stderr: (t) => { stderr += t; }, env: {}, projectDir: project });
            expect(code, `${p.where}\n${stderr}`).to.be.oneOf([0, 2]);
            expect(stdout, p.where).not.to.equal("");
            // A stack the README shows a complete values file for is deployable as shown.
            if (argv.includes("prod")) expect(code, `${p.where}\n${stdout}`).to.equal(0);
        }
    });
});

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
const slug = (heading: string) => heading.toLowerCase().replace(/[^\p{L}\p{N}\s-]/gu, "").replace(/\s/g, "-");

describe("links in the README and docs/", () => {
    it("lead to files and headings that exist", () => {
        const broken: string[] = [];
        for (const file of DOCS) {
            for (const [, target] of read(file).matchAll(/\]\(([^)\s]+)\)/g)) {
                if (/^https?:/.test(target)) continue;
                const [rel, anchor] = target.split("#");
                const dest = rel ? path.join(path.dirname(file), rel) : file;
                if (!fs.existsSync(path.join(ROOT, dest))) { broken.push(`${file}: ${target}`); continue; }
                if (anchor && dest.endsWith(".md")) {
                    const headings = [...read(dest).matchAll(/^#+ (.+)$/gm)].map((m) => slug(m[1]));
                    if (!headings.includes(anchor)) broken.push(`${file}: ${target}`);
                }
            }
        }
        expect(broken).to.deep.equal([]);
    });

    it("name only variables the program reads, and the README stays a front door (≤ 15 KB)", () => {
        const known = new Set([...CONFIG_KEYS.flatMap((k) => (k.env ? [k.env] : [])), ...KNOWN_FILE_VARIABLES]);
        for (const file of DOCS) for (const [v] of read(file).matchAll(/\bMDAI_[A-Z_]+\b/g)) expect(known.has(v) || /MDAI_(EC2|CLUSTER_CAPACITY|API|CONSOLE_VERSION)/.test(v), `${file}: ${v}`).to.equal(true);
        expect(Buffer.byteLength(read("README.md"))).to.be.at.most(15 * 1024);
    });
});
