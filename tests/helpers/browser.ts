// Debian Chromium through playwright-core (never a downloaded browser), with the client's test build.
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join, resolve, sep } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const ARTIFACTS = new URL('../artifacts/', import.meta.url).pathname;

/**
 * `vite build` of the client into outDir. `mode: 'test'` is the test build: the production build plus the
 * `window.__centre` hooks (client/src/wall/testHooks.ts). NODE_ENV is production either way (vitest sets it to
 * `test`, which would give Vue's development build).
 */
export function buildClient(outDir: string, mode: 'production' | 'test'): void {
  const args = ['node_modules/vite/bin/vite.js', 'build', '--mode', mode, '--outDir', resolve(outDir), '--emptyOutDir', '--logLevel', 'warn'];
  const r = spawnSync(process.execPath, args, { stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
  if (r.status !== 0) throw new Error(`client build (${mode}) failed`);
}

/** The test build of the client: made once per test run (in its temporary folder), or per run of a bench. */
export function testClient(): string {
  const dir = join(process.env.SC_TEST_TMP ?? tmpdir(), 'situation-centre-client-test');
  if (!process.env.SC_TEST_TMP || !existsSync(join(dir, 'index.html'))) buildClient(dir, 'test');
  return dir;
}

/**
 * Builds the client if it is not built (the centre serves dist/client), and opens a 1920×1080 page in headless
 * Chromium that runs the client's test build: the centre answers every request, the app shell included (a shell
 * fulfilled by the test would lose its headers and its local address, and Chromium would then refuse its
 * WebSocket to the centre), and only the bundle's files come from the test build.
 */
export async function openBrowser(): Promise<{ browser: Browser; page: Page }> {
  if (!existsSync('dist/client/index.html')) buildClient('dist/client', 'production');
  const bundle = testClient();
  mkdirSync(ARTIFACTS, { recursive: true });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  // a context of its own (not browser.newPage()'s), so that a test may open a second tab in the same session
  const page = await (await browser.newContext({ viewport: { width: 1920, height: 1080 } })).newPage();
  page.on('pageerror', (e) => console.error('page error:', e.message));
  // on the page's context: a second tab (page.context().newPage()) runs the test build too
  await serveTestBuild(page.context(), resolve('dist/client'), resolve(bundle));
  return { browser, page };
}

const shellAssets = (dir: string) => [...readFileSync(join(dir, 'index.html'), 'utf8').matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1]);

/** The files the centre's shell names (its entry has another hash) and every other file of /assets/ from the test build. */
export async function serveTestBuild(page: Page | BrowserContext, served: string, root: string): Promise<void> {
  const theirs = shellAssets(served);
  const ours = shellAssets(root);
  if (theirs.length !== ours.length) throw new Error('dist/client and the test build differ in their app shell: run `npm run build`');
  const renamed = new Map(theirs.map((path, i) => [path, ours[i]]));
  const local = (url: URL) => (url.hostname === '127.0.0.1' || url.hostname === 'localhost') && url.pathname.startsWith('/assets/');
  await page.route(local, async (route) => {
    const path = new URL(route.request().url()).pathname;
    const file = resolve(root, '.' + decodeURIComponent(renamed.get(path) ?? path));
    if (file.startsWith(root + sep) && existsSync(file) && statSync(file).isFile()) return route.fulfill({ path: file });
    return route.continue();
  });
}

/** The message keys vue-i18n found missing on this page so far (the client's missing handler, client/src/i18n). */
export function missingKeys(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { __i18nMissing?: string[] }).__i18nMissing ?? []);
}

/** What sticks out of the page sideways (a table may scroll inside its own box; the map is its own world): up to 5. */
export function sidewaysOverflow(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const w = window.innerWidth;
    const inScroller = (e: HTMLElement) => {
      for (let a = e.parentElement; a; a = a.parentElement) if (['auto', 'scroll'].includes(getComputedStyle(a).overflowX) && a !== document.body) return true;
      return false;
    };
    return [...document.querySelectorAll<HTMLElement>('main, main *')]
      .filter((e) => e.offsetParent !== null && !e.closest('.leaflet-container') && !inScroller(e) && e.getBoundingClientRect().right > w + 1)
      .map((e) => `${e.tagName}.${e.className}`)
      .slice(0, 5);
  });
}
