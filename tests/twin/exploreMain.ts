/**
 * npm run explore -- [--runs 200] [--steps 16] [--seed N|random] [--path P] [--verbose] [--skip REGEX] [--fixed JSON]
 *
 * The twin's exploration at length (tests/twin/explore.ts): random first deploys and sequences of
 * documented day-2 changes, each step checked. CI runs it with the defaults — a fixed seed, so that
 * CI is repeatable; `--seed random` explores new ground — within a budget of 3 minutes on a 2-core
 * machine (about 35 s measured). A failure prints the shrunk sequence, its seed and path (pass both
 * back to replay it) and exits 1; `--skip` leaves kinds of change out to look past a known break.
 */
import { parseArgs } from "util";
import { lightenMockRuntime } from "../../scripts/mockEngine";
import { exploration, stats } from "./explore";

async function main(): Promise<number> {
    lightenMockRuntime();
    // A refused run fails the outputs that wait on it, and the SDK logs each such invoke as a runtime error: expected after a refusal, not news.
    const write = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string | Uint8Array, ...rest: unknown[]) =>
        (String(chunk).startsWith("error: [runtime] Error serializing arguments for invoke") ? true : (write as (...a: unknown[]) => boolean)(chunk, ...rest))) as typeof process.stderr.write;
    const { values } = parseArgs({ options: { runs: { type: "string", default: "200" }, steps: { type: "string", default: "16" }, seed: { type: "string" }, path: { type: "string" }, verbose: { type: "boolean", default: false }, skip: { type: "string" }, fixed: { type: "string" } } });
    const start = performance.now();
    const seed = values.seed === "random" ? Date.now() % 2 ** 31 : Number(values.seed ?? 20261204);
    process.stdout.write(`exploring ${values.runs} sequences of up to ${values.steps} changes, seed ${seed}\n`);
    try {
        await exploration({ numRuns: Number(values.runs), maxCommands: Number(values.steps), seed, path: values.path, verbose: values.verbose, skip: values.skip ? new RegExp(values.skip) : undefined,
            fixed: values.fixed ? JSON.parse(values.fixed) : undefined });
    } catch (err) {
        const cause = (err as { cause?: Error }).cause;
        process.stdout.write(`${(err as Error).message}\n${cause ? `\nWhat went wrong:\n${cause.message}\n` : ""}`);
        return 1;
    }
    process.stdout.write(`all ${values.runs} sequences sound: ${stats.runs} pulumi up runs (${stats.refusals} refused as documented), in ${((performance.now() - start) / 1000).toFixed(1)} s\n`);
    if (values.verbose) for (const [k, n] of [...stats.kinds].sort()) process.stdout.write(`  ${String(n).padStart(5)}  ${k}\n`);
    return 0;
}

main().then((code) => process.exit(code), (err: Error) => {
    process.stderr.write(`${err.stack ?? String(err)}\n`);
    process.exit(1);
});
