// Honest error states and a kiosk that never falls off the wall (issue 12, items 8–10), in Chromium:
// - a kiosk wall opened by its link while a proxy answers 502 for /api/auth/me waits, says so, and comes up by
//   itself; it keeps its token across a server restart and a reload behind a failing proxy; a revoked token goes
//   to the sign-in page;
// - signing in while the network is down says so and gives the button back;
// - the queue shows progress, clears the old rows under a new filter, says what failed with a Retry, and the
//   connection badge says the server is not answering although the socket is up;
// - vehicles that stopped reporting are counted apart and their popup says since when.
// Screenshots: tests/artifacts/<journey>-<size>-<locale>.png.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ARTIFACTS, openBrowser } from '../helpers/browser';
import { embeddedCentre, type TestCentre } from '../helpers/centre';
import { appeal, gpsFix, publishAll, tmpDir, uid } from '../helpers/services';

const PASSWORD = 'resilience-test-1';
const MQTT_PORT = 24883;
/** not the client's default (5): the wall must take it from /api/config */
const OFFLINE_MIN = 8;
const SIZES = [
  [1920, 1080],
  [1366, 768],
  [390, 844],
] as const;
const badge = '[data-testid="connection-state"]';

describe('error states and the kiosk that never falls off the wall, in Chromium', () => {
  let c: TestCentre;
  let restarted: TestCentre | undefined;
  let browser: Browser;
  let page: Page;
  let dataDir: string;
  let port: number;
  let wallToken: string;
  let wallTokenId: string;
  const centre = () => restarted ?? c;

  const locale = async () => (await page.evaluate(() => localStorage.getItem('sc.locale'))) ?? 'ru';
  /** the journey's screen at the three sizes (then back to 1920×1080) */
  async function shoot(journey: string, settle = 400): Promise<void> {
    const l = await locale();
    for (const [w, h] of SIZES) {
      await page.setViewportSize({ width: w, height: h });
      await page.waitForTimeout(settle);
      await page.screenshot({ path: `${ARTIFACTS}${journey}-${w}x${h}-${l}.png` });
    }
    await page.setViewportSize({ width: 1920, height: 1080 });
  }
  const stored = () => page.evaluate(() => JSON.parse(localStorage.getItem('sc.session') ?? 'null') as { token: string } | null);
  /** no message key shown raw (an untranslated string) */
  const noRawKeys = async () => expect(await page.textContent('body')).not.toMatch(/\b(net|fleet|conn|counters)\.[a-zA-Z]+/);

  beforeAll(async () => {
    ({ browser, page } = await openBrowser());
    dataDir = tmpDir('pglite');
    c = await embeddedCentre({ ADMIN_PASSWORD: PASSWORD, MQTT_PORT, DATA_DIR: dataDir, VEHICLE_OFFLINE_MIN: OFFLINE_MIN });
    expect((await c.get('/api/config')).vehicleOfflineMin).toBe(OFFLINE_MIN);
    port = Number(new URL(c.url).port);
    const t = await c.send('POST', '/api/wall-tokens', { name: 'Зал оперативного штаба' });
    expect(t.http).toBe(201);
    wallToken = t.token;
    wallTokenId = t.id;
  });
  afterAll(async () => {
    await browser?.close();
    await restarted?.cleanup();
    await c?.cleanup();
  });

  it('a kiosk link opened while a proxy answers 502 for /api/auth/me waits, says so, and comes up by itself', async () => {
    const asked: number[] = [];
    await page.route('**/api/auth/me', (route) => {
      asked.push(Date.now());
      return route.fulfill({ status: 502, contentType: 'text/html', body: '<h1>502 Bad Gateway</h1>' });
    });
    await page.goto(`${c.url}/?token=${encodeURIComponent(wallToken)}`);
    const waiting = page.locator('[data-testid="waiting"]');
    await waiting.waitFor({ timeout: 10_000 });
    expect(await waiting.getAttribute('data-status')).toBe('502');
    expect(await waiting.textContent()).toMatch(/Сервер ответил ошибкой 502, повтор через \d+ с|повторяем/);
    await expect.poll(() => asked.length, { timeout: 10_000 }).toBeGreaterThanOrEqual(3); // it keeps asking
    expect(await page.locator('[data-testid="login-form"]').count()).toBe(0);
    expect(new URL(page.url()).pathname).toBe('/');
    await shoot('kiosk-proxy-502', 300);
    await noRawKeys();
    // the retries back off: the gaps grow
    expect(asked[2] - asked[1]).toBeGreaterThan(asked[1] - asked[0] - 300);
    await page.unroute('**/api/auth/me');
    await page.waitForSelector(`${badge}[data-state="live"]`, { timeout: 30_000 });
    await page.waitForSelector('.leaflet-overlay-pane path');
    expect(await page.locator('[data-testid="waiting"]').count()).toBe(0);
    expect(new URL(page.url()).search).toBe(''); // the token left the address…
    expect((await stored())?.token).toBe(wallToken); // …and is kept
  });

  it('keeps the wall token across a server restart and comes back live by itself', async () => {
    await c.stop();
    await page.waitForSelector(`${badge}:not([data-state="live"])`, { timeout: 10_000 });
    await page.waitForSelector('[data-testid="stale-banner"]', { timeout: 15_000 });
    await page.waitForSelector(`${badge}[data-state="offline"]`, { timeout: 20_000 });
    await shoot('kiosk-server-down');
    restarted = await embeddedCentre({ ADMIN_PASSWORD: PASSWORD, MQTT_PORT, DATA_DIR: dataDir, PORT: port, VEHICLE_OFFLINE_MIN: OFFLINE_MIN });
    expect(restarted.url).toBe(c.url);
    await page.waitForSelector(`${badge}[data-state="live"]`, { timeout: 45_000 });
    expect(await page.locator('[data-testid="login-form"]').count()).toBe(0);
    expect(new URL(page.url()).pathname).toBe('/');
    expect((await stored())?.token).toBe(wallToken);
    // and the restarted server still takes it
    expect((await restarted.get('/api/auth/me', wallToken)).kind).toBe('wall_token');
  });

  it('reloaded behind a proxy that answers 502 for the whole API, the wall says so, retries and comes back', async () => {
    await page.route('**/api/**', (route) => route.fulfill({ status: 502, contentType: 'text/html', body: 'Bad Gateway' }));
    await page.reload();
    const err = page.locator('[data-testid="request-error"]');
    await err.waitFor({ timeout: 10_000 });
    expect(await err.getAttribute('data-kind')).toBe('unavailable');
    expect(await err.textContent()).toContain('Сервер временно недоступен');
    expect(await page.getAttribute(badge, 'data-state')).toMatch(/^(apiDown|offline)$/);
    expect(await page.locator('[data-testid="login-form"]').count()).toBe(0);
    expect((await stored())?.token).toBe(wallToken);
    await shoot('kiosk-api-502');
    await noRawKeys();
    await page.unroute('**/api/**');
    // no click: the wall retries by itself
    await page.waitForSelector('.leaflet-overlay-pane path', { timeout: 40_000 });
    await page.waitForSelector(`${badge}[data-state="live"]`, { timeout: 40_000 });
    expect((await stored())?.token).toBe(wallToken);
  });

  it('a revoked wall token (the server says 401) does go to the sign-in page', async () => {
    const r = await centre().send('DELETE', `/api/wall-tokens/${wallTokenId}`);
    expect(r.http).toBe(204);
    await page.waitForSelector('[data-testid="login-form"]', { timeout: 15_000 });
    expect((await stored())?.token ?? '').toBe('');
  });

  it('signing in while the network is down says so and gives the button back; then it signs in', async () => {
    await page.route('**/api/auth/login', (route) => route.abort('internetdisconnected'));
    await page.fill('input[name="username"]', 'admin');
    await page.fill('input[name="password"]', PASSWORD);
    await page.click('button[type="submit"]');
    const e = page.locator('[data-testid="login-error"]');
    await e.waitFor({ timeout: 5000 });
    expect(await e.getAttribute('data-kind')).toBe('network');
    expect(await e.textContent()).toContain('Нет связи с сервером');
    expect(await page.locator('button[type="submit"]').isEnabled()).toBe(true);
    await shoot('login-network-down', 150);
    await page.unroute('**/api/auth/login');
    await page.click('button[type="submit"]');
    await page.waitForSelector(`${badge}[data-state="live"]`, { timeout: 15_000 });
    expect(await page.locator('[data-testid="login-form"]').count()).toBe(0);
  });

  it('counts vehicles that stopped reporting apart, draws them apart, and says since when', async () => {
    const ago = (ms: number) => new Date(Date.now() - ms).toISOString();
    // on line: now, and 6 minutes ago (offline with the default 5, on line with the configured 8)
    const fixes = [
      ...['plow-1', 'plow-2', 'plow-3'].map((v, i) => ({ v, fix: gpsFix(uid('g'), { ts: ago(i === 2 ? 6 * 60_000 : 0), lat: 51.15 + i * 0.01, lon: 71.42 }) })),
      ...['bus-silent-1', 'bus-silent-2'].map((v, i) => ({ v, fix: gpsFix(uid('g'), { ts: ago((10 + i) * 60_000), lat: 51.1 + i * 0.01, lon: 71.5, kind: 'sanitation' }) })),
    ];
    await publishAll(centre().mqttUrl, [
      ...fixes.map((f) => ({ topic: `${centre().prefix}gps/${f.v}`, payload: JSON.stringify(f.fix) })),
      { topic: `${centre().prefix}appeals`, payload: JSON.stringify(appeal(uid('a'), { lat: 51.128, lon: 71.43 })) },
      { topic: `${centre().prefix}appeals`, payload: JSON.stringify(appeal(uid('a'), { lat: 51.13, lon: 71.44, category: 'roads.repair' })) },
    ]);
    await expect.poll(async () => Number(await page.textContent('[data-testid="counter-vehicles"] b')), { timeout: 5000 }).toBe(3);
    await expect.poll(() => page.getAttribute('[data-testid="counter-vehicles-offline"]', 'data-n'), { timeout: 5000 }).toBe('2');
    expect((await page.innerText('[data-testid="counter-vehicles"]')).replace(/\s+/g, ' ').trim()).toBe('3 Техника на линии · не на связи 2');
    expect(await page.textContent('[data-testid="legend-offline"]')).toContain(`не на связи дольше ${OFFLINE_MIN} мин`);
    // the popup of a silent vehicle
    const at = await page.evaluate(([la, lo]) => {
      const m = (window as unknown as { __centre: { map: import('leaflet').Map } }).__centre.map;
      const pt = m.latLngToContainerPoint([la, lo]);
      const r = m.getContainer().getBoundingClientRect();
      return { x: r.left + pt.x, y: r.top + pt.y };
    }, [51.1, 71.5]);
    await page.mouse.click(at.x, at.y);
    await expect.poll(() => page.locator('.point-popup').textContent(), { timeout: 3000 }).toContain('BUS-SILENT-1');
    expect(await page.textContent('.point-popup .pp-offline')).toMatch(/^не на связи с \d{2}:\d{2}$/);
    expect(await page.locator('.point-popup .pp-speed').count()).toBe(0);
    await page.waitForTimeout(300);
    await page.screenshot({ path: `${ARTIFACTS}wall-offline-vehicles-popup-1920x1080-ru.png` });
    await page.click('.point-popup .leaflet-popup-close-button');
    await shoot('wall-offline-vehicles', 1200);
    await page.selectOption('[data-testid="language"]', 'en');
    await expect.poll(() => page.textContent('[data-testid="counter-vehicles-offline"]')).toBe('not reporting 2');
    await shoot('wall-offline-vehicles', 1200);
    await page.selectOption('[data-testid="language"]', 'kk');
    await expect.poll(() => page.textContent('[data-testid="counter-vehicles-offline"]')).toBe('байланыста жоқ 2');
    await noRawKeys();
    await page.selectOption('[data-testid="language"]', 'ru');
  });

  it('the queue: progress while it loads, no old rows under a new filter, what failed with a Retry, the badge says so', async () => {
    await page.click('a[href="/appeals"]');
    await page.waitForSelector('[data-testid="appeals-table"] tbody tr');
    expect(await page.locator('[data-testid="appeals-table"] tbody tr').count()).toBe(2);
    // a slow answer: progress shows, the old rows are gone at once
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    await page.route('**/api/appeals?**', async (route) => {
      await held;
      await route.continue();
    });
    await page.selectOption('.filters select >> nth=1', 'overdue');
    await page.waitForSelector('[data-testid="request-loading"]', { timeout: 3000 });
    await page.waitForSelector('[data-testid="progress"]', { timeout: 3000 });
    expect(await page.locator('[data-testid="appeals-table"] tbody tr').count()).toBe(0);
    expect(await page.locator('.queue .empty').count()).toBe(0); // "nothing found" is not said before the answer
    release();
    // the held requests (the list, maybe a check for new arrivals) go on before the route is taken away
    await page.unrouteAll({ behavior: 'wait' });
    await page.waitForSelector('.queue .empty', { timeout: 5000 }); // nothing overdue yet
    expect(await page.locator('[data-testid="request-loading"]').count()).toBe(0);
    // no network for the list: what happened, a Retry, and the badge (the socket is still up)
    await page.route('**/api/appeals?**', (route) => route.abort('internetdisconnected'));
    await page.selectOption('.filters select >> nth=1', '');
    const err = page.locator('[data-testid="request-error"]');
    await err.waitFor({ timeout: 5000 });
    expect(await err.getAttribute('data-kind')).toBe('network');
    expect(await err.textContent()).toContain('Нет связи с сервером');
    expect(await err.textContent()).not.toContain('Failed to fetch');
    expect(await page.getAttribute(badge, 'data-state')).toBe('apiDown');
    expect(await page.getAttribute(badge, 'data-socket')).toBe('live');
    expect(await page.textContent(badge)).toContain('Сервер не отвечает');
    expect(await page.locator('[data-testid="appeals-table"] tbody tr').count()).toBe(0);
    await shoot('queue-error', 150);
    for (const l of ['kk', 'en']) {
      await page.selectOption('[data-testid="language"]', l);
      await noRawKeys();
      await shoot('queue-error', 150);
    }
    expect(await err.textContent()).toContain('No connection to the server');
    await page.selectOption('[data-testid="language"]', 'ru');
    await page.unroute('**/api/appeals?**');
    await page.click('[data-testid="retry"]');
    await page.waitForSelector('[data-testid="appeals-table"] tbody tr', { timeout: 5000 });
    expect(await page.locator('[data-testid="appeals-table"] tbody tr').count()).toBe(2);
    expect(await page.locator('[data-testid="request-error"]').count()).toBe(0);
    await page.waitForSelector(`${badge}[data-state="live"]`, { timeout: 3000 });
  });
});
