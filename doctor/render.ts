/** The checklist, as a person reads it (✓ ✗ ?, grouped by where it was checked) and as a document for CI. */
import { wrap } from "../scripts/planText";
import type { Item } from "./types";

/** 0: all as it should be; 1: something is wrong; 2: nothing wrong was found, but some items could not be checked. */
export const exitCodeOf = (items: Item[]): 0 | 1 | 2 => (items.some((i) => i.state === "fail") ? 1 : items.some((i) => i.state === "unknown") ? 2 : 0);

const MARK = { ok: "✓", fail: "✗", unknown: "?" } as const;

export function renderChecklist(stack: string, items: Item[]): string {
    const out = [`mdai-cognito doctor for stack ${stack}: read-only, nothing was changed.`];
    for (const area of ["Config", "Kubernetes", "AWS", "DNS", "HTTP"] as const) {
        const mine = items.filter((i) => i.area === area);
        if (!mine.length) continue;
        out.push("", area);
        for (const i of mine) {
            out.push(...wrap(i.state === "ok" ? i.title : `${i.title}: ${i.detail ?? ""}`, `  ${MARK[i.state]} `, "      "));
            if (i.state !== "ok" && i.fix) out.push(...wrap(`fix: ${i.fix}`, "      ", "        "));
        }
    }
    const count = (s: Item["state"]) => items.filter((i) => i.state === s).length;
    out.push("", `${count("ok")} ok, ${count("fail")} wrong, ${count("unknown")} not checked.`);
    return out.join("\n") + "\n";
}
