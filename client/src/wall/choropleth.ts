// District shading by the last hour's appeals: class breaks that stay meaningful when counts are small.
export const PALETTE = ['#17324d', '#1d4f6e', '#23708a', '#2f93a0', '#53b4a6', '#9ad09a', '#e6e37a'];

/** Upper bounds of classes for the current maximum (0 always has its own class). */
export function breaks(max: number, classes = PALETTE.length - 1): number[] {
  if (max <= 0) return [0];
  const n = Math.min(classes, max);
  const step = Math.ceil(max / n);
  return [0, ...Array.from({ length: n }, (_, i) => (i + 1) * step)];
}

export function colour(n: number, b: number[]): string {
  if (n <= 0) return PALETTE[0];
  for (let i = 1; i < b.length; i++) if (n <= b[i]) return PALETTE[i];
  return PALETTE[PALETTE.length - 1];
}

export function countByDistrict(items: Iterable<{ district: string | null; ts: string }>, sinceIso: string): Map<string, number> {
  const m = new Map<string, number>();
  for (const a of items) if (a.district && a.ts >= sinceIso) m.set(a.district, (m.get(a.district) ?? 0) + 1);
  return m;
}
