// Every route and socket event, as every role — city-wide, district-scoped and organisation-scoped — and as
// nobody: allowed or denied as the contract below says. The contract is written out here (not read from
// server/access/roles.ts, the code under test); change it here when the contract changes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io as connect } from 'socket.io-client';
import { pgCentre, type TestCentre } from '../helpers/centre';
import { roles, type Role } from '../../server/access/roles';
import { appeal, gpsFix, MOSQUITTO_URL, publishAll, uid, waitFor } from '../helpers/services';
import type { EventsPayload } from '../../ingest/schema';

// What each role may do.
const ALL = ['live:read', 'stats:read', 'personal:read', 'deadletters:read', 'outbox:read', 'appeals:read', 'appeals:write', 'appeals:triage', 'users:manage', 'tokens:manage', 'audit:read', 'metrics:read', 'crews:read', 'crews:write', 'incidents:read', 'incidents:write', 'alarms:read', 'alarms:write'];
const grants: Record<Role, string[]> = {
  admin: ALL,
  // dead letters (raw payloads with contact data) and the citizens' outbox are for the admin only
  // setting the district of an appeal in the triage queue (within one's own territory)
  // crews: the dispatcher manages them (in its territory), the centre's head and operators read them
  // incident cases: the dispatcher and the centre's head move them through their lifecycle, operators read them
  // alarms: the dispatcher and the centre's head acknowledge and clear them (and import CAP alerts); operators and
  // department heads read them
  centre_head: ['live:read', 'stats:read', 'personal:read', 'appeals:read', 'appeals:write', 'appeals:triage', 'metrics:read', 'crews:read', 'incidents:read', 'incidents:write', 'alarms:read', 'alarms:write'],
  operator: ['live:read', 'stats:read', 'personal:read', 'appeals:read', 'appeals:write', 'appeals:triage', 'crews:read', 'incidents:read', 'alarms:read'],
  dispatcher: ['live:read', 'stats:read', 'appeals:read', 'crews:read', 'crews:write', 'incidents:read', 'incidents:write', 'alarms:read', 'alarms:write'],
  crew: ['live:read', 'appeals:read'],
  executor: ['stats:read', 'personal:read', 'appeals:read', 'appeals:write'],
  department_head: ['live:read', 'stats:read', 'appeals:read', 'alarms:read'],
  deputy_akim: ['live:read', 'stats:read', 'appeals:read'],
  akim: ['live:read', 'stats:read', 'appeals:read'],
  analyst: ['stats:read', 'appeals:read'],
  wall_screen: ['live:read', 'stats:read'],
};

// Who may call each route: a permission; 'anyone' (public: every caller gets `want`, or a status below 400);
// 'signed-in' (any valid token).
type Need = string;
const CONFIRM = 'A'.repeat(24); // a well-formed citizen link token that was never issued
const routes: [method: string, path: string, need: Need, body?: unknown, want?: number][] = [
  ['GET', '/api/health', 'anyone'],
  ['GET', '/metrics', 'anyone'],
  ['POST', '/api/auth/refresh', 'anyone', { refreshToken: 'r'.repeat(40) }, 401],
  ['POST', '/api/auth/logout', 'anyone', { refreshToken: 'r'.repeat(40) }, 204],
  ['GET', '/api/auth/me', 'signed-in'],
  ['POST', `/api/confirm/${CONFIRM}`, 'anyone', { satisfied: true }, 404],
  ['GET', `/api/confirm/${CONFIRM}`, 'anyone', undefined, 404],
  ['GET', '/api/config', 'signed-in'],
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
  ['POST', '/api/appeals/none/district', 'appeals:triage', { district: 'astana-yesil' }],
  ['GET', '/api/appeals/none/photos/1', 'appeals:read'],
  // a signed photo URL needs no token; one not signed by the centre is refused whoever asks
  ['GET', `/api/appeals/none/photos/1?exp=1&sig=${'A'.repeat(43)}`, 'anyone', undefined, 403],
  ['GET', '/api/appeals/none/outbox', 'appeals:read'],
  ['POST', '/api/appeals/none/outbox/resend', 'appeals:write'],
  ['GET', '/api/routing-rules', 'appeals:read'],
  ['PUT', '/api/routing-rules', 'users:manage', []],
  ['POST', '/api/routing-rules', 'users:manage', {}],
  ['PATCH', '/api/routing-rules/999999', 'users:manage', {}],
  ['DELETE', '/api/routing-rules/999999', 'users:manage'],
  ['GET', '/api/organisations', 'appeals:read'],
  ['POST', '/api/organisations', 'users:manage', {}],
  ['PATCH', '/api/organisations/no-such-org', 'users:manage', {}],
  ['GET', '/api/problems', 'stats:read'],
  ['GET', '/api/open311-keys', 'tokens:manage'],
  ['POST', '/api/open311-keys', 'tokens:manage', {}],
  ['DELETE', '/api/open311-keys/000000000000', 'tokens:manage'],
  ['GET', '/api/crews', 'crews:read'],
  ['GET', '/api/crews/99999999', 'crews:read'],
  ['POST', '/api/crews', 'crews:write', {}],
  ['PATCH', '/api/crews/99999999', 'crews:write', { state: 'available' }],
  ['DELETE', '/api/crews/99999999', 'crews:write'],
  ['GET', '/api/incidents', 'incidents:read'],
  ['GET', '/api/incidents/99999999', 'incidents:read'],
  ['GET', '/api/incidents/99999999/cap', 'incidents:read'],
  ['PATCH', '/api/incidents/99999999/state', 'incidents:write', { state: 'assigned' }],
  ['POST', '/api/incidents/99999999/state', 'incidents:write', { state: 'assigned' }],
  ['GET', '/api/cameras', 'incidents:read'],
  ['GET', '/api/alarms', 'alarms:read'],
  ['GET', '/api/alarms/99999999', 'alarms:read'],
  ['POST', '/api/alarms/99999999/ack', 'alarms:write', {}],
  ['POST', '/api/alarms/99999999/clear', 'alarms:write', {}],
  ['POST', '/api/cap', 'alarms:write', {}],
  // devices, no token: an unregistered device id is refused alike for every caller
  ['GET', '/osmand?id=no-such-device&lat=51.1&lon=71.4', 'anyone', undefined, 403],
  ['GET', '/open311/v2/services.json', 'anyone'],
  ['GET', '/api/openapi.json', 'anyone'],
  ['GET', '/open311/v2/requests.json', 'anyone'],
  // Open311 takes its own API key, never a session: without a valid key every caller is refused alike
  ['POST', '/open311/v2/requests.json', 'anyone', { api_key: 'not-a-key', service_code: 'roads.repair', lat: '51.13', long: '71.43' }, 403],
];

