import { createI18n } from 'vue-i18n';
import { ref } from 'vue';
import ru from './ru';
import kk from './kk';
import en from './en';
import work from '../work/messages';
import resilience from '../resilience/messages';
import adminMessages from '../admin/messages';
import triage from '../triage/messages';
import citizen from '../citizen/messages';
import { categoryName as catName, districtName as distName, spheres, type DistrictNames } from './taxonomy';
import { formatDateTime, formatDay, formatDuration, formatNumber, formatTime, intlLocale, zoneLabel } from './format';

export const locales = ['ru', 'kk', 'en'] as const;
export type Locale = (typeof locales)[number];

const saved = (typeof localStorage !== 'undefined' && localStorage.getItem('sc.locale')) as Locale | null;
const initial: Locale = saved && locales.includes(saved) ? saved : 'ru';
// the page's language from the first render (screen readers, hyphenation, the browser's own translator)
if (typeof document !== 'undefined') document.documentElement.lang = initial;

/** Keys looked up and missing in the screen's language (the kk/en walk of the pages asserts none). */
export const missingKeys = new Set<string>();

export const i18n = createI18n({
  legacy: false,
  locale: initial,
  fallbackLocale: 'ru',
  messages: { ru, kk, en },
  missing: (locale, key) => {
    missingKeys.add(`${locale}:${key}`);
    if (typeof window !== 'undefined') ((window as unknown as { __i18nMissing?: string[] }).__i18nMissing ??= []).push(`${locale}:${key}`);
  },
});
for (const l of locales) i18n.global.mergeLocaleMessage(l, { work: work[l] });
for (const l of locales) i18n.global.mergeLocaleMessage(l, resilience[l]); // error/loading states, vehicles offline
for (const l of locales) i18n.global.mergeLocaleMessage(l, adminMessages[l]);
for (const l of locales) i18n.global.mergeLocaleMessage(l, { triage: triage[l] }); // the triage queue, the creator's own appeals
for (const l of locales) i18n.global.mergeLocaleMessage(l, { citizen: citizen[l] }); // the citizen's page, photos, the link's state

export function setLocale(l: Locale): void {
  i18n.global.locale.value = l;
  localStorage.setItem('sc.locale', l);
  document.documentElement.lang = l;
}

export function cycleLocale(): void {
  const i = locales.indexOf(i18n.global.locale.value as Locale);
  setLocale(locales[(i + 1) % locales.length]);
}

const lang = () => i18n.global.locale.value as Locale;

/**
 * The city's time zone (`/api/config` → `timeZone`): every time on every screen is shown on this clock, whatever
 * the browser's own zone. Null until the configuration is loaded (the header clock waits for it).
 */
export const cityZone = ref<string | null>(null);
export function setTimeZone(tz: string | null | undefined): void {
  if (tz) cityZone.value = tz;
}
const zone = () => cityZone.value ?? undefined;

export const categoryName = (id: string) => catName(id, lang());
export const districtName = (p: DistrictNames, short = false) => distName(p, lang(), short);
export { spheres };

/** In the screen's language and on the city's clock (reactive in templates and computeds). */
export const when = {
  time: (d: Date | string | number, seconds = false) => formatTime(new Date(d), lang(), seconds, zone()),
  day: (d: Date | string | number) => formatDay(new Date(d), lang(), zone()),
  dateTime: (d: Date | string | number | null | undefined) => (d ? formatDateTime(new Date(d), lang(), zone()) : '—'),
  /** the span from now to `d`, signed ("−2 h 5 min" when past) */
  until: (d: Date | string, now = Date.now()) => formatDuration(new Date(d).getTime() - now, lang()),
  duration: (ms: number) => formatDuration(ms, lang()),
  number: (n: number) => formatNumber(n, lang()),
  /** a fixed number of decimals, with the language's decimal sign ("0,92" / "0.92") */
  decimal: (n: number, digits = 2) => n.toLocaleString(intlLocale(lang()), { minimumFractionDigits: digits, maximumFractionDigits: digits }),
  zone: () => zoneLabel(zone()),
};
