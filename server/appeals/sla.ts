// Live SLA clocks. For every open appeal: overdue when past its deadline; at risk when the predicted finish is
// past it. The prediction uses the executor's own record: its median time to answer this category (90 days),
// and the queue in front of the appeal at the executor's recent pace (answers per day over 7 days):
//   predicted = max(registered + median, now + rank_in_executor_queue / answers_per_day)
// (an executor with no answers on record: registered + median only).
//
// Two passes, each one UPDATE in the database (the open backlog never travels to the server), writing and pushing
// only appeals whose state changes; going overdue raises an alarm:
// - the deadline clock, every 30 s: open appeals past their deadline become overdue. It reads a partial index
//   that holds only open appeals not yet overdue, so its cost is the number that just went overdue, not the
//   size of the backlog;
// - the prediction, when the executors' pace is recomputed (every 5 min): at risk / on time for every open
//   appeal (and back from overdue when a deadline was extended). It ranks each executor's whole queue, so it
//   runs at the pace's own rhythm rather than every 30 s.
import type { Db } from '../dialects';
import type { LiveHub } from '../live/hub';
import type { AlarmEvent } from '../../ingest/schema';
import { toLive, toView } from './view';
import { findings } from './registry';
import { OPEN_STATUSES, OPEN_STATUSES_SQL } from './statuses';

export { OPEN_STATUSES };

export interface Pace {
  /** median ms from registration to answer, per `org|category` and per `org|*` */
  median: Map<string, number>;
  /** answers per day, per org */
  perDay: Map<string, number>;
}

let cached: { at: number; pace: Pace } | null = null;
const PACE_TTL_MS = 5 * 60_000;

/** The executors' pace; it changes slowly, so it is recomputed every few minutes. */
export async function loadPace(db: Db, fresh = false): Promise<Pace> {
  if (!fresh && cached && Date.now() - cached.at < PACE_TTL_MS) return cached.pace;
  const med = await db.query<any>(
    `SELECT executor_org, category, percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM answered_at - registered_at)) * 1000 AS ms
     FROM appeal_state WHERE answered_at > now() - INTERVAL '90 days' GROUP BY GROUPING SETS ((executor_org, category), (executor_org), (category), ())`,
  );
  const per = await db.query<any>(
    `SELECT executor_org, count(*) / 7.0 AS per_day FROM appeal_state WHERE answered_at > now() - INTERVAL '7 days' GROUP BY 1`,
  );
  const pace = {
    median: new Map(med.filter((r) => r.ms !== null).map((r) => [`${r.executor_org ?? '*'}|${r.category ?? '*'}`, Number(r.ms)])),
    perDay: new Map(per.map((r) => [r.executor_org, Number(r.per_day)])),
  };
  cached = { at: Date.now(), pace };
  return pace;
}

const paceDue = () => !cached || Date.now() - cached.at >= PACE_TTL_MS;

/**
 * One pass of the SLA clock; returns how many appeals changed state. The prediction runs when the pace is due
 * (or `freshPace`), the deadline clock otherwise.
 */
export async function slaPass(db: Db, hub: LiveHub, opts: { freshPace?: boolean } = {}): Promise<number> {
  const rows = opts.freshPace || paceDue() ? await predictPass(db, await loadPace(db, opts.freshPace)) : await deadlinePass(db);
  if (!rows.length) return 0;
  const now = new Date().toISOString();
  const alarms: AlarmEvent[] = rows
    .filter((r) => r.sla === 'overdue')
    .map((r) => ({ stream: 'alarms', id: `overdue:${r.id}`, ts: now, kind: 'overdue', severity: 'warning', district: r.district, category: r.category, appealId: r.id, message: `${r.number}: deadline missed (${r.executor_org})`, data: { number: r.number, org: r.executor_org } }));
  findings.inc({ detector: 'overdue' }, alarms.length);
  hub.publish([...rows.map((r) => toLive(toView(r, false))), ...alarms]);
  return rows.length;
}

