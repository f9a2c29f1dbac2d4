// District shading by the last hour's appeals: "nice" class breaks (1, 2, 5 × 10ⁿ steps) that stay meaningful
// when counts are small, and a dark sequential palette the bright points stay visible on.
export const PALETTE = ['#14263a', '#163b5e', '#1a5183', '#2467a2', '#4761b0', '#6e55ab', '#97479d'];

/** A step of 1, 2 or 5 × 10ⁿ such that `max` fits in at most `classes` steps. */
export function niceStep(max: number, classes: number): number {
  const raw = max / classes;
  const p = Math.pow(10, Math.floor(Math.log10(raw)));
  for (const m of [1, 2, 5, 10]) if (m * p >= raw) return Math.max(1, m * p);
  return Math.max(1, 10 * p);
}

/** Upper bounds of the classes for the current maximum, after 0 (which always has its own class). */
export function breaks(max: number, classes = PALETTE.length - 1): number[] {
  if (max <= 0) return [0];
  const step = niceStep(max, classes);
  const n = Math.ceil(max / step);
  return [0, ...Array.from({ length: n }, (_, i) => (i + 1) * step)];
}

/** The colour of class `i` (1…classes) when there are `classes` classes: spread over the palette, so that one
 * class of "1" is as strong as the top class of "81–100". */
export function classColour(i: number, classes: number): string {
  if (i <= 0 || classes <= 0) return PALETTE[0];
  const top = PALETTE.length - 1;
  return PALETTE[Math.max(1, Math.min(top, Math.round((i * top) / Math.min(classes, top))))];
}

export function colour(n: number, b: number[]): string {
  if (n <= 0) return PALETTE[0];
  const classes = b.length - 1;
  for (let i = 1; i < b.length; i++) if (n <= b[i]) return classColour(i, classes);
  return PALETTE[PALETTE.length - 1];
}

export function countByDistrict(items: Iterable<{ district: string | null; ts: string }>, sinceIso: string): Map<string, number> {
  const m = new Map<string, number>();
  for (const a of items) if (a.district && a.ts >= sinceIso) m.set(a.district, (m.get(a.district) ?? 0) + 1);
  return m;
}
