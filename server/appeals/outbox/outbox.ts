// Messages to citizens: the confirmation link after an answer goes into `citizen_outbox`, written in the same
// transaction as the answer (or a resend), and from there to the citizen through a sender (senders.ts: SMS or
// e-mail gateways, else the demo sender), run as a leader job (`deliverOutbox`). Each try is counted; a failed try
// keeps its error (without the recipient) and is tried again with backoff, and after MAX_ATTEMPTS the message is
// given up (`failed`). The link is never returned by the API to the staff who answered; the card shows only the
// last message's state (`messageState`). Only an admin reads the outbox itself (GET /api/outbox, audited).
import type { Db } from '../../dialects';
import { iso } from '../../dialects/iso';
import { due, markAttemptFailed, markSent, type OutboxRow } from './store';

export type OutboxChannel = OutboxRow['channel'];

export interface OutboxMessage {
  id: number;
  appealId: string;
  channel: OutboxChannel;
  recipient: string | null;
  body: string;
  createdAt: string;
  sentAt: string | null;
  /** how many times a sender tried it */
  attempts: number;
  /** the last failed try's error (the recipient removed), null once sent */
  lastError: string | null;
  /** given up after MAX_ATTEMPTS failed tries */
  failedAt: string | null;
  /** which sender delivered it: `sms`, `email`, or `demo` (only marked delivered in this table) */
  deliveredBy: string | null;
}

/**
 * Delivers one message to the citizen, or throws (the message is tried again later). Resolves with the name of
 * what delivered it (kept as `delivered_by`).
 */
export interface CitizenSender {
  send(m: OutboxMessage): Promise<string>;
}

export const MAX_ATTEMPTS = 5;
/** seconds before try n+1 after n failed tries: 30 s, 2 min, 8 min, 32 min */
export const retryDelayS = (attempts: number) => Math.min(30 * 4 ** Math.max(0, attempts - 1), 3600);

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
  attempts: Number(r.attempts ?? 0),
  lastError: r.sent_at == null ? (r.last_error ?? null) : null,
  failedAt: r.failed_at == null ? null : iso(r.failed_at),
  deliveredBy: r.delivered_by ?? null,
});

export type MessageState = 'queued' | 'sent' | 'failed';

/**
 * The last message as the card shows it to staff: its state, channel, times and tries — never its text (the
 * link), its recipient or its error (a gateway may quote the number).
 */
export function messageState(r: OutboxRow): { state: MessageState; channel: OutboxChannel; createdAt: string; sentAt: string | null; attempts: number; deliveredBy: string | null } {
  const m = toMessage(r);
  return {
    state: m.sentAt ? 'sent' : m.failedAt ? 'failed' : 'queued',
    channel: m.channel,
    createdAt: m.createdAt,
    sentAt: m.sentAt,
    attempts: m.attempts,
    deliveredBy: m.deliveredBy,
  };
}

/** An error as kept: one line, at most 300 characters, without the recipient. */
export function errorText(err: unknown, recipient: string | null): string {
  let s = (err instanceof Error ? err.message : String(err)).replace(/\s+/g, ' ').trim();
  if (recipient) s = s.split(recipient).join('***');
  return s.slice(0, 300) || 'failed';
}

/** Hands due messages to the sender, oldest first; returns how many were sent and how many tries failed. */
export async function deliverOutbox(db: Db, sender: CitizenSender, limit = 100): Promise<{ sent: number; failed: number }> {
  let sent = 0;
  let failed = 0;
  for (const r of await due(db, limit)) {
    const m = toMessage(r);
    let by: string;
    try {
      by = await sender.send(m);
    } catch (err) {
      failed++;
      const tries = m.attempts + 1;
      await markAttemptFailed(db, m.id, errorText(err, m.recipient), tries >= MAX_ATTEMPTS ? null : retryDelayS(tries));
      continue;
    }
    await markSent(db, m.id, by);
    sent++;
  }
  return { sent, failed };
}
