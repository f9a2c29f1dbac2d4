// A replay flood: one crew account with many sockets looping `subscribe` with an old cursor. Subscribes are
// rate-limited per socket and per user, replays are bounded and yield to the event loop, so the server stays
// responsive (/api/health/live).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io as connect, type Socket } from 'socket.io-client';
import { pgCentre, type TestCentre } from '../helpers/centre';
import type { LiveEvent, SubscribeAck } from '../../ingest/schema';

const gps = (i: number): LiveEvent =>
  ({ stream: 'gps', id: `flood-${i}`, ts: new Date().toISOString(), vehicleId: `v-${i % 500}`, lat: 51.2, lon: 71.4, speed: 30, heading: 90, kind: 'snowplow', district: 'astana-nura' }) as LiveEvent;

async function latencies(url: string, ms: number): Promise<number[]> {
  const out: number[] = [];
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const t0 = performance.now();
    const r = await fetch(url + '/api/health/live');
    await r.text();
    out.push(performance.now() - t0);
    await new Promise((r) => setTimeout(r, 50));
  }
  return out;
}
const median = (a: number[]) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];

describe('replay flood', () => {
  let c: TestCentre;
  beforeAll(async () => {
    c = await pgCentre({ REPLAY_MAX_PER_SUBSCRIBE: 200_000 });
  });
  afterAll(() => c?.cleanup());

  it('limits a crew user looping subscribes with `since` on 20 sockets; /api/health/live stays fast', async () => {
    const since = c.hub.cursor();
    // a window of 100,000 events, none of them in the crew's district (so the cost is the server's, not the client's)
    for (let t = 0; t < 100; t++) {
      c.hub.publish(Array.from({ length: 1000 }, (_, j) => gps(t * 1000 + j)));
      c.hub.flush();
    }
    const calm = median(await latencies(c.url, 1000));

    const token = await c.tokenFor('crew', ['astana-yesil']);
    const sockets: Socket[] = await Promise.all(
      Array.from({ length: 20 }, () => {
        const s = connect(c.url, { transports: ['websocket'], reconnection: false, auth: { token } });
        return new Promise<Socket>((r) => s.on('connect', () => r(s)));
      }),
    );
    let served = 0;
    let limited = 0;
    let stop = false;
    const loops = sockets.map(async (s) => {
      while (!stop) {
        const ack = await new Promise<SubscribeAck>((r) => s.emit('subscribe', { streams: ['gps'], since }, r));
        if ('error' in ack) {
          expect(ack.error).toMatch(/^rate limited/);
          limited++;
        } else served++;
        await new Promise((r) => setTimeout(r, 20));
      }
    });
    const during = await latencies(c.url, 6000);
    stop = true;
    await Promise.all(loops);
    sockets.forEach((s) => s.close());

    expect(limited).toBeGreaterThan(0);
    // 10 per socket and 30 for the user per 10 s: the 6 s above span at most two windows
    expect(served).toBeGreaterThan(0);
    expect(served).toBeLessThanOrEqual(60);
    expect(during.length).toBeGreaterThanOrEqual(5);
    expect(median(during)).toBeLessThan(Math.max(500, 10 * calm));
  });
});
