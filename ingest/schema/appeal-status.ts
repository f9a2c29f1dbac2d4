// The appeal statuses and their groups: the one list server (lifecycle, SLA, queries, Open311, problems) and client
// (the queue's filters, labels) use. Ids come from the taxonomy (taxonomy.json `statuses`); `taxonomyStatusMap` says
// what each of the taxonomy's 22 becomes here. Pure data, so the client may import it (the state machine that moves
// between them is server/appeals/lifecycle.ts).

export const appealStatuses = [
  'registered',
  'resolved_first_contact',
  'assigned',
  'forwarded_competent_body',
  'in_progress',
  'interim_reply',
  'extended',
  'answered',
  'citizen_confirmed',
  'citizen_disputed',
  'reopened',
  'closed',
  'rejected',
  'out_of_scope_court',
] as const;
export type AppealStatus = (typeof appealStatuses)[number];

/**
 * Still in work: the SLA clock runs. The partial indexes `appeal_state_open_due` and `appeal_state_open_queue`
 * (migration 004) hold exactly these, in this order; the SLA queries say the same list to use them.
 */
export const openStatuses: readonly AppealStatus[] = ['registered', 'assigned', 'in_progress', 'interim_reply', 'extended', 'reopened', 'forwarded_competent_body'];
/** The executor has answered (or the appeal left the executor's hands): the clock stops; Open311 says `closed`. */
export const answeredStatuses: readonly AppealStatus[] = ['answered', 'citizen_confirmed', 'closed', 'resolved_first_contact', 'rejected', 'out_of_scope_court'];
/** Counted as resolved: the problem is solved, confirmed by the citizen (or on the call itself). */
export const resolvedStatuses: readonly AppealStatus[] = ['citizen_confirmed', 'resolved_first_contact'];
/** Nothing moves an appeal out of these except the citizen (confirm/dispute after `closed`). */
export const terminalStatuses: readonly AppealStatus[] = ['resolved_first_contact', 'citizen_confirmed', 'closed', 'rejected', 'out_of_scope_court'];
/** Not finished (open or answered and waiting for the citizen): what a systemic problem counts as its open appeals. */
export const unresolvedStatuses: readonly AppealStatus[] = [...openStatuses, 'answered'];

/**
 * The operators' queue filter: four groups that together hold every status an appeal can be stored with.
 * `citizen_disputed` is in none: a dispute stores `reopened` (see lifecycle), so no appeal is ever in it
 * (`forwarded_competent_body` is not stored either — a forward stores `assigned` and counts a reroute — but the
 * open group and its indexes keep it).
 */
export const statusGroups = {
  open: openStatuses,
  answered: ['answered'],
  resolved: resolvedStatuses,
  closed: terminalStatuses.filter((s) => !resolvedStatuses.includes(s)),
} as const satisfies Record<string, readonly AppealStatus[]>;
export type StatusGroup = keyof typeof statusGroups;

/**
 * What each status of the taxonomy (taxonomy.json) is in the lifecycle: the same status, another one that stands
 * for it, or `null` when it is not a state of an appeal (an outcome recorded with the answer, or a figure derived
 * from the state).
 */
export const taxonomyStatusMap: Record<string, AppealStatus | null> = {
  received: 'registered', // intake and registration are one step: the registry numbers and routes on arrival
  registered: 'registered',
  resolved_first_contact: 'resolved_first_contact',
  classified: 'registered', // sphere and category come with the intake message
  forwarded_competent_body: 'forwarded_competent_body',
  assigned: 'assigned',
  in_progress: 'in_progress',
  interim_reply: 'interim_reply',
  extended: 'extended',
  work_done_photo_report: 'answered', // the answer with its evidence
  answered: 'answered',
  satisfied: null, // outcome of the answer (the answer's text), not a state
  explained: null, // outcome of the answer, not a state
  rejected: 'rejected',
  out_of_scope_court: 'out_of_scope_court',
  citizen_confirmed: 'citizen_confirmed',
  citizen_disputed: 'citizen_disputed',
  reopened: 'reopened',
  escalated: null, // the appeal's `escalated` flag (a repeat through a higher channel), not a state
  overdue: null, // the `sla` column (overdue), not a state
  unanswered: null, // a count of open appeals past their due date, not a state
  closed: 'closed',
};

/**
 * The SLA state of an appeal (`appeal_state.sla`): while open it is on time, at risk (the predicted finish is past
 * the deadline) or overdue; once answered, the deadline was met or missed.
 */
export const slaStates = ['on_time', 'at_risk', 'overdue', 'met', 'missed'] as const;
export type SlaState = (typeof slaStates)[number];
/** The SLA states of open appeals: the wall's deadline counters. */
export const openSlaStates = ['on_time', 'at_risk', 'overdue'] as const satisfies readonly SlaState[];

/**
 * The detectors' flags on an appeal (`appeal_state.flags`): a repeat of an earlier one, re-routed again and again
 * (runaround), a formal brush-off answer, a repeat through a higher channel (escalated), routed one level up by the
 * conflict-of-interest guard, reopened after a dispute; `disputed` is accepted by the queue's filter too.
 */
export const appealFlags = ['repeat', 'runaround', 'formal_reply', 'escalated', 'routed_up', 'reopened', 'disputed'] as const;
export type AppealFlag = (typeof appealFlags)[number];

/** The lifecycle's actions (the state machine that maps them to statuses: server/appeals/lifecycle.ts). */
export const appealActions = [
  'assign', // route to an executor
  'forward', // re-route to another body (counted; ≥ 2 = runaround)
  'start', // work started / field visit
  'interim', // interim answer (the clock runs on)
  'extend', // extension with a reason
  'answer', // final answer with evidence
  'confirm', // the citizen is satisfied
  'dispute', // the citizen is not satisfied → reopened
  'close_unconfirmed', // no confirmation within the waiting period
  'reject', // rejected with a reason
  'resolve_first_contact',
  'out_of_scope_court',
] as const;
export type AppealAction = (typeof appealActions)[number];

/** The orders of the appeals queue (`GET /api/appeals?sort=`): registration time, the current deadline, the SLA state's urgency. */
export const appealSorts = ['received', 'deadline', 'sla'] as const;
export type AppealSort = (typeof appealSorts)[number];
