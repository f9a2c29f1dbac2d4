// Live SLA clocks. For every open appeal: overdue when past its deadline; at risk when the predicted finish is
// past it. The prediction uses the executor's own record: its median time to answer this category (90 days),
// and the queue in front of the appeal at the executor's recent pace (answers per day over 7 days):
//   predicted = max(registered + median, now + rank_in_executor_queue / answers_per_day)
// (an executor with no answers on record: registered + median only). The whole pass is one UPDATE in the
// database — a big city has ~100k open appeals, which should not travel to the server every 30 s — and only
// appeals whose state changes are written and pushed; going overdue raises an alarm.
import type { Db } from '../dialects';
import type { LiveHub } from '../live/hub';
import type { AlarmEvent } from '../../ingest/schema';
import { toLive, toView } from './view';
import { findings } from './registry';

export const OPEN_STATUSES = ['registered', 'assigned', 'in_progress', 'interim_reply', 'extended', 'reopened', 'forwarded_competent_body'];

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

/** One pass of the SLA clock; returns how many appeals changed state. */
export async function slaPass(db: Db, hub: LiveHub, opts: { freshPace?: boolean } = {}): Promise<number> {
  const pace = await loadPace(db, opts.freshPace);
  const med = [...pace.median];
  const per = [...pace.perDay];
  const rows = await db.query<any>(
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
            WHERE a.status = ANY($6)),
          c AS (
            SELECT id, due, sla,
                   CASE WHEN per_day IS NULL THEN registered_at + med_ms * INTERVAL '1 millisecond'
                        ELSE greatest(registered_at + med_ms * INTERVAL '1 millisecond', now() + (rank / greatest(per_day, 0.5)) * INTERVAL '1 day') END AS predicted
            FROM o),
          d AS (
            SELECT id, predicted, CASE WHEN now() > due THEN 'overdue' WHEN predicted > due THEN 'at_risk' ELSE 'on_time' END AS new_sla FROM c)
     UPDATE appeal_state a SET sla = d.new_sla, predicted_at = d.predicted, rev = a.rev + 1, updated_at = now()
     FROM d WHERE a.id = d.id AND a.sla <> d.new_sla RETURNING a.*`,
    [med.map(([k]) => k.split('|')[0]), med.map(([k]) => k.split('|')[1]), med.map(([, v]) => v), per.map(([k]) => k), per.map(([, v]) => v), OPEN_STATUSES],
  );
  if (!rows.length) return 0;
  const now = new Date().toISOString();
  const alarms: AlarmEvent[] = rows
    .filter((r) => r.sla === 'overdue')
    .map((r) => ({ stream: 'alarms', id: `overdue:${r.id}`, ts: now, kind: 'overdue', severity: 'warning', district: r.district, category: r.category, appealId: r.id, message: `${r.number}: deadline missed (${r.executor_org})`, data: { number: r.number, org: r.executor_org } }));
  findings.inc({ detector: 'overdue' }, alarms.length);
  hub.publish([...rows.map((r) => toLive(toView(r, false))), ...alarms]);
  return rows.length;
}
