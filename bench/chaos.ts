// `npm run chaos`: under continuous QoS-1 load over a real Mosquitto into the real PostgreSQL, restart the
// broker, restart PostgreSQL and kill -9 the server, then count what the broker acknowledged against what is in
// the database: lost rows and duplicated rows. Runs only against 127.0.0.1; needs the rights to restart the
// local services (as CI and the developers' machines have). CHAOS_RATE (default 1500 msg/s).
import { execSync } from 'node:child_process';
import { appendFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import mqtt from 'mqtt';
import pg from 'pg';

import { benchSchema, startServer } from './harness';

// A Mosquitto of its own with the production settings of server/deploy/mosquitto.conf that matter here (a queue
// for a subscriber that is away, persistence), so restarting it disturbs nothing else on the machine.
const MQTT_PORT = 18883;
const MQTT = `mqtt://127.0.0.1:${MQTT_PORT}`;
const mosqDir = `/tmp/chaos-mosquitto-${process.pid}`;
function startMosquitto(): void {
  mkdirSync(mosqDir, { recursive: true });
  writeFileSync(
    `${mosqDir}/mosquitto.conf`,
    [`listener ${MQTT_PORT} 127.0.0.1`, 'user root', 'allow_anonymous true', 'persistence true', `persistence_location ${mosqDir}/`, `pid_file ${mosqDir}/pid`, 'max_queued_messages 1000000', 'max_inflight_messages 1000', ''].join('\n'),
  );
  execSync(`mosquitto -d -c ${mosqDir}/mosquitto.conf`);
}
function stopMosquitto(): void {
  try {
    process.kill(Number(readFileSync(`${mosqDir}/pid`, 'utf8')), 'SIGTERM');
  } catch {
    /* already gone */
  }
}
const RATE = Number(process.env.CHAOS_RATE ?? 1500);
import { sleep } from './harness';
const log = (s: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${s}`);

const pgVersion = () => readdirSync('/etc/postgresql')[0];
const sh = (cmd: string) => execSync(cmd, { stdio: 'pipe' }).toString();

async function main() {
  startMosquitto();
  await sleep(300);
  const bs = await benchSchema('chaos');
  const { schema, url } = bs;
  const prefix = `chaos/${schema}/`;
  const env = { DATABASE_URL: url, MQTT_URL: MQTT, MQTT_TOPIC_PREFIX: prefix, MQTT_CLIENT_ID: `chaos-${schema}`, DATA_DIR: `/tmp/${schema}` };
  let server = (await startServer(env)).proc;
  log('server up');

  // the publisher: counts what the broker acknowledged
  const acked = new Set<string>();
  let sent = 0;
  const pub = await mqtt.connectAsync(MQTT, { clientId: `chaos-pub-${schema}`, clean: false, reconnectPeriod: 500 });
  pub.on('error', () => undefined);
  let running = true;
  const publisher = (async () => {
    let n = 0;
    while (running) {
      const t = Date.now();
      for (let i = 0; i < RATE / 20; i++) {
        const id = `c-${n++}`;
        sent++;
        pub.publish(`${prefix}gps/v-${n % 200}`, JSON.stringify({ id, ts: new Date().toISOString(), lat: 51.15, lon: 71.45, speed: 20, heading: 0 }), { qos: 1 }, (err) => {
          if (!err) acked.add(id);
        });
      }
      await sleep(Math.max(0, 50 - (Date.now() - t)));
    }
  })();

  const phases: [string, () => Promise<void>][] = [
    ['broker restart', async () => {
      stopMosquitto();
      await sleep(2000);
      startMosquitto();
    }],
    ['PostgreSQL restart', async () => {
      sh(`pg_ctlcluster --skip-systemctl-redirect ${pgVersion()} main restart`);
    }],
    ['server kill -9', async () => {
      server.kill('SIGKILL');
      await new Promise((r) => server.once('exit', r));
      await sleep(1000);
      server = (await startServer(env)).proc;
    }],
  ];
  const results: string[] = [];
  for (const [name, act] of phases) {
    await sleep(5000);
    log(`${name}…`);
    const t = Date.now();
    await act();
    log(`${name} done in ${Date.now() - t} ms`);
    results.push(name);
  }
  await sleep(5000);
  running = false;
  await publisher;
  log(`publishing stopped: ${sent} sent, ${acked.size} acknowledged by the broker; draining…`);
  await sleep(3000);
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  let stored = { n: 0, d: 0 };
  for (let i = 0; i < 60; i++) {
    stored = (await db.query('SELECT count(*)::int AS n, count(DISTINCT id)::int AS d FROM gps')).rows[0];
    const ids = new Set((await db.query('SELECT id FROM gps')).rows.map((r) => r.id));
    const missing = [...acked].filter((id) => !ids.has(id)).length;
    if (!missing) break;
    await sleep(1000);
  }
  const ids = new Set((await db.query('SELECT id FROM gps')).rows.map((r) => r.id));
  const lost = [...acked].filter((id) => !ids.has(id)).length;
  const dup = stored.n - stored.d;
  const line = `| ${RATE} msg/s | ${results.join(', ')} | ${sent} | ${acked.size} | ${stored.d} | **${lost}** | **${dup}** |`;
  log(`lost ${lost}, duplicated ${dup}`);
  appendFileSync(
    new URL('./RESULTS.md', import.meta.url),
    [``, `## Chaos — ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC — ${os.cpus().length} × ${os.cpus()[0]?.model}`, ``, '`npm run chaos`: continuous QoS-1 GPS load over a real Mosquitto (its own instance, with the queue setting of server/deploy/mosquitto.conf) into the real PostgreSQL while the broker restarts, PostgreSQL restarts and the server is killed with SIGKILL and started again. Lost = acknowledged by the broker but not in the database; duplicated = rows beyond one per id.', ``, '| load | faults | published | acknowledged by broker | distinct rows | lost | duplicated |', '|---|---|---|---|---|---|---|', line, ``].join('\n'),
  );
  await db.end();
  await pub.endAsync(true);
  server.kill('SIGTERM');
  stopMosquitto();
  await bs.drop();
  process.exit(lost || dup ? 1 : 0);
}

main().catch((e) => {
  console.error(e);
  stopMosquitto();
  process.exit(1);
});
