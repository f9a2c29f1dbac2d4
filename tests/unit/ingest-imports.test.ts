// The arrow between ingest and the server points one way: the server imports ingest, ingest imports nothing from
// server/ (it declares the ports it needs in ingest/ports.ts). Every import specifier of every file under ingest/
// (static, dynamic, `export … from`, require) is resolved against its file and must stay out of server/.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url).pathname;

/** Every specifier a file imports, as TypeScript's pre-processor reads it (comments and strings are not imports). */
export function importsOf(text: string): string[] {
  return ts.preProcessFile(text, true, true).importedFiles.map((f) => f.fileName);
}

/** The specifiers of `file` that lead into server/ (relative ones resolved; absolute ones by path). */
function intoServer(file: string): string[] {
  return importsOf(readFileSync(file, 'utf8')).filter((spec) => {
    if (!spec.startsWith('.') && !spec.startsWith('/')) return false; // a package
    const target = relative(root, resolve(dirname(file), spec));
    return target === 'server' || target.startsWith('server/');
  });
}

describe('ingest stands alone', () => {
  it('finds the imports a file really has', () => {
    const text = [
      "import type { Db } from '../server/dialects';",
      "export { listen } from '../server/listen';",
      "const m = await import('../server/x');",
      "// import { no } from '../server/comment';",
      "const s = 'import { no } from \"../server/string\"';",
    ].join('\n');
    expect(importsOf(text)).toEqual(['../server/dialects', '../server/listen', '../server/x']);
  });

  it('imports nothing from server/ anywhere under ingest/', () => {
    const files = readdirSync(join(root, 'ingest'), { withFileTypes: true, recursive: true })
      .filter((e) => e.isFile() && /\.(ts|mts|cts|js|mjs|cjs|vue)$/.test(e.name))
      .map((e) => join(e.parentPath, e.name));
    // the walk sees the pipeline, the writer, the broker and the schema (not an empty or wrong folder)
    expect(files.map((f) => relative(root, f))).toEqual(
      expect.arrayContaining(['ingest/pipeline.ts', 'ingest/writer.ts', 'ingest/broker.ts', 'ingest/schema/appeals.ts', 'ingest/mqtt/subscriber.ts']),
    );
    const offending = files.flatMap((f) => intoServer(f).map((spec) => `${relative(root, f)} → ${spec}`));
    expect(offending).toEqual([]);
  });
});
