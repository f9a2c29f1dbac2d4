// Picks the dialect from configuration: DATABASE_URL → a server through `pg`; otherwise embedded PGlite.
import type { Logger } from 'pino';
import type { Db } from './types';
import { openPg } from './pg';
import { openPglite } from './pglite';

export type { Db, DbKind, Stmt } from './types';

export async function openDb(opts: { databaseUrl?: string; dataDir: string }, log: Logger): Promise<Db> {
  return opts.databaseUrl ? openPg(opts.databaseUrl, log) : openPglite(opts.dataDir, log);
}
