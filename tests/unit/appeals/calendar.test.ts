import { describe, expect, it } from 'vitest';
import { WorkCalendar } from '../../../server/appeals/calendar';
import { deadlinesFor, termFor } from '../../../server/appeals/deadlines';

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
