// The browser-test hooks (`window.__centre`) are in the client's test build only: a production `vite build` has
// none of them, the test build (the one the browser tests load) has them.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildClient, testClient } from '../helpers/browser';

const texts = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((f) => f.isFile() && /\.(js|html)$/.test(f.name))
    .map((f) => readFileSync(join(f.parentPath, f.name), 'utf8'));

describe('client bundles', () => {
  const out = mkdtempSync(join(process.env.SC_TEST_TMP ?? tmpdir(), 'client-prod-'));
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('the production build holds no __centre hooks', () => {
    buildClient(out, 'production');
    const files = texts(out);
    expect(files.length).toBeGreaterThan(3);
    expect(files.some((t) => t.includes('leaflet-'))).toBe(true); // the map renderer is in it
    expect(files.filter((t) => t.includes('__centre'))).toHaveLength(0);
  }, 180_000);

  it('the test build that the browser tests load has them', () => {
    const files = texts(testClient());
    expect(files.filter((t) => t.includes('__centre')).length).toBeGreaterThan(0);
  }, 180_000);
});
