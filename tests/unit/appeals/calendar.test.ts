import { describe, expect, it } from 'vitest';
import pino from 'pino';
import { WorkCalendar, type CalendarData } from '../../../server/appeals/sla/calendar';
import { deadlinesFor, termFor } from '../../../server/appeals/sla/deadlines';

const cal = new WorkCalendar();
const at = (local: string) => new Date(Date.parse(local + '+05:00'));

describe('Kazakhstan working-day calendar', () => {
  it('knows weekends and public holidays', () => {
    expect(cal.isWorkingDay('2026-11-23')).toBe(true); // Monday
    expect(cal.isWorkingDay('2026-11-28')).toBe(false); // Saturday
    expect(cal.isWorkingDay('2026-12-16')).toBe(false); // Independence Day (Wednesday)
    expect(cal.isWorkingDay('2026-03-23')).toBe(false); // Nauryz
    expect(cal.isWorkingDay('2026-05-27')).toBe(false); // Kurban Ait
  });

  it('moves a holiday that falls on a day off to the next working day', () => {
    // 2026-03-21 and 03-22 are Saturday and Sunday (Nauryz): 23 (Mon) is Nauryz itself, so 24 and 25 are off
    expect(cal.isWorkingDay('2026-03-24')).toBe(false);
    expect(cal.isWorkingDay('2026-03-25')).toBe(false);
    expect(cal.isWorkingDay('2026-03-26')).toBe(true);
    // 2027-01-02 is a Saturday → Monday 4 January is off
    expect(cal.isWorkingDay('2027-01-04')).toBe(false);
  });

  it('does not move a religious holiday that falls on a day off (Law on holidays, art. 5)', () => {
    // Kurban Ait 2027 is Sunday 16 May: Monday 17 May stays a working day
    expect(cal.isWorkingDay('2027-05-16')).toBe(false);
    expect(cal.isWorkingDay('2027-05-17')).toBe(true);
    // a deadline across it: received Friday 14 May 2027, 1 working day → Monday 17 May
    expect(cal.addWorkingDays(at('2027-05-14T10:00:00'), 1).toISOString()).toBe('2027-05-17T13:00:00.000Z');
    // Orthodox Christmas on a Sunday (7 January 2029; a calendar that covers 2029): Monday 8 January is working
    const c29 = new WorkCalendar({
      fixed: ['01-01', '01-02'],
      religious: { fixed: ['01-07'], byYear: { '2029': ['2029-04-24'] } },
      transfers: {},
    } satisfies CalendarData);
    expect(c29.isWorkingDay('2029-01-07')).toBe(false);
    expect(c29.isWorkingDay('2029-01-08')).toBe(true);
    // …whereas a state holiday on a day off still moves: 2028-01-01/02 are Saturday/Sunday → 3 and 4 Jan off
    expect(cal.isWorkingDay('2028-01-03')).toBe(false);
    expect(cal.isWorkingDay('2028-01-04')).toBe(false);
    expect(cal.isWorkingDay('2028-01-05')).toBe(true);
    // Independence Day 2029 is a Sunday → Monday 17 December off
    expect(cal.isWorkingDay('2028-12-18')).toBe(false); // 16 Dec 2028 is a Saturday → Monday 18 off
  });

  it('says which of the current and next year the data lacks, and warns in the log', () => {
    expect(cal.missingYears(at('2026-06-01T12:00:00'))).toEqual([]);
    expect(cal.missingYears(at('2027-12-31T23:30:00'))).toEqual([]);
    // 1 January 2028 local (still 31 December in UTC): the next year, 2029, is missing
    expect(cal.missingYears(new Date('2027-12-31T20:00:00Z'))).toEqual([2029]);
    expect(cal.missingYears(at('2030-02-01T12:00:00'))).toEqual([2030, 2031]);
    const lines: any[] = [];
    const log = pino({ level: 'warn' }, { write: (l: string) => lines.push(JSON.parse(l)) });
    expect(cal.warnIfIncomplete(log, at('2026-06-01T12:00:00'))).toEqual([]);
    expect(lines).toHaveLength(0);
    expect(cal.warnIfIncomplete(log, at('2028-03-01T12:00:00'))).toEqual([2029]);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 40, missingYears: [2029] });
    expect(lines[0].msg).toMatch(/calendar does not cover/);
  });

  it('applies decree transfers', () => {
    expect(cal.isWorkingDay('2025-01-03')).toBe(false); // Friday made a day off
    expect(cal.isWorkingDay('2025-01-05')).toBe(true); // Sunday made a working day
  });

  it('counts 15 working days from the day after receipt, ending 18:00 local', () => {
    // received Monday 23 Nov 2026 → 15 working days: 24..27 (4), 30 Nov..4 Dec (5), 7..11 (5), 14 Dec (1) = 14 Dec
    expect(cal.addWorkingDays(at('2026-11-23T10:00:00'), 15).toISOString()).toBe('2026-12-14T13:00:00.000Z');
    // across Independence Day (16 Dec, Wed): received 14 Dec → 3 working days = 15, 17, 18 → 18 Dec
    expect(cal.addWorkingDays(at('2026-12-14T09:00:00'), 3).toISOString()).toBe('2026-12-18T13:00:00.000Z');
    // received on Saturday counts from Monday
    expect(cal.addWorkingDays(at('2026-11-28T12:00:00'), 1).toISOString()).toBe('2026-11-30T13:00:00.000Z');
  });

  it('counts working days between two instants', () => {
    expect(cal.workingDaysBetween(at('2026-11-23T10:00:00'), at('2026-12-14T17:00:00'))).toBe(15);
  });
});

describe('legal terms', () => {
  it('uses the most specific rule', () => {
    expect(termFor('roads.repair').decideDays).toBe(15);
    expect(termFor('heating.no_heat').decideDays).toBe(3);
    expect(termFor('gas.leak').decideDays).toBe(1);
  });
  it('computes the deadline, the interim deadline and the extension limit', () => {
    const d = deadlinesFor(at('2026-11-23T10:00:00'), 'roads.repair');
    expect(d.dueAt).toBe('2026-12-14T13:00:00.000Z');
    expect(d.interimDueAt).toBe('2026-11-26T13:00:00.000Z');
    expect(d.maxExtendedAt).toBe('2027-01-23T05:00:00.000Z');
  });
});
