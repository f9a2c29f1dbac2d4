// Login abuse: a flood of random usernames from one address is limited per address (whatever the username),
// password hashing is bounded, unknown usernames are counted rather than audited one by one; and behind a
// proxy (TRUST_PROXY) each client is told apart by X-Forwarded-For, for the limits and the audit log.
import http from 'node:http';
import { networkInterfaces } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pgCentre, type TestCentre } from '../helpers/centre';
import { uid } from '../helpers/services';

/** POST /api/auth/login from a given local address and with given headers */
function login(base: string, username: string, password: string, o: { from?: string; headers?: Record<string, string> } = {}) {
  const body = JSON.stringify({ username, password });
  return new Promise<{ status: number; body: any; ms: number }>((resolve, reject) => {
    const t0 = Date.now();
    const req = http.request(
      base + '/api/auth/login',
      { method: 'POST', localAddress: o.from, agent: false, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...o.headers } },
      (res) => {
        let text = '';
        res.on('data', (d) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode!, body: JSON.parse(text || 'null'), ms: Date.now() - t0 }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('login flood', () => {
  let c: TestCentre;
  beforeAll(async () => {
    c = await pgCentre({ ADMIN_PASSWORD: 'correct horse battery', LOGIN_IP_RATE_LIMIT: 20, PASSWORD_HASH_CONCURRENCY: 1 });
  });
  afterAll(() => c?.cleanup());

  it('limits 100 concurrent random-username logins from one address; a real user elsewhere still logs in quickly', async () => {
    const calm = await login(c.url, 'admin', 'correct horse battery', { from: '127.0.0.2' });
    expect(calm.status).toBe(200);

    const flood = Promise.all(Array.from({ length: 100 }, () => login(c.url, uid('nobody'), 'guess-guess', { from: '127.0.0.1' })));
    await new Promise((r) => setTimeout(r, 50));
    const real = await login(c.url, 'admin', 'correct horse battery', { from: '127.0.0.3' });
    const results = await flood;

    const codes = results.map((r) => r.status);
    const limited = codes.filter((s) => s === 429).length;
    const refused = codes.filter((s) => s === 401).length;
    expect(codes).toHaveLength(100);
    // at most the per-address limit got as far as a password check; the rest were refused before it
    expect(refused).toBeLessThanOrEqual(20);
    expect(limited).toBeGreaterThanOrEqual(80);
    expect(codes.every((s) => [401, 429, 503].includes(s))).toBe(true);
    expect(real.status).toBe(200);
    // the flood hashed at most 20 passwords one at a time: the real login waited for a few at most
    expect(real.ms).toBeLessThan(Math.max(5000, 20 * calm.ms));

    // unknown usernames are counted into one audit row, not one row (under the chain's lock) each
    await c.loginFailures.flush();
    const audit = await c.get('/api/audit?action=auth.login_failed');
    expect(audit.items.filter((x: any) => x.action === 'auth.login_failed' && /^nobody/.test(x.actor))).toHaveLength(0);
    const agg = audit.items.filter((x: any) => x.action === 'auth.login_failed_unknown');
    expect(agg).toHaveLength(1);
    expect(agg[0]).toMatchObject({ actor: 'anonymous', ip: '127.0.0.1' });
    expect(JSON.stringify(agg[0])).toContain(`"attempts":${refused}`);
    expect(await c.get('/api/audit/verify')).toMatchObject({ ok: true });
  });

  it('bounds concurrent password hashing: a flood from many addresses gets 503s quickly instead of queueing', async () => {
    // 60 addresses, one attempt each: no address limit applies; one hash at a time, ten may wait
    const results = await Promise.all(Array.from({ length: 60 }, (_, i) => login(c.url, uid('nobody'), 'guess-guess', { from: `127.0.1.${i + 1}` })));
    const busy = results.filter((r) => r.status === 503);
    expect(results.filter((r) => r.status === 401).length).toBeGreaterThanOrEqual(1);
    expect(busy.length).toBeGreaterThanOrEqual(30);
    expect(busy[0].body).toMatchObject({ error: 'busy' });
    expect(await login(c.url, 'admin', 'correct horse battery', { from: '127.0.0.4' })).toMatchObject({ status: 200 });
  });
});

const external = Object.values(networkInterfaces())
  .flat()
  .find((a) => a && a.family === 'IPv4' && !a.internal)?.address;

describe('TRUST_PROXY', () => {
  let c: TestCentre;
  let base: string;
  beforeAll(async () => {
    // reached from a non-loopback address, as nginx in docker-compose reaches the centre
    c = await pgCentre({ ADMIN_PASSWORD: 'correct horse battery', LOGIN_RATE_LIMIT: 5, HOST: '0.0.0.0', TRUST_PROXY: 1 });
    base = `http://${external}:${c.port}`;
  });
  afterAll(() => c?.cleanup());

  it('tells clients behind the proxy apart by X-Forwarded-For, for the login limit and the audit ip', async () => {
    expect(external).toBeTruthy();
    const attacker = { from: external, headers: { 'x-forwarded-for': '203.0.113.5' } };
    const user = { from: external, headers: { 'x-forwarded-for': '198.51.100.7' } };
    const codes: number[] = [];
    for (let i = 0; i < 6; i++) codes.push((await login(base, 'admin', `wrong-${i}`, attacker)).status);
    expect(codes).toEqual([401, 401, 401, 401, 401, 429]);
    // the real admin, behind the same proxy, is not locked out
    expect((await login(base, 'admin', 'correct horse battery', user)).status).toBe(200);
    const audit = await c.get('/api/audit?action=auth.login');
    const ok = audit.items.find((x: any) => x.action === 'auth.login');
    const failed = audit.items.filter((x: any) => x.action === 'auth.login_failed');
    expect(ok).toMatchObject({ actor: 'admin', ip: '198.51.100.7' });
    expect(failed).toHaveLength(5);
    expect(failed.every((x: any) => x.ip === '203.0.113.5')).toBe(true);
  });
});
