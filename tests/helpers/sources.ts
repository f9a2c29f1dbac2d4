// The product's own source files (server, client, ingest) with their text, for tests that check the code's shape.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

export const repoRoot = join(__dirname, '../..');

/** Every .ts and .vue file under server/, client/src/ and ingest/, with its path relative to the repository. */
export function productSources(): { path: string; text: string }[] {
  const files: string[] = [];
  const walk = (d: string) => {
    for (const n of readdirSync(d)) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.(ts|vue)$/.test(n)) files.push(p);
    }
  };
  for (const d of ['server', 'client/src', 'ingest']) walk(join(repoRoot, d));
  return files.map((f) => ({ path: relative(repoRoot, f).split('\\').join('/'), text: readFileSync(f, 'utf8') }));
}
