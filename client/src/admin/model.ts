// Pure helpers of the admin console: roles, validation beside the field, passwords, the city's time, names.
import { intlLocale, zoneLabel as formatZoneLabel } from '../i18n/format';
import { cityZone } from '../i18n';

export type Locale = 'ru' | 'kk' | 'en';

/** The server's roles (server/auth/roles.ts; a unit test keeps the two lists equal). */
export const roles = ['operator', 'dispatcher', 'crew', 'executor', 'department_head', 'deputy_akim', 'akim', 'centre_head', 'analyst', 'wall_screen', 'admin'] as const;

/** The city's zone (from /api/config; Astana's until it is loaded): every time in the console is shown and entered in it. */
export const cityZoneNow = (): string => cityZone.value ?? 'Asia/Almaty';

/** A message key (under `admin.invalid`) for what is wrong with the field, or null. Mirrors the server's rules. */
export function checkUsername(v: string): string | null {
  if (!v) return 'required';
  return /^[a-z0-9._-]{3,40}$/.test(v) ? null : 'username';
}
export function checkPassword(v: string): string | null {
  if (!v) return 'required';
  if (v.length < 10) return 'passwordShort';
  return v.length > 200 ? 'tooLong' : null;
}
export function checkName(v: string, max = 100): string | null {
  if (!v.trim()) return 'required';
  return v.length > max ? 'tooLong' : null;
}

const ALPHABET = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789'; // no l, o, I, O, 0, 1

/** A random password (16 characters from a 56-letter alphabet, ~93 bits), for a new account or a reset. */
export function generatePassword(length = 16, random: (n: number) => Uint32Array = (n) => crypto.getRandomValues(new Uint32Array(n))): string {
  const r = random(length);
  let s = '';
  for (let i = 0; i < length; i++) s += ALPHABET[r[i] % ALPHABET.length];
  return s;
}

/** The zone's offset from UTC at an instant, in minutes (Asia/Almaty: +300). */
export function zoneOffset(at: Date, zone = cityZoneNow()): number {
  const name = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' }).formatToParts(at).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const m = /GMT([+-])(\d{2}):?(\d{2})?/.exec(name);
  return m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3] ?? 0)) : 0;
}

/** `<input type="datetime-local">`'s value, read as the city's wall time → an ISO instant with offset. */
export function cityInputToIso(v: string, zone = cityZoneNow()): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(v);
  if (!m) return undefined;
  const asUtc = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5]);
  const off = zoneOffset(new Date(asUtc), zone);
  return new Date(asUtc - off * 60_000).toISOString();
}

/** "03.12.2026, 12:27" in the city's zone, in the screen's language. */
export function formatAt(iso: string | null | undefined, l: Locale, zone = cityZoneNow()): string {
  if (!iso) return '—';
  return new Date(iso).toLocaleString(intlLocale(l), { timeZone: zone, day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit' });
}

/** "UTC+5" for the zone's current offset. */
export function zoneLabel(zone = cityZoneNow(), at = new Date()): string {
  return formatZoneLabel(zone, at);
}

export interface Named { name_ru: string; name_en: string; name_kk?: string | null }
/** A name in the screen's language (Kazakh falls back to Russian where the data has no Kazakh name yet). */
export function nameIn(n: Named, l: Locale): string {
  return l === 'en' ? n.name_en : l === 'kk' ? (n.name_kk ?? n.name_ru) : n.name_ru;
}

/** The message key (under `admin.audit.actions`) of an audit action, and for appeal steps the step's name. */
export function auditActionKey(action: string): { key: string; step?: string } {
  const known = ['auth.login', 'auth.login_failed', 'auth.login_failed_unknown', 'user.create', 'user.update', 'user.delete', 'wall_token.create', 'wall_token.revoke', 'open311_key.create', 'open311_key.revoke', 'routing.update', 'routing.rule.create', 'routing.rule.update', 'routing.rule.delete', 'organisation.create', 'organisation.update', 'personal.view', 'appeal.create', 'appeal.photo'];
  if (known.includes(action)) return { key: action.replace(/\./g, '_') };
  if (action.startsWith('appeal.')) return { key: 'appeal_step', step: action.slice(7) };
  return { key: '' };
}

/** The action groups the audit filter offers (the server matches `action` as a prefix). */
export const auditActionGroups = [
  { key: 'auth', prefix: 'auth.' },
  { key: 'user', prefix: 'user.' },
  { key: 'wall_token', prefix: 'wall_token.' },
  { key: 'open311_key', prefix: 'open311_key.' },
  { key: 'routing', prefix: 'routing.' },
  { key: 'organisation', prefix: 'organisation.' },
  { key: 'personal', prefix: 'personal.view' },
  { key: 'appeal', prefix: 'appeal.' },
] as const;

/** Does the user match the search text (username or display name, any case)? */
export function userMatches(u: { username: string; displayName: string | null }, q: string): boolean {
  const s = q.trim().toLowerCase();
  return !s || u.username.toLowerCase().includes(s) || (u.displayName ?? '').toLowerCase().includes(s);
}

/** What a failed call means for a person: no connection, no right, the server's fault, or the server's own words. */
export function failure(e: unknown): { key: 'network' | 'forbidden' | 'server' | 'expired'; status?: number } | { text: string } {
  const status = typeof e === 'object' && e !== null && 'status' in e ? Number((e as { status: unknown }).status) : undefined;
  if (status === undefined) return e instanceof TypeError ? { key: 'network' } : { text: String((e as Error)?.message ?? e) };
  if (status === 401) return { key: 'expired' };
  if (status === 403) return { key: 'forbidden' };
  if (status >= 500) return { key: 'server', status };
  return { text: String((e as Error).message) };
}
