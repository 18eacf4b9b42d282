/**
 * npm run upgrade-fixtures — a release step: records the state this version leaves for the
 * representative stacks (tests/upgrade/stacks.ts) in tests/fixtures/upgrade/<version>/, where
 * <version> is package.json's. The upgrade guard (tests/upgrade.test.ts) then holds every later
 * version to it: no replacement or deletion that tests/upgrade/migrations.ts does not document.
 * Secret values are kept as hashes; what the engine compares between runs is kept (inputs, replaceOnChanges, retainOnDelete, aliases).
 * A version already recorded is never recorded again: its fixtures are what that release left.
 */
import * as fs from "fs";
import * as path from "path";
import { runStack } from "../harness";
import { objects } from "../lifecycle";
import { UPGRADE_STACKS } from "./stacks";
import { FIXTURES, Fixture, hashSecret } from "./fixture";

async function main(): Promise<void> {
    const version = (JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "package.json"), "utf8")) as { version: string }).version;
    const dir = path.join(FIXTURES, version);
    // A released version's fixtures are what that release left: this code cannot record them again.
    if (fs.existsSync(dir)) {
        throw new Error(`${path.relative(process.cwd(), dir)} exists: version ${version} was recorded when it was released, and this code is not what left that state. ` +
            "Bump package.json's version first (each release records its own), then run npm run upgrade-fixtures again.");
    }
    fs.mkdirSync(dir, { recursive: true });
    for (const [name, opts] of Object.entries(UPGRADE_STACKS)) {
        const run = await runStack(opts);
        const fixture: Fixture = { version, stack: name, run: opts, secrets: "hash", objects: [...objects(run, hashSecret).values()] };
        fs.writeFileSync(path.join(dir, `${name}.json`), JSON.stringify(fixture, null, 1) + "\n");
        process.stdout.write(`${path.relative(process.cwd(), path.join(dir, `${name}.json`))}: ${fixture.objects.length} resources\n`);
    }
}

main().then(() => process.exit(0), (err: Error) => {
    process.stderr.write(`${err.message}\n`);
    process.exit(1);
});
