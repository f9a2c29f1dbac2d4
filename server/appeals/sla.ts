// Live SLA clocks. For every open appeal: overdue when past its deadline; at risk when the predicted finish is
// past it. The prediction uses the executor's own record: its median time to answer this category (90 days),
// and the queue in front of the appeal at the executor's recent pace (answers per day over 7 days). A changed
// SLA state is written and pushed at once; going overdue raises an alarm.
import type { Db } from '../dialects';
import type { LiveHub } from '../live/hub';
import type { AlarmEvent } from '../../ingest/schema';
import { toLive, toView } from './view';

export const OPEN_STATUSES = ['registered', 'assigned', 'in_progress', 'interim_reply', 'extended', 'reopened', 'forwarded_competent_body'];
const DAY = 86400_000;

export interface Pace {
  /** median ms from registration to answer, per `org|category` and per `org|*` */
  median: Map<string, number>;
  /** answers per day, per org */
  perDay: Map<string, number>;
}

export interface OpenAppeal {
  id: string;
  executor_org: string | null;
  category: string;
  registered_at: string | Date;
  due_at: string | Date;
  extended_until: string | Date | null;
  sla: string;
}

/** Predicted finish and SLA state of each open appeal (pure: testable without a database). */
export function classify(open: OpenAppeal[], pace: Pace, now = Date.now(), globalMedian = 0): Map<string, { sla: 'on_time' | 'at_risk' | 'overdue'; predicted: number }> {
  const out = new Map<string, { sla: 'on_time' | 'at_risk' | 'overdue'; predicted: number }>();
  // position of each appeal in its executor's queue (oldest first)
  const byOrg = new Map<string, OpenAppeal[]>();
  for (const a of open) {
    const k = a.executor_org ?? '';
    let l = byOrg.get(k);
    if (!l) byOrg.set(k, (l = []));
    l.push(a);
  }
  for (const [org, list] of byOrg) {
    list.sort((a, b) => new Date(a.registered_at).getTime() - new Date(b.registered_at).getTime());
    // an executor with no answers on record has no pace to predict from: only its deadline counts
    const known = pace.perDay.has(org);
    const perDay = Math.max(pace.perDay.get(org) ?? 0, 0.5);
    list.forEach((a, rank) => {
      const reg = new Date(a.registered_at).getTime();
      const due = new Date(a.extended_until ?? a.due_at).getTime();
      const med = pace.median.get(`${org}|${a.category}`) ?? pace.median.get(`${org}|*`) ?? pace.median.get(`*|${a.category}`) ?? pace.median.get('*|*') ?? globalMedian;
      const predicted = known ? Math.max(reg + med, now + (rank / perDay) * DAY) : reg + med;
      const sla = now > due ? 'overdue' : predicted > due ? 'at_risk' : 'on_time';
      out.set(a.id, { sla, predicted });
    });
  }
  return out;
}

export async function loadPace(db: Db): Promise<Pace> {
  const med = await db.query<any>(
    `SELECT executor_org, category, percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM answered_at - registered_at)) * 1000 AS ms
     FROM appeal_state WHERE answered_at > now() - INTERVAL '90 days' GROUP BY GROUPING SETS ((executor_org, category), (executor_org), (category), ())`,
  );
  const per = await db.query<any>(
    `SELECT executor_org, count(*) / 7.0 AS per_day FROM appeal_state WHERE answered_at > now() - INTERVAL '7 days' GROUP BY 1`,
  );
  return {
    median: new Map(med.filter((r) => r.ms !== null).map((r) => [`${r.executor_org ?? '*'}|${r.category ?? '*'}`, Number(r.ms)])),
    perDay: new Map(per.map((r) => [r.executor_org, Number(r.per_day)])),
  };
}

/** One pass of the SLA clock; returns how many appeals changed state. */
export async function slaPass(db: Db, hub: LiveHub): Promise<number> {
  const open = await db.query<OpenAppeal>(
    `SELECT id, executor_org, category, registered_at, due_at, extended_until, sla FROM appeal_state WHERE status = ANY($1)`,
    [OPEN_STATUSES],
  );
  if (!open.length) return 0;
  const res = classify(open, await loadPace(db));
  const changed = open.filter((a) => res.get(a.id)!.sla !== a.sla);
  if (!changed.length) return 0;
  const rows = await db.query<any>(
    `UPDATE appeal_state a SET sla = c.sla, predicted_at = c.predicted, rev = a.rev + 1, updated_at = now()
     FROM unnest($1::text[], $2::text[], $3::timestamptz[]) AS c(id, sla, predicted)
     WHERE a.id = c.id AND a.status = ANY($4) RETURNING a.*`,
    [changed.map((a) => a.id), changed.map((a) => res.get(a.id)!.sla), changed.map((a) => new Date(res.get(a.id)!.predicted).toISOString()), OPEN_STATUSES],
  );
  const now = new Date().toISOString();
  const alarms: AlarmEvent[] = rows
    .filter((r) => r.sla === 'overdue')
    .map((r) => ({ stream: 'alarms', id: `overdue:${r.id}`, ts: now, kind: 'overdue', severity: 'warning', district: r.district, category: r.category, appealId: r.id, message: `${r.number}: deadline missed (${r.executor_org})` }));
  hub.publish([...rows.map((r) => toLive(toView(r, false))), ...alarms]);
  return rows.length;
}
