// `npm start`: the whole centre with embedded defaults, or real servers when DATABASE_URL / MQTT_URL are set.
import { ConfigError } from './config';
import { startCentre } from './centre';

try {
  const c = await startCentre();
  const line = '─'.repeat(60);
  console.log(`\n${line}\n  Situation centre ${c.version} is running\n\n  Dashboard:  ${c.url}/\n  Health:     ${c.url}/api/health\n  MQTT:       ${c.mqttUrl}  (topics ${c.config.MQTT_TOPIC_PREFIX}…)\n  Database:   ${c.db.kind}${c.config.DATABASE_URL ? '' : ` in ${c.config.DATA_DIR}`}\n${
    c.adminPassword ? `\n  First start: sign in as  admin / ${c.adminPassword}\n  (shown once; set ADMIN_PASSWORD to choose it)\n` : ''
  }${line}\n`);
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
