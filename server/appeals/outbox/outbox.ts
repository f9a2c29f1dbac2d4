// Messages to citizens: the confirmation link after an answer goes into `citizen_outbox`, written in the same
// transaction as the answer, and from there to the citizen through a sender (SMS, e-mail). It is never returned
// by the API to the executor who answered. Only an admin reads the outbox (GET /api/outbox, audited as a view
// of personal data). No sender is built in yet: plug one into `deliverOutbox` (issue 12 adds the full UI).
import { Router } from 'express';
import { z } from 'zod';
import type { Centre } from '../../context';
import type { Db } from '../../dialects';
import { iso } from '../../dialects/iso';
import { parseOr400 } from '../../http/errors';
import { requirePerm } from '../../auth/middleware';

export type OutboxChannel = 'sms' | 'email' | 'log';

export interface OutboxMessage {
  id: number;
  appealId: string;
  channel: OutboxChannel;
  recipient: string | null;
  body: string;
  createdAt: string;
  sentAt: string | null;
}

/** Sends one message; throws to leave it unsent (it is tried again on the next pass). */
export interface CitizenSender {
  send(m: OutboxMessage): Promise<void>;
}

/** How the citizen is reached: by phone (SMS), else by e-mail, else only the outbox log. */
export function outboxChannel(citizen: { phone?: string; email?: string } | null | undefined): { channel: OutboxChannel; recipient: string | null } {
  if (citizen?.phone) return { channel: 'sms', recipient: citizen.phone };
  if (citizen?.email) return { channel: 'email', recipient: citizen.email };
  return { channel: 'log', recipient: null };
}

export function confirmMessage(number: string, link: string): string {
  return `Ответ на обращение ${number} готов. Подтвердите решение или оспорьте его: ${link}`;
}

const toMessage = (r: any): OutboxMessage => ({
  id: Number(r.id),
  appealId: r.appeal_id,
  channel: r.channel,
  recipient: r.recipient,
  body: r.body,
  createdAt: iso(r.created_at),
  sentAt: r.sent_at == null ? null : iso(r.sent_at),
});

/** Hands unsent messages to the sender, oldest first; returns how many were sent. */
export async function deliverOutbox(db: Db, sender: CitizenSender, limit = 100): Promise<number> {
  const rows = await db.query<any>(`SELECT * FROM citizen_outbox WHERE sent_at IS NULL ORDER BY id LIMIT $1`, [limit]);
  let sent = 0;
  for (const r of rows) {
    try {
      await sender.send(toMessage(r));
    } catch {
      continue;
    }
    await db.query(`UPDATE citizen_outbox SET sent_at = now() WHERE id = $1`, [r.id]);
    sent++;
  }
  return sent;
}

const query = z.object({
  appeal: z.string().min(1).max(128).optional(),
  before: z.coerce.number().int().positive().optional().describe('id cursor for the next page'),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export function outboxRoutes(c: Centre): Router {
  const r = Router();
  r.get('/api/outbox', requirePerm('outbox:read'), async (req, res) => {
    const q = parseOr400(query, req.query);
    const where: string[] = [];
    const params: unknown[] = [];
    if (q.appeal) where.push(`appeal_id = $${params.push(q.appeal)}`);
    if (q.before) where.push(`id < $${params.push(q.before)}`);
    params.push(q.limit);
    const rows = await c.db.query<any>(
      `SELECT * FROM citizen_outbox ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY id DESC LIMIT $${params.length}`,
      params,
    );
    const items = rows.map(toMessage);
    await c.audit.record({
      actor: req.principal!.username,
      role: req.principal!.role,
      action: 'personal.view',
      target: q.appeal ? `outbox:appeal:${q.appeal}` : 'outbox',
      ip: req.ip,
      details: { messages: items.map((m) => m.id) },
    });
    res.json({ items, next: items.length === q.limit ? items[items.length - 1].id : null });
  });
  return r;
}
