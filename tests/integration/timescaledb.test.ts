// TimescaleDB on each kind: the setting that declines it on a server that has it (the plain-PostgreSQL fallback),
// and the continuous aggregates, compression and retention really running — on the server by TimescaleDB's own
// scheduler, on embedded PGlite by the centre's timer (server/streams/timescale.ts). Picks its kinds itself.
import { afterEach, describe, expect, it } from 'vitest';
import { pgCentre, type TestCentre } from '../helpers/centre';
import { appeal, MOSQUITTO_URL, publishAll, quietLog, uid, waitFor } from '../helpers/services';
import type { Db } from '../../server/dialects';
import { runTimescaleJobs } from '../../server/streams/timescale';

const schemaOf = async (db: Db) => (await db.query<{ s: string }>('SELECT current_schema() AS s'))[0].s;

/** Three gps fixes: past retention (90 days), past compression (1 day), and inside the per-minute aggregate's window. */
async function seedGps(db: Db): Promise<void> {
  const v = uid('veh');
  for (const ago of ['100 days', '2 days', '10 minutes'])
    await db.query(`INSERT INTO gps (id, ts, vehicle_id, lat, lon, speed, heading, kind, district)
      VALUES ($1, now() - $2::interval, $3, 51.16, 71.47, 30, 90, 'snowplow', 'astana-yesil')`, [uid('g'), ago, v]);
}

/** What the three jobs leave behind on gps: old rows gone, a compressed chunk, rows in the aggregate's own table. */
async function effects(db: Db, schema: string) {
  const [{ old }] = await db.query<any>(`SELECT count(*)::int AS old FROM gps WHERE ts < now() - INTERVAL '90 days'`);
  const [{ compressed }] = await db.query<any>(
    `SELECT count(*)::int AS compressed FROM timescaledb_information.chunks WHERE hypertable_schema = $1 AND hypertable_name = 'gps' AND is_compressed`,
    [schema],
  );
  const [m] = await db.query<any>(
    `SELECT materialization_hypertable_schema AS s, materialization_hypertable_name AS t FROM timescaledb_information.continuous_aggregates
     WHERE view_schema = $1 AND view_name = 'gps_1m'`,
    [schema],
  );
  const [{ materialized }] = await db.query<any>(`SELECT count(*)::int AS materialized FROM "${m.s}"."${m.t}"`);
  return { old, compressed, materialized };
}

describe('TimescaleDB: declined, and its jobs running', () => {
  let c: TestCentre | undefined;
  afterEach(async () => {
    await c?.cleanup();
    c = undefined;
  });

  it('TIMESCALEDB=off: plain PostgreSQL tables and views on a server that has the extension', async () => {
    // the TimescaleDB database (the extension is there, in public), declined
    c = await pgCentre({ TIMESCALEDB: 'off' }, undefined, 'timescaledb');
    expect(c.db).toMatchObject({ kind: 'postgres', timescale: false });
    expect((await c.get('/api/health')).db).toEqual({ kind: 'postgres', ok: true });
    const schema = await schemaOf(c.db);
    const [{ n }] = await c.db.query<any>(`SELECT count(*)::int AS n FROM timescaledb_information.hypertables WHERE hypertable_schema = $1`, [schema]);
    expect(n).toBe(0);
    const views = await c.db.query<any>(`SELECT viewname FROM pg_views WHERE schemaname = $1 AND viewname IN ('appeals_1m', 'gps_1h') ORDER BY 1`, [schema]);
    expect(views.map((r) => r.viewname)).toEqual(['appeals_1m', 'gps_1h']);
    // the per-minute rates come from the date_bin() view
    await publishAll(MOSQUITTO_URL, [{ topic: `${c.prefix}appeals`, payload: JSON.stringify(appeal(uid('a'))) }]);
    const rates = await waitFor(async () => {
      const r = await c!.get('/api/stats/rates?minutes=5');
      return r.items?.some((x: any) => x.stream === 'appeals') ? r : null;
    });
    expect(rates.items.filter((x: any) => x.stream === 'appeals').reduce((s: number, x: any) => s + x.n, 0)).toBe(1);
  });

  it('TIMESCALEDB=auto takes the extension when the server has it', async () => {
    c = await pgCentre({ TIMESCALEDB: 'auto' }, undefined, 'timescaledb');
    expect(c.db).toMatchObject({ kind: 'timescaledb', timescale: true, backgroundWorkers: true });
    const [{ n }] = await c.db.query<any>(`SELECT count(*)::int AS n FROM timescaledb_information.hypertables WHERE hypertable_schema = $1`, [await schemaOf(c.db)]);
    expect(n).toBeGreaterThanOrEqual(4);
  });

  it("server: TimescaleDB's own scheduler refreshes the aggregates, compresses and drops old chunks", async () => {
    c = await pgCentre({}, undefined, 'timescaledb');
    const schema = await schemaOf(c.db);
    await seedGps(c.db);
    expect(await effects(c.db, schema)).toEqual({ old: 1, compressed: 0, materialized: 0 });
    // the centre starts no timer here: the server's scheduler runs the jobs; we only make them due now
    const jobs = await c.db.query<{ job_id: number; proc_name: string }>(
      `SELECT job_id, proc_name FROM timescaledb_information.jobs WHERE hypertable_schema = $1 AND hypertable_name IN ('gps', 'gps_1m')`,
      [schema],
    );
    expect(jobs.map((j) => j.proc_name).sort()).toEqual(['policy_compression', 'policy_refresh_continuous_aggregate', 'policy_retention']);
    // Make the jobs due now — again every few seconds while their effects are missing: a burst of jobs (every test
    // centre's policies start at once) can find the server's background-worker slots taken, and the scheduler then
    // backs the job off instead of retrying at once.
    const due = () => Promise.all(jobs.map((j) => c!.db.query('SELECT alter_job($1, next_start => now())', [j.job_id])));
    await due();
    let polls = 0;
    const done = await waitFor(async () => {
      const e = await effects(c!.db, schema);
      if (e.old === 0 && e.compressed >= 1 && e.materialized >= 1) return e;
      if (++polls % 12 === 0) await due();
      return null;
    }, 45_000, 250);
    expect(done).toMatchObject({ old: 0, materialized: 1 });
    // the scheduler (not this session) ran each of them
    const stats = await c.db.query<{ job_id: number; total_runs: number }>(`SELECT job_id, total_runs FROM timescaledb_information.job_stats WHERE job_id = ANY($1)`, [
      jobs.map((j) => j.job_id),
    ]);
    expect(stats).toHaveLength(3);
    for (const s of stats) expect(Number(s.total_runs)).toBeGreaterThanOrEqual(1);
  });

  it("embedded: the centre's timer runs the same jobs in PGlite, which has no background workers", async () => {
    c = await pgCentre({}, undefined, 'pglite');
    expect(c.db).toMatchObject({ kind: 'pglite-timescaledb', backgroundWorkers: false });
    const schema = await schemaOf(c.db);
    await seedGps(c.db);
    // the centre's own timer ran each job once at start (before these rows) and waits its interval now
    await new Promise((r) => setTimeout(r, 1500));
    expect(await effects(c.db, schema)).toEqual({ old: 1, compressed: 0, materialized: 0 });
    const stop = runTimescaleJobs(c.db, quietLog, c.leader, 200);
    try {
      const done = await waitFor(async () => {
        const e = await effects(c!.db, schema);
        return e.old === 0 && e.compressed >= 1 && e.materialized >= 1 ? e : null;
      }, 30_000, 250);
      expect(done).toMatchObject({ old: 0, materialized: 1 });
    } finally {
      stop();
    }
  });
});
