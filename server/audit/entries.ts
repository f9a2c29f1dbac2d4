// The audit entries and the SQL that writes them: `auditInsert` (one row, or one per changed row of the same
// statement) and `withAudit` (a change and its audit row as one statement). Other features get these through the
// audit module's api (server/audit/index.ts), never by importing this file.
import type { Stmt } from '../dialects';

export interface AuditEntry {
  actor: string;
  role?: string;
  action: string;
  target?: string;
  ip?: string;
  details?: Record<string, unknown>;
}

/** The `entry` column of a version 2 row: the details (the other columns are hashed as columns). */
export const auditEntryText = (details?: Record<string, unknown>) => JSON.stringify({ details: details ?? {} });

/**
 * The INSERT of one audit row, numbered from parameter `$${base + 1}` on. With `from` (a CTE or table of the
 * same statement) one row per row there: none when the change touched nothing. `targetSql` computes the target
 * from those rows instead (e.g. `'user:' || u.id`).
 */
export function auditInsert(e: AuditEntry, base = 0, opts: { from?: string; targetSql?: string } = {}): Stmt {
  const params: unknown[] = [];
  const p = (v: unknown) => `$${base + params.push(v)}::text`;
  const cols = [p(e.actor), p(e.role ?? null), p(e.action), opts.targetSql ?? p(e.target ?? null), p(e.ip ?? null), p(auditEntryText(e.details))];
  return {
    sql: `INSERT INTO audit_log (actor, role, action, target, ip, entry) SELECT ${cols.join(', ')}${opts.from ? ` FROM ${opts.from}` : ''}`,
    params,
  };
}

/**
 * A change (`INSERT/UPDATE/DELETE … RETURNING …`) and the audit row of `e` as one statement: one audit row for
 * each row the change returns (none when it changed nothing). `targetSql` may name the target from those rows,
 * as `changed.<column>`.
 */
export function withAudit(change: Stmt, e: AuditEntry, targetSql?: string): Stmt {
  const params = change.params ?? [];
  const a = auditInsert(e, params.length, { from: 'changed', targetSql });
  return { sql: `WITH changed AS (${change.sql}), aud AS (${a.sql}) SELECT * FROM changed`, params: [...params, ...a.params!] };
}
