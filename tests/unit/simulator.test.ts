// The city simulator's generation (no broker): schema validity, vehicles inside their districts, proportions,
// daily rhythm, outage bursts.
import { describe, expect, it } from 'vitest';
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import { City, type Message } from '../../ingest/simulator/city';
import { step } from '../../ingest/simulator/fleet';
import { Pacer, RateMeter } from '../../ingest/simulator/pacer';
import { channelWeights, categoryWeights, incidentWeights, sphereWeights, streamShare } from '../../ingest/simulator/profile';
import { seeded } from '../../ingest/simulator/random';
import { appealText, templatedCategories } from '../../ingest/simulator/texts';
import { categoryIds, channelIds, decode, incidentTypes, spheres, streams, type StreamName } from '../../ingest/schema';
import { districtAt } from '../../maps/districts';

const prefix = 'city/astana/';
// late November, 11:00 in Astana (UTC+5)
const NOV = Date.parse('2025-11-25T06:00:00Z');
const noEpisodes = { firstOutageSec: [1e9, 1e9] as [number, number], outageEverySec: 1e9, degradedEverySec: 1e9, plannedEverySec: 1e9 };

function check(m: Message): { stream: StreamName; record: any } {
  const stream = m.topic.split('/')[0] as StreamName;
  const parsed = streams[stream].message.safeParse(m.payload);
  if (!parsed.success) throw new Error(`${m.topic}: ${parsed.error.message} in ${JSON.stringify(m.payload)}`);
  const r = decode(prefix + m.topic, Buffer.from(JSON.stringify(m.payload)), { prefix, maxPayload: 65536, districtAt });
  if (!r.ok) throw new Error(`${m.topic}: ${r.reason} in ${JSON.stringify(m.payload)}`);
  expect(r.stream).toBe(stream);
  return r;
}

