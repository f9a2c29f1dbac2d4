// The outbox's SQL (`citizen_outbox`): unsent messages for a sender, marking them sent, the admin's list. The
// messages are written by the transition that answers (store.ts `writeTransition`).
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
}

/** Unsent messages, oldest first. */
export function unsent(db: Db, limit: number): Promise<OutboxRow[]> {
  return db.query<OutboxRow>(`SELECT * FROM citizen_outbox WHERE sent_at IS NULL ORDER BY id LIMIT $1`, [limit]);
}

export async function markSent(db: Db, id: number): Promise<void> {
  await db.query(`UPDATE citizen_outbox SET sent_at = now() WHERE id = $1`, [id]);
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
