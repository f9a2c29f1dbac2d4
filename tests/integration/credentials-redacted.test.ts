// Broker and database passwords never leave the process: not on /api/health (public), /api/config (any wall
// screen), /metrics, the start banner, the logs, nor in a configuration error.
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import { startCentre, type Centre } from '../../server/centre';
import { banner } from '../../server/banner';
import { ConfigError, loadConfig } from '../../server/config';
import { redactUrl } from '../../ingest/url';
import { Subscriber } from '../../ingest/mqtt/subscriber';
import { parseBrokerUsers, startEmbeddedBroker } from '../../ingest/broker';
import { freshSchema, MOSQUITTO_URL, tmpDir, uid, waitFor } from '../helpers/services';

const MQTT_PW = 'mqtt-Secret-9f3b';
const DB_PW = 'db-Secret-71ac';

/** A pino logger at debug level that keeps every line. */
function capture() {
  const lines: string[] = [];
  const log = pino(
    { level: 'debug' },
    new Writable({
      write(chunk, _enc, cb) {
        lines.push(String(chunk));
        cb();
      },
    }),
  );
  return { log, text: () => lines.join('') };
}

describe('redactUrl', () => {
  it('drops user and password and password-like parameters, keeps the rest', () => {
    expect(redactUrl(`mqtt://centre:${MQTT_PW}@mosquitto:1883`)).toBe('mqtt://mosquitto:1883');
    expect(redactUrl(`mqtts://centre:${MQTT_PW}@broker.example:8883`)).toBe('mqtts://broker.example:8883');
    expect(redactUrl(`postgres://postgres:${DB_PW}@timescaledb:5432/centre?sslmode=require`)).toBe('postgres://timescaledb:5432/centre?sslmode=require');
    expect(redactUrl(`postgres://db/centre?password=${DB_PW}`)).not.toContain(DB_PW);
    expect(redactUrl(`redis://:${DB_PW}@redis:6379`)).toBe('redis://redis:6379');
    expect(redactUrl('mqtt://127.0.0.1:1883')).toBe('mqtt://127.0.0.1:1883');
    expect(redactUrl(`not a url://u:${DB_PW}@x`)).not.toContain(DB_PW);
    expect(redactUrl(undefined)).toBe('');
  });

  it('a configuration error names the variable without its secret', () => {
    expect.assertions(6);
    try {
      loadConfig({ MQTT_URL: `http://centre:${MQTT_PW}@x`, DATABASE_URL: `mysql://u:${DB_PW}@db`, AUTH_SECRET: 'short-secret', MQTT_USERS: `bus:${MQTT_PW}:#/x` });
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      const m = (e as Error).message;
      expect(m).toMatch(/MQTT_URL="http:\/\/x\/?": must be an mqtt:\/\/ URL/);
      expect(m).toMatch(/AUTH_SECRET=\(hidden\)/);
      expect(m).toMatch(/MQTT_USERS=\(hidden\): entry 1 \(bus\)/);
      expect(m).not.toContain('short-secret');
      expect(m.includes(MQTT_PW) || m.includes(DB_PW)).toBe(false);
    }
  });
});

describe('a centre whose broker and database URLs carry passwords', () => {
  let c: Centre;
  let logs: ReturnType<typeof capture>;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    const schema = await freshSchema();
    drop = schema.drop;
    logs = capture();
    // the local services trust 127.0.0.1, so they take (and ignore) these passwords
    const [scheme, rest] = MOSQUITTO_URL.split('://');
    c = await startCentre(
      {
        DATABASE_URL: schema.url.replace('postgres://postgres@', `postgres://postgres:${DB_PW}@`),
        MQTT_URL: `${scheme}://centre:${MQTT_PW}@${rest}`,
        MQTT_TOPIC_PREFIX: `test/${uid()}/`,
        MQTT_CLIENT_ID: uid('centre'),
        PORT: 0,
        HOST: '127.0.0.1',
        SIMULATOR: false,
        DATA_DIR: tmpDir(),
        // the shared `test` database is the plain-PostgreSQL kind (the extension lives in its own database)
        TIMESCALEDB: 'off',
      },
      { log: logs.log },
    );
    expect(c.config.DATABASE_URL).toContain(DB_PW);
    await waitFor(() => c.subscriber.connected);
  });
  afterAll(async () => {
    await c?.stop();
    await drop?.();
  });

  const leaks = (s: string) => s.includes(MQTT_PW) || s.includes(DB_PW);

  it('/api/health (public) shows the broker without its password', async () => {
    const r = await fetch(c.url + '/api/health');
    const text = await r.text();
    expect(JSON.parse(text).mqtt).toMatchObject({ ok: true, url: MOSQUITTO_URL });
    expect(leaks(text)).toBe(false);
  });

  it('/api/config (a district wall screen) shows the broker without its password', async () => {
    const u = await c.users.create({ username: uid('wall'), password: 'a-long-enough-password-1', role: 'wall_screen', districts: ['astana-yesil'] });
    const token = await c.tokens.access({ sub: String(u.id), username: u.username, role: 'wall_screen', districts: ['astana-yesil'], organisations: [], kind: 'user' }, { ver: u.tokenVersion });
    const r = await fetch(c.url + '/api/config', { headers: { authorization: `Bearer ${token}` } });
    expect(r.status).toBe(200);
    const text = await r.text();
    expect(JSON.parse(text).mqttUrl).toBe(MOSQUITTO_URL);
    expect(leaks(text)).toBe(false);
  });

  it('/metrics carries no password', async () => {
    const text = await (await fetch(c.url + '/metrics')).text();
    expect(text).toContain('ingest_mqtt_up 1');
    expect(leaks(text)).toBe(false);
  });

  it('the start banner shows the broker without its password', () => {
    const b = banner(c);
    expect(b).toContain(`MQTT:       ${MOSQUITTO_URL}`);
    expect(leaks(b)).toBe(false);
  });

  it('the logs name the broker without its password', () => {
    const text = logs.text();
    expect(text).toContain('"msg":"subscribed"');
    expect(text).toContain(`"url":"${MOSQUITTO_URL}"`);
    expect(leaks(text)).toBe(false);
  });
});

describe("the subscriber's error logs", () => {
  it('name the broker without its password when the connection fails or is refused', async () => {
    const logs = capture();
    // nothing listens on port 1: connection errors
    const down = new Subscriber({ url: `mqtt://centre:${MQTT_PW}@127.0.0.1:1`, clientId: uid('s'), filters: ['x/#'], log: logs.log }, () => {});
    down.start();
    await waitFor(() => logs.text().includes('MQTT connection error'));
    await down.stop();
    // a broker that refuses the password
    const broker = await startEmbeddedBroker({ host: '0.0.0.0', port: 0, log: logs.log, users: parseBrokerUsers(`bus-1:${DB_PW}-long`) });
    const refused = new Subscriber(
      { url: `mqtt://bus-1:${MQTT_PW}@127.0.0.1:${broker.port}`, clientId: uid('s'), filters: ['x/#'], protocolVersion: 4, log: logs.log },
      () => {},
    );
    refused.start();
    await waitFor(() => logs.text().includes('MQTT broker refused the connection'));
    await refused.stop();
    await broker.close();
    const text = logs.text();
    expect(text).toContain('"url":"mqtt://127.0.0.1:1"');
    expect(text).toContain(`"url":"mqtt://127.0.0.1:${broker.port}"`);
    expect(text.includes(MQTT_PW) || text.includes(DB_PW)).toBe(false);
  });
});
