// The SLA clock's SQL (see clock.ts for what the passes do): the executors' pace, the appeals that just went
// overdue, the executors with open appeals (a skip scan), and one chunk of an executor's queue re-predicted in
// the database. Every predicate on open appeals says OPEN_STATUSES_SQL, so that it reads the partial indexes of
// migration 004.
import type { Db } from '../../dialects';
import type { AppealRow } from '../store';
import { OPEN_STATUSES_SQL } from '../lifecycle';

export interface Pace {
  /** median ms from registration to answer, per `org|category` and per `org|*` */
  median: Map<string, number>;
  /** answers per day, per org */
  perDay: Map<string, number>;
}

/** The executors' pace, read afresh by each prediction pass (every 5 min: it changes slowly). */
export async function loadPace(db: Db): Promise<Pace> {
  const med = await db.query<{ executor_org: string | null; category: string | null; ms: number | null }>(
    `SELECT executor_org, category, percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM answered_at - registered_at)) * 1000 AS ms
     FROM appeal_state WHERE answered_at > now() - INTERVAL '90 days' GROUP BY GROUPING SETS ((executor_org, category), (executor_org), (category), ())`,
  );
  const per = await db.query<{ executor_org: string; per_day: number | string }>(
    `SELECT executor_org, count(*) / 7.0 AS per_day FROM appeal_state WHERE answered_at > now() - INTERVAL '7 days' GROUP BY 1`,
  );
  return {
    median: new Map(med.filter((r) => r.ms !== null).map((r) => [`${r.executor_org ?? '*'}|${r.category ?? '*'}`, Number(r.ms)])),
    perDay: new Map(per.map((r) => [r.executor_org, Number(r.per_day)])),
  };
}

/** Open appeals that passed their deadline since the last pass (through the partial index). */
export function deadlineRows(db: Db): Promise<AppealRow[]> {
  return db.query<AppealRow>(
    `UPDATE appeal_state a SET sla = 'overdue', rev = a.rev + 1, updated_at = now()
     WHERE a.status IN (${OPEN_STATUSES_SQL}) AND a.sla <> 'overdue' AND coalesce(a.extended_until, a.due_at) < now()
     RETURNING a.*`,
  );
}

export const PREDICT_CHUNK = 20_000;

/** The executors with open appeals: a skip scan over the index `appeal_state_open_queue`, not every row. */
export async function executors(db: Db): Promise<string[]> {
  const rows = await db.query<{ org: string }>(
    `WITH RECURSIVE o AS (
       (SELECT executor_org AS org FROM appeal_state WHERE status IN (${OPEN_STATUSES_SQL}) AND executor_org IS NOT NULL ORDER BY executor_org LIMIT 1)
       UNION ALL
       SELECT (SELECT executor_org FROM appeal_state WHERE status IN (${OPEN_STATUSES_SQL}) AND executor_org > o.org ORDER BY executor_org LIMIT 1) FROM o WHERE o.org IS NOT NULL)
     SELECT org FROM o WHERE org IS NOT NULL`,
  );
  return rows.map((r) => r.org);
}

/**
 * One chunk of an executor's open queue (`null`: appeals with no executor), in order of registration after
 * `after`; `rank0` appeals stand before it. Returns the appeals whose state changed, and where the next chunk
 * starts (none after the last).
 */
export async function predictChunk(db: Db, pace: Pace, org: string | null, after: { at: string; id: string } | null, rank0: number, size: number): Promise<{ changed: AppealRow[]; next: { at: string; id: string } | null }> {
  const params: unknown[] = [];
  const p = (v: unknown) => (params.push(v), `$${params.length}`);
  const queue = `a.status IN (${OPEN_STATUSES_SQL}) AND ${org === null ? 'a.executor_org IS NULL' : `a.executor_org = ${p(org)}`}`;
  const from = after ? ` AND (a.registered_at, a.id) > (${p(after.at)}::timestamptz, ${p(after.id)}::text)` : '';
  // the chunk's last appeal: `size` entries along the index
  const [end] = await db.query<{ at: string; id: string }>(
    `SELECT a.registered_at::text AS at, a.id FROM appeal_state a WHERE ${queue}${from} ORDER BY a.registered_at, a.id OFFSET ${Math.max(0, Math.floor(size) - 1)} LIMIT 1`,
    [...params],
  );
  const upto = end ? ` AND (a.registered_at, a.id) <= (${p(end.at)}::timestamptz, ${p(end.id)}::text)` : '';
  const med = [...pace.median].filter(([k]) => k.startsWith(`${org ?? '*'}|`) || k.startsWith('*|'));
  const per = org !== null ? pace.perDay.get(org) : undefined;
  const changed = await db.query<AppealRow>(
    `WITH med(org, cat, ms) AS (SELECT * FROM unnest(${p(med.map(([k]) => k.split('|')[0]))}::text[], ${p(med.map(([k]) => k.split('|')[1]))}::text[], ${p(med.map(([, v]) => v))}::float8[])),
          o AS (
            SELECT a.id, a.registered_at, coalesce(a.extended_until, a.due_at) AS due,
                   coalesce(m1.ms, m2.ms, m3.ms, m4.ms, 0) AS med_ms,
                   ${p(rank0)}::int8 + row_number() OVER (ORDER BY a.registered_at, a.id) - 1 AS rank
            FROM appeal_state a
            LEFT JOIN med m1 ON m1.org = a.executor_org AND m1.cat = a.category
            LEFT JOIN med m2 ON m2.org = a.executor_org AND m2.cat = '*'
            LEFT JOIN med m3 ON m3.org = '*' AND m3.cat = a.category
            LEFT JOIN med m4 ON m4.org = '*' AND m4.cat = '*'
            WHERE ${queue}${from}${upto}),
          c AS (
            SELECT id, due,
                   ${per === undefined ? `registered_at + med_ms * INTERVAL '1 millisecond'` : `greatest(registered_at + med_ms * INTERVAL '1 millisecond', now() + (rank / greatest(${p(per)}::float8, 0.5)) * INTERVAL '1 day')`} AS predicted
            FROM o),
          d AS (
            SELECT id, predicted, CASE WHEN now() > due THEN 'overdue' WHEN predicted > due THEN 'at_risk' ELSE 'on_time' END AS new_sla FROM c)
     UPDATE appeal_state a SET sla = d.new_sla, predicted_at = d.predicted, rev = a.rev + 1, updated_at = now()
     FROM d WHERE a.id = d.id AND a.sla <> d.new_sla RETURNING a.*`,
    params,
  );
  // the boundary as text at full (microsecond) precision, so that the next chunk starts exactly after it
  return { changed, next: end ? { at: end.at, id: end.id } : null };
}
