// Numbers, times and dates in the screen's language. Browsers often lack Kazakh locale data (Chromium prints
// "M11 23, Mon"): then Kazakh uses the Russian formats (the same conventions in Kazakhstan) and its own day names.
type Locale = 'ru' | 'kk' | 'en';

const supported = (tag: string) => typeof Intl !== 'undefined' && Intl.DateTimeFormat.supportedLocalesOf(tag).length > 0;
const kkData = supported('kk-KZ');

/** The Intl locale for numbers and times. */
export function intlLocale(l: Locale): string {
  return l === 'en' ? 'en-GB' : l === 'kk' && kkData ? 'kk-KZ' : 'ru-RU';
}

const KK_DAYS = ['жс', 'дс', 'сс', 'ср', 'бс', 'жм', 'сб'];
const KK_MONTHS = ['қаңтар', 'ақпан', 'наурыз', 'сәуір', 'мамыр', 'маусым', 'шілде', 'тамыз', 'қыркүйек', 'қазан', 'қараша', 'желтоқсан'];

export function formatNumber(n: number, l: Locale): string {
  return n.toLocaleString(intlLocale(l));
}

export function formatTime(d: Date, l: Locale, seconds = false): string {
  return d.toLocaleTimeString(intlLocale(l), { hour: '2-digit', minute: '2-digit', ...(seconds ? { second: '2-digit' } : {}) });
}

/** "пн, 23 ноября" / "дс, 23 қараша" / "Mon 23 November" */
export function formatDay(d: Date, l: Locale): string {
  if (l === 'kk' && !kkData) return `${KK_DAYS[d.getDay()]}, ${d.getDate()} ${KK_MONTHS[d.getMonth()]}`;
  return d.toLocaleDateString(intlLocale(l), { weekday: 'short', day: 'numeric', month: 'long' });
}
