// Driver for a PostgreSQL server (plain or with TimescaleDB) through `pg`.
import pg from 'pg';
import type { Logger } from 'pino';
import { isConnectionError, type Db, type Stmt } from './types';

// timestamptz / int8 come back as strings: the wire format is ISO strings and counts fit in JS numbers.
pg.types.setTypeParser(pg.types.builtins.TIMESTAMPTZ, (v) => new Date(v).toISOString());
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v) => Number(v));

/** TIMESCALEDB: auto = create the extension when the server can; on = fail without it; off = plain PostgreSQL. */
export type TimescaleMode = 'auto' | 'on' | 'off';

export async function openPg(url: string, log: Logger, mode: TimescaleMode = 'auto'): Promise<Db> {
  const pool = new pg.Pool({ connectionString: url, max: 6, connectionTimeoutMillis: 5000, idleTimeoutMillis: 30_000 });
  // An idle client losing its server emits on the pool: log it, never crash.
  pool.on('error', (err) => log.warn({ err: err.message }, 'postgres connection lost'));

  let timescale = false;
  if (mode === 'off') {
    // Declined: the extension is not created (nor used if some earlier start created it).
    const [has] = (await pool.query(`SELECT 1 FROM pg_extension WHERE extname = 'timescaledb'`)).rows;
    if (has) log.warn('TIMESCALEDB=off but the timescaledb extension is installed in this database: it is not used');
    else log.info('TIMESCALEDB=off: plain PostgreSQL tables and date_bin() views');
  } else {
    try {
      await pool.query('CREATE EXTENSION IF NOT EXISTS timescaledb');
      timescale = true;
    } catch (err) {
      if (isConnectionError(err)) throw err;
      if (mode === 'on') {
        await pool.end();
        throw new Error(`TIMESCALEDB=on but the server cannot create the timescaledb extension: ${(err as Error).message}`, { cause: err });
      }
      log.warn(
        { reason: (err as Error).message },
        'TimescaleDB is not available on this PostgreSQL server: falling back to plain tables and date_bin(). ' +
          'Everything works, but aggregates are computed on read and there is no compression or retention.',
      );
    }
  }

  const db: Db = {
    kind: timescale ? 'timescaledb' : 'postgres',
    timescale,
    backgroundWorkers: true,
    async query(sql, params) {
      return (await pool.query(sql, params as unknown[])).rows;
    },
    async exec(sql) {
      await pool.query(sql);
    },
    async transaction(stmts: Stmt[]) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const out: Record<string, any>[][] = [];
        for (const s of stmts) out.push((await client.query(s.sql, s.params as unknown[])).rows);
        await client.query('COMMIT');
        client.release();
        return out;
      } catch (err) {
        // A broken connection must not go back into the pool.
        await client.query('ROLLBACK').catch(() => undefined);
        client.release(isConnectionError(err) ? (err as Error) : undefined);
        throw err;
      }
    },
    isConnectionError,
    async close() {
      await pool.end();
    },
  };
  return db;
}
