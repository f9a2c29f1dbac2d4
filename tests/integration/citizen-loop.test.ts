// The citizen's loop over the real PostgreSQL and Mosquitto: the outbox's senders (an SMS gateway that fails and
// recovers, the demo sender), tries and errors per message, resend from the card (its RBAC and audit), the
// citizen's page data behind the link (no personal data), used and expired links, and photos behind short-lived
// signed URLs.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pgCentre, type TestCentre } from '../helpers/centre';
import { appeal, MOSQUITTO_URL, publishAll, uid, waitFor } from '../helpers/services';
import { districtIds } from '../../maps/districts';
import type { OutboxMessage } from '../../server/appeals/outbox/outbox';

const PHONE_OK = '+7 701 111 22 33';
const PHONE_BAD = '+7 701 999 00 00';
const AUTH_SECRET = 'citizen-loop-test-secret-0123456789abcdef';

describe('citizen loop: outbox, resend, confirmation page, signed photos', () => {
  let c: TestCentre;
  let gateway: http.Server;
  const received: { to: string; text: string; auth?: string }[] = [];
  beforeAll(async () => {
    // an SMS gateway: refuses one number (quoting it, as gateways do), takes the others
    gateway = http.createServer((req, res) => {
      let body = '';
      req.on('data', (d) => (body += d));
      req.on('end', () => {
        const m = JSON.parse(body) as { to: string; text: string };
        if (m.to === PHONE_BAD) {
          res.writeHead(502, { 'content-type': 'text/plain' }).end(`number ${PHONE_BAD} unreachable`);
          return;
        }
        received.push({ ...m, auth: req.headers.authorization });
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
      });
    });
    await new Promise<void>((r) => gateway.listen(0, '127.0.0.1', r));
    const port = (gateway.address() as AddressInfo).port;
    c = await pgCentre({ SMS_URL: `http://gw-user:gw-pass@127.0.0.1:${port}/send`, PUBLIC_URL: 'https://centre.example', AUTH_SECRET });
  });
  afterAll(async () => {
    await c?.cleanup();
    gateway?.close();
  });

  const get = (id: string, token?: string) => c.get(`/api/appeals/${id}`, token);
  const registered = (id: string) => waitFor(async () => ((await get(id)).http === 200 ? get(id) : null));
  const act = (id: string, body: Record<string, unknown>, token?: string) => c.send('POST', `/api/appeals/${id}/transitions`, body, token);
  const outbox = async (id: string): Promise<OutboxMessage[]> => (await c.get(`/api/outbox?appeal=${id}`)).items;
  const linkIn = (body: string) => /\/confirm\/([A-Za-z0-9_-]{20,})/.exec(body)![1];
  async function answered(extra: Record<string, unknown>) {
    const id = uid('a');
    await publishAll(MOSQUITTO_URL, [{ topic: `${c.prefix}appeals`, payload: JSON.stringify(appeal(id, extra)) }]);
    const r = await registered(id);
    expect(r.http).toBe(200);
    const a = await act(id, { action: 'answer', text: 'Отопление в доме восстановлено 02.12.2026 в 18:00, стояк заменён, давление в норме, фотоотчёт приложен.' });
    expect(a.appeal.status).toBe('answered');
    return { id, number: r.appeal.number as string, district: r.appeal.district as string };
  }

  it('sends through the SMS gateway, the demo sender takes the rest; a failing number is counted, its error without the number', async () => {
    const ok = await answered({ citizen: { name: 'Айгерим Ахметова', phone: PHONE_OK } });
    const bad = await answered({ citizen: { phone: PHONE_BAD } });
    const mail = await answered({ citizen: { email: 'aigerim@example.kz' } });
    const sent = await waitFor(async () => ((await outbox(ok.id))[0]?.sentAt ? (await outbox(ok.id))[0] : null), 15_000);
    expect(sent).toMatchObject({ channel: 'sms', deliveredBy: 'sms', attempts: 1, lastError: null });
    const got = received.find((m) => m.to === PHONE_OK);
    expect(got?.text).toContain(ok.number);
    expect(got?.text).toMatch(/https:\/\/centre\.example\/confirm\//);
    expect(got?.auth).toBe(`Basic ${Buffer.from('gw-user:gw-pass').toString('base64')}`);
    // no EMAIL_URL: the demo sender marks it delivered in the table
    const demo = await waitFor(async () => ((await outbox(mail.id))[0]?.sentAt ? (await outbox(mail.id))[0] : null), 15_000);
    expect(demo).toMatchObject({ channel: 'email', deliveredBy: 'demo', attempts: 1 });
    // the failing number: one try, its error kept without the number, queued for a later try
    const failing = await waitFor(async () => (((await outbox(bad.id))[0]?.attempts ?? 0) >= 1 ? (await outbox(bad.id))[0] : null), 15_000);
    expect(failing).toMatchObject({ sentAt: null, failedAt: null, attempts: 1 });
    expect(failing?.lastError).toMatch(/sms gateway answered 502/);
    expect(failing?.lastError).not.toContain(PHONE_BAD);
    // the card shows the state, not the link, the phone or the error
    const op = await c.tokenFor('operator');
    const card = await get(bad.id, op);
    expect(card.outbox).toEqual({ state: 'queued', channel: 'sms', createdAt: expect.any(String), sentAt: null, attempts: 1, deliveredBy: null });
    expect(JSON.stringify(card.outbox)).not.toMatch(/confirm|701|unreachable/);
    // after the last allowed try it is given up: failed
    await c.db.query(`UPDATE citizen_outbox SET attempts = 4, next_attempt_at = now() WHERE appeal_id = $1`, [bad.id]);
    const given = await waitFor(async () => ((await outbox(bad.id))[0]?.failedAt ? (await outbox(bad.id))[0] : null), 15_000);
    expect(given).toMatchObject({ attempts: 5, sentAt: null });
    expect((await get(bad.id, op)).outbox.state).toBe('failed');
    expect((await get(ok.id, op)).outbox).toMatchObject({ state: 'sent', channel: 'sms', deliveredBy: 'sms' });
  });

  it('resends a new link from the card: territory-checked, audited, the old link expires', async () => {
    const a = await answered({ citizen: { phone: PHONE_OK } });
    const first = linkIn((await outbox(a.id))[0].body);
    const other = districtIds.find((d) => d.startsWith('astana-') && d !== a.district)!;
    expect(other).toBeTruthy();
    // a district operator of another district may not; one of this district may
    const stranger = await c.tokenAs({ username: uid('op-other'), role: 'operator', districts: [other] });
    expect(await c.send('POST', `/api/appeals/${a.id}/outbox/resend`, undefined, stranger)).toMatchObject({ http: 403, code: 'auth.outside_territory' });
    expect(await c.send('POST', `/api/appeals/${a.id}/outbox/resend`, undefined, await c.tokenFor('analyst'))).toMatchObject({ http: 403 });
    expect(await c.send('POST', `/api/appeals/${a.id}/outbox/resend`, undefined, '')).toMatchObject({ http: 401 });
    const local = await c.tokenAs({ username: uid('op-local'), role: 'operator', districts: [a.district] });
    const r = await c.send('POST', `/api/appeals/${a.id}/outbox/resend`, undefined, local);
    expect(r).toMatchObject({ http: 201, outbox: { state: 'queued', channel: 'sms', attempts: 0 } });
    expect(JSON.stringify(r)).not.toMatch(/confirm\/|701/);
    // the card follows it: its state, never the link or the phone; another district's user sees nothing of it
    const followed = await c.get(`/api/appeals/${a.id}/outbox`, local);
    expect(followed).toMatchObject({ http: 200, outbox: { channel: 'sms', state: expect.stringMatching(/^(queued|sent)$/) } });
    expect(JSON.stringify(followed)).not.toMatch(/confirm\/|701/);
    expect(await c.get(`/api/appeals/${a.id}/outbox`, stranger)).toMatchObject({ http: 404 });
    const msgs = await outbox(a.id);
    expect(msgs).toHaveLength(2);
    const second = linkIn(msgs[0].body);
    expect(second).not.toBe(first);
    // the first link now says expired, in a code the page turns into words
    expect(await c.get(`/api/confirm/${first}`, '')).toMatchObject({ http: 410, code: 'confirm.expired' });
    expect(await c.get(`/api/confirm/${second}`, '')).toMatchObject({ http: 200, number: a.number });
    const audit = await c.get(`/api/audit?target=appeal:${a.id}&action=appeal.resend`);
    expect(audit.items).toHaveLength(1);
    expect(audit.items[0]).toMatchObject({ action: 'appeal.resend', target: `appeal:${a.id}` });
    // only an answered appeal waits for a link
    await c.send('POST', `/api/confirm/${second}`, { satisfied: true }, '');
    expect(await c.send('POST', `/api/appeals/${a.id}/outbox/resend`, undefined, local)).toMatchObject({ http: 422, field: 'status' });
  });

  it('shows the citizen the appeal, the answer and the photos, never personal data; a used link says so', async () => {
    const a = await answered({
      citizen: { name: 'Айгерим Ахметова', phone: PHONE_OK, email: 'aigerim@example.kz' },
      address: 'ул. Кенесары, 40, кв. 12',
      text: 'Нет отопления, кв. 12, звоните 8 701 555 44 33, Ахметова',
    });
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 7)]);
    const up = await fetch(`${c.url}/api/appeals/${a.id}/photos`, { method: 'POST', headers: { authorization: `Bearer ${c.token}` }, body: png });
    expect(up.status).toBe(201);
    const token = linkIn((await outbox(a.id))[0].body);
    const v = await c.get(`/api/confirm/${token}`, '');
    expect(v).toMatchObject({ http: 200, number: a.number, category: 'heating.no_heat', address: 'ул. Кенесары', status: 'answered' });
    expect(v.answer).toMatch(/Отопление в доме восстановлено/);
    expect(v.district).toMatchObject({ id: a.district, ru: expect.any(String), kk: expect.any(String), en: expect.any(String) });
    expect(v.timeZone).toBe('Asia/Almaty');
    expect(v.text).toContain('Нет отопления');
    const all = JSON.stringify(v);
    for (const secret of ['Ахметова', 'Айгерим', '701', 'aigerim@', 'кв. 12', 'citizen']) expect(all).not.toContain(secret);
    expect(v.photos).toHaveLength(1);
    // the photo opens without a header through its signed URL
    const img = await fetch(c.url + v.photos[0].url);
    expect(img.status).toBe(200);
    expect(img.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await img.arrayBuffer()).equals(png)).toBe(true);
    // the human result, then the link is used
    expect(await c.send('POST', `/api/confirm/${token}`, { satisfied: false, comment: 'батареи холодные' }, '')).toMatchObject({ http: 200, status: 'reopened', result: 'returned' });
    expect(await c.get(`/api/confirm/${token}`, '')).toMatchObject({ http: 410, code: 'confirm.used' });
    expect(await c.get(`/api/confirm/${'x'.repeat(24)}`, '')).toMatchObject({ http: 404, code: 'confirm.not_found' });
  });

  it('serves photos by signed URL only while the signature holds, for that photo', async () => {
    const id = uid('a');
    await publishAll(MOSQUITTO_URL, [{ topic: `${c.prefix}appeals`, payload: JSON.stringify(appeal(id)) }]);
    const r = await registered(id);
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(32, 1)]);
    for (let i = 0; i < 2; i++) expect((await fetch(`${c.url}/api/appeals/${id}/photos`, { method: 'POST', headers: { authorization: `Bearer ${c.token}` }, body: png })).status).toBe(201);
    const card = await get(id, await c.tokenFor('operator'));
    expect(card.photos).toHaveLength(2);
    const [p1, p2] = card.photos as { id: number; url: string }[];
    const u = new URL(c.url + p1.url);
    const exp = Number(u.searchParams.get('exp'));
    expect(exp - Date.now() / 1000).toBeGreaterThan(9 * 60);
    expect(exp - Date.now() / 1000).toBeLessThanOrEqual(10 * 60 + 1);
    expect((await fetch(u)).status).toBe(200);
    const status = async (path: string) => {
      const res = await fetch(c.url + path);
      return { status: res.status, code: res.headers.get('content-type')?.includes('json') ? ((await res.json()) as { code: string }).code : null };
    };
    const sig = u.searchParams.get('sig')!;
    // another photo's signature, a changed expiry, a forged signature, none at all, an expired one
    expect(await status(`/api/appeals/${id}/photos/${p2.id}?exp=${exp}&sig=${sig}`)).toEqual({ status: 403, code: 'photo.bad_signature' });
    expect(await status(`/api/appeals/${id}/photos/${p1.id}?exp=${exp + 60}&sig=${sig}`)).toEqual({ status: 403, code: 'photo.bad_signature' });
    expect(await status(`/api/appeals/${id}/photos/${p1.id}?exp=${exp}&sig=${'A'.repeat(43)}`)).toEqual({ status: 403, code: 'photo.bad_signature' });
    expect(await status(`/api/appeals/${id}/photos/${p1.id}?exp=${exp}`)).toEqual({ status: 403, code: 'photo.bad_signature' });
    expect((await fetch(`${c.url}/api/appeals/${id}/photos/${p1.id}`)).status).toBe(401);
    const { PhotoUrls } = await import('../../server/appeals/photo-urls');
    expect(new PhotoUrls(new Uint8Array(32)).check(id, p1.id, String(exp), sig)).toBe('bad');
    // an expired link: signed with the centre's own key 11 minutes ago (the card's URL from the past)
    const past = await signedAt(id, p1.id, Date.now() - 11 * 60_000);
    expect(await status(past)).toEqual({ status: 403, code: 'photo.link_expired' });
    expect(r.appeal.id).toBe(id);
  });

  /** The URL the centre would have signed at `when` (its AUTH_SECRET is the test's). */
  async function signedAt(appealId: string, photoId: number, when: number): Promise<string> {
    const { PhotoUrls } = await import('../../server/appeals/photo-urls');
    const { createHmac } = await import('node:crypto');
    const key = createHmac('sha256', new TextEncoder().encode(AUTH_SECRET)).update('url-key:photo-url').digest();
    return new PhotoUrls(key).url(appealId, photoId, when);
  }
});
