// Vehicles that stopped reporting: online/offline by the silence threshold (VEHICLE_OFFLINE_MIN), counted apart,
// drawn hollow, and a popup that says since when.
import { describe, expect, it } from 'vitest';
import { countVehicles, isOffline, offlineMs, DEFAULT_OFFLINE_MIN } from '../../client/src/live/vehicles';
import { frame, square, Raster, packRgb } from '../../client/src/wall/map/raster';
import { popupHtml } from '../../client/src/wall/map/popup';
import { LiveData } from '../../client/src/live/data';
import type { GpsEvent } from '../../ingest/schema';

const NOW = Date.parse('2026-12-03T10:00:00Z');
const min = 60_000;
const fix = (vehicleId: string, agoMs: number, over: Partial<GpsEvent> = {}): GpsEvent =>
  ({ stream: 'gps', id: `${vehicleId}-${agoMs}`, ts: new Date(NOW - agoMs).toISOString(), vehicleId, lat: 51.1, lon: 71.4, speed: 30, heading: 0, kind: 'snowplow', ...over }) as GpsEvent;

describe('online / offline vehicles', () => {
  it('takes the threshold from the configuration, 5 minutes when absent or nonsense', () => {
    expect(DEFAULT_OFFLINE_MIN).toBe(5);
    expect(offlineMs(undefined)).toBe(5 * min);
    expect(offlineMs(null)).toBe(5 * min);
    expect(offlineMs(0)).toBe(5 * min);
    expect(offlineMs(-3)).toBe(5 * min);
    expect(offlineMs(Number.NaN)).toBe(5 * min);
    expect(offlineMs(12)).toBe(12 * min);
    expect(offlineMs(0.5)).toBe(30_000);
  });

  it('a vehicle silent longer than the threshold is offline; at the threshold, or with a clock ahead, online', () => {
    const t = 5 * min;
    expect(isOffline(NOW - 4 * min, NOW, t)).toBe(false);
    expect(isOffline(NOW - t, NOW, t)).toBe(false);
    expect(isOffline(NOW - t - 1, NOW, t)).toBe(true);
    expect(isOffline(NOW - 29 * min, NOW, t)).toBe(true);
    expect(isOffline(NOW + 2 * min, NOW, t)).toBe(false);
    expect(isOffline(Number.NaN, NOW, t)).toBe(false);
  });

  it('counts them apart ("Техника на линии 120 · не на связи 160"), with the configured threshold', () => {
    const fleet = [
      ...Array.from({ length: 120 }, (_, i) => fix(`on-${i}`, (i % 5) * min)), // 0–4 min ago
      ...Array.from({ length: 160 }, (_, i) => fix(`off-${i}`, 6 * min + (i % 20) * min)), // 6–25 min ago
    ];
    expect(countVehicles(fleet, NOW, 5 * min)).toEqual({ online: 120, offline: 160 });
    // a longer threshold: those silent 6–10 minutes are on line again (5 of each 20: 40)
    expect(countVehicles(fleet, NOW, 10 * min)).toEqual({ online: 160, offline: 120 });
    expect(countVehicles([], NOW, 5 * min)).toEqual({ online: 0, offline: 0 });
  });

  it('LiveData starts with the default threshold (the wall sets the configured one)', () => {
    expect(new LiveData().vehicleOfflineMs).toBe(5 * min);
  });
});

describe('an offline vehicle on the map and in its popup', () => {
  it('is a hollow square: the frame has the square\'s extent and no pixels in the middle', () => {
    const full = square(6);
    const hollow = frame(6, 2);
    expect(hollow.ext).toBe(full.ext);
    expect(hollow.n).toBeGreaterThan(0);
    expect(hollow.n).toBeLessThan(full.n * 0.75);
    const r = new Raster(40, 40);
    r.stamp(hollow, 20, 20, packRgb('#8a949e'), 1);
    expect(r.alphaAt(20, 20)).toBe(0); // the middle is empty
    expect(r.alphaAt(25, 20)).toBeGreaterThan(200); // the frame is drawn
    expect(r.alphaAt(20, 15)).toBeGreaterThan(200);
    const s = new Raster(40, 40);
    s.stamp(full, 20, 20, packRgb('#7fd1ff'), 1);
    expect(s.alphaAt(20, 20)).toBe(255);
  });

  it('the popup says "не на связи с 10:42" instead of the speed', () => {
    const words: Record<string, string> = { 'popup.vehicle': 'Машина', 'kinds.snowplow': 'снегоуборка', 'popup.speed': '{n} км/ч', 'popup.seen': 'данные в {time}', 'fleet.offlineSince': 'не на связи с {time}' };
    const t = (k: string, p: Record<string, unknown> = {}) => (words[k] ?? k).replace(/\{(\w+)\}/g, (_, n) => String(p[n]));
    const time = (d: Date) => d.toISOString().slice(11, 16);
    const x = { t, category: (id: string) => id, time, dateTime: time, cards: false, vehicleOfflineMs: 5 * min, now: NOW, vehicle: (id: string) => `снегоуборка · ${id.toUpperCase()}` };
    const silent = fix('plow-7', 78 * 60_000 / 4); // 19.5 min ago: 09:40:30
    const off = popupHtml({ kind: 'vehicle', point: { x: 0, y: 0, t: Date.parse(silent.ts), arrived: 0, e: silent } } as never, x);
    expect(off).toContain('снегоуборка · PLOW-7');
    expect(off).toContain('не на связи с 09:40');
    expect(off).not.toContain('км/ч');
    const fresh = fix('plow-8', 30_000);
    const on = popupHtml({ kind: 'vehicle', point: { x: 0, y: 0, t: Date.parse(fresh.ts), arrived: 0, e: fresh } } as never, x);
    expect(on).toContain('30 км/ч');
    expect(on).toContain('данные в 09:59');
    expect(on).not.toContain('не на связи');
  });
});

describe('VEHICLE_OFFLINE_MIN', () => {
  it('defaults to 5 minutes, takes fractions, and refuses nonsense', async () => {
    const { loadConfig, ConfigError } = await import('../../server/config');
    expect(loadConfig({}).VEHICLE_OFFLINE_MIN).toBe(5);
    expect(loadConfig({ VEHICLE_OFFLINE_MIN: '12' }).VEHICLE_OFFLINE_MIN).toBe(12);
    expect(loadConfig({ VEHICLE_OFFLINE_MIN: '1.5' }).VEHICLE_OFFLINE_MIN).toBe(1.5);
    for (const bad of ['0', '-1', 'soon', '100000']) expect(() => loadConfig({ VEHICLE_OFFLINE_MIN: bad })).toThrow(ConfigError);
    expect(() => loadConfig({ VEHICLE_OFFLINE_MIN: 'soon' })).toThrow(/VEHICLE_OFFLINE_MIN="soon"/);
  });
});
