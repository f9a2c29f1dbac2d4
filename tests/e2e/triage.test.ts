// Issue 12, item 1 as the people who meet it, in Chromium: a district operator registers an appeal without a point
// and without a district — they land on its card (never on "no appeal"), which says it is in triage, and find it
// under "Мои"; another district's operator cannot see it; the centre's head finds it under "Триаж" (with its count),
// picks the district by its name and moves it; the district's dispatcher then sees it, with the step in its
// history. Screenshots of the card, "Мои" and "Триаж" at 1920×1080, 1366×768 and 390×844 (ru), and the triage
// queue in kk and en with no untranslated key, go to tests/artifacts/triage-<page>-<size>-<locale>.png.
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ARTIFACTS, openBrowser, serveTestBuild, testClient, missingKeys, sidewaysOverflow } from '../helpers/browser';
import { embeddedCentre, type TestCentre } from '../helpers/centre';

const sizes = { '1920x1080': { width: 1920, height: 1080 }, '1366x768': { width: 1366, height: 768 }, '390x844': { width: 390, height: 844 } } as const;
type Size = keyof typeof sizes;
const PASSWORD = 'triage-journey-1';
const TEXT = 'Во дворе не горят фонари, адрес заявитель уточнит';

describe('triage: an appeal without a place is never lost (Chromium)', () => {
  let c: TestCentre;
  let browser: Browser;
  let operator: Page;
  let head: Page;
  let cardPath = '';
  let number = '';

  const shot = (p: Page, name: string, size: Size, locale = 'ru') => p.screenshot({ path: `${ARTIFACTS}triage-${name}-${size}-${locale}.png`, fullPage: false });
  const missing = missingKeys;
  const overflow = sidewaysOverflow;

  async function signIn(ctx: BrowserContext, username: string, locale = 'ru'): Promise<Page> {
    const p = await ctx.newPage();
    p.on('pageerror', (e) => console.error('page error:', e.message));
    await p.addInitScript((l) => localStorage.setItem('sc.locale', l), locale);
    await p.goto(c.url + '/login');
    await p.fill('input[name="username"]', username);
    await p.fill('input[name="password"]', PASSWORD);
    await p.click('button[type="submit"]');
    await p.waitForURL((u) => !u.pathname.startsWith('/login'));
    return p;
  }
  async function context(size: Size = '1366x768'): Promise<BrowserContext> {
    const ctx = await browser.newContext({ viewport: sizes[size] });
    await serveTestBuild(ctx, resolve('dist/client'), resolve(testClient()));
    return ctx;
  }

  beforeAll(async () => {
    ({ browser } = await openBrowser());
    c = await embeddedCentre({ ADMIN_PASSWORD: 'triage-journey-admin-1', MQTT_PORT: 22917 });
    for (const [username, role, districts] of [
      ['op.yesil', 'operator', ['astana-yesil']],
      ['op.nura', 'operator', ['astana-nura']],
      ['head.centre', 'centre_head', null],
      ['disp.yesil', 'dispatcher', ['astana-yesil']],
    ] as const) {
      const u = await c.send('POST', '/api/users', { username, password: PASSWORD, role, districts });
      expect(u.http, username).toBe(201);
    }
    operator = await signIn(await context(), 'op.yesil');
    head = await signIn(await context(), 'head.centre');
  });
  afterAll(async () => {
    await browser?.close();
    await c?.cleanup();
  });

  it('the operator registers an appeal without a point and lands on its card, which says it is in triage', async () => {
    await operator.goto(c.url + '/appeals/new');
    await operator.waitForSelector('[data-testid="new-appeal"]');
    await operator.selectOption('select[name="category"]', 'street_lighting.lamp_out');
    await operator.fill('textarea[name="text"]', TEXT);
    // no point on the map, no district: the form says where it will go
    expect(await operator.inputValue('select[name="district"]')).toBe('');
    await expect.poll(() => operator.locator('[data-testid="district-triage-note"]').textContent()).toContain('триаж');
    await operator.click('button[type="submit"]');
    await operator.waitForURL(/\/appeals\/http-/);
    cardPath = new URL(operator.url()).pathname;
    await operator.waitForSelector('[data-testid="card-triage"]');
    number = (await operator.locator('main.card h1').textContent())!.trim().split(' ')[0];
    expect(number).toMatch(/^AST-\d{4}-\d{7}$/);
    expect(await operator.textContent('[data-testid="card-district"]')).toContain('Район не определён');
    expect(await operator.textContent('main.card')).toContain(TEXT);
    expect(await operator.textContent('main.card')).not.toContain('http-');
    // an operator may place their own appeal, but only into their own district
    const options = await operator.locator('[data-testid="card-triage"] [data-testid="triage-district"] option:not([disabled])').allTextContents();
    expect(options).toEqual(['район Есиль']);
    for (const size of Object.keys(sizes) as Size[]) {
      await operator.setViewportSize(sizes[size]);
      await operator.waitForTimeout(150);
      expect(await overflow(operator), size).toEqual([]);
      await shot(operator, 'card', size);
    }
    expect(await missing(operator)).toEqual([]);
  });

  it('the operator finds it under "Мои"; another district’s operator does not see it at all', async () => {
    await operator.setViewportSize(sizes['1366x768']);
    await operator.goto(c.url + '/appeals');
    await operator.click('[data-testid="view-mine"]');
    await operator.waitForURL(/view=mine/);
    const row = operator.locator('[data-testid="appeals-table"] tbody tr', { hasText: number });
    await row.waitFor();
    expect(await operator.locator('[data-testid="appeals-table"] tbody tr').count()).toBe(1);
    expect(await row.locator('td.dist').textContent()).toContain('Район не определён');
    // the operator's triage tab holds their own appeals without a district
    expect(await operator.textContent('[data-testid="triage-count"]')).toBe('1');
    for (const size of Object.keys(sizes) as Size[]) {
      await operator.setViewportSize(sizes[size]);
      await operator.waitForTimeout(150);
      expect(await overflow(operator), size).toEqual([]);
      await shot(operator, 'mine', size);
    }
    await operator.click(`[data-testid="appeals-table"] a:has-text("${number}")`);
    await operator.waitForURL((u) => u.pathname === cardPath);
    await operator.waitForSelector('[data-testid="card-triage"]');

    // Nura's operator: no card, not in any list
    const nura = await c.tokenAs({ username: 'op.nura', role: 'operator', districts: ['astana-nura'] });
    const id = cardPath.split('/').pop()!;
    expect((await c.get(`/api/appeals/${id}`, nura)).http).toBe(404);
    for (const q of ['', 'triage=1', 'mine=1']) expect(((await c.get(`/api/appeals?${q}`, nura)).items as { id: string }[]).map((x) => x.id)).not.toContain(id);
    const dispatcher = await c.tokenAs({ username: 'disp.yesil', role: 'dispatcher', districts: ['astana-yesil'] });
    expect((await c.get(`/api/appeals/${id}`, dispatcher)).http).toBe(404);
  });

  it('the centre’s head triages it: "Триаж" with its count, the district by name, and it is gone from the list', async () => {
    await head.goto(c.url + '/appeals');
    await head.waitForSelector('[data-testid="view-triage"]');
    await expect.poll(() => head.locator('[data-testid="triage-count"]').textContent()).toBe('1');
    await head.click('[data-testid="view-triage"]');
    await head.waitForURL(/view=triage/);
    const row = head.locator('[data-testid="appeals-table"] tbody tr', { hasText: number });
    await row.waitFor();
    // a city-wide head may choose any of the city's districts, by name
    const options = await row.locator('[data-testid="triage-district"] option:not([disabled])').allTextContents();
    expect(options.length).toBeGreaterThanOrEqual(5);
    expect(options).toContain('район Есиль');
    expect(options.join(' ')).not.toMatch(/astana-/);
    for (const size of Object.keys(sizes) as Size[]) {
      await head.setViewportSize(sizes[size]);
      await head.waitForTimeout(150);
      expect(await overflow(head), size).toEqual([]);
      await shot(head, 'queue', size);
    }
    await head.setViewportSize(sizes['1366x768']);
    await row.locator('[data-testid="triage-district"]').selectOption({ label: 'район Есиль' });
    await row.locator('[data-testid="triage-move"]').click();
    await expect.poll(() => head.locator('[data-testid="appeals-table"] tbody tr', { hasText: number }).count()).toBe(0);
    await head.waitForSelector('[data-testid="queue-empty"]');
    expect(await head.textContent('[data-testid="queue-empty"]')).toContain('Все обращения распределены по районам');
    await expect.poll(() => head.locator('[data-testid="triage-count"]').count()).toBe(0);
    await shot(head, 'queue-empty', '1366x768');
    expect(await missing(head)).toEqual([]);
  });

  it('the district’s dispatcher now sees it, with the step in its history; the operator’s card follows', async () => {
    const ctx = await context('1366x768');
    const disp = await signIn(ctx, 'disp.yesil');
    await disp.goto(c.url + '/appeals');
    const row = disp.locator('[data-testid="appeals-table"] tbody tr', { hasText: number });
    await row.waitFor();
    expect(await row.locator('td.dist').textContent()).toContain('район Есиль');
    expect(await row.locator('td.org').textContent()).not.toBe('—');
    // a dispatcher may not triage: no triage tab
    expect(await disp.locator('[data-testid="view-triage"]').count()).toBe(0);
    await row.locator('a').click();
    await disp.waitForSelector('main.card h1');
    expect(await disp.locator('[data-testid="card-triage"]').count()).toBe(0);
    const step = disp.locator('.timeline li', { hasText: 'Передано в район' });
    expect(await step.textContent()).toContain('район Есиль');
    expect(await step.textContent()).toContain('head.centre');
    await shot(disp, 'card-after', '1366x768');
    await ctx.close();
    // the operator's open card reloads (live) or on return: no triage panel any more
    await operator.goto(c.url + cardPath);
    await operator.waitForSelector('main.card h1');
    expect(await operator.textContent('[data-testid="card-district"]')).toContain('район Есиль');
    expect(await operator.locator('[data-testid="card-triage"]').count()).toBe(0);
  });

  it('the triage queue in Kazakh and English: names, not ids, and no untranslated key', async () => {
    // another appeal without a district, for the queue to show
    const op = await c.tokenAs({ username: 'op.yesil', role: 'operator', districts: ['astana-yesil'] });
    const r = await c.send('POST', '/api/appeals', { channel: 'phone_109', category: 'housing.stairwell', text: 'Подъезд без света, адрес не назван' }, op);
    expect(r).toMatchObject({ http: 201, district: null });
    for (const [locale, tab, none] of [
      ['kk', 'Триаж', 'Ауданы анықталмаған'],
      ['en', 'Triage', 'District unknown'],
    ] as const) {
      const ctx = await context('1366x768');
      const p = await signIn(ctx, 'head.centre', locale);
      await p.goto(c.url + '/appeals?view=triage');
      const row = p.locator('[data-testid="appeals-table"] tbody tr', { hasText: r.number });
      await row.waitFor();
      expect(await p.textContent('[data-testid="view-triage"]')).toContain(tab);
      const options = await row.locator('[data-testid="triage-district"] option:not([disabled])').allTextContents();
      expect(options).toContain(locale === 'kk' ? 'Есіл ауданы' : 'Yesil District');
      expect(await p.locator('.view-hint').textContent()).not.toMatch(locale === 'en' ? /[а-яё]/i : /^$/);
      await p.goto(c.url + `/appeals/${r.id}`);
      await p.waitForSelector('[data-testid="card-triage"]');
      expect(await p.textContent('[data-testid="card-district"]')).toContain(none);
      await shot(p, 'card', '1366x768', locale);
      await p.goto(c.url + '/appeals?view=triage');
      await row.waitFor();
      await shot(p, 'queue', '1366x768', locale);
      expect(await missing(p)).toEqual([]);
      await ctx.close();
    }
  });
});
