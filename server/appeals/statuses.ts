// The statuses of an appeal still in work: the SLA clock runs on them, and the partial index
// `appeal_state_open_due` (migration 004) holds them; the index and the queries that use it say the same list.
export const OPEN_STATUSES = ['registered', 'assigned', 'in_progress', 'interim_reply', 'extended', 'reopened', 'forwarded_competent_body'];
/** The same as an SQL literal list, for predicates that must match the partial index. */
export const OPEN_STATUSES_SQL = OPEN_STATUSES.map((s) => `'${s}'`).join(', ');
