import { createI18n } from 'vue-i18n';
import ru from './ru';
import kk from './kk';
import en from './en';
import adminMessages from '../admin/messages';
import { categoryName as catName, districtName as distName, spheres, type DistrictNames } from './taxonomy';

export const locales = ['ru', 'kk', 'en'] as const;
export type Locale = (typeof locales)[number];

const saved = (typeof localStorage !== 'undefined' && localStorage.getItem('sc.locale')) as Locale | null;

export const i18n = createI18n({
  legacy: false,
  locale: saved && locales.includes(saved) ? saved : 'ru',
  fallbackLocale: 'ru',
  messages: { ru, kk, en },
});
for (const l of locales) i18n.global.mergeLocaleMessage(l, adminMessages[l]);

export function setLocale(l: Locale): void {
  i18n.global.locale.value = l;
  localStorage.setItem('sc.locale', l);
  document.documentElement.lang = l;
}

export function cycleLocale(): void {
  const i = locales.indexOf(i18n.global.locale.value as Locale);
  setLocale(locales[(i + 1) % locales.length]);
}

export const categoryName = (id: string) => catName(id, i18n.global.locale.value as Locale);
export const districtName = (p: DistrictNames, short = false) => distName(p, i18n.global.locale.value as Locale, short);
export { spheres };
