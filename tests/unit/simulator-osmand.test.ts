// The simulator's OsmAnd reporters (ingest/simulator/osmand.ts): the request a simulated phone sends decodes, with
// the centre's own decoder, to the fix the vehicle would have published over MQTT; which vehicles report that way.
import { describe, expect, it } from 'vitest';
import { City } from '../../ingest/simulator/city';
import { OsmAndSender, osmandQuery, reportsOverOsmAnd } from '../../ingest/simulator/osmand';
import { seeded } from '../../ingest/simulator/random';
import { decodeOsmAnd } from '../../ingest/protocols/osmand';

describe('simulated OsmAnd devices', () => {
  it('a simulated request decodes to the same position, time, speed (via knots) and heading', () => {
    const city = new City(30, { rnd: seeded(7), now: Date.parse('2026-12-03T06:00:00Z') });
    const fixes = city.gps(60, Date.parse('2026-12-03T06:00:30.250Z'));
    expect(fixes).toHaveLength(60);
    for (const m of fixes) {
      const r = decodeOsmAnd({ query: osmandQuery(m) });
      if (!r.ok) throw new Error(`${r.field}: ${r.message}`);
      const p = m.payload as { ts: string; lat: number; lon: number; speed: number; heading: number };
      expect(r.deviceId).toBe(m.topic.slice('gps/'.length));
      expect(r.message).toMatchObject({ ts: p.ts, lat: p.lat, lon: p.lon, heading: p.heading });
      expect(r.message.speed).toBeCloseTo(p.speed, 2);
      expect(r.defaulted).toEqual([]);
    }
  });

  it('every 1/share-th vehicle reports over OsmAnd; only gps of those is offered, within the rate cap', () => {
    expect([0, 1, 9, 10, 20].map((i) => reportsOverOsmAnd(i, 0.1))).toEqual([true, false, false, true, true]);
    expect(reportsOverOsmAnd(3, 0)).toBe(false);
    expect(reportsOverOsmAnd(3, 1)).toBe(true);
    const ids = Array.from({ length: 30 }, (_, i) => `v-${i}`);
    // an address nothing listens on: the requests fail, which is counted, not thrown
    const s = new OsmAndSender({ url: 'http://127.0.0.1:9', share: 0.1, maxPerSecond: 2 }, ids);
    expect(s.deviceIds).toEqual(['v-0', 'v-10', 'v-20']);
    const fix = (id: string) => ({ topic: `gps/${id}`, payload: { id: 'x', ts: new Date().toISOString(), lat: 51.1, lon: 71.4, speed: 10, heading: 0 } });
    const t = Date.parse('2026-12-03T06:00:00Z');
    expect(s.offer(fix('v-1'), t)).toBe(false);
    expect(s.offer({ topic: 'appeals', payload: {} }, t)).toBe(false);
    expect([s.offer(fix('v-0'), t), s.offer(fix('v-10'), t), s.offer(fix('v-20'), t)]).toEqual([true, true, false]);
    expect(s.offer(fix('v-20'), t + 1000)).toBe(true);
    return s.drain().then(() => expect(s.errors).toBe(3));
  });
});
