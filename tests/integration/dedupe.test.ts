// One message per id: a message whose id the stream already knows (within its dedupe window) is a duplicate,
// whatever its ts — on the PostgreSQL server (with TimescaleDB here), on plain PostgreSQL tables and on PGlite.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pgCentre, type TestCentre } from '../helpers/centre';
import { appeal, freshSchema, gpsFix, MOSQUITTO_URL, publishAll, quietLog, tmpDir, uid, waitFor } from '../helpers/services';
import { decode, DEFAULT_MAX_PAYLOAD, type StreamName } from '../../ingest/schema';
import { writeBatch } from '../../ingest/writer';
import { districtAt } from '../../maps/districts';
import { forgetExpiredIds } from '../../server/streams/dedupe';
import { migrate } from '../../server/db/migrate';
import { openPg } from '../../server/dialects/pg';
import { openPglite } from '../../server/dialects/pglite';
import type { Db } from '../../server/dialects';

const at = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60_000).toISOString();
const record = (topic: string, msg: object) => {
  const d = decode(`p/${topic}`, Buffer.from(JSON.stringify(msg)), { prefix: 'p/', maxPayload: DEFAULT_MAX_PAYLOAD, districtAt });
  if (!d.ok) throw new Error(d.reason);
  return d.record;
};
const batch = (stream: StreamName, recs: any[]) => ({ records: new Map([[stream, recs]]), deadLetters: [] });

