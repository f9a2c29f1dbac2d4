// Configuration from the environment, validated at start: each bad value is named with what is expected.
import { isIP } from 'node:net';
import { z } from 'zod';
import { DEFAULT_MAX_PAYLOAD, DEFAULT_TOPIC_PREFIX } from '../ingest/schema';
import { parseBrokerUsers } from '../ingest/broker-access';
import { DEFAULT_RECEIVE_MAXIMUM } from '../ingest/mqtt/subscriber';
import { redactUrl } from '../ingest/url';
import { cities } from '../maps/districts';

const bool = z
  .enum(['on', 'off', 'true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => ['on', 'true', '1', 'yes'].includes(v));
const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

/** express's `trust proxy`: true/false, a hop count, or addresses/subnets/names (loopback, linklocal, uniquelocal) */
const trustProxy = z
  .string()
  .trim()
  .transform((v, ctx): boolean | number | string[] => {
    if (/^(true|false)$/i.test(v)) return v.toLowerCase() === 'true';
    if (/^\d{1,3}$/.test(v)) return Number(v);
    const list = v.split(',').map((x) => x.trim()).filter(Boolean);
    const ok = (x: string) => {
      if (['loopback', 'linklocal', 'uniquelocal'].includes(x)) return true;
      const [ip, bits, ...rest] = x.split('/');
      const fam = isIP(ip);
      return !!fam && !rest.length && (bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= (fam === 4 ? 32 : 128)));
    };
    const bad = list.find((x) => !ok(x));
    if (!list.length || bad !== undefined) {
      ctx.addIssue({ code: 'custom', message: `true, false, a hop count, or a comma-separated list of IPs/subnets/loopback/linklocal/uniquelocal${bad ? ` (not one: ${bad})` : ''}` });
      return z.NEVER;
    }
    return list;
  });

export const configSchema = z.object({
  PORT: int(0, 65535).optional().describe('HTTP port; default 3000, or the next free one when 3000 is taken'),
  HOST: z.string().default('0.0.0.0'),
  TRUST_PROXY: trustProxy.default(['loopback']).describe('which proxies may set X-Forwarded-For (client ip for limits and audit)'),
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
  MQTT_HOST: z.string().min(1).default('127.0.0.1').describe('address of the embedded broker; beyond loopback it needs credentials'),
  MQTT_USERS: z
    .string()
    .max(100_000)
    .superRefine((s, ctx) => {
      try {
        parseBrokerUsers(s);
      } catch (e) {
        ctx.addIssue({ code: 'custom', message: (e as Error).message });
      }
    })
    .optional()
    .describe('devices of the embedded broker: name:password[:topic|topic…], comma-separated'),
  MQTT_TOPIC_PREFIX: z
    .string()
    .regex(/^[^#+]*\/$/, 'must end with / and contain no wildcards')
    .default(DEFAULT_TOPIC_PREFIX),
  MQTT_SHARE_GROUP: z.string().regex(/^[A-Za-z0-9_-]+$/).optional().describe('use $share/<group>/… (several nodes)'),
  MQTT_CLIENT_ID: z.string().max(64).optional(),
  MQTT_RECEIVE_MAXIMUM: int(1, 65535).default(DEFAULT_RECEIVE_MAXIMUM),
  CITY: z.enum(Object.keys(cities) as [string, ...string[]]).default('astana'),
  SIMULATOR: bool.optional().describe('built-in city simulator; default on for the embedded database, off whenever DATABASE_URL is set'),
  SIMULATOR_RATE: z.coerce.number().min(0).max(100000).default(40),
  SIMULATOR_VEHICLES: int(0, 100000).default(120),
  TILE_URL: z.string().url().optional(),
  PUBLIC_URL: z.string().url().optional().describe('address citizens open links at (confirmation links in the outbox); unset → relative /confirm/… links'),
  SMS_URL: z.string().regex(/^https?:\/\//, 'must be an http(s):// URL').optional().describe('HTTP SMS gateway for messages to citizens (POST JSON {to, text}); unset → the demo sender'),
  EMAIL_URL: z.string().regex(/^https?:\/\//, 'must be an http(s):// URL').optional().describe('HTTP e-mail gateway for messages to citizens (POST JSON {to, subject, text}); unset → the demo sender'),
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'must be a redis:// URL').optional(),
  AUTH_SECRET: z.string().min(32, 'at least 32 characters').optional().describe('JWT signing secret; unset → generated once, kept in the DB'),
  ADMIN_PASSWORD: z.string().min(8, 'at least 8 characters').optional().describe('(re)sets the admin password at every start'),
  METRICS_TOKEN: z.string().min(16, 'at least 16 characters').optional().describe('when set, /metrics needs it (or an admin token) as Bearer'),
  OPEN311_API_KEYS: z.string().max(10000).optional().describe('comma-separated Open311 API keys seeded at start'),
  LOGIN_RATE_LIMIT: int(1, 100000).default(10).describe('login attempts per IP and username per 5 minutes'),
  LOGIN_IP_RATE_LIMIT: int(1, 1_000_000).default(30).describe('failed login attempts per IP (any username) per 5 minutes'),
  PASSWORD_HASH_CONCURRENCY: int(1, 64).default(2).describe('password hashes computed at once; 10× as many wait, more get 503'),
  LOG_LEVEL: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),
  INGEST_BATCH_SIZE: int(1, 50000).default(5000),
  INGEST_BATCH_MS: int(1, 10000).default(50),
  INGEST_MAX_PAYLOAD: int(256, 16 * 1024 * 1024).default(DEFAULT_MAX_PAYLOAD),
  INGEST_MAX_PENDING: int(100, 1_000_000).default(50000),
  SPOOL_MAX_MB: int(0, 1_000_000).default(1024).describe('disk spool for DB outages; 0 = none (hold unacknowledged)'),
  LIVE_TICK_MS: int(5, 5000).default(50),
  REPLAY_WINDOW_MIN: z.coerce.number().min(1).max(24 * 60).default(10),
  VEHICLE_OFFLINE_MIN: z.coerce.number().min(0.5).max(24 * 60).default(5).describe('a vehicle silent this many minutes is shown as not reporting'),
  REPLAY_MAX_EVENTS: int(1000, 100_000_000).default(3_000_000),
  REPLAY_MAX_PER_SUBSCRIBE: int(100, 100_000_000).default(50_000).describe('a resume needing more events gets `resync` (reload the snapshot)'),
  SUBSCRIBE_RATE_LIMIT: int(1, 100_000).default(10).describe('live subscribes per socket per 10 s; a user\'s sockets on one node get 3×'),
  OSMAND_RATE_LIMIT: int(1, 10_000_000).default(1200).describe('OsmAnd / Traccar-client requests per client IP per minute (devices behind one carrier NAT share it)'),
  OSMAND_SPEED_UNIT: z.enum(['kn', 'kmh', 'mps']).default('kn').describe('unit of the OsmAnd query/form `speed`: kn (Traccar client), kmh or mps; stored as km/h'),
  INCIDENT_MERGE_MIN: z.coerce.number().min(1).max(24 * 60).default(30).describe('camera detections of one type by one camera this many minutes apart merge into one incident case; a fixed case the camera has not seen for as long is verified'),
  ALARM_ESCALATE_MIN: z.coerce.number().min(0).max(24 * 60).default(5).describe('a critical alarm unacknowledged this many minutes escalates to the head of the centre (fractions allowed)'),
});

export type Config = Omit<z.infer<typeof configSchema>, 'SIMULATOR'> & { SIMULATOR: boolean };

export class ConfigError extends Error {}

/** Variables whose value is never echoed in an error message (URLs are shown without user and password). */
const SECRET = new Set(['AUTH_SECRET', 'ADMIN_PASSWORD', 'METRICS_TOKEN', 'OPEN311_API_KEYS', 'MQTT_USERS']);
const shown = (key: string, value: unknown): string =>
  SECRET.has(key) ? '(hidden)' : JSON.stringify(typeof value === 'string' && key.endsWith('_URL') ? redactUrl(value) : value);

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const picked = Object.fromEntries(
    Object.keys(configSchema.shape)
      .filter((k) => env[k] !== undefined && env[k] !== '')
      .map((k) => [k, env[k]]),
  );
  const r = configSchema.safeParse(picked);
  if (!r.success)
    throw new ConfigError(
      'invalid configuration:\n' + r.error.issues.map((i) => `  ${i.path.join('.')}=${shown(String(i.path[0]), picked[String(i.path[0])])}: ${i.message}`).join('\n'),
    );
  // a real database holds real appeals: the simulator runs there only when asked for explicitly (SIMULATOR=on)
  return { ...r.data, SIMULATOR: r.data.SIMULATOR ?? !r.data.DATABASE_URL };
}
