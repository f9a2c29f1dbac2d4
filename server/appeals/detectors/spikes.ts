// Spikes: appeals per category × district in one hour, well above the seasonal baseline of the same hour-of-week
// (local time) in past weeks. Heating repairs, outages and snowfalls come as bursts; a burst at 10:00 on a Monday
// is compared with past Mondays at 10:00, not with a quiet Sunday night. Pure function, no I/O.

/** Appeals registered in one hour (UTC, hour-aligned ISO) for one category in one district. */
export interface HourCount {
  /** ISO timestamp of the start of the hour, UTC, hour-aligned */
  hourStart: string;
  category: string;
  district: string;
  n: number;
}

/** A category × district × hour well above its baseline. */
export interface Spike {
  category: string;
  district: string;
  hourStart: string;
  /** appeals in that hour */
  n: number;
  /** same hour-of-week in past weeks: mean, floored standard deviation, number of weeks it covers */
  baseline: { mean: number; std: number; weeks: number };
  /** (n − mean) / std */
  z: number;
  /** n / max(mean, 1) */
  ratio: number;
  severity: 'warning' | 'critical';
  /** local hour of the week, 0 = Monday 00:00–01:00, 167 = Sunday 23:00–24:00 */
  hourOfWeek: number;
}

/** Tuning of {@link detectSpikes}; every field is optional. */
export interface SpikeOptions {
  /** past weeks in the baseline (default 4) */
  weeks?: number;
  /** fewest appeals in the hour that can be a spike (default 5) */
  minCount?: number;
  /** z-score threshold (default 3); critical at twice it */
  z?: number;
  /** n / mean threshold where the mean is small (default 3); critical at twice it */
  ratio?: number;
  /** means below this are "small": there the ratio alone can make a spike (default 5) */
  smallMean?: number;
  /**
   * start of the period `history` covers (ISO). Default: its earliest hour. Pass it when the history may begin
   * with empty hours, so that weeks with no appeals at all still count as zeros.
   */
  historyFrom?: string;
  /** fixed UTC offset of local time: '+05:00', '+5', 'UTC+5', or 'Asia/Almaty' and other Kazakhstan zones (default +05:00) */
  tz?: string;
}

const HOUR = 3600_000;
const WEEK = 168 * HOUR;

/** Kazakhstan has been on a single UTC+5 offset with no daylight saving time since 1 March 2024. */
const ZONES: Record<string, number> = {
  UTC: 0,
  'Asia/Almaty': 300,
  'Asia/Astana': 300,
  'Asia/Qostanay': 300,
  'Asia/Aqtobe': 300,
  'Asia/Aqtau': 300,
  'Asia/Atyrau': 300,
  'Asia/Oral': 300,
  'Asia/Qyzylorda': 300,
};

/** UTC offset in minutes of a fixed-offset time zone spec; throws RangeError on anything else. */
export function offsetMinutes(tz: string | undefined): number {
  if (tz === undefined) return 300;
  if (tz in ZONES) return ZONES[tz];
  const m = /^(?:UTC|GMT)?([+-])(\d{1,2})(?::?(\d{2}))?$/.exec(tz.trim());
  if (!m) throw new RangeError(`unsupported time zone ${tz}: use a fixed offset such as +05:00`);
  const mins = Number(m[2]) * 60 + Number(m[3] ?? 0);
  if (mins > 14 * 60) throw new RangeError(`offset out of range: ${tz}`);
  return m[1] === '-' ? -mins : mins;
}

/** Local hour of the week of a UTC instant (ms) at a fixed offset: 0 = Monday 00:00, 167 = Sunday 23:00. */
export function hourOfWeek(t: number, offsetMin = 300): number {
  const local = new Date(t + offsetMin * 60_000);
  return ((local.getUTCDay() + 6) % 7) * 24 + local.getUTCHours();
}

const key = (c: { category: string; district: string }) => `${c.category}\u0000${c.district}`;

