// Routing rules row by row and the organisations (issue 12, item 3): every rule checked against the taxonomy, the
// city's districts and the organisations; duplicates and cycles are 409s naming the field; every change audited
// with a diff; the router follows each change (and a change another node made); who may change what.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pgCentre, type TestCentre } from '../helpers/centre';
import { uid, waitFor } from '../helpers/services';

interface Rule { id: number; category: string; district: string | null; org: string }

describe('routing rules and organisations', () => {
  let c: TestCentre;
  const audit = async (action: string) => (await c.get(`/api/audit?action=${encodeURIComponent(action)}&limit=50`)).items as { action: string; actor: string; target: string; details: Record<string, unknown> }[];
  const rules = async (): Promise<Rule[]> => (await c.get('/api/routing-rules')).rules;
  beforeAll(async () => {
    c = await pgCentre();
  });
  afterAll(async () => {
    await c?.cleanup();
  });

  it('organisations come from the table, with names in three languages and the parent; migration 010 added Kazakh', async () => {
    const r = await c.get('/api/organisations');
    const items = r.items as { id: string; parent: string | null; name_ru: string; name_kk: string; name_en: string }[];
    expect(items.length).toBe(24);
    expect(items.find((o) => o.id === 'akimat-yesil')).toMatchObject({ parent: 'astana-akimat', name_kk: 'Есіл ауданы әкімінің аппараты' });
    expect(items.filter((o) => !o.name_kk || o.name_kk === o.name_ru || !o.name_en)).toEqual([]);
    const cols = await c.db.query<{ column_name: string }>(`SELECT column_name FROM information_schema.columns WHERE table_name = 'organisations' AND table_schema = current_schema()`);
    expect(cols.map((x) => x.column_name)).toEqual(expect.arrayContaining(['name_kk', 'name_en', 'parent', 'updated_by', 'updated_at']));
    expect((await c.db.query<{ version: number }>(`SELECT version FROM schema_migrations WHERE version = 10`)).length).toBe(1);
  });

  it('a rule is checked against the taxonomy, the districts and the organisations', async () => {
    const cases: [object, string, string][] = [
      [{ category: 'roads.pothole', district: null, org: 'astana-roads' }, 'category', 'routing.unknown_category'],
      [{ category: 'nosuchsphere.*', org: 'astana-roads' }, 'category', 'routing.unknown_category'],
      [{ category: 'roads.repair', district: 'almaty-bostandyk', org: 'astana-roads' }, 'district', 'routing.unknown_district'],
      [{ category: 'roads.repair', district: 'astana-yesil', org: 'no-such-org' }, 'org', 'routing.unknown_organisation'],
    ];
    for (const [body, field, code] of cases) expect(await c.send('POST', '/api/routing-rules', body)).toMatchObject({ http: 400, field, code });
    expect(await c.send('POST', '/api/routing-rules', { category: 'roads.repair', org: 'astana-roads', extra: 1 })).toMatchObject({ http: 400 });
    // nothing written, nothing audited
    expect((await rules()).length).toBe(23);
    expect(await audit('routing.rule.')).toEqual([]);
  });

  it('add, change, delete: each audited with before and after, and the router follows at once', async () => {
    const before = await rules();
    const added = await c.send('POST', '/api/routing-rules', { category: 'roads.repair', district: 'astana-yesil', org: 'astana-lighting' });
    expect(added).toMatchObject({ http: 201, category: 'roads.repair', district: 'astana-yesil', org: 'astana-lighting', updated_by: 'test-admin' });
    expect(c.registry.router.route('roads.repair', 'astana-yesil').org).toBe('astana-lighting');
    expect(c.registry.router.route('roads.repair', 'astana-nura').org).toBe('astana-roads');
    expect((await rules()).length).toBe(before.length + 1);
    const [create] = await audit('routing.rule.create');
    expect(create).toMatchObject({ actor: 'test-admin', target: `routing_rule:${added.id}`, details: { before: null, after: { category: 'roads.repair', district: 'astana-yesil', org: 'astana-lighting' } } });

    // the same category and district again: 409 naming the field
    expect(await c.send('POST', '/api/routing-rules', { category: 'roads.repair', district: 'astana-yesil', org: 'astana-roads' })).toMatchObject({ http: 409, field: 'district', code: 'routing.duplicate' });

    // an appeal registered now goes where the new rule says
    const id = uid('route');
    const r = await c.send('POST', '/api/appeals', { id, channel: 'front_office', category: 'roads.repair', text: 'Яма на дороге у дома 5', lat: 51.128, lon: 71.43 });
    expect(r.http).toBe(201);
    expect((await c.get(`/api/appeals/${id}`)).appeal).toMatchObject({ district: 'astana-yesil', executor: 'astana-lighting' });

    // change the executor: the audit names only what changed
    const changed = await c.send('PATCH', `/api/routing-rules/${added.id}`, { org: 'astana-gas' });
    expect(changed).toMatchObject({ http: 200, org: 'astana-gas', district: 'astana-yesil' });
    expect(c.registry.router.route('roads.repair', 'astana-yesil').org).toBe('astana-gas');
    const [upd] = await audit('routing.rule.update');
    expect(upd.details).toEqual({ rule: { category: 'roads.repair', district: 'astana-yesil', org: 'astana-lighting' }, before: { org: 'astana-lighting' }, after: { org: 'astana-gas' } });
    // a change that would make a duplicate, an unknown category in a change, a rule that is not there
    const heating = before.find((x) => x.category === 'heating.*')!;
    expect(await c.send('PATCH', `/api/routing-rules/${added.id}`, { category: 'heating.*', district: null })).toMatchObject({ http: 409, field: 'district', code: 'routing.duplicate', params: { rule: heating.id } });
    expect(await c.send('PATCH', `/api/routing-rules/${added.id}`, { category: 'roads.pothole' })).toMatchObject({ http: 400, field: 'category', code: 'routing.unknown_category' });
    expect(await c.send('PATCH', `/api/routing-rules/999999`, { org: 'astana-gas' })).toMatchObject({ http: 404, code: 'routing.not_found' });

    // delete
    expect((await c.send('DELETE', `/api/routing-rules/${added.id}`)).http).toBe(204);
    expect(c.registry.router.route('roads.repair', 'astana-yesil').org).toBe('astana-roads');
    const [del] = await audit('routing.rule.delete');
    expect(del.details).toEqual({ before: { category: 'roads.repair', district: 'astana-yesil', org: 'astana-gas' }, after: null });
    expect(await rules()).toEqual(before);
    expect((await c.send('DELETE', `/api/routing-rules/${added.id}`)).http).toBe(404);
  });

  it('PUT keeps its contract, checks every row (400 naming rules.N.field, 409 for a repeated row) and audits a diff', async () => {
    const before = await rules();
    const table = before.map(({ category, district, org }) => ({ category, district, org }));
    const bad = [...table];
    bad[3] = { ...bad[3], category: 'roads.pothole' };
    expect(await c.send('PUT', '/api/routing-rules', bad)).toMatchObject({ http: 400, field: 'rules.3.category', code: 'routing.unknown_category' });
    expect(await c.send('PUT', '/api/routing-rules', [...table, { category: 'heating.*', org: 'astana-gas' }])).toMatchObject({ http: 409, field: `rules.${table.length}.category`, code: 'routing.duplicate' });
    expect(await c.send('PUT', '/api/routing-rules', [{ category: 'heating.*', district: 'nowhere', org: 'astana-gas' }])).toMatchObject({ http: 400, field: 'rules.0.district' });
    expect(await c.send('PUT', '/api/routing-rules', [{ category: 5, org: 'astana-gas' }])).toMatchObject({ http: 400, field: 'rules.0.category' });
    expect(await rules()).toEqual(before);

    // one added, one removed, one changed
    const next = table.filter((x) => x.category !== 'gas.*').map((x) => (x.category === 'heating.*' ? { ...x, org: 'astana-rek' } : x));
    next.push({ category: 'water.main_leak', district: 'astana-nura', org: 'akimat-nura' });
    expect(await c.send('PUT', '/api/routing-rules', next)).toMatchObject({ http: 200, rules: next.length });
    const [put] = await audit('routing.update');
    expect(put.details).toEqual({
      rules: next.length,
      added: [{ category: 'water.main_leak', district: 'astana-nura', org: 'akimat-nura' }],
      removed: [{ category: 'gas.*', district: null, org: 'astana-gas' }],
      changed: [{ category: 'heating.*', district: null, before: 'astana-teplotranzit', after: 'astana-rek' }],
    });
    expect(c.registry.router.route('heating.no_heat', 'astana-yesil').org).toBe('astana-rek');
    expect(c.registry.router.route('water.main_leak', 'astana-nura').org).toBe('akimat-nura');
    // back as it was
    expect((await c.send('PUT', '/api/routing-rules', table)).http).toBe(200);
  });

  it('organisations: add, rename, re-parent; a cycle or a taken id is a 409; audited; routing and names follow', async () => {
    const o = { id: 'astana-parks', kind: 'utility', parent: 'astana-energy-housing', name_ru: 'ГКП «Астана парки»', name_kk: '«Астана саябақтары» МКК', name_en: 'Astana Parks (city utility)' };
    expect(await c.send('POST', '/api/organisations', { ...o, id: 'Bad Id' })).toMatchObject({ http: 400, field: 'id' });
    expect(await c.send('POST', '/api/organisations', { ...o, parent: 'nowhere' })).toMatchObject({ http: 400, field: 'parent', code: 'organisation.unknown_parent' });
    expect(await c.send('POST', '/api/organisations', { ...o, name_kk: '' })).toMatchObject({ http: 400, field: 'name_kk' });
    expect(await c.send('POST', '/api/organisations', o)).toMatchObject({ http: 201, ...o, updated_by: 'test-admin' });
    expect(await c.send('POST', '/api/organisations', o)).toMatchObject({ http: 409, field: 'id', code: 'organisation.id_taken' });
    const [created] = await audit('organisation.create');
    expect(created).toMatchObject({ target: 'organisation:astana-parks', details: { before: null, after: { id: 'astana-parks', parent: 'astana-energy-housing' } } });
    // the names layer of every client reads the organisations from /api/routing-rules
    expect((await c.get('/api/routing-rules')).organisations).toEqual(expect.arrayContaining([expect.objectContaining({ id: 'astana-parks', name_kk: o.name_kk })]));
    // a rule may now send appeals there
    const rule = await c.send('POST', '/api/routing-rules', { category: 'improvement.*', district: 'astana-saryarka', org: 'astana-parks' });
    expect(rule.http).toBe(201);
    expect(c.registry.router.route('improvement.playground', 'astana-saryarka').org).toBe('astana-parks');

    // rename and re-parent
    const renamed = await c.send('PATCH', '/api/organisations/astana-parks', { name_ru: 'ГКП «Паркі Астаны»', parent: 'astana-akimat' });
    expect(renamed).toMatchObject({ http: 200, name_ru: 'ГКП «Паркі Астаны»', parent: 'astana-akimat', name_kk: o.name_kk });
    const [upd] = await audit('organisation.update');
    expect(upd.details).toEqual({ before: { name_ru: o.name_ru, parent: 'astana-energy-housing' }, after: { name_ru: 'ГКП «Паркі Астаны»', parent: 'astana-akimat' } });
    expect(c.registry.router.orgs.get('astana-parks')).toMatchObject({ parent: 'astana-akimat', name_ru: 'ГКП «Паркі Астаны»' });
    // cycles: itself, a child, a grandchild
    expect(await c.send('PATCH', '/api/organisations/astana-parks', { parent: 'astana-parks' })).toMatchObject({ http: 409, field: 'parent', code: 'organisation.cycle' });
    expect(await c.send('PATCH', '/api/organisations/astana-akimat', { parent: 'astana-energy-housing' })).toMatchObject({ http: 409, field: 'parent', code: 'organisation.cycle' });
    expect(await c.send('PATCH', '/api/organisations/pa-appeals-control', { parent: 'astana-teplotranzit' })).toMatchObject({ http: 409, field: 'parent', code: 'organisation.cycle' });
    expect(await c.send('PATCH', '/api/organisations/astana-parks', {})).toMatchObject({ http: 400 });
    expect(await c.send('PATCH', '/api/organisations/no-such-org', { name_ru: 'x' })).toMatchObject({ http: 404, code: 'organisation.not_found' });
    // the conflict-of-interest guard follows the new parent: a complaint about the parks goes one level up
    expect(c.registry.router.route('improvement.playground', 'astana-saryarka', { org: 'astana-parks' }).org).toBe('astana-akimat');
    expect((await c.send('DELETE', `/api/routing-rules/${rule.id}`)).http).toBe(204);
  });

  it('a change another node made reaches this node’s router within seconds', async () => {
    const [heating] = (await rules()).filter((x) => x.category === 'heating.*');
    await c.db.query(`UPDATE routing_rules SET org = 'astana-gas' WHERE id = $1`, [heating.id]);
    await c.db.query(`UPDATE organisations SET name_en = 'Astana Gas (renamed elsewhere)' WHERE id = 'astana-gas'`);
    expect(await waitFor(() => c.registry.router.route('heating.no_heat', null).org === 'astana-gas', 6000)).toBe(true);
    expect(c.registry.router.orgs.get('astana-gas')?.name_en).toBe('Astana Gas (renamed elsewhere)');
    await c.db.query(`UPDATE routing_rules SET org = 'astana-teplotranzit' WHERE id = $1`, [heating.id]);
  });

  it('who may: a non-admin gets 403; a district-scoped admin edits only the rules of their districts', async () => {
    for (const role of ['operator', 'centre_head', 'analyst'] as const) {
      const t = await c.tokenFor(role);
      expect(await c.send('POST', '/api/routing-rules', { category: 'roads.repair', district: 'astana-yesil', org: 'astana-roads' }, t)).toMatchObject({ http: 403, code: 'auth.forbidden' });
      expect(await c.send('PATCH', '/api/organisations/astana-gas', { name_ru: 'x' }, t)).toMatchObject({ http: 403 });
      expect(await c.send('PUT', '/api/routing-rules', [{ category: '*', org: 'astana-roads' }], t)).toMatchObject({ http: 403 });
      // reading stays open to whoever reads appeals
      expect((await c.get('/api/organisations', t)).items.length).toBeGreaterThan(20);
    }
    const yesilAdmin = await c.tokenFor('admin', ['astana-yesil']);
    const mine = await c.send('POST', '/api/routing-rules', { category: 'roads.repair', district: 'astana-yesil', org: 'akimat-yesil' }, yesilAdmin);
    expect(mine.http).toBe(201);
    expect(await c.send('PATCH', `/api/routing-rules/${mine.id}`, { district: 'astana-nura' }, yesilAdmin)).toMatchObject({ http: 403, field: 'district', code: 'auth.outside_territory' });
    expect(await c.send('PATCH', `/api/routing-rules/${mine.id}`, { district: null }, yesilAdmin)).toMatchObject({ http: 403, code: 'auth.outside_territory' });
    expect(await c.send('POST', '/api/routing-rules', { category: 'roads.repair', district: 'astana-nura', org: 'akimat-nura' }, yesilAdmin)).toMatchObject({ http: 403, code: 'auth.outside_territory' });
    const cityWide = (await rules()).find((x) => x.category === 'roads.*')!;
    expect(await c.send('PATCH', `/api/routing-rules/${cityWide.id}`, { org: 'astana-gas' }, yesilAdmin)).toMatchObject({ http: 403, code: 'auth.outside_territory' });
    expect((await c.send('DELETE', `/api/routing-rules/${cityWide.id}`, undefined, yesilAdmin)).http).toBe(403);
    expect(await c.send('PUT', '/api/routing-rules', [{ category: '*', org: 'astana-roads' }], yesilAdmin)).toMatchObject({ http: 403, code: 'auth.outside_territory' });
    expect(await c.send('PATCH', '/api/organisations/akimat-yesil', { name_en: 'Yesil' }, yesilAdmin)).toMatchObject({ http: 403, code: 'auth.outside_territory' });
    expect((await c.get('/api/routing-rules')).rules.find((x: Rule) => x.id === cityWide.id)).toMatchObject({ org: cityWide.org });
    expect((await c.get('/api/organisations')).items.find((o: { id: string }) => o.id === 'akimat-yesil').name_en).not.toBe('Yesil');
    expect((await c.send('DELETE', `/api/routing-rules/${mine.id}`, undefined, yesilAdmin)).http).toBe(204);
  });
});
