// The citizen's confirmation loop in Chromium (issue 12, items 2 and 6): an operator answers an appeal with a photo
// report; the link reaches the outbox (the demo sender marks it delivered); the citizen opens it on a phone in
// Russian and in Kazakh (the browser's language) — no staff header, the appeal's number, the answer, the photos
// opening larger, both big buttons on screen with the answer — answers, and reads a human result; a used and an
// expired link say so in words. The card shows the link's state and sends it again (an operator of the district);
// a dispatcher sees the state but neither the link, the phone nor the button. Screenshots at 1920×1080, 1366×768
// and 390×844 go to tests/artifacts/citizen-*.png.
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ARTIFACTS, openBrowser, serveTestBuild, testClient, missingKeys } from '../helpers/browser';
import { embeddedCentre, type TestCentre } from '../helpers/centre';
import { waitFor } from '../helpers/services';
import { districtAt } from '../../maps/districts';

const sizes = { '1920x1080': { width: 1920, height: 1080 }, '1366x768': { width: 1366, height: 768 }, '390x844': { width: 390, height: 844 } } as const;
type Size = keyof typeof sizes;
const browserLocale = { ru: 'ru-RU', kk: 'kk-KZ', en: 'en-US' } as const;
type Locale = keyof typeof browserLocale;
const PHONE = '+7 701 555 44 33';
const LAT = 51.128;
const LON = 71.43;
const ANSWER = 'Отопление в подъезде восстановлено 02.12.2026: заменён стояк, давление в системе в норме. Фото после работ приложены.';

