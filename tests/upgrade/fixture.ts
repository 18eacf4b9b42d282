import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";
import type { RunOptions } from "../harness";
import type { Obj } from "../lifecycle";

export const FIXTURES = path.join(__dirname, "..", "fixtures", "upgrade");
/** How releases before hashes masked every secret value: such a fixture is compared with secrets masked the same way. */
export const SECRET_MASK = "[secret]";

/** A secret value as a fixture keeps it: its hash, so that a changed secret (a Kubernetes Secret's data replaces it) shows. */
export const hashSecret = (leaf: unknown) => `[secret sha256:${createHash("sha256").update(JSON.stringify(leaf)).digest("hex").slice(0, 16)}]`;

/** What a release left for one representative stack: each resource as the engine compares it. */
export interface Fixture {
    /** The release (package.json version) that left this state. */
    version: string;
    stack: string;
    /** The stack's configuration, as the user keeps it across the upgrade. */
    run: RunOptions;
    objects: Obj[];
    /** "hash" since secrets are kept as hashes (hashSecret); absent in fixtures that masked them all alike (SECRET_MASK). */
    secrets?: "hash";
}

/** Every recorded fixture, oldest release first. */
export function readFixtures(): Fixture[] {
    if (!fs.existsSync(FIXTURES)) return [];
    return fs.readdirSync(FIXTURES).sort().flatMap((v) => fs.readdirSync(path.join(FIXTURES, v)).filter((f) => f.endsWith(".json"))
        .map((f) => JSON.parse(fs.readFileSync(path.join(FIXTURES, v, f), "utf8")) as Fixture));
}
