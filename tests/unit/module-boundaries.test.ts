// The server's feature modules (issue 11, item 1) reach each other only through what they are given: a module's
// `mount` receives its dependencies from server/centre.ts, so
// - no file under server/ but the composition root (server/centre.ts) imports server/context.ts (the whole centre);
// - a file imports from another feature's folder only that feature's index.ts, and only types (`import type`):
//   functions and services come in through `Deps`, never by reaching into another feature's files.
// A feature is a folder under server/ whose index.ts exports a `mount…` (server/http/ holds the system module's
// index.ts but is the shared HTTP layer: errors, logs, the semaphore; it is not a feature others must avoid).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { productSources, repoRoot } from '../helpers/sources';

interface Import {
  spec: string;
  typeOnly: boolean;
}

/** Every import of a file (static, `export … from`, dynamic, require) and whether it brings types only. */
export function importsWithKind(text: string): Import[] {
  const sf = ts.createSourceFile('x.ts', text, ts.ScriptTarget.Latest, true);
  const out: Import[] = [];
  const visit = (n: ts.Node) => {
    if (ts.isImportDeclaration(n) && ts.isStringLiteral(n.moduleSpecifier)) {
      const c = n.importClause;
      const named = c?.namedBindings && ts.isNamedImports(c.namedBindings) ? c.namedBindings.elements : undefined;
      // `import type {…}`, or `import {type a, type b}` with nothing else (a bare `import 'x'` runs the module)
      const typeOnly = !!c && (c.isTypeOnly || (!c.name && !!named && named.length > 0 && named.every((e) => e.isTypeOnly)));
      out.push({ spec: n.moduleSpecifier.text, typeOnly });
    } else if (ts.isExportDeclaration(n) && n.moduleSpecifier && ts.isStringLiteral(n.moduleSpecifier)) {
      const named = n.exportClause && ts.isNamedExports(n.exportClause) ? n.exportClause.elements : undefined;
      out.push({ spec: n.moduleSpecifier.text, typeOnly: n.isTypeOnly || (!!named && named.length > 0 && named.every((e) => e.isTypeOnly)) });
    } else if (ts.isCallExpression(n) && n.arguments.length === 1 && ts.isStringLiteral(n.arguments[0])) {
      const dynamic = n.expression.kind === ts.SyntaxKind.ImportKeyword;
      const req = ts.isIdentifier(n.expression) && n.expression.text === 'require';
      if (dynamic || req) out.push({ spec: n.arguments[0].text, typeOnly: false });
    } else if (ts.isImportTypeNode(n) && ts.isLiteralTypeNode(n.argument) && ts.isStringLiteral(n.argument.literal)) {
      out.push({ spec: n.argument.literal.text, typeOnly: true }); // `import('x').T` in a type
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return out;
}

const server = productSources().filter((f) => f.path.startsWith('server/') && f.path.endsWith('.ts'));
/** the composition root: it wires the modules, so it may import anything */
const ROOT = ['server/centre.ts', 'server/context.ts'];

/** The repository path an import of `file` leads to, without extension or `/index` (null for a package). */
function target(file: string, spec: string): string | null {
  if (!spec.startsWith('.')) return null;
  return relative(repoRoot, resolve(dirname(join(repoRoot, file)), spec))
    .split('\\')
    .join('/')
    .replace(/\.(ts|js|mjs)$/, '')
    .replace(/\/index$/, '');
}

/** The feature folders: under server/, with an index.ts that exports a `mount…`; server/http is the shared HTTP layer. */
function features(): string[] {
  const dirs = new Set(server.map((f) => f.path.split('/')).filter((p) => p.length > 2).map((p) => p[1]));
  return [...dirs]
    .filter((d) => d !== 'http')
    .filter((d) => {
      const index = join(repoRoot, 'server', d, 'index.ts');
      return existsSync(index) && /export\s+(const|async function|function)\s+mount[A-Z]\w*/.test(readFileSync(index, 'utf8'));
    })
    .sort();
}

const featureOf = (path: string, feats: string[]) => feats.find((d) => path === `server/${d}` || path.startsWith(`server/${d}/`));

/** `file → import` pairs that break the rules, for the files given. */
export function violations(files: { path: string; text: string }[], feats: string[]): { context: string[]; internals: string[] } {
  const context: string[] = [];
  const internals: string[] = [];
  for (const f of files) {
    if (ROOT.includes(f.path)) continue;
    const own = featureOf(f.path, feats);
    for (const imp of importsWithKind(f.text)) {
      const t = target(f.path, imp.spec);
      if (!t) continue;
      if (t === 'server/context') context.push(`${f.path} → ${imp.spec}`);
      const other = featureOf(t, feats);
      if (!other || other === own) continue;
      // a migration seeds the tables from a feature's data file (the schema's history runs before any module)
      if (f.path.startsWith('server/db/migrations/') && imp.spec.endsWith('.json')) continue;
      if (t !== `server/${other}` || !imp.typeOnly) internals.push(`${f.path} → ${imp.spec}${imp.typeOnly ? '' : ' (value)'}`);
    }
  }
  return { context: context.sort(), internals: internals.sort() };
}

// Task A's files (server/appeals/, server/open311/, server/http/stats.ts) are being made into the appeals and
// open311 modules on another branch; until that lands, the wiring in server/centre.ts marked "appeals + open311"
// hands them the whole centre. These are the imports that change then. The list may only shrink: an entry that
// is no longer true fails the test, so remove it.
const PENDING_CONTEXT: string[] = [];
// With the modules in place they become: `requirePerm`, `may`, `Principal` from server/access/ (shared by every
// feature; server/auth/middleware.ts and principal.ts re-export them meanwhile), the audit functions
// (`insert`, `withAudit`, `entryText`, `record`) and the live `publish` through the module's Deps, typed with
// `import type { AuditApi } from '../audit'` / `{ LivePort } from '../live'`; `sha256` from node:crypto.
const PENDING_INTERNALS: string[] = [];

describe('module boundaries', () => {
  it('reads imports and their kind as TypeScript does', () => {
    const text = [
      "import type { A } from '../audit';",
      "import { type B, type C } from '../auth';",
      "import { type D, e } from '../live';",
      "import f from '../streams';",
      "export type { G } from '../x';",
      "export { h } from '../y';",
      "const m = await import('../z');",
      "type T = import('../t').T;",
      "import '../side-effect';",
      "// import { no } from '../comment';",
    ].join('\n');
    expect(importsWithKind(text)).toEqual([
      { spec: '../audit', typeOnly: true },
      { spec: '../auth', typeOnly: true },
      { spec: '../live', typeOnly: false },
      { spec: '../streams', typeOnly: false },
      { spec: '../x', typeOnly: true },
      { spec: '../y', typeOnly: false },
      { spec: '../z', typeOnly: false },
      { spec: '../t', typeOnly: true },
      { spec: '../side-effect', typeOnly: false },
    ]);
  });

  it('catches a module that reaches into another or takes the whole centre', () => {
    const feats = ['audit', 'auth', 'live'];
    const files = [
      { path: 'server/live/socket.ts', text: "import { refKey } from '../auth/tokens';\nimport type { Tokens } from '../auth/tokens';" },
      { path: 'server/live/state.ts', text: "import { mountAuth } from '../auth';\nimport type { AuthApi } from '../auth/index';" },
      { path: 'server/auth/routes.ts', text: "import type { Centre } from '../context';\nimport { HttpError } from '../http/errors';\nimport { x } from './tokens';" },
      { path: 'server/http/health.ts', text: "import type { LiveHub } from '../live';\nimport { hub } from '../live/hub';" },
      { path: 'server/centre.ts', text: "import { Tokens } from './auth/tokens';\nimport type { Centre } from './context';" },
    ];
    expect(violations(files, feats)).toEqual({
      context: ['server/auth/routes.ts → ../context'],
      internals: [
        'server/http/health.ts → ../live/hub (value)',
        'server/live/socket.ts → ../auth/tokens',
        'server/live/socket.ts → ../auth/tokens (value)',
        'server/live/state.ts → ../auth (value)',
      ],
    });
  });

  it('finds the feature modules', () => {
    expect(server.length).toBeGreaterThan(50);
    expect(features()).toEqual(expect.arrayContaining(['audit', 'auth', 'live', 'streams']));
    expect(features()).not.toContain('http');
  });

  it('no file under server/ but server/centre.ts imports server/context.ts', () => {
    const { context } = violations(server, features());
    expect(context.filter((v) => !PENDING_CONTEXT.includes(v))).toEqual([]);
    // the list of pending files only shrinks
    expect(PENDING_CONTEXT.filter((v) => !context.includes(v))).toEqual([]);
  });

  it('a feature imports from another only the types its index.ts exports', () => {
    const { internals } = violations(server, features());
    expect(internals.filter((v) => !PENDING_INTERNALS.includes(v))).toEqual([]);
    expect(PENDING_INTERNALS.filter((v) => !internals.includes(v))).toEqual([]);
  });
});
