import { describe, expect, it } from 'vitest';
import { breaks, colour, countByDistrict, niceStep, PALETTE } from '../../client/src/wall/map/choropleth';
import { opacity, pulse, FADE_MS } from '../../client/src/wall/map/fade';
import { Rates } from '../../client/src/live/rates';
import { disc, diamond, packRgb, Raster, square } from '../../client/src/wall/map/raster';
import { markerSize } from '../../client/src/wall/map/markers';
import { topCategories } from '../../client/src/wall/panels/categories';
import { alarmText, outageAlarm, type AlarmWords } from '../../client/src/wall/panels/alarmText';
import type { StatusEvent } from '../../ingest/schema';

describe('wall screen logic', () => {
  it('shades districts in classes with round bounds that fit the counts', () => {
    expect(breaks(0)).toEqual([0]);
    expect(breaks(1)).toEqual([0, 1]);
    expect(breaks(60)).toEqual([0, 10, 20, 30, 40, 50, 60]);
    expect(breaks(84)).toEqual([0, 20, 40, 60, 80, 100]);
    expect(breaks(3)).toEqual([0, 1, 2, 3]);
    expect(niceStep(1234, 6)).toBe(500);
    const b = breaks(60);
    expect(colour(0, b)).toBe(PALETTE[0]);
    expect(colour(10, b)).toBe(PALETTE[1]);
    expect(colour(11, b)).toBe(PALETTE[2]);
    expect(colour(1, breaks(1))).toBe(PALETTE[PALETTE.length - 1]); // a single class is the strongest colour
    expect(colour(60, breaks(84))).toBe(PALETTE[4]); // 5 classes spread over the 6 colours
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
    expect(pulse(0, 4)).toBe(4);
    expect(pulse(1500, 4)).toBe(10);
    expect(pulse(5000, 4)).toBe(0);
  });

  it('computes msg/s per stream over a rolling window, seeded from per-minute counts', () => {
    const r = new Rates(60);
    const t = Date.parse('2026-11-23T10:00:00Z');
    for (let s = 0; s < 10; s++) r.add('gps', 100, t + s * 1000);
    expect(r.current('gps', 5, t + 10_000)).toBe(100);
    const series = r.series(['gps'], 10, t + 10_000).gps;
    expect(series).toHaveLength(10);
    expect(series.every(([, v]) => v === 100)).toBe(true);
    const seeded = new Rates(300);
    seeded.seedMinutes([{ bucket: '2026-11-23T09:58:00Z', stream: 'appeals', n: 120 }], t);
    expect(seeded.current('appeals', 60, Date.parse('2026-11-23T09:59:00Z'))).toBe(2);
  });

  it('ranks categories of the last hour', () => {
    const now = Date.now();
    const at = (ago: number) => new Date(now - ago).toISOString();
    const items = [
      { category: 'b', ts: at(0) },
      { category: 'a', ts: at(0) },
      { category: 'b', ts: at(1000) },
      { category: 'c', ts: at(2 * 3600_000) },
    ];
    expect(topCategories(items, at(3600_000), 10)).toEqual([['b', 2], ['a', 1]]);
    expect(topCategories(items, at(3600_000), 1)).toEqual([['b', 2]]);
  });

  it('sizes markers by zoom and keeps them in proportion on a 4K wall', () => {
    const hd = markerSize(10.5, false);
    expect(hd.appeal).toBe(3);
    expect(hd.vehicle).toBeGreaterThan(hd.appeal);
    expect(markerSize(11.5, false, 2).appeal).toBe(6); // the same view on 4K: one zoom level up, twice the pixels
    expect(markerSize(10.5, true).appeal).toBeLessThan(hd.appeal);
  });
});

