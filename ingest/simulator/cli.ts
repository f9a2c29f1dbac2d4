// npm run simulate -- --city astana --rate 2000 [--url mqtt://127.0.0.1:1883] [--vehicles 300]
//                     [--prefix city/astana/] [--duration 60] [--qos 0|1] [--outage-now]
// Prints the achieved rate and totals per stream once a second; stops on Ctrl+C (SIGINT), SIGTERM or --duration.
import { parseArgs } from 'node:util';
import { startSimulator } from './index';
import { redactUrl } from '../url';

const usage = 'usage: npm run simulate -- [--city astana] [--rate 2000] [--url mqtt://127.0.0.1:1883] [--vehicles 300] [--prefix city/astana/] [--duration 60] [--qos 0|1] [--outage-now]';

let values: Record<string, string | boolean | undefined>;
try {
  ({ values } = parseArgs({
    options: {
      city: { type: 'string', default: 'astana' },
      rate: { type: 'string', default: '200' },
      url: { type: 'string', default: process.env.MQTT_URL ?? 'mqtt://127.0.0.1:1883' },
      vehicles: { type: 'string', default: '300' },
      prefix: { type: 'string' },
      duration: { type: 'string' },
      qos: { type: 'string', default: '1' },
      'outage-now': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  }));
} catch (e) {
  console.error(`${(e as Error).message}\n${usage}`);
  process.exit(2);
}
if (values.help) {
  console.log(usage);
  process.exit(0);
}

const num = (name: string, min: number) => {
  const v = Number(values[name]);
  if (!Number.isFinite(v) || v < min) {
    console.error(`--${name} must be a number ≥ ${min}\n${usage}`);
    process.exit(2);
  }
  return v;
};
const rate = num('rate', 0);
const vehicles = Math.floor(num('vehicles', 0));
const duration = values.duration === undefined ? undefined : num('duration', 0);
if (values.qos !== '0' && values.qos !== '1') {
  console.error(`--qos must be 0 or 1\n${usage}`);
  process.exit(2);
}
const city = String(values.city);
const url = String(values.url);
const prefix = (values.prefix as string | undefined) ?? `city/${city}/`;

let sim: Awaited<ReturnType<typeof startSimulator>>;
try {
  sim = await startSimulator({ url, prefix, rate, vehicles, city, qos: values.qos === '0' ? 0 : 1 });
} catch (e) {
  console.error(`cannot start the simulator on ${redactUrl(url)}: ${(e as Error).message}`);
  process.exit(1);
}
if (values['outage-now']) {
  const e = sim.city.services.startOutage(Date.now(), 'heat');
  console.log(`heating outage in ${e.district.id} until ${new Date(e.until).toISOString()}`);
}
console.log(`simulating ${city} → ${redactUrl(url)} (${prefix}…) at ${rate} msg/s with ${vehicles} vehicles; Ctrl+C to stop`);

const started = Date.now();
let lastSent = 0;
let lastAt = started;
const progress = setInterval(() => {
  const s = sim.stats();
  const now = Date.now();
  const lastSecond = ((s.sent - lastSent) * 1000) / (now - lastAt);
  lastSent = s.sent;
  lastAt = now;
  const outages = sim.city.services.active(now).map((e) => `${e.service}:${e.kind === 'degraded' ? 'degraded' : e.kind === 'planned' ? 'planned' : 'OUTAGE'}@${e.district.id.replace(/^astana-/, '')}`);
  console.log(
    `${((now - started) / 1000).toFixed(0).padStart(4)} s  ${lastSecond.toFixed(0).padStart(6)} msg/s (5 s avg ${s.rate.toFixed(0)})  total ${s.sent}  ` +
      Object.entries(s.perStream).map(([k, v]) => `${k} ${v}`).join('  ') +
      (s.skipped ? `  skipped ${s.skipped} (broker behind or away)` : '') +
      (s.errors ? `  errors ${s.errors}` : '') +
      (s.connected ? '' : '  DISCONNECTED') +
      (outages.length ? `  [${outages.join(' ')}]` : ''),
  );
}, 1000);

let stopping = false;
const stop = async (why: string) => {
  if (stopping) return;
  stopping = true;
  clearInterval(progress);
  await sim.stop();
  const s = sim.stats();
  const secs = (Date.now() - started) / 1000;
  console.log(`${why}: ${s.sent} messages in ${secs.toFixed(1)} s, ${(s.sent / secs).toFixed(0)} msg/s on average; ` + Object.entries(s.perStream).map(([k, v]) => `${k} ${v}`).join(', ') + (s.skipped ? `; skipped ${s.skipped}` : '') + (s.errors ? `; errors ${s.errors}` : ''));
  process.exit(0);
};
process.on('SIGINT', () => void stop('stopped'));
process.on('SIGTERM', () => void stop('stopped'));
if (duration !== undefined) setTimeout(() => void stop('done'), duration * 1000);
