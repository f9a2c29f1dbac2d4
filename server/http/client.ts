// Serves the built wall-screen client (dist/client), building it first if it is missing.
import express, { type Express } from 'express';
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Logger } from 'pino';

const root = fileURLToPath(new URL('../../', import.meta.url));
const dist = fileURLToPath(new URL('../../dist/client/', import.meta.url));

export function ensureClientBuilt(log: Logger): boolean {
  if (existsSync(dist + 'index.html')) return true;
  // tests start many centres; the browser test builds the client once itself
  if (process.env.VITEST) return false;
  log.info('building the wall-screen client (first start only)…');
  const r = spawnSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
  return r.status === 0 && existsSync(dist + 'index.html');
}

export function serveClient(app: Express, log: Logger): void {
  if (!ensureClientBuilt(log)) {
    if (!process.env.VITEST) log.error('client build failed: the API works, the wall screen is not served');
    return;
  }
  app.use(express.static(dist, { index: 'index.html', maxAge: '1h', setHeaders: (res, path) => path.endsWith('.html') && res.setHeader('Cache-Control', 'no-cache') }));
  // client-side routes fall back to the app shell
  app.get(/^\/(?!api\/|metrics|socket\.io\/).*/, (_req, res) => res.sendFile(dist + 'index.html'));
}