/** The status a caller must get: an exact one, or 'passes' (authorised: any status below 500 but 401/403). */
function expected(role: Role | null, need: Need, want?: number): number | 'passes' {
  if (need === 'anyone') return want ?? 'passes';
  if (role === null) return 401;
  if (need === 'signed-in') return 'passes';
  return grants[role].includes(need) ? 'passes' : 403;
}

// the scopes each role is tried with: the whole city, one district, one organisation
const scopes: [name: string, districts: string[] | null, organisations: string[]][] = [
  ['city-wide', null, []],
  ['district astana-yesil', ['astana-yesil'], []],
  ['organisation akimat-yesil', null, ['akimat-yesil']],
];

describe('authorisation matrix', () => {
  let c: TestCentre;
  beforeAll(async () => {
    c = await pgCentre();
  });
  afterAll(() => c?.cleanup());

  it('covers every role the server knows', () => {
    expect([...roles].sort()).toEqual(Object.keys(grants).sort());
  });

  const check = async (role: Role | null, token: string) => {
    const seen: string[] = [];
    const bad: string[] = [];
    for (const [method, path, need, body, want] of routes) {
      const r = await c.send(method, path, body, token);
      const exp = expected(role, need, want);
      seen.push(path);
      const ok = exp === 'passes' ? r.http < 500 && r.http !== 401 && r.http !== 403 : r.http === exp;
      if (!ok) bad.push(`${method} ${path}: ${r.http}, expected ${exp === 'passes' ? 'authorised (<500, not 401/403)' : exp}`);
      if (exp === 401) expect(r.error).toBe('unauthorized');
    }
    expect(seen).toHaveLength(routes.length);
    expect(bad).toEqual([]);
  };

  it('every route as nobody', async () => {
    await check(null, '');
  });

  // login hashes (seconds under load), so it is tried once without and once with a session, not in every row
  it('POST /api/auth/login is public: a wrong password is 401 with or without a session', async () => {
    const body = { username: 'nobody-here', password: 'not the password' };
    expect(await c.send('POST', '/api/auth/login', body, '')).toMatchObject({ http: 401, error: 'unauthorized' });
    expect(await c.send('POST', '/api/auth/login', body, await c.tokenFor('crew', ['astana-yesil']))).toMatchObject({ http: 401, error: 'unauthorized' });
  });

  for (const [scope, districts, organisations] of scopes)
    it.each(roles)(`every route as %s, ${scope}`, async (role) => {
      await check(role, await c.tokenFor(role, districts, organisations));
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
    const seen = [...snap.vehicles, ...snap.appeals];
    expect(seen.length).toBeGreaterThanOrEqual(1);
    expect(seen.map((e: any) => e.district)).toEqual(seen.map(() => 'astana-nura'));
    expect(await c.get('/api/snapshot?districts=astana-yesil', token)).toMatchObject({ http: 403 });
  });

  it('shows an appeal to the users of its district and its executor only', async () => {
    const id = uid('a');
    await publishAll(MOSQUITTO_URL, [{ topic: `${c.prefix}appeals`, payload: JSON.stringify(appeal(id, { lat: 51.128, lon: 71.43 })) }]); // Yesil
    const row = await waitFor(async () => (await c.db.query<any>('SELECT district, executor_org FROM appeal_state WHERE id = $1', [id]))[0]);
    expect(row).toMatchObject({ district: 'astana-yesil', executor_org: expect.any(String) });
    const as = async (role: Role, districts: string[] | null, orgs: string[] = []) => (await c.get(`/api/appeals/${id}`, await c.tokenFor(role, districts, orgs))).http;
    const listed = async (role: Role, districts: string[] | null, orgs: string[] = []) =>
      ((await c.get('/api/appeals?limit=200', await c.tokenFor(role, districts, orgs))).items as any[]).some((x) => x.id === id);
    expect(await as('operator', ['astana-yesil'])).toBe(200);
    expect(await as('operator', ['astana-nura'])).toBe(404);
    expect(await listed('operator', ['astana-yesil'])).toBe(true);
    expect(await listed('operator', ['astana-nura'])).toBe(false);
    expect(await as('executor', null, [row.executor_org])).toBe(200);
    expect(await as('executor', null, ['some-other-org'])).toBe(404);
    expect(await listed('executor', null, [row.executor_org])).toBe(true);
    expect(await listed('executor', null, ['some-other-org'])).toBe(false);
    expect((await c.get('/api/appeals?district=astana-yesil', await c.tokenFor('operator', ['astana-nura']))).http).toBe(403);
  });
});
