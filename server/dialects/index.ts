// Picks the dialect from configuration: DATABASE_URL → a server through `pg`; otherwise embedded PGlite.
import type { Logger } from 'pino';
import type { Db } from './types';
import { openPg, type TimescaleMode } from './pg';
import { openPglite } from './pglite';

export type { Db, Stmt } from './types';

export async function openDb(opts: { databaseUrl?: string; dataDir: string; timescale?: TimescaleMode }, log: Logger): Promise<Db> {
  return opts.databaseUrl ? openPg(opts.databaseUrl, log, opts.timescale) : openPglite(opts.dataDir, log);
}
