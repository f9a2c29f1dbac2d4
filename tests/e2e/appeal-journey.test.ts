// Issue 12, "Done when": the operator's appeal from intake to answer with a photo, and the citizen's confirmation,
// as one journey in Chromium with real accounts signing in on the login page. A district operator registers an
// appeal with the place picked on the map and lands on its card; the executor organisation's user (role
// `executor`) takes it in work, answers it in words and uploads a photo through the card's own upload control;
// the confirmation link goes to the citizen through the outbox (read here as admin, never shown to staff); the
// citizen opens it on a phone, sees the answer and the photo, presses "Да, решено" and reads the result in words;
// the operator's card then says the citizen confirmed it. Screenshots of every step at 1920×1080, 1366×768 and
// 390×844 (ru; the citizen's page also in kk and en) go to tests/artifacts/journey-<step>-<size>-<locale>.png.
import { resolve } from 'node:path';
import { deflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ARTIFACTS, openBrowser, serveTestBuild, testClient, missingKeys, sidewaysOverflow } from '../helpers/browser';
import { embeddedCentre, type TestCentre } from '../helpers/centre';
import { waitFor } from '../helpers/services';
import { districtAt } from '../../maps/districts';

const sizes = { '1920x1080': { width: 1920, height: 1080 }, '1366x768': { width: 1366, height: 768 }, '390x844': { width: 390, height: 844 } } as const;
type Size = keyof typeof sizes;
const allSizes = Object.keys(sizes) as Size[];
const browserLocale = { ru: 'ru-RU', kk: 'kk-KZ', en: 'en-US' } as const;
type Locale = keyof typeof browserLocale;
const PASSWORD = 'appeal-journey-1';
const TEXT = 'Во дворе дома по ул. Кенесары, 40 второй день не горит фонарь у детской площадки';
const ANSWER = 'Фонарь у детской площадки заменён 02.12.2026, освещение во дворе восстановлено. Фото после работ приложено.';
const PHONE = '+7 701 222 33 44';
const DISTRICT = 'astana-yesil';

// ---- a small real PNG (48×32, a lamp post on a dusk sky), encoded here: signature, IHDR, IDAT, IEND
const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (b: Buffer) => {
  let c = 0xffffffff;
  for (const x of b) c = crcTable[(c ^ x) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}
const PNG_W = 48;
const PNG_H = 32;
function lampPng(): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(PNG_W, 0);
  ihdr.writeUInt32BE(PNG_H, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8 bits, RGB, deflate, no filter, no interlace
  const rows: number[] = [];
  for (let y = 0; y < PNG_H; y++) {
    rows.push(0);
    for (let x = 0; x < PNG_W; x++) {
      const post = x >= 22 && x <= 24 && y >= 8;
      const lamp = y >= 5 && y <= 8 && x >= 19 && x <= 28;
      const ground = y >= 28;
      rows.push(...(lamp ? [255, 226, 120] : post ? [70, 70, 76] : ground ? [60, 90, 50] : [30 + y * 3, 50 + y * 3, 110 + y * 2]));
    }
  }
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(Buffer.from(rows))), chunk('IEND', Buffer.alloc(0))]);
}

