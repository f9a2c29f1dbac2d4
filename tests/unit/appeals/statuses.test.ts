// One source for the appeal statuses (issue 11, item 4): ingest/schema/appeal-status.ts declares them and their
// groups; the taxonomy's list maps onto them; the lifecycle, the SLA indexes and the operators' queue use them.
import { describe, expect, it } from 'vitest';
import raw from '../../../ingest/schema/taxonomy.json';
import { productSources } from '../../helpers/sources';
import {
  answeredStatuses,
  appealStatuses,
  openStatuses,
  resolvedStatuses,
  statusGroups,
  taxonomyStatusMap,
  terminalStatuses,
  unresolvedStatuses,
  type AppealStatus,
} from '../../../ingest/schema/appeal-status';
import { actions, allowedActions, nextStatus, OPEN_STATUSES_SQL } from '../../../server/appeals/lifecycle';
import en from '../../../client/src/i18n/en';
import ru from '../../../client/src/i18n/ru';
import kk from '../../../client/src/i18n/kk';

const taxonomyIds = (raw as { statuses: { id: string }[] }).statuses.map((s) => s.id);

/** Every status an appeal can be stored with: `registered` (the registry's first row) and what transitions lead to. */
function reachable(): Set<AppealStatus> {
  const seen = new Set<AppealStatus>(['registered', 'assigned']);
  const todo = [...seen];
  while (todo.length) {
    const from = todo.pop()!;
    for (const a of allowedActions(from)) {
      const to = nextStatus(from, a, { reason: 'r', text: 't', org: 'o' });
      if (seen.has(to)) continue;
      seen.add(to);
      todo.push(to);
    }
  }
  return seen;
}

describe('appeal statuses: one source', () => {
  it('every status of the taxonomy maps to a lifecycle status or says it is none, and the map names no other', () => {
    expect(taxonomyIds.length).toBe(22);
    expect(taxonomyIds.filter((id) => !(id in taxonomyStatusMap))).toEqual([]);
    expect(Object.keys(taxonomyStatusMap).filter((id) => !taxonomyIds.includes(id))).toEqual([]);
    const targets = Object.values(taxonomyStatusMap).filter((s) => s !== null);
    expect(targets.filter((s) => !(appealStatuses as readonly string[]).includes(s))).toEqual([]);
  });

  it('every lifecycle status is a taxonomy status of the same id, and every one is a target of the map', () => {
    expect(appealStatuses.filter((s) => !taxonomyIds.includes(s))).toEqual([]);
    expect(appealStatuses.filter((s) => taxonomyStatusMap[s] !== s)).toEqual([]);
  });

  it('the queue groups hold every status an appeal can reach, each in exactly one group', () => {
    const r = reachable();
    expect(r.size).toBeGreaterThanOrEqual(12);
    const groups = Object.values(statusGroups) as readonly (readonly AppealStatus[])[];
    expect([...r].filter((s) => groups.filter((g) => g.includes(s)).length !== 1)).toEqual([]);
    // the open group is the SLA's open list (it used to lack forwarded_competent_body in the client)
    expect([...statusGroups.open].sort()).toEqual([...openStatuses].sort());
    expect(statusGroups.open).toContain('forwarded_competent_body');
    expect(statusGroups.closed).toEqual(['closed', 'rejected', 'out_of_scope_court']);
  });

  it('the groups agree with the state machine', () => {
    const r = reachable();
    // no action leads out of a terminal status except the citizen's answer to `closed`
    for (const s of terminalStatuses) expect([s, allowedActions(s)]).toEqual([s, s === 'closed' ? ['confirm', 'dispute'] : []]);
    // open statuses can still be answered or rejected; answered ones cannot be answered again
    for (const s of openStatuses.filter((x) => r.has(x))) expect(allowedActions(s).some((a) => a === 'answer' || a === 'assign' || a === 'start' || a === 'reject')).toBe(true);
    for (const s of answeredStatuses) expect(allowedActions(s)).not.toContain('answer');
    expect(resolvedStatuses.every((s) => terminalStatuses.includes(s) && answeredStatuses.includes(s))).toBe(true);
    expect(unresolvedStatuses.filter((s) => terminalStatuses.includes(s))).toEqual([]);
    expect(actions.length).toBeGreaterThan(0);
  });

  it('the SQL list of open statuses is the open group, quoted', () => {
    expect(OPEN_STATUSES_SQL).toBe("'registered', 'assigned', 'in_progress', 'interim_reply', 'extended', 'reopened', 'forwarded_competent_body'");
  });

  it('every status has a label in every language of the client', () => {
    for (const [lang, m] of Object.entries({ en, ru, kk })) {
      const labels = (m as { status: Record<string, string> }).status;
      expect([lang, appealStatuses.filter((s) => !labels[s])]).toEqual([lang, []]);
    }
  });

  it('no other source file declares its own list of statuses', () => {
    // allowed: the source itself, the state machine's transition table, the translations (keyed by status),
    // and the simulator's own choice of the statuses it advances
    const allowed = new Set(['ingest/schema/appeal-status.ts', 'server/appeals/lifecycle.ts', 'server/appeals/simulate-lifecycle.ts']);
    const files = productSources();
    expect(files.length).toBeGreaterThan(50);
    const id = `(?:${appealStatuses.join('|')})`;
    // three statuses in a row, as a quoted list ('a', 'b', 'c') or a comma-separated string ('a,b,c')
    const list = new RegExp(`['"]${id}['"]\\s*,\\s*['"]${id}['"]\\s*,\\s*['"]${id}['"]|['"]${id},${id},${id}`);
    const offenders = files
      .filter((f) => !allowed.has(f.path) && !f.path.startsWith('client/src/i18n/') && list.test(f.text))
      .map((f) => f.path);
    expect(offenders).toEqual([]);
  });
});
