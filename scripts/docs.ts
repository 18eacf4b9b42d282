/**
 * npm run docs [-- --check]
 *
 * Writes the documents generated from what the code declares and the tests prove, so they never
 * drift from it: docs/day-2.md (the twin's day-2 scenarios and the upgrade guard's migrations) and
 * docs/destroy.md (what `pulumi destroy` keeps, from components/keptByDestroy.ts) and
 * docs/exit-codes.md (scripts/exitCodes.ts).
 * With --check it writes nothing and exits 1 when a document differs from what it would write.
 */
import * as fs from "fs";
import * as path from "path";
import { renderDayTwoDoc } from "../tests/twin/dayTwoDoc";
import { renderDestroyDoc } from "./destroyDoc";
import { renderExitCodesDoc } from "./exitCodes";

const ROOT = path.join(__dirname, "..");

export const GENERATED_DOCS: Record<string, () => string> = {
    "docs/day-2.md": renderDayTwoDoc,
    "docs/destroy.md": renderDestroyDoc,
    "docs/exit-codes.md": renderExitCodesDoc,
};

function main(): number {
    const check = process.argv.includes("--check");
    let stale = 0;
    for (const [file, render] of Object.entries(GENERATED_DOCS)) {
        const full = path.join(ROOT, file);
        const text = render();
        if (check) {
            if (!fs.existsSync(full) || fs.readFileSync(full, "utf8") !== text) {
                process.stderr.write(`${file} is out of date: run npm run docs\n`);
                stale++;
            }
        } else {
            fs.mkdirSync(path.dirname(full), { recursive: true });
            fs.writeFileSync(full, text);
            process.stdout.write(`wrote ${file}\n`);
        }
    }
    return stale ? 1 : 0;
}

if (require.main === module) process.exit(main());
