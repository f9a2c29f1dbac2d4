// `npm run bench`: the live spine under load, over the real Mosquitto into the real PostgreSQL.
// A server process (as `npm start` runs it) ingests; this process publishes mixed streams at stepped rates over
// several MQTT connections and listens on socket.io. Prints sustained msg/s, publish→socket latency percentiles,
// lost rows, server RSS, and the raw COPY ceiling of the same database as the baseline, then appends to
// bench/RESULTS.md. Env: BENCH_RATES (default 2000,5000,10000,15000,20000), BENCH_SECONDS (default 15),
// BENCH_PG_URL, BENCH_MQTT_URL.
import { appendFileSync } from 'node:fs';
import os from 'node:os';
import mqtt from 'mqtt';
import pg from 'pg';
import { io } from 'socket.io-client';
import { copyCeiling } from './copy-baseline';
import { makeLoad } from './load';
import { benchSchema, MQTT, pct, PG, rssMb, sleep, startServer } from './harness';

const RATES = (process.env.BENCH_RATES ?? '2000,5000,10000,15000,20000').split(',').map(Number);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 4);

async function main() {
  const db = await benchSchema('bench');
  const { schema, url } = db;
  const admin = new pg.Client({ connectionString: PG });
  await admin.connect();
  const prefix = `bench/${schema}/`;
  const srv = await startServer({ DATABASE_URL: url, MQTT_TOPIC_PREFIX: prefix, MQTT_CLIENT_ID: `bench-${schema}` });
  const server = srv.proc;
  const base = srv.base;
  console.log(`server ${base} (pid ${server.pid}), schema ${schema}, ${os.cpus().length} cores`);

  // Latency: publish time of each id → arrival on socket.io
  const sentAt = new Map<string, number>();
  let latencies: number[] = [];
  const sock = io(base, { transports: ['websocket'], auth: { token: await srv.token() } });
  sock.on('connect_error', (e) => console.error('socket:', e.message));
  sock.on('events', (p: { items: { id: string }[] }) => {
    const t = performance.now();
    for (const e of p.items) {
      const s = sentAt.get(e.id);
      if (s !== undefined) {
        latencies.push(t - s);
        sentAt.delete(e.id);
      }
    }
  });
  await new Promise((r) => sock.emit('subscribe', { streams: ['appeals', 'incidents', 'gps', 'status'] }, r));

  const clients = await Promise.all(Array.from({ length: CONNECTIONS }, (_, i) => mqtt.connectAsync(MQTT, { clientId: `bench-pub-${schema}-${i}`, reconnectPeriod: 1000 })));
  const load = makeLoad(prefix);
  let published = 0;
  let acked = 0;
  const results: string[] = [];

  const counts = async () => {
    const r = await admin.query(
      `SELECT (SELECT count(*) FROM ${schema}.gps) + (SELECT count(*) FROM ${schema}.appeals) + (SELECT count(*) FROM ${schema}.incidents) + (SELECT count(*) FROM ${schema}.service_status) AS n`,
    );
    return Number(r.rows[0].n);
  };

  const ceiling = await copyCeiling(url);
  console.log(`baseline: COPY ${Math.round(ceiling.copyRowsPerSec)} rows/s, unnest INSERT ${Math.round(ceiling.unnestRowsPerSec)} rows/s`);

  for (const rate of RATES) {
    latencies = [];
    const stored0 = await counts();
    const pub0 = published;
    const t0 = performance.now();
    let backlog = 0;
    while (performance.now() - t0 < SECONDS * 1000) {
      const elapsed = (performance.now() - t0) / 1000;
      const due = Math.floor(rate * elapsed) - (published - pub0);
      // Bound what is outstanding at the broker: a publisher that cannot keep up reports it rather than queueing forever.
      const room = 20_000 - (published - acked);
      const n = Math.max(0, Math.min(due, room));
      if (due > room) backlog++;
      for (let i = 0; i < n; i++) {
        const m = load.next();
        const c = clients[(published + i) % clients.length];
        sentAt.set(m.id, performance.now());
        c.publish(m.topic, m.payload, { qos: 1 }, () => acked++);
      }
      published += n;
      await sleep(5);
    }
    const pubSecs = (performance.now() - t0) / 1000;
    // drain: wait until everything published is stored
    const drainStart = performance.now();
    let stored = await counts();
    while (stored - stored0 < published - pub0 && performance.now() - drainStart < 60_000) {
      await sleep(200);
      stored = await counts();
    }
    const totalSecs = (performance.now() - t0) / 1000;
    const sent = published - pub0;
    const got = stored - stored0;
    latencies.sort((a, b) => a - b);
    const row = {
      target: rate,
      published: sent,
      publishRate: Math.round(sent / pubSecs),
      sustained: Math.round(got / totalSecs),
      lost: sent - got,
      p50: pct(latencies, 50),
      p95: pct(latencies, 95),
      p99: pct(latencies, 99),
      rss: rssMb(server.pid!),
      vsCopy: got / totalSecs / ceiling.copyRowsPerSec,
      publisherBacklogTicks: backlog,
    };
    const line = `| ${row.target} | ${row.publishRate} | ${row.sustained} | ${(row.vsCopy * 100).toFixed(1)} % | ${row.p50.toFixed(0)} | ${row.p95.toFixed(0)} | ${row.p99.toFixed(0)} | ${row.lost} | ${row.rss.toFixed(0)} |`;
    console.log(line);
    results.push(line);
    sentAt.clear();
    await sleep(1000);
  }

  const stamp = new Date().toISOString().slice(0, 16).replace('T', ' ');
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const md = [
    ``,
    `## ${stamp} UTC — ${os.cpus().length} × ${cpu}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`,
    ``,
    `Server process (as \`npm start\`) → real Mosquitto → real PostgreSQL (${(await admin.query('SHOW server_version')).rows[0].server_version}, plain, no TimescaleDB); publisher and socket.io listener in the bench process on the same machine; ${SECONDS} s per step, ${CONNECTIONS} publisher connections, QoS 1, mixed streams (gps 70 %, appeals 20 %, incidents 7 %, status 3 %).`,
    ``,
    `Baseline in the same run: raw COPY **${Math.round(ceiling.copyRowsPerSec)} rows/s**, one-statement unnest INSERT batches of 5,000 **${Math.round(ceiling.unnestRowsPerSec)} rows/s**.`,
    ``,
    `| target msg/s | published msg/s | sustained stored msg/s | of COPY ceiling | p50 ms | p95 ms | p99 ms | lost | server RSS MB |`,
    `|---|---|---|---|---|---|---|---|---|`,
    ...results,
    ``,
  ].join('\n');
  appendFileSync(new URL('./RESULTS.md', import.meta.url), md);
  console.log(md);

  sock.close();
  await Promise.all(clients.map((c) => c.endAsync()));
  await srv.stop();
  await admin.end();
  await db.drop();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
