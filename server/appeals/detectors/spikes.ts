// Spikes: appeals per category × district in an hour, against the same hour-of-week of past weeks (local time,
// UTC+5). Baseline mean and standard deviation over the weeks (missing hours count as 0), with a floor
// std ≥ max(1, √mean) so that rare categories do not fire on two appeals. A spike needs n ≥ minCount and either
// z = (n − mean) / std ≥ z₀ or n ≥ ratio × mean; critical when z ≥ 2·z₀ or n ≥ 2·ratio·mean.

export interface HourCount {
  hourStart: string;
  category: string;
  district: string;
  n: number;
}

export interface Spike {
  category: string;
  district: string;
  hourStart: string;
  n: number;
  baseline: { mean: number; std: number; weeks: number };
  z: number;
  ratio: number;
  severity: 'warning' | 'critical';
}

const WEEK = 7 * 86400_000;

export function detectSpikes(
  current: HourCount[],
  history: HourCount[],
  opts: { weeks?: number; minCount?: number; z?: number; ratio?: number } = {},
): Spike[] {
  const weeks = opts.weeks ?? 4;
  const minCount = opts.minCount ?? 5;
  const z0 = opts.z ?? 3;
  const ratio0 = opts.ratio ?? 3;
  const hist = new Map<string, number>();
  for (const h of history) hist.set(`${Date.parse(h.hourStart)}|${h.category}|${h.district}`, (hist.get(`${Date.parse(h.hourStart)}|${h.category}|${h.district}`) ?? 0) + h.n);
  const out: Spike[] = [];
  for (const c of current) {
    if (c.n < minCount) continue;
    const t = Date.parse(c.hourStart);
    // the same hour-of-week in each past week (a fixed offset keeps local hour-of-week aligned)
    const xs = Array.from({ length: weeks }, (_, w) => hist.get(`${t - (w + 1) * WEEK}|${c.category}|${c.district}`) ?? 0);
    const mean = xs.reduce((a, b) => a + b, 0) / weeks;
    const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / weeks);
    const std = Math.max(sd, Math.sqrt(mean), 1);
    const z = (c.n - mean) / std;
    const ratio = c.n / Math.max(mean, 1);
    if (z < z0 && ratio < ratio0) continue;
    if (z < z0 && mean >= 5) continue; // ratio alone only counts where the baseline is small
    out.push({ category: c.category, district: c.district, hourStart: c.hourStart, n: c.n, baseline: { mean, std, weeks }, z, ratio, severity: z >= 2 * z0 || ratio >= 2 * ratio0 ? 'critical' : 'warning' });
  }
  return out;
}
