import * as fs from "fs";
import * as path from "path";
import type { RunOptions } from "../harness";
import type { Obj } from "../lifecycle";

export const FIXTURES = path.join(__dirname, "..", "fixtures", "upgrade");
export const SECRET_MASK = "[secret]";

/** What a release left for one representative stack: each resource as the engine compares it. */
export interface Fixture {
    /** The release (package.json version) that left this state. */
    version: string;
    stack: string;
    /** The stack's configuration, as the user keeps it across the upgrade. */
    run: RunOptions;
    objects: Obj[];
}

/** Every recorded fixture, oldest release first. */
export function readFixtures(): Fixture[] {
    if (!fs.existsSync(FIXTURES)) return [];
    return fs.readdirSync(FIXTURES).sort().flatMap((v) => fs.readdirSync(path.join(FIXTURES, v)).filter((f) => f.endsWith(".json"))
        .map((f) => JSON.parse(fs.readFileSync(path.join(FIXTURES, v, f), "utf8")) as Fixture));
}
