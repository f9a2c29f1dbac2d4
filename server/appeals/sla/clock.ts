// Live SLA clocks. For every open appeal: overdue when past its deadline; at risk when the predicted finish is
// past it. The prediction uses the executor's own record: its median time to answer this category (90 days),
// and the queue in front of the appeal at the executor's recent pace (answers per day over 7 days):
//   predicted = max(registered + median, now + rank_in_executor_queue / answers_per_day)
// (an executor with no answers on record: registered + median only).
//
// Two passes in the database (the open backlog never travels to the server), writing and pushing only appeals
// whose state changes; going overdue raises an alarm:
// - the deadline clock (`deadlinePass`, job `sla`, every 30 s): open appeals past their deadline become overdue.
//   It reads a partial index that holds only open appeals not yet overdue, so its cost is the number that just
//   went overdue, not the size of the backlog;
// - the prediction (`predictPass`, job `sla-predict`, every 5 min with the executors' pace): at risk / on time
//   for every open appeal (and back from overdue when a deadline was extended). It walks each executor's queue in
//   order through the partial index `appeal_state_open_queue`, in chunks of PREDICT_CHUNK appeals, resting twice
//   as long as a chunk took after it: a million open appeals cost the database a third of one core for a while,
//   never all of it at once.
import type { Db } from '../../dialects';
import type { AlarmEvent } from '../../../ingest/schema';
import { toLive, toView } from '../view';
import { findings } from '../detectors/findings';
import type { LivePublish } from '../ports';
import type { AppealRow } from '../store';
import { deadlineRows, executors, loadPace, predictChunk, PREDICT_CHUNK } from './store';

export { loadPace, PREDICT_CHUNK, type Pace } from './store';

/** The deadline clock (job `sla`): open appeals that passed their deadline since the last pass; returns how many. */
export async function deadlinePass(db: Db, hub: LivePublish): Promise<number> {
  return publish(hub, await deadlineRows(db));
}

/** The prediction (job `sla-predict`) for every open appeal, executor by executor, chunk by chunk; returns how many changed. */
export async function predictPass(db: Db, hub: LivePublish, opts: { restFactor?: number; chunk?: number } = {}): Promise<number> {
  const pace = await loadPace(db);
  const rest = opts.restFactor ?? 2;
  const size = opts.chunk ?? PREDICT_CHUNK;
  let changed = 0;
  for (const org of [...(await executors(db)), null]) {
    let after: { at: string; id: string } | null = null;
    let rank = 0;
    for (;;) {
      const t = Date.now();
      const chunk = await predictChunk(db, pace, org, after, rank, size);
      changed += publish(hub, chunk.changed);
      const took = Date.now() - t;
      if (took > 10 && rest > 0) await new Promise((r) => setTimeout(r, took * rest));
      if (!chunk.next) break;
      after = chunk.next;
      rank += size;
    }
  }
  return changed;
}

/** Pushes changed appeals live, with an alarm for each that went overdue; returns how many. */
function publish(hub: LivePublish, rows: AppealRow[]): number {
  if (!rows.length) return 0;
  const now = new Date().toISOString();
  const alarms: AlarmEvent[] = rows
    .filter((r) => r.sla === 'overdue')
    .map((r) => ({ stream: 'alarms', id: `overdue:${r.id}`, ts: now, kind: 'overdue', severity: 'warning', district: r.district, category: r.category, appealId: r.id, message: `${r.number}: deadline missed (${r.executor_org})`, data: { number: r.number, org: r.executor_org } }));
  findings.inc({ detector: 'overdue' }, alarms.length);
  hub.publish([...rows.map((r) => toLive(toView(r, false))), ...alarms]);
  return rows.length;
}

