// The rating of systemic city problems: places where the same problem keeps coming back — a first appeal with
// at least 3 repeats spread over at least 7 days. Monitored while any of them is open or a repeat came within
// 30 days; solved when all are closed and none came for 30 days.
import type { Db } from '../../dialects';
import type { LiveHub } from '../../live/hub';
import { findings } from '../intake/registry';
import { unresolvedStatuses } from '../../../ingest/schema';

export const SYSTEMIC_MIN_REPEATS = 3;
export const SYSTEMIC_MIN_SPAN_DAYS = 7;

export async function systemicPass(db: Db, hub: LiveHub): Promise<number> {
  const rows = await db.query<any>(
    `WITH chains AS (
       SELECT coalesce(repeat_of, id) AS root, count(*) AS n,
              count(*) FILTER (WHERE status = ANY($1)) AS open_n,
              min(registered_at) AS first_at, max(registered_at) AS last_at
       FROM appeal_state WHERE registered_at > now() - INTERVAL '365 days' GROUP BY 1)
     INSERT INTO systemic_problems (id, category, district, lat, lon, address, first_at, last_at, appeals, open_appeals, status, updated_at)
     SELECT c.root, r.category, r.district, r.lat, r.lon, r.address, c.first_at, c.last_at, c.n, c.open_n,
            CASE WHEN c.open_n = 0 AND c.last_at < now() - INTERVAL '30 days' THEN 'solved' ELSE 'monitored' END, now()
     FROM chains c JOIN appeal_state r ON r.id = c.root
     WHERE c.n >= $2 + 1 AND c.last_at - c.first_at >= make_interval(days => $3)
     ON CONFLICT (id) DO UPDATE SET last_at = EXCLUDED.last_at, appeals = EXCLUDED.appeals, open_appeals = EXCLUDED.open_appeals,
       status = EXCLUDED.status, updated_at = now()
       WHERE systemic_problems.appeals <> EXCLUDED.appeals OR systemic_problems.status <> EXCLUDED.status OR systemic_problems.open_appeals <> EXCLUDED.open_appeals
     RETURNING id, category, district, appeals, status, (xmax = 0) AS inserted`,
    [unresolvedStatuses, SYSTEMIC_MIN_REPEATS, SYSTEMIC_MIN_SPAN_DAYS],
  );
  const now = new Date().toISOString();
  const fresh = rows.filter((r) => r.inserted);
  findings.inc({ detector: 'systemic' }, fresh.length);
  if (fresh.length)
    hub.publish(
      fresh.map((r) => ({ stream: 'alarms' as const, id: `systemic:${r.id}`, ts: now, kind: 'systemic' as const, severity: 'warning' as const, district: r.district, category: r.category, message: `systemic problem: ${r.appeals} appeals about ${r.category} at one place`, data: { appeals: r.appeals } })),
    );
  return rows.length;
}
