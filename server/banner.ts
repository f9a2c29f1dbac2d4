// The lines `npm start` prints once the centre runs. URLs in it never carry user or password (mqttUrl is
// redacted; the database is named by kind only).
import type { Config } from './config';
import type { Db } from './dialects';
import { redactUrl } from '../ingest/url';

export interface BannerInfo {
  version: string;
  url: string;
  mqttUrl: string;
  config: Pick<Config, 'MQTT_TOPIC_PREFIX' | 'DATABASE_URL' | 'DATA_DIR'>;
  db: Pick<Db, 'kind'>;
  adminPassword?: string;
}

export function banner(c: BannerInfo): string {
  const line = '─'.repeat(60);
  return `\n${line}\n  Situation centre ${c.version} is running\n\n  Dashboard:  ${c.url}/\n  Health:     ${c.url}/api/health\n  MQTT:       ${redactUrl(c.mqttUrl)}  (topics ${c.config.MQTT_TOPIC_PREFIX}…)\n  Database:   ${c.db.kind}${c.config.DATABASE_URL ? '' : ` in ${c.config.DATA_DIR}`}\n${
    c.adminPassword ? `\n  First start: sign in as  admin / ${c.adminPassword}\n  (shown once; set ADMIN_PASSWORD to choose it)\n` : ''
  }${line}\n`;
}