describe("the operator's appeal from intake to the citizen's confirmation (Chromium)", () => {
  let c: TestCentre;
  let browser: Browser;
  let executorOrg = '';
  let appealId = '';
  let number = '';
  let token = '';
  const contexts: BrowserContext[] = [];

  const shot = (p: Page, step: string, size: Size, locale: Locale = 'ru') => p.screenshot({ path: `${ARTIFACTS}journey-${step}-${size}-${locale}.png` });
  const missing = missingKeys;
  const overflow = sidewaysOverflow;
  /** the same page at each of the three sizes: nothing sticks out, a screenshot each */
  async function atEverySize(p: Page, step: string, before?: () => Promise<void>) {
    for (const size of allSizes) {
      await p.setViewportSize(sizes[size]);
      await p.waitForTimeout(200);
      await before?.();
      expect(await overflow(p), `${step} ${size}`).toEqual([]);
      await shot(p, step, size);
    }
    await p.setViewportSize(sizes['1920x1080']);
  }
  async function context(size: Size, locale: Locale = 'ru'): Promise<BrowserContext> {
    const ctx = await browser.newContext({ viewport: sizes[size], locale: browserLocale[locale], timezoneId: 'UTC' });
    contexts.push(ctx);
    await serveTestBuild(ctx, resolve('dist/client'), resolve(testClient()));
    return ctx;
  }
  /** a real account signing in on the login page, landing where it was going */
  async function signIn(username: string, next: string): Promise<Page> {
    const p = await (await context('1920x1080')).newPage();
    p.on('pageerror', (e) => console.error('page error:', e.message));
    await p.addInitScript(() => localStorage.setItem('sc.locale', 'ru'));
    await p.goto(`${c.url}/login?next=${encodeURIComponent(next)}`);
    await p.fill('input[name="username"]', username);
    await p.fill('input[name="password"]', PASSWORD);
    await p.click('button[type="submit"]');
    await p.waitForURL((u) => u.pathname === next);
    return p;
  }
  const cardText = (p: Page) => p.locator('main.card').innerText();

  beforeAll(async () => {
    ({ browser } = await openBrowser());
    c = await embeddedCentre({ ADMIN_PASSWORD: 'appeal-journey-admin-1', MQTT_PORT: 25917 });
    const u = await c.send('POST', '/api/users', { username: 'op.yesil.journey', password: PASSWORD, role: 'operator', districts: [DISTRICT] });
    expect(u.http).toBe(201);
  });
  afterAll(async () => {
    for (const ctx of contexts) await ctx.close().catch(() => undefined);
    await browser?.close();
    await c?.cleanup();
  });

  let operator: Page;

  it('the district operator registers the appeal with the place picked on the map and lands on its card', async () => {
    operator = await signIn('op.yesil.journey', '/appeals/new');
    await operator.waitForSelector('[data-testid="place-map"] .leaflet-overlay-pane path');
    // the place: a click on the district's own label on the map (the label sits at the district's centre)
    const label = operator.locator('[data-testid="place-map"] .picker-label', { hasText: 'Есиль' }).first();
    const lb = (await label.boundingBox())!;
    await operator.mouse.click(lb.x + lb.width / 2, lb.y + lb.height + 6);
    await expect.poll(() => operator.inputValue('input[name="lat"]')).toMatch(/^5[01][.,]\d+$/);
    const lat = Number((await operator.inputValue('input[name="lat"]')).replace(',', '.'));
    const lon = Number((await operator.inputValue('input[name="lon"]')).replace(',', '.'));
    expect(districtAt(lat, lon)).toBe(DISTRICT);
    await expect.poll(() => operator.inputValue('[data-testid="district"]')).toBe(DISTRICT);
    expect(await operator.locator('[data-testid="place-map"] .place-pin').count()).toBe(1);
    await operator.selectOption('select[name="category"]', 'street_lighting.lamp_out');
    await operator.fill('textarea[name="text"]', TEXT);
    await operator.fill('input[name="address"]', 'ул. Кенесары, 40');
    await operator.fill('input[name="name"]', 'Данияр Серикович');
    await operator.fill('input[name="phone"]', PHONE);
    await atEverySize(operator, 'intake', async () => {
      await operator.locator('[data-testid="new-appeal"] button[type="submit"]').scrollIntoViewIfNeeded();
    });
    expect(await missing(operator)).toEqual([]);

    await operator.click('[data-testid="new-appeal"] button[type="submit"]');
    await operator.waitForURL(/\/appeals\/http-/);
    appealId = decodeURIComponent(new URL(operator.url()).pathname.split('/').pop()!);
    await operator.waitForSelector('[data-testid="transition-form"]');
    number = (await operator.locator('main.card h1').innerText()).match(/AST-\d{4}-\d{7}/)![0];
    // names, not ids: the district, the channel and the executor by name, the status in words
    const text = await cardText(operator);
    expect(text).toContain(TEXT);
    expect(text).toContain('район Есиль');
    expect(text).not.toMatch(/astana-|phone_109|http-|street_lighting/);
    const server = await c.get(`/api/appeals/${appealId}`);
    expect(server.appeal).toMatchObject({ number, district: DISTRICT, status: 'assigned', category: 'street_lighting.lamp_out' });
    executorOrg = server.appeal.executor;
    expect(executorOrg).toBeTruthy();
    expect(text).not.toContain(executorOrg);
    expect(await operator.locator('main.card .chip.status').innerText()).toBe('у исполнителя');
    // nothing found by the detectors is said in words, not an empty box
    expect(await operator.locator('[data-testid="no-findings"]').innerText()).toContain('Детекторы ничего не нашли');
    expect(await operator.locator('[data-testid="transition-form"] select option[value=""]').innerText()).toBe('Выберите действие');
    await atEverySize(operator, 'card-registered');
    expect(await missing(operator)).toEqual([]);
  });

  it("the executor organisation's user takes it in work, answers it and uploads a photo through the card", async () => {
    const u = await c.send('POST', '/api/users', { username: 'exec.journey', password: PASSWORD, role: 'executor', organisations: [executorOrg] });
    expect(u.http).toBe(201);
    const exec = await signIn('exec.journey', `/appeals/${appealId}`);
    await exec.waitForSelector('[data-testid="transition-form"]');
    expect(await exec.locator('main.card h1').innerText()).toContain(number);
    // an executor has no live map: no socket that could only say "offline", but the city's clock and district names
    await exec.waitForSelector('[data-testid="clock"]');
    expect(await exec.locator('[data-testid="clock-zone"]').innerText()).toBe('UTC+5');
    expect(await exec.locator('[data-testid="connection-state"]').count()).toBe(0);
    // nor a link to the wall it may not see
    expect(await exec.locator('header.top nav a').allTextContents()).not.toContain('Экран');
    await expect.poll(() => exec.locator('[data-testid="card-district"]').innerText()).toContain('район Есиль');
    const registered = await c.get(`/api/appeals/${appealId}`);
    const cityTime = new Intl.DateTimeFormat('ru-RU', { timeZone: 'Asia/Almaty', hour: '2-digit', minute: '2-digit' }).format(new Date(registered.appeal.registeredAt));
    expect(await cardText(exec)).toContain(cityTime);
    // an executor neither assigns nor confirms for the citizen
    const actions = await exec.locator('[data-testid="transition-form"] select option:not([disabled])').allTextContents();
    expect(actions).toContain('Взять в работу');
    await exec.selectOption('[data-testid="transition-form"] select', 'start');
    await exec.click('[data-testid="transition-form"] button');
    await expect.poll(() => exec.locator('main.card .chip.status').innerText()).toBe('в работе');

    // the photo through the card's own control
    const png = lampPng();
    await exec.setInputFiles('label.upload input[type="file"]', { name: 'lamp-after.png', mimeType: 'image/png', buffer: png });
    await exec.waitForFunction(
      (w) => [...document.querySelectorAll<HTMLImageElement>('[data-testid="photo-thumb"] img')].some((i) => i.complete && i.naturalWidth === w),
      PNG_W,
    );
    expect(await exec.locator('[data-testid="photo-thumb"]').count()).toBe(1);

    // the answer, typed in the form
    await exec.selectOption('[data-testid="transition-form"] select', 'answer');
    await exec.fill('[data-testid="transition-form"] textarea', ANSWER);
    await atEverySize(exec, 'executor-answer', async () => {
      await exec.locator('[data-testid="transition-form"] button').scrollIntoViewIfNeeded();
    });
    await exec.click('[data-testid="transition-form"] button');
    await exec.waitForSelector('text=Ссылка для подтверждения отправлена заявителю');
    await expect.poll(() => exec.locator('main.card .chip.status').innerText()).toBe('дан ответ');
    expect(await cardText(exec)).toContain(ANSWER);
    // the link is never on a staff screen
    expect(await exec.locator('main.card').innerHTML()).not.toContain('/confirm/');
    await atEverySize(exec, 'executor-answered', async () => {
      await exec.locator('[data-testid="photo-thumb"]').scrollIntoViewIfNeeded();
    });
    expect(await missing(exec)).toEqual([]);

    const server = await c.get(`/api/appeals/${appealId}`);
    expect(server.appeal).toMatchObject({ status: 'answered', answer: ANSWER });
    expect(server.photos).toHaveLength(1);
    expect(server.timeline.map((e: { type: string; actor: string }) => `${e.type}:${e.actor}`)).toEqual(
      expect.arrayContaining(['start:exec.journey', 'answer:exec.journey']),
    );
  });

  it('the link reaches the outbox (read as admin), addressed to the phone the operator typed', async () => {
    await waitFor(async () => (await c.get(`/api/outbox?appeal=${appealId}`)).items[0]?.sentAt, 15_000);
    const items = (await c.get(`/api/outbox?appeal=${appealId}`)).items as { body: string; recipient: string | null; channel: string }[];
    expect(items).toHaveLength(1);
    expect(items[0].channel).toBe('sms');
    expect(items[0].recipient).toBe(PHONE);
    token = /\/confirm\/([A-Za-z0-9_-]{20,})/.exec(items[0].body)![1];
    // the executor may not read the outbox
    const exec = await c.tokenAs({ username: 'exec.journey', role: 'executor', organisations: [executorOrg] });
    expect((await c.get(`/api/outbox?appeal=${appealId}`, exec)).http).toBe(403);
  });

  it('the citizen opens the link on a phone, sees the answer and the photo, presses "Да, решено" and reads the result', async () => {
    expect(token).not.toBe('');
    // the page before answering, at every size and in each language (looking does not use the link)
    for (const locale of ['ru', 'kk', 'en'] as const)
      for (const size of allSizes) {
        const p = await (await context(size, locale)).newPage();
        p.on('pageerror', (e) => console.error('page error:', e.message));
        await p.goto(`${c.url}/confirm/${token}`);
        await p.waitForSelector('[data-testid="citizen-number"]');
        expect(await p.locator('[data-testid="citizen-number"]').innerText()).toBe(number);
        expect(await p.evaluate(() => document.documentElement.lang)).toBe(locale);
        expect(await p.locator('[data-testid="citizen-answer"]').innerText()).toBe(ANSWER);
        expect(await p.locator('header.top, nav, button.logout').count()).toBe(0);
        await p.waitForFunction(
          (w) => [...document.querySelectorAll<HTMLImageElement>('[data-testid="photo-thumb"] img')].some((i) => i.complete && i.naturalWidth === w),
          PNG_W,
        );
        const yes = (await p.locator('[data-testid="citizen-yes"]').boundingBox())!;
        expect(yes.y + yes.height).toBeLessThanOrEqual(sizes[size].height);
        expect(await p.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
        const body = await p.evaluate(() => document.body.innerText);
        for (const s of ['Данияр', '701', 'astana-', 'street_lighting']) expect(body).not.toContain(s);
        expect(await missing(p), `${locale} ${size}`).toEqual([]);
        await shot(p, 'citizen', size, locale);
        await p.close();
      }

    // the citizen's phone, in Russian: "Да, решено"
    const phone = await (await context('390x844', 'ru')).newPage();
    await phone.goto(`${c.url}/confirm/${token}`);
    await phone.waitForSelector('[data-testid="citizen-yes"]');
    expect(await phone.locator('[data-testid="citizen-yes"]').innerText()).toBe('Да, решено');
    await phone.click('[data-testid="citizen-yes"]');
    await phone.waitForSelector('[data-testid="citizen-result"]');
    expect(await phone.locator('[data-testid="citizen-result"] h1').innerText()).toBe('Спасибо, обращение закрыто');
    expect(await phone.locator('[data-testid="citizen-result"]').innerText()).toContain(number);
    await shot(phone, 'citizen-closed', '390x844');
    for (const size of ['1920x1080', '1366x768'] as const) {
      await phone.setViewportSize(sizes[size]);
      await phone.waitForTimeout(150);
      await shot(phone, 'citizen-closed', size);
    }
    expect(await missing(phone)).toEqual([]);
    expect((await c.get(`/api/appeals/${appealId}`)).appeal.status).toBe('citizen_confirmed');
  });

  it("the operator's card then shows the citizen's confirmation", async () => {
    await operator.goto(`${c.url}/appeals/${appealId}`);
    await expect.poll(() => operator.locator('main.card .chip.status').innerText(), { timeout: 10_000 }).toBe('решено (подтверждено)');
    const last = operator.locator('.timeline li').last();
    expect(await last.innerText()).toContain('решено (подтверждено)');
    expect(await last.innerText()).not.toContain('(заявитель)');
    expect(await operator.locator('[data-testid="transition-form"]').count()).toBe(0);
    expect(await operator.locator('main.card').innerHTML()).not.toContain('/confirm/');
    const text = await cardText(operator);
    expect(text).toContain(ANSWER);
    expect(text).not.toMatch(/astana-|phone_109|http-|citizen_confirmed/);
    await atEverySize(operator, 'card-confirmed', async () => {
      await operator.locator('.timeline').scrollIntoViewIfNeeded();
    });
    expect(await missing(operator)).toEqual([]);
  });
});
