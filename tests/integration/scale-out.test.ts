// Two server nodes behind the same Mosquitto, PostgreSQL and Redis: shared subscriptions split ingest, the
// Redis tick stream fans events out, a client resumes on the other node, timers run on one node only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io as connect, type Socket } from 'socket.io-client';
import { createClient } from 'redis';
import { startCentre } from '../../server/centre';
import type { TestCentre } from '../helpers/centre';
import { pgCentre } from '../helpers/centre';
import { gpsFix, metric, MOSQUITTO_URL, publishAll, quietLog, tmpDir, uid, waitFor } from '../helpers/services';
import type { EventsPayload } from '../../ingest/schema';

const REDIS = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
/** a point in the district astana-yesil */
const yesil = { lat: 51.13, lon: 71.43 };

describe('two nodes', () => {
  let a: TestCentre;
  let b: Awaited<ReturnType<typeof startCentre>>;
  beforeAll(async () => {
    const group = uid('g');
    a = await pgCentre({ REDIS_URL: REDIS, MQTT_SHARE_GROUP: group });
    b = await startCentre(
      { ...a.config, MQTT_CLIENT_ID: uid('node-b'), DATA_DIR: tmpDir(), PORT: 0 },
      { log: quietLog },
    );
    await waitFor(() => a.subscriber.connected && b.subscriber.connected);
  });
  afterAll(async () => {
    await b?.stop();
    await a?.cleanup();
  });

  it('splits ingest between the nodes without double processing, and every client sees everything', async () => {
    const before = [await a.get('/metrics')];
    const got = new Set<string>();
    let dupes = 0;
    const s = connect(a.url, { transports: ['websocket'], reconnection: false, auth: { token: a.token } });
    s.on('events', (p: EventsPayload) => p.items.forEach((e) => (got.has(e.id) ? dupes++ : got.add(e.id))));
    await new Promise((r) => s.emit('subscribe', { streams: ['gps'] }, r));

    const ids = Array.from({ length: 2000 }, () => uid('g'));
    await publishAll(MOSQUITTO_URL, ids.map((id, i) => ({ topic: `${a.prefix}gps/v-${i % 40}`, payload: JSON.stringify(gpsFix(id)) })));
    await waitFor(async () => Number((await a.db.query<any>('SELECT count(*)::int AS n FROM gps'))[0].n) === 2000, 20_000);
    const [{ n, d }] = await a.db.query<any>('SELECT count(*)::int AS n, count(DISTINCT id)::int AS d FROM gps');
    expect([n, d]).toEqual([2000, 2000]);

    // both nodes took a share (prom-client counts for the whole process, so compare each node's pipeline)
    expect(a.pipeline.stats.stored).toBeGreaterThan(0);
    expect(b.pipeline.stats.stored).toBeGreaterThan(0);
    expect(a.pipeline.stats.stored + b.pipeline.stats.stored).toBe(2000);
    expect(metric(await a.get('/metrics'), 'ingest_messages_total', { stream: 'gps', result: 'stored' }) - metric(before[0], 'ingest_messages_total', { stream: 'gps', result: 'stored' })).toBe(2000);

    // a client on node A sees the events node B ingested
    await waitFor(() => got.size === 2000, 10_000);
    expect(got.size).toBe(2000);
    expect(dupes).toBe(0);
    s.close();
  });

  it('resumes a client on the other node from its cursor', async () => {
    const s1 = connect(a.url, { transports: ['websocket'], reconnection: false, auth: { token: a.token } });
    const ack: any = await new Promise((r) => s1.emit('subscribe', { streams: ['gps'] }, r));
    s1.close();
    // a watcher that stays: once it has every event, every tick is in the stream (the two nodes ingest in
    // parallel, so the last one published is not necessarily the last one stored)
    const watched = new Set<string>();
    const watcher = connect(a.url, { transports: ['websocket'], reconnection: false, auth: { token: a.token } });
    watcher.on('events', (p: EventsPayload) => p.items.forEach((e) => watched.add(e.id)));
    await new Promise((r) => watcher.emit('subscribe', { streams: ['gps'] }, r));
    const missed = Array.from({ length: 300 }, () => uid('g'));
    await publishAll(MOSQUITTO_URL, missed.map((id) => ({ topic: `${a.prefix}gps/v-1`, payload: JSON.stringify(gpsFix(id)) })));
    await waitFor(() => missed.every((id) => watched.has(id)) && b.hub.cursor() === a.hub.cursor(), 15_000);
    watcher.close();

    const s2 = connect(b.url, { transports: ['websocket'], reconnection: false, auth: { token: a.token } });
    const seen: string[] = [];
    s2.on('events', (p: EventsPayload) => seen.push(...p.items.map((e) => e.id)));
    const ack2: any = await new Promise((r) => s2.emit('subscribe', { streams: ['gps'], since: ack.cursor }, r));
    expect(ack2.replayed).toBe(300);
    // two nodes ingest in parallel, so the order between them is the stream's, not the publisher's
    expect(seen).toHaveLength(300);
    expect([...seen].sort()).toEqual([...missed].sort());
    s2.close();
  });

  it('gives clients on both nodes each tick exactly once (a room on two nodes is not emitted twice)', async () => {
    // a district-scoped operator on each node, same filter: the same room exists on both nodes
    const token = await a.tokenFor('operator', ['astana-yesil']);
    const clients = [a.url, b.url].map((url) => connect(url, { transports: ['websocket'], reconnection: false, auth: { token } }));
    const seen = clients.map(() => new Map<string, number>());
    const cursors = clients.map(() => [] as string[]);
    clients.forEach((s, i) =>
      s.on('events', (p: EventsPayload) => {
        cursors[i].push(p.cursor);
        for (const e of p.items) seen[i].set(e.id, (seen[i].get(e.id) ?? 0) + 1);
      }),
    );
    for (const s of clients) expect(await new Promise<any>((r) => s.emit('subscribe', { streams: ['gps'], districts: ['astana-yesil'] }, r))).toHaveProperty('cursor');

    const ids = Array.from({ length: 400 }, () => uid('g'));
    await publishAll(MOSQUITTO_URL, ids.map((id, i) => ({ topic: `${a.prefix}gps/v-${i % 20}`, payload: JSON.stringify(gpsFix(id, yesil)) })));
    await waitFor(() => seen.every((m) => m.size === ids.length), 15_000);
    // late copies would arrive within a tick or two: give them time to show up
    await new Promise((r) => setTimeout(r, 500));
    for (const [i, m] of seen.entries()) {
      expect(m.size, `client ${i}`).toBe(ids.length);
      expect([...m.values()].filter((n) => n !== 1), `client ${i}: events received more than once`).toEqual([]);
      expect(new Set(cursors[i]).size, `client ${i}: ticks received more than once`).toBe(cursors[i].length);
    }
    clients.forEach((s) => s.close());
  });

  it('tells clients to resync when Redis loses the tick stream (a restart without persistence)', async () => {
    const token = await a.tokenFor('operator', ['astana-yesil']);
    const clients: Socket[] = [a.url, b.url].map((url) => connect(url, { transports: ['websocket'], reconnection: false, auth: { token } }));
    const acks: any[] = [];
    for (const s of clients) acks.push(await new Promise((r) => s.emit('subscribe', { streams: ['gps'], districts: ['astana-yesil'] }, r)));
    const first = uid('g');
    await publishAll(MOSQUITTO_URL, [{ topic: `${a.prefix}gps/v-1`, payload: JSON.stringify(gpsFix(first, yesil)) }]);
    await waitFor(() => a.state.vehicles.get('v-1')?.id === first && b.state.vehicles.get('v-1')?.id === first, 10_000);
    const cursorBefore = a.hub.cursor();
    expect(cursorBefore).not.toBe(acks[0].cursor);

    const resyncs = clients.map((s) => new Promise<{ reason: string }>((r) => s.once('resync', r)));
    // what a Redis restart without persistence looks like to the centre: its stream key is simply gone
    const redis = createClient({ url: REDIS });
    await redis.connect();
    expect(await redis.del(`sc:live:${a.prefix}`)).toBe(1);
    await redis.quit();
    const after = uid('g');
    await publishAll(MOSQUITTO_URL, [{ topic: `${a.prefix}gps/v-1`, payload: JSON.stringify(gpsFix(after, yesil)) }]);
    const got = await Promise.race([Promise.all(resyncs), new Promise<null>((r) => setTimeout(() => r(null), 10_000))]);
    expect(got).not.toBeNull();
    for (const r of got!) expect(r.reason).toMatch(/lost/);
    clients.forEach((s) => s.close());

    // a client resuming from a cursor of the lost stream is told to resync too, not served a silent gap
    const s = connect(b.url, { transports: ['websocket'], reconnection: false, auth: { token } });
    const resync = new Promise<{ reason: string }>((r) => s.once('resync', r));
    await new Promise((r) => s.emit('subscribe', { streams: ['gps'], districts: ['astana-yesil'], since: acks[0].cursor }, r));
    expect((await Promise.race([resync, new Promise<null>((r) => setTimeout(() => r(null), 5000))]))?.reason).toMatch(/lost|older/);
    s.close();
  });

  it('reports Redis in its health', async () => {
    expect(await a.get('/api/health')).toMatchObject({ http: 200, status: 'ok', redis: { ok: true } });
    expect(await a.get('/api/health/live', '')).toMatchObject({ http: 200, status: 'ok' });
  });

  it('elects exactly one leader for cluster-wide timers, and fails over', async () => {
    await waitFor(() => a.leader.isLeader !== b.leader.isLeader, 8000);
    expect([a.leader.isLeader, b.leader.isLeader].filter(Boolean)).toHaveLength(1);
    const [leader, follower] = a.leader.isLeader ? [a, b] : [b, a];
    await leader.leader.stop();
    expect(await waitFor(() => follower.leader.isLeader, 8000)).toBe(true);
  });
});
