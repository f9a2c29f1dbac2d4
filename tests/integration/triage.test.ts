// Issue 12, item 1: no appeal is ever invisible to everyone. An appeal registered without a district (no point,
// or a point outside every district) goes to the triage queue: the centre's supervisors (city-wide) and whoever
// registered it see it, nobody else; a triager moves it into a district's queue (audited, in its history, live),
// after which that district's users see it. The creator can always open what they registered.
// Every account here has its own username: tokens of one username are one account (the creator check is by account).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io as connect, type Socket } from 'socket.io-client';
import { pgCentre, type TestCentre } from '../helpers/centre';
import { uid, waitFor } from '../helpers/services';
import type { EventsPayload } from '../../ingest/schema';

const YESIL = { lat: 51.128, lon: 71.43 };
const form = { channel: 'front_office', category: 'housing.stairwell', text: 'В подъезде не горит свет, адрес со слов заявителя' };

describe('triage queue (issue 12 item 1)', () => {
  let c: TestCentre;
  let yesilOperator: string; // registers the appeals
  let yesilOperator2: string; // another account of the same district
  let nuraOperator: string;
  let supervisor: string; // the centre's head, city-wide
  let cityOperator: string; // a centre operator, city-wide
  let yesilDispatcher: string;
  let nuraHead: string; // a centre head scoped to one district
  let analyst: string; // city-wide, may read but not triage
  beforeAll(async () => {
    c = await pgCentre();
    const as = (username: string, role: Parameters<TestCentre['tokenAs']>[0]['role'], districts: string[] | null) => c.tokenAs({ username, role, districts });
    yesilOperator = await as('op-yesil', 'operator', ['astana-yesil']);
    yesilOperator2 = await as('op-yesil-2', 'operator', ['astana-yesil']);
    nuraOperator = await as('op-nura', 'operator', ['astana-nura']);
    supervisor = await as('head-city', 'centre_head', null);
    cityOperator = await as('op-city', 'operator', null);
    yesilDispatcher = await as('disp-yesil', 'dispatcher', ['astana-yesil']);
    nuraHead = await as('head-nura', 'centre_head', ['astana-nura']);
    analyst = await as('analyst-city', 'analyst', null);
  });
  afterAll(() => c?.cleanup());

  const card = async (id: string, token: string) => (await c.get(`/api/appeals/${id}`, token)).http;
  const ids = async (query: string, token: string): Promise<string[]> => {
    const r = await c.get(`/api/appeals?limit=200&${query}`, token);
    expect(r.http).toBe(200);
    return (r.items as { id: string }[]).map((x) => x.id);
  };

  it('an appeal without a point, registered by a district operator, is seen by its creator and the supervisors only — until it is triaged', async () => {
    const created = await c.send('POST', '/api/appeals', form, yesilOperator);
    expect(created).toMatchObject({ http: 201, district: null, status: 'assigned', number: expect.stringMatching(/^AST-/) });
    const id: string = created.id;
    // its creator: the card (with the citizen's words), "mine", the triage queue and the plain queue
    expect(await c.get(`/api/appeals/${id}`, yesilOperator)).toMatchObject({ http: 200, appeal: { id, district: null, text: form.text } });
    expect(await ids('mine=1', yesilOperator)).toContain(id);
    expect(await ids('triage=1', yesilOperator)).toEqual([id]);
    expect(await ids('', yesilOperator)).toContain(id);
    // the centre's supervisors (city-wide): card and triage queue
    expect(await card(id, supervisor)).toBe(200);
    expect(await ids('triage=1', supervisor)).toContain(id);
    expect(await ids('triage=1', cityOperator)).toContain(id);
    // nobody else: another district's operator, another account of the same district, the district's dispatcher,
    // a district-scoped head — no card, not in any list
    for (const token of [nuraOperator, yesilOperator2, yesilDispatcher, nuraHead]) {
      expect(await card(id, token)).toBe(404);
      expect(await ids('', token)).not.toContain(id);
      expect(await ids('triage=1', token)).not.toContain(id);
      expect(await ids('mine=1', token)).not.toContain(id);
    }
    const triage = await c.get('/api/appeals?triage=1', supervisor);
    expect(triage.total).toBeGreaterThanOrEqual(1);
    expect((triage.items as { district: string | null }[]).every((x) => x.district === null)).toBe(true);

    // the supervisor moves it into Yesil: its history, its audit row, the district's live stream
    const live: Socket = connect(c.url, { transports: ['websocket'], reconnection: false, auth: { token: yesilDispatcher } });
    const got: EventsPayload['items'] = [];
    live.on('events', (p: EventsPayload) => got.push(...p.items));
    expect(await new Promise((r) => live.emit('subscribe', { streams: ['appeals'] }, r))).toMatchObject({ cursor: expect.any(String) });
    const moved = await c.send('POST', `/api/appeals/${id}/district`, { district: 'astana-yesil' }, supervisor);
    expect(moved).toMatchObject({ http: 200, appeal: { id, district: 'astana-yesil', executor: 'akimat-yesil', rev: created.rev + 1 } });
    const event = await waitFor(() => got.find((e) => e.id === id));
    live.close();
    expect(event).toMatchObject({ district: 'astana-yesil', executor: 'akimat-yesil' });

    // now the district's dispatcher and the other Yesil operator see it; it has left the triage queue
    expect(await card(id, yesilDispatcher)).toBe(200);
    expect(await ids('', yesilDispatcher)).toContain(id);
    expect(await card(id, yesilOperator2)).toBe(200);
    expect(await ids('triage=1', supervisor)).not.toContain(id);
    expect(await ids('triage=1', yesilOperator)).not.toContain(id);
    expect(await ids('mine=1', yesilOperator)).toContain(id);
    // Nura still does not
    expect(await card(id, nuraOperator)).toBe(404);

    const detail = await c.get(`/api/appeals/${id}`, yesilDispatcher);
    const step = (detail.timeline as { type: string; actor: string; data: Record<string, unknown> }[]).find((e) => e.type === 'district');
    expect(step).toMatchObject({ actor: 'head-city', data: { district: 'astana-yesil', org: 'akimat-yesil', previous: 'astana-akimat' } });
    const audit = (await c.get(`/api/audit?action=appeal.district&target=appeal:${id}`)).items as { actor: string; role: string }[];
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor: 'head-city', role: 'centre_head' });
    // a second move is refused: it has a district now
    expect(await c.send('POST', `/api/appeals/${id}/district`, { district: 'astana-nura' }, supervisor)).toMatchObject({ http: 422, field: 'district', code: 'appeal.not_allowed' });
    expect((await c.get(`/api/appeals/${id}`, supervisor)).appeal.district).toBe('astana-yesil');
  });

  it('only those who may triage, only what they can see, only into their own territory', async () => {
    const { id } = await c.send('POST', '/api/appeals', form, yesilOperator);
    // a dispatcher and an analyst may not triage (the analyst, city-wide, may see it)
    expect(await c.send('POST', `/api/appeals/${id}/district`, { district: 'astana-yesil' }, yesilDispatcher)).toMatchObject({ http: 403, code: 'auth.forbidden' });
    expect(await card(id, analyst)).toBe(200);
    expect(await c.send('POST', `/api/appeals/${id}/district`, { district: 'astana-yesil' }, analyst)).toMatchObject({ http: 403 });
    // a Nura head cannot see it: 404, as for any appeal outside one's territory
    expect(await c.send('POST', `/api/appeals/${id}/district`, { district: 'astana-nura' }, nuraHead)).toMatchObject({ http: 404 });
    // its creator may place it, but only into their own territory
    expect(await c.send('POST', `/api/appeals/${id}/district`, { district: 'astana-nura' }, yesilOperator)).toMatchObject({ http: 403, field: 'district', code: 'auth.outside_territory' });
    expect(await c.send('POST', `/api/appeals/${id}/district`, { district: 'nowhere' }, yesilOperator)).toMatchObject({ http: 400, field: 'district' });
    expect((await c.get(`/api/appeals/${id}`)).appeal.district).toBeNull();
    expect(await c.send('POST', `/api/appeals/${id}/district`, { district: 'astana-yesil' }, yesilOperator)).toMatchObject({ http: 200, appeal: { district: 'astana-yesil' } });
    expect((await c.get(`/api/audit?action=appeal.district&target=appeal:${id}`)).items).toHaveLength(1);
  });

  it('an appeal routed outside the creator’s reach still opens for its creator', async () => {
    // an executor's clerk registers an appeal that routing gives to another organisation
    const clerk = await c.tokenAs({ username: 'clerk-roads', role: 'executor', districts: null, organisations: ['astana-roads'] });
    const created = await c.send('POST', '/api/appeals', { ...form, ...YESIL, category: 'heating.no_heat' }, clerk);
    expect(created).toMatchObject({ http: 201, executor: 'astana-teplotranzit', district: 'astana-yesil' });
    expect(await card(created.id, clerk)).toBe(200);
    expect(await ids('mine=1', clerk)).toEqual([created.id]);
    expect(await ids('', clerk)).toContain(created.id);
    // another clerk of the same organisation does not see it
    const other = await c.tokenAs({ username: 'clerk-roads-2', role: 'executor', districts: null, organisations: ['astana-roads'] });
    expect(await card(created.id, other)).toBe(404);
  });

  it('registering in another district is refused before anything is stored (it never vanishes)', async () => {
    const id = uid('http');
    expect(await c.send('POST', '/api/appeals', { ...form, id, district: 'astana-nura' }, yesilOperator)).toMatchObject({ http: 403, field: 'district', code: 'auth.outside_territory' });
    expect(await c.db.query('SELECT 1 FROM appeals WHERE id = $1', [id])).toHaveLength(0);
  });

  it('the triage count; the creator is stored as the account', async () => {
    const before = (await c.get('/api/appeals?triage=1&limit=1', supervisor)).total as number;
    const r = await c.send('POST', '/api/appeals', { ...form, text: 'ещё одно без адреса' }, cityOperator);
    expect(r).toMatchObject({ http: 201, district: null });
    expect((await c.get('/api/appeals?triage=1&limit=1', supervisor)).total).toBe(before + 1);
    const [row] = await c.db.query<{ created_by: string | null }>('SELECT created_by FROM appeal_state WHERE id = $1', [r.id]);
    const [user] = await c.db.query<{ id: string }>(`SELECT id::text FROM users WHERE username = 'op-city'`);
    expect(row.created_by).toBe(user.id);
    expect(await c.send('GET', '/api/appeals?triage=maybe', undefined, supervisor)).toMatchObject({ http: 400, field: 'triage' });
  });
});
