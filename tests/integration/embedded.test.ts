// The embedded default: PGlite + TimescaleDB in a worker thread, aedes as the broker, data kept across restarts.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { embeddedCentre, type TestCentre } from '../helpers/centre';
import { appeal, gpsFix, incident, metric, publishAll, serviceStatus, tmpDir, uid, waitFor } from '../helpers/services';
import { deadlinePass, predictPass } from '../../server/appeals/sla/clock';

describe('embedded mode (PGlite + TimescaleDB, aedes)', () => {
  const dir = tmpDir('embedded');
  let c: TestCentre | undefined;
  let restarted: TestCentre | undefined;
  afterAll(() => c?.cleanup());

  it('ingests over the embedded broker into TimescaleDB hypertables', async () => {
    c = await embeddedCentre({ DATA_DIR: dir });
    const h = await c.get('/api/health');
    expect(h).toMatchObject({ status: 'ok', db: { kind: 'pglite-timescaledb', ok: true }, mqtt: { ok: true } });
    expect(h.mqtt.url).toMatch(/^mqtt:\/\/127\.0\.0\.1:\d+$/);

    const hyper = await c.db.query<any>(`SELECT hypertable_name FROM timescaledb_information.hypertables ORDER BY 1`);
    expect(hyper.map((r) => r.hypertable_name)).toEqual(['appeal_events', 'appeals', 'gps', 'incidents', 'service_status']);
    const caggs = await c.db.query<any>(`SELECT view_name FROM timescaledb_information.continuous_aggregates ORDER BY 1`);
    expect(caggs.map((r) => r.view_name)).toContain('appeals_1m');
    const policies = await c.db.query<any>(`SELECT proc_name, hypertable_name FROM timescaledb_information.jobs WHERE proc_name IN ('policy_compression','policy_retention')`);
    expect(policies.length).toBeGreaterThanOrEqual(7);

    const p = c.prefix;
    const a = uid('a');
    // the same message twice (a redelivery): one payload, so the same id and time
    const once = JSON.stringify(appeal(a));
    await publishAll(c.mqttUrl, [
      { topic: `${p}appeals`, payload: once },
      { topic: `${p}appeals`, payload: once },
      { topic: `${p}gps/v-1`, payload: JSON.stringify(gpsFix(uid('g'))) },
      { topic: `${p}incidents/cctv`, payload: JSON.stringify(incident(uid('i'))) },
      { topic: `${p}status/power`, payload: JSON.stringify(serviceStatus(uid('s'))) },
      { topic: `${p}status/power`, payload: 'not json' },
    ]);
    await waitFor(async () => metric(await c!.get('/metrics'), 'ingest_messages_total', { stream: 'status', result: 'rejected' }) === 1);
    const m = await c.get('/metrics');
    expect(metric(m, 'ingest_messages_total', { stream: 'appeals', result: 'stored' })).toBeGreaterThanOrEqual(1);
    expect((await c.db.query<any>('SELECT count(*)::int AS n FROM appeals WHERE id = $1', [a]))[0].n).toBe(1);
    // the per-minute aggregate (real-time) sees the appeal
    const rates = await c.get('/api/stats/rates?minutes=5');
    expect(rates.items.filter((x: any) => x.stream === 'appeals').reduce((s: number, x: any) => s + x.n, 0)).toBe(1);
  });

  it('refuses a second process on the same data dir', async () => {
    const second = await runSecond(dir);
    expect(second.code).toBe(3);
    expect(second.out).toContain(`refused: data dir ${dir} is in use by process ${process.pid}`);
  });

  it('after a holder killed with -9, the next start takes over its stale lock', async () => {
    await c!.stop();
    c = undefined;
    const child = spawn(process.execPath, ['--import', 'tsx', 'tests/helpers/open-data-dir.ts', dir], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (b) => (out += b));
    expect(await waitFor(() => out.includes('opened by'), 60_000)).toBe(true);
    const lock = join(dir, 'situation-centre.lock');
    expect(readFileSync(lock, 'utf8')).toBe(String(child.pid));
    const gone = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL'); // no cleanup runs: the lock file stays behind
    await gone;
    expect(readFileSync(lock, 'utf8')).toBe(String(child.pid));
    c = restarted = await embeddedCentre({ DATA_DIR: dir });
    expect(readFileSync(lock, 'utf8')).toBe(String(process.pid));
  });

  it('keeps the data across the restart (TimescaleDB reloaded and self-checked)', async () => {
    const c = restarted!;
    const [{ n }] = await c.db.query<any>('SELECT count(*)::int AS n FROM appeals');
    expect(n).toBe(1);
    const [{ lic }] = await c.db.query<any>(`SELECT current_setting('timescaledb.license') AS lic`);
    expect(lic).toBe('timescale');
    const snap = await c.get('/api/snapshot');
    expect(snap.appeals).toHaveLength(1);
    expect(snap.vehicles).toHaveLength(1);
    expect(snap.status[0]).toMatchObject({ service: 'power', state: 'outage' });
  });

  it("runs the SLA clock's passes in PGlite too: chunked prediction over the open queue, the deadline clock", async () => {
    // the centre's own timers (the leader's deadline clock and prediction) stand aside, so that the passes below
    // are the ones that turn these appeals; a run already under way finishes first
    c!.leader.isLeader = false;
    expect(await waitFor(() => c!.leader.running.size === 0, 30_000)).toBe(true);
    const ids = [uid('a'), uid('a'), uid('a')];
    await publishAll(c!.mqttUrl, ids.map((id) => ({ topic: `${c!.prefix}appeals`, payload: JSON.stringify(appeal(id, { category: 'roads.repair' })) })));
    await waitFor(async () => (await c!.db.query<any>('SELECT count(*)::int AS n FROM appeal_state WHERE id = ANY($1)', [ids]))[0].n === 3);
    await c!.db.query(`UPDATE appeal_state SET due_at = now() - INTERVAL '1 hour' WHERE id = $1`, [ids[0]]);
    // chunks of one appeal: every boundary is crossed
    expect(await predictPass(c!.db, c!.hub, { chunk: 1 })).toBeGreaterThanOrEqual(1);
    expect((await c!.db.query<any>('SELECT sla FROM appeal_state WHERE id = $1', [ids[0]]))[0].sla).toBe('overdue');
    await c!.db.query(`UPDATE appeal_state SET due_at = now() - INTERVAL '1 hour' WHERE id = $1`, [ids[1]]);
    expect(await deadlinePass(c!.db, c!.hub)).toBe(1);
    expect((await c!.db.query<any>('SELECT sla FROM appeal_state WHERE id = $1', [ids[2]]))[0].sla).toBe('on_time');
  });
});

/** Runs tests/helpers/open-data-dir.ts in a separate process and returns what it said and its exit code. */
function runSecond(dataDir: string): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'tests/helpers/open-data-dir.ts', dataDir], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (b) => (out += b));
    child.on('error', reject);
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, out });
    });
  });
}
