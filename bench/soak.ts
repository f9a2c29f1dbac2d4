// `npm run soak`: SOAK_MINUTES (default 30) at SOAK_RATE msg/s (default 5,000) of mixed streams with
// SOAK_CLIENTS socket.io clients (default 200: 10 wall screens on every stream, the rest district consoles on
// appeals, alarms and services), in SOAK_MIX proportions (default `city`; `stress` for the benchmark's appeal-heavy
// mix, see load.ts). Samples the server's RSS and the publish→socket latency each minute; flat
// means the last minutes look like the first ones. Appends the table to bench/RESULTS.md.
import { appendFileSync } from 'node:fs';
import os from 'node:os';
import mqtt from 'mqtt';
import { io, type Socket } from 'socket.io-client';
import { makeLoad, mixes, type Mix } from './load';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { benchSchema, machineBusy, metricSum, MQTT, pct, rssMb, scrape, sleep, startServer } from './harness';
import { districtIds } from '../maps/districts';

const MINUTES = Number(process.env.SOAK_MINUTES ?? 30);
const RATE = Number(process.env.SOAK_RATE ?? 5000);
const CLIENTS = Number(process.env.SOAK_CLIENTS ?? 200);
const MIX = (process.env.SOAK_MIX ?? 'city') as Mix;
if (!(MIX in mixes)) throw new Error(`SOAK_MIX must be one of ${Object.keys(mixes).join(', ')}`);

async function main() {
  const db = await benchSchema('soak');
  const prefix = `soak/${db.schema}/`;
  const server = await startServer({ DATABASE_URL: db.url, MQTT_TOPIC_PREFIX: prefix, MQTT_CLIENT_ID: `soak-${db.schema}` });
  const token = await server.token();
  const districts = districtIds.filter((d) => d.startsWith('astana-'));
  const sockets: Socket[] = [];
  const sentAt = new Map<string, number>();
  let lat: number[] = [];
  for (let i = 0; i < CLIENTS; i++) {
    const s = io(server.base, { transports: ['websocket'], auth: { token } });
    const wall = i < 10;
    if (i === 0)
      s.on('events', (p: { items: { id: string }[] }) => {
        const now = performance.now();
        for (const e of p.items) {
          const t = sentAt.get(e.id);
          if (t !== undefined) {
            lat.push(now - t);
            sentAt.delete(e.id);
          }
        }
      });
    await new Promise((r) => s.emit('subscribe', wall ? { streams: ['gps', 'appeals', 'incidents', 'status', 'alarms'] } : { streams: ['appeals', 'alarms', 'status'], districts: [districts[i % districts.length]] }, r));
    sockets.push(s);
  }
  const pubs = await Promise.all([0, 1, 2, 3].map((i) => mqtt.connectAsync(MQTT, { clientId: `soak-pub-${db.schema}-${i}` })));
  const load = makeLoad(prefix, MIX);
  const rows: string[] = [];
  const start = performance.now();
  let published = 0;
  let minute = 0;
  // what the server says of itself each minute: event-loop lag, GC and CPU time, the leader's jobs, queues
  let prev = await scrape(server.base);
  const own = monitorEventLoopDelay({ resolution: 10 });
  own.enable();
  const busy = machineBusy();
  const jobs = ['sla', 'sla-predict', 'spikes', 'systemic', 'close-unconfirmed'];
  console.log(`soak: ${MINUTES} min at ${RATE} msg/s (${MIX} mix), ${CLIENTS} socket clients, server ${server.base}`);
  while (performance.now() - start < MINUTES * 60_000) {
    const due = Math.floor(((performance.now() - start) / 1000) * RATE) - published;
    for (let i = 0; i < due; i++) {
      const m = load.next();
      // latency is sampled on 1 message in 20 (the listener cannot parse everything)
      if (published % 20 === 0) sentAt.set(m.id, performance.now());
      pubs[published % 4].publish(m.topic, m.payload, { qos: 1 });
      published++;
    }
    if (performance.now() - start >= (minute + 1) * 60_000) {
      minute++;
      const m = await scrape(server.base);
      const d = (name: string, label = '') => metricSum(m, name, label) - metricSum(prev, name, label);
      const jobSecs = jobs.map((j) => `${j} ${d('jobs_duration_seconds_sum', `job="${j}"`).toFixed(1)}`).filter((x) => !x.endsWith(' 0.0')).join(', ') || '—';
      const row = `| ${minute} | ${Math.round(published / ((performance.now() - start) / 1000))} | ${pct(lat, 50).toFixed(0)} | ${pct(lat, 99).toFixed(0)} | ${rssMb(server.proc.pid!).toFixed(0)} | ${(metricSum(m, 'nodejs_heap_size_used_bytes') / 2 ** 20).toFixed(0)} | ${(metricSum(m, 'nodejs_eventloop_lag_max_seconds') * 1000).toFixed(0)} | ${(d('nodejs_gc_duration_seconds_sum') * 1000).toFixed(0)} | ${(d('process_cpu_seconds_total') / 0.6).toFixed(0)} | ${jobSecs} | ${metricSum(m, 'appeals_registry_queue')} | ${metricSum(m, 'appeals_registered_total')} | ${(own.max / 1e6).toFixed(0)} | ${busy().toFixed(0)} |`;
      prev = m;
      own.reset();
      console.log(row);
      rows.push(row);
      lat = [];
      if (sentAt.size > 100_000) sentAt.clear();
    }
    await sleep(10);
  }
  appendFileSync(
    new URL('./RESULTS.md', import.meta.url),
    [``, `## Soak — ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC — ${os.cpus().length} × ${os.cpus()[0]?.model}`, ``, `\`npm run soak\`: ${MINUTES} min at ${RATE} msg/s of mixed streams (\`${MIX}\` mix: ${Object.entries(mixes[MIX]).map(([k, v]) => `${k} ${v} %`).join(', ')}, status the rest) over the real Mosquitto into the real PostgreSQL, ${CLIENTS} socket.io clients (10 on every stream, the rest on one district's appeals, alarms and services); latency sampled on every 20th message.`, ``, '| minute | published msg/s | publish→socket p50 ms | p99 ms | server RSS MB | heap MB | server event-loop lag max ms | server GC ms | server CPU % | leader jobs s | registry queue | appeals registered | bench event-loop lag max ms | machine busy % |', '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|', ...rows, ``].join('\n'),
  );
  for (const s of sockets) s.close();
  await Promise.all(pubs.map((p) => p.endAsync()));
  await server.stop();
  await db.drop();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
