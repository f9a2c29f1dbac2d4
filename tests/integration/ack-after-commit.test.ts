// QoS-1 messages are acknowledged only after they are committed: with the database unreachable and no spool,
// a server killed with SIGKILL has acknowledged nothing, and the broker redelivers everything to its successor.
import { afterAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import pg from 'pg';
import { startProxy } from '../helpers/tcp-proxy';
import { DB_KIND, freshSchema, gpsFix, MOSQUITTO_URL, publishAll, tmpDir, uid, waitFor } from '../helpers/services';

function startServer(env: Record<string, string>): Promise<{ proc: ChildProcess; url: string }> {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    env: { ...process.env, ...env, SIMULATOR: 'off', LOG_LEVEL: 'info', HOST: '127.0.0.1', PORT: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    proc.stdout!.on('data', (b) => {
      out += b;
      const m = /Dashboard:\s+(http:\/\/\S+)\//.exec(out);
      if (m) resolve({ proc, url: m[1] });
    });
    proc.stderr!.on('data', (b) => (out += b));
    proc.on('exit', (code) => reject(new Error(`server exited ${code}: ${out.slice(-2000)}`)));
  });
}

describe('ack after commit', () => {
  const cleanups: (() => Promise<unknown> | void)[] = [];
  afterAll(async () => {
    for (const f of cleanups.reverse()) await f();
  });

  it('loses nothing when the server is killed while the database is down', async () => {
    // a server process on the project's server kind (TimescaleDB, or plain PostgreSQL)
    const schema = await freshSchema({ timescale: DB_KIND === 'timescaledb' });
    cleanups.push(() => schema.drop());
    const proxy = await startProxy('127.0.0.1', 5432);
    cleanups.push(() => proxy.close());
    const env = {
      DATABASE_URL: proxy.url(schema.url),
      TIMESCALEDB: DB_KIND === 'timescaledb' ? 'on' : 'off',
      MQTT_URL: MOSQUITTO_URL,
      MQTT_TOPIC_PREFIX: `test/${uid()}/`,
      MQTT_CLIENT_ID: uid('kill'),
      SPOOL_MAX_MB: '0',
      DATA_DIR: tmpDir(),
    };
    const first = await startServer(env);
    cleanups.push(() => void first.proc.kill('SIGKILL'));
    await waitFor(async () => (await (await fetch(first.url + '/api/health')).json()).mqtt.ok);

    proxy.cut();
    const ids = Array.from({ length: 200 }, () => uid('g'));
    await publishAll(MOSQUITTO_URL, ids.map((id) => ({ topic: `${env.MQTT_TOPIC_PREFIX}gps/v1`, payload: JSON.stringify(gpsFix(id)) })));
    // the server has them (pending) but cannot commit: it must not acknowledge them
    await waitFor(async () => (await (await fetch(first.url + '/api/health')).json()).ingest.pending === 200);
    first.proc.kill('SIGKILL');
    await new Promise((r) => first.proc.once('exit', r));

    proxy.restore();
    const second = await startServer(env);
    cleanups.push(() => void second.proc.kill('SIGTERM'));
    const db = new pg.Client({ connectionString: schema.url });
    await db.connect();
    cleanups.push(() => db.end());
    const stored = await waitFor(async () => {
      const r = await db.query('SELECT count(*)::int AS n, count(DISTINCT id)::int AS d FROM gps');
      return r.rows[0].n === 200 ? r.rows[0] : null;
    }, 20_000);
    expect(stored).toEqual({ n: 200, d: 200 });
  });
});
