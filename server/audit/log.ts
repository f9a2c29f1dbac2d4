// The audit log: every state change and every view of personal data — who, when, what, from where.
// Append-only (triggers refuse UPDATE, DELETE and TRUNCATE) and tamper-evident: the database numbers, links and
// hashes each row in a trigger under an advisory lock (migration 005), so several server nodes still build one
// chain, and the row can be written inside the transaction of the change it records: `auditInsert` gives the
// INSERT to put into that transaction (or into the same statement, selected from the changed rows), so a change
// without its audit row never commits. Version 2 rows hash
// sha256(prev_hash ‖ audit_canonical(v, at, actor, role, action, target, ip, entry)); version 1 rows (before
// migration 005) hash sha256(prev_hash ‖ entry) and their columns must match that entry.
import { createHash } from 'node:crypto';
import { iso } from '../dialects/iso';
import type { AuditEntry } from './entries';
import type { AuditChainRow, AuditRepository } from './repository';

export { auditEntryText, auditInsert, withAudit, type AuditEntry } from './entries';

const sha = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');
const same = (a: unknown, b: unknown) => (a ?? null) === (b ?? null);

export class AuditLog {
  constructor(private repo: AuditRepository) {}

  /** An audit row on its own (views of personal data, sign-ins): nothing else to commit with it. */
  async record(e: AuditEntry): Promise<void> {
    await this.repo.insert(e);
  }

  /** Recomputes the chain; returns the first broken row, if any. */
  async verify(): Promise<{ ok: boolean; rows: number; brokenAt?: number }> {
    let prev = '';
    let rows = 0;
    let after = 0;
    for (;;) {
      const page = await this.repo.chainAfter(after);
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

/** The fields a version 1 entry carried (the row's columns must say the same). */
interface EntryV1 {
  at?: string;
  actor?: string;
  role?: string;
  action?: string;
  target?: string;
  ip?: string;
}

function intact(r: AuditChainRow, prev: string): boolean {
  if (Number(r.v) === 2) return r.hash === r.v2;
  if (Number(r.v) !== 1 || r.hash !== sha(prev + r.entry)) return false;
  // version 1 hashed the entry only: the columns must say what the entry says
  let e: EntryV1;
  try {
    e = JSON.parse(r.entry) as EntryV1;
  } catch {
    return false;
  }
  return (
    Date.parse(String(e.at)) === Date.parse(iso(r.at)) &&
    same(e.actor, r.actor) && same(e.role, r.role) && same(e.action, r.action) && same(e.target, r.target) && same(e.ip, r.ip)
  );
}
