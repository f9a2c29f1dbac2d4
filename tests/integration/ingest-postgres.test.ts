// Ingest over the real Mosquitto into the database kind under test (vitest.config.ts runs this file on the
// TimescaleDB server, on plain PostgreSQL — the fallback, TIMESCALEDB=off — and on embedded PGlite).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pgCentre, type TestCentre } from '../helpers/centre';
import { appeal, DB_KIND, gpsFix, incident, metric, MOSQUITTO_URL, publishAll, serviceStatus, uid, waitFor } from '../helpers/services';

// what /api/health must say for each kind under test
const expectedKind = { timescaledb: 'timescaledb', postgres: 'postgres', pglite: 'pglite-timescaledb' }[DB_KIND];

describe(`ingest: Mosquitto → ${DB_KIND}`, () => {
  let c: TestCentre;
  beforeAll(async () => {
    c = await pgCentre();
    await waitFor(() => c.subscriber.connected);
  });
  afterAll(() => c?.cleanup());

  it('reports the database kind in use (plain PostgreSQL when the extension is declined)', async () => {
    const h = await c.get('/api/health');
    expect(h).toMatchObject({ status: 'ok', db: { kind: expectedKind, ok: true }, mqtt: { ok: true, url: MOSQUITTO_URL } });
    expect(c.db.timescale).toBe(DB_KIND !== 'postgres');
    expect(h.version).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('stores valid messages once, counts duplicates, dead-letters bad ones with the reason', async () => {
    const before = await c.get('/metrics');
    const p = c.prefix;
    const ids = [uid('a'), uid('a'), uid('a')];
    const a0 = appeal(ids[0], { citizen: { name: 'Асель', phone: '+77015550000' } });
    await publishAll(MOSQUITTO_URL, [
      ...ids.map((id, i) => ({ topic: `${p}appeals`, payload: JSON.stringify(i === 0 ? a0 : appeal(id)) })),
      { topic: `${p}appeals`, payload: JSON.stringify(a0) }, // duplicate (redelivery)
      { topic: `${p}gps/truck-1`, payload: JSON.stringify(gpsFix(uid('g'))) },
      { topic: `${p}incidents/cctv`, payload: JSON.stringify(incident(uid('i'))) },
      { topic: `${p}status/heat`, payload: JSON.stringify(serviceStatus(uid('s'))) },
      { topic: `${p}appeals`, payload: '{"id": "broken' },
      { topic: `${p}gps/truck-1`, payload: JSON.stringify(gpsFix(uid('g'), { lat: 123 })) },
      { topic: `${p}appeals`, payload: JSON.stringify(appeal(uid('a'), { category: 'nope.nope' })) },
      { topic: `${p}appeals`, payload: Buffer.alloc(70_000, 0x20) },
      { topic: `${p}weather/today`, payload: '{}' },
    ]);
    const after = await waitFor(async () => {
      const m = await c.get('/metrics');
      return metric(m, 'ingest_messages_total', { stream: 'appeals', result: 'rejected' }) - metric(before, 'ingest_messages_total', { stream: 'appeals', result: 'rejected' }) >= 3 &&
        metric(m, 'ingest_messages_total', { stream: 'unknown', result: 'rejected' }) >= 1
        ? m
        : null;
    });
    expect(after).toBeTruthy();
    const d = (labels: Record<string, string>) => metric(after!, 'ingest_messages_total', labels) - metric(before, 'ingest_messages_total', labels);
    expect(d({ stream: 'appeals', result: 'stored' })).toBe(3);
    expect(d({ stream: 'appeals', result: 'duplicate' })).toBe(1);
    expect(d({ stream: 'appeals', result: 'rejected' })).toBe(3);
    expect(d({ stream: 'gps', result: 'stored' })).toBe(1);
    expect(d({ stream: 'gps', result: 'rejected' })).toBe(1);
    expect(d({ stream: 'incidents', result: 'stored' })).toBe(1);
    expect(d({ stream: 'status', result: 'stored' })).toBe(1);

    const rows = await c.db.query<any>('SELECT id, district, citizen FROM appeals ORDER BY id');
    expect(rows.map((r) => r.id).sort()).toEqual([...ids].sort());
    expect(rows.find((r) => r.id === ids[0]).citizen).toEqual({ name: 'Асель', phone: '+77015550000' });
    expect(rows[0].district).toBe('astana-yesil');

    const dl = (await c.get('/api/dead-letters?limit=10')).items as any[];
    const reasons = dl.map((x) => `${x.topic.slice(p.length)} ${x.reason}`);
    expect(reasons).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^appeals bad JSON/),
        expect.stringMatching(/^gps\/truck-1 lat: /),
        expect.stringMatching(/^appeals category: /),
        expect.stringMatching(/^appeals payload too large: 70000 bytes > 65536/),
        expect.stringMatching(/^weather\/today unknown topic/),
      ]),
    );
    const big = dl.find((x) => x.size === 70000);
    expect(big.payload.length).toBe(4096); // truncated, not dropped
    expect(metric(after!, 'ingest_batch_duration_seconds_count')).toBeGreaterThan(0);
    expect(String(after)).toMatch(/^socket_clients \d+/m);
    expect(String(after)).toMatch(/^http_request_duration_seconds_count\{method="GET",route="\/metrics",status="200"\} \d+/m);
  });

  it('answers bad HTTP requests with a 4xx JSON error naming the field', async () => {
    const r = await c.get('/api/snapshot?districts=atlantis');
    expect(r).toMatchObject({ http: 400, error: 'bad_request', field: 'districts.0' });
    const r2 = await c.get('/api/stats/rates?minutes=-5');
    expect(r2).toMatchObject({ http: 400, field: 'minutes' });
    const r3 = await c.get('/api/nothing-here');
    expect(r3).toMatchObject({ http: 404, error: 'not_found' });
    const withId = await fetch(c.url + '/api/snapshot?districts=atlantis', { headers: { 'x-request-id': 'req-123' } });
    expect(withId.headers.get('x-request-id')).toBe('req-123');
    expect((await fetch(c.url + '/api/health')).headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('writes in batches bounded by size', async () => {
    const before = await c.get('/metrics');
    const msgs = Array.from({ length: 12_000 }, () => ({ topic: `${c.prefix}gps/bus-${Math.floor(Math.random() * 50)}`, payload: JSON.stringify(gpsFix(uid('g'))) }));
    await publishAll(MOSQUITTO_URL, msgs);
    await waitFor(async () => Number((await c.db.query<any>('SELECT count(*)::int AS n FROM gps'))[0].n) >= 12_001, 30_000);
    const after = await c.get('/metrics');
    const batches = metric(after, 'ingest_batch_size_count') - metric(before, 'ingest_batch_size_count');
    const over5000 = metric(after, 'ingest_batch_size_bucket', { le: '+Inf' }) - metric(after, 'ingest_batch_size_bucket', { le: '5000' });
    expect(batches).toBeGreaterThanOrEqual(3); // 12,000 messages cannot fit in fewer batches of ≤ 5,000
    expect(batches).toBeLessThan(12_000); // and they are batched, not one by one
    expect(over5000).toBe(0);
  });
});
