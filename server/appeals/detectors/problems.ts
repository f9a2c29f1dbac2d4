// The rating of systemic city problems: places where the same problem keeps coming back — a first appeal with
// at least 3 repeats spread over at least 7 days. Monitored while any of them is open or a repeat came within
// 30 days; solved when all are closed and none came for 30 days.
import type { Db } from '../../dialects';
import type { LivePublish } from '../ports';
import { findings } from './findings';
import { upsertSystemic } from './store';

export const SYSTEMIC_MIN_REPEATS = 3;
export const SYSTEMIC_MIN_SPAN_DAYS = 7;

export async function systemicPass(db: Db, hub: LivePublish): Promise<number> {
  const rows = await upsertSystemic(db, SYSTEMIC_MIN_REPEATS, SYSTEMIC_MIN_SPAN_DAYS);
  const now = new Date().toISOString();
  const fresh = rows.filter((r) => r.inserted);
  findings.inc({ detector: 'systemic' }, fresh.length);
  if (fresh.length)
    hub.publish(
      fresh.map((r) => ({ stream: 'alarms' as const, id: `systemic:${r.id}`, ts: now, kind: 'systemic' as const, severity: 'warning' as const, district: r.district, category: r.category, message: `systemic problem: ${r.appeals} appeals about ${r.category} at one place`, data: { appeals: r.appeals } })),
    );
  return rows.length;
}
