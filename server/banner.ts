// The lines `npm start` prints once the centre runs. URLs in it never carry user or password (c.mqttUrl is
// redacted; the database is named by kind only).
import type { Centre } from './context';
import { redactUrl } from '../ingest/url';

export function banner(c: Centre): string {
  const line = '─'.repeat(60);
  return `\n${line}\n  Situation centre ${c.version} is running\n\n  Dashboard:  ${c.url}/\n  Health:     ${c.url}/api/health\n  MQTT:       ${redactUrl(c.mqttUrl)}  (topics ${c.config.MQTT_TOPIC_PREFIX}…)\n  Database:   ${c.db.kind}${c.config.DATABASE_URL ? '' : ` in ${c.config.DATA_DIR}`}\n${
    c.adminPassword ? `\n  First start: sign in as  admin / ${c.adminPassword}\n  (shown once; set ADMIN_PASSWORD to choose it)\n` : ''
  }${line}\n`;
}
