// Replaying the disk spool against a database that refuses part of it: a message the database rejects is
// dead-lettered, and when the database goes away in the middle, the spool file is not deleted — the messages not
// yet committed stay on disk (even when the spool is full and could take no new file) and are stored when it returns.
import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb, type Db } from '../../server/dialects';
import { batchSink } from '../../server/dialects/sink';
import { migrate } from '../../server/db/migrate';
import { Pipeline } from '../../ingest/pipeline';
import { Spool } from '../../ingest/spool';
import { freshSchema, gpsFix, quietLog, tmpDir, uid, waitFor } from '../helpers/services';

const prefix = 'city/astana/';

describe('spool replay against a database that refuses part of it', () => {
  let real: Db;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    const schema = await freshSchema();
    drop = schema.drop;
    // plain tables in the shared `test` database (the extension lives in the TimescaleDB kind's own database)
    real = await openDb({ databaseUrl: schema.url, dataDir: tmpDir(), timescale: 'off' }, quietLog);
    await migrate(real, quietLog);
  });
  afterAll(async () => {
    await real?.close();
    await drop?.();
  });

  it('deletes a spool file only when every message in it is committed', async () => {
    const ids = [uid('g1'), uid('bad'), uid('g3'), uid('g4')];
    const [, bad, third] = ids;
    let down = false;
    let tripped = false;
    const gone = () => Object.assign(new Error('Connection terminated unexpectedly'), { code: 'ECONNRESET' });
    // refuses the row `bad` as data; goes away when asked to store `third` on its own (message by message, after
    // the batch with `bad` was refused), once, until told otherwise
    const db: Db = {
      kind: real.kind,
      timescale: real.timescale,
      backgroundWorkers: real.backgroundWorkers,
      query: (sql, params) => (down ? Promise.reject(gone()) : real.query(sql, params)),
      exec: (sql) => real.exec(sql),
      transaction: async (stmts) => {
        const rows = stmts.filter((s) => s.sql.includes('INSERT INTO gps')).map((s) => JSON.stringify(s.params));
        if (!tripped && rows.some((p) => p.includes(third) && !p.includes(bad))) tripped = down = true;
        if (down) throw gone();
        if (rows.some((p) => p.includes(bad))) throw Object.assign(new Error('value refused by a check'), { code: '23514' });
        return real.transaction(stmts);
      },
      isConnectionError: (err) => real.isConnectionError(err),
      close: async () => {},
    };

    // the spool as an outage left it: one file of four messages, and full (no room for a new file)
    const dir = tmpDir('spool');
    await new Spool(dir, 1 << 20).write(ids.map((id, i) => ({ topic: `${prefix}gps/v-${i}`, payload: Buffer.from(JSON.stringify(gpsFix(id))), receivedAt: Date.now() })));
    const full = new Spool(dir, 1);
    expect([full.count, full.hasRoom(1)]).toEqual([4, false]);

    const stored = async () => (await real.query<{ id: string }>('SELECT id FROM gps ORDER BY id')).map((r) => r.id).sort();
    const pipeline = new Pipeline({ sink: batchSink(db), log: quietLog, spool: full, prefix, maxPayload: 65536, batchSize: 100, batchMs: 10, maxPending: 1000, onStored: () => {} });
    try {
      // the first message is committed, `bad` dead-lettered, then the database goes away at the third
      expect(await waitFor(() => down && !pipeline.dbUp)).toBe(true);
      await pipeline.idle();
      expect(await stored()).toEqual([ids[0]]);
      const dl = await real.query<{ reason: string }>('SELECT reason FROM dead_letters');
      expect(dl.map((r) => r.reason)).toEqual([expect.stringMatching(/rejected by database: value refused/)]);
      // the two not committed are still on disk, in a file of their own
      expect(full.count).toBe(2);
      expect(readdirSync(dir).filter((f) => f.endsWith('.ndjson'))).toEqual([expect.stringMatching(/-2\.ndjson$/)]);

      // the database returns: the rest is replayed and the spool is empty
      down = false;
      expect(await waitFor(async () => (await stored()).length === 3, 10_000)).toBe(true);
      await waitFor(() => full.empty);
      expect(await stored()).toEqual([ids[0], ids[2], ids[3]].sort());
      expect([full.count, readdirSync(dir).filter((f) => f.endsWith('.ndjson'))]).toEqual([0, []]);
      expect(pipeline.stats).toEqual({ stored: 3, duplicate: 0, rejected: 1 });
    } finally {
      await pipeline.stop();
    }
  });
});
