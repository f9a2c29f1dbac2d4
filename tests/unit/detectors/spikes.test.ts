import { describe, expect, it } from 'vitest';
import { detectSpikes, hourOfWeek, offsetMinutes, type HourCount } from '../../../server/appeals/detectors/spikes';

const HOUR = 3600_000;
const WEEK = 168 * HOUR;
/** Monday 23 Nov 2026, 10:00 in Astana (UTC+5) = 05:00 UTC. */
const MON_10 = Date.parse('2026-11-23T05:00:00Z');
const iso = (t: number) => new Date(t).toISOString();
const HEAT = { category: 'heating.no_heat', district: 'astana-saryarka' };

/** `weeks` weeks of hourly history before `now` for one series, the count of each hour given by `f`. */
function history(now: number, weeks: number, f: (t: number) => number, series = HEAT): HourCount[] {
  const out: HourCount[] = [];
  for (let t = now - weeks * WEEK; t < now; t += HOUR) {
    const n = f(t);
    if (n > 0) out.push({ hourStart: iso(t), ...series, n });
  }
  return out;
}
const at = (t: number, n: number, series = HEAT): HourCount[] => [{ hourStart: iso(t), ...series, n }];
/** Astana local hour of day. */
const localHour = (t: number) => new Date(t + 5 * HOUR).getUTCHours();
/** A wobbly flat history around 3 appeals an hour: 2, 3, 4, 3, … */
const flat3 = (t: number) => 3 + [-1, 0, 1, 0][Math.floor(t / WEEK) % 4];

