// Every 4xx JSON answer carries a stable `code` beside `error`, `message` and `field` (server/http/errors.ts), the
// client says it in the user's language (client/src/api/errors.ts); /api/config names the city's time zone and
// /api/routing-rules the organisations in three languages.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pgCentre, type TestCentre } from '../helpers/centre';
import { errorText } from '../../client/src/api/errors';
import { i18n } from '../../client/src/i18n';

describe('error codes and names from the server', () => {
  let c: TestCentre;
  beforeAll(async () => {
    c = await pgCentre();
  });
  afterAll(async () => {
    await c?.cleanup();
  });

  it('a validation error: code, field, params; the old fields stay', async () => {
    const r = await c.send('POST', '/api/users', { username: 'A!', password: 'long-enough-password', role: 'operator' });
    expect(r).toMatchObject({ http: 400, error: 'bad_request', code: 'validation.invalid_format', field: 'username' });
    expect(r.message).toMatch(/^username: /);
    i18n.global.locale.value = 'ru';
    expect(errorText(r.http, r.code, r.field, r.params)).toBe('Логин: от 3 до 40 символов: строчные латинские буквы, цифры, точка, дефис, подчёркивание');
    const short = await c.send('POST', '/api/users', { username: 'valid.name', password: 'short', role: 'operator' });
    expect(short).toMatchObject({ http: 400, code: 'validation.too_small', field: 'password', params: { minimum: 10, origin: 'string' } });
    i18n.global.locale.value = 'kk';
    expect(errorText(short.http, short.code, short.field, short.params)).toBe('Құпиясөз: тым қысқа (кемінде 10 таңба)');
    i18n.global.locale.value = 'ru';
    // an appeal without coordinates' numbers ("51,128" sent as text)
    const bad = await c.send('POST', '/api/appeals', { channel: 'phone_109', category: 'heating.no_heat', text: 'x', lat: '51,128', lon: 71.43 });
    expect(bad).toMatchObject({ http: 400, code: 'validation.invalid_type', field: 'lat' });
  });

  it('codes for sign-in, tokens, roles, territory, missing things, bad JSON and unknown routes', async () => {
    const cases: [Promise<{ http: number; code?: string }>, number, string][] = [
      [c.send('POST', '/api/auth/login', { username: 'admin', password: 'wrong-password-1' }, ''), 401, 'auth.bad_credentials'],
      [c.send('POST', '/api/auth/refresh', { refreshToken: 'x'.repeat(40) }, ''), 401, 'auth.session_expired'],
      [c.get('/api/appeals', ''), 401, 'auth.required'],
      [c.get('/api/users', await c.tokenFor('operator')), 403, 'auth.forbidden'],
      [c.get('/api/snapshot?districts=astana-almaty', await c.tokenFor('operator', ['astana-yesil'])), 403, 'auth.outside_territory'],
      [c.get('/api/appeals/no-such-appeal'), 404, 'appeal.not_found'],
      [c.get('/api/no-such-route'), 404, 'request.no_route'],
    ];
    for (const [p, http, code] of cases) expect(await p).toMatchObject({ http, code });
    const raw = await fetch(c.url + '/api/appeals', { method: 'POST', headers: { authorization: `Bearer ${c.token}`, 'content-type': 'application/json' }, body: '{"text": ' });
    expect(raw.status).toBe(400);
    expect(await raw.json()).toMatchObject({ code: 'request.bad_json' });
    const u = { username: `dup.${Date.now()}`, password: 'long-enough-password', role: 'operator' };
    expect((await c.send('POST', '/api/users', u)).http).toBe(201);
    const dup = await c.send('POST', '/api/users', u);
    expect(dup).toMatchObject({ http: 409, code: 'user.taken', field: 'username' });
  });

  it('/api/config says the city clock; /api/routing-rules names organisations in ru, kk and en', async () => {
    const cfg = await c.get('/api/config');
    expect(cfg.timeZone).toBe('Asia/Almaty');
    const rr = await c.get('/api/routing-rules');
    const orgs = rr.organisations as { id: string; name_ru: string; name_kk: string; name_en: string }[];
    expect(orgs.length).toBeGreaterThan(20);
    expect(orgs.filter((o) => !o.name_kk || o.name_kk === o.name_ru)).toEqual([]);
    expect(orgs.find((o) => o.id === 'akimat-yesil')?.name_kk).toBe('Есіл ауданы әкімінің аппараты');
  });
});
