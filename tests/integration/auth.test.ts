// Accounts, sessions, wall-screen tokens and the audit log, against the real PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { io as connect } from 'socket.io-client';
import { pgCentre, type TestCentre } from '../helpers/centre';

describe('accounts, sessions and audit', () => {
  let c: TestCentre;
  beforeAll(async () => {
    c = await pgCentre({ ADMIN_PASSWORD: 'correct horse battery', LOGIN_RATE_LIMIT: 5 });
  });
  afterAll(() => c?.cleanup());

  const login = (username: string, password: string) => c.send('POST', '/api/auth/login', { username, password }, '');

  it('logs the admin in with ADMIN_PASSWORD and returns a token that works', async () => {
    const r = await login('admin', 'correct horse battery');
    expect(r).toMatchObject({ http: 200, token: expect.any(String), refreshToken: expect.any(String), expiresIn: 900, user: { username: 'admin', role: 'admin' } });
    expect(r.user.password_hash).toBeUndefined();
    const me = await c.get('/api/auth/me', r.token);
    expect(me).toMatchObject({ http: 200, username: 'admin', role: 'admin' });
  });

  it('refuses a wrong password without saying which part was wrong, and audits it', async () => {
    expect(await login('admin', 'wrong password!')).toMatchObject({ http: 401, message: 'wrong username or password' });
    expect(await login('nobody', 'wrong password!')).toMatchObject({ http: 401, message: 'wrong username or password' });
    // an existing account's failures are audited one by one; unknown usernames are counted (server/auth/failures.ts)
    await c.loginFailures.flush();
    const audit = await c.get('/api/audit?action=auth.login_failed');
    expect(audit.items.map((x: any) => `${x.action} ${x.actor}`)).toEqual(expect.arrayContaining(['auth.login_failed admin', 'auth.login_failed_unknown anonymous']));
    expect(audit.items.map((x: any) => x.actor)).not.toContain('nobody');
  });

  it('rate-limits logins per IP and username', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 7; i++) codes.push((await login('victim', 'guess-' + i)).http);
    expect(codes.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(codes.slice(5)).toEqual([429, 429]);
  });

  it('rotates refresh tokens: each works once', async () => {
    const r = await login('admin', 'correct horse battery');
    const next = await c.send('POST', '/api/auth/refresh', { refreshToken: r.refreshToken }, '');
    expect(next).toMatchObject({ http: 200, token: expect.any(String), refreshToken: expect.any(String) });
    expect(await c.send('POST', '/api/auth/refresh', { refreshToken: r.refreshToken }, '')).toMatchObject({ http: 401 });
  });

  it('manages users: create, log in, scope, disable; every change audited', async () => {
    const created = await c.send('POST', '/api/users', { username: 'disp.nura', password: 'dispatcher-pass-1', role: 'dispatcher', districts: ['astana-nura'] });
    expect(created).toMatchObject({ http: 201, username: 'disp.nura', role: 'dispatcher', districts: ['astana-nura'] });
    expect(await c.send('POST', '/api/users', { username: 'disp.nura', password: 'dispatcher-pass-1', role: 'dispatcher' })).toMatchObject({ http: 409, field: 'username' });
    expect(await c.send('POST', '/api/users', { username: 'X', password: 'short', role: 'pope' })).toMatchObject({ http: 400, field: 'username' });
    const r = await login('disp.nura', 'dispatcher-pass-1');
    expect(r.http).toBe(200);
    // a district dispatcher sees only their district
    expect(await c.get('/api/snapshot?districts=astana-yesil', r.token)).toMatchObject({ http: 403, field: 'districts' });
    expect((await c.get('/api/snapshot', r.token)).http).toBe(200);
    expect(await c.get('/api/users', r.token)).toMatchObject({ http: 403 });
    await c.send('PATCH', `/api/users/${created.id}`, { disabled: true });
    expect((await login('disp.nura', 'dispatcher-pass-1')).http).toBe(401);
    const audit = await c.get(`/api/audit?target=user:${created.id}`);
    expect(audit.items.map((x: any) => x.action).sort()).toEqual(['user.create', 'user.update']);
    expect(JSON.stringify(audit.items)).not.toContain('dispatcher-pass-1');
  });

  it('issues read-only wall-screen tokens that can be revoked', async () => {
    const t = await c.send('POST', '/api/wall-tokens', { name: 'Hall screen 1' });
    expect(t).toMatchObject({ http: 201, id: expect.any(String), token: expect.any(String) });
    expect((await c.get('/api/snapshot', t.token)).http).toBe(200);
    expect((await c.get('/api/dead-letters', t.token)).http).toBe(403);
    expect((await c.send('POST', '/api/users', { username: 'evil', password: 'xxxxxxxxxxxx', role: 'admin' }, t.token)).http).toBe(403);
    const s = connect(c.url, { transports: ['websocket'], reconnection: false, auth: { token: t.token } });
    expect(await new Promise((r) => s.emit('subscribe', { streams: ['appeals'] }, r))).toMatchObject({ cursor: expect.any(String) });
    s.close();
    expect((await c.send('DELETE', `/api/wall-tokens/${t.id}`)).http).toBe(204);
    expect((await c.get('/api/snapshot', t.token)).http).toBe(401);
    const s2 = connect(c.url, { transports: ['websocket'], reconnection: false, auth: { token: t.token } });
    expect(await new Promise((r) => s2.on('connect_error', (e) => r(e.message)))).toBe('unauthorized');
    s2.close();
  });

  it('keeps an append-only, hash-chained audit log that detects tampering', async () => {
    expect(await c.get('/api/audit/verify')).toMatchObject({ http: 200, ok: true, rows: expect.any(Number) });
    await expect(c.db.query(`UPDATE audit_log SET actor = 'someone else'`)).rejects.toThrow(/append-only/);
    await expect(c.db.query(`DELETE FROM audit_log`)).rejects.toThrow(/append-only/);
    // a superuser going around the app: the chain shows it
    const db = new pg.Client({ connectionString: c.schemaUrl });
    await db.connect();
    await db.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change');
    const [{ seq }] = (await db.query('SELECT min(seq) AS seq FROM audit_log')).rows;
    await db.query(`UPDATE audit_log SET actor = 'ghost' WHERE seq = $1`, [seq]);
    await db.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_change');
    await db.end();
    expect(await c.get('/api/audit/verify')).toMatchObject({ ok: false, brokenAt: Number(seq) });
  });

  it('refuses TRUNCATE of the audit log, and keeps every row', async () => {
    const count = async () => (await c.db.query<any>('SELECT count(*)::int AS n FROM audit_log'))[0].n as number;
    const before = await count();
    expect(before).toBeGreaterThan(0);
    await expect(c.db.query('TRUNCATE audit_log')).rejects.toThrow(/append-only/);
    await expect(c.db.query('TRUNCATE audit_log RESTART IDENTITY CASCADE')).rejects.toThrow(/append-only/);
    expect(await count()).toBe(before);
  });

  it('protects /metrics only when METRICS_TOKEN is set', async () => {
    expect((await c.get('/metrics', '')).http).toBe(200);
    c.config.METRICS_TOKEN = 'metrics-token-0123456789';
    try {
      expect((await c.get('/metrics', '')).http).toBe(401);
      expect((await c.get('/metrics', await c.tokenFor('operator'))).http).toBe(401);
      expect((await c.get('/metrics', 'metrics-token-0123456789')).http).toBe(200);
      expect((await c.get('/metrics', c.token)).http).toBe(200);
    } finally {
      c.config.METRICS_TOKEN = undefined;
    }
  });

  it('sends security headers and no stack traces', async () => {
    const r = await fetch(c.url + '/api/health');
    expect(r.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    expect(r.headers.get('x-powered-by')).toBeNull();
    expect(r.headers.get('access-control-allow-origin')).toBeNull();
    const bad = await fetch(c.url + '/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"username": ' });
    expect(bad.status).toBe(400);
    expect(await bad.text()).not.toMatch(/at .*\.js|node_modules/);
  });
});
