// The audit log: every state change and every view of personal data — who, when, what, from where.
// Append-only (triggers refuse UPDATE, DELETE and TRUNCATE) and tamper-evident: each row's hash is
// sha256(previous hash ‖ entry), computed by the database inside one transaction under an advisory lock, so
// several server nodes still build one chain.
import { createHash } from 'node:crypto';
import type { Db } from '../dialects';

export interface AuditEntry {
  actor: string;
  role?: string;
  action: string;
  target?: string;
  ip?: string;
  details?: Record<string, unknown>;
}

const LOCK = 727_001;

export class AuditLog {
  constructor(private db: Db) {}

  async record(e: AuditEntry): Promise<void> {
    const at = new Date().toISOString();
    const entry = JSON.stringify({ at, actor: e.actor, role: e.role ?? null, action: e.action, target: e.target ?? null, ip: e.ip ?? null, details: e.details ?? {} });
    await this.db.transaction([
      { sql: 'SELECT pg_advisory_xact_lock($1, hashtext(current_schema()))', params: [LOCK] },
      {
        sql: `WITH prev AS (SELECT coalesce((SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1), '') AS h)
              INSERT INTO audit_log (at, actor, role, action, target, ip, entry, prev_hash, hash)
              SELECT $1, $2, $3, $4, $5, $6, $7, prev.h, encode(sha256(convert_to(prev.h || $7, 'UTF8')), 'hex') FROM prev`,
        params: [at, e.actor, e.role ?? null, e.action, e.target ?? null, e.ip ?? null, entry],
      },
    ]);
  }

  /** Recomputes the chain; returns the first broken row, if any. */
  async verify(): Promise<{ ok: boolean; rows: number; brokenAt?: number }> {
    let prev = '';
    let rows = 0;
    let after = 0;
    for (;;) {
      const page = await this.db.query<any>('SELECT seq, entry, prev_hash, hash FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT 5000', [after]);
      if (!page.length) return { ok: true, rows };
      for (const r of page) {
        const h = createHash('sha256').update(prev + r.entry, 'utf8').digest('hex');
        if (r.prev_hash !== prev || r.hash !== h) return { ok: false, rows, brokenAt: Number(r.seq) };
        prev = r.hash;
        rows++;
        after = Number(r.seq);
      }
    }
  }
}
