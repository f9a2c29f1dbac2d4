// The wall map's frame rate with 10k vehicles + 50k appeals and incidents, in headless Debian Chromium (software
// raster): a full redraw every frame while the map pans, and a mouse drag. Figures to bench/RESULTS.md by hand.
// `npm run bench:wall` (the browser test tests/e2e/wall-perf.test.ts checks the behaviour, not the speed).
import { cpus } from 'node:os';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { startCentre } from '../server/centre';
import { openBrowser } from '../tests/helpers/browser';
import { drag, fillCity, panEveryFrame } from '../tests/helpers/wall-load';
import { pct } from './harness';

const dir = mkdtempSync(join(tmpdir(), 'sc-bench-wall-'));
const { browser, page } = await openBrowser();
const c = await startCentre({ PORT: 0, HOST: '127.0.0.1', MQTT_PORT: 24883, SIMULATOR: false, DATA_DIR: dir }, { log: pino({ level: 'warn' }) });
try {
  // a real account: tokens of accounts that do not exist are refused
  const u = await c.users.create({ username: 'bench-admin', password: randomBytes(18).toString('base64url'), role: 'admin' });
  const token = await c.tokens.access({ sub: String(u.id), username: u.username, role: 'admin', districts: null, organisations: [], kind: 'user' }, { ver: u.tokenVersion });
  const session = JSON.stringify({ token, refreshToken: null, user: { sub: String(u.id), username: u.username, role: 'admin', districts: null, kind: 'user' } });
  // tsx keeps function names with a `__name` helper that the page does not have
  await page.addInitScript('window.__name = (f) => f');
  await page.addInitScript((s) => localStorage.setItem('sc.session', s), session);
  await page.goto(c.url + '/');
  await page.waitForSelector('[data-testid="connection-state"][data-state="live"]', { timeout: 30_000 });
  await page.waitForFunction(() => (window as any).__centre?.map);
  await fillCity(page);
  await page.waitForTimeout(1500);

  const pan = await panEveryFrame(page, 3000);
  const d = await drag(page);
  console.log(`## Wall map — ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC — headless Chromium ${browser.version()}, software raster, 1920×1080, ${cpus().length} cores`);
  console.log('| case | result |\n|---|---|');
  console.log(
    `| full redraw every frame (map panned each frame) | ${((pan.frames * 1000) / pan.ms).toFixed(1)} fps, layer draw median ${pct(pan.draws, 50).toFixed(1)} ms, p95 ${pct(pan.draws, 95).toFixed(1)} ms, ${pan.points} points in view |`,
  );
  console.log(`| dragging the map (canvas moves with the pane, one redraw at the end) | ${((d.frames * 1000) / d.ms).toFixed(1)} fps |`);
} finally {
  await browser.close();
  await c.stop();
  rmSync(dir, { recursive: true, force: true });
}
