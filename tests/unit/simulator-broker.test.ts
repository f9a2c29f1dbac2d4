// The city simulator against the real Mosquitto: the achieved rate, every stream on the wire and valid, a bounded
// backlog while the broker is unreachable, and recovery after it comes back.
import { afterEach, describe, expect, it } from 'vitest';
import mqtt from 'mqtt';
import { startSimulator, type Simulator } from '../../ingest/simulator';
import { decode } from '../../ingest/schema';
import { districtAt } from '../../maps/districts';
import { MOSQUITTO_URL, uid, waitFor } from '../helpers/services';
import { startProxy, type Proxy } from '../helpers/tcp-proxy';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function counter(prefix: string) {
  const sub = await mqtt.connectAsync(MOSQUITTO_URL, { clientId: uid('simsub') });
  const c = { total: 0, perStream: {} as Record<string, number>, invalid: [] as string[] };
  sub.on('message', (topic, payload) => {
    c.total++;
    const s = topic.slice(prefix.length).split('/')[0];
    c.perStream[s] = (c.perStream[s] ?? 0) + 1;
    const r = decode(topic, payload, { prefix, maxPayload: 65536, districtAt });
    if (!r.ok && c.invalid.length < 5) c.invalid.push(`${topic}: ${r.reason}`);
  });
  await sub.subscribeAsync(`${prefix}#`, { qos: 0 });
  return { c, end: () => sub.endAsync() };
}

let sim: Simulator | null = null;
let proxy: Proxy | null = null;
afterEach(async () => {
  await sim?.stop();
  await proxy?.close();
  sim = proxy = null;
});

describe('city simulator on the broker', () => {
  for (const rate of [1000, 2000])
    it(`paces to ${rate} msg/s within ±15 % over 2 s`, async () => {
      const prefix = `simtest/${uid()}/`;
      const sub = await counter(prefix);
      sim = await startSimulator({ url: MOSQUITTO_URL, prefix, rate, vehicles: 200 });
      await sleep(500);
      const start = sub.c.total;
      await sleep(2000);
      const achieved = (sub.c.total - start) / 2;
      const stats = sim.stats();
      await sim.stop();
      await sleep(200);
      await sub.end();
      expect(achieved).toBeGreaterThan(rate * 0.85);
      expect(achieved).toBeLessThan(rate * 1.15);
      expect(stats.rate).toBeGreaterThan(rate * 0.85);
      expect(stats.rate).toBeLessThan(rate * 1.15);
      expect(stats.errors).toBe(0);
      expect(stats.skipped).toBe(0);
      for (const s of ['gps', 'appeals', 'incidents', 'status']) expect(sub.c.perStream[s] ?? 0, s).toBeGreaterThan(0);
      expect(sub.c.perStream.gps).toBeGreaterThan(sub.c.total * 0.5);
      expect(sub.c.invalid).toEqual([]);
      // what it says it sent is what arrived (QoS 1 to the broker; the counting subscriber is QoS 0)
      expect(sub.c.total).toBeGreaterThanOrEqual(Math.floor(stats.sent * 0.99));
      expect(sub.c.total).toBeLessThanOrEqual(stats.sent);
    });

  it('skips (bounded) while the broker is unreachable and resumes after it is back', async () => {
    const u = new URL(MOSQUITTO_URL);
    proxy = await startProxy(u.hostname, Number(u.port || 1883));
    const prefix = `simtest/${uid()}/`;
    const sub = await counter(prefix);
    sim = await startSimulator({ url: proxy.url(MOSQUITTO_URL), prefix, rate: 500, vehicles: 50, maxInflight: 1000 });
    await waitFor(() => sub.c.total > 200 || null);
    proxy.cut();
    await waitFor(() => !sim!.stats().connected || null);
    const atCut = sim.stats();
    await sleep(1500);
    const offline = sim.stats();
    expect(offline.skipped - atCut.skipped).toBeGreaterThan(400); // ~500/s due, none queued
    expect(offline.inflight).toBeLessThanOrEqual(1000);
    proxy.restore();
    await waitFor(() => sim!.stats().connected || null, 10_000);
    const back = sub.c.total;
    await sleep(1000);
    expect(sub.c.total - back).toBeGreaterThan(300);
    expect(sim.stats().inflight).toBeLessThan(600);
    await sub.end();
  });
});
