/** The checklist, as a person reads it (✓ ✗ ?, grouped by where it was checked) and as a document for CI. */
import { wrap } from "../scripts/planText";
import type { Item } from "./types";
import { EXIT, ExitCode } from "../scripts/exitCodes";

/** The exit status (scripts/exitCodes.ts): a failed check, some unchecked, or not one check made, which no CI job may read as a pass. */
export function exitCodeOf(items: Item[]): ExitCode {
    if (items.some((i) => i.state === "fail")) return EXIT.wrong;
    if (items.length && items.every((i) => i.state === "unknown")) return EXIT.unchecked;
    return items.some((i) => i.state === "unknown") ? EXIT.unfinished : EXIT.ok;
}

const MARK = { ok: "✓", fail: "✗", unknown: "?" } as const;

export function renderChecklist(stack: string, items: Item[]): string {
    const out = [`mdai-cognito doctor for stack ${stack}: read-only, nothing was changed.`];
    const said = new Set<string>();
    for (const area of ["Config", "Kubernetes", "AWS", "DNS", "HTTP"] as const) {
        const mine = items.filter((i) => i.area === area);
        if (!mine.length) continue;
        out.push("", area);
        for (const i of mine) {
            out.push(...wrap(i.state === "ok" ? i.title : `${i.title}: ${i.detail ?? ""}`, `  ${MARK[i.state]} `, "      "));
            // One cause (no credentials) can leave many items unchecked: its fix is said once.
            if (i.state !== "ok" && i.fix) out.push(...wrap(said.has(i.fix) ? "fix: as above" : `fix: ${i.fix}`, "      ", "        "));
            if (i.fix) said.add(i.fix);
        }
    }
    const count = (s: Item["state"]) => items.filter((i) => i.state === s).length;
    out.push("", `${count("ok")} ok, ${count("fail")} wrong, ${count("unknown")} not checked.`);
    if (exitCodeOf(items) === EXIT.unchecked) out.push("Nothing could be checked: this is no pass (exit status 3).");
    return out.join("\n") + "\n";
}
