// The database goes away under load and comes back: nothing is lost, nothing is stored twice.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pgCentre, type TestCentre } from '../helpers/centre';
import { startProxy, type Proxy } from '../helpers/tcp-proxy';
import { gpsFix, metric, MOSQUITTO_URL, publishAll, uid, waitFor } from '../helpers/services';

const count = async (c: TestCentre) => Number((await c.db.query<any>('SELECT count(*)::int AS n, count(DISTINCT id)::int AS d FROM gps'))[0].n);

describe('database outage', () => {
  let c: TestCentre;
  let proxy: Proxy;
  beforeAll(async () => {
    proxy = await startProxy('127.0.0.1', 5432);
    c = await pgCentre({}, (url) => proxy.url(url));
    await waitFor(() => c.subscriber.connected);
  });
  afterAll(async () => {
    proxy.restore();
    await c?.cleanup();
    await proxy.close();
  });

  it('spools while the database is down and replays when it returns', async () => {
    const batch = (n: number) => Array.from({ length: n }, () => ({ topic: `${c.prefix}gps/van-${Math.floor(Math.random() * 9)}`, payload: JSON.stringify(gpsFix(uid('g'))) }));
    await publishAll(MOSQUITTO_URL, batch(300));
    expect(await waitFor(async () => (await count(c)) === 300)).toBe(true);

    proxy.cut();
    // every one of these is acknowledged by the broker while the database is unreachable
    await publishAll(MOSQUITTO_URL, batch(700));
    const h = await waitFor(async () => {
      const x = await c.get('/api/health');
      return x.ingest.spooled === 700 ? x : null;
    });
    expect(h).toMatchObject({ status: 'degraded', db: { ok: false }, ingest: { dbUp: false, spooled: 700 } });
    expect(metric(await c.get('/metrics'), 'ingest_db_up')).toBe(0);

    proxy.restore();
    await publishAll(MOSQUITTO_URL, batch(100));
    expect(await waitFor(async () => (await count(c)) === 1100, 20_000)).toBe(true);
    const [{ n, d }] = await c.db.query<any>('SELECT count(*)::int AS n, count(DISTINCT id)::int AS d FROM gps');
    expect([n, d]).toEqual([1100, 1100]);
    const after = await c.get('/api/health');
    expect(after).toMatchObject({ status: 'ok', ingest: { dbUp: true, spooled: 0 } });
  });
});
