// Indexes that keep the leader's timers proportional to what changes, not to the size of the backlog:
// - the deadline clock reads only open appeals not yet overdue, by deadline;
// - the prediction walks each executor's open queue in order of registration;
// - the executors' pace reads only answered appeals, by answer time.
import type { Migration } from '../migration';
import { openStatuses } from '../../../ingest/schema';

const OPEN_STATUSES_SQL = openStatuses.map((s) => `'${s}'`).join(', ');

export const m004: Migration = {
  version: 4,
  name: 'sla indexes',
  statements: () => [
    `CREATE INDEX IF NOT EXISTS appeal_state_open_due ON appeal_state ((coalesce(extended_until, due_at)))
       WHERE status IN (${OPEN_STATUSES_SQL}) AND sla <> 'overdue'`,
    `CREATE INDEX IF NOT EXISTS appeal_state_open_queue ON appeal_state (executor_org, registered_at, id)
       WHERE status IN (${OPEN_STATUSES_SQL})`,
    `CREATE INDEX IF NOT EXISTS appeal_state_answered ON appeal_state (answered_at) WHERE answered_at IS NOT NULL`,
  ],
};
