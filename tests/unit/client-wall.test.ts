import { describe, expect, it } from 'vitest';
import { breaks, colour, countByDistrict, PALETTE } from '../../client/src/wall/choropleth';
import { level, opacity, pulse, FADE_MS } from '../../client/src/wall/fade';
import { LiveData } from '../../client/src/live/data';
import { Rates } from '../../client/src/live/rates';
import type { LiveEvent } from '../../ingest/schema';

describe('wall screen logic', () => {
  it('shades districts in classes that fit the counts', () => {
    expect(breaks(0)).toEqual([0]);
    expect(breaks(1)).toEqual([0, 1]);
    expect(breaks(60)).toEqual([0, 10, 20, 30, 40, 50, 60]);
    const b = breaks(60);
    expect(colour(0, b)).toBe(PALETTE[0]);
    expect(colour(10, b)).toBe(PALETTE[1]);
    expect(colour(11, b)).toBe(PALETTE[2]);
    expect(colour(999, b)).toBe(PALETTE[PALETTE.length - 1]);
    const now = Date.now();
    const m = countByDistrict(
      [
        { district: 'a', ts: new Date(now).toISOString() },
        { district: 'a', ts: new Date(now - 2 * 3600_000).toISOString() },
        { district: null, ts: new Date(now).toISOString() },
      ],
      new Date(now - 3600_000).toISOString(),
    );
    expect([...m]).toEqual([['a', 1]]);
  });

  it('fades points over an hour and pulses new ones', () => {
    expect(opacity(0)).toBe(1);
    expect(opacity(FADE_MS / 2)).toBeCloseTo(0.575);
    expect(opacity(FADE_MS * 2)).toBe(0.15);
    expect(level(0.575)).toBeCloseTo(0.5);
    expect(pulse(0, 4)).toBe(4);
    expect(pulse(1500, 4)).toBe(10);
    expect(pulse(5000, 4)).toBe(0);
  });

  it('merges snapshot and stream without duplicates; the newest state wins', () => {
    const d = new LiveData();
    const ts = new Date().toISOString();
    const a1 = { stream: 'appeals', id: 'x', ts, channel: 'phone_109', category: 'roads.repair', sphere: 'roads', district: 'd', rev: 1, sla: 'on_time' } as LiveEvent;
    const a2 = { ...a1, rev: 2, sla: 'overdue' } as LiveEvent;
    const g1 = { stream: 'gps', id: 'g1', ts, vehicleId: 'v', lat: 51, lon: 71, speed: 1, heading: 0, district: 'd' } as LiveEvent;
    const gOld = { ...g1, id: 'g0', ts: new Date(Date.now() - 1000).toISOString() } as LiveEvent;
    expect(d.apply([a1, g1])).toBe(2);
    expect(d.apply([a1, g1, gOld])).toBe(0); // replayed / older: ignored
    expect(d.apply([a2])).toBe(1);
    expect(d.appeals.get('x')!.sla).toBe('overdue');
    expect(d.apply([a1])).toBe(0); // an older revision never overwrites
    expect(d.vehicles.get('v')!.id).toBe('g1');
  });

  it('computes msg/s per stream over a rolling window', () => {
    const r = new Rates(60);
    const t = Date.parse('2026-11-23T10:00:00Z');
    for (let s = 0; s < 10; s++) r.add('gps', 100, t + s * 1000);
    expect(r.current('gps', 5, t + 10_000)).toBe(100);
    const series = r.series(['gps'], 10, t + 10_000).gps;
    expect(series).toHaveLength(10);
    expect(series.every(([, v]) => v === 100)).toBe(true);
  });
});
