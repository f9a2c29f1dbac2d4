// The citizen's loop on the client and its server helpers (issue 12, items 2 and 6): the citizen's language from
// the link, the device and the browser; a failed link call as a kind the page puts in words; the messages in
// ru/kk/en; the outbox's backoff, its errors without the recipient, the card's view of a message (never the link
// or the recipient), the senders chosen by configuration; the photos' signed URLs and their expiry.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { citizenLocale, fromBrowser } from '../../client/src/citizen/locale';
import { problemOf } from '../../client/src/citizen/api';
import messages from '../../client/src/citizen/messages';
import { errorText, MAX_ATTEMPTS, messageState, retryDelayS, toMessage } from '../../server/appeals/outbox/outbox';
import type { OutboxRow } from '../../server/appeals/outbox/store';
import { demoSender, senderFor } from '../../server/appeals/outbox/senders';
import { PHOTO_URL_TTL_S, PhotoUrls } from '../../server/appeals/photo-urls';

describe("the citizen's language", () => {
  it("takes the browser's first language the page speaks", () => {
    expect(fromBrowser(['kk-KZ', 'ru-RU'])).toBe('kk');
    expect(fromBrowser(['de-DE', 'en-GB', 'ru'])).toBe('en');
    expect(fromBrowser(['kz'])).toBe('kk');
    expect(fromBrowser(['RU_ru'])).toBe('ru');
    expect(fromBrowser(['de', 'fr'])).toBeNull();
  });
  it('prefers ?lang=, then the choice kept on the device, then the browser, then Russian', () => {
    expect(citizenLocale('en', 'kk', ['ru'])).toBe('en');
    expect(citizenLocale(null, 'kk', ['en-US'])).toBe('kk');
    expect(citizenLocale('xx', null, ['en-US'])).toBe('en');
    expect(citizenLocale(undefined, 'de', ['kk-KZ'])).toBe('kk');
    expect(citizenLocale(null, null, ['de-DE'])).toBe('ru');
  });
});

describe("the link's failures, as the page says them", () => {
  it('tells used, expired, closed, unknown and no connection apart', () => {
    expect(problemOf(410, 'confirm.used')).toBe('used');
    expect(problemOf(410, 'confirm.expired')).toBe('expired');
    expect(problemOf(410, 'confirm.closed')).toBe('closed');
    expect(problemOf(404, 'confirm.not_found')).toBe('notFound');
    expect(problemOf(400, 'validation.invalid_format')).toBe('notFound');
    expect(problemOf(0, undefined)).toBe('offline');
    expect(problemOf(502, undefined)).toBe('offline');
    expect(problemOf(500, undefined)).toBe('failed');
  });
});

describe("the citizen's messages", () => {
  const leaves = (o: object, at = ''): [string, string][] =>
    Object.entries(o).flatMap(([k, v]) => (typeof v === 'string' ? [[`${at}${k}`, v] as [string, string]] : leaves(v, `${at}${k}.`)));
  it('has the same keys in ru, kk and en, none empty, Kazakh of its own', () => {
    const ru = leaves(messages.ru);
    expect(ru.length).toBeGreaterThan(50);
    for (const l of ['kk', 'en'] as const) {
      const other = leaves(messages[l]);
      expect(other.map(([k]) => k)).toEqual(ru.map(([k]) => k));
      expect(other.filter(([, v]) => !v.trim())).toEqual([]);
      // "SMS" is SMS in every language; nothing else may be copied from Russian
      const same = other.filter(([k, v]) => v === ru.find(([rk]) => rk === k)![1]).map(([k]) => k);
      expect(same, l).toEqual(['card.via.sms']);
    }
    expect(leaves(messages.kk).filter(([, v]) => /[әғқңөұүһі]/i.test(v)).length).toBeGreaterThan(30);
    expect(messages.ru.closedTitle).toBe('Спасибо, обращение закрыто');
    expect(messages.ru.returnedTitle).toBe('Мы вернули обращение исполнителю');
    expect(messages.ru.yes).toBe('Да, решено');
    expect(messages.ru.no).toBe('Нет, не решено');
    // the numbered results name the appeal
    for (const l of ['ru', 'kk', 'en'] as const) for (const k of ['closedText', 'returnedText'] as const) expect(messages[l][k]).toContain('{number}');
  });
});

const row = (over: Partial<OutboxRow> = {}): OutboxRow => ({
  id: '7',
  appeal_id: 'a-1',
  channel: 'sms',
  recipient: '+77015554433',
  body: 'Ответ на обращение AST-2026-0000001 готов. Подтвердите решение или оспорьте его: https://c.example/confirm/abcdefghijklmnopqrstuvwx',
  created_at: new Date('2026-12-03T08:00:00Z'),
  sent_at: null,
  attempts: 0,
  last_error: null,
  last_attempt_at: null,
  next_attempt_at: null,
  failed_at: null,
  delivered_by: null,
  ...over,
});