describe('one message per id, through MQTT (PostgreSQL server)', () => {
  let c: TestCentre;
  beforeAll(async () => {
    c = await pgCentre();
    await waitFor(() => c.subscriber.connected);
  });
  afterAll(() => c?.cleanup());

  const count = async (table: string, id: string) => (await c.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} WHERE id = $1`, [id]))[0].n;

  it('counts the same id with another ts as a duplicate and stores one row (same batch and a later one)', async () => {
    const s0 = { ...c.pipeline.stats };
    const id = uid('g');
    await publishAll(MOSQUITTO_URL, [
      { topic: `${c.prefix}gps/v-1`, payload: JSON.stringify(gpsFix(id, { ts: at(3) })) },
      { topic: `${c.prefix}gps/v-1`, payload: JSON.stringify(gpsFix(id, { ts: at(2) })) },
    ]);
    await waitFor(() => c.pipeline.stats.stored + c.pipeline.stats.duplicate - s0.stored - s0.duplicate === 2);
    await publishAll(MOSQUITTO_URL, [{ topic: `${c.prefix}gps/v-1`, payload: JSON.stringify(gpsFix(id, { ts: at(1) })) }]);
    await waitFor(() => c.pipeline.stats.stored + c.pipeline.stats.duplicate - s0.stored - s0.duplicate === 3);
    expect(c.pipeline.stats.stored - s0.stored).toBe(1);
    expect(c.pipeline.stats.duplicate - s0.duplicate).toBe(2);
    expect(await count('gps', id)).toBe(1);
    expect(await c.db.query('SELECT stream FROM ingest_ids WHERE id = $1', [id])).toEqual([{ stream: 'gps' }]);
  });

  it('keeps one intake row and one registered appeal for an appeal re-sent with another ts', async () => {
    const s0 = { ...c.pipeline.stats };
    const id = uid('a');
    await publishAll(MOSQUITTO_URL, [{ topic: `${c.prefix}appeals`, payload: JSON.stringify(appeal(id, { ts: at(10) })) }]);
    await c.registry.whenRegistered(id);
    await publishAll(MOSQUITTO_URL, [{ topic: `${c.prefix}appeals`, payload: JSON.stringify(appeal(id, { ts: at(5), text: 'Нет отопления (повторно)' })) }]);
    await waitFor(() => c.pipeline.stats.duplicate - s0.duplicate === 1);
    expect(c.pipeline.stats.stored - s0.stored).toBe(1);
    expect(await count('appeals', id)).toBe(1);
    expect(await count('appeal_state', id)).toBe(1);
  });

  it('the appeals registry itself keys on id: two records of one id register one appeal', async () => {
    const id = uid('a');
    const first = record('appeals', appeal(id, { ts: at(20) }));
    const second = record('appeals', appeal(id, { ts: at(19) }));
    c.registry.enqueue([first, second]);
    await c.registry.whenRegistered(id);
    await new Promise((r) => setTimeout(r, 300));
    expect(await count('appeal_state', id)).toBe(1);
  });

  it('forgets an id after the stream window (gps: 1 hour) and only then stores it again', async () => {
    const [old, recent] = [uid('g'), uid('g')];
    const s0 = { ...c.pipeline.stats };
    await publishAll(MOSQUITTO_URL, [old, recent].map((id) => ({ topic: `${c.prefix}gps/v-2`, payload: JSON.stringify(gpsFix(id, { ts: at(90) })) })));
    await waitFor(() => c.pipeline.stats.stored - s0.stored === 2);
    // first seen 61 and 59 minutes ago
    await c.db.query(`UPDATE ingest_ids SET received_at = now() - interval '61 minutes' WHERE stream = 'gps' AND id = $1`, [old]);
    await c.db.query(`UPDATE ingest_ids SET received_at = now() - interval '59 minutes' WHERE stream = 'gps' AND id = $1`, [recent]);
    const forgotten = await forgetExpiredIds(c.db);
    expect(forgotten.gps).toBeGreaterThanOrEqual(1);
    expect((await c.db.query('SELECT id FROM ingest_ids WHERE id = ANY($1)', [[old, recent]])).map((r) => r.id)).toEqual([recent]);

    const s1 = { ...c.pipeline.stats };
    await publishAll(MOSQUITTO_URL, [old, recent].map((id) => ({ topic: `${c.prefix}gps/v-2`, payload: JSON.stringify(gpsFix(id, { ts: at(30) })) })));
    await waitFor(() => c.pipeline.stats.stored + c.pipeline.stats.duplicate - s1.stored - s1.duplicate === 2);
    expect(c.pipeline.stats.stored - s1.stored).toBe(1);
    expect(c.pipeline.stats.duplicate - s1.duplicate).toBe(1);
    expect(await count('gps', old)).toBe(2);
    expect(await count('gps', recent)).toBe(1);
  });
});

// The writer on each kind of database: the batch's first record of an id is stored, the rest are not.
for (const kind of ['plain PostgreSQL', 'PGlite + TimescaleDB'] as const) {
  describe(`one message per id in writeBatch (${kind})`, () => {
    let db: Db;
    let drop: () => Promise<void> = async () => undefined;
    beforeAll(async () => {
      if (kind === 'plain PostgreSQL') {
        const schema = await freshSchema();
        drop = schema.drop;
        const server = await openPg(schema.url, quietLog, 'off');
        // the plain-table migrations, as on a server without TimescaleDB
        db = Object.assign({}, server, { timescale: false, kind: 'postgres' as const });
      } else db = await openPglite(tmpDir('dedupe'), quietLog);
      await migrate(db, quietLog);
    });
    afterAll(async () => {
      await db?.close();
      await drop();
    });

    it('stores one row per id, whatever the ts, in one batch and across batches', async () => {
      const [a, b] = [uid('g'), uid('g')];
      const recs = [a, a, b].map((id, i) => record('gps/v-1', gpsFix(id, { ts: at(10 - i) })));
      const first = await writeBatch(db, batch('gps', recs));
      expect([...first.get('gps')!].sort()).toEqual([a, b].sort());
      const second = await writeBatch(db, batch('gps', [record('gps/v-1', gpsFix(a, { ts: at(1) })), record('gps/v-1', gpsFix(b, { ts: at(10) }))]));
      expect([...second.get('gps')!]).toEqual([]);
      const rows = await db.query<{ id: string; ts: string }>('SELECT id, ts FROM gps WHERE id = ANY($1) ORDER BY id', [[a, b]]);
      expect(rows).toHaveLength(2);
      // the first arrival is the one kept
      expect(new Date(rows.find((r) => r.id === a)!.ts).toISOString()).toBe(recs[0].ts);
    });

    it('keys ids per stream: the same id on two streams is two messages', async () => {
      const id = uid('x');
      const out = await writeBatch(db, {
        records: new Map<StreamName, any[]>([
          ['gps', [record('gps/v-1', gpsFix(id))]],
          ['appeals', [record('appeals', appeal(id))]],
        ]),
        deadLetters: [],
      });
      expect(out.get('gps')!.has(id)).toBe(true);
      expect(out.get('appeals')!.has(id)).toBe(true);
    });
  });
}
