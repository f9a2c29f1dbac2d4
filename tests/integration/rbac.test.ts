// Every route and socket event, as every role (and as nobody): allowed or denied as the contract says.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io as connect } from 'socket.io-client';
import { pgCentre, type TestCentre } from '../helpers/centre';
import { grants, roles, type Permission } from '../../server/auth/roles';
import { appeal, gpsFix, MOSQUITTO_URL, publishAll, uid, waitFor } from '../helpers/services';
import type { EventsPayload } from '../../ingest/schema';

// The contract: which permission each route needs (null = public).
const routes: [method: string, path: string, perm: Permission | null, body?: unknown][] = [
  ['GET', '/api/health', null],
  ['GET', '/metrics', null],
  ['GET', '/api/config', 'live:read'],
  ['GET', '/api/snapshot', 'live:read'],
  ['GET', '/api/stats/rates', 'stats:read'],
  ['GET', '/api/stats/categories', 'stats:read'],
  ['GET', '/api/stats/sla', 'stats:read'],
  ['GET', '/api/dead-letters', 'deadletters:read'],
  ['GET', '/api/users', 'users:manage'],
  ['POST', '/api/users', 'users:manage', {}],
  ['PATCH', '/api/users/999999', 'users:manage', {}],
  ['DELETE', '/api/users/999999', 'users:manage'],
  ['GET', '/api/wall-tokens', 'tokens:manage'],
  ['POST', '/api/wall-tokens', 'tokens:manage', {}],
  ['DELETE', '/api/wall-tokens/nonexistent', 'tokens:manage'],
  ['GET', '/api/audit', 'audit:read'],
  ['GET', '/api/audit/verify', 'audit:read'],
  ['GET', '/api/outbox', 'outbox:read'],
  ['GET', '/api/appeals', 'appeals:read'],
  ['GET', '/api/appeals/nearby?lat=51.1&lon=71.4', 'appeals:read'],
  ['GET', '/api/appeals/none', 'appeals:read'],
  ['POST', '/api/appeals', 'appeals:write', {}],
  ['POST', '/api/appeals/none/transitions', 'appeals:write', { action: 'start' }],
  ['POST', '/api/appeals/none/photos', 'appeals:write'],
  ['GET', '/api/appeals/none/photos/1', 'appeals:read'],
  ['GET', '/api/routing-rules', 'appeals:read'],
  ['PUT', '/api/routing-rules', 'users:manage', []],
  ['GET', '/api/problems', 'stats:read'],
  ['GET', '/api/open311-keys', 'tokens:manage'],
  ['POST', '/api/open311-keys', 'tokens:manage', {}],
  ['DELETE', '/api/open311-keys/000000000000', 'tokens:manage'],
  ['GET', '/open311/v2/services.json', null],
  ['GET', '/api/openapi.json', null],
  ['GET', '/open311/v2/requests.json', null],
];

describe('authorisation matrix', () => {
  let c: TestCentre;
  beforeAll(async () => {
    c = await pgCentre();
  });
  afterAll(() => c?.cleanup());

  it.each(routes)('%s %s as nobody', async (method, path, perm, body) => {
    const r = await c.send(method, path, body, '');
    if (perm === null) expect(r.http).toBeLessThan(400);
    else expect(r).toMatchObject({ http: 401, error: 'unauthorized' });
  });

  it.each(roles)('every route as %s', async (role) => {
    const token = await c.tokenFor(role);
    for (const [method, path, perm, body] of routes) {
      const r = await c.send(method, path, body, token);
      const allowed = perm === null || grants[role].includes(perm);
      if (allowed) expect([method, path, r.http]).not.toEqual([method, path, expect.toSatisfy((s: number) => s === 401 || s === 403)]);
      else expect([method, path, r.http]).toEqual([method, path, 403]);
    }
  });

  it.each(roles)('socket subscribe as %s', async (role) => {
    const s = connect(c.url, { transports: ['websocket'], reconnection: false, auth: { token: await c.tokenFor(role) } });
    const ack: any = await new Promise((r) => s.emit('subscribe', { streams: ['gps'] }, r));
    s.close();
    if (grants[role].includes('live:read')) expect(ack).toMatchObject({ cursor: expect.any(String) });
    else expect(ack.error).toMatch(/^forbidden/);
  });

  it('refuses a socket without a valid token', async () => {
    for (const auth of [{}, { token: 'garbage' }, { token: (await c.tokenFor('admin')).slice(0, -3) + 'abc' }]) {
      const s = connect(c.url, { transports: ['websocket'], reconnection: false, auth });
      expect(await new Promise((r) => s.on('connect_error', (e) => r(e.message)))).toBe('unauthorized');
      s.close();
    }
  });

  it("never sends a district dispatcher another district's events", async () => {
    const token = await c.tokenFor('dispatcher', ['astana-nura']);
    const s = connect(c.url, { transports: ['websocket'], reconnection: false, auth: { token } });
    const got: EventsPayload['items'] = [];
    s.on('events', (p: EventsPayload) => got.push(...p.items));
    expect(await new Promise((r) => s.emit('subscribe', { streams: ['gps', 'appeals'], districts: ['astana-yesil'] }, r))).toMatchObject({ error: expect.stringMatching(/astana-yesil is outside/) });
    expect(await new Promise((r) => s.emit('subscribe', { streams: ['gps', 'appeals'] }, r))).toMatchObject({ cursor: expect.any(String) });
    const nura = uid('g');
    await publishAll(MOSQUITTO_URL, [
      { topic: `${c.prefix}gps/t-9`, payload: JSON.stringify(gpsFix(uid('g'), { lat: 51.128, lon: 71.43 })) }, // Yesil
      { topic: `${c.prefix}appeals`, payload: JSON.stringify(appeal(uid('a'), { lat: 51.128, lon: 71.43 })) }, // Yesil
      { topic: `${c.prefix}appeals`, payload: JSON.stringify(appeal(uid('a'), { lat: undefined, lon: undefined })) }, // no district
      { topic: `${c.prefix}gps/t-8`, payload: JSON.stringify(gpsFix(nura, { lat: 51.09, lon: 71.36 })) }, // Nura
    ]);
    await waitFor(() => got.some((e) => e.id === nura));
    await new Promise((r) => setTimeout(r, 300));
    s.close();
    expect(got.map((e) => e.district)).toEqual(['astana-nura']);
    const snap = await c.get('/api/snapshot', token);
    expect(snap.http).toBe(200);
    expect([...snap.vehicles, ...snap.appeals].every((e: any) => e.district === 'astana-nura')).toBe(true);
  });
});
