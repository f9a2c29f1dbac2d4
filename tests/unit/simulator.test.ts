import { describe, expect, it } from 'vitest';
import mqtt from 'mqtt';
import { City } from '../../ingest/simulator/city';
import { step } from '../../ingest/simulator/fleet';
import { startSimulator } from '../../ingest/simulator';
import { channelWeights } from '../../ingest/simulator/profile';
import { decode, streams } from '../../ingest/schema';
import { districtAt } from '../../maps/districts';
import { MOSQUITTO_URL, uid } from '../helpers/services';

describe('city simulator', () => {
  it('generates only messages the schema accepts', () => {
    const city = new City(50);
    const t0 = Date.now();
    let n = 0;
    for (let i = 0; i < 200; i++)
      for (const m of city.tick(50, 0.1, t0 + i * 100)) {
        const r = decode(`city/astana/${m.topic}`, Buffer.from(JSON.stringify(m.payload)), { prefix: 'city/astana/', maxPayload: 65536, districtAt });
        if (!r.ok) throw new Error(`${m.topic}: ${r.reason} in ${JSON.stringify(m.payload)}`);
        n++;
      }
    expect(n).toBeGreaterThan(9000);
    for (let i = 0; i < 300; i++) {
      expect(streams.incidents.message.safeParse(city.incident().payload).success).toBe(true);
      expect(streams.status.message.safeParse(city.status().payload).success).toBe(true);
    }
  });

  it('keeps vehicles inside their home district', () => {
    const city = new City(30);
    let t = Date.now();
    for (let i = 0; i < 2000; i++) {
      t += 5000;
      for (const v of city.fleet) {
        step(v, 5, t);
        expect(districtAt(v.lat, v.lon)).toBe(v.district.id);
      }
    }
    expect(city.fleet.some((v) => v.speedKmh > 0)).toBe(true);
  });

  it('follows the channel proportions and produces repeats, complaints and outage bursts', () => {
    const city = new City(10);
    const counts: Record<string, number> = {};
    let complaints = 0;
    const places = new Map<string, number>();
    for (let i = 0; i < 10_000; i++) {
      const a = city.appeal().payload as any;
      counts[a.channel] = (counts[a.channel] ?? 0) + 1;
      if (a.kind === 'complaint') complaints++;
      const key = `${a.category}|${a.lat.toFixed(3)}|${a.lon.toFixed(3)}`;
      places.set(key, (places.get(key) ?? 0) + 1);
    }
    const total = Object.values(channelWeights).reduce((a, b) => a + b, 0);
    expect(counts.phone_109 / 10_000).toBeGreaterThan((channelWeights.phone_109 / total) * 0.85);
    expect(counts.phone_109 / 10_000).toBeLessThan((channelWeights.phone_109 / total) * 1.15);
    expect(complaints).toBeGreaterThan(100);
    expect(Math.max(...places.values())).toBeGreaterThan(50); // a hotspot keeps coming back
  });

  it('paces to the requested rate against the real broker', async () => {
    const prefix = `simtest/${uid()}/`;
    const sub = await mqtt.connectAsync(MOSQUITTO_URL, { clientId: uid('sub') });
    let got = 0;
    sub.on('message', () => got++);
    await sub.subscribeAsync(`${prefix}#`, { qos: 0 });
    const sim = await startSimulator({ url: MOSQUITTO_URL, prefix, rate: 1000, vehicles: 50 });
    await new Promise((r) => setTimeout(r, 500));
    const start = got;
    await new Promise((r) => setTimeout(r, 2000));
    const rate = (got - start) / 2;
    await sim.stop();
    await sub.endAsync();
    expect(rate).toBeGreaterThan(850);
    expect(rate).toBeLessThan(1150);
  });
});
