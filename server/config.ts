// Configuration from the environment, validated at start: each bad value is named with what is expected.
import { z } from 'zod';
import { DEFAULT_MAX_PAYLOAD, DEFAULT_TOPIC_PREFIX } from '../ingest/schema';
import { cities } from '../maps/districts';

const bool = z
  .enum(['on', 'off', 'true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => ['on', 'true', '1', 'yes'].includes(v));
const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

export const configSchema = z.object({
  PORT: int(0, 65535).optional().describe('HTTP port; default 3000, or the next free one when 3000 is taken'),
  HOST: z.string().default('0.0.0.0'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional()
    .describe('PostgreSQL/TimescaleDB server; unset → embedded PGlite+TimescaleDB in DATA_DIR'),
  TIMESCALEDB: z
    .enum(['auto', 'on', 'off'])
    .default('auto')
    .describe('with DATABASE_URL: auto → use TimescaleDB when the server can create it; on → require it; off → plain PostgreSQL'),
  DATA_DIR: z.string().default('./data'),
  MQTT_URL: z
    .string()
    .regex(/^mqtts?:\/\//, 'must be an mqtt:// URL')
    .optional()
    .describe('external broker; unset → embedded aedes broker'),
  MQTT_PORT: int(0, 65535).default(1883).describe('port of the embedded broker (next free one if taken)'),
  MQTT_TOPIC_PREFIX: z
    .string()
    .regex(/^[^#+]*\/$/, 'must end with / and contain no wildcards')
    .default(DEFAULT_TOPIC_PREFIX),
  MQTT_SHARE_GROUP: z.string().regex(/^[A-Za-z0-9_-]+$/).optional().describe('use $share/<group>/… (several nodes)'),
  MQTT_CLIENT_ID: z.string().max(64).optional(),
  MQTT_RECEIVE_MAXIMUM: int(1, 65535).default(20000),
  CITY: z.enum(Object.keys(cities) as [string, ...string[]]).default('astana'),
  SIMULATOR: bool.default(true),
  SIMULATOR_RATE: z.coerce.number().min(0).max(100000).default(40),
  SIMULATOR_VEHICLES: int(0, 100000).default(120),
  TILE_URL: z.string().url().optional(),
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'must be a redis:// URL').optional(),
  AUTH_SECRET: z.string().min(32, 'at least 32 characters').optional().describe('JWT signing secret; unset → generated once, kept in the DB'),
  ADMIN_PASSWORD: z.string().min(8, 'at least 8 characters').optional().describe('(re)sets the admin password at every start'),
  METRICS_TOKEN: z.string().min(16, 'at least 16 characters').optional().describe('when set, /metrics needs it (or an admin token) as Bearer'),
  OPEN311_API_KEYS: z.string().max(10000).optional().describe('comma-separated Open311 API keys seeded at start'),
  LOGIN_RATE_LIMIT: int(1, 100000).default(10).describe('login attempts per IP and username per 5 minutes'),
  LOG_LEVEL: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),
  INGEST_BATCH_SIZE: int(1, 50000).default(5000),
  INGEST_BATCH_MS: int(1, 10000).default(50),
  INGEST_MAX_PAYLOAD: int(256, 16 * 1024 * 1024).default(DEFAULT_MAX_PAYLOAD),
  INGEST_MAX_PENDING: int(100, 1_000_000).default(50000),
  SPOOL_MAX_MB: int(0, 1_000_000).default(1024).describe('disk spool for DB outages; 0 = none (hold unacknowledged)'),
  LIVE_TICK_MS: int(5, 5000).default(50),
  REPLAY_WINDOW_MIN: z.coerce.number().min(1).max(24 * 60).default(10),
  REPLAY_MAX_EVENTS: int(1000, 100_000_000).default(3_000_000),
});

export type Config = z.infer<typeof configSchema>;

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const picked = Object.fromEntries(
    Object.keys(configSchema.shape)
      .filter((k) => env[k] !== undefined && env[k] !== '')
      .map((k) => [k, env[k]]),
  );
  const r = configSchema.safeParse(picked);
  if (!r.success)
    throw new ConfigError(
      'invalid configuration:\n' + r.error.issues.map((i) => `  ${i.path.join('.')}=${JSON.stringify(picked[String(i.path[0])])}: ${i.message}`).join('\n'),
    );
  return r.data;
}
