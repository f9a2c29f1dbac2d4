// socket.io live push: subscribe, receive in batches, reconnect with a cursor → every missed event once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io as connect, type Socket } from 'socket.io-client';
import { pgCentre, type TestCentre } from '../helpers/centre';
import { DB_KIND, gpsFix, MOSQUITTO_URL, appeal, publishAll, uid, waitFor } from '../helpers/services';
import type { EventsPayload, LiveEvent, SubscribeAck } from '../../ingest/schema';
import { LiveConnection, type ConnState } from '../../client/src/live/connection';
import type { Snapshot } from '../../ingest/schema';

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
    let cursor: string;
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
    const yesil = gpsFix(uid('g'), { lat: 51.128, lon: 71.43 });
    const nura = gpsFix(uid('g'), { lat: 51.09, lon: 71.36 });
    // Yesil's first: had it passed the filter, it would come before (or with) Nura's
    await publishAll(MOSQUITTO_URL, [
      { topic: `${c.prefix}gps/t-2`, payload: JSON.stringify(yesil) },
      { topic: `${c.prefix}gps/t-3`, payload: JSON.stringify(nura) },
    ]);
    await waitFor(() => got.some((e) => e.id === nura.id));
    expect(got.map((e) => [e.id, e.district])).toEqual([[nura.id, 'astana-nura']]);
    s.close();
  });

  it("resync end to end: after a server restart the client's own connection reloads the snapshot and goes on live", async () => {
    const first = await pgCentre();
    let second: TestCentre | undefined;
    // the browser's location, which the client's io() connects to
    const g = globalThis as { location?: unknown };
    g.location = new URL(`http://127.0.0.1:${first.port}/`);
    const states: ConnState[] = [];
    const snapshots: Snapshot[] = [];
    const live: LiveEvent[] = [];
    const conn = new LiveConnection({
      token: () => first.token,
      streams: ['gps'],
      loadSnapshot: async () => {
        const r = await fetch(`http://127.0.0.1:${first.port}/api/snapshot`, { headers: { authorization: `Bearer ${first.token}` } });
        if (!r.ok) throw new Error(`snapshot: ${r.status}`);
        return (await r.json()) as Snapshot;
      },
      onSnapshot: (s) => snapshots.push(s),
      onEvents: (items) => live.push(...items),
      onState: (s) => states.push(s),
    });
    const fix = (vehicle: string) => ({ topic: `${first.prefix}gps/${vehicle}`, payload: JSON.stringify(gpsFix(uid('g'))) });
    const idOf = (m: { payload: string }) => JSON.parse(m.payload).id as string;
    try {
      await conn.start();
      expect(await waitFor(() => conn.protocol.state === 'live')).toBe(true);
      const before = fix('r-1');
      await publishAll(MOSQUITTO_URL, [before]);
      expect(await waitFor(() => live.some((e) => e.id === idOf(before)))).toBe(true);

      // the server restarts on the same port and database: its cursors are of another run
      await first.stop();
      second = await pgCentre(
        { PORT: first.port, MQTT_TOPIC_PREFIX: first.prefix, ...(DB_KIND === 'pglite' ? { DATA_DIR: first.config.DATA_DIR } : {}) },
        DB_KIND === 'pglite' ? undefined : () => first.schemaUrl!,
      );
      expect(await waitFor(() => states.includes('resyncing') && conn.protocol.state === 'live', 30_000)).toBe(true);
      expect(snapshots).toHaveLength(2);
      expect(snapshots[1].cursor.split('.')[0]).not.toBe(snapshots[0].cursor.split('.')[0]);
      // the reloaded snapshot has what was stored before the restart
      expect(snapshots[1].vehicles.map((v) => v.id)).toContain(idOf(before));
      expect(conn.cursor.split('.')[0]).toBe(snapshots[1].cursor.split('.')[0]);

      const after = fix('r-2');
      await publishAll(MOSQUITTO_URL, [after]);
      expect(await waitFor(() => live.some((e) => e.id === idOf(after)))).toBe(true);
      expect(live.filter((e) => e.id === idOf(after))).toHaveLength(1);
    } finally {
      conn.stop();
      delete g.location;
      await second?.cleanup();
      await first.cleanup();
    }
  });
});
