// Versioned migrations. Each runs once, in order; its version is recorded in schema_migrations. Statements run
// one by one (TimescaleDB's continuous aggregates cannot be created inside a transaction), idempotently.
import type { Logger } from 'pino';
import type { Db } from '../dialects';
import { m001 } from './migrations/001_streams';
import { m002 } from './migrations/002_auth_audit';
import { m003 } from './migrations/003_appeals';
import { m004 } from './migrations/004_sla_indexes';
import { m005 } from './migrations/005_ingest_dedupe';
import { m006 } from './migrations/006_sessions_revocation';
import { m007 } from './migrations/007_audit_chain_v2';
import { m008 } from './migrations/008_citizen_outbox';
import { m009 } from './migrations/009_triage';
import { m012 } from './migrations/012_outbox_delivery';
import { m010 } from './migrations/010_organisations';
import { m011 } from './migrations/011_crews';
import { m013 } from './migrations/013_alarms';
import { m014 } from './migrations/014_incident_cases';

export type { Migration } from './migration';
import type { Migration } from './migration';

export const migrations: Migration[] = [m001, m002, m003, m004, m005, m006, m007, m008, m009, m010, m011, m012, m013, m014];

export async function migrate(db: Db, log: Logger): Promise<number[]> {
  await db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version int PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
  const done = new Set((await db.query<{ version: number }>('SELECT version FROM schema_migrations')).map((r) => Number(r.version)));
  const applied: number[] = [];
  for (const mig of migrations) {
    if (done.has(mig.version)) continue;
    for (const sql of mig.statements({ timescale: db.timescale })) await db.exec(sql);
    await db.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2) ON CONFLICT DO NOTHING', [mig.version, mig.name]);
    log.info({ version: mig.version, name: mig.name }, 'migration applied');
    applied.push(mig.version);
  }
  return applied;
}