describe('spike detection against the same hour-of-week', () => {
  it('local hour-of-week: Monday 10:00 in Astana is hour 10, fixed offset +5', () => {
    expect(hourOfWeek(MON_10, 300)).toBe(10);
    expect(hourOfWeek(MON_10, 0)).toBe(5);
    expect(offsetMinutes(undefined)).toBe(300);
    expect(offsetMinutes('Asia/Almaty')).toBe(300);
    expect(offsetMinutes('+05:00')).toBe(300);
    expect(offsetMinutes('UTC-3')).toBe(-180);
    expect(() => offsetMinutes('Europe/Berlin')).toThrow(RangeError);
  });

  it('a normal hour over a flat history is no spike', () => {
    expect(detectSpikes(at(MON_10, 4), history(MON_10, 4, flat3))).toEqual([]);
    expect(detectSpikes(at(MON_10, 6), history(MON_10, 4, flat3))).toEqual([]);
  });

  it('a heating-outage burst is a critical spike', () => {
    const [s, ...rest] = detectSpikes(at(MON_10, 40), history(MON_10, 4, flat3));
    expect(rest).toEqual([]);
    expect(s).toMatchObject({ ...HEAT, hourStart: iso(MON_10), n: 40, severity: 'critical', hourOfWeek: 10 });
    expect(s.baseline.weeks).toBe(4);
    expect(s.baseline.mean).toBeCloseTo(3, 5);
    expect(s.baseline.std).toBeCloseTo(Math.sqrt(3), 5); // the √mean floor is above the sample sd (0.71)
    expect(s.z).toBeCloseTo((40 - 3) / Math.sqrt(3), 5);
    expect(s.ratio).toBeCloseTo(40 / 3, 5);
  });

  it('the same count at an hour-of-week that is normally busy is no spike', () => {
    const busy = (t: number) => (hourOfWeek(t, 300) === 10 ? 33 + (Math.floor(t / WEEK) % 4) : 3);
    expect(detectSpikes(at(MON_10, 40), history(MON_10, 4, busy))).toEqual([]);
  });

  it('compares Monday 10:00 with past Mondays 10:00, not with a quiet night or the hour before', () => {
    // a daily rhythm: ~30 an hour in working hours, ~1 at night, every day
    const daily = (t: number) => (localHour(t) >= 9 && localHour(t) < 18 ? 30 : 1);
    const h = history(MON_10, 4, daily);
    expect(detectSpikes(at(MON_10, 32), h)).toEqual([]); // normal for a Monday morning
    const sun3 = MON_10 - 31 * HOUR; // Sunday 03:00 local
    expect(hourOfWeek(sun3, 300)).toBe(6 * 24 + 3);
    const [night] = detectSpikes(at(sun3, 32), h); // the same 32 at 03:00 is a burst
    expect(night).toMatchObject({ severity: 'critical', hourOfWeek: 147 });
    expect(night.baseline.mean).toBe(1);
  });

  it('uses local time: the busy hour is 10:00 in Astana, i.e. 05:00 UTC', () => {
    const h = history(MON_10, 4, (t) => (hourOfWeek(t, 300) === 10 ? 35 : 2));
    expect(detectSpikes(at(MON_10, 40), h)).toEqual([]);
    // in a zone where the same UTC instant is another local hour, only the local hour-of-week changes; with a
    // fixed offset the same weekly slot is compared, so the verdict is the same
    expect(detectSpikes(at(MON_10, 40), h, { tz: '+00:00' })).toEqual([]);
    expect(detectSpikes(at(MON_10 + HOUR, 40), h)).toHaveLength(1); // 11:00 is usually quiet
  });

  it('a rare category needs at least minCount appeals', () => {
    const rare = { category: 'gas.smell', district: 'astana-esil' };
    const h = history(MON_10, 4, flat3); // other series only: the rare one has baseline 0
    expect(detectSpikes(at(MON_10, 2, rare), h)).toEqual([]);
    expect(detectSpikes(at(MON_10, 3, rare), h)).toEqual([]);
    const [s] = detectSpikes(at(MON_10, 12, rare), h);
    expect(s).toMatchObject({ ...rare, n: 12, baseline: { mean: 0, std: 1, weeks: 4 }, z: 12, ratio: 12, severity: 'critical' });
    expect(detectSpikes(at(MON_10, 3, rare), h, { minCount: 3 })).toHaveLength(1);
  });

  it('fires on the ratio where the baseline is small even if z is below the threshold', () => {
    // mean 2 with noise (0, 4, 0, 4): sd 2, z = (6 − 2) / 2 = 2 < 3, but 6 ≥ 3 × 2
    const noisy = (t: number) => (hourOfWeek(t, 300) === 10 ? [0, 4][Math.floor(t / WEEK) % 2] : 0);
    const h = history(MON_10, 4, noisy);
    const from = iso(MON_10 - 4 * WEEK);
    const [s] = detectSpikes(at(MON_10, 6), h, { historyFrom: from });
    expect(s.baseline).toMatchObject({ mean: 2, weeks: 4 });
    expect(s.z).toBeCloseTo(2, 5);
    expect(s).toMatchObject({ severity: 'warning', ratio: 3 });
  });

  it('counts missing hours as zero and only weeks the history covers', () => {
    // one busy week out of four (missing weeks are 0): mean 10/4
    const one = [{ hourStart: iso(MON_10 - WEEK), ...HEAT, n: 10 }, { hourStart: iso(MON_10 - 4 * WEEK), category: 'x', district: 'y', n: 1 }];
    const [s] = detectSpikes(at(MON_10, 20), one);
    expect(s.baseline).toMatchObject({ mean: 2.5, weeks: 4 });
    // history that starts two weeks ago covers two weeks only
    const [s2] = detectSpikes(at(MON_10, 20), history(MON_10, 2, () => 2));
    expect(s2.baseline).toMatchObject({ mean: 2, weeks: 2 });
    // no history at all: no baseline, no alarm — unless the caller says the (empty) history covers four weeks
    expect(detectSpikes(at(MON_10, 50), [])).toEqual([]);
    expect(detectSpikes(at(MON_10, 50), [], { historyFrom: iso(MON_10 - 4 * WEEK) })[0].baseline).toEqual({ mean: 0, std: 1, weeks: 4 });
  });

  it('sums duplicate rows, keeps series apart and sorts critical first', () => {
    const other = { category: 'water.main_leak', district: 'astana-almaty' };
    const h = [...history(MON_10, 4, flat3), ...history(MON_10, 4, () => 1, other)];
    const cur = [...at(MON_10, 5), ...at(MON_10, 5), ...at(MON_10, 4, other), ...at(MON_10, 4, other)];
    const out = detectSpikes(cur, h);
    expect(out.map((s) => [s.category, s.n, s.severity])).toEqual([
      ['water.main_leak', 8, 'critical'],
      ['heating.no_heat', 10, 'warning'],
    ]);
  });

  it('honours the weeks, z and ratio options', () => {
    const h = history(MON_10, 8, (t) => (t < MON_10 - 4 * WEEK ? 30 : 3));
    expect(detectSpikes(at(MON_10, 20), h, { weeks: 4 })).toHaveLength(1);
    expect(detectSpikes(at(MON_10, 20), h, { weeks: 8 })).toEqual([]); // mean 16.5 with the busy older weeks
    expect(detectSpikes(at(MON_10, 12), h, { z: 10, ratio: 10 })).toEqual([]);
  });
});
