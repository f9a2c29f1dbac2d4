// The detectors' SQL: appeals per hour × category × district (spikes), and the upsert of systemic problems.
import type { Db } from '../../dialects';
import { unresolvedStatuses } from '../../../ingest/schema';
import type { Ts } from '../store';

/** Appeals per hour, category and district: of this hour (`current`), or of the `weeks` weeks before it. */
export async function hourCounts(db: Db, range: 'current' | { weeks: number }): Promise<{ h: Ts; category: string; district: string; n: number }[]> {
  const [from, to, params]: [string, string, unknown[]] =
    range === 'current'
      ? [`date_trunc('hour', now())`, `now() + INTERVAL '1 hour'`, []]
      : [`date_trunc('hour', now()) - make_interval(weeks => $1)`, `date_trunc('hour', now())`, [range.weeks]];
  const rows = await db.query<{ h: Ts; category: string; district: string; n: number | string }>(
    `SELECT date_trunc('hour', registered_at) AS h, category, district, count(*)::int AS n FROM appeal_state
       WHERE registered_at >= ${from} AND registered_at < ${to} AND district IS NOT NULL GROUP BY 1, 2, 3`,
    params,
  );
  return rows.map((r) => ({ ...r, n: Number(r.n) }));
}

/** When the first appeal was registered (null: none yet). */
export async function firstRegistered(db: Db): Promise<Ts | null> {
  const [{ first }] = await db.query<{ first: Ts | null }>(`SELECT min(registered_at) AS first FROM appeal_state`);
  return first;
}

/** A systemic problem the pass wrote: new (`inserted`) or changed. */
export interface SystemicChange {
  id: string;
  category: string;
  district: string | null;
  appeals: number;
  status: 'monitored' | 'solved';
  inserted: boolean;
}

/**
 * Upserts the systemic problems: chains (a first appeal and its repeats, 365 days) of more than `minRepeats`
 * repeats spread over at least `minSpanDays`; returns the problems that are new or changed.
 */
export function upsertSystemic(db: Db, minRepeats: number, minSpanDays: number): Promise<SystemicChange[]> {
  return db.query<SystemicChange>(
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
    [unresolvedStatuses, minRepeats, minSpanDays],
  );
}
