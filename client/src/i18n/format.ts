// Numbers, times, dates and durations in the screen's language, and every time on the city's clock.
// - One clock: times are shown in the city's time zone from `/api/config` (`timeZone`, e.g. Asia/Almaty), never in
//   the browser's own zone; `setTimeZone` is called once the configuration is loaded (client/src/i18n/zone.ts).
// - Kazakh: browsers often claim `kk-KZ` without carrying its data (Chromium prints "M12 2, Wed"), so Kazakh dates
//   are spelled here (day and month names), and its numbers and clock use the Russian conventions (the same in
//   Kazakhstan: 24-hour clock, space between thousands, decimal comma).
type Locale = 'ru' | 'kk' | 'en';

/** The Intl locale for numbers and times (Kazakh: see above). */
export function intlLocale(l: Locale): string {
  return l === 'en' ? 'en-GB' : 'ru-RU';
}

const KK_DAYS = ['жс', 'дс', 'сс', 'ср', 'бс', 'жм', 'сб'];
const KK_MONTHS = ['қаңтар', 'ақпан', 'наурыз', 'сәуір', 'мамыр', 'маусым', 'шілде', 'тамыз', 'қыркүйек', 'қазан', 'қараша', 'желтоқсан'];

export function formatNumber(n: number, l: Locale): string {
  return n.toLocaleString(intlLocale(l));
}

/** The parts of a moment on the wall clock of `timeZone` (undefined: the runtime's own zone). */
export function zoned(d: Date, timeZone?: string): { year: number; month: number; day: number; weekday: number; hour: number; minute: number; second: number } {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    weekday: 'short',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(d);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  const num = (t: string) => Number(get(t));
  return {
    year: num('year'),
    month: num('month'),
    day: num('day'),
    weekday: ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(get('weekday')),
    hour: num('hour') % 24,
    minute: num('minute'),
    second: num('second'),
  };
}

const two = (n: number) => String(n).padStart(2, '0');

/** "14:05" or "14:05:09" on the city's clock (24-hour in every language of the centre). */
export function formatTime(d: Date, _l: Locale, seconds = false, timeZone?: string): string {
  const z = zoned(d, timeZone);
  return `${two(z.hour)}:${two(z.minute)}${seconds ? `:${two(z.second)}` : ''}`;
}

/** "ср, 2 декабря" / "ср, 2 желтоқсан" / "Wed 2 December" */
export function formatDay(d: Date, l: Locale, timeZone?: string): string {
  if (l === 'kk') {
    const z = zoned(d, timeZone);
    return `${KK_DAYS[z.weekday]}, ${z.day} ${KK_MONTHS[z.month - 1]}`;
  }
  return d.toLocaleDateString(intlLocale(l), { timeZone, weekday: 'short', day: 'numeric', month: 'long' });
}

/** A day and a time, compact: "02.12 14:05" (ru, kk) / "02/12 14:05" (en); the year only when it is not this one. */
export function formatDateTime(d: Date, l: Locale, timeZone?: string, now = new Date()): string {
  const z = zoned(d, timeZone);
  const sep = l === 'en' ? '/' : '.';
  const year = z.year !== zoned(now, timeZone).year ? `${sep}${z.year}` : '';
  return `${two(z.day)}${sep}${two(z.month)}${year} ${two(z.hour)}:${two(z.minute)}`;
}

const UNITS: Record<Locale, { d: string; h: string; m: string }> = {
  ru: { d: 'д', h: 'ч', m: 'мин' },
  kk: { d: 'к', h: 'сағ', m: 'мин' },
  en: { d: 'd', h: 'h', m: 'min' },
};

/** A span, compact and signed: "4 д 22 ч" / "4 к 22 сағ" / "4 d 22 h"; "−2 h 5 min" when it is past. */
export function formatDuration(ms: number, l: Locale): string {
  const u = UNITS[l];
  const a = Math.abs(ms);
  const d = Math.floor(a / 86400_000);
  const h = Math.floor((a % 86400_000) / 3600_000);
  const m = Math.floor((a % 3600_000) / 60_000);
  const s = d ? `${d} ${u.d} ${h} ${u.h}` : h ? `${h} ${u.h} ${m} ${u.m}` : `${m} ${u.m}`;
  return ms >= 0 ? s : `−${s}`;
}

/** The zone's offset from UTC at that moment: "UTC+5", "UTC", "UTC−3:30". */
export function zoneLabel(timeZone: string | undefined, d = new Date()): string {
  const z = zoned(d, timeZone);
  const asUtc = Date.UTC(z.year, z.month - 1, z.day, z.hour, z.minute, z.second);
  const min = Math.round((asUtc - Math.floor(d.getTime() / 1000) * 1000) / 60_000);
  if (!min) return 'UTC';
  const a = Math.abs(min);
  return `UTC${min > 0 ? '+' : '−'}${Math.floor(a / 60)}${a % 60 ? `:${two(a % 60)}` : ''}`;
}
