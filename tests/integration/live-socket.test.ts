// socket.io live push: subscribe, receive in batches, reconnect with a cursor → every missed event once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io as connect, type Socket } from 'socket.io-client';
import { pgCentre, type TestCentre } from '../helpers/centre';
import { gpsFix, MOSQUITTO_URL, appeal, publishAll, uid, waitFor } from '../helpers/services';
import type { EventsPayload, SubscribeAck } from '../../ingest/schema';

describe('live push over socket.io', () => {
  let c: TestCentre;
  beforeAll(async () => {
    c = await pgCentre();
    await waitFor(() => c.subscriber.connected);
  });
  afterAll(() => c?.cleanup());

  const open = (token = c.token) => connect(c.url, { transports: ['websocket'], reconnection: false, auth: { token } });
  const subscribe = (s: Socket, req: object) => new Promise<SubscribeAck>((r) => s.emit('subscribe', req, r));
  const gps = (n: number) => Array.from({ length: n }, () => ({ topic: `${c.prefix}gps/t-1`, payload: JSON.stringify(gpsFix(uid('g'))) }));

  it('rejects a bad subscription with the field named', async () => {
    const s = open();
    const ack = await subscribe(s, { streams: ['weather'] });
    expect(ack).toMatchObject({ error: expect.stringMatching(/^streams\.0: /) });
    s.close();
  });

  it('replays exactly what a client missed while away, then continues live', async () => {
    const got: string[] = [];
    let cursor = '';
    let emits = 0;
    const s1 = open();
    s1.on('events', (p: EventsPayload) => {
      emits++;
      cursor = p.cursor;
      for (const e of p.items) got.push(e.id);
    });
    const ack = (await subscribe(s1, { streams: ['gps'] })) as { cursor: string };
    cursor = ack.cursor;
    const first = gps(500);
    await publishAll(MOSQUITTO_URL, first);
    await waitFor(() => got.length >= 500);
    expect(emits).toBeLessThan(100); // coalesced, not one emit per message
    s1.close();

    const missed = gps(300);
    await publishAll(MOSQUITTO_URL, [...missed, { topic: `${c.prefix}appeals`, payload: JSON.stringify(appeal(uid('a'))) }]);
    await waitFor(() => c.state.vehicles.get('t-1')?.id === JSON.parse(missed[299].payload as string).id);

    const s2 = open();
    const replayed: string[] = [];
    const live: string[] = [];
    s2.on('events', (p: EventsPayload) => (p.replay ? replayed : live).push(...p.items.map((e) => e.id)));
    const ack2 = (await subscribe(s2, { streams: ['gps'], since: cursor })) as { cursor: string; replayed: number };
    expect(ack2.replayed).toBe(300);
    expect(replayed).toEqual(missed.map((m) => JSON.parse(m.payload as string).id));
    const after = gps(50);
    await publishAll(MOSQUITTO_URL, after);
    await waitFor(() => live.length >= 50);
    expect(live).toEqual(after.map((m) => JSON.parse(m.payload as string).id));
    const all = [...got, ...replayed, ...live];
    expect(new Set(all).size).toBe(all.length); // no duplicates
    expect(all).toHaveLength(850);
    s2.close();
  });

  it('tells a client with an unknown cursor to resync', async () => {
    const s = open();
    const resync = new Promise<{ reason: string }>((r) => s.on('resync', r));
    await subscribe(s, { streams: ['gps'], since: '00000000.5' });
    expect((await resync).reason).toMatch(/another server run/);
    s.close();
  });

  it('filters by district', async () => {
    const s = open();
    const got: any[] = [];
    s.on('events', (p: EventsPayload) => got.push(...p.items));
    await subscribe(s, { streams: ['gps'], districts: ['astana-nura'] });
    await publishAll(MOSQUITTO_URL, [
      { topic: `${c.prefix}gps/t-2`, payload: JSON.stringify(gpsFix(uid('g'), { lat: 51.128, lon: 71.43 })) }, // Yesil
      { topic: `${c.prefix}gps/t-3`, payload: JSON.stringify(gpsFix(uid('g'), { lat: 51.09, lon: 71.36 })) },
    ]);
    await new Promise((r) => setTimeout(r, 500));
    expect(got.every((e) => e.district === 'astana-nura')).toBe(true);
    s.close();
  });
});
