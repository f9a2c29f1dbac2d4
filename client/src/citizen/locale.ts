// The citizen's language: `?lang=` in the link, else the one picked on this device before (the page's own picker,
// the same saved choice as the staff screens'), else the browser's (navigator.languages: kk-KZ → kk), else Russian.
import { i18n, locales, setLocale, type Locale } from '../i18n';

const KEY = 'sc.locale';

/** The first of the browser's languages the page speaks (by primary subtag), or null. */
export function fromBrowser(languages: readonly string[]): Locale | null {
  for (const tag of languages) {
    const primary = tag.toLowerCase().split(/[-_]/)[0];
    // Kazakh is sometimes announced by the script subtag alone on older phones
    const l = (primary === 'kz' ? 'kk' : primary) as Locale;
    if (locales.includes(l)) return l;
  }
  return null;
}

export function citizenLocale(query: string | null | undefined, saved: string | null | undefined, languages: readonly string[]): Locale {
  const ok = (v: string | null | undefined): v is Locale => !!v && (locales as readonly string[]).includes(v);
  if (ok(query)) return query;
  if (ok(saved)) return saved;
  return fromBrowser(languages) ?? 'ru';
}

/** Shows the page in `l` (the `<html lang>` too); `remember` keeps the citizen's own pick on this device. */
export function useCitizenLocale(l: Locale, remember = false): void {
  if (remember) {
    try {
      setLocale(l);
      return;
    } catch {
      /* private mode: the pick lasts for this page */
    }
  }
  i18n.global.locale.value = l;
  document.documentElement.lang = l;
}

export function savedCitizenLocale(): string | null {
  try {
    return localStorage.getItem(KEY);
  } catch {
    return null;
  }
}
