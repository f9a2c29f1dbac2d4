// The admin console's pure parts: roles as the server has them, validation like the server's, generated
// passwords the server accepts, the city's time for the audit filter, names, and its texts in three languages.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { roles as serverRoles } from '../../server/access/roles';
import { auditActionKey, failure, checkName, checkPassword, checkUsername, cityInputToIso, formatAt, generatePassword, nameIn, roles, userMatches, zoneLabel, zoneOffset } from '../../client/src/admin/model';
import { kioskUrl } from '../../client/src/admin/api';
import messages from '../../client/src/admin/messages';

type Tree = { [k: string]: string | Tree };
const leaves = (t: Tree, p = ''): [string, string][] => Object.entries(t).flatMap(([k, v]) => (typeof v === 'string' ? [[p + k, v] as [string, string]] : leaves(v, `${p}${k}.`)));

describe('admin console model', () => {
  it('offers exactly the server roles', () => {
    expect([...roles]).toEqual([...serverRoles]);
  });

  it('checks a username and a password as the server does', () => {
    // the server's own rules (server/auth/routes.ts), written out here
    const username = z.string().regex(/^[a-z0-9._-]{3,40}$/);
    for (const v of ['op-yesil-1', 'ab', 'Ivan', 'a b c', 'x'.repeat(41), 'ok.name_1', '', 'имя']) expect(checkUsername(v) === null).toBe(username.safeParse(v).success);
    expect(checkUsername('')).toBe('required');
    expect(checkPassword('short')).toBe('passwordShort');
    expect(checkPassword('0123456789')).toBeNull();
    expect(checkPassword('x'.repeat(201))).toBe('tooLong');
    expect(checkName('   ')).toBe('required');
    expect(checkName('Зал, экран 1')).toBeNull();
  });

  it('generates passwords the server accepts, without look-alike characters', () => {
    const a = generatePassword();
    const b = generatePassword();
    expect(a).toHaveLength(16);
    expect(a).not.toBe(b);
    expect(checkPassword(a)).toBeNull();
    expect(a).toMatch(/^[a-km-zA-HJ-NP-Z2-9]+$/);
    // the alphabet's ends, from a fixed source
    expect(generatePassword(3, () => new Uint32Array([0, 55, 56]))).toBe('a9a');
  });

  it('reads the audit period in the city zone (Asia/Almaty, UTC+5)', () => {
    expect(zoneOffset(new Date('2026-12-03T00:00:00Z'))).toBe(300);
    expect(cityInputToIso('2026-12-03T10:00')).toBe('2026-12-03T05:00:00.000Z');
    expect(cityInputToIso('2026-01-01T00:30')).toBe('2025-12-31T19:30:00.000Z');
    expect(cityInputToIso('')).toBeUndefined();
    expect(cityInputToIso('2026-12-03T10:00', 'Europe/London')).toBe('2026-12-03T10:00:00.000Z');
    expect(zoneLabel()).toBe('UTC+5');
    expect(zoneLabel('Asia/Kolkata', new Date('2026-12-03T00:00:00Z'))).toBe('UTC+5:30');
    // shown in the city's zone whatever the browser's
    expect(formatAt('2026-12-03T05:00:00Z', 'ru')).toBe('03.12.2026, 10:00');
    expect(formatAt(null, 'en')).toBe('—');
  });

  it('names: Kazakh falls back to Russian only where the data has no Kazakh name', () => {
    const o = { name_ru: 'Акимат', name_en: 'Akimat', name_kk: 'Әкімдік' };
    expect(nameIn(o, 'kk')).toBe('Әкімдік');
    expect(nameIn(o, 'en')).toBe('Akimat');
    expect(nameIn({ name_ru: 'Акимат', name_en: 'Akimat' }, 'kk')).toBe('Акимат');
  });

  it('names audit actions, appeal steps apart', () => {
    expect(auditActionKey('user.create')).toEqual({ key: 'user_create' });
    expect(auditActionKey('wall_token.revoke')).toEqual({ key: 'wall_token_revoke' });
    expect(auditActionKey('appeal.answer')).toEqual({ key: 'appeal_step', step: 'answer' });
    expect(auditActionKey('routing.rule.create')).toEqual({ key: 'routing_rule_create' });
    expect(auditActionKey('organisation.update')).toEqual({ key: 'organisation_update' });
    expect(auditActionKey('something.else')).toEqual({ key: '' });
    for (const k of ['user_create', 'wall_token_revoke', 'appeal_step', 'auth_login_failed_unknown']) expect(messages.en.admin.audit.actions).toHaveProperty(k);
  });

  it('searches users by username or display name', () => {
    const u = { username: 'op-yesil', displayName: 'Айгуль Серикова' };
    expect(userMatches(u, '')).toBe(true);
    expect(userMatches(u, 'YESIL')).toBe(true);
    expect(userMatches(u, 'айгуль')).toBe(true);
    expect(userMatches(u, 'nura')).toBe(false);
  });

  it('tells a lost connection, a missing right and a server fault apart', () => {
    const http = (status: number, message = 'x') => Object.assign(new Error(message), { status });
    expect(failure(new TypeError('Failed to fetch'))).toEqual({ key: 'network' });
    expect(failure(http(403))).toEqual({ key: 'forbidden' });
    expect(failure(http(401))).toEqual({ key: 'expired' });
    expect(failure(http(502))).toEqual({ key: 'server', status: 502 });
    expect(failure(http(400, 'name: too long'))).toEqual({ text: 'name: too long' });
  });

  it('makes the kiosk link the client takes (`/?token=`)', () => {
    expect(kioskUrl('https://sc.example.kz', 'a.b-c_d')).toBe('https://sc.example.kz/?token=a.b-c_d');
  });
});

describe('admin console texts', () => {
  const ru = new Map(leaves(messages.ru as unknown as Tree));
  const kk = new Map(leaves(messages.kk as unknown as Tree));
  const en = new Map(leaves(messages.en as unknown as Tree));

  it('has the same keys in ru, kk and en, none empty', () => {
    expect(ru.size).toBeGreaterThan(150);
    expect([...kk.keys()]).toEqual([...ru.keys()]);
    expect([...en.keys()]).toEqual([...ru.keys()]);
    for (const m of [ru, kk, en]) expect([...m].filter(([, v]) => !v.trim())).toEqual([]);
  });

  it('is Kazakh in kk, not Russian copied: the same text only for names and abbreviations', () => {
    const same = [...ru].filter(([k, v]) => kk.get(k) === v).map(([k]) => k);
    expect(same.sort()).toEqual(['admin.audit.actorPh', 'admin.dead.bytes', 'admin.dead.topic', 'admin.audit.fields.username', 'admin.audit.ip', 'admin.outbox.channels.sms', 'admin.roles.dispatcher', 'admin.roles.operator', 'admin.users.username'].sort());
    expect([...kk.values()].filter((v) => /[әғқңөұүһі]/i.test(v)).length).toBeGreaterThan(kk.size * 0.6);
  });

  it('keeps the placeholders of each text in every language', () => {
    const ph = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const [k, v] of ru) {
      expect(ph(kk.get(k)!), k).toEqual(ph(v));
      expect(ph(en.get(k)!), k).toEqual(ph(v));
    }
  });
});