describe('city simulator: generation', () => {
  it('generates thousands of messages of every stream that the schema and decode accept', () => {
    const city = new City(80, { rnd: seeded(1), now: NOV });
    const counts: Record<string, number> = { gps: 0, appeals: 0, incidents: 0, status: 0 };
    const ids = new Set<string>();
    // a heating outage running, so that bursts and outage states are covered too
    city.services.startOutage(NOV, 'heat', city.districts[2], 5);
    let t = NOV;
    for (let i = 0; i < 1000; i++, t += 100) {
      for (const m of city.tick(40, t)) {
        const r = check(m);
        counts[r.stream]++;
        ids.add(m.payload.id as string);
        if (r.stream === 'gps') {
          const v = city.fleet.find((x) => `gps/${x.id}` === m.topic)!;
          expect(r.record.district).toBe(v.district.id);
        }
      }
    }
    // and a few thousand more of the smaller streams straight from their generators
    for (let i = 0; i < 3000; i++, t += 50) {
      for (const m of [city.appeal(t), city.incident(t), city.status(t)]) {
        const r = check(m);
        counts[r.stream]++;
        ids.add(m.payload.id as string);
        if (r.stream !== 'status') expect(r.record.district).not.toBeNull();
      }
    }
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    expect(ids.size).toBe(total); // ids are unique
    for (const s of ['gps', 'appeals', 'incidents', 'status']) expect(counts[s]).toBeGreaterThan(3000);
  });

  it('covers every category with valid ids and every weighted channel exists in the taxonomy', () => {
    for (const c of Object.keys(channelWeights)) expect(channelIds).toContain(c);
    for (const month of [1, 4, 7, 11])
      for (const s of Object.keys(sphereWeights(month))) {
        expect(spheres.map((x) => x.id)).toContain(s);
        for (const c of Object.keys(categoryWeights(s, month))) expect(categoryIds).toContain(c);
      }
    for (const t of Object.keys(incidentWeights(11))) expect(incidentTypes).toContain(t);
    for (const c of categoryIds) expect(appealText(c, seeded(3)).length).toBeGreaterThan(5);
    expect(templatedCategories.length).toBeGreaterThan(80);
  });

  it('keeps vehicles inside their home district polygon over many steps, at street speeds', () => {
    const city = new City(60, { rnd: seeded(7), now: NOV });
    const rnd = seeded(8);
    let t = NOV;
    let moved = 0;
    const kinds = new Set<string>();
    for (let i = 0; i < 1500; i++) {
      t += 1000 + Math.floor(rnd() * 9000); // irregular reports, 1–10 s apart
      for (const v of city.fleet) {
        const before = { lat: v.lat, lon: v.lon };
        step(v, (t - v.at) / 1000, t, rnd);
        expect(booleanPointInPolygon([v.lon, v.lat], v.district.feature)).toBe(true);
        expect(districtAt(v.lat, v.lon)).toBe(v.district.id);
        expect(v.speedKmh).toBeLessThanOrEqual(90);
        expect(v.heading).toBeGreaterThanOrEqual(0);
        expect(v.heading).toBeLessThan(360);
        if (before.lat !== v.lat || before.lon !== v.lon) moved++;
        kinds.add(v.kind);
      }
    }
    expect(moved).toBeGreaterThan(1500 * 60 * 0.3); // they drive most of the time …
    expect(city.fleet.some((v) => v.speedKmh === 0)).toBe(true); // … and stop at work sites
    expect(new Set(city.fleet.map((v) => v.district.id)).size).toBe(city.districts.length);
    expect(kinds.has('snowplow')).toBe(true); // November
  });

  it('moves a vehicle by the time since its own last report, whatever the fleet size', () => {
    const city = new City(50, { rnd: seeded(11), now: NOV });
    // 5 fixes a second over 50 vehicles: each reports every 10 s and must cover ~10 s of driving
    let t = NOV + 60_000;
    const first = city.gps(50, t).map((m) => m.payload);
    t += 10_000;
    const second = city.gps(50, t).map((m) => m.payload);
    const metres = first.map((a, i) => Math.hypot((second[i].lat as number) - (a.lat as number), ((second[i].lon as number) - (a.lon as number)) * 0.63) * 111_000);
    const driving = metres.filter((m) => m > 1);
    expect(driving.length).toBeGreaterThan(10);
    const avg = driving.reduce((a, b) => a + b, 0) / driving.length;
    expect(avg).toBeGreaterThan(20); // > 7 km/h
    expect(avg).toBeLessThan(250); // < 90 km/h
  });

  it('follows the channel and sphere proportions of the profile over 10,000 appeals', () => {
    const city = new City(0, { rnd: seeded(5), now: NOV });
    const channels: Record<string, number> = {};
    const spheresSeen: Record<string, number> = {};
    let complaints = 0;
    let kazakh = 0;
    let noCoords = 0;
    const places = new Map<string, number>();
    const N = 10_000;
    for (let i = 0; i < N; i++) {
      const a = city.appeal(NOV + i * 100).payload as any;
      channels[a.channel] = (channels[a.channel] ?? 0) + 1;
      const sphere = spheres.find((s) => s.categories.some((c) => c.id === a.category))!.id;
      spheresSeen[sphere] = (spheresSeen[sphere] ?? 0) + 1;
      if (a.kind === 'complaint') complaints++;
      if (/[әіңғүұқөһ]/i.test(a.text)) kazakh++;
      if (a.lat === undefined) noCoords++;
      else {
        const key = `${a.category}|${a.lat.toFixed(3)}|${a.lon.toFixed(3)}`;
        places.set(key, (places.get(key) ?? 0) + 1);
      }
    }
    const total = Object.values(channelWeights).reduce((a, b) => a + b, 0);
    for (const [c, w] of Object.entries(channelWeights)) {
      const expected = w / total;
      if (expected >= 0.04) {
        expect(channels[c] / N, c).toBeGreaterThan(expected * 0.85);
        expect(channels[c] / N, c).toBeLessThan(expected * 1.15);
      } else expect(channels[c] ?? 0, c).toBeLessThan(N * expected * 2 + 20);
    }
    const top = Object.entries(channels).sort((a, b) => b[1] - a[1]).map(([c]) => c);
    expect(top.slice(0, 2)).toEqual(['phone_109', 'telegram_bot']);
    // in November heating and snow lead the topics; utilities together are the largest group
    const bySphere = Object.entries(spheresSeen).sort((a, b) => b[1] - a[1]).map(([s]) => s);
    expect(bySphere.slice(0, 2).sort()).toEqual(['heating', 'snow_flood']);
    const utilities = ['heating', 'electricity', 'water', 'gas', 'street_lighting'].reduce((a, s) => a + (spheresSeen[s] ?? 0), 0);
    expect(utilities / N).toBeGreaterThan(0.3);
    expect(complaints).toBeGreaterThan(50);
    expect(kazakh / N).toBeGreaterThan(0.08);
    expect(kazakh / N).toBeLessThan(0.3);
    expect(noCoords / N).toBeGreaterThan(0.02);
    expect(noCoords / N).toBeLessThan(0.1);
    expect(Math.max(...places.values())).toBeGreaterThan(30); // a hotspot keeps coming back
  });

  it('splits the budget across streams with a daily rhythm of appeals', () => {
    const count = (at: number) => {
      const city = new City(100, { rnd: seeded(9), now: at, episodes: noEpisodes });
      const n: Record<string, number> = { gps: 0, appeals: 0, incidents: 0, status: 0 };
      let total = 0;
      for (let i = 0; i < 200; i++) {
        const batch = city.tick(100, at + i * 50);
        expect(batch.length).toBe(100); // the total is the budget
        for (const m of batch) n[m.topic.split('/')[0]]++;
        total += batch.length;
      }
      return { n, total };
    };
    const day = count(NOV); // 11:00
    const night = count(NOV - 8 * 3600_000); // 03:00
    expect(day.n.appeals / day.total).toBeGreaterThan(streamShare.appeals * 1.1);
    expect(night.n.appeals / night.total).toBeLessThan(streamShare.appeals * 0.2);
    expect(night.n.appeals).toBeGreaterThan(0);
    for (const r of [day, night]) {
      expect(r.n.incidents / r.total).toBeCloseTo(streamShare.incidents, 1);
      expect(r.n.status / r.total).toBeCloseTo(streamShare.status, 1);
      expect(r.n.gps / r.total).toBeGreaterThan(0.5);
    }
  });

  it('a heating outage: status outage for one district, a burst of no_heat appeals there, then restoration', () => {
    const city = new City(20, { rnd: seeded(21), now: NOV, episodes: noEpisodes });
    const d = city.districts[3];
    const noHeatIn = (msgs: Message[]) => msgs.filter((m) => m.topic === 'appeals' && m.payload.category === 'heating.no_heat' && m.payload.district === d.id).length;
    const run = (from: number, secs: number) => {
      const out: Message[] = [];
      for (let t = from; t < from + secs * 1000; t += 100) out.push(...city.tick(50, t));
      return out;
    };
    const before = run(NOV, 60);
    const e = city.services.startOutage(NOV + 60_000, 'heat', d, 4);
    const during = run(NOV + 60_000, 4 * 60);
    const after = run(NOV + 60_000 + 4 * 60_000, 60);

    const outage = during.find((m) => m.topic === 'status/heat' && m.payload.district === d.id);
    expect(outage?.payload).toMatchObject({ state: 'outage', planned: false });
    expect(Date.parse(outage!.payload.restoreEta as string)).toBeGreaterThanOrEqual(e.until);
    // while it lasts every heartbeat for heat in that district says outage
    expect(during.filter((m) => m.topic === 'status/heat' && m.payload.district === d.id).every((m) => m.payload.state === 'outage')).toBe(true);
    const restored = after.find((m) => m.topic === 'status/heat' && m.payload.district === d.id);
    expect(restored?.payload.state).toBe('ok');
    // the burst: several times the usual rate of no_heat appeals from that district, only while the outage lasts
    const perMin = (n: number, secs: number) => (n / secs) * 60;
    expect(perMin(noHeatIn(during), 240)).toBeGreaterThan(5 * perMin(noHeatIn(before) + 1, 60));
    expect(perMin(noHeatIn(after), 60)).toBeLessThan(perMin(noHeatIn(during), 240) / 5);
    for (const m of during.filter((x) => x.topic === 'appeals' && x.payload.category === 'heating.no_heat' && x.payload.district === d.id).slice(0, 200))
      if (m.payload.lat !== undefined) expect(districtAt(m.payload.lat as number, m.payload.lon as number)).toBe(d.id);
  });

  it('starts outages, degradations and planned works on its own and ends them', () => {
    const city = new City(5, { rnd: seeded(31), now: NOV, episodes: { firstOutageSec: [10, 10], outageEverySec: 120, outageMinutes: [1, 2], degradedEverySec: 60, plannedEverySec: 120 } });
    const states: Record<string, number> = { ok: 0, degraded: 0, outage: 0 };
    let planned = 0;
    for (let t = NOV; t < NOV + 30 * 60_000; t += 1000) {
      const m = city.status(t);
      check(m);
      states[m.payload.state as string]++;
      if (m.payload.planned) planned++;
    }
    expect(states.ok).toBeGreaterThan(states.outage + states.degraded); // mostly ok
    expect(states.outage).toBeGreaterThan(0);
    expect(states.degraded).toBeGreaterThan(0);
    expect(planned).toBeGreaterThan(0);
  });
});

describe('city simulator: pacing arithmetic', () => {
  it('a pacer gives the rate in whole messages per tick and caps the catch-up after a stall', () => {
    const p = new Pacer(2000, 0);
    let n = 0;
    for (let t = 50; t <= 10_000; t += 50) n += p.due(t);
    expect(n).toBe(20_000);
    const q = new Pacer(333, 0);
    let m = 0;
    for (let t = 70; t <= 7000; t += 70) m += q.due(t);
    expect(Math.abs(m - 333 * 7)).toBeLessThanOrEqual(1);
    expect(q.due(7000 + 10_000)).toBeLessThanOrEqual(Math.ceil(333 * 0.5));
  });

  it('a rate meter measures over its window', () => {
    const r = new RateMeter(5000, 0);
    for (let t = 100; t <= 10_000; t += 100) r.add(100, t);
    expect(r.rate(10_000)).toBeCloseTo(1000, 0);
    expect(r.rate(12_500)).toBeCloseTo(500, 0);
  });
});
