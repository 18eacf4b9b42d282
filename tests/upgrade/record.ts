/**
 * npm run upgrade-fixtures — a release step: records the state this version leaves for the
 * representative stacks (tests/upgrade/stacks.ts) in tests/fixtures/upgrade/<version>/, where
 * <version> is package.json's. The upgrade guard (tests/upgrade.test.ts) then holds every later
 * version to it: no replacement or deletion that tests/upgrade/migrations.ts does not document.
 * Secret values are masked; only what the engine compares between runs is kept.
 */
import * as fs from "fs";
import * as path from "path";
import { runStack } from "../harness";
import { objects } from "../lifecycle";
import { UPGRADE_STACKS } from "./stacks";
import { FIXTURES, Fixture, SECRET_MASK } from "./fixture";

async function main(): Promise<void> {
    const version = (JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "package.json"), "utf8")) as { version: string }).version;
    const dir = path.join(FIXTURES, version);
    fs.mkdirSync(dir, { recursive: true });
    for (const [name, opts] of Object.entries(UPGRADE_STACKS)) {
        const run = await runStack(opts);
        const fixture: Fixture = { version, stack: name, run: opts, objects: [...objects(run, SECRET_MASK).values()] };
        fs.writeFileSync(path.join(dir, `${name}.json`), JSON.stringify(fixture, null, 1) + "\n");
        process.stdout.write(`${path.relative(process.cwd(), path.join(dir, `${name}.json`))}: ${fixture.objects.length} resources\n`);
    }
}

main().then(() => process.exit(0), (err: Error) => {
    process.stderr.write(`${err.stack ?? err}\n`);
    process.exit(1);
});
