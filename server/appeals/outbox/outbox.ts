// Messages to citizens: the confirmation link after an answer goes into `citizen_outbox`, written in the same
// transaction as the answer, and from there to the citizen through a sender (SMS, e-mail). It is never returned
// by the API to the executor who answered. Only an admin reads the outbox (GET /api/outbox, audited as a view
// of personal data; routes.ts). No sender is built in yet: plug one into `deliverOutbox` (issue 12 adds the full UI).
import type { Db } from '../../dialects';
import { iso } from '../../dialects/iso';
import { markSent, unsent, type OutboxRow } from './store';

export type OutboxChannel = OutboxRow['channel'];

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

export const toMessage = (r: OutboxRow): OutboxMessage => ({
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
  let sent = 0;
  for (const r of await unsent(db, limit)) {
    const m = toMessage(r);
    try {
      await sender.send(m);
    } catch {
      continue;
    }
    await markSent(db, m.id);
    sent++;
  }
  return sent;
}
