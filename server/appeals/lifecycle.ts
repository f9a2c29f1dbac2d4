// The appeal lifecycle as a state machine. Status ids come from the taxonomy. An appeal counts as *resolved*
// only when the citizen confirmed it (citizen_confirmed) or it was resolved at first contact; `answered` and
// `closed` (no confirmation) are shown apart from it. The statuses and their groups: ingest/schema/appeal-status.ts.
import { appealActions, openStatuses, type AppealAction, type AppealStatus } from '../../ingest/schema/appeal-status';

/** The open statuses as an SQL literal list, for predicates that must match the partial indexes of migration 004. */
export const OPEN_STATUSES_SQL = openStatuses.map((s) => `'${s}'`).join(', ');

export const actions = appealActions;
export type { AppealAction };

const OPEN_WORK: AppealStatus[] = ['assigned', 'in_progress', 'interim_reply', 'extended'];

const table: Record<AppealAction, { from: AppealStatus[]; to: AppealStatus; needs?: ('reason' | 'text' | 'org')[] }> = {
  assign: { from: ['registered', 'reopened'], to: 'assigned', needs: ['org'] },
  forward: { from: ['registered', 'reopened', ...OPEN_WORK], to: 'assigned', needs: ['org', 'reason'] },
  start: { from: ['assigned', 'interim_reply', 'extended'], to: 'in_progress' },
  interim: { from: OPEN_WORK, to: 'interim_reply', needs: ['text'] },
  extend: { from: OPEN_WORK, to: 'extended', needs: ['reason'] },
  answer: { from: OPEN_WORK, to: 'answered', needs: ['text'] },
  confirm: { from: ['answered', 'closed'], to: 'citizen_confirmed' },
  dispute: { from: ['answered', 'closed'], to: 'reopened', needs: ['reason'] },
  close_unconfirmed: { from: ['answered'], to: 'closed' },
  reject: { from: ['registered', 'reopened', ...OPEN_WORK], to: 'rejected', needs: ['reason'] },
  resolve_first_contact: { from: ['registered'], to: 'resolved_first_contact', needs: ['text'] },
  out_of_scope_court: { from: ['registered', 'reopened', ...OPEN_WORK], to: 'out_of_scope_court', needs: ['reason'] },
};

export class TransitionError extends Error {
  constructor(
    message: string,
    public field?: string,
  ) {
    super(message);
  }
}

/** The status an action leads to, or a TransitionError saying why it is not allowed. */
export function nextStatus(from: AppealStatus, action: AppealAction, input: { reason?: string; text?: string; org?: string }): AppealStatus {
  const t = table[action];
  if (!t.from.includes(from))
    throw new TransitionError(`cannot ${action} an appeal that is ${from}; allowed from: ${t.from.join(', ')}`, 'action');
  for (const n of t.needs ?? []) if (!input[n]?.trim()) throw new TransitionError(`${action} needs a ${n}`, n);
  return t.to;
}

export function allowedActions(from: AppealStatus): AppealAction[] {
  return actions.filter((a) => table[a].from.includes(from));
}