describe('point raster', () => {
  it('pre-renders anti-aliased shapes with an outline', () => {
    const d = disc(3);
    expect(d.n).toBeGreaterThan(20);
    expect(d.n).toBeLessThan(49);
    expect(Math.max(...d.cov)).toBe(255);
    expect(Math.min(...d.cov)).toBeGreaterThan(0);
    const s = square(3, 1);
    expect(s.edge.some((e) => e === 1)).toBe(true);
    expect(s.edge.some((e) => e === 0)).toBe(true);
    expect(diamond(4, 1).n).toBeGreaterThan(20);
  });

  it('stamps markers with opacity, newest on top, clipped at the edges, and clears only what it wrote', () => {
    const r = new Raster(40, 30);
    const red = packRgb('#ff0000');
    const blue = packRgb('#0000ff');
    expect(r.stamp(disc(3), 10, 10, red, 1)).toBe(true);
    expect(Array.from(r.data.slice((10 * 40 + 10) * 4, (10 * 40 + 10) * 4 + 4))).toEqual([255, 0, 0, 255]);
    r.stamp(disc(3), 10, 10, blue, 0.5);
    expect(Array.from(r.data.slice((10 * 40 + 10) * 4, (10 * 40 + 10) * 4 + 4))).toEqual([0, 0, 255, 128]);
    expect(r.stamp(disc(3), -20, 10, red, 1)).toBe(false); // wholly outside
    expect(r.stamp(disc(3), 39, 29, red, 1)).toBe(true); // partly outside: clipped
    expect(r.alphaAt(39, 29)).toBe(255);
    expect(r.dirty()).toEqual({ x0: 6, y0: 6, x1: 40, y1: 30 });
    const before = r.dirty();
    r.clear();
    expect(r.data.every((v) => v === 0)).toBe(true);
    r.stamp(square(1), 2, 2, red, 1);
    expect(r.dirty(before)).toEqual({ x0: 0, y0: 0, x1: 40, y1: 30 });
  });

  it('draws 60k markers in a few tens of milliseconds', () => {
    const r = new Raster(1500, 1200);
    const s = disc(3);
    const c = packRgb('#e0e6ed');
    const t0 = performance.now();
    for (let i = 0; i < 60_000; i++) r.stamp(s, (i * 7919) % 1500, (i * 104729) % 1200, c, 0.5);
    expect(performance.now() - t0).toBeLessThan(500); // generous: CI machines vary; ~10 ms on a laptop
  });
});

describe('alarm lines', () => {
  const words: AlarmWords = {
    t: (k, n) => (n ? `${k}(${Object.values(n).join(',')})` : k),
    category: (id) => `cat:${id}`,
    district: (id) => `d:${id}`,
    number: (n) => String(n),
  };
  it('words alarms from their fields, not from the English message', () => {
    const status = { stream: 'status', id: 's1', ts: new Date().toISOString(), service: 'power', district: 'astana-saraishyk', state: 'outage', planned: false, households: 4967 } as StatusEvent;
    expect(alarmText(outageAlarm(status), words)).toBe('services.power · d:astana-saraishyk · alarm.households(4967)');
    const base = { id: 'x', ts: '', severity: 'warning' as const, district: 'astana-yesil', category: 'roads.repair' };
    expect(alarmText({ ...base, kind: 'runaround', message: 'AST-2026-0000099: re-routed 2 times' }, words)).toBe('cat:roads.repair · d:astana-yesil · AST-2026-0000099 · alarm.reroutes(2)');
    expect(alarmText({ ...base, kind: 'spike', message: '…', data: { n: 12, mean: 3.04 } }, words)).toBe('cat:roads.repair · d:astana-yesil · 12 alarm.perHour (alarm.usual 3.0)');
    expect(alarmText({ ...base, kind: 'overdue', message: 'AST-2026-0000007: deadline missed (Akimat)' }, words)).toBe('cat:roads.repair · d:astana-yesil · AST-2026-0000007');
    expect(alarmText({ id: 'y', ts: '', severity: 'info', kind: 'escalated', district: null, message: 'something' }, words)).toBe('something');
  });
});
