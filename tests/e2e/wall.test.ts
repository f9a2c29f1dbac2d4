// The wall screen in a real browser (Debian Chromium via playwright-core): sign in, go live, and see a message
// published over MQTT appear on the map within 2 s. Screenshots go to tests/artifacts/.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ARTIFACTS, openBrowser } from '../helpers/browser';
import { embeddedCentre, type TestCentre } from '../helpers/centre';
import { appeal, gpsFix, publishAll, uid, waitFor } from '../helpers/services';
import { openStatuses } from '../../ingest/schema/appeal-status';


describe('wall screen in Chromium', () => {
  let c: TestCentre;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    // the client is built before the centre starts, so that the centre serves it
    ({ browser, page } = await openBrowser());
    c = await embeddedCentre({ ADMIN_PASSWORD: 'wall-screen-test-1', MQTT_PORT: 22883 });
  });
  afterAll(async () => {
    await browser?.close();
    await c?.cleanup();
  });

  it('signs in and goes live', async () => {
    await page.goto(c.url + '/');
    await page.waitForSelector('[data-testid="login-form"]');
    await page.fill('input[name="username"]', 'admin');
    await page.fill('input[name="password"]', 'wall-screen-test-1');
    await page.click('button[type="submit"]');
    await page.waitForSelector('[data-testid="connection-state"][data-state="live"]', { timeout: 15_000 });
    await page.waitForSelector('.leaflet-overlay-pane path');
    expect(await page.locator('.leaflet-overlay-pane path').count()).toBe(6); // Astana's districts
    expect(await page.textContent('.leaflet-control-attribution')).toContain('OpenStreetMap');
  });

  it('shows a message published over MQTT on the map within 2 s', async () => {
    const before = await page.evaluate(() => (window as any).__centre.points());
    const a = uid('a');
    const g = uid('g');
    const t0 = Date.now();
    await publishAll(c.mqttUrl, [
      { topic: `${c.prefix}appeals`, payload: JSON.stringify(appeal(a, { lat: 51.128, lon: 71.43, category: 'heating.no_heat', channel: 'telegram_bot' })) },
      { topic: `${c.prefix}gps/plow-7`, payload: JSON.stringify(gpsFix(g, { lat: 51.16, lon: 71.47 })) },
    ]);
    await page.waitForFunction((id) => (window as any).__centre.hasEvent(id), a, { timeout: 2000 });
    await page.waitForFunction((id) => (window as any).__centre.hasEvent(id), g, { timeout: 2000 });
    const elapsed = Date.now() - t0;
    expect(elapsed).toBeLessThan(2000);
    await waitFor(async () => (await page.evaluate(() => (window as any).__centre.points())) >= before + 2, 2000);
    expect(await page.evaluate(() => (window as any).__centre.points())).toBeGreaterThanOrEqual(before + 2);
    // counters and charts aggregate at most once a second
    await expect.poll(async () => Number(await page.textContent('[data-testid="counter-appeals"] b')), { timeout: 3000 }).toBeGreaterThanOrEqual(1);
    await page.waitForTimeout(1200); // let the choropleth and charts catch up for the picture
    await page.screenshot({ path: `${ARTIFACTS}wall.png` });
  });

  it('opens what a point is when it is clicked: an appeal with its number and card link, a crew vehicle', async () => {
    const click = async (lat: number, lon: number) => {
      const p = await page.evaluate(([la, lo]) => {
        const m = (window as any).__centre.map;
        const pt = m.latLngToContainerPoint([la, lo]);
        const r = m.getContainer().getBoundingClientRect();
        return { x: r.left + pt.x, y: r.top + pt.y };
      }, [lat, lon]);
      await page.mouse.click(p.x, p.y);
    };
    // the appeal published above: its number arrives with its registration, a moment after the intake
    await expect
      .poll(async () => {
        await click(51.128, 71.43);
        return (await page.locator('.point-popup').textContent().catch(() => '')) ?? '';
      }, { timeout: 5000 })
      .toMatch(/AST-\d{4}-\d{7}/);
    expect(await page.locator('.point-popup a[data-appeal]').count()).toBe(1);
    // the executor by its name, not its id (an admin may read the organisations)
    expect(await page.locator('.point-popup .pp-executor').textContent()).not.toMatch(/^astana-/);
    await page.waitForTimeout(400); // the popup fades in
    await page.screenshot({ path: `${ARTIFACTS}wall-popup.png` });
    // the popup may cover the vehicle: close it with its button, then click the vehicle
    await page.click('.point-popup .leaflet-popup-close-button');
    await expect.poll(() => page.locator('.point-popup').count()).toBe(0);
    await click(51.16, 71.47);
    // the crew's kind and the vehicle's short label, not its raw id
    await expect.poll(() => page.locator('.point-popup .pp-title').textContent()).toContain('PLOW-7');
    expect(await page.locator('.point-popup').textContent()).not.toContain('plow-7');
    // a click where nothing is closes the popup and opens none
    await click(51.19, 71.33);
    await expect.poll(() => page.locator('.point-popup').count()).toBe(0);
  });

  it('resumes from its cursor after a dropped connection and shows what was published meanwhile', async () => {
    // drop the socket (no automatic reconnect while we publish)
    await page.evaluate(() => {
      const app = (document.querySelector('#app') as any).__vue_app__;
      app.config.globalProperties.$pinia._s.get('live').connection.socket.disconnect();
    });
    await page.waitForSelector('[data-testid="connection-state"][data-state="reconnecting"]', { timeout: 3000 });
    const missed = uid('a');
    await publishAll(c.mqttUrl, [{ topic: `${c.prefix}appeals`, payload: JSON.stringify(appeal(missed, { lat: 51.15, lon: 71.45, category: 'heating.no_heat', channel: 'phone_109' })) }]);
    await waitFor(async () => (await c.get('/api/snapshot')).appeals?.some((a: any) => a.id === missed), 5000);
    expect(await page.evaluate((id) => (window as any).__centre.hasEvent(id), missed)).toBe(false);
    await page.evaluate(() => {
      const app = (document.querySelector('#app') as any).__vue_app__;
      app.config.globalProperties.$pinia._s.get('live').connection.socket.connect();
    });
    await page.waitForFunction((id) => (window as any).__centre.hasEvent(id), missed, { timeout: 5000 });
    await page.waitForSelector('[data-testid="connection-state"][data-state="live"]', { timeout: 5000 });
  });

  it('switches language and shows the appeals queue with the new appeal', async () => {
    await page.keyboard.press('l'); // ru → kk
    await expect.poll(() => page.textContent('[data-testid="connection-state"]')).toContain('Тікелей эфир');
    await page.keyboard.press('l'); // kk → en
    await expect.poll(() => page.textContent('[data-testid="connection-state"]')).toContain('Live');
    await page.click('a[href="/appeals"]');
    await page.waitForSelector('[data-testid="appeals-table"] tbody tr');
    expect(await page.textContent('[data-testid="appeals-table"]')).toContain('No or insufficient heating');
    await page.screenshot({ path: `${ARTIFACTS}appeals.png` });
  });

  it('filters the queue by the open statuses, forwarded ones included', async () => {
    const asked = page.waitForRequest((r) => r.url().includes('/api/appeals?') && new URL(r.url()).searchParams.has('status'));
    await page.selectOption('.filters select >> nth=0', 'open');
    const status = new URL((await asked).url()).searchParams.get('status')!.split(',');
    // the queue's "in progress" is the SLA's open list (ingest/schema/appeal-status.ts), not a list of its own
    expect(status).toContain('forwarded_competent_body');
    expect(status.sort()).toEqual([...openStatuses].sort());
    await page.waitForSelector('[data-testid="appeals-table"] tbody tr');
    expect(await page.textContent('[data-testid="appeals-table"]')).toContain('No or insufficient heating');
    await page.selectOption('.filters select >> nth=0', '');
  });

  it('registers an appeal from the operator form, suggesting the repeat nearby first', async () => {
    await page.click('a[href="/appeals/new"]');
    await page.waitForSelector('[data-testid="new-appeal"]');
    await page.selectOption('[data-testid="new-appeal"] select >> nth=1', 'heating.no_heat');
    await page.fill('textarea', 'Снова нет отопления в том же доме');
    await page.fill('input[placeholder="51.128"]', '51.12805');
    await page.fill('input[placeholder="71.43"]', '71.43004');
    await page.waitForSelector('[data-testid="repeats"] li a', { timeout: 5000 }); // the earlier appeal, within 50 m
    await page.screenshot({ path: `${ARTIFACTS}new-appeal.png` });
    await page.click('[data-testid="new-appeal"] button[type="submit"]');
    await page.waitForURL(/\/appeals\/http-/);
    await page.waitForSelector('.chip.flag.repeat');
    await page.screenshot({ path: `${ARTIFACTS}appeal-card.png` });
  });
});
