// Names, not ids: everything the screens show by an id — channels, organisations, districts, roles, actors,
// vehicles, detector reasons — as a name in the screen's language. An id nobody knows a name for is never shown
// raw: a neutral word ("—", "organisation") takes its place.
import { reactive } from 'vue';
import { channels } from '../../../ingest/schema/taxonomy';
import { channelsKk } from './channels-kk';
import { cityZone, i18n, setTimeZone, type Locale } from './index';
import type { CentreConfig } from '../../../ingest/schema';

const lang = () => i18n.global.locale.value as Locale;
const t = (key: string, named?: Record<string, unknown>) => (named ? i18n.global.t(key, named) : i18n.global.t(key));
const te = (key: string) => i18n.global.te(key, lang()) || i18n.global.te(key, 'ru');

interface Named {
  name_ru: string;
  name_kk?: string;
  name_en: string;
}
const pick = (n: Named, l: Locale) => (l === 'kk' ? (n.name_kk ?? n.name_ru) : l === 'en' ? n.name_en : n.name_ru);

const channelById = new Map(channels.map((c) => [c.id, c]));
export function channelName(id: string | null | undefined, l: Locale = lang()): string {
  const c = id ? channelById.get(id) : undefined;
  if (!c) return '—';
  return l === 'kk' ? (channelsKk[c.id] ?? c.name_ru) : pick(c, l);
}

/** What the client knows by id: the city's districts (from /api/config) and organisations (from /api/routing-rules). */
export const known = reactive({
  districts: new Map<string, Named>(),
  organisations: new Map<string, Named>(),
});

/** The configuration's part in names and clocks: district names and the city's time zone. */
export function applyConfig(c: Pick<CentreConfig, 'districts' | 'timeZone'>): void {
  known.districts = new Map(c.districts.features.map((f) => [f.properties.id, f.properties]));
  setTimeZone(c.timeZone);
}
export { cityZone };

export function setOrganisations(list: ({ id: string } & Named)[]): void {
  known.organisations = new Map(list.map((o) => [o.id, o]));
}

export function districtLabel(id: string | null | undefined, short = false, l: Locale = lang()): string {
  const d = id ? known.districts.get(id) : undefined;
  if (!d) return '—';
  const n = pick(d, l);
  return short ? n.replace(/^район\s+|\s+ауданы$|\s+District$/i, '') : n;
}

/** An organisation's name; an organisation the client cannot name is "—" (never its id). */
export function orgName(id: string | null | undefined, l: Locale = lang()): string {
  const o = id ? known.organisations.get(id) : undefined;
  return o ? pick(o, l) : '—';
}
export const orgKnown = (id: string | null | undefined) => !!id && known.organisations.has(id);

export function roleName(role: string | null | undefined): string {
  if (!role) return '';
  return te(`role.${role}`) ? t(`role.${role}`) : t('role.other');
}

/** Who did it: a person's login as is; the system, routing, the citizen, an Open311 client by name. */
export function actorName(actor: string | null | undefined): string {
  if (!actor) return '';
  if (actor === 'system') return t('actor.system');
  if (actor === 'system:routing') return t('actor.routing');
  if (actor === 'citizen') return t('actor.citizen');
  if (actor.startsWith('open311:')) return `${t('actor.open311')} ${actor.slice('open311:'.length)}`;
  // the simulator acts as an executor organisation (`sim:<org id>`) or as the citizen
  if (actor.startsWith('sim:')) return actor === 'sim:citizen' ? t('actor.citizen') : orgName(actor.slice(4));
  return actor;
}

/** A vehicle as its crew's kind and a short label: "снегоуборка · 0007" for `snowplow-0007`. */
export function vehicleLabel(id: string, kind?: string | null): string {
  let short = id.replace(/^sim-[^-]+-/, '');
  if (kind && short.startsWith(`${kind}-`)) short = short.slice(kind.length + 1);
  short = short.toUpperCase();
  const k = kind && te(`kinds.${kind}`) ? t(`kinds.${kind}`) : t('popup.vehicle');
  return `${k} · ${short}`;
}

/** A transition's reason: a person's words as written; the server's own (English) reasons in the language. */
export function eventReason(reason: string | null | undefined): string {
  if (!reason) return '';
  const days = /^no confirmation from the citizen in (\d+) days$/.exec(reason);
  return days ? t('timeline.noConfirmation', { n: days[1] }) : reason;
}

/**
 * A formal-reply detector's reason in the screen's language, by its code; the quoted phrases of the answer
 * (in the answer's own language) and the word count are taken from the English detail.
 */
export function reasonText(code: string, detail = ''): string {
  const quotes = detail.match(/«[^»]*»/g)?.join(', ') ?? '';
  const n = /(\d+) words/.exec(detail)?.[1] ?? '';
  const key = code === 'no_overlap_with_appeal' && quotes ? 'reason.low_overlap' : code === 'passive_promise' && / with a term/.test(detail) ? 'reason.dated_promise' : `reason.${code}`;
  return te(key) ? t(key, { q: quotes, n }) : t('reason.other');
}

// An organisation's head (the `manager` of an appeal) as organisations.json states it, in English.
const HEADS: Record<string, Record<Locale, string>> = {
  'Head of department': { ru: 'начальник управления', kk: 'басқарма басшысы', en: 'head of department' },
  'Head of police': { ru: 'начальник полиции', kk: 'полиция бастығы', en: 'head of police' },
  'Deputy akim for city services': { ru: 'заместитель акима по городскому хозяйству', kk: 'қала шаруашылығы жөніндегі әкім орынбасары', en: 'deputy akim for city services' },
  "Deputy head of the akim's office": { ru: 'заместитель руководителя аппарата акима', kk: 'әкім аппараты басшысының орынбасары', en: "deputy head of the akim's office" },
  'District akim': { ru: 'аким района', kk: 'аудан әкімі', en: 'district akim' },
  Director: { ru: 'директор', kk: 'директор', en: 'director' },
};
/** The head's title in the screen's language; a title not in the list is not shown in the wrong language. */
export function headTitle(head: string | null | undefined, l: Locale = lang()): string {
  if (!head) return '';
  return HEADS[head]?.[l] ?? (l === 'en' ? head : '');
}
