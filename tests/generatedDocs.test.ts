import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { GENERATED_DOCS } from "../scripts/docs";

describe("generated documents", () => {
    for (const [file, render] of Object.entries(GENERATED_DOCS)) {
        it(`${file} is exactly what npm run docs writes`, () => {
            expect(fs.readFileSync(path.join(__dirname, "..", file), "utf8")).to.equal(render());
        });
    }
});
