// The appeals queue's order and count: sort=received|deadline|sla, dir=asc|desc (default: received, newest
// first), keyset pages in each order, and `total` — how many appeals match the filter within the caller's scope.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pgCentre, type TestCentre } from '../helpers/centre';
import { appeal, metric, MOSQUITTO_URL, publishAll, uid, waitFor } from '../helpers/services';
import { districtIds } from '../../maps/districts';

describe('appeals queue: sort, direction and total', () => {
  let c: TestCentre;
  // legal terms differ by category: gas leak 1 working day, open manhole 2, no heating 3, road repair 15
  const ids = { gas: uid('s'), manhole: uid('s'), heat: uid('s'), road: uid('s') };
  const category = { gas: 'gas.leak', manhole: 'water.open_manhole', heat: 'heating.no_heat', road: 'roads.repair' } as const;
  const name = (id: string) => Object.entries(ids).find(([, v]) => v === id)?.[0];
  let district = '';

  beforeAll(async () => {
    c = await pgCentre();
    // registered one after another, in this order: road, heat, gas, manhole
    for (const k of ['road', 'heat', 'gas', 'manhole'] as const) {
      await publishAll(MOSQUITTO_URL, [{ topic: `${c.prefix}appeals`, payload: JSON.stringify(appeal(ids[k], { category: category[k] })) }]);
      await waitFor(async () => (await c.get(`/api/appeals/${ids[k]}`)).http === 200);
      await new Promise((r) => setTimeout(r, 20));
    }
    district = (await c.get(`/api/appeals/${ids.road}`)).appeal.district;
    // the SLA prediction's first pass (1.5 s after start) would put back the states set below: let it run first
    await waitFor(async () => metric(await c.get('/metrics', ''), 'jobs_duration_seconds_count', { job: 'sla-predict' }) >= 1 || null);
    // the SLA states the clock would set: the road repair overdue, the heating at risk, the rest on time
    await c.db.query(`UPDATE appeal_state SET sla = 'overdue' WHERE id = $1`, [ids.road]);
    await c.db.query(`UPDATE appeal_state SET sla = 'at_risk' WHERE id = $1`, [ids.heat]);
  });
  afterAll(() => c?.cleanup());

  interface Page {
    http: number;
    items: { id: string }[];
    next: string | null;
    total: number;
  }

  /** Every page of a query, limit 1 or more, following `next`; the names in order and each page's total. */
  async function all(query: string, limit = 1) {
    const names: (string | undefined)[] = [];
    const totals: number[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: Page = await c.get(`/api/appeals?${query}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.http).toBe(200);
      names.push(...page.items.map((x) => name(x.id)));
      totals.push(page.total);
      cursor = page.next;
    } while (cursor && ++pages < 20);
    return { names, totals };
  }

  it('lists newest first by default, with the total beside the page', async () => {
    const page: Page = await c.get('/api/appeals?limit=2');
    expect(page.items.map((x) => name(x.id))).toEqual(['manhole', 'gas']);
    expect(page.total).toBe(4);
    expect(page.next).toEqual(expect.any(String));
    expect(await all('sort=received&dir=desc')).toEqual({ names: ['manhole', 'gas', 'heat', 'road'], totals: [4, 4, 4, 4] });
    expect((await all('dir=asc', 3)).names).toEqual(['road', 'heat', 'gas', 'manhole']);
  });

  it('sorts by the deadline, both ways, page by page', async () => {
    const due = async (k: keyof typeof ids) => Date.parse((await c.get(`/api/appeals/${ids[k]}`)).appeal.dueAt);
    // the terms really differ, so the order below is the deadlines' own
    expect(await due('gas')).toBeLessThan(await due('manhole'));
    expect(await due('manhole')).toBeLessThan(await due('heat'));
    expect(await due('heat')).toBeLessThan(await due('road'));
    expect((await all('sort=deadline&dir=asc')).names).toEqual(['gas', 'manhole', 'heat', 'road']);
    expect((await all('sort=deadline&dir=desc', 3)).names).toEqual(['road', 'heat', 'manhole', 'gas']);
  });

  it('sorts by the SLA state, most urgent first when descending, then by deadline', async () => {
    expect((await all('sort=sla&dir=desc')).names).toEqual(['road', 'heat', 'manhole', 'gas']);
    expect((await all('sort=sla&dir=asc', 2)).names).toEqual(['gas', 'manhole', 'heat', 'road']);
  });

  it('counts what the filter and the territory let through', async () => {
    expect(await c.get('/api/appeals?category=gas.leak,heating.no_heat&sort=deadline')).toMatchObject({ total: 2 });
    expect(await c.get('/api/appeals?sla=overdue')).toMatchObject({ total: 1, items: [expect.objectContaining({ id: ids.road })] });
    const elsewhere = districtIds.find((d) => d !== district && d.startsWith('astana-'))!;
    expect(await c.get('/api/appeals', await c.tokenFor('operator', [elsewhere]))).toMatchObject({ http: 200, items: [], total: 0, next: null });
    expect(await c.get('/api/appeals', await c.tokenFor('operator', [district]))).toMatchObject({ total: 4 });
  });

  it('refuses an unknown order, and a cursor made for another order', async () => {
    expect(await c.get('/api/appeals?sort=number')).toMatchObject({ http: 400, field: 'sort' });
    expect(await c.get('/api/appeals?dir=up')).toMatchObject({ http: 400, field: 'dir' });
    const byDeadline = await c.get('/api/appeals?sort=deadline&limit=1');
    expect(byDeadline.next).toEqual(expect.any(String));
    expect(await c.get(`/api/appeals?cursor=${byDeadline.next}`)).toMatchObject({ http: 400, field: 'cursor' });
    expect(await c.get(`/api/appeals?sort=deadline&dir=asc&cursor=${byDeadline.next}`)).toMatchObject({ http: 400, field: 'cursor' });
  });
});
