// The senders behind the outbox's one interface (`CitizenSender`), chosen by configuration per channel:
// - `sms`: SMS_URL, an HTTP SMS gateway: POST JSON `{id, to, text}`; any 2xx is delivered.
// - `email`: EMAIL_URL, an HTTP mail gateway (most mail services have one): POST JSON `{id, to, subject, text}`.
//   An SMTP server can be plugged in the same way: a `CitizenSender` whose `send` hands `{to, subject, text}` to
//   an SMTP client (none is bundled, so there is no SMTP_URL).
// - anything without a configured gateway (and `log`, a citizen without contact data): the demo sender, which
//   delivers into the outbox table itself — the message is marked sent with `delivered_by = 'demo'` and stays
//   there for an admin to read (GET /api/outbox, the admin console).
// User and password in a gateway URL are sent as HTTP Basic authentication, never logged.
import type { CitizenSender, OutboxChannel, OutboxMessage } from './outbox';

export const demoSender: CitizenSender = {
  send: async () => 'demo',
};

export const GATEWAY_TIMEOUT_MS = 10_000;

/** A sender that POSTs each message as JSON to an HTTP gateway; `shape` makes the body from the message. */
export function httpSender(name: string, url: string, shape: (m: OutboxMessage) => Record<string, unknown>): CitizenSender {
  const u = new URL(url);
  const auth = u.username || u.password ? `Basic ${Buffer.from(`${decodeURIComponent(u.username)}:${decodeURIComponent(u.password)}`).toString('base64')}` : null;
  u.username = '';
  u.password = '';
  const target = u.toString();
  return {
    async send(m) {
      if (!m.recipient) throw new Error(`no recipient for ${name}`);
      const res = await fetch(target, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(auth ? { authorization: auth } : {}) },
        body: JSON.stringify({ id: `outbox-${m.id}`, ...shape(m) }),
        signal: AbortSignal.timeout(GATEWAY_TIMEOUT_MS),
      });
      if (!res.ok) {
        const text = await res.text().catch(() => '');
        throw new Error(`${name} gateway answered ${res.status}${text ? `: ${text.slice(0, 120)}` : ''}`);
      }
      await res.arrayBuffer().catch(() => undefined);
      return name;
    },
  };
}

export const subjectOf = (m: OutboxMessage) => {
  const number = /\b[A-Z]{2,5}-\d{4}-\d{5,9}\b/.exec(m.body)?.[0];
  return number ? `Обращение ${number}` : 'Обращение';
};

/** The sender for the configured gateways: each channel to its gateway, the rest to the demo sender. */
export function senderFor(config: { SMS_URL?: string; EMAIL_URL?: string }): CitizenSender & { channels: Record<OutboxChannel, string> } {
  const by: Record<OutboxChannel, CitizenSender> = {
    sms: config.SMS_URL ? httpSender('sms', config.SMS_URL, (m) => ({ to: m.recipient, text: m.body })) : demoSender,
    email: config.EMAIL_URL ? httpSender('email', config.EMAIL_URL, (m) => ({ to: m.recipient, subject: subjectOf(m), text: m.body })) : demoSender,
    log: demoSender,
  };
  return {
    channels: { sms: config.SMS_URL ? 'sms' : 'demo', email: config.EMAIL_URL ? 'email' : 'demo', log: 'demo' },
    send: (m) => by[m.channel].send(m),
  };
}
