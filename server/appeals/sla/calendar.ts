// Working days in Kazakhstan: weekends, public holidays, and days transferred by government decree. Law "On
// holidays in the Republic of Kazakhstan", art. 5: a national or state holiday on a day off makes the next working
// day a day off; a religious holiday (Orthodox Christmas, Kurban Ait) on a day off is not moved. Dates are local
// (Asia/Almaty, UTC+5, no DST); deadlines fall at the end of the local working day. The data covers the years
// whose Kurban Ait date it lists: `missingYears` says when the current or next year is not covered.
import type { Logger } from 'pino';
import data from '../data/kz-calendar.json';

export const TZ_OFFSET_MS = 5 * 3600_000;

export interface CalendarData {
  /** national and state holidays, `MM-DD`: moved to the next working day when on a day off */
  fixed: string[];
  /** religious holidays that are days off: never moved */
  religious: { fixed: string[]; byYear: Record<string, string[]> };
  transfers: Record<string, { extraDaysOff: string[]; workingDays: string[] }>;
}

const day = (d: Date) => d.toISOString().slice(0, 10);
const addDays = (iso: string, n: number) => day(new Date(Date.parse(iso + 'T00:00:00Z') + n * 86400_000));
const weekday = (iso: string) => new Date(iso + 'T00:00:00Z').getUTCDay(); // 0 Sun … 6 Sat

export class WorkCalendar {
  private off = new Map<number, Set<string>>();
  constructor(private d: CalendarData = data as CalendarData) {}

  /** Days off of a year besides weekends: holidays, their substitutes, decree transfers. */
  private daysOff(year: number): Set<string> {
    let s = this.off.get(year);
    if (s) return s;
    s = new Set<string>();
    const religious = new Set([...this.d.religious.fixed.map((md) => `${year}-${md}`), ...(this.d.religious.byYear[year] ?? [])]);
    const holidays = [...this.d.fixed.map((md) => `${year}-${md}`), ...religious].sort();
    for (const h of holidays) {
      s.add(h);
      const w = weekday(h);
      // art. 5: national and state holidays move off a weekend, religious ones do not
      if ((w === 0 || w === 6) && !religious.has(h)) {
        // moved to the next working day that is not already off
        let next = addDays(h, 1);
        while (weekday(next) === 0 || weekday(next) === 6 || s.has(next) || holidays.includes(next)) next = addDays(next, 1);
        s.add(next);
      }
    }
    for (const x of this.d.transfers[year]?.extraDaysOff ?? []) s.add(x);
    this.off.set(year, s);
    return s;
  }

  /** Years the data covers: those whose religious holidays (Kurban Ait) are listed. */
  years(): number[] {
    return Object.keys(this.d.religious.byYear).map(Number).sort((a, b) => a - b);
  }

  /** The current (local) year and the next one, those of them the data does not cover. */
  missingYears(now = new Date()): number[] {
    const y = Number(this.localDate(now).slice(0, 4));
    const have = new Set(this.years());
    return [y, y + 1].filter((x) => !have.has(x));
  }

  /** Logs a warning when the current or next year is missing; returns the missing years. */
  warnIfIncomplete(log: Logger, now = new Date()): number[] {
    const missing = this.missingYears(now);
    if (missing.length)
      log.warn(
        { missingYears: missing, covered: this.years(), file: 'server/appeals/data/kz-calendar.json' },
        'working-day calendar does not cover these years: deadlines there ignore Kurban Ait and decree transfers; add them to the data file',
      );
    return missing;
  }

  isWorkingDay(iso: string): boolean {
    const y = Number(iso.slice(0, 4));
    if ((this.d.transfers[y]?.workingDays ?? []).includes(iso)) return true;
    const w = weekday(iso);
    return w !== 0 && w !== 6 && !this.daysOff(y).has(iso);
  }

  /** Local calendar date of an instant. */
  localDate(at: Date): string {
    return day(new Date(at.getTime() + TZ_OFFSET_MS));
  }

  /**
   * The deadline `n` working days after `from`: the end (18:00 local) of the n-th working day after the day of
   * receipt (the day of receipt itself does not count).
   */
  addWorkingDays(from: Date, n: number): Date {
    let d = this.localDate(from);
    let left = n;
    while (left > 0) {
      d = addDays(d, 1);
      if (this.isWorkingDay(d)) left--;
    }
    return new Date(Date.parse(d + 'T18:00:00Z') - TZ_OFFSET_MS);
  }

  /** Working days between two instants (whole local days after `from` up to and including `to`'s day). */
  workingDaysBetween(from: Date, to: Date): number {
    let d = this.localDate(from);
    const end = this.localDate(to);
    let n = 0;
    while (d < end) {
      d = addDays(d, 1);
      if (this.isWorkingDay(d)) n++;
    }
    return n;
  }
}

export const calendar = new WorkCalendar();
