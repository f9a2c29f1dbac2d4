// Ingest on its own: the real Mosquitto, the real PostgreSQL with TimescaleDB, and no server (no startCentre, no
// express). The batch sink is written here over plain `pg` from ingest's port alone (ingest/ports.ts); the server's
// migrations only create the tables. Messages are stored, a bad one is dead-lettered with its reason, and nothing
// is acknowledged to the broker before the transaction holding it has committed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { Pipeline } from '../../ingest/pipeline';
import { Subscriber } from '../../ingest/mqtt/subscriber';
import { Spool } from '../../ingest/spool';
import type { BatchSink } from '../../ingest/ports';
import type { LiveEvent } from '../../ingest/schema';
import { openDb } from '../../server/dialects';
import { migrate } from '../../server/db/migrate';
import { freshSchema, gpsFix, incident, MOSQUITTO_URL, publishAll, quietLog, tmpDir, uid, waitFor } from '../helpers/services';

describe('ingest alone: Mosquitto → pipeline → TimescaleDB, no server', () => {
  let pool: pg.Pool;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    const schema = await freshSchema({ timescale: true });
    drop = schema.drop;
    const db = await openDb({ databaseUrl: schema.url, dataDir: tmpDir(), timescale: 'on' }, quietLog);
    await migrate(db, quietLog);
    await db.close();
    pool = new pg.Pool({ connectionString: schema.url, max: 2 });
  });
  afterAll(async () => {
    await pool?.end();
    await drop?.();
  });

  it('stores messages, dead-letters a bad one with its reason, and acknowledges only after the commit', async () => {
    const log: string[] = [];
    let open!: () => void;
    const gate = new Promise<void>((r) => (open = r));
    let commits = 0;
    // a sink from the port alone: one transaction per batch, held at the gate before it commits
    const sink: BatchSink = {
      async transaction(stmts) {
        const client = await pool.connect();
        try {
          await client.query('BEGIN');
          const out = [];
          for (const s of stmts) out.push((await client.query(s.sql, s.params as unknown[])).rows);
          await gate;
          await client.query('COMMIT');
          log.push(`commit ${++commits}`);
          return out;
        } catch (err) {
          await client.query('ROLLBACK').catch(() => undefined);
          throw err;
        } finally {
          client.release();
        }
      },
      isConnectionError: () => false,
      async ping() {
        await pool.query('SELECT 1');
      },
    };

    const prefix = `test/${uid()}/`;
    const events: LiveEvent[] = [];
    let received = 0;
    const pipeline = new Pipeline({
      sink,
      log: quietLog,
      spool: new Spool(tmpDir('spool'), 1 << 20),
      prefix,
      maxPayload: 65536,
      batchSize: 100,
      batchMs: 20,
      maxPending: 1000,
      onStored: (e) => events.push(...e),
    });
    const subscriber = new Subscriber({ url: MOSQUITTO_URL, clientId: uid('ingest'), filters: [`${prefix}#`], log: quietLog }, (topic, payload, ack) => {
      received++;
      pipeline.handle(topic, payload, () => {
        log.push(`ack ${topic.slice(prefix.length)}`);
        ack();
      });
    });
    subscriber.start();
    try {
      expect(await waitFor(() => subscriber.connected)).toBe(true);
      const [g1, g2, i1] = [uid('g'), uid('g'), uid('i')];
      await publishAll(MOSQUITTO_URL, [
        { topic: `${prefix}gps/truck-1`, payload: JSON.stringify(gpsFix(g1)) },
        { topic: `${prefix}gps/truck-2`, payload: JSON.stringify(gpsFix(g2)) },
        { topic: `${prefix}incidents/cctv`, payload: JSON.stringify(incident(i1)) },
        { topic: `${prefix}gps/truck-3`, payload: JSON.stringify(gpsFix(uid('g'), { lat: 123 })) },
      ]);

      // all four are received and written, but the transaction is held open: nothing is acknowledged yet
      expect(await waitFor(() => received === 4 && pipeline.pendingCount === 0)).toBe(true);
      await new Promise((r) => setTimeout(r, 300));
      expect([commits, log]).toEqual([0, []]);
      expect((await pool.query('SELECT count(*)::int AS n FROM gps')).rows[0].n).toBe(0);

      open();
      expect(await waitFor(() => log.length >= 5)).toBe(true);
      await pipeline.idle();
      // one commit, then the four acknowledgements (the dead letter's too: it is committed in the same transaction)
      expect(log[0]).toBe('commit 1');
      expect(log.slice(1).sort()).toEqual(['ack gps/truck-1', 'ack gps/truck-2', 'ack gps/truck-3', 'ack incidents/cctv']);

      const gps = await pool.query<{ id: string }>('SELECT id FROM gps ORDER BY id');
      expect(gps.rows.map((r) => r.id)).toEqual([g1, g2].sort());
      const inc = await pool.query<{ id: string }>('SELECT id FROM incidents');
      expect(inc.rows.map((r) => r.id)).toEqual([i1]);
      const claimed = await pool.query<{ stream: string; id: string }>('SELECT stream, id FROM ingest_ids ORDER BY id');
      expect(claimed.rows).toEqual(expect.arrayContaining([{ stream: 'gps', id: g1 }, { stream: 'gps', id: g2 }, { stream: 'incidents', id: i1 }]));
      expect(claimed.rows).toHaveLength(3);
      const dl = await pool.query<{ topic: string; stream: string; reason: string }>('SELECT topic, stream, reason FROM dead_letters');
      expect(dl.rows).toEqual([{ topic: `${prefix}gps/truck-3`, stream: 'gps', reason: expect.stringMatching(/lat/) }]);

      expect(events.map((e) => e.id).sort()).toEqual([g1, g2, i1].sort());
      expect(pipeline.stats).toEqual({ stored: 3, duplicate: 0, rejected: 1 });
    } finally {
      await subscriber.stop();
      await pipeline.stop();
    }
  });
});
