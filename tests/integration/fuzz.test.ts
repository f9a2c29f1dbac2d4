// Fuzzing every input: 10,000+ random and mutated payloads to every MQTT topic and HTTP input. Every message is
// accounted for (stored, duplicate or rejected with a reason), no HTTP answer is a 5xx, the process stays up and
// its memory stays flat.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mqtt from 'mqtt';
import { pgCentre, type TestCentre } from '../helpers/centre';
import { appeal, gpsFix, incident, metric, MOSQUITTO_URL, serviceStatus, uid, waitFor } from '../helpers/services';

let seed = 42;
const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
const pick = <T>(a: T[]) => a[Math.floor(rnd() * a.length)];
const weird: unknown[] = [null, true, -1, 0, 1e308, -1e308, NaN, '', ' ', 'x'.repeat(5000), '\u0000', '💥', '<script>', "'; DROP TABLE gps; --", [], {}, [[[[]]]], { __proto__: { admin: true } }, { constructor: { prototype: { x: 1 } } }, '2026-13-45T99:99:99Z', '1970-01-01T00:00:00Z', -91, 181, 1e-320];

function mutate(v: Record<string, unknown>): unknown {
  const o: Record<string, unknown> = { ...v };
  const keys = Object.keys(o);
  const n = 1 + Math.floor(rnd() * 3);
  for (let i = 0; i < n; i++) {
    const r = rnd();
    const k = pick(keys);
    if (r < 0.3) o[k] = pick(weird);
    else if (r < 0.45) delete o[k];
    else if (r < 0.6) o[pick(['extra', '__proto__', 'constructor', 'ts2', ''])] = pick(weird);
    else if (r < 0.75) o[k] = typeof o[k] === 'number' ? String(o[k]) : 12345;
    else if (r < 0.85) return pick(weird);
    else o.id = uid('f'); // a valid variation
  }
  return o;
}

function randomBytes(n: number): Buffer {
  return Buffer.from(Array.from({ length: n }, () => Math.floor(rnd() * 256)));
}

describe('fuzz', () => {
  let c: TestCentre;
  beforeAll(async () => {
    c = await pgCentre();
    await waitFor(() => c.subscriber.connected);
  });
  afterAll(() => c?.cleanup());

  it('accounts for 10,000 random and mutated MQTT messages; nothing crashes', async () => {
    const before = await c.get('/metrics');
    const total = (m: string) => ['appeals', 'gps', 'incidents', 'status', 'unknown'].reduce((s, st) => s + ['stored', 'duplicate', 'rejected'].reduce((t, r) => t + metric(m, 'ingest_messages_total', { stream: st, result: r }), 0), 0);
    const heap0 = process.memoryUsage().heapUsed;
    const topics = [
      ['appeals', () => appeal(uid('f'))],
      ['gps/v-1', () => gpsFix(uid('f'))],
      ['incidents/cctv', () => incident(uid('f'))],
      ['status/heat', () => serviceStatus(uid('f'))],
      ['status/steam', () => serviceStatus(uid('f'))],
      ['gps/bad topic!', () => gpsFix(uid('f'))],
      ['nothing/here', () => ({})],
    ] as const;
    const client = await mqtt.connectAsync(MOSQUITTO_URL, { clientId: uid('fuzz') });
    const N = 10_000;
    const sends: Promise<unknown>[] = [];
    for (let i = 0; i < N; i++) {
      const [t, make] = pick(topics as unknown as [string, () => Record<string, unknown>][]);
      const r = rnd();
      const payload = r < 0.2 ? randomBytes(1 + Math.floor(rnd() * 300)) : r < 0.25 ? Buffer.alloc(70_000, 0x41) : JSON.stringify(mutate(make()));
      sends.push(client.publishAsync(`${c.prefix}${t}`, payload, { qos: 1 }));
      if (sends.length >= 500) await Promise.all(sends.splice(0));
    }
    await Promise.all(sends);
    await client.endAsync();
    const after = await waitFor(async () => {
      const m = await c.get('/metrics');
      return total(m) - total(before) >= N ? m : null;
    }, 30_000);
    expect(after).toBeTruthy();
    expect(total(after!) - total(before)).toBe(N);
    const rejected = ['appeals', 'gps', 'incidents', 'status', 'unknown'].reduce((s, st) => s + metric(after!, 'ingest_messages_total', { stream: st, result: 'rejected' }) - metric(before, 'ingest_messages_total', { stream: st, result: 'rejected' }), 0);
    const [{ n }] = await c.db.query<any>(`SELECT count(*)::int AS n FROM dead_letters WHERE reason <> ''`);
    expect(n).toBe(rejected);
    expect(rejected).toBeGreaterThan(N / 2);
    expect((await c.get('/api/health')).status).toBe('ok');
    // memory: the process does not keep what it processed
    (globalThis as any).gc?.();
    expect(process.memoryUsage().heapUsed - heap0).toBeLessThan(150 * 1024 * 1024);
  });

  it('answers 2,000 random HTTP requests with 2xx/4xx, never 5xx', async () => {
    const statuses = new Map<number, number>();
    const op = await c.tokenFor('operator');
    const paths = ['/api/appeals', '/api/appeals/x/transitions', '/api/auth/login', '/api/users', '/api/wall-tokens', '/api/routing-rules', '/api/confirm/aaaaaaaaaaaaaaaaaaaaaaaa', '/open311/v2/requests.json', '/api/snapshot', '/api/appeals?status=', '/api/stats/rates'];
    for (let i = 0; i < 2000; i++) {
      const path = pick(paths) + (rnd() < 0.3 ? `?${pick(['limit', 'cursor', 'status', 'district', 'minutes', 'q', 'lat'])}=${encodeURIComponent(String(pick(weird)))}` : '');
      const method = pick(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);
      const r = rnd();
      const body = r < 0.3 ? JSON.stringify(mutate(appeal(uid('h')))) : r < 0.5 ? randomBytes(50).toString('latin1') : r < 0.7 ? new URLSearchParams({ api_key: String(pick(weird)), service_code: String(pick(weird)), lat: String(pick(weird)) }).toString() : JSON.stringify(pick(weird));
      const type = pick(['application/json', 'application/x-www-form-urlencoded', 'text/plain', 'image/png']);
      const res = await fetch(c.url + path, { method, headers: { 'content-type': type, authorization: `Bearer ${pick([op, c.token, 'junk'])}` }, body: method === 'GET' ? undefined : body });
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      await res.arrayBuffer();
    }
    const fives = [...statuses].filter(([s]) => s >= 500);
    expect(fives).toEqual([]);
    expect([...statuses.keys()].some((s) => s >= 400)).toBe(true);
    expect((await c.get('/api/health')).status).toBe('ok');
  });
});