describe("citizen's confirmation loop, in Chromium", () => {
  let c: TestCentre;
  let browser: Browser;
  let first: Page;
  let photos: Buffer[] = [];
  const district = districtAt(LAT, LON)!;

  beforeAll(async () => {
    ({ browser, page: first } = await openBrowser());
    c = await embeddedCentre({ MQTT_PORT: 24917 });
    // two "photos" of the work done, drawn in the browser (a street, a radiator), as PNG
    photos = await Promise.all(
      ['#4a7bb0', '#8a5a2a'].map(async (sky, i) => {
        const dataUrl = await first.evaluate(
          ([sky, i]) => {
            const cv = document.createElement('canvas');
            cv.width = 640;
            cv.height = 480;
            const g = cv.getContext('2d')!;
            const grad = g.createLinearGradient(0, 0, 0, 480);
            grad.addColorStop(0, sky as string);
            grad.addColorStop(1, '#1c2a36');
            g.fillStyle = grad;
            g.fillRect(0, 0, 640, 480);
            g.fillStyle = '#d9d2c3';
            for (let k = 0; k < 9; k++) g.fillRect(120 + k * 45, 200, 30, 200);
            g.fillStyle = '#6d6d6d';
            g.fillRect(100, 180, 440, 24);
            g.fillStyle = '#fff';
            g.font = 'bold 40px sans-serif';
            g.fillText(`№${(i as number) + 1}`, 30, 60);
            return cv.toDataURL('image/png');
          },
          [sky, i] as const,
        );
        return Buffer.from(dataUrl.split(',')[1], 'base64');
      }),
    );
  });
  afterAll(async () => {
    await browser?.close();
    await c?.cleanup();
  });

  /** An appeal from a citizen with a phone, answered with the photo report; its number, id and the citizen's link. */
  async function answeredAppeal(withPhotos = true): Promise<{ id: string; number: string; token: string }> {
    const a = await c.send('POST', '/api/appeals', {
      channel: 'phone_109',
      category: 'heating.no_heat',
      text: 'Нет отопления в подъезде третий день, звоните 8 701 555 44 33',
      lat: LAT,
      lon: LON,
      address: 'ул. Кенесары, 40, кв. 12',
      citizen: { name: 'Айгерим Ахметова', phone: PHONE },
    });
    expect(a.http).toBe(201);
    if (withPhotos)
      for (const p of photos) {
        const up = await fetch(`${c.url}/api/appeals/${a.id}/photos`, { method: 'POST', headers: { authorization: `Bearer ${c.token}` }, body: new Uint8Array(p) });
        expect(up.status).toBe(201);
      }
    const ans = await c.send('POST', `/api/appeals/${a.id}/transitions`, { action: 'answer', text: ANSWER });
    expect(ans.appeal.status).toBe('answered');
    const msgs = (await c.get(`/api/outbox?appeal=${a.id}`)).items as { body: string }[];
    expect(msgs).toHaveLength(1);
    const token = /\/confirm\/([A-Za-z0-9_-]{20,})/.exec(msgs[0].body)![1];
    return { id: a.id, number: a.number, token };
  }

  async function contextFor(locale: Locale, size: Size): Promise<{ ctx: BrowserContext; page: Page }> {
    const ctx = await browser.newContext({ locale: browserLocale[locale], viewport: sizes[size], timezoneId: 'UTC' });
    const page = await ctx.newPage();
    page.on('pageerror', (e) => console.error('page error:', e.message));
    await serveTestBuild(page, resolve('dist/client'), resolve(testClient()));
    return { ctx, page };
  }
  const shot = (p: Page, what: string, size: Size, locale: Locale) => p.screenshot({ path: `${ARTIFACTS}citizen-${what}-${size}-${locale}.png` });
  const missing = missingKeys;
  const box = async (p: Page, sel: string) => (await p.locator(sel).first().boundingBox())!;

  /** The citizen's page opened on the link: the appeal, no staff header, both buttons on screen with the answer. */
  async function opened(page: Page, token: string, number: string, locale: Locale, size: Size) {
    await page.goto(`${c.url}/confirm/${token}`);
    await page.waitForSelector('[data-testid="citizen-number"]');
    expect(await page.locator('[data-testid="citizen-number"]').innerText()).toBe(number);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe(locale);
    // no staff header, navigation, clock or sign-out
    expect(await page.locator('header.top, nav, [data-testid="clock"], button.logout').count()).toBe(0);
    expect(await page.locator('[data-testid="citizen-answer"]').innerText()).toBe(ANSWER);
    // nothing personal: not the name, the phone or the flat
    const text = await page.evaluate(() => document.body.innerText);
    for (const s of ['Ахметова', 'Айгерим', '701', 'кв. 12']) expect(text).not.toContain(s);
    expect(text).toContain('ул. Кенесары');
    // the answer and both buttons on one screen, without scrolling
    const v = sizes[size];
    const yes = await box(page, '[data-testid="citizen-yes"]');
    const no = await box(page, '[data-testid="citizen-no"]');
    const answer = await box(page, '[data-testid="citizen-answer"]');
    for (const b of [yes, no]) {
      expect(b.y + b.height).toBeLessThanOrEqual(v.height);
      expect(b.x + b.width).toBeLessThanOrEqual(v.width);
      expect(b.height).toBeGreaterThanOrEqual(44);
    }
    expect(answer.y).toBeGreaterThan(0);
    expect(answer.y + answer.height).toBeLessThanOrEqual(Math.min(yes.y, no.y));
    // the photos: loaded through their signed URLs (no header), opening larger
    const thumbs = page.locator('[data-testid="photo-thumb"] img');
    expect(await thumbs.count()).toBe(2);
    await page.waitForFunction(() => [...document.querySelectorAll<HTMLImageElement>('[data-testid="photo-thumb"] img')].every((i) => i.complete && i.naturalWidth === 640));
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    expect(await missing(page), `${locale}: untranslated keys`).toEqual([]);
  }

  it('a citizen on a phone in Russian: the appeal, the answer, photos larger, "Нет, не решено" with a comment → returned', async () => {
    const a = await answeredAppeal();
    const { ctx, page } = await contextFor('ru', '390x844');
    try {
      await opened(page, a.token, a.number, 'ru', '390x844');
      expect(await page.locator('h1').innerText()).toBe('Проблема решена?');
      expect(await page.locator('[data-testid="citizen-yes"]').innerText()).toBe('Да, решено');
      expect(await page.locator('[data-testid="citizen-no"]').innerText()).toBe('Нет, не решено');
      expect(await page.locator('[data-testid="citizen-category"]').innerText()).toBe('Нет отопления / слабое отопление');
      await shot(page, 'page', '390x844', 'ru');
      // a photo larger, then back
      await page.locator('[data-testid="photo-thumb"]').nth(1).click();
      await page.waitForSelector('[data-testid="photo-large"] img');
      await page.waitForFunction(() => (document.querySelector<HTMLImageElement>('[data-testid="photo-large"] img')?.naturalWidth ?? 0) === 640);
      const large = await box(page, '[data-testid="photo-large"] img');
      expect(large.width).toBeGreaterThan(300);
      expect(await page.locator('[data-testid="photo-large"] .caption').innerText()).toBe('Фото 2 из 2');
      await shot(page, 'photo', '390x844', 'ru');
      await page.keyboard.press('Escape');
      expect(await page.locator('[data-testid="photo-large"]').count()).toBe(0);
      // "no", with a comment
      await page.click('[data-testid="citizen-add-comment"]');
      await page.fill('[data-testid="citizen-comment"]', 'Батареи во втором подъезде всё ещё холодные');
      await shot(page, 'comment', '390x844', 'ru');
      const no = await box(page, '[data-testid="citizen-no"]');
      expect(no.y + no.height).toBeLessThanOrEqual(844);
      await page.click('[data-testid="citizen-no"]');
      await page.waitForSelector('[data-testid="citizen-result"]');
      expect(await page.locator('[data-testid="citizen-result"] h1').innerText()).toBe('Мы вернули обращение исполнителю');
      expect(await page.locator('[data-testid="citizen-result"] p').innerText()).toContain(a.number);
      await shot(page, 'returned', '390x844', 'ru');
      const card = await c.get(`/api/appeals/${a.id}`);
      expect(card.appeal.status).toBe('reopened');
      expect(card.timeline.at(-1)).toMatchObject({ type: 'dispute', actor: 'citizen', reason: 'Батареи во втором подъезде всё ещё холодные' });
      // the link again: used, in words
      await page.reload();
      await page.waitForSelector('[data-testid="citizen-problem"]');
      expect(await page.locator('[data-testid="citizen-problem"]').getAttribute('data-problem')).toBe('used');
      expect(await page.locator('[data-testid="citizen-problem"] h1').innerText()).toBe('По этой ссылке уже ответили');
      await shot(page, 'used', '390x844', 'ru');
    } finally {
      await ctx.close();
    }
  });

  it('a citizen on a phone in Kazakh (the browser\'s language): "Иә, шешілді" → closed; the picker switches the language', async () => {
    const a = await answeredAppeal();
    const { ctx, page } = await contextFor('kk', '390x844');
    try {
      await opened(page, a.token, a.number, 'kk', '390x844');
      expect(await page.locator('h1').innerText()).toBe('Мәселе шешілді ме?');
      expect(await page.locator('[data-testid="citizen-yes"]').innerText()).toBe('Иә, шешілді');
      expect(await page.locator('[data-testid="citizen-no"]').innerText()).toBe('Жоқ, шешілмеді');
      expect(await page.locator('[data-testid="lang-kk"]').getAttribute('aria-pressed')).toBe('true');
      await shot(page, 'page', '390x844', 'kk');
      // the picker: English, then back to Kazakh
      await page.click('[data-testid="lang-en"]');
      expect(await page.locator('h1').innerText()).toBe('Is the problem solved?');
      expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
      await shot(page, 'page', '390x844', 'en');
      await page.click('[data-testid="lang-kk"]');
      expect(await page.locator('[data-testid="citizen-yes"]').innerText()).toBe('Иә, шешілді');
      await page.click('[data-testid="citizen-yes"]');
      await page.waitForSelector('[data-testid="citizen-result"]');
      expect(await page.locator('[data-testid="citizen-result"] h1').innerText()).toBe('Рақмет, өтініш жабылды');
      await shot(page, 'closed', '390x844', 'kk');
      expect((await c.get(`/api/appeals/${a.id}`)).appeal.status).toBe('citizen_confirmed');
      expect(await missing(page)).toEqual([]);
    } finally {
      await ctx.close();
    }
  });

  it('the page at the laptop and wall sizes, in Russian and Kazakh; an expired link in words', async () => {
    const a = await answeredAppeal();
    for (const size of ['1920x1080', '1366x768'] as const)
      for (const locale of ['ru', 'kk'] as const) {
        const { ctx, page } = await contextFor(locale, size);
        try {
          await opened(page, a.token, a.number, locale, size);
          await shot(page, 'page', size, locale);
        } finally {
          await ctx.close();
        }
      }
    // a newer link replaces this one (resend from the card): the old one says it expired
    expect((await c.send('POST', `/api/appeals/${a.id}/outbox/resend`)).http).toBe(201);
    for (const locale of ['ru', 'kk'] as const) {
      const { ctx, page } = await contextFor(locale, '390x844');
      try {
        await page.goto(`${c.url}/confirm/${a.token}`);
        await page.waitForSelector('[data-testid="citizen-problem"]');
        expect(await page.locator('[data-testid="citizen-problem"]').getAttribute('data-problem')).toBe('expired');
        expect(await page.locator('[data-testid="citizen-problem"] h1').innerText()).toBe(locale === 'ru' ? 'Срок действия ссылки истёк' : 'Сілтеменің мерзімі өтті');
        expect(await page.locator('[data-testid="citizen-yes"]').count()).toBe(0);
        await shot(page, 'expired', '390x844', locale);
        expect(await missing(page)).toEqual([]);
      } finally {
        await ctx.close();
      }
    }
  });

  it("the card: photo thumbnails opening larger, the link's state, and 'send again' (operator); a dispatcher sees only the state", async () => {
    const a = await answeredAppeal();
    // the demo sender delivers it into the outbox
    await waitFor(async () => (await c.get(`/api/outbox?appeal=${a.id}`)).items[0]?.sentAt, 15_000);
    const signIn = async (page: Page, role: 'operator' | 'dispatcher') => {
      const username = `${role}.citizen`;
      const token = await c.tokenAs({ username, role, districts: [district] });
      const session = JSON.stringify({ token, refreshToken: null, user: { sub: username, username, role, districts: [district], kind: 'user' } });
      await page.addInitScript((s) => localStorage.setItem('sc.session', s), session);
    };
    for (const size of ['1920x1080', '1366x768', '390x844'] as const) {
      const { ctx, page } = await contextFor('ru', size);
      try {
        await signIn(page, 'operator');
        await page.goto(`${c.url}/appeals/${a.id}`);
        await page.waitForSelector('[data-testid="delivery-state"]');
        expect(await page.locator('[data-testid="delivery-state"]').getAttribute('data-state')).toBe('sent');
        expect(await page.locator('[data-testid="delivery"]').innerText()).toMatch(/в журнале \(демо-отправка\)\s+SMS/);
        await page.waitForFunction(() => [...document.querySelectorAll<HTMLImageElement>('[data-testid="photo-thumb"] img')].filter((i) => i.complete && i.naturalWidth === 640).length === 2);
        const html = await page.locator('[data-testid="delivery"]').innerHTML();
        expect(html).not.toContain('/confirm/');
        await page.locator('[data-testid="resend"]').scrollIntoViewIfNeeded();
        await shot(page, 'card', size, 'ru');
        if (size === '390x844') {
          await page.locator('[data-testid="photo-thumb"]').first().click();
          await page.waitForFunction(() => (document.querySelector<HTMLImageElement>('[data-testid="photo-large"] img')?.naturalWidth ?? 0) === 640);
          await shot(page, 'card-photo', size, 'ru');
          await page.click('[data-testid="photo-close"]');
          expect(await page.locator('[data-testid="photo-large"]').count()).toBe(0);
          // send the link again: a new message, queued, then delivered
          await page.click('[data-testid="resend"]');
          await page.waitForSelector('text=Новая ссылка поставлена в очередь');
          expect(await page.locator('[data-testid="delivery-state"]').getAttribute('data-state')).toBe('queued');
          await shot(page, 'card-resent', size, 'ru');
          // the card follows the queued message until the sender has it (the demo sender, within seconds)
          await page.waitForSelector('[data-testid="delivery-state"][data-state="sent"]', { timeout: 20_000 });
          const msgs = (await c.get(`/api/outbox?appeal=${a.id}`)).items as { body: string }[];
          expect(msgs).toHaveLength(2);
          const audit = await c.get(`/api/audit?target=appeal:${a.id}&action=appeal.resend`);
          expect(audit.items).toEqual([expect.objectContaining({ actor: 'operator.citizen', action: 'appeal.resend' })]);
        }
        expect(await missing(page)).toEqual([]);
      } finally {
        await ctx.close();
      }
    }
    // a dispatcher (no personal data, no writing): the state, no phone, no link, no button
    const { ctx, page } = await contextFor('ru', '1366x768');
    try {
      await signIn(page, 'dispatcher');
      await page.goto(`${c.url}/appeals/${a.id}`);
      await page.waitForSelector('[data-testid="delivery-state"]');
      expect(await page.locator('[data-testid="resend"]').count()).toBe(0);
      const text = await page.evaluate(() => document.body.innerHTML);
      expect(text).not.toContain('/confirm/');
      expect(text).not.toContain(PHONE);
      await shot(page, 'card-dispatcher', '1366x768', 'ru');
    } finally {
      await ctx.close();
    }
  });
});
