/** "Did you mean …?" for misspelt keys, variables and regions. */

/** Optimal-string-alignment distance: edits, counting a swap of neighbours as one (sessionTimout, MDAI_NAMESPCE). */
export function editDistance(a: string, b: string): number {
    const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
    for (let j = 1; j <= b.length; j++) d[0][j] = j;
    for (let i = 1; i <= a.length; i++) {
        for (let j = 1; j <= b.length; j++) {
            const cost = a[i - 1] === b[j - 1] ? 0 : 1;
            d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
            if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
    }
    return d[a.length][b.length];
}

/** The candidate closest to `word` (case-insensitive), if it is close enough to be a plausible typo. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
    const w = word.toLowerCase();
    let best: { c: string; d: number } | undefined;
    for (const c of candidates) {
        const d = editDistance(w, c.toLowerCase());
        if (!best || d < best.d) best = { c, d };
    }
    return best && best.d <= Math.max(2, Math.floor(w.length / 4)) ? best.c : undefined;
}

/** ` Did you mean X?` or nothing. */
export const didYouMean = (word: string, candidates: readonly string[]): string => {
    const c = closest(word, candidates);
    return c ? ` Did you mean ${c}?` : "";
};
