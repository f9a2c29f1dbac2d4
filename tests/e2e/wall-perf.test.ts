// The wall map with 10k vehicles + 50k appeals and incidents in headless Chromium: all of them are drawn, the
// layer redraws as the view moves, and dragging moves the map. How fast is measured by `npm run bench:wall`
// (bench/wall.ts), not here: a timing on a shared 2-core machine is a benchmark's figure, not a test's.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ARTIFACTS, openBrowser } from '../helpers/browser';
import { embeddedCentre, type TestCentre } from '../helpers/centre';
import { drag, fillCity, panEveryFrame } from '../helpers/wall-load';

describe('wall map with 10k vehicles and 50k points', () => {
  let c: TestCentre;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    // the client is built before the centre starts, so that the centre serves it
    ({ browser, page } = await openBrowser());
    c = await embeddedCentre({ MQTT_PORT: 23883 });
    // signed in as admin without the login form (login is covered by wall.test.ts)
    const session = JSON.stringify({ token: c.token, refreshToken: null, user: { sub: 'test-admin', username: 'test-admin', role: 'admin', districts: null, kind: 'user' } });
    await page.addInitScript((s) => localStorage.setItem('sc.session', s), session);
  });
  afterAll(async () => {
    await browser?.close();
    await c?.cleanup();
  });

  it('draws 60k points, redraws them as the view moves, and follows a drag', async () => {
    await page.goto(c.url + '/');
    await page.waitForSelector('[data-testid="connection-state"][data-state="live"]', { timeout: 15_000 });
    await page.waitForFunction(() => (window as any).__centre?.map);
    await fillCity(page);
    await page.waitForTimeout(1500);
    await page.screenshot({ path: `${ARTIFACTS}wall-60k.png` });

    const pan = await panEveryFrame(page, 1500);
    expect(pan.frames).toBeGreaterThan(0);
    // the layer redrew the moving view (throttled to its own pace, so not at every frame), with the city in view
    expect(pan.redraws).toBeGreaterThanOrEqual(2);
    expect(pan.points).toBeGreaterThan(50_000);
    expect(pan.lngAfter).not.toBe(pan.lngBefore);

    const d = await drag(page);
    expect(d.lngAfter).not.toBe(d.lngBefore); // it did move
    expect(d.frames).toBeGreaterThan(0);
    expect(await page.evaluate(() => (window as any).__centre.points())).toBeGreaterThan(50_000);
  });
});