/** Open appeals that passed their deadline since the last pass (through the partial index). */
function deadlinePass(db: Db): Promise<any[]> {
  return db.query<any>(
    `UPDATE appeal_state a SET sla = 'overdue', rev = a.rev + 1, updated_at = now()
     WHERE a.status IN (${OPEN_STATUSES_SQL}) AND a.sla <> 'overdue' AND coalesce(a.extended_until, a.due_at) < now()
     RETURNING a.*`,
  );
}

/**
 * Every open appeal's predicted finish against its deadline, one executor at a time: the rank is within an
 * executor's queue anyway, each UPDATE stays short, and a pause as long as the chunk took between chunks keeps
 * the pass from taking a whole core of the database away from ingest at once.
 */
async function predictPass(db: Db, pace: Pace): Promise<any[]> {
  const orgs = await db.query<{ org: string }>(
    // a skip scan over the (executor_org, status) index: the distinct executors without reading every row
    `WITH RECURSIVE o AS (
       (SELECT executor_org AS org FROM appeal_state WHERE executor_org IS NOT NULL ORDER BY executor_org LIMIT 1)
       UNION ALL
       SELECT (SELECT executor_org FROM appeal_state WHERE executor_org > o.org ORDER BY executor_org LIMIT 1) FROM o WHERE o.org IS NOT NULL)
     SELECT org FROM o WHERE org IS NOT NULL`,
  );
  const out: any[] = [];
  for (const org of [...orgs.map((o) => o.org), null]) {
    const t = Date.now();
    for (const r of await predictExecutor(db, pace, org)) out.push(r);
    const took = Date.now() - t;
    if (took > 20) await new Promise((r) => setTimeout(r, took));
  }
  return out;
}

/** The prediction for one executor's open appeals (`null`: appeals with no executor). */
function predictExecutor(db: Db, pace: Pace, org: string | null): Promise<any[]> {
  const med = [...pace.median];
  const per = [...pace.perDay];
  return db.query<any>(
    `WITH med(org, cat, ms) AS (SELECT * FROM unnest($1::text[], $2::text[], $3::float8[])),
          per(org, per_day) AS (SELECT * FROM unnest($4::text[], $5::float8[])),
          o AS (
            SELECT a.id, a.registered_at, coalesce(a.extended_until, a.due_at) AS due, a.sla,
                   coalesce(m1.ms, m2.ms, m3.ms, m4.ms, 0) AS med_ms, p.per_day,
                   row_number() OVER (PARTITION BY a.executor_org ORDER BY a.registered_at) - 1 AS rank
            FROM appeal_state a
            LEFT JOIN med m1 ON m1.org = a.executor_org AND m1.cat = a.category
            LEFT JOIN med m2 ON m2.org = a.executor_org AND m2.cat = '*'
            LEFT JOIN med m3 ON m3.org = '*' AND m3.cat = a.category
            LEFT JOIN med m4 ON m4.org = '*' AND m4.cat = '*'
            LEFT JOIN per p ON p.org = a.executor_org
            WHERE a.status = ANY($6) AND ${org === null ? 'a.executor_org IS NULL' : 'a.executor_org = $7'}),
          c AS (
            SELECT id, due, sla,
                   CASE WHEN per_day IS NULL THEN registered_at + med_ms * INTERVAL '1 millisecond'
                        ELSE greatest(registered_at + med_ms * INTERVAL '1 millisecond', now() + (rank / greatest(per_day, 0.5)) * INTERVAL '1 day') END AS predicted
            FROM o),
          d AS (
            SELECT id, predicted, CASE WHEN now() > due THEN 'overdue' WHEN predicted > due THEN 'at_risk' ELSE 'on_time' END AS new_sla FROM c)
     UPDATE appeal_state a SET sla = d.new_sla, predicted_at = d.predicted, rev = a.rev + 1, updated_at = now()
     FROM d WHERE a.id = d.id AND a.sla <> d.new_sla RETURNING a.*`,
    [med.map(([k]) => k.split('|')[0]), med.map(([k]) => k.split('|')[1]), med.map(([, v]) => v), per.map(([k]) => k), per.map(([, v]) => v), OPEN_STATUSES, ...(org === null ? [] : [org])],
  );
}
