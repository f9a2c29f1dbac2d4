// Sessions end when they must: disabling, deleting, a role/territory/password change, logout and wall-token
// revocation take effect within seconds on REST and on open sockets, on every node; a replayed refresh token
// ends its whole session.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io as connect, type Socket } from 'socket.io-client';
import { startCentre, type Centre } from '../../server/centre';
import { pgCentre, type TestCentre } from '../helpers/centre';
import { quietLog, tmpDir, uid, waitFor } from '../helpers/services';

const PASSWORD = 'operator-pass-123';

describe('session revocation', () => {
  let c: TestCentre;
  let b: Centre;
  beforeAll(async () => {
    c = await pgCentre();
    // a second node on the same database
    b = await startCentre({ ...c.config, MQTT_CLIENT_ID: uid('node-b'), DATA_DIR: tmpDir(), PORT: 0 }, { log: quietLog });
  });
  afterAll(async () => {
    await b?.stop();
    await c?.cleanup();
  });

  const login = async (username: string, password = PASSWORD, url = c.url) => {
    const r = await fetch(url + '/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
    return { http: r.status, ...(await r.json()) };
  };
  const refresh = (refreshToken: string) => c.send('POST', '/api/auth/refresh', { refreshToken }, '');
  const get = async (url: string, path: string, token: string) => (await fetch(url + path, { headers: { authorization: `Bearer ${token}` } })).status;
  /** a Yesil operator with a session: its access and refresh tokens */
  const yesilOperator = async () => {
    const username = uid('op.').toLowerCase();
    const u = await c.send('POST', '/api/users', { username, password: PASSWORD, role: 'operator', districts: ['astana-yesil'] });
    expect(u.http).toBe(201);
    const s = await login(username);
    expect(s.http).toBe(200);
    return { id: u.id as string, username, token: s.token as string, refreshToken: s.refreshToken as string };
  };
  /** a subscribed socket; resolves with it and a promise of its disconnect reason */
  const liveSocket = async (url: string, token: string) => {
    const s: Socket = connect(url, { transports: ['websocket'], reconnection: false, auth: { token } });
    const gone = new Promise<string>((r) => s.on('disconnect', (reason) => r(reason)));
    const ack: any = await new Promise((r) => s.emit('subscribe', { streams: ['appeals'], districts: ['astana-yesil'] }, r));
    expect(ack).toMatchObject({ cursor: expect.any(String) });
    return { s, gone };
  };
  const within = <T>(p: Promise<T>, ms: number) => Promise.race([p, new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), ms))]);

  it('disabling a district operator ends its token and its open sockets within seconds, on both nodes', async () => {
    const op = await yesilOperator();
    expect(await get(c.url, '/api/appeals', op.token)).toBe(200);
    expect(await get(b.url, '/api/appeals', op.token)).toBe(200);
    const onA = await liveSocket(c.url, op.token);
    const onB = await liveSocket(b.url, op.token);

    const t0 = Date.now();
    expect((await c.send('PATCH', `/api/users/${op.id}`, { disabled: true })).http).toBe(200);
    // at once on the node that made the change, within ~2 s on the other
    expect(await get(c.url, '/api/appeals', op.token)).toBe(401);
    expect(await waitFor(async () => (await get(b.url, '/api/appeals', op.token)) === 401, 3000)).toBe(true);
    expect(await within(onA.gone, 3000)).toBe('io server disconnect');
    expect(await within(onB.gone, 3000)).toBe('io server disconnect');
    expect(Date.now() - t0).toBeLessThan(4000);
    // and it cannot come back with its refresh token or a new socket
    expect((await refresh(op.refreshToken)).http).toBe(401);
    const again = connect(b.url, { transports: ['websocket'], reconnection: false, auth: { token: op.token } });
    expect(await new Promise((r) => again.on('connect_error', (e) => r(e.message)))).toBe('unauthorized');
    again.close();
  });

  it('deleting an account ends its token and sockets', async () => {
    const op = await yesilOperator();
    const live = await liveSocket(b.url, op.token);
    expect((await c.send('DELETE', `/api/users/${op.id}`)).http).toBe(204);
    expect(await get(c.url, '/api/appeals', op.token)).toBe(401);
    expect(await within(live.gone, 3000)).toBe('io server disconnect');
  });

  it('a territory change ends the old token; a refresh gives one with the new territory', async () => {
    const op = await yesilOperator();
    expect((await c.get('/api/auth/me', op.token)).districts).toEqual(['astana-yesil']);
    const live = await liveSocket(c.url, op.token);
    expect((await c.send('PATCH', `/api/users/${op.id}`, { districts: ['astana-nura'] })).http).toBe(200);
    expect(await get(c.url, '/api/appeals', op.token)).toBe(401);
    expect(await within(live.gone, 3000)).toBe('io server disconnect');
    const next = await refresh(op.refreshToken);
    expect(next.http).toBe(200);
    expect(await c.get('/api/auth/me', next.token)).toMatchObject({ http: 200, districts: ['astana-nura'] });
  });

  it('a password reset ends every session, refresh tokens included', async () => {
    const op = await yesilOperator();
    const second = await login(op.username);
    expect((await c.send('PATCH', `/api/users/${op.id}`, { password: 'a-new-password-456' })).http).toBe(200);
    expect((await refresh(op.refreshToken)).http).toBe(401);
    expect((await refresh(second.refreshToken)).http).toBe(401);
    expect(await get(c.url, '/api/appeals', second.token)).toBe(401);
    expect((await login(op.username, 'a-new-password-456')).http).toBe(200);
  });

  it('a reused refresh token ends its whole chain: the successor and its access token', async () => {
    const op = await yesilOperator();
    const next = await refresh(op.refreshToken);
    expect(next.http).toBe(200);
    expect(await get(c.url, '/api/appeals', next.token)).toBe(200);
    // someone replays the first (already used) token
    expect((await refresh(op.refreshToken)).http).toBe(401);
    expect((await refresh(next.refreshToken)).http).toBe(401);
    expect(await waitFor(async () => (await get(b.url, '/api/appeals', next.token)) === 401, 3000)).toBe(true);
    // another session of the same user is not touched
    const other = await login(op.username);
    expect(await get(c.url, '/api/appeals', other.token)).toBe(200);
    expect((await refresh(other.refreshToken)).http).toBe(200);
  });

  it('logout ends the session: its access token, its refresh token and its sockets', async () => {
    const op = await yesilOperator();
    const other = await login(op.username);
    const live = await liveSocket(b.url, op.token);
    const r = await fetch(c.url + '/api/auth/logout', {
      method: 'POST',
      headers: { authorization: `Bearer ${op.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ refreshToken: op.refreshToken }),
    });
    expect(r.status).toBe(204);
    expect(await get(c.url, '/api/appeals', op.token)).toBe(401);
    expect((await refresh(op.refreshToken)).http).toBe(401);
    expect(await within(live.gone, 3000)).toBe('io server disconnect');
    // only that session: the user's other login goes on
    expect(await get(c.url, '/api/appeals', other.token)).toBe(200);
  });

  it('revoking a wall token stops its socket on every node', async () => {
    const t = await c.send('POST', '/api/wall-tokens', { name: 'Yesil hall', districts: ['astana-yesil'] });
    expect(t.http).toBe(201);
    const onA = await liveSocket(c.url, t.token);
    const onB = await liveSocket(b.url, t.token);
    let after = 0;
    let revoked = false;
    onB.s.on('events', () => revoked && after++);
    expect((await c.send('DELETE', `/api/wall-tokens/${t.id}`)).http).toBe(204);
    revoked = true;
    expect(await within(onA.gone, 3000)).toBe('io server disconnect');
    expect(await within(onB.gone, 3000)).toBe('io server disconnect');
    expect(await waitFor(async () => (await get(b.url, '/api/snapshot', t.token)) === 401, 3000)).toBe(true);
    expect(after).toBeLessThanOrEqual(1);
  });

  it('refuses an access token without a token version (minted before revocation existed)', async () => {
    const [u] = await c.db.query<{ id: string }>(`SELECT id FROM users WHERE username = 'admin'`);
    const { SignJWT } = await import('jose');
    const secret = (c.tokens as any).secret as Uint8Array;
    const old = await new SignJWT({ usr: 'admin', role: 'admin', dst: null, org: [], knd: 'user' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(String(u.id))
      .setIssuedAt()
      .setExpirationTime('900s')
      .setIssuer('situation-centre')
      .sign(secret);
    expect(await get(c.url, '/api/appeals', old)).toBe(401);
  });
});
