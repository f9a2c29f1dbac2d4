// A district operator's day on a phone, a laptop and a wall-sized screen (issue 12, items 5, 7, 11): sign in on a
// phone and find everything behind the menu; the queue as cards; register an appeal by picking the place on the
// map and typing a decimal comma, with errors beside the fields; the queue open in another tab says "1 new — show"
// without moving its rows; the new appeal's card. `?` help on every page. Screenshots of every page at 1920×1080,
// 1366×768 and 390×844 in Russian, and the phone's intake form in Kazakh, go to tests/artifacts/.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ARTIFACTS, openBrowser } from '../helpers/browser';
import { embeddedCentre, type TestCentre } from '../helpers/centre';
import { appeal, publishAll, uid, waitFor } from '../helpers/services';
import { spheres } from '../../ingest/schema/taxonomy';
import { districtAt } from '../../maps/districts';

const sizes = { '1920x1080': { width: 1920, height: 1080 }, '1366x768': { width: 1366, height: 768 }, '390x844': { width: 390, height: 844 } } as const;
type Size = keyof typeof sizes;
const PASSWORD = 'operator-screens-1';

describe('operator on phones and laptops, in Chromium', () => {
  let c: TestCentre;
  let browser: Browser;
  let page: Page; // the queue stays open here
  let form: Page; // the intake form, in a second tab of the same session
  let cardUrl = '';
  let number = '';
  const categories = spheres.flatMap((s) => s.categories.map((x) => x.id)).slice(0, 10);

  const shot = (p: Page, name: string, size: Size, locale = 'ru') => p.screenshot({ path: `${ARTIFACTS}operator-${name}-${size}-${locale}.png` });
  /** nothing sticks out sideways: the header and the page's view fit the window's width (a wide table may scroll
   * sideways inside its own box, which must itself fit) */
  const fitsWidth = (p: Page) =>
    p.evaluate(() => {
      const w = window.innerWidth;
      const scrolls = (e: HTMLElement) => ['auto', 'scroll'].includes(getComputedStyle(e).overflowX) && e.matches('.view *');
      const inScroller = (e: HTMLElement) => {
        for (let a = e.parentElement; a; a = a.parentElement) if (scrolls(a)) return true;
        return false;
      };
      const boxes = [...document.querySelectorAll<HTMLElement>('header.top, .view, .view *')].filter((e) => e.offsetParent !== null && !e.closest('.leaflet-container') && !inScroller(e));
      return boxes.filter((e) => e.getBoundingClientRect().right > w + 1).map((e) => `${e.tagName}.${e.className}`).slice(0, 5);
    });
  const inView = async (p: Page, selector: string) => {
    const l = p.locator(selector).first();
    await l.scrollIntoViewIfNeeded();
    const b = (await l.boundingBox())!;
    const v = p.viewportSize()!;
    return b.x >= 0 && b.y >= 0 && b.x + b.width <= v.width + 1 && b.y + b.height <= v.height + 1;
  };

  beforeAll(async () => {
    ({ browser, page } = await openBrowser());
    c = await embeddedCentre({ ADMIN_PASSWORD: 'operator-screens-admin-1', MQTT_PORT: 22893 });
    const u = await c.send('POST', '/api/users', { username: 'op.yesil', password: PASSWORD, role: 'operator', districts: ['astana-yesil'] });
    expect(u.http).toBe(201);
    // ten appeals of ten categories in the operator's district, within the last hour (the wall's chart shows them),
    // and one where the new appeal will be made (a possible repeat)
    const seeds = [
      ...categories.map((cat, i) => appeal(uid('s'), { category: cat, lat: 51.1, lon: 71.41 + i * 0.003, text: `Проверка ${i + 1}` })),
      appeal(uid('s'), { category: 'heating.no_heat', lat: 51.12803, lon: 71.43002, text: 'Нет отопления в подъезде' }),
    ];
    expect(seeds.every((s) => districtAt(s.lat, s.lon) === 'astana-yesil')).toBe(true);
    await publishAll(c.mqttUrl, seeds.map((s) => ({ topic: `${c.prefix}appeals`, payload: JSON.stringify(s) })));
    await waitFor(async () => (await c.get('/api/appeals?limit=50')).items?.length >= 11, 10_000);
  });
  afterAll(async () => {
    await browser?.close();
    await c?.cleanup();
  });

  it('signs in on a phone; navigation, language and "Выйти" are behind the menu button', async () => {
    await page.setViewportSize(sizes['390x844']);
    await page.goto(c.url + '/login');
    await page.waitForSelector('[data-testid="login-form"]');
    await shot(page, 'login', '390x844');
    await page.fill('input[name="username"]', 'op.yesil');
    await page.fill('input[name="password"]', PASSWORD);
    await page.click('button[type="submit"]');
    await page.waitForSelector('[data-testid="menu-button"]');
    expect(await page.locator('header nav').isVisible()).toBe(false);
    expect(await page.locator('button.logout').isVisible()).toBe(false);
    await page.click('[data-testid="menu-button"]');
    await page.waitForSelector('[data-testid="menu"].open');
    await shot(page, 'menu', '390x844');
    expect(await inView(page, 'button.logout')).toBe(true);
    expect(await page.textContent('button.logout')).toBe('Выйти');
    expect(await fitsWidth(page)).toEqual([]);
    await shot(page, 'menu', '390x844');
    await page.click('[data-testid="menu"] a[href="/appeals"]');
    await page.waitForURL(/\/appeals$/);
    expect(await page.locator('[data-testid="menu"].open').count()).toBe(0); // the menu closes on navigation
  });

  it('shows the queue as cards on a phone, nothing cut off, with its help on `?`', async () => {
    await page.waitForSelector('[data-testid="appeals-table"] tbody tr');
    expect(await page.locator('[data-testid="appeals-table"] tbody tr').count()).toBe(11);
    expect(await page.locator('[data-testid="appeals-table"] thead').isVisible()).toBe(false);
    expect(await fitsWidth(page)).toEqual([]);
    // a card names its fields (the table's header is hidden on a phone)
    const label = await page.locator('[data-testid="appeals-table"] tbody tr >> nth=0').locator('td.cat').evaluate((e) => e.getAttribute('data-label'));
    expect(label).toBe('Категория');
    await shot(page, 'queue', '390x844');
    await page.keyboard.press('?');
    await expect.poll(() => page.locator('[data-testid="help"]').textContent()).toContain('Очередь обращений');
    expect(await page.locator('[data-testid="help"] kbd', { hasText: 'n' }).count()).toBeGreaterThan(0);
    await shot(page, 'help', '390x844');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('[data-testid="help"]').count()).toBe(0);
  });

  it('draws every category label it shows on the wall at 1366×768', async () => {
    await page.setViewportSize(sizes['1366x768']);
    await page.goto(c.url + '/');
    await page.waitForSelector('[data-testid="category-chart"]');
    const chart = await waitFor(
      async () => page.evaluate(() => (window as unknown as { __centre?: { categoryChart?: () => { labels: string[]; fontPx: number; rowPx: number } } }).__centre?.categoryChart?.()),
      10_000,
    );
    expect(chart?.labels.length).toBeGreaterThanOrEqual(5);
    // each bar's row is tall enough for its label, so ECharts has no reason to skip one (interval 0 besides)
    expect(chart!.rowPx).toBeGreaterThanOrEqual(1.3 * chart!.fontPx);
    await page.waitForTimeout(1200);
    await shot(page, 'wall', '1366x768');
    // the wall keeps its layouts at 1920×1080 and 4K, where all ten categories have room
    const labels = () => page.evaluate(() => (window as unknown as { __centre: { categoryChart: () => { labels: string[] } } }).__centre.categoryChart().labels.length);
    await page.setViewportSize(sizes['1920x1080']);
    await expect.poll(labels).toBe(10);
    await page.waitForTimeout(800);
    await shot(page, 'wall', '1920x1080');
    await page.setViewportSize({ width: 3840, height: 2160 });
    await expect.poll(labels).toBe(10);
    await page.waitForTimeout(800);
    await page.screenshot({ path: `${ARTIFACTS}operator-wall-3840x2160-ru.png` });
  });

  it('registers an appeal on the map with a decimal comma; the queue open in another tab says "1 new — show" and keeps its rows', async () => {
    await page.goto(c.url + '/appeals');
    await page.waitForSelector('[data-testid="appeals-table"] tbody tr');
    const firstBefore = await page.textContent('[data-testid="appeals-table"] tbody tr >> nth=0 >> td.num');

    form = await page.context().newPage();
    form.on('pageerror', (e) => console.error('page error:', e.message));
    await form.setViewportSize(sizes['1920x1080']);
    await form.goto(c.url + '/appeals/new');
    await form.waitForSelector('[data-testid="place-map"] .leaflet-overlay-pane path');
    expect(await form.locator('[data-testid="place-map"] .leaflet-overlay-pane path').count()).toBe(6); // Astana's districts
    // labels in the user's language, no "lat"/"lon"/"☎"
    const labels = await form.locator('[data-testid="new-appeal"] label').allTextContents();
    expect(labels.join(' | ')).toContain('Широта');
    expect(labels.join(' | ')).toContain('Телефон заявителя');
    expect(labels.some((l) => /^\s*(lat|lon|☎)/.test(l))).toBe(false);

    // a click on the map places the pin and fills both fields
    const box = (await form.locator('[data-testid="place-map"]').boundingBox())!;
    await form.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await expect.poll(() => form.inputValue('input[name="lat"]')).toMatch(/^5[01]\.\d+$/);
    expect(await form.inputValue('input[name="lon"]')).toMatch(/^7[01]\.\d+$/);
    expect(await form.locator('[data-testid="place-map"] .place-pin').count()).toBe(1);

    // a typo is named beside its field; the decimal comma is not a typo
    await form.fill('input[name="lat"]', '51,1x');
    await expect.poll(() => form.locator('[data-testid="err-lat"]').textContent()).toContain('Введите число');
    await form.fill('input[name="lat"]', '51,128');
    await form.fill('input[name="lon"]', '71,43');
    await expect.poll(() => form.locator('[data-testid="err-lat"]').count()).toBe(0);
    expect(await form.locator('[data-testid="err-lon"]').count()).toBe(0);
    // the district follows the point
    await expect.poll(() => form.inputValue('[data-testid="district"]')).toBe('astana-yesil');
    expect(await form.locator('[data-testid="district-suggested"]').isVisible()).toBe(true);

    // sent without a category: the error is beside the category, nothing is sent
    await form.fill('textarea[name="text"]', 'Нет отопления, батареи холодные с утра');
    await form.click('[data-testid="new-appeal"] button[type="submit"]');
    await expect.poll(() => form.locator('label.bad').first().textContent()).toContain('Заполните это поле');
    expect(form.url()).toMatch(/\/appeals\/new$/);
    await form.selectOption('select[name="category"]', 'heating.no_heat');
    await expect.poll(() => form.locator('label.bad').count()).toBe(0);
    expect(await form.locator('.send .error').count()).toBe(0); // "check the marked fields" went with the mark
    // the appeals made here before are suggested as possible repeats
    await form.waitForSelector('[data-testid="repeats"] li a', { timeout: 5000 });
    await form.fill('input[name="phone"]', '+7 701 000 00 00');
    await shot(form, 'new', '1920x1080');
    await form.click('[data-testid="new-appeal"] button[type="submit"]');
    await form.waitForURL(/\/appeals\/http-/);
    cardUrl = form.url();
    number = (await form.textContent('main.card h1'))!.match(/AST-\d{4}-\d{7}/)![0];

    // the queue, open all along, counts the arrival and leaves its rows where they were
    await page.waitForSelector('[data-testid="new-arrivals"]', { timeout: 25_000 });
    expect((await page.textContent('[data-testid="new-arrivals"]'))!.trim()).toBe('Новые обращения: 1 — показать');
    expect(await page.textContent('[data-testid="appeals-table"] tbody tr >> nth=0 >> td.num')).toBe(firstBefore);
    expect(await page.locator('[data-testid="appeals-table"] tbody tr').count()).toBe(11);
    await shot(page, 'queue-new', '1920x1080');
    await page.click('[data-testid="new-arrivals"]');
    await expect.poll(() => page.textContent('[data-testid="appeals-table"] tbody tr >> nth=0 >> td.num')).toBe(number);
    expect(await page.locator('[data-testid="new-arrivals"]').count()).toBe(0);
    await shot(page, 'queue', '1920x1080');
    await page.click(`[data-testid="appeals-table"] a:has-text("${number}")`);
    await page.waitForURL(cardUrl);
    await page.waitForSelector('[data-testid="transition-form"]');
    await shot(page, 'card', '1920x1080');
    await form.close();
  });

  for (const size of ['1366x768', '390x844'] as const)
    it(`shows the queue, the form and the card at ${size}, everything reachable`, async () => {
      await page.setViewportSize(sizes[size]);
      await page.goto(c.url + '/appeals');
      await page.waitForSelector('[data-testid="appeals-table"] tbody tr');
      expect(await page.locator('[data-testid="appeals-table"] tbody tr').count()).toBe(12);
      expect(await fitsWidth(page)).toEqual([]);
      await shot(page, 'queue', size);

      await page.goto(c.url + '/appeals/new');
      await page.waitForSelector('[data-testid="place-map"] .leaflet-overlay-pane path');
      await page.fill('input[name="lat"]', '51,128 71,43'); // a pair pasted into one field fills both
      await expect.poll(() => page.inputValue('input[name="lon"]')).toBe('71.43');
      expect(await page.inputValue('input[name="lat"]')).toBe('51.128');
      await page.selectOption('select[name="category"]', 'heating.no_heat');
      await page.waitForSelector('[data-testid="repeats"] li a', { timeout: 5000 });
      expect(await fitsWidth(page)).toEqual([]);
      expect(await inView(page, '[data-testid="repeats"] li a')).toBe(true);
      expect(await inView(page, '[data-testid="new-appeal"] button[type="submit"]')).toBe(true);
      await page.evaluate(() => document.querySelector('main.new')!.scrollTo({ top: 0 }));
      await shot(page, 'new', size);

      await page.goto(cardUrl);
      await page.waitForSelector('[data-testid="transition-form"]');
      expect(await fitsWidth(page)).toEqual([]);
      expect(await inView(page, '[data-testid="transition-form"] button')).toBe(true);
      await page.evaluate(() => document.querySelector('main.card')!.scrollTo({ top: 0 }));
      await shot(page, 'card', size);

      await page.goto(c.url + '/problems');
      await page.waitForSelector('main.problems h1');
      expect(await fitsWidth(page)).toEqual([]);
      await page.keyboard.press('?');
      await expect.poll(() => page.locator('[data-testid="help"]').textContent()).toContain('Системные проблемы');
      await page.keyboard.press('Escape');
    });

  it('sorts the queue by its columns: received, deadline, SLA; again reverses; the order is the server\'s', async () => {
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.goto(c.url + '/appeals');
    await page.waitForSelector('[data-testid="appeals-table"] tbody tr');
    const shown = async () => page.locator('[data-testid="appeals-table"] tbody tr td.num').allTextContents();
    const server = async (q: string) => ((await c.get(`/api/appeals?limit=50&${q}`)).items as { number: string }[]).map((a) => a.number);
    const rows = (await shown()).length;
    expect(rows).toBeGreaterThan(5);
    // received: newest first by default; its header reverses it
    expect(await shown()).toEqual(await server('sort=received&dir=desc'));
    await page.click('[data-testid="sort-received"]');
    await expect.poll(async () => (await shown()).join()).toBe((await server('sort=received&dir=asc')).join());
    expect(await page.getAttribute('th:has([data-testid="sort-received"])', 'aria-sort')).toBe('ascending');
    // deadline: the nearest first
    await page.click('[data-testid="sort-deadline"]');
    await expect.poll(async () => (await shown()).join()).toBe((await server('sort=deadline&dir=asc')).join());
    // SLA: the most urgent first
    await page.click('[data-testid="sort-sla"]');
    await expect.poll(async () => (await shown()).join()).toBe((await server('sort=sla&dir=asc')).join());
    expect(await page.getAttribute('th:has([data-testid="sort-sla"])', 'aria-sort')).toBe('ascending');
    expect((await shown()).length).toBe(rows);
    // on a phone the headers are gone: the order is a select
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await page.isVisible('[data-testid="sort-received"]')).toBe(false);
    await page.selectOption('[data-testid="sort-phone"]', 'deadline');
    await expect.poll(async () => (await shown()).join()).toBe((await server('sort=deadline&dir=asc')).join());
    await page.setViewportSize({ width: 1920, height: 1080 });
  });

  it('fits a tablet too: the menu button below 960 px, nothing cut off', async () => {
    for (const width of [1024, 960, 800]) {
      await page.setViewportSize({ width, height: 768 });
      await page.goto(c.url + '/appeals');
      await page.waitForSelector('[data-testid="appeals-table"] tbody tr');
      expect(await fitsWidth(page), `${width}`).toEqual([]);
      expect(await page.locator('[data-testid="menu-button"]').isVisible(), `${width}`).toBe(width <= 960);
    }
  });

  it('speaks Kazakh on a phone: the intake form in kk', async () => {
    await page.setViewportSize(sizes['390x844']);
    await page.goto(c.url + '/appeals/new');
    await page.click('[data-testid="menu-button"]');
    await page.selectOption('[data-testid="menu"] select', 'kk');
    await page.click('[data-testid="menu-button"]');
    await page.waitForSelector('[data-testid="place-map"] .leaflet-overlay-pane path');
    const labels = (await page.locator('[data-testid="new-appeal"] label').allTextContents()).join(' | ');
    expect(labels).toContain('Ендік');
    expect(labels).toContain('Бойлық');
    expect(labels).toContain('Өтініш берушінің телефоны');
    expect(await page.textContent('[data-testid="new-appeal"] legend')).toBe('Картадағы орны');
    await page.fill('input[name="lat"]', '51,128');
    await page.fill('input[name="lon"]', '71,43');
    await expect.poll(() => page.inputValue('[data-testid="district"]')).toBe('astana-yesil');
    await page.evaluate(() => document.querySelector('main.new')!.scrollTo({ top: 0 }));
    await shot(page, 'new', '390x844', 'kk');
    await page.locator('main.new h1').click(); // out of the field: `?` in a field is a character
    await page.keyboard.press('?');
    await expect.poll(() => page.locator('[data-testid="help"]').textContent()).toContain('Жаңа өтініш');
  });
});
