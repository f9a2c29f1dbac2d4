// `npm start`: the whole centre with embedded defaults, or real servers when DATABASE_URL / MQTT_URL are set.
import { ConfigError } from './config';
import { startCentre } from './centre';
import { banner } from './banner';

try {
  const c = await startCentre();
  console.log(banner(c));
  let stopping = false;
  const stop = async (sig: string) => {
    if (stopping) return;
    stopping = true;
    c.log.info({ sig }, 'shutting down: draining ingest');
    const force = setTimeout(() => process.exit(1), 15_000);
    force.unref();
    await c.stop().catch((err) => c.log.error({ err }, 'shutdown error'));
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
} catch (err) {
  if (err instanceof ConfigError) console.error(err.message);
  else console.error('failed to start:', err);
  process.exit(1);
}
