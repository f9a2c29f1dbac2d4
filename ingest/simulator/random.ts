// Small random helpers. Every generator takes an `rnd` function so that tests can pass a seeded one.
export type Rnd = () => number;

/** A seeded generator (mulberry32): the same seed gives the same city. */
export function seeded(seed: number): Rnd {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A key drawn with probability proportional to its weight (keys with weight ≤ 0 are never drawn). */
export function pick<T extends string>(weights: Record<T, number>, r = Math.random()): T {
  const entries = Object.entries<number>(weights).filter(([, w]) => w > 0);
  const total = entries.reduce((a, [, w]) => a + w, 0);
  let x = r * total;
  for (const [k, w] of entries) {
    x -= w;
    if (x < 0) return k as T;
  }
  return entries[entries.length - 1][0] as T;
}

export function choice<T>(list: readonly T[], rnd: Rnd): T {
  return list[Math.floor(rnd() * list.length)];
}

export function between(lo: number, hi: number, rnd: Rnd): number {
  return lo + rnd() * (hi - lo);
}

/** A count with a fractional expectation rounded at random (2.3 → 2 or 3, 3 with probability 0.3). */
export function whole(x: number, rnd: Rnd): number {
  const f = Math.floor(x);
  return f + (rnd() < x - f ? 1 : 0);
}

/** Waiting time (ms) to the next event of a Poisson process with the given mean interval (s). */
export function expWait(meanSec: number, rnd: Rnd): number {
  return -Math.log(1 - rnd()) * meanSec * 1000;
}
