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
    // one stream's dead letters (the admin console's filter)
    const gpsOnly = (await c.get('/api/dead-letters?limit=10&stream=gps')).items as { stream: string; reason: string }[];
    expect(gpsOnly.map((x) => [x.stream, x.reason.split(':')[0]])).toEqual([['gps', 'lat']]);
    expect((await c.get('/api/dead-letters?stream=status')).items).toEqual([]);
    expect((await c.get('/api/dead-letters?stream=')).http).toBe(400);
    const big = dl.find((x) => x.size === 70000);
    expect(big.payload.length).toBe(4096); // truncated, not dropped
    expect(metric(after!, 'ingest_batch_duration_seconds_count')).toBeGreaterThan(0);
    expect(String(after)).toMatch(/^socket_clients \d+/m);
    expect(String(after)).toMatch(/^http_request_duration_seconds_count\{method="GET",route="\/metrics",status="200"\} \d+/m);
  });

  it('finds the rows the database refuses by halving the batch: those are dead-lettered, the rest stored', async () => {
    // the database itself refuses two vehicles' fixes (a trigger, as a constraint the decoder does not know)
    await c.db.exec(`CREATE OR REPLACE FUNCTION refuse_fix() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.vehicle_id LIKE 'refused-%' THEN RAISE EXCEPTION 'fix of % refused', NEW.vehicle_id; END IF; RETURN NEW; END $$`);
    await c.db.exec('CREATE TRIGGER refuse_fix BEFORE INSERT ON gps FOR EACH ROW EXECUTE FUNCTION refuse_fix()');
    try {
      const before = await c.get('/metrics');
      const vehicles = Array.from({ length: 40 }, (_, i) => (i === 7 || i === 29 ? `refused-${i}` : `halve-${i}`));
      const msgs = vehicles.map((v) => ({ topic: `${c.prefix}gps/${v}`, payload: JSON.stringify(gpsFix(uid('g'))) }));
      await publishAll(MOSQUITTO_URL, msgs);
      const d = (m: unknown, result: string) => metric(m as string, 'ingest_messages_total', { stream: 'gps', result }) - metric(before, 'ingest_messages_total', { stream: 'gps', result });
      const after = await waitFor(async () => {
        const m = await c.get('/metrics');
        return d(m, 'stored') + d(m, 'rejected') >= 40 ? m : null;
      }, 30_000);
      expect(after).toBeTruthy();
      expect(d(after, 'stored')).toBe(38);
      expect(d(after, 'rejected')).toBe(2);
      const stored = await c.db.query<any>(`SELECT vehicle_id FROM gps WHERE vehicle_id LIKE 'halve-%' OR vehicle_id LIKE 'refused-%'`);
      expect(stored).toHaveLength(38);
      expect(stored.map((r) => r.vehicle_id)).not.toContain('refused-7');
      const dl = await c.db.query<any>(`SELECT topic, reason FROM dead_letters WHERE topic LIKE $1 ORDER BY topic`, [`${c.prefix}gps/refused-%`]);
      expect(dl.map((x) => x.topic.slice(c.prefix.length))).toEqual(['gps/refused-29', 'gps/refused-7']);
      for (const x of dl) expect(x.reason).toMatch(/^rejected by database: .*fix of refused-\d+ refused/);
    } finally {
      await c.db.exec('DROP TRIGGER refuse_fix ON gps');
    }
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
    const rows = async () => Number((await c.db.query<any>('SELECT count(*)::int AS n FROM gps'))[0].n);
    const rows0 = await rows();
    const msgs = Array.from({ length: 12_000 }, () => ({ topic: `${c.prefix}gps/bus-${Math.floor(Math.random() * 50)}`, payload: JSON.stringify(gpsFix(uid('g'))) }));
    await publishAll(MOSQUITTO_URL, msgs);
    expect(await waitFor(async () => (await rows()) >= rows0 + 12_000, 30_000)).toBe(true);
    const after = await c.get('/metrics');
    const batches = metric(after, 'ingest_batch_size_count') - metric(before, 'ingest_batch_size_count');
    const over5000 = metric(after, 'ingest_batch_size_bucket', { le: '+Inf' }) - metric(after, 'ingest_batch_size_bucket', { le: '5000' });
    expect(batches).toBeGreaterThanOrEqual(3); // 12,000 messages cannot fit in fewer batches of ≤ 5,000
    expect(batches).toBeLessThan(12_000); // and they are batched, not one by one
    expect(over5000).toBe(0);
  });
});
