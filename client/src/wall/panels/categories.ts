// Appeals per category since a moment, the largest first.
export function topCategories(items: Iterable<{ category: string; ts: string }>, sinceIso: string, n = 10): [string, number][] {
  const m = new Map<string, number>();
  for (const a of items) if (a.ts >= sinceIso) m.set(a.category, (m.get(a.category) ?? 0) + 1);
  return [...m.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, n);
}

/** As many categories as there is room for with every label shown: a short panel (as at 1366×768) shows fewer
 * bars rather than every other name. `height` 0 (not laid out yet) keeps them all. */
export function rowsThatFit(height: number, fontPx: number, max: number): number {
  if (height <= 0) return max;
  return Math.max(Math.min(3, max), Math.min(max, Math.floor((height - 0.6 * fontPx) / (1.45 * fontPx))));
}
