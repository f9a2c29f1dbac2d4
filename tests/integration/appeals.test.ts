// The appeals registry end to end, over the real Mosquitto and PostgreSQL: registration, routing, repeats,
// lifecycle with evidence and confirmation, detectors, SLA clocks, personal data and its audit.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io as connect } from 'socket.io-client';
import { pgCentre, type TestCentre } from '../helpers/centre';
import { appeal, metric, MOSQUITTO_URL, publishAll, uid, waitFor } from '../helpers/services';
import { deadlinePass } from '../../server/appeals/sla/clock';
import { systemicPass } from '../../server/appeals/detectors/problems';
import type { EventsPayload } from '../../ingest/schema';

describe('appeals registry', () => {
  let c: TestCentre;
  beforeAll(async () => {
    c = await pgCentre();
  });
  afterAll(() => c?.cleanup());

  const post = (id: string, extra: Record<string, unknown> = {}) => publishAll(MOSQUITTO_URL, [{ topic: `${c.prefix}appeals`, payload: JSON.stringify(appeal(id, extra)) }]);
  const get = async (id: string, token?: string) => c.get(`/api/appeals/${id}`, token);
  const registered = (id: string) => waitFor(async () => ((await get(id)).http === 200 ? get(id) : null));
  const act = (id: string, body: Record<string, unknown>, token?: string) => c.send('POST', `/api/appeals/${id}/transitions`, body, token);

  it('registers an MQTT appeal: number, executor, legal deadline, first events', async () => {
    const id = uid('a');
    await post(id, { category: 'roads.repair', lat: 51.1601, lon: 71.4701, text: 'Яма на дороге' });
    const r = await registered(id);
    expect(r.appeal).toMatchObject({ id, status: 'assigned', executor: 'astana-roads', sla: 'on_time', category: 'roads.repair', district: expect.any(String) });
    expect(r.appeal.number).toMatch(/^AST-\d{4}-\d{7}$/);
    expect(Date.parse(r.appeal.dueAt)).toBeGreaterThan(Date.now() + 14 * 86400_000);
    expect(r.timeline.map((e: any) => [e.type, e.to])).toEqual([['registered', 'registered'], ['assign', 'assigned']]);
    expect(r.allowedActions).toEqual(expect.arrayContaining(['start', 'answer', 'extend', 'forward']));
  });

  it('registers from the intake table what a crash left unregistered', async () => {
    const id = uid('a');
    // an intake row committed, and the process gone before its registration
    await c.db.query(
      `INSERT INTO appeals (id, ts, channel, sphere, category, text, lat, lon, district, kind) VALUES ($1, now(), 'email', 'water', 'water.supply', 'Нет воды', 51.15, 71.45, 'astana-yesil', 'appeal')`,
      [id],
    );
    expect((await get(id)).http).toBe(404);
    expect(await c.registry.catchUp()).toBeGreaterThanOrEqual(1);
    expect((await get(id)).appeal).toMatchObject({ status: 'assigned', executor: 'astana-su-arnasy' });
    expect(await c.registry.catchUp()).toBe(0);
  });

  it('links a repeat within 50 m to the first appeal and suggests it at registration', async () => {
    const first = uid('a');
    const again = uid('a');
    const elsewhere = uid('a');
    await post(first, { category: 'street_lighting.lamp_out', lat: 51.12, lon: 71.44 });
    await registered(first);
    await post(again, { category: 'street_lighting.lamp_out', lat: 51.12025, lon: 71.44025 }); // ~33 m
    await post(elsewhere, { category: 'street_lighting.lamp_out', lat: 51.1215, lon: 71.44 }); // ~170 m
    const r = await registered(again);
    expect(r.appeal).toMatchObject({ repeatOf: first, flags: ['repeat'] });
    expect((await registered(elsewhere)).appeal.repeatOf).toBeNull();
    expect((await get(first)).appeal.repeats).toBe(1);
    const near = await c.get(`/api/appeals/nearby?lat=51.1201&lon=71.4401&category=street_lighting.lamp_out`);
    expect(near.items.map((x: any) => x.id)).toEqual(expect.arrayContaining([first, again]));
    expect(near.items.map((x: any) => x.id)).not.toContain(elsewhere);
  });

  it('flags an escalation: the same problem raised again at the national level', async () => {
    const local = uid('a');
    await post(local, { category: 'water.sewer', lat: 51.1444, lon: 71.4111, channel: 'phone_109' });
    await registered(local);
    const higher = uid('a');
    await post(higher, { category: 'water.sewer', lat: 51.14445, lon: 71.41112, channel: 'presidential_virtual_reception' });
    expect((await registered(higher)).appeal).toMatchObject({ repeatOf: local, flags: expect.arrayContaining(['repeat', 'escalated']) });
    // a first appeal at the national level about a new problem is not an escalation
    const fresh = uid('a');
    await post(fresh, { category: 'water.sewer', lat: 51.17, lon: 71.5, channel: 'presidential_virtual_reception' });
    expect((await registered(fresh)).appeal.flags).toEqual([]);
    const m = await c.get('/metrics');
    expect(metric(m, 'appeals_detector_findings_total', { detector: 'escalated' })).toBeGreaterThanOrEqual(1);
  });

  it('routes a complaint about an organisation one level up, and refuses to forward it back', async () => {
    const id = uid('a');
    await post(id, { kind: 'complaint', category: 'heating.no_heat', about: { org: 'astana-teplotranzit' } });
    const r = await registered(id);
    expect(r.appeal).toMatchObject({ executor: 'astana-energy-housing', flags: ['routed_up'], about: { org: 'astana-teplotranzit' } });
    const back = await act(id, { action: 'forward', org: 'astana-teplotranzit', reason: 'по компетенции' });
    expect(back).toMatchObject({ http: 422, field: 'org', message: expect.stringMatching(/conflict of interest/) });
  });

  it('runs the lifecycle with reasons, refuses invalid steps, flags runaround', async () => {
    const id = uid('a');
    await post(id, { category: 'water.supply' });
    await registered(id);
    expect(await act(id, { action: 'confirm' })).toMatchObject({ http: 422, field: 'action' });
    expect(await act(id, { action: 'extend' })).toMatchObject({ http: 422, field: 'reason' });
    expect(await act(id, { action: 'nonsense' })).toMatchObject({ http: 400, field: 'action' });
    expect((await act(id, { action: 'forward', org: 'astana-energy-housing', reason: 'не наша компетенция' })).appeal.reroutes).toBe(1);
    const second = await act(id, { action: 'forward', org: 'akimat-yesil', reason: 'вопрос района' });
    expect(second.appeal).toMatchObject({ reroutes: 2, flags: expect.arrayContaining(['runaround']), executor: 'akimat-yesil' });
    expect((await act(id, { action: 'start' })).appeal.status).toBe('in_progress');
    const ext = await act(id, { action: 'extend', reason: 'требуется замена трубы' });
    expect(ext.appeal.status).toBe('extended');
    expect(await act(id, { action: 'extend', reason: 'ещё раз' })).toMatchObject({ http: 422, message: expect.stringMatching(/already extended/) });
    const r = await get(id);
    expect(r.timeline.map((e: any) => e.type)).toEqual(['registered', 'assign', 'forward', 'forward', 'start', 'extend']);
    expect(r.timeline[2]).toMatchObject({ actor: 'test-admin', role: 'admin', reason: 'не наша компетенция' });
    const audit = await c.get(`/api/audit?target=appeal:${id}`);
    expect(audit.items.map((x: any) => x.action)).toEqual(expect.arrayContaining(['appeal.forward', 'appeal.start', 'appeal.extend']));
  });

  it('keeps answered apart from resolved: the citizen confirms or reopens', async () => {
    const id = uid('a');
    await post(id, { category: 'sanitation.household_waste', text: 'Не вывозят мусор во дворе дома Кенесары 40 уже неделю' });
    await registered(id);
    const ans = await act(id, { action: 'answer', text: 'Мусор во дворе дома по ул. Кенесары 40 вывезен 24.11.2026, контейнерная площадка убрана, фотоотчёт приложен.' });
    expect(ans.appeal).toMatchObject({ status: 'answered', sla: 'met' });
    expect(ans.appeal.resolvedAt).toBeNull();
    expect(ans.appeal.formal.score).toBeLessThan(0.6);
    expect(ans.confirmSent).toBe(true);
    // the citizen gets the link through the outbox (read here as the admin who runs it)
    const link = async () => {
      const m = (await c.get(`/api/outbox?appeal=${id}`)).items[0].body.match(/\/confirm\/([A-Za-z0-9_-]{20,})/);
      expect(m).not.toBeNull();
      return m[1] as string;
    };
    const token = await link();
    const no = await c.send('POST', `/api/confirm/${token}`, { satisfied: false, comment: 'мусор снова лежит' }, '');
    expect(no).toMatchObject({ http: 200, status: 'reopened' });
    expect(await c.send('POST', `/api/confirm/${token}`, { satisfied: true }, '')).toMatchObject({ http: 410, code: 'confirm.used' });
    await act(id, { action: 'assign', org: 'astana-tazalyk' });
    await act(id, { action: 'answer', text: 'Мусор вывезен повторно 25.11.2026 в 09:00, график вывоза изменён на ежедневный.' });
    const token2 = await link();
    expect(token2).not.toBe(token);
    expect(await c.send('POST', `/api/confirm/${token2}`, { satisfied: true }, '')).toMatchObject({ http: 200, status: 'citizen_confirmed' });
    expect((await get(id)).appeal.resolvedAt).not.toBeNull();
  });

  it('flags a formal brush-off answer and raises an alarm', async () => {
    const s = connect(c.url, { transports: ['websocket'], reconnection: false, auth: { token: c.token } });
    const alarms: any[] = [];
    s.on('events', (p: EventsPayload) => alarms.push(...p.items.filter((e) => e.stream === 'alarms')));
    await new Promise((r) => s.emit('subscribe', { streams: ['alarms', 'appeals'] }, r));
    const id = uid('a');
    await post(id, { category: 'roads.repair', text: 'Огромная яма у школы №12' });
    await registered(id);
    const ans = await act(id, { action: 'answer', text: 'Ваше обращение рассмотрено. Разъяснено в соответствии с законодательством.' });
    expect(ans.appeal.flags).toContain('formal_reply');
    expect(ans.appeal.formal.score).toBeGreaterThanOrEqual(0.6);
    await waitFor(() => alarms.some((a) => a.kind === 'formal_reply' && a.appealId === id));
    expect(alarms.find((a) => a.kind === 'formal_reply' && a.appealId === id).data).toMatchObject({ number: ans.appeal.number, score: ans.appeal.formal.score });
    s.close();
  });

  it('hides personal data from roles without access, and audits every view of it', async () => {
    const id = uid('a');
    await post(id, { citizen: { name: 'Айгерим Серикова', phone: '+77011234567' } });
    await registered(id);
    const asOperator = await get(id, await c.tokenFor('operator'));
    expect(asOperator.appeal.citizen).toEqual({ name: 'Айгерим Серикова', phone: '+77011234567' });
    const asDispatcher = await get(id, await c.tokenFor('dispatcher'));
    expect(asDispatcher.appeal.citizen).toBeUndefined();
    expect(JSON.stringify(asDispatcher)).not.toContain('77011234567');
    const list = await c.get('/api/appeals?limit=200');
    expect(JSON.stringify(list)).not.toContain('77011234567');
    const audit = await c.get(`/api/audit?action=personal.view&target=appeal:${id}&actor=test-operator`);
    expect(audit.items).toHaveLength(1);
    expect(audit.items[0]).toMatchObject({ actor: 'test-operator', role: 'operator', target: `appeal:${id}` });
    // the dispatcher saw no personal data, so there is nothing to audit for them
    expect((await c.get(`/api/audit?action=personal.view&actor=test-dispatcher`)).items).toHaveLength(0);
  });

  it('lists with filters and cursor pagination, within the territory', async () => {
    const ids = Array.from({ length: 7 }, () => uid('a'));
    await publishAll(MOSQUITTO_URL, ids.map((id) => ({ topic: `${c.prefix}appeals`, payload: JSON.stringify(appeal(id, { category: 'education.school', lat: 51.09, lon: 71.36 })) })));
    await waitFor(async () => (await c.get('/api/appeals?category=education.school&limit=200')).items.length === 7);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: any = await c.get(`/api/appeals?category=education.school&limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...page.items.map((x: any) => x.id));
      cursor = page.next;
    } while (cursor);
    expect(seen.sort()).toEqual([...ids].sort());
    expect(await c.get('/api/appeals?status=flying')).toMatchObject({ http: 400, field: 'status.0' });
    const nura = await c.tokenFor('operator', ['astana-nura']);
    expect(await c.get('/api/appeals?district=astana-yesil', nura)).toMatchObject({ http: 403 });
    const mine = await c.get('/api/appeals?limit=200', nura);
    expect(mine.items.length).toBeGreaterThanOrEqual(7);
    expect(mine.items.every((x: any) => x.district === 'astana-nura')).toBe(true);
    const other = (await c.get('/api/appeals?limit=1&district=astana-yesil')).items[0];
    expect((await get(other.id, nura)).http).toBe(404);
  });

  it('describes the REST API in an OpenAPI document', async () => {
    const doc = await c.get('/api/openapi.json', '');
    expect(doc).toMatchObject({ http: 200, openapi: '3.1.0' });
    for (const path of ['/api/appeals', '/api/appeals/{id}/transitions', '/api/auth/login', '/api/snapshot']) expect(doc.paths[path]).toBeDefined();
    expect(doc.paths['/api/appeals'].post.requestBody.content['application/json'].schema.properties.category.enum).toContain('heating.no_heat');
  });

  it('accepts appeals over HTTP through the same intake, with field-named errors', async () => {
    const bad = await c.send('POST', '/api/appeals', { channel: 'phone_109', category: 'roads.repair', text: 'x', lat: 99, lon: 71 });
    expect(bad).toMatchObject({ http: 400, field: 'lat' });
    const ok = await c.send('POST', '/api/appeals', { channel: 'front_office', category: 'roads.sidewalk', text: 'Разбит тротуар', lat: 51.15, lon: 71.42 }, await c.tokenFor('operator'));
    expect(ok).toMatchObject({ http: 201, status: 'assigned', executor: 'astana-roads', number: expect.stringMatching(/^AST-/) });
  });

  it('stores photo evidence checked by content and size', async () => {
    const id = uid('a');
    await post(id);
    await registered(id);
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(100, 1)]);
    const up = await fetch(`${c.url}/api/appeals/${id}/photos`, { method: 'POST', headers: { authorization: `Bearer ${c.token}`, 'content-type': 'image/jpeg' }, body: png });
    expect(up.status).toBe(201);
    expect(await up.json()).toMatchObject({ mime: 'image/png', size: 108 });
    const fake = await fetch(`${c.url}/api/appeals/${id}/photos`, { method: 'POST', headers: { authorization: `Bearer ${c.token}`, 'content-type': 'image/jpeg' }, body: Buffer.from('<script>alert(1)</script>') });
    expect(fake.status).toBe(415);
    const big = await fetch(`${c.url}/api/appeals/${id}/photos`, { method: 'POST', headers: { authorization: `Bearer ${c.token}`, 'content-type': 'image/png' }, body: Buffer.concat([png, Buffer.alloc(6 * 1024 * 1024)]) });
    expect(big.status).toBe(413);
    const card = await get(id);
    expect(card.photos).toHaveLength(1);
    const img = await fetch(c.url + card.photos[0].url, { headers: { authorization: `Bearer ${c.token}` } });
    expect(img.headers.get('content-type')).toBe('image/png');
  });

  it('turns SLA clocks live: overdue is written, pushed and alarmed', async () => {
    const id = uid('a');
    await post(id, { category: 'roads.parking' });
    await registered(id);
    const s = connect(c.url, { transports: ['websocket'], reconnection: false, auth: { token: c.token } });
    const seen: any[] = [];
    s.on('events', (p: EventsPayload) => seen.push(...p.items));
    await new Promise((r) => s.emit('subscribe', { streams: ['appeals', 'alarms'] }, r));
    await c.db.query(`UPDATE appeal_state SET due_at = now() - INTERVAL '1 hour' WHERE id = $1`, [id]);
    expect(await deadlinePass(c.db, c.hub)).toBeGreaterThanOrEqual(1);
    expect((await get(id)).appeal.sla).toBe('overdue');
    await waitFor(() => seen.some((e) => e.stream === 'appeals' && e.id === id && e.sla === 'overdue') && seen.some((e) => e.stream === 'alarms' && e.kind === 'overdue' && e.appealId === id));
    s.close();
    expect((await c.get('/api/appeals?sla=overdue')).items.map((x: any) => x.id)).toContain(id);
  });

  it('ranks systemic problems: a place the same problem keeps coming back to', async () => {
    const root = uid('a');
    await post(root, { category: 'snow.not_cleared', lat: 51.135, lon: 71.405 });
    await registered(root);
    await c.db.query(`UPDATE appeal_state SET registered_at = now() - INTERVAL '20 days' WHERE id = $1`, [root]);
    for (let i = 0; i < 3; i++) {
      const id = uid('a');
      await post(id, { category: 'snow.not_cleared', lat: 51.135 + i * 0.00005, lon: 71.405 });
      await registered(id);
    }
    await systemicPass(c.db, c.hub);
    const p = await c.get('/api/problems');
    expect(p.items.find((x: any) => x.id === root)).toMatchObject({ category: 'snow.not_cleared', appeals: 4, status: 'monitored' });
  });
});
