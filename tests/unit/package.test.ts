// package.json tells the truth: scripts name files that exist, what the server imports at run time is a
// dependency (not a devDependency, which a production install leaves out), and the declared Node versions are
// ones every installed package accepts (so `npm install` prints no EBADENGINE).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import semver from 'semver';

const root = new URL('../../', import.meta.url).pathname;
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8'));

function sources(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.(ts|mjs|js)$/.test(e.name))
    .map((e) => join(e.parentPath, e.name));
}

describe('package.json', () => {
  it('runs only files that exist in its scripts', () => {
    const files = Object.entries<string>(pkg.scripts).flatMap(([name, cmd]) =>
      [...cmd.matchAll(/(?:^|\s)((?:\.\/)?[\w./-]+\.(?:ts|mjs|js))(?=\s|$)/g)].map((m) => ({ name, file: m[1] })),
    );
    expect(files.map((f) => f.name)).toEqual(expect.arrayContaining(['docs:streams', 'simulate', 'start']));
    expect(files.filter((f) => !existsSync(join(root, f.file)))).toEqual([]);
  });

  it('lists every package the server imports at run time under dependencies', () => {
    const imported = new Set<string>();
    const files = ['server', 'ingest', 'maps'].flatMap(sources);
    expect(files.length).toBeGreaterThan(50);
    for (const f of files) {
      const text = readFileSync(f, 'utf8');
      // value imports only: `import type` vanishes at run time
      for (const m of text.matchAll(/^\s*(?:import(?!\s+type\s)[^'"]*?from\s*|import\s*\(\s*|export\s+[^'"]*?from\s*)['"]([^'"./][^'"]*)['"]/gm)) {
        const spec = m[1];
        if (spec.startsWith('node:')) continue;
        imported.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]);
      }
    }
    expect(imported).toContain('mqtt-packet');
    const builtin = new Set(['fs', 'path', 'os', 'crypto', 'http', 'net', 'url', 'events', 'stream', 'worker_threads', 'child_process', 'zlib', 'util']);
    const missing = [...imported].filter((p) => !builtin.has(p) && !pkg.dependencies[p]);
    expect(missing).toEqual([]);
  });

  it('lists under dependencies only what the product uses (a bench-only package is a devDependency)', () => {
    // the product: server, ingest, maps and the client (whose bundle vite builds); bench/ and tests/ are not
    const files = ['server', 'ingest', 'maps', 'client/src'].flatMap((d) =>
      readdirSync(join(root, d), { withFileTypes: true, recursive: true })
        .filter((e) => e.isFile() && /\.(ts|mjs|js|vue)$/.test(e.name))
        .map((e) => join(e.parentPath, e.name)),
    );
    expect(files.length).toBeGreaterThan(80);
    const text = files.map((f) => readFileSync(f, 'utf8')).join('\n') + readFileSync(join(root, 'vite.config.ts'), 'utf8');
    const scripts = Object.values<string>(pkg.scripts).join('\n');
    const deps = Object.keys(pkg.dependencies);
    expect(deps.length).toBeGreaterThan(20);
    // named as a module (import, import(), a pino transport target…) or run by a script (`--import tsx`)
    const used = (d: string) => text.includes(`'${d}'`) || text.includes(`'${d}/`) || text.includes(`"${d}"`) || new RegExp(`(^|\\s)${d}(\\s|$)`, 'm').test(scripts);
    expect(deps.filter((d) => !used(d))).toEqual([]);
  });

  it('declares Node versions that every installed package supports', () => {
    const declared: string = pkg.engines.node;
    expect(semver.validRange(declared)).toBeTruthy();
    // the Node this runs on is one of them
    expect(semver.satisfies(process.version, declared)).toBe(true);
    const withEngines = Object.entries<any>(lock.packages).filter(([path, p]) => path && p.engines?.node && !(p.optional && (p.os || p.cpu)));
    expect(withEngines.length).toBeGreaterThan(20);
    const refusing = withEngines
      .filter(([, p]) => !semver.subset(declared, String(p.engines.node).trim() || '*'))
      .map(([path, p]) => `${path.replace(/^.*node_modules\//, '')} wants node ${p.engines.node}`);
    expect(refusing).toEqual([]);
  });
});