/**
 * Finds category × district hours in `current` that are well above the seasonal baseline.
 *
 * Baseline: for each current hour t (local hour-of-week h at the fixed offset `tz`), the counts of the same
 * category and district at the same local hour-of-week in each of the past `weeks` weeks, t − k·168 h for k = 1…weeks,
 * taken from `history` (duplicates are summed; a missing hour counts as 0). Only weeks that the history covers
 * count — a week k counts when t − k·168 h is not earlier than `historyFrom` (default: the earliest hour in
 * `history`) — so a fresh system does not see zeros it never recorded; with no covered week there is no baseline
 * and no spike.
 * - mean μ = Σxₖ / K, sd = √(Σ(xₖ − μ)² / K) over the K covered weeks;
 * - robust floor: std = max(sd, √μ, 1) — Poisson noise at least, and never below one appeal, so rare categories do
 *   not fire on two appeals and a perfectly flat history does not make every extra appeal infinite;
 * - z = (n − μ) / std, ratio = n / max(μ, 1).
 *
 * A spike needs n ≥ `minCount` (5) and either z ≥ `z` (3) or, where the baseline is small (μ < `smallMean`, 5),
 * ratio ≥ `ratio` (3). It is `critical` when z ≥ 2·`z` or (small baseline and) ratio ≥ 2·`ratio`, else `warning`.
 * Results are sorted critical first, then by z descending.
 *
 * @param current counts of the hour(s) to check (usually the current hour)
 * @param history past hourly counts, at least `weeks` weeks before the current hours for a full baseline
 */
export function detectSpikes(current: HourCount[], history: HourCount[], opts: SpikeOptions = {}): Spike[] {
  const weeks = Math.max(1, Math.floor(opts.weeks ?? 4));
  const minCount = opts.minCount ?? 5;
  const z0 = opts.z ?? 3;
  const ratio0 = opts.ratio ?? 3;
  const smallMean = opts.smallMean ?? 5;
  const offset = offsetMinutes(opts.tz);

  // history: series → (hour-of-week → (week number → count)); week numbers are local weeks since the epoch
  const weekNo = (t: number) => Math.floor((t + offset * 60_000 - 4 * 86400_000) / WEEK); // 1970-01-05 was a Monday
  const hist = new Map<string, Map<number, number>>();
  let earliest = opts.historyFrom !== undefined ? Date.parse(opts.historyFrom) : Infinity;
  if (Number.isNaN(earliest)) throw new RangeError(`historyFrom must be an ISO date: ${opts.historyFrom}`);
  const fromData = opts.historyFrom === undefined;
  for (const h of history) {
    const t = Date.parse(h.hourStart);
    if (!Number.isFinite(t)) continue;
    if (fromData) earliest = Math.min(earliest, t);
    const k = `${key(h)}\u0000${hourOfWeek(t, offset)}`;
    let byWeek = hist.get(k);
    if (!byWeek) hist.set(k, (byWeek = new Map()));
    const w = weekNo(t);
    byWeek.set(w, (byWeek.get(w) ?? 0) + h.n);
  }

  // current: sum duplicates per series and hour
  const now = new Map<string, HourCount>();
  for (const c of current) {
    const t = Date.parse(c.hourStart);
    if (!Number.isFinite(t)) continue;
    const k = `${key(c)}\u0000${t}`;
    const prev = now.get(k);
    now.set(k, prev ? { ...prev, n: prev.n + c.n } : { ...c });
  }

  const out: Spike[] = [];
  for (const c of now.values()) {
    if (c.n < minCount) continue;
    const t = Date.parse(c.hourStart);
    const how = hourOfWeek(t, offset);
    const byWeek = hist.get(`${key(c)}\u0000${how}`);
    const xs: number[] = [];
    for (let k = 1; k <= weeks; k++) {
      if (t - k * WEEK < earliest) break;
      xs.push(byWeek?.get(weekNo(t) - k) ?? 0);
    }
    if (!xs.length) continue;
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length);
    const std = Math.max(sd, Math.sqrt(mean), 1);
    const z = (c.n - mean) / std;
    const ratio = c.n / Math.max(mean, 1);
    const small = mean < smallMean;
    if (!(z >= z0 || (small && ratio >= ratio0))) continue;
    const critical = z >= 2 * z0 || (small && ratio >= 2 * ratio0);
    out.push({
      category: c.category,
      district: c.district,
      hourStart: c.hourStart,
      n: c.n,
      baseline: { mean, std, weeks: xs.length },
      z,
      ratio,
      severity: critical ? 'critical' : 'warning',
      hourOfWeek: how,
    });
  }
  return out.sort((a, b) => (a.severity === b.severity ? b.z - a.z : a.severity === 'critical' ? -1 : 1));
}