describe('the outbox', () => {
  it('waits longer after each failed try, at most an hour, and gives up after MAX_ATTEMPTS', () => {
    expect([1, 2, 3, 4].map(retryDelayS)).toEqual([30, 120, 480, 1920]);
    expect(retryDelayS(9)).toBe(3600);
    expect(MAX_ATTEMPTS).toBe(5);
  });
  it('keeps an error on one line, without the recipient', () => {
    const e = errorText(new Error('number +77015554433\n is unreachable'), '+77015554433');
    expect(e).toBe('number *** is unreachable');
    expect(errorText('x'.repeat(1000), null)).toHaveLength(300);
  });
  it('shows the card the state only: never the text, the link or the recipient', () => {
    expect(messageState(row())).toEqual({ state: 'queued', channel: 'sms', createdAt: '2026-12-03T08:00:00.000Z', sentAt: null, attempts: 0, deliveredBy: null });
    expect(messageState(row({ sent_at: new Date('2026-12-03T08:00:05Z'), attempts: 1, delivered_by: 'sms' })).state).toBe('sent');
    expect(messageState(row({ failed_at: new Date(), attempts: 5, last_error: 'sms gateway answered 502' })).state).toBe('failed');
    const shown = JSON.stringify(messageState(row({ last_error: 'number +77015554433 unreachable', attempts: 2 })));
    expect(shown).not.toMatch(/confirm|7701|unreachable|AST-/);
    // the admin's view keeps the error until the message is sent
    expect(toMessage(row({ last_error: 'boom', attempts: 1 })).lastError).toBe('boom');
    expect(toMessage(row({ last_error: 'boom', sent_at: new Date() })).lastError).toBeNull();
  });
  it('chooses a gateway per channel by configuration; the rest go to the demo sender', async () => {
    expect(senderFor({}).channels).toEqual({ sms: 'demo', email: 'demo', log: 'demo' });
    expect(senderFor({ SMS_URL: 'http://127.0.0.1:9/sms' }).channels).toEqual({ sms: 'sms', email: 'demo', log: 'demo' });
    expect(await demoSender.send(toMessage(row()))).toBe('demo');
    // an e-mail gateway gets the subject with the appeal's number; basic auth from the URL, not in the URL
    const seen: { url?: string; auth?: string; body?: Record<string, unknown> } = {};
    const srv = http.createServer((req, res) => {
      let b = '';
      req.on('data', (d) => (b += d));
      req.on('end', () => {
        Object.assign(seen, { url: req.url, auth: req.headers.authorization, body: JSON.parse(b) });
        res.writeHead(202).end();
      });
    });
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    try {
      const port = (srv.address() as AddressInfo).port;
      const s = senderFor({ EMAIL_URL: `http://mail%40centre:p%3Ass@127.0.0.1:${port}/v1/send` });
      expect(await s.send(toMessage(row({ channel: 'email', recipient: 'a@example.kz' })))).toBe('email');
      expect(seen.url).toBe('/v1/send');
      expect(seen.auth).toBe(`Basic ${Buffer.from('mail@centre:p:ss').toString('base64')}`);
      expect(seen.body).toMatchObject({ id: 'outbox-7', to: 'a@example.kz', subject: 'Обращение AST-2026-0000001' });
      // the SMS channel still goes to the demo sender
      expect(await s.send(toMessage(row()))).toBe('demo');
    } finally {
      srv.close();
    }
  });
});

describe("photos' signed URLs", () => {
  const key = new Uint8Array(32).fill(3);
  const urls = new PhotoUrls(key);
  const t0 = Date.parse('2026-12-03T08:00:00Z');
  const parts = (u: string) => {
    const q = new URL(u, 'http://x').searchParams;
    return { exp: q.get('exp')!, sig: q.get('sig')! };
  };
  it('holds for ten minutes, for that appeal and photo, with that key', () => {
    expect(PHOTO_URL_TTL_S).toBe(600);
    const u = urls.url('a-1', 5, t0);
    expect(u).toMatch(/^\/api\/appeals\/a-1\/photos\/5\?exp=\d+&sig=[A-Za-z0-9_-]{43}$/);
    const { exp, sig } = parts(u);
    expect(Number(exp)).toBe(t0 / 1000 + 600);
    expect(urls.check('a-1', 5, exp, sig, t0 + 599_000)).toBe('ok');
    expect(urls.check('a-1', 5, exp, sig, t0 + 601_000)).toBe('expired');
    expect(urls.check('a-1', 6, exp, sig, t0)).toBe('bad');
    expect(urls.check('a-2', 5, exp, sig, t0)).toBe('bad');
    expect(urls.check('a-1', 5, String(Number(exp) + 1), sig, t0)).toBe('bad');
    expect(new PhotoUrls(new Uint8Array(32).fill(4)).check('a-1', 5, exp, sig, t0)).toBe('bad');
    expect(urls.check('a-1', 5, undefined, sig, t0)).toBe('bad');
    expect(urls.check('a-1', 5, exp, ['a', 'b'], t0)).toBe('bad');
  });
  it('refuses an expiry further out than it ever issues', () => {
    const { exp, sig } = parts(urls.url('a-1', 5, t0 + 3600_000));
    expect(urls.check('a-1', 5, exp, sig, t0)).toBe('bad');
  });
});
