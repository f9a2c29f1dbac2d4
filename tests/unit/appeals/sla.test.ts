import { describe, expect, it } from 'vitest';
import { classify, type OpenAppeal, type Pace } from '../../../server/appeals/sla';

const DAY = 86400_000;
const now = Date.parse('2026-11-23T10:00:00Z');
const ap = (id: string, org: string, regDaysAgo: number, dueInDays: number): OpenAppeal => ({
  id,
  executor_org: org,
  category: 'roads.repair',
  registered_at: new Date(now - regDaysAgo * DAY).toISOString(),
  due_at: new Date(now + dueInDays * DAY).toISOString(),
  extended_until: null,
  sla: 'on_time',
});

describe('SLA clocks', () => {
  it('flags overdue appeals', () => {
    const r = classify([ap('a', 'org', 30, -1)], { median: new Map(), perDay: new Map() }, now);
    expect(r.get('a')!.sla).toBe('overdue');
  });

  it('predicts a breach from the executor historical speed', () => {
    const pace: Pace = { median: new Map([['slow|roads.repair', 20 * DAY], ['fast|roads.repair', 2 * DAY]]), perDay: new Map([['slow', 50], ['fast', 50]]) };
    const r = classify([ap('s', 'slow', 1, 10), ap('f', 'fast', 1, 10)], pace, now);
    expect(r.get('s')!.sla).toBe('at_risk');
    expect(r.get('f')!.sla).toBe('on_time');
  });

  it('predicts a breach from the backlog in front of the appeal', () => {
    // 100 older open appeals, 5 answers a day → the last one waits ~20 days, past its 10-day deadline
    const open = Array.from({ length: 101 }, (_, i) => ap(`q${i}`, 'busy', 10 - i * 0.05, 10));
    const r = classify(open, { median: new Map([['busy|*', DAY]]), perDay: new Map([['busy', 5]]) }, now);
    expect(r.get('q0')!.sla).toBe('on_time');
    expect(r.get('q100')!.sla).toBe('at_risk');
  });

  it('an extension moves the deadline', () => {
    const a = { ...ap('e', 'org', 30, -1), extended_until: new Date(now + 20 * DAY).toISOString() };
    expect(classify([a], { median: new Map(), perDay: new Map() }, now).get('e')!.sla).not.toBe('overdue');
  });
});
