// All SQL of the audit feature (`audit_log`): append a row, read the chain in order (verification), search
// newest first (the admin's list). Rows are numbered, linked and hashed by the database (migrations 002, 007).
import type { Db } from '../dialects';
import { keysetPage } from '../db/keyset';
import { auditInsert, type AuditEntry } from './entries';

/** A row as the list shows it. */
export interface AuditRow {
  seq: string | number;
  at: Date | string;
  actor: string;
  role: string | null;
  action: string;
  target: string | null;
  ip: string | null;
  /** JSON: `{details}` (version 2) or the whole entry (version 1) */
  entry: string;
  hash: string;
}

/** A row with what the chain check needs: its version, link, and (version 2) the hash the database computes. */
export interface AuditChainRow extends AuditRow {
  v: number | string;
  prev_hash: string;
  /** sha256(prev_hash ‖ audit_canonical(…)) for a version 2 row, else null */
  v2: string | null;
}

export interface AuditFilter {
  actor?: string;
  /** a prefix of the action */
  action?: string;
  target?: string;
  since?: string;
  until?: string;
  /** seq cursor: rows before it */
  before?: number;
  limit: number;
}

export class AuditRepository {
  constructor(private db: Db) {}

  async insert(e: AuditEntry): Promise<void> {
    const s = auditInsert(e);
    await this.db.query(s.sql, s.params);
  }

  /** Is there an entry by this actor with this action and target (e.g. who created an appeal over HTTP)? */
  async hasEntry(q: { actor: string; action: string; target: string }): Promise<boolean> {
    return (await this.db.query(`SELECT 1 FROM audit_log WHERE actor = $1 AND action = $2 AND target = $3 LIMIT 1`, [q.actor, q.action, q.target])).length > 0;
  }

  /** Up to `limit` rows after `seq`, oldest first, with what the chain check needs. */
  chainAfter(seq: number, limit = 5000): Promise<AuditChainRow[]> {
    return this.db.query<AuditChainRow>(
      `SELECT seq, v, at, actor, role, action, target, ip, entry, prev_hash, hash,
         CASE WHEN v = 2 THEN encode(sha256(convert_to(prev_hash || audit_canonical(v, at, actor, role, action, target, ip, entry), 'UTF8')), 'hex') END AS v2
       FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT ${Number(limit)}`,
      [seq],
    );
  }

  /** One page of the search, newest first; `next` is the seq to pass as `before` for the next page. */
  search(f: AuditFilter): Promise<{ rows: AuditRow[]; next: number | null }> {
    return keysetPage<AuditRow, number>(
      this.db,
      {
        select: `SELECT seq, at, actor, role, action, target, ip, entry, hash FROM audit_log`,
        filters: [
          ['actor = ?', f.actor || undefined],
          ['action LIKE ?', f.action ? f.action.replace(/[%_]/g, '\\$&') + '%' : undefined],
          ['target = ?', f.target || undefined],
          ['at >= ?', f.since || undefined],
          ['at < ?', f.until || undefined],
        ],
        key: 'seq',
        before: f.before || undefined,
        limit: f.limit,
      },
      (last) => Number(last.seq),
    );
  }
}
