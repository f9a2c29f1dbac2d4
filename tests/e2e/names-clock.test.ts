// Names, not ids, in the user's language, and one clock (issue 12 items 4 and 12), in Chromium in a UTC browser:
// - the pages (login, wall, queue, card, new appeal, problems, confirm) walked in kk and en: no key missing in the
//   language (vue-i18n's missing handler), no raw id in the visible text (`astana-…`, `phone_109`, `sim-…`,
//   snake_case statuses), no Cyrillic in the English labels;
// - the header clock and a card's times on the city's clock (Asia/Almaty, "UTC+5") although the browser is in UTC;
// - a server validation error in the form, in the language of the screen.
// Screenshots: tests/artifacts/names-<page>-<size>-<locale>.png.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ARTIFACTS, openBrowser, serveTestBuild, testClient, missingKeys } from '../helpers/browser';
import { embeddedCentre, type TestCentre } from '../helpers/centre';
import { gpsFix, publishAll, uid, waitFor } from '../helpers/services';
import { formatDateTime, formatTime } from '../../client/src/i18n/format';
import { appealStatuses } from '../../ingest/schema/appeal-status';

const PASSWORD = 'names-clock-test-1';
const SIZES = [
  { name: '1920', width: 1920, height: 1080 },
  { name: '1366', width: 1366, height: 768 },
  { name: '390', width: 390, height: 844 },
];
// ids that must never reach a person's eyes (in English, `answered` or `closed` are words, so the one-word
// status ids are looked for in Kazakh only; snake_case ones in both)
const rawId = (locale: string) => new RegExp(
  [
    String.raw`\bastana-[a-z]`,
    String.raw`\bakimat-[a-z]`,
    String.raw`\bphone_109\b`,
    String.raw`\bsim-[a-z0-9]`,
    String.raw`\bhttp-[0-9a-f]{8}`,
    String.raw`\bsnowplow-\d`,
    String.raw`\b[a-z]+_[a-z_]+\b`, // snake_case: statuses, channels, reasons, roles
    ...(locale === 'en' ? [] : appealStatuses.map((s) => String.raw`\b${s}\b`)),
  ].join('|'),
);

