// `npm run bench:appeals`: the appeals registry under load, against the real PostgreSQL.
// 1. A year of a big city's appeals (BENCH_APPEALS, default 2,000,000) in appeal_state; the queue's filtered
//    views (as the operators' screen asks them, first page and the next) timed, p50/p95 over repeated runs.
// 2. A server process ingesting 1,000 new appeals/s plus 5,000 GPS fixes/s over Mosquitto, with transitions
//    posted alongside: registration lag (publish → registered appeal on the socket) and the GPS latency next to it,
//    against GPS alone as the baseline.
import { appendFileSync } from 'node:fs';
import os from 'node:os';
import mqtt from 'mqtt';
import pg from 'pg';
import { io } from 'socket.io-client';
import { districtIds } from '../maps/districts';
import { benchSchema, MQTT, pct, PG, sleep, startServer } from './harness';

const N = Number(process.env.BENCH_APPEALS ?? 2_000_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const astana = districtIds.filter((d) => d.startsWith('astana-'));

async function main() {
  const bs = await benchSchema('bench_ap');
  const { schema, url } = bs;
  const admin = new pg.Client({ connectionString: PG });
  await admin.connect();
  const prefix = `bench/${schema}/`;
  const srv = await startServer({ DATABASE_URL: url, MQTT_TOPIC_PREFIX: prefix, MQTT_CLIENT_ID: `bench-${schema}` });
  const base = srv.base;
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  const lines: string[] = [];
  const say = (s: string) => (console.log(s), lines.push(s));

  // ---- 1. a year of appeals, and the queue's views
  console.log(`seeding ${N} appeals…`);
  const t0 = performance.now();
  const cats = (await db.query(`SELECT DISTINCT category FROM routing_rules WHERE category NOT LIKE '%*%'`)).rows.map((r) => r.category);
  const categories = ['heating.no_heat', 'electricity.outage', 'water.supply', 'roads.repair', 'sanitation.household_waste', 'snow.not_cleared', 'street_lighting.lamp_out', 'public_transport.schedule', 'housing.roof', 'improvement.yard', ...cats];
  const STEP = 250_000;
  for (let from = 1; from <= N; from += STEP) {
    const to = Math.min(N, from + STEP - 1);
    await db.query(
      `INSERT INTO appeal_state (id, number, kind, ts, registered_at, channel, sphere, category, text, lat, lon, address, district, status, executor_org,
         due_at, interim_due_at, max_extended_at, answered_at, sla, flags, repeat_of, rev)
       SELECT 'seed-' || g, 'AST-2025-' || lpad(g::text, 7, '0'), 'appeal', t, t, (ARRAY['phone_109','telegram_bot','ikomek_app','akimat_website'])[1 + g % 4],
         split_part(c, '.', 1), c, 'Текст обращения номер ' || g, 51.1 + (g % 1000) * 0.0002, 71.4 + (g % 997) * 0.0002, 'ул. Абая, ' || (g % 200),
         ($1::text[])[1 + g % ${astana.length}],
         CASE WHEN g % 20 = 0 THEN 'in_progress' WHEN g % 20 = 1 THEN 'assigned' WHEN g % 20 = 2 THEN 'answered' WHEN g % 20 < 15 THEN 'citizen_confirmed' ELSE 'closed' END,
         (ARRAY['astana-teplotranzit','astana-rek','astana-su-arnasy','astana-roads','astana-tazalyk','akimat-yesil'])[1 + g % 6],
         t + INTERVAL '21 days', t + INTERVAL '4 days', t + INTERVAL '2 months',
         CASE WHEN g % 20 >= 2 THEN t + make_interval(days => g % 25) END,
         CASE WHEN g % 20 < 2 THEN (CASE WHEN g % 7 = 0 THEN 'overdue' WHEN g % 7 = 1 THEN 'at_risk' ELSE 'on_time' END) WHEN g % 25 > 21 THEN 'missed' ELSE 'met' END,
         CASE WHEN g % 50 = 0 THEN ARRAY['repeat'] WHEN g % 97 = 0 THEN ARRAY['formal_reply'] WHEN g % 211 = 0 THEN ARRAY['runaround'] ELSE '{}'::text[] END,
         NULL, 1
       FROM (SELECT g, now() - make_interval(secs => (${N} - g) * (31536000.0 / ${N})) AS t, ($2::text[])[1 + g % ${categories.length}] AS c
             FROM generate_series(${from}::int, ${to}::int) g) s`,
      [astana, categories],
    );
    process.stdout.write(`  ${to}\r`);
  }
  await db.query('ANALYZE appeal_state');
  say(`Seeded ${N.toLocaleString('en')} appeals over a year in ${((performance.now() - t0) / 1000).toFixed(0)} s.`);

  const token = await srv.token();
  const views: [string, string][] = [
    ['newest first (no filter)', ''],
    ['open appeals', 'status=registered,assigned,in_progress,interim_reply,extended,reopened'],
    ['overdue', 'sla=overdue'],
    ['one district, open', 'district=astana-nura&status=assigned,in_progress'],
    ['one category', 'category=heating.no_heat'],
    ['formal replies', 'flag=formal_reply'],
    ['executor + at risk', 'executor=astana-roads&sla=at_risk'],
    ['district + category + month', `district=astana-yesil&category=roads.repair&since=${encodeURIComponent(new Date(Date.now() - 30 * 86400_000).toISOString())}`],
    ['by number', 'q=AST-2025-0123456'],
  ];
  say('', );
  say('| queue view (50 rows) | first page p50 ms | p95 ms | next page p50 ms | rows |');
  say('|---|---|---|---|---|');
  for (const [name, q] of views) {
    const first: number[] = [];
    const next: number[] = [];
    let rows = 0;
    for (let i = 0; i < 12; i++) {
      let t = performance.now();
      const r = await (await fetch(`${base}/api/appeals?limit=50&${q}`, { headers: { authorization: `Bearer ${token}` } })).json();
      first.push(performance.now() - t);
      rows = r.items.length;
      if (r.next) {
        t = performance.now();
        await (await fetch(`${base}/api/appeals?limit=50&${q}&cursor=${r.next}`, { headers: { authorization: `Bearer ${token}` } })).json();
        next.push(performance.now() - t);
      }
    }
    say(`| ${name} | ${pct(first.slice(2), 50).toFixed(1)} | ${pct(first.slice(2), 95).toFixed(1)} | ${next.length ? pct(next.slice(2), 50).toFixed(1) : '—'} | ${rows} |`);
  }

  // ---- 2. ingest 1,000 appeals/s + 5,000 gps/s, with transitions
  const sock = io(base, { transports: ['websocket'], auth: { token } });
  const sent = new Map<string, number>();
  const gpsLat: number[] = [];
  const regLat: number[] = [];
  sock.on('events', (p: { items: any[] }) => {
    const now = performance.now();
    for (const e of p.items) {
      const s = sent.get(e.id);
      if (s === undefined) continue;
      if (e.stream === 'gps') gpsLat.push(now - s);
      else if (e.stream === 'appeals' && e.number) regLat.push(now - s);
      sent.delete(e.id);
    }
  });
  await new Promise((r) => sock.emit('subscribe', { streams: ['gps', 'appeals'] }, r));
  const pubs = await Promise.all([0, 1, 2, 3].map((i) => mqtt.connectAsync(MQTT, { clientId: `bench-ap-${schema}-${i}` })));
  let n = 0;
  const run = async (appealsPerSec: number, gpsPerSec: number, transitions: boolean) => {
    gpsLat.length = 0;
    regLat.length = 0;
    const start = performance.now();
    let done = 0;
    let tDone = 0;
    let tFail = 0;
    const open: string[] = [];
    while (performance.now() - start < SECONDS * 1000) {
      const due = Math.floor(((performance.now() - start) / 1000) * (appealsPerSec + gpsPerSec)) - done;
      for (let i = 0; i < due; i++, done++) {
        const id = `b${schema}-${n++}`;
        const ts = new Date().toISOString();
        const isAppeal = Math.random() * (appealsPerSec + gpsPerSec) < appealsPerSec;
        const lat = 51.08 + Math.random() * 0.15;
        const lon = 71.35 + Math.random() * 0.2;
        const [topic, payload] = isAppeal
          ? [`${prefix}appeals`, { id, ts, channel: 'phone_109', category: categories[n % 10], text: 'Не вывозят мусор во дворе', lat, lon }]
          : [`${prefix}gps/v-${n % 2000}`, { id, ts, lat, lon, speed: 30, heading: 90, kind: 'sanitation' }];
        sent.set(id, performance.now());
        if (isAppeal && transitions) open.push(id);
        pubs[n % 4].publish(topic, JSON.stringify(payload), { qos: 1 });
      }
      // transitions: start work on registered appeals, about half as many as arrive
      if (transitions && open.length > 50) {
        const batch = open.splice(0, Math.min(open.length - 50, Math.ceil(appealsPerSec / 20)));
        await Promise.all(
          batch.map((id) =>
            fetch(`${base}/api/appeals/${id}/transitions`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: '{"action":"start"}' }).then(
              (r) => (r.ok ? tDone++ : tFail++),
              () => tFail++,
            ),
          ),
        );
      }
      await sleep(10);
    }
    await sleep(3000);
    return { gps: [pct(gpsLat, 50), pct(gpsLat, 99)], reg: [pct(regLat, 50), pct(regLat, 99)], regN: regLat.length, tDone, tFail };
  };
  const baseline = await run(0, 5000, false);
  const loaded = await run(1000, 5000, true);
  say('');
  say(`| load for ${SECONDS} s | GPS publish→socket p50 / p99 ms | appeal publish→registered on socket p50 / p99 ms | appeals registered | transitions ok / refused |`);
  say('|---|---|---|---|---|');
  say(`| 5,000 GPS/s alone (baseline) | ${baseline.gps[0].toFixed(0)} / ${baseline.gps[1].toFixed(0)} | — | — | — |`);
  say(`| 5,000 GPS/s + 1,000 appeals/s + transitions | ${loaded.gps[0].toFixed(0)} / ${loaded.gps[1].toFixed(0)} | ${loaded.reg[0].toFixed(0)} / ${loaded.reg[1].toFixed(0)} | ${loaded.regN} | ${loaded.tDone} / ${loaded.tFail} |`);

  const stamp = new Date().toISOString().slice(0, 16).replace('T', ' ');
  appendFileSync(
    new URL('./RESULTS.md', import.meta.url),
    [``, `## Appeals registry — ${stamp} UTC — ${os.cpus().length} × ${os.cpus()[0]?.model}, PostgreSQL ${(await admin.query('SHOW server_version')).rows[0].server_version}`, ``, `\`npm run bench:appeals\`: a server process against the real PostgreSQL and Mosquitto; queue views through the HTTP API (auth, JSON included); the load publisher and socket listener in the bench process.`, ``, ...lines, ``].join('\n'),
  );
  sock.close();
  await Promise.all(pubs.map((p) => p.endAsync()));
  await srv.stop();
  await db.end();
  await admin.end();
  await bs.drop();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
