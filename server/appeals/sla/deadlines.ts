// Legal terms (Administrative Procedural Code of the RK, art. 76; BRIEF §3.4 — verify with counsel): an appeal is
// decided within 15 working days of receipt; a reasoned extension up to 2 months in total, the citizen notified
// within 3 working days; an appeal outside the body's competence is forwarded within 3 working days. Terms are a
// rule table: per category prefix and per appeal kind, the most specific rule wins.
import { calendar, type WorkCalendar } from './calendar';
import { sphereOf } from '../../../ingest/schema/taxonomy';

export interface TermRule {
  /** category id, `<sphere>.*` or `*` */
  category: string;
  kind?: 'appeal' | 'complaint' | 'proposal';
  /** working days to decide */
  decideDays: number;
  /** working days to an interim answer (or to forward an appeal outside competence) */
  interimDays: number;
  /** at most this many calendar months in total with an extension */
  maxExtensionMonths: number;
}

export const defaultTerms: TermRule[] = [
  { category: '*', decideDays: 15, interimDays: 3, maxExtensionMonths: 2 },
  // emergencies of life-support systems: the executor must act the same day and answer within 3 working days
  { category: 'heating.no_heat', decideDays: 3, interimDays: 1, maxExtensionMonths: 2 },
  { category: 'gas.leak', decideDays: 1, interimDays: 1, maxExtensionMonths: 1 },
  { category: 'water.main_leak', decideDays: 3, interimDays: 1, maxExtensionMonths: 2 },
  { category: 'water.open_manhole', decideDays: 2, interimDays: 1, maxExtensionMonths: 1 },
  { category: 'electricity.outage', decideDays: 3, interimDays: 1, maxExtensionMonths: 2 },
];

export function termFor(category: string, kind: string = 'appeal', rules: TermRule[] = defaultTerms): TermRule {
  const sphere = sphereOf(category) + '.*';
  const score = (r: TermRule) =>
    (r.category === category ? 4 : r.category === sphere ? 2 : r.category === '*' ? 1 : -100) + (r.kind === kind ? 1 : r.kind ? -100 : 0);
  return [...rules].sort((a, b) => score(b) - score(a))[0];
}

export interface Deadlines {
  dueAt: string;
  interimDueAt: string;
  maxExtendedAt: string;
}

export function deadlinesFor(registeredAt: Date, category: string, kind = 'appeal', cal: WorkCalendar = calendar, rules = defaultTerms): Deadlines {
  const t = termFor(category, kind, rules);
  const max = new Date(registeredAt);
  max.setUTCMonth(max.getUTCMonth() + t.maxExtensionMonths);
  return {
    dueAt: cal.addWorkingDays(registeredAt, t.decideDays).toISOString(),
    interimDueAt: cal.addWorkingDays(registeredAt, t.interimDays).toISOString(),
    maxExtendedAt: max.toISOString(),
  };
}
