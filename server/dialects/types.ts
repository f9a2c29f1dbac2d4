// One database interface, two drivers behind it (as Uptime Kuma keeps each database behind one dialect):
// `pg` for a PostgreSQL / TimescaleDB server, PGlite+TimescaleDB (in a worker thread) for the embedded default.

export type DbKind = 'timescaledb' | 'postgres' | 'pglite-timescaledb';

export interface Stmt {
  sql: string;
  params?: unknown[];
}

export interface Db {
  readonly kind: DbKind;
  /** True when TimescaleDB is there: hypertables, continuous aggregates, compression, retention. */
  readonly timescale: boolean;
  /** False when nothing runs TimescaleDB's background jobs (PGlite): the server then runs them on a timer. */
  readonly backgroundWorkers: boolean;
  query<R = Record<string, any>>(sql: string, params?: unknown[]): Promise<R[]>;
  /** Several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
  /** Statements in one transaction; each statement's rows in order. */
  transaction(stmts: Stmt[]): Promise<Record<string, any>[][]>;
  /** True when the error means the database is unreachable (retry later), not that the data is bad. */
  isConnectionError(err: unknown): boolean;
  close(): Promise<void>;
}

const CONNECTION_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH',
  '57P01', '57P02', '57P03', '08000', '08001', '08003', '08004', '08006', '53300',
]);

export function isConnectionError(err: unknown): boolean {
  const e = err as { code?: string; message?: string } | undefined;
  if (!e) return false;
  if (e.code && CONNECTION_CODES.has(e.code)) return true;
  return /Connection terminated|connection timeout|not queryable|Client has encountered a connection error|database is closed|worker (exited|is gone)/i.test(
    e.message ?? '',
  );
}
