// The real services on this machine (and in CI): PostgreSQL, Mosquitto, Redis. Tests isolate themselves with
// a schema of their own in the `test` database and a topic prefix of their own on the broker.
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import mqtt from 'mqtt';
import pino from 'pino';

export const PG_URL = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
/** The TimescaleDB server kind: a database of the same cluster where the extension lives in `public`. */
export const TIMESCALEDB_URL = process.env.TEST_TIMESCALEDB_URL ?? PG_URL.replace(/\/([^/?]+)(\?|$)/, '/$1_timescaledb$2');

/**
 * Which database `pgCentre` starts on (vitest.config.ts sets it per project):
 * `timescaledb` — the PostgreSQL server with the extension (TIMESCALEDB=on),
 * `postgres` — the same server with the extension declined (TIMESCALEDB=off),
 * `pglite` — the embedded PGlite+TimescaleDB build (with the real Mosquitto).
 */
export type DbKindUnderTest = 'timescaledb' | 'postgres' | 'pglite';
export const DB_KIND: DbKindUnderTest = (() => {
  const k = process.env.TEST_DB_KIND ?? 'timescaledb';
  if (k !== 'timescaledb' && k !== 'postgres' && k !== 'pglite') throw new Error(`TEST_DB_KIND=${k}: expected timescaledb, postgres or pglite`);
  return k;
})();
export const MOSQUITTO_URL = process.env.TEST_MQTT_URL ?? 'mqtt://127.0.0.1:1883';

export const quietLog = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });

export function uid(prefix = 't'): string {
  return `${prefix}${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
}

/** A fresh folder inside the run's temporary folder (tests/helpers/global-setup.ts removes it at the end). */
export function tmpDir(name = 'sc'): string {
  const root = process.env.SC_TEST_TMP ?? join(tmpdir(), 'situation-centre-tests');
  mkdirSync(root, { recursive: true });
  return mkdtempSync(join(root, `${name}-`));
}

/**
 * A fresh schema in the test database; the returned URL makes it the search_path. With `timescale`, the schema
 * is in the TimescaleDB database, and `public` (where the extension is, see global-setup.ts) follows it.
 */
export async function freshSchema(opts: { timescale?: boolean } = {}): Promise<{ url: string; schema: string; drop(): Promise<void> }> {
  const base = opts.timescale ? TIMESCALEDB_URL : PG_URL;
  const schema = uid('sc_');
  const c = new pg.Client({ connectionString: base });
  await c.connect();
  await c.query(`CREATE SCHEMA ${schema}`);
  await c.end();
  const sep = base.includes('?') ? '&' : '?';
  const path = opts.timescale ? `${schema},public` : schema;
  return {
    schema,
    url: `${base}${sep}options=${encodeURIComponent(`-c search_path=${path}`)}`,
    async drop() {
      const d = new pg.Client({ connectionString: base });
      await d.connect();
      await d.query(`DROP SCHEMA ${schema} CASCADE`);
      await d.end();
    },
  };
}

/** Publishes messages at QoS 1 and resolves when the broker has acknowledged all of them. */
export async function publishAll(url: string, msgs: { topic: string; payload: string | Buffer }[]): Promise<void> {
  const c = await mqtt.connectAsync(url, { clientId: uid('pub'), reconnectPeriod: 0 });
  try {
    await Promise.all(msgs.map((m) => c.publishAsync(m.topic, m.payload, { qos: 1 })));
  } finally {
    await c.endAsync();
  }
}

/** Polls until `fn` returns a truthy value or the time is up; returns the last value. */
export async function waitFor<T>(fn: () => Promise<T> | T, ms = 10_000, every = 50): Promise<T> {
  const end = Date.now() + ms;
  let v = await fn();
  while (!v && Date.now() < end) {
    await new Promise((r) => setTimeout(r, every));
    v = await fn();
  }
  return v;
}

/** Reads one metric sample from Prometheus text. */
export function metric(text: string | object, name: string, labels: Record<string, string> = {}): number {
  const want = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of String(text).split('\n')) {
    if (!line.startsWith(name)) continue;
    const m = /^([^{\s]+)(\{[^}]*\})?\s+([\d.eE+-]+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const l = m[2] ?? '';
    if (want.every((w) => l.includes(w))) return Number(m[3]);
  }
  return 0;
}

export const now = () => new Date().toISOString();

export function appeal(id: string, extra: Record<string, unknown> = {}) {
  return { id, ts: now(), channel: 'phone_109', category: 'heating.no_heat', text: 'Нет отопления в подъезде', lat: 51.128, lon: 71.43, ...extra };
}
export function gpsFix(id: string, extra: Record<string, unknown> = {}) {
  return { id, ts: now(), lat: 51.16, lon: 71.47, speed: 32, heading: 90, kind: 'snowplow', ...extra };
}
export function incident(id: string, extra: Record<string, unknown> = {}) {
  return { id, ts: now(), cameraId: 'cam-17', type: 'open_manhole', confidence: 0.91, lat: 51.1, lon: 71.42, ...extra };
}
export function serviceStatus(id: string, extra: Record<string, unknown> = {}) {
  return { id, ts: now(), district: 'astana-saryarka', state: 'outage', planned: false, households: 1200, ...extra };
}
