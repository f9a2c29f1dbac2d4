// SLA clocks in the database: overdue, and at risk predicted from the executor's record and queue.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pgCentre, type TestCentre } from '../helpers/centre';
import { metric, waitFor } from '../helpers/services';
import { deadlinePass, predictPass } from '../../server/appeals/sla/clock';
import { OPEN_STATUSES_SQL } from '../../server/appeals/lifecycle';

describe('SLA clocks', () => {
  let c: TestCentre;
  beforeAll(async () => {
    c = await pgCentre();
  });
  afterAll(() => c?.cleanup());

  let n = 0;
  /** An appeal registered `reg` days ago, due in `due` days; answered `took` days after registration if given. */
  const put = (org: string, reg: number, due: number, o: { took?: number; category?: string; extendedDays?: number } = {}) => {
    const id = `sla-${org}-${n++}`;
    return c.db
      .query(
        `INSERT INTO appeal_state (id, number, ts, registered_at, channel, sphere, category, text, status, executor_org, due_at, interim_due_at, max_extended_at, answered_at, extended_until, sla)
         VALUES ($1, $2, now() - make_interval(secs => $3::float8 * 86400), now() - make_interval(secs => $3::float8 * 86400), 'phone_109', 'roads', $4, 't',
                 $5, $6, now() + make_interval(secs => $7::float8 * 86400), now(), now() + INTERVAL '60 days',
                 CASE WHEN $8::float8 IS NULL THEN NULL ELSE now() - make_interval(secs => ($3::float8 - $8::float8) * 86400) END,
                 CASE WHEN $9::float8 IS NULL THEN NULL ELSE now() + make_interval(secs => $9::float8 * 86400) END,
                 CASE WHEN $8::float8 IS NULL THEN 'on_time' ELSE 'met' END)`,
        [id, `T-${n}`, reg, o.category ?? 'roads.repair', o.took === undefined ? 'assigned' : 'answered', org, due, o.took ?? null, o.extendedDays ?? null],
      )
      .then(() => id);
  };
  const sla = async (id: string) => (await c.db.query<any>('SELECT sla FROM appeal_state WHERE id = $1', [id]))[0].sla;

  it('flags overdue appeals, and an extension moves the deadline', async () => {
    const late = await put('org-a', 30, -1);
    const extended = await put('org-a', 30, -1, { extendedDays: 20 });
    await predictPass(c.db, c.hub);
    expect(await sla(late)).toBe('overdue');
    expect(await sla(extended)).not.toBe('overdue');
  });

  it('predicts a breach from the executor historical speed', async () => {
    for (let i = 0; i < 5; i++) {
      await put('slow', 25, -5, { took: 20 }); // answered in 20 days, 5 days ago
      await put('fast', 3, 10, { took: 2 }); // answered in 2 days, yesterday
    }
    const s = await put('slow', 1, 10);
    const f = await put('fast', 1, 10);
    await predictPass(c.db, c.hub);
    expect(await sla(s)).toBe('at_risk');
    expect(await sla(f)).toBe('on_time');
  });

  it('predicts a breach from the queue in front of the appeal', async () => {
    // 35 answers in the last 7 days (5 a day), each within a day; 101 open appeals: the last one waits ~20 days
    for (let i = 0; i < 35; i++) await put('busy', 2, 10, { took: 1 });
    const open: string[] = [];
    for (let i = 0; i < 101; i++) open.push(await put('busy', 3 - i * 0.02, 10));
    const changed = await predictPass(c.db, c.hub);
    expect(changed).toBeGreaterThan(0);
    expect(await sla(open[0])).toBe('on_time');
    expect(await sla(open[100])).toBe('at_risk');
    const [{ predicted }] = await c.db.query<any>('SELECT predicted_at AS predicted FROM appeal_state WHERE id = $1', [open[100]]);
    expect(new Date(predicted).getTime()).toBeGreaterThan(Date.now() + 15 * 86400_000);
  });

  it('walks a queue in chunks to the same prediction as in one piece: the rank goes on across chunks', async () => {
    for (let i = 0; i < 35; i++) await put('chunked', 2, 10, { took: 1 });
    const open: string[] = [];
    for (let i = 0; i < 101; i++) open.push(await put('chunked', 3 - i * 0.02, 10));
    // predicted_at is written with a change of state; the two runs are a moment apart, so times agree within a minute
    const predicted = async () =>
      (await c.db.query<any>(`SELECT id, sla, extract(epoch FROM predicted_at)::float8 AS p FROM appeal_state WHERE executor_org = 'chunked' AND status = 'assigned' ORDER BY registered_at`)).map(
        (r) => ({ id: r.id as string, sla: r.sla as string, p: r.p === null ? null : Number(r.p) }),
      );
    await predictPass(c.db, c.hub, { chunk: 7 });
    const chunked = await predicted();
    expect(await sla(open[0])).toBe('on_time');
    expect(await sla(open[100])).toBe('at_risk');
    // the same appeals with their state reset, predicted in one piece
    await c.db.query(`UPDATE appeal_state SET sla = 'on_time', predicted_at = NULL WHERE executor_org = 'chunked' AND status = 'assigned'`);
    await predictPass(c.db, c.hub, { chunk: 1_000_000 });
    const whole = await predicted();
    expect(whole).toHaveLength(101);
    expect(whole.map((r) => `${r.id} ${r.sla}`)).toEqual(chunked.map((r) => `${r.id} ${r.sla}`));
    whole.forEach((r, i) => (r.p === null ? expect(chunked[i].p).toBeNull() : expect(Math.abs(r.p - chunked[i].p!)).toBeLessThan(60)));
    // the rank of each appeal shows: one more appeal in front is a fifth of a day later (5 answers a day)
    const risky = whole.filter((r) => r.p !== null);
    expect(risky.length).toBeGreaterThan(10);
    expect(risky[risky.length - 1].p! - risky[risky.length - 2].p!).toBeCloseTo(86400 / 5, -1);
  });

  it('counts open appeals by district and SLA state for the wall, each user within their territory', async () => {
    // appeals of two districts no other test here uses, in known states
    const place = async (district: string, state: string) => {
      const id = await put('org-w', 1, 10);
      await c.db.query('UPDATE appeal_state SET district = $2, sla = $3 WHERE id = $1', [id, district, state]);
    };
    for (const [d, st] of [['astana-almaty', 'on_time'], ['astana-almaty', 'on_time'], ['astana-almaty', 'at_risk'], ['astana-almaty', 'overdue'], ['astana-almaty', 'overdue'], ['astana-almaty', 'overdue'], ['astana-saraishyk', 'at_risk']])
      await place(d, st);
    const ofDistrict = (items: any[], d: string) => Object.fromEntries(items.filter((x) => x.district === d).map((x) => [x.sla, x.n]));
    const all = await c.get('/api/stats/sla');
    expect(all.http).toBe(200);
    expect(ofDistrict(all.items, 'astana-almaty')).toEqual({ on_time: 2, at_risk: 1, overdue: 3 });
    expect(ofDistrict(all.items, 'astana-saraishyk')).toEqual({ at_risk: 1 });
    // a district's operator: that district's counts only, totals included
    const scoped = await c.get('/api/stats/sla', await c.tokenFor('operator', ['astana-almaty']));
    expect(scoped.http).toBe(200);
    expect(scoped.items.map((x: any) => x.district)).toEqual(['astana-almaty', 'astana-almaty', 'astana-almaty']);
    expect(scoped.total).toEqual({ on_time: 2, at_risk: 1, overdue: 3 });
  });

  it('between predictions, the deadline clock turns only the appeals that just went overdue, through its partial index', async () => {
    await predictPass(c.db, c.hub); // a prediction first; then the deadline clock alone
    const late = await put('org-d', 10, 1);
    const atRisk = await put('slow', 1, 10); // would be at risk by the slow executor's record, but is not predicted yet
    await c.db.query(`UPDATE appeal_state SET due_at = now() - INTERVAL '1 minute' WHERE id = $1`, [late]);
    expect(await deadlinePass(c.db, c.hub)).toBe(1);
    expect(await sla(late)).toBe('overdue');
    expect(await sla(atRisk)).toBe('on_time');
    expect(await deadlinePass(c.db, c.hub)).toBe(0);
    // the index holds open appeals not yet overdue; the planner takes it when told not to scan the table
    const plan = await c.db.transaction([
      { sql: 'SET LOCAL enable_seqscan = off' },
      { sql: `EXPLAIN SELECT id FROM appeal_state WHERE status IN (${OPEN_STATUSES_SQL}) AND sla <> 'overdue' AND coalesce(extended_until, due_at) < now()` },
    ]);
    expect(JSON.stringify(plan[1])).toContain('appeal_state_open_due');
    // the next prediction sees the executor's record
    await predictPass(c.db, c.hub);
    expect(await sla(atRisk)).toBe('at_risk');
  });

  it("reports the leader's timers and the process on /metrics", async () => {
    // the centre's own timer ran the SLA pass once it started (after 1.5 s), as the leader
    await waitFor(async () => metric(await c.get('/metrics'), 'jobs_duration_seconds_count', { job: 'sla' }) >= 1, 10_000);
    const m = String(await c.get('/metrics'));
    expect(metric(m, 'jobs_duration_seconds_sum', { job: 'sla' })).toBeGreaterThan(0);
    for (const name of ['nodejs_eventloop_lag_p99_seconds', 'nodejs_gc_duration_seconds_count', 'process_cpu_seconds_total', 'nodejs_heap_size_used_bytes'])
      expect(m).toMatch(new RegExp(`^${name}(\\{[^}]*\\})? [0-9.e+-]+$`, 'm'));
  });

  it('writes nothing when nothing changes', async () => {
    await predictPass(c.db, c.hub);
    expect(await predictPass(c.db, c.hub)).toBe(0);
  });
});
