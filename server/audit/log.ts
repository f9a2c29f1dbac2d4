// The audit log: every state change and every view of personal data — who, when, what, from where.
// Append-only (triggers refuse UPDATE, DELETE and TRUNCATE) and tamper-evident: the database numbers, links and
// hashes each row in a trigger under an advisory lock (migration 005), so several server nodes still build one
// chain, and the row can be written inside the transaction of the change it records: `auditInsert` gives the
// INSERT to put into that transaction (or into the same statement, selected from the changed rows), so a change
// without its audit row never commits. Version 2 rows hash
// sha256(prev_hash ‖ audit_canonical(v, at, actor, role, action, target, ip, entry)); version 1 rows (before
// migration 005) hash sha256(prev_hash ‖ entry) and their columns must match that entry.
import { createHash } from 'node:crypto';
import type { Db, Stmt } from '../dialects';
import { iso } from '../dialects/iso';

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

const sha = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');
const same = (a: unknown, b: unknown) => (a ?? null) === (b ?? null);

export class AuditLog {
  constructor(private db: Db) {}

  /** An audit row on its own (views of personal data, sign-ins): nothing else to commit with it. */
  async record(e: AuditEntry): Promise<void> {
    const s = auditInsert(e);
    await this.db.query(s.sql, s.params);
  }

  /** Recomputes the chain; returns the first broken row, if any. */
  async verify(): Promise<{ ok: boolean; rows: number; brokenAt?: number }> {
    let prev = '';
    let rows = 0;
    let after = 0;
    for (;;) {
      const page = await this.db.query<any>(
        `SELECT seq, v, at, actor, role, action, target, ip, entry, prev_hash, hash,
           CASE WHEN v = 2 THEN encode(sha256(convert_to(prev_hash || audit_canonical(v, at, actor, role, action, target, ip, entry), 'UTF8')), 'hex') END AS v2
         FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT 5000`,
        [after],
      );
      if (!page.length) return { ok: true, rows };
      for (const r of page) {
        if (r.prev_hash !== prev || !intact(r, prev)) return { ok: false, rows, brokenAt: Number(r.seq) };
        prev = r.hash;
        rows++;
        after = Number(r.seq);
      }
    }
  }
}

function intact(r: any, prev: string): boolean {
  if (Number(r.v) === 2) return r.hash === r.v2;
  if (Number(r.v) !== 1 || r.hash !== sha(prev + r.entry)) return false;
  // version 1 hashed the entry only: the columns must say what the entry says
  let e: any;
  try {
    e = JSON.parse(r.entry);
  } catch {
    return false;
  }
  return (
    Date.parse(e.at) === Date.parse(iso(r.at)) &&
    same(e.actor, r.actor) && same(e.role, r.role) && same(e.action, r.action) && same(e.target, r.target) && same(e.ip, r.ip)
  );
}
