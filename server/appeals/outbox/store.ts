// The outbox's SQL (`citizen_outbox`): messages due for a sender, marking them sent or failed (attempts, the last
// error, the next try), an appeal's last message (its state on the card), the admin's list. The messages are
// written by the transition that answers (store.ts `writeTransition`) and by a resend (`reissueConfirm`).
import type { Db } from '../../dialects';
import type { Ts } from '../store';

export interface OutboxRow {
  id: number | string;
  appeal_id: string;
  channel: 'sms' | 'email' | 'log';
  recipient: string | null;
  body: string;
  created_at: Ts;
  sent_at: Ts | null;
  attempts: number;
  last_error: string | null;
  last_attempt_at: Ts | null;
  next_attempt_at: Ts | null;
  failed_at: Ts | null;
  delivered_by: string | null;
}

/** Messages neither sent nor given up whose next try is due, oldest first. */
export function due(db: Db, limit: number): Promise<OutboxRow[]> {
  return db.query<OutboxRow>(
    `SELECT * FROM citizen_outbox WHERE sent_at IS NULL AND failed_at IS NULL AND (next_attempt_at IS NULL OR next_attempt_at <= now()) ORDER BY id LIMIT $1`,
    [limit],
  );
}

/** Unsent messages (given up or not), oldest first. */
export function unsent(db: Db, limit: number): Promise<OutboxRow[]> {
  return db.query<OutboxRow>(`SELECT * FROM citizen_outbox WHERE sent_at IS NULL ORDER BY id LIMIT $1`, [limit]);
}

export async function markSent(db: Db, id: number, by: string): Promise<void> {
  await db.query(`UPDATE citizen_outbox SET sent_at = now(), attempts = attempts + 1, last_attempt_at = now(), next_attempt_at = NULL, delivered_by = $2 WHERE id = $1`, [id, by]);
}

/** A failed try: counted, its error kept; tried again after `retryInS`, or given up (failed) when null. */
export async function markAttemptFailed(db: Db, id: number, error: string, retryInS: number | null): Promise<void> {
  await db.query(
    `UPDATE citizen_outbox SET attempts = attempts + 1, last_error = $2, last_attempt_at = now(),
       next_attempt_at = CASE WHEN $3::int IS NULL THEN NULL ELSE now() + make_interval(secs => $3::int) END,
       failed_at = CASE WHEN $3::int IS NULL THEN now() ELSE NULL END
     WHERE id = $1`,
    [id, error, retryInS],
  );
}

/** The newest message to the citizen of an appeal. */
export async function lastMessage(db: Db, appealId: string): Promise<OutboxRow | null> {
  return (await db.query<OutboxRow>(`SELECT * FROM citizen_outbox WHERE appeal_id = $1 ORDER BY id DESC LIMIT 1`, [appealId]))[0] ?? null;
}

/** A page of messages, newest first: of one appeal when given, before the id cursor when given. */
export function outboxPage(db: Db, f: { appeal?: string; before?: number; limit: number }): Promise<OutboxRow[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  if (f.appeal) where.push(`appeal_id = $${params.push(f.appeal)}`);
  if (f.before) where.push(`id < $${params.push(f.before)}`);
  params.push(f.limit);
  return db.query<OutboxRow>(`SELECT * FROM citizen_outbox ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY id DESC LIMIT $${params.length}`, params);
}
