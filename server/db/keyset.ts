// One "filtered keyset page" for list endpoints (the audit log, the citizen outbox): optional filters, a `before`
// cursor on a unique, ever-growing key, newest first, `limit` rows, and the cursor of the next page (the last
// key when the page is full, else null). The SQL stays visible at the caller: its SELECT … FROM and each filter
// (`column = ?`, `?` standing for the filter's parameter) are written out there.
import type { Db } from '../dialects';

/** A filter: SQL with one `?` for its value; left out when the value is undefined (not given). */
export type Filter = readonly [sql: string, value: unknown];

export interface KeysetQuery {
  /** `SELECT … FROM table`, without WHERE, ORDER BY or LIMIT */
  select: string;
  filters: readonly Filter[];
  /** the unique key, in descending order, that `before` pages on */
  key: string;
  before?: number | string;
  limit: number;
}

/** The statement of one page (exported for tests and EXPLAIN). */
export function keysetSql(q: KeysetQuery): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const where: string[] = [];
  for (const [sql, value] of [...q.filters, [`${q.key} < ?`, q.before] as const])
    if (value !== undefined) where.push(sql.replace('?', `$${params.push(value)}`));
  params.push(q.limit);
  return { sql: `${q.select} ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY ${q.key} DESC LIMIT $${params.length}`, params };
}

/** One page of rows, and the cursor of the next (`cursor` reads it from the last row) or null. */
export async function keysetPage<R, C>(db: Pick<Db, 'query'>, q: KeysetQuery, cursor: (last: R) => C): Promise<{ rows: R[]; next: C | null }> {
  const s = keysetSql(q);
  const rows = await db.query<R>(s.sql, s.params);
  return { rows, next: rows.length === q.limit ? cursor(rows[rows.length - 1]) : null };
}
