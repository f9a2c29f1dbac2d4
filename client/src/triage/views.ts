// The queue's views and who has them, without dependencies (unit-tested): the whole queue, the appeals one
// registered ("Мои", for those who register appeals), the triage queue (for those who may triage).

/** The roles that may triage (`appeals:triage` in server/access/roles.ts); a unit test holds it to the server's grants. */
export const TRIAGE_ROLES: readonly string[] = ['admin', 'centre_head', 'operator'];

export const queueViews = ['all', 'mine', 'triage'] as const;
export type QueueView = (typeof queueViews)[number];

/** The view a `?view=` names, when the user may have it (else the whole queue). */
export function viewFrom(v: unknown, may: { write: boolean; triage: boolean }): QueueView {
  if (v === 'mine' && may.write) return 'mine';
  if (v === 'triage' && may.triage) return 'triage';
  return 'all';
}

/** The list query's part for a view. */
export const viewQuery = (v: QueueView): Record<string, string> => (v === 'mine' ? { mine: '1' } : v === 'triage' ? { triage: '1' } : {});