describe('names and one clock, in kk and en, in a UTC browser', () => {
  let c: TestCentre;
  let browser: Browser;
  let appealId = '';
  let registeredAt = '';
  const vehicle = 'snowplow-0042';

  beforeAll(async () => {
    ({ browser } = await openBrowser());
    c = await embeddedCentre({ ADMIN_PASSWORD: PASSWORD, MQTT_PORT: 22897 });
    // an appeal from the 109 line in Yesil, routed, started and answered with a brush-off (detector reasons)
    const a = await c.send('POST', '/api/appeals', { channel: 'phone_109', category: 'heating.no_heat', text: 'Нет отопления в подъезде дома 5', lat: 51.128, lon: 71.43, address: 'ул. Кенесары, 5' });
    expect(a.http).toBe(201);
    appealId = a.id;
    registeredAt = a.registeredAt;
    expect(a.district).toBe('astana-yesil');
    expect((await c.send('POST', `/api/appeals/${appealId}/transitions`, { action: 'start' })).http).toBe(200);
    const ans = await c.send('POST', `/api/appeals/${appealId}/transitions`, { action: 'answer', text: 'Ваше обращение рассмотрено. Разъяснено в соответствии с законодательством.' });
    expect(ans.http).toBe(200);
    // a second appeal at the same place: a repeat of the first (its card links to the original by number)
    expect((await c.send('POST', '/api/appeals', { channel: 'telegram_bot', category: 'heating.no_heat', text: 'Снова нет отопления в доме 5', lat: 51.128, lon: 71.43 })).http).toBe(201);
    // a vehicle on the map
    await publishAll(c.mqttUrl, [{ topic: `${c.prefix}gps/${vehicle}`, payload: JSON.stringify(gpsFix(uid('g'), { lat: 51.16, lon: 71.47 })) }]);
  });
  afterAll(async () => {
    await browser?.close();
    await c?.cleanup();
  });

  async function uctPage(locale: string, size = SIZES[0]): Promise<{ ctx: BrowserContext; page: Page }> {
    const ctx = await browser.newContext({ timezoneId: 'UTC', locale: 'en-US', viewport: { width: size.width, height: size.height } });
    const page = await ctx.newPage();
    page.on('pageerror', (e) => console.error('page error:', e.message));
    await serveTestBuild(page, resolve('dist/client'), resolve(testClient()));
    await page.addInitScript((l) => localStorage.setItem('sc.locale', l), locale);
    return { ctx, page };
  }

  /** What a person reads: the text, the options of lists, placeholders and titles. */
  const visibleText = (page: Page) =>
    page.evaluate(() => {
      const parts = [document.body.innerText];
      document.querySelectorAll('option').forEach((o) => parts.push(o.textContent ?? ''));
      document.querySelectorAll('[placeholder]').forEach((e) => parts.push(e.getAttribute('placeholder') ?? ''));
      document.querySelectorAll('[title]').forEach((e) => parts.push(e.getAttribute('title') ?? ''));
      return parts.join('\n');
    });
  const missing = missingKeys;

  async function check(page: Page, locale: string, what: string): Promise<string> {
    await page.waitForTimeout(300);
    const text = await visibleText(page);
    expect(text.length, what).toBeGreaterThan(20);
    expect(text.match(rawId(locale))?.[0], `${what} (${locale}) shows a raw id`).toBeUndefined();
    expect(await missing(page), `${what} (${locale}) has untranslated keys`).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe(locale);
    if (locale === 'en') {
      // labels, headings, buttons and the header in English (the citizen's own words may be Russian)
      const labels = await page.evaluate(() =>
        [...document.querySelectorAll('header.top, nav, th, dt, label, h1, h2, button, .chip, .clock')].map((e) => (e as HTMLElement).innerText).join('\n'),
      );
      expect(labels.match(/[А-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі]+/)?.[0], `${what}: Cyrillic in an English label`).toBeUndefined();
    }
    return text;
  }

  for (const locale of ['kk', 'en'] as const) {
    it(`walks the pages in ${locale}: no untranslated key, no raw id`, async () => {
      const { ctx, page } = await uctPage(locale);
      try {
        // login
        await page.goto(c.url + '/login');
        await page.waitForSelector('[data-testid="login-form"]');
        await check(page, locale, 'login');
        await page.fill('input[name="username"]', 'admin');
        await page.fill('input[name="password"]', PASSWORD);
        await page.click('button[type="submit"]');
        // wall
        await page.waitForSelector('[data-testid="connection-state"][data-state="live"]', { timeout: 15_000 });
        await page.waitForSelector('[data-testid="clock"]');
        await page.waitForSelector('.leaflet-overlay-pane path');
        await check(page, locale, 'wall');
        // the vehicle's popup: its kind and short label, not its id
        await expect
          .poll(
            async () => {
              const p = await page.evaluate(() => {
                type LeafletLike = { latLngToContainerPoint(p: [number, number]): { x: number; y: number }; getContainer(): HTMLElement };
                const m = (window as unknown as { __centre: { map: LeafletLike } }).__centre.map;
                const pt = m.latLngToContainerPoint([51.16, 71.47]);
                const r = m.getContainer().getBoundingClientRect();
                return { x: r.left + pt.x, y: r.top + pt.y };
              });
              await page.mouse.click(p.x, p.y);
              return (await page.locator('.point-popup .pp-title').textContent().catch(() => '')) ?? '';
            },
            { timeout: 5000 },
          )
          .toContain('0042');
        expect(await page.locator('.point-popup').textContent()).not.toContain(vehicle);
        await check(page, locale, 'wall popup');
        await page.screenshot({ path: `${ARTIFACTS}names-wall-1920-${locale}.png` });
        await page.keyboard.press('Escape');
        // queue
        await page.goto(c.url + '/appeals');
        await page.waitForSelector('[data-testid="appeals-table"] tbody tr');
        const queue = await check(page, locale, 'queue');
        expect(queue).toMatch(locale === 'kk' ? /Есіл/ : /Yesil/);
        await page.screenshot({ path: `${ARTIFACTS}names-queue-1920-${locale}.png` });
        // card
        await page.goto(c.url + `/appeals/${appealId}`);
        await page.waitForSelector('.card h1');
        await page.waitForSelector('.findings [data-reason]');
        const card = await check(page, locale, 'card');
        expect(card).toMatch(locale === 'kk' ? /109 нөмірі/ : /Toll-free number 109/);
        expect(card).toMatch(locale === 'kk' ? /«Астана-Теплотранзит» АҚ/ : /Astana-Teplotranzit/);
        expect(card).toMatch(locale === 'kk' ? /үлгі тіркестер: «/ : /template phrases: «/);
        await page.screenshot({ path: `${ARTIFACTS}names-card-1920-${locale}.png` });
        // new appeal: a field refused beside the field, and the form's alert, in the screen's language (the server's
        // own codes in the language are tests/integration/error-codes.test.ts and tests/unit/client-names.test.ts)
        await page.goto(c.url + '/appeals/new');
        await page.waitForSelector('[data-testid="new-appeal"]');
        await check(page, locale, 'new appeal');
        await page.selectOption('[data-testid="new-appeal"] select >> nth=1', 'heating.no_heat');
        await page.fill('[data-testid="new-appeal"] textarea', 'Проверка');
        await page.fill('[data-testid="new-appeal"] input[placeholder="51.128"]', 'x');
        await page.fill('[data-testid="new-appeal"] input[placeholder="71.43"]', '71.43');
        await page.click('[data-testid="new-appeal"] button');
        const alert = (await page.locator('[data-testid="new-appeal"] [role="alert"]').textContent({ timeout: 5000 })) ?? '';
        expect(alert).toBe(locale === 'kk' ? 'Белгіленген өрістерді тексеріңіз' : 'Check the marked fields');
        const latError = (await page.locator('[data-testid="err-lat"]').textContent({ timeout: 5000 })) ?? '';
        expect(latError.length).toBeGreaterThan(3);
        if (locale === 'en') expect(latError).not.toMatch(/[А-Яа-яӘәҒғҚқҢңӨөҰұҮүІі]/);
        else expect(latError).toMatch(/[А-Яа-яӘәҒғҚқҢңӨөҰұҮүІі]/);
        await check(page, locale, 'new appeal error');
        await page.screenshot({ path: `${ARTIFACTS}names-new-1920-${locale}.png` });
        // problems
        await page.goto(c.url + '/problems');
        await page.waitForSelector('.problems h1');
        await check(page, locale, 'problems');
        // the citizen's confirmation page (public)
        await page.goto(c.url + '/confirm/' + 'x'.repeat(24));
        await page.waitForSelector('main');
        await check(page, locale, 'confirm');
        await page.screenshot({ path: `${ARTIFACTS}names-confirm-1920-${locale}.png` });
      } finally {
        await ctx.close();
      }
    });
  }

  it('one clock: in a UTC browser the header and the card are on the city clock (UTC+5) and agree', async () => {
    const { ctx, page } = await uctPage('ru');
    try {
      expect(await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone)).toBe('UTC');
      await page.goto(c.url + '/login');
      await page.fill('input[name="username"]', 'admin');
      await page.fill('input[name="password"]', PASSWORD);
      await page.click('button[type="submit"]');
      await page.waitForSelector('[data-testid="clock"]');
      expect(await page.textContent('[data-testid="clock-zone"]')).toBe('UTC+5');
      const header = (await page.textContent('[data-testid="clock"] b'))!;
      const city = formatTime(new Date(), 'ru', true, 'Asia/Almaty');
      const toMin = (hms: string) => {
        const [h, m] = hms.split(':').map(Number);
        return h * 60 + m;
      };
      expect(Math.abs(toMin(header) - toMin(city)) % (24 * 60)).toBeLessThanOrEqual(1);
      // the browser's own clock would be five hours behind
      expect(Math.abs(toMin(header) - toMin(formatTime(new Date(), 'ru', true, 'UTC')))).toBeGreaterThanOrEqual(4 * 60);
      await page.goto(c.url + `/appeals/${appealId}`);
      await page.waitForSelector('.card dl');
      const expected = formatDateTime(new Date(registeredAt), 'ru', 'Asia/Almaty');
      const dd = (await page.locator('.card dl dd').first().textContent())!;
      expect(dd).toContain(expected);
      // the card's registration time (minutes ago) and the header clock: the same clock
      const cardHm = expected.split(' ')[1];
      const nowHm = (await page.textContent('[data-testid="clock"] b'))!;
      expect((toMin(nowHm) - toMin(cardHm) + 24 * 60) % (24 * 60)).toBeLessThan(30);
      // the timeline is on the same clock
      expect(await page.locator('.timeline time').first().textContent()).toBe(expected);
    } finally {
      await ctx.close();
    }
  });

  it('screenshots of the card and the queue at three sizes in kk and en', async () => {
    for (const locale of ['kk', 'en']) {
      for (const size of SIZES) {
        const { ctx, page } = await uctPage(locale, size);
        try {
          await page.goto(c.url + '/login');
          await page.fill('input[name="username"]', 'admin');
          await page.fill('input[name="password"]', PASSWORD);
          await page.click('button[type="submit"]');
          await page.waitForSelector('[data-testid="clock"]');
          await page.goto(c.url + `/appeals/${appealId}`);
          await page.waitForSelector('.findings [data-reason]');
          await waitFor(async () => (await page.locator('.timeline li').count()) >= 3, 5000);
          await page.screenshot({ path: `${ARTIFACTS}names-card-${size.name}-${locale}.png` });
          await page.goto(c.url + '/appeals');
          await page.waitForSelector('[data-testid="appeals-table"] tbody tr');
          await page.screenshot({ path: `${ARTIFACTS}names-queue-${size.name}-${locale}.png` });
        } finally {
          await ctx.close();
        }
      }
    }
  });
});
