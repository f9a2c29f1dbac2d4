// Names, not ids, in the screen's language; one clock in the city's zone; server error codes in words.
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { formatDateTime, formatDay, formatDuration, formatTime, zoneLabel } from '../../client/src/i18n/format';
import { i18n, missingKeys, type Locale } from '../../client/src/i18n';
import { actorName, channelName, eventReason, headTitle, orgName, reasonText, roleName, setOrganisations, vehicleLabel } from '../../client/src/i18n/names';
import { channelsKk } from '../../client/src/i18n/channels-kk';
import { errorText, fieldLabel } from '../../client/src/api/errors';
import { channels } from '../../ingest/schema/taxonomy';
import { scoreFormalReply } from '../../server/appeals/detectors/formal-reply';
import { errorCode, parseOr400, HttpError } from '../../server/http/errors';
import orgData from '../../server/appeals/data/organisations.json';

const use = (l: Locale) => (i18n.global.locale.value = l);
afterEach(() => use('ru'));

// 2 December 2026, 09:05:07 UTC = 14:05:07 in Astana (UTC+5), a Wednesday
const AT = new Date('2026-12-02T09:05:07Z');

describe('one clock, per language', () => {
  it('times are on the city clock whatever the runtime zone', () => {
    expect(formatTime(AT, 'ru', true, 'Asia/Almaty')).toBe('14:05:07');
    expect(formatTime(AT, 'en', false, 'UTC')).toBe('09:05');
    expect(formatDateTime(AT, 'ru', 'Asia/Almaty', AT)).toBe('02.12 14:05');
    expect(formatDateTime(AT, 'en', 'Asia/Almaty', AT)).toBe('02/12 14:05');
    // late in the evening UTC is already tomorrow in Astana
    expect(formatDateTime(new Date('2026-12-02T20:30:00Z'), 'kk', 'Asia/Almaty', AT)).toBe('03.12 01:30');
    expect(formatDateTime(AT, 'ru', 'Asia/Almaty', new Date('2027-01-05T00:00:00Z'))).toBe('02.12.2026 14:05');
  });

  it('the Kazakh date is spelled in Kazakh, never "M12 2, Wed"', () => {
    expect(formatDay(AT, 'kk', 'Asia/Almaty')).toBe('ср, 2 желтоқсан');
    expect(formatDay(new Date('2026-12-02T20:30:00Z'), 'kk', 'Asia/Almaty')).toBe('бс, 3 желтоқсан');
    expect(formatDay(AT, 'ru', 'Asia/Almaty')).toBe('ср, 2 декабря');
    expect(formatDay(AT, 'en', 'Asia/Almaty')).toBe('Wed 2 December');
  });

  it('durations in each language', () => {
    const ms = (4 * 24 + 22) * 3600_000 + 5 * 60_000;
    expect(formatDuration(ms, 'ru')).toBe('4 д 22 ч');
    expect(formatDuration(ms, 'kk')).toBe('4 к 22 сағ');
    expect(formatDuration(ms, 'en')).toBe('4 d 22 h');
    expect(formatDuration(-(2 * 3600_000 + 5 * 60_000), 'en')).toBe('−2 h 5 min');
    expect(formatDuration(-(2 * 3600_000 + 5 * 60_000), 'kk')).toBe('−2 сағ 5 мин');
  });

  it('says which zone', () => {
    expect(zoneLabel('Asia/Almaty', AT)).toBe('UTC+5');
    expect(zoneLabel('UTC', AT)).toBe('UTC');
    expect(zoneLabel('Asia/Kolkata', AT)).toBe('UTC+5:30');
    expect(zoneLabel('America/St_Johns', AT)).toBe('UTC−3:30');
  });
});

