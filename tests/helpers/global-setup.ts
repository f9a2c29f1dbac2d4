// One temporary folder for the whole test run (data dirs, spools, PGlite databases), removed when the run ends.
// For the TimescaleDB server kind: the database `<test>_timescaledb` with the extension in `public`, made once.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';

// Each vitest project runs this; the first one makes the folder and removes it at the end.
export default async function setup(project: TestProject): Promise<() => void> {
  const kind = project.config.env?.TEST_DB_KIND ?? process.env.TEST_DB_KIND ?? 'timescaledb';
  if (kind === 'timescaledb') await ensureTimescaleDatabase();
  if (process.env.SC_TEST_TMP) return () => undefined;
  const root = mkdtempSync(join(tmpdir(), 'situation-centre-tests-'));
  // the test workers are started after this and inherit it
  process.env.SC_TEST_TMP = root;
  return () => rmSync(root, { recursive: true, force: true });
}

const raced = (e: unknown) => ['42P04', '23505', '42710'].includes((e as { code?: string }).code ?? '');

async function ensureTimescaleDatabase(): Promise<void> {
  // the same defaults as services.ts (not imported: that module reads TEST_DB_KIND of the worker)
  const pgUrl = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const url = process.env.TEST_TIMESCALEDB_URL ?? pgUrl.replace(/\/([^/?]+)(\?|$)/, '/$1_timescaledb$2');
  const name = new URL(url).pathname.slice(1);
  const admin = new pg.Client({ connectionString: pgUrl });
  await admin.connect();
  try {
    const [has] = (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rows;
    if (!has) await admin.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`).catch((e) => { if (!raced(e)) throw e; });
  } finally {
    await admin.end();
  }
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query('CREATE EXTENSION IF NOT EXISTS timescaledb SCHEMA public').catch((e) => { if (!raced(e)) throw e; });
    const [ext] = (await c.query(`SELECT extnamespace::regnamespace::text AS schema FROM pg_extension WHERE extname = 'timescaledb'`)).rows;
    if (ext?.schema !== 'public') throw new Error(`timescaledb is in schema ${ext?.schema}, expected public`);
  } catch (e) {
    throw new Error(
      `the TimescaleDB test database ${name} is not usable (${(e as Error).message}); ` +
        'run ../shared/vendor/timescaledb/install.sh, or leave the timescaledb project out: npx vitest run --project postgres',
      { cause: e },
    );
  } finally {
    await c.end();
  }
}
