// Appeals per category since a moment, the largest first.
export function topCategories(items: Iterable<{ category: string; ts: string }>, sinceIso: string, n = 10): [string, number][] {
  const m = new Map<string, number>();
  for (const a of items) if (a.ts >= sinceIso) m.set(a.category, (m.get(a.category) ?? 0) + 1);
  return [...m.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, n);
}
