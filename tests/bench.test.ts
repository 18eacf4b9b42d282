import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { BenchFigures, renderBenchDoc, targets } from "../scripts/benchDoc";
import { categorise } from "../scripts/benchWarm";

const warm = (medianMs: number) => ({ medianMs, q1Ms: medianMs, q3Ms: medianMs, runs: 10, profileMs: { "garbage collection": 10, "spec validation of the rendered objects": 5 } });
const figures = (runMs: number, suite = 6000): BenchFigures => ({
    date: "2026-11-27", node: "v20.20.2", machine: "2 × test CPU", runs: 5, floor: 1000,
    dev: { ms: 1100, resources: 15, depth: 4 }, users: [{ n: 1, ms: 1100, resources: 15, depth: 4 }, { n: 500, ms: 3000, resources: 514, depth: 4 }],
    bare: [{ n: 1, ms: 1000 }, { n: 500, ms: 2500 }], tsNode: 2000, plan: 1200, warm: warm(runMs), warmWithStacks: warm(runMs * 2),
    suite, suiteParallel: suite + 500, baseline: { warmRunMs: 16, date: "2026-11-27", node: "v20.20.2", machine: "2 × test CPU" },
});
const met = (f: BenchFigures, what: RegExp) => targets(f).find((t) => what.test(t.what))!.met;

describe("npm run bench: the guards", () => {
    it("reports one program run as missed once it is more than 1.5 × the recorded baseline", () => {
        expect(met(figures(24), /one program run/)).to.equal(true);
        expect(met(figures(24.5), /one program run/)).to.equal(false);
    });

    it("reports the suite as missed above 10 s", () => {
        expect(met(figures(16, 10_000), /npm test/)).to.equal(true);
        expect(met(figures(16, 10_001), /npm test/)).to.equal(false);
    });

    it("counts each profile sample in the innermost category it matches", () => {
        const frame = (id: number, functionName: string, url: string, children: number[] = []) => ({ id, callFrame: { functionName, url }, children });
        const profile = {
            nodes: [frame(1, "(root)", "", [2, 5]), frame(2, "registerResource", "/x/node_modules/@pulumi/pulumi/runtime/resource.js", [3]),
                frame(3, "debuggablePromise", "/x/node_modules/@pulumi/pulumi/runtime/debuggable.js", [4]), frame(4, "", "node:internal/x"), frame(5, "(garbage collector)", "")],
            samples: [2, 3, 4, 5, 1], timeDeltas: [1000, 2000, 3000, 4000, 5000],
        };
        expect(categorise(profile)).to.deep.equal({
            "resource registration (the rest of the SDK)": 1, "stack traces the SDK captures per promise and per resource": 5, "garbage collection": 4, "other (Node internals)": 5,
        });
    });

    it("docs/benchmarks.md is exactly what the generator writes from the figures the benchmark recorded", () => {
        const docs = path.join(__dirname, "..", "docs");
        const recorded = JSON.parse(fs.readFileSync(path.join(docs, "benchmarks.json"), "utf8")) as BenchFigures;
        expect(fs.readFileSync(path.join(docs, "benchmarks.md"), "utf8")).to.equal(renderBenchDoc(recorded));
    });
});
