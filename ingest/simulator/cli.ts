// `npm run simulate -- --city astana --rate 2000 [--url mqtt://127.0.0.1:1883] [--vehicles 300] [--prefix city/astana/] [--duration 60]`
import { parseArgs } from 'node:util';
import { startSimulator } from './index';

const { values } = parseArgs({
  options: {
    city: { type: 'string', default: 'astana' },
    rate: { type: 'string', default: '200' },
    url: { type: 'string', default: process.env.MQTT_URL ?? 'mqtt://127.0.0.1:1883' },
    vehicles: { type: 'string', default: '300' },
    prefix: { type: 'string' },
    duration: { type: 'string' },
    qos: { type: 'string', default: '1' },
  },
});
const rate = Number(values.rate);
if (!Number.isFinite(rate) || rate <= 0) {
  console.error('--rate must be a positive number of messages per second');
  process.exit(2);
}
const prefix = values.prefix ?? `city/${values.city}/`;
const sim = await startSimulator({ url: values.url!, prefix, rate, vehicles: Number(values.vehicles), city: values.city, qos: values.qos === '0' ? 0 : 1 });
console.log(`simulating ${values.city} → ${values.url} (${prefix}…) at ${rate} msg/s; Ctrl+C to stop`);
const started = Date.now();
const progress = setInterval(() => {
  const s = sim.stats();
  const secs = ((Date.now() - started) / 1000).toFixed(0);
  console.log(
    `${secs.padStart(5)} s  ${s.rate.toFixed(0).padStart(6)} msg/s  total ${s.sent}  ` +
      Object.entries(s.perStream).map(([k, v]) => `${k} ${v}`).join('  ') +
      (s.skipped ? `  skipped ${s.skipped} (broker behind)` : '') +
      (s.errors ? `  errors ${s.errors}` : ''),
  );
}, 1000);
const stop = async () => {
  clearInterval(progress);
  await sim.stop();
  const s = sim.stats();
  console.log(`done: ${s.sent} messages, ${((s.sent / (Date.now() - started)) * 1000).toFixed(0)} msg/s on average`);
  process.exit(0);
};
process.on('SIGINT', () => void stop());
if (values.duration) setTimeout(() => void stop(), Number(values.duration) * 1000);