describe('names, not ids', () => {
  it('every channel has a Kazakh name, and each language its own', () => {
    expect(channels.length).toBeGreaterThan(20);
    expect(channels.filter((c) => !channelsKk[c.id]).map((c) => c.id)).toEqual([]);
    expect(Object.keys(channelsKk).filter((id) => !channels.some((c) => c.id === id))).toEqual([]);
    expect(channelName('phone_109', 'ru')).toMatch(/^Бесплатный номер 109/);
    expect(channelName('phone_109', 'kk')).toMatch(/109 нөмірі/);
    expect(channelName('phone_109', 'en')).toMatch(/^Toll-free number 109/);
    expect(channelName('no_such_channel', 'en')).toBe('—');
  });

  it('organisations.json names every organisation in ru, kk and en (Kazakh is not Russian copied)', () => {
    const orgs = orgData.organisations as { id: string; name_ru: string; name_kk?: string; name_en: string }[];
    expect(orgs.length).toBeGreaterThan(20);
    expect(orgs.filter((o) => !o.name_kk || o.name_kk === o.name_ru).map((o) => o.id)).toEqual([]);
    setOrganisations(orgs as { id: string; name_ru: string; name_kk: string; name_en: string }[]);
    expect(orgName('astana-energy-housing', 'kk')).toBe('Энергетика және тұрғын үй-коммуналдық шаруашылық басқармасы');
    expect(orgName('astana-energy-housing', 'en')).toBe('Department of energy and housing & utilities');
    expect(orgName('nobody-knows', 'ru')).toBe('—');
    expect(headTitle('District akim', 'kk')).toBe('аудан әкімі');
    expect(headTitle('Something new', 'ru')).toBe('');
  });

  it('vehicles by kind and short label; roles and actors by name', () => {
    use('ru');
    expect(vehicleLabel('snowplow-0007', 'snowplow')).toBe('снегоуборка · 0007');
    use('en');
    expect(vehicleLabel('sim-lmz514-sanitation-12', 'sanitation')).toBe('waste · 12');
    expect(roleName('centre_head')).toBe('head of the centre');
    expect(roleName('brand_new_role')).toBe('staff');
    expect(actorName('system:routing')).toBe('routing');
    expect(eventReason('no confirmation from the citizen in 14 days')).toBe('no answer from the citizen in 14 days');
    expect(eventReason('не относится к компетенции')).toBe('не относится к компетенции');
    use('kk');
    expect(actorName('sim:astana-rek')).toBe('«Астана-РЭК» АҚ');
    expect(roleName('operator')).toBe('оператор');
  });

  it("every reason the formal-reply detector gives reads in each language, the answer's phrases kept", () => {
    const template = scoreFormalReply('Ваше обращение рассмотрено. Разъяснено в соответствии с законодательством.', { text: 'Во дворе дома 5 не убран снег', category: 'snow.not_cleared' });
    const promise = scoreFormalReply('Будет рассмотрено.', { text: 'Не горит фонарь у дома 12 на улице Кенесары', category: 'lighting.street' });
    const reasons = [...template.reasons, ...promise.reasons];
    expect(reasons.length).toBeGreaterThanOrEqual(4);
    for (const l of ['ru', 'kk', 'en'] as const) {
      use(l);
      for (const r of reasons) {
        const s = reasonText(r.code, r.detail);
        expect(s, `${l} ${r.code}`).not.toBe(i18n.global.t('reason.other'));
        expect(s).not.toMatch(/\{|\}/);
        if (l !== 'en') expect(s).not.toMatch(/[a-z]{3,}/); // no English detail in ru/kk (the answer's phrases are Russian here)
        for (const q of r.detail.match(/«[^»]*»/g) ?? []) expect(s).toContain(q);
      }
    }
    use('ru');
    const tpl = template.reasons.find((r) => r.code === 'template_phrase');
    expect(tpl).toBeDefined();
    expect(reasonText(tpl!.code, tpl!.detail)).toMatch(/^шаблонные фразы: «/);
  });
});

describe('server errors carry a code the client says in words', () => {
  it('a zod failure: validation code, field and bounds', () => {
    let err: HttpError | undefined;
    try {
      parseOr400(z.object({ username: z.string().min(3).max(40) }), { username: 'ab' });
    } catch (e) {
      err = e as HttpError;
    }
    expect(err).toBeInstanceOf(HttpError);
    expect(err!.code).toBe('validation.too_small');
    expect(err!.field).toBe('username');
    expect(err!.params).toMatchObject({ minimum: 3, origin: 'string' });
    expect(err!.message).toMatch(/username/); // the English message stays for logs and curl
    use('ru');
    expect(errorText(400, err!.code, err!.field, err!.params)).toBe('Логин: слишком коротко (не меньше 3 симв.)');
    use('kk');
    expect(errorText(400, err!.code, err!.field, err!.params)).toBe('Логин: тым қысқа (кемінде 3 таңба)');
    use('en');
    expect(errorText(400, err!.code, err!.field, err!.params)).toBe('Username: too short (at least 3 characters)');
  });

  it('codes from the route and status when a handler named none', () => {
    expect(errorCode({ path: '/api/auth/login' }, 401, {})).toBe('auth.bad_credentials');
    expect(errorCode({ path: '/api/appeals/x' }, 404, { field: 'id' })).toBe('appeal.not_found');
    expect(errorCode({ path: '/api/appeals/x/photos/3' }, 404, { field: 'pid' })).toBe('photo.not_found');
    expect(errorCode({ path: '/api/appeals' }, 403, { field: 'district' })).toBe('auth.outside_territory');
    expect(errorCode({ path: '/api/users' }, 409, { field: 'username' })).toBe('user.taken');
    expect(errorCode({ path: '/api/appeals/x/transitions' }, 422, { field: 'action' })).toBe('appeal.not_allowed');
    expect(errorCode({ path: '/api/nothing' }, 404, { error: 'not_found' })).toBe('request.no_route');
  });

  it('every code the server can give has words in each language, and an unknown one falls back', () => {
    const codes = ['auth.bad_credentials', 'auth.session_expired', 'auth.required', 'auth.forbidden', 'auth.outside_territory', 'auth.too_many_attempts', 'appeal.not_found', 'appeal.id_taken', 'appeal.conflict', 'appeal.not_allowed', 'photo.unsupported_type', 'user.taken', 'request.bad_json', 'request.no_route', 'validation.invalid_type', 'validation.invalid_value', 'wall_token.not_found', 'api_key.not_found', 'routing.invalid'];
    missingKeys.clear();
    for (const l of ['ru', 'kk', 'en'] as const) {
      use(l);
      for (const c of codes) expect(errorText(400, c), `${l} ${c}`).not.toMatch(/^errors\.|[a-z]+_[a-z]+/);
    }
    expect([...missingKeys]).toEqual([]);
    use('en');
    expect(errorText(0)).toBe('No connection to the server');
    expect(errorText(502)).toBe('The server is unreachable, try again later');
    expect(fieldLabel('citizen.phone')).toBe("Citizen's phone");
    expect(fieldLabel('districts.0')).toBe('Districts');
    expect(fieldLabel('3.org')).toBe('Organisation');
  });
});
