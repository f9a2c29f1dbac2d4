// The appeals registry: current state (a projection), the append-only history of events, organisations and
// routing rules, photo evidence, citizens' confirmation links, systemic problems, Open311 API keys.
import type { Migration } from '../migration';
import data from '../../appeals/data/organisations.json';

const q = (s: string | null | undefined) => (s == null ? 'NULL' : `'${s.replace(/'/g, "''")}'`);

export const m003: Migration = {
  version: 3,
  name: 'appeals',
  statements: (caps) => [
    `ALTER TABLE appeals ADD COLUMN IF NOT EXISTS kind text`,
    `ALTER TABLE appeals ADD COLUMN IF NOT EXISTS about jsonb`,
    `CREATE SEQUENCE IF NOT EXISTS appeal_number_seq`,
    `CREATE TABLE IF NOT EXISTS organisations (
       id text PRIMARY KEY, kind text NOT NULL, parent text REFERENCES organisations(id), district text,
       name_ru text NOT NULL, name_en text NOT NULL, head text)`,
    `INSERT INTO organisations (id, kind, parent, district, name_ru, name_en, head) VALUES ` +
      (data.organisations as any[]).map((o) => `(${q(o.id)}, ${q(o.kind)}, NULL, ${q(o.district)}, ${q(o.name_ru)}, ${q(o.name_en)}, ${q(o.head)})`).join(', ') +
      ` ON CONFLICT (id) DO NOTHING`,
    ...(data.organisations as any[]).filter((o) => o.parent).map((o) => `UPDATE organisations SET parent = ${q(o.parent)} WHERE id = ${q(o.id)}`),
    `CREATE TABLE IF NOT EXISTS routing_rules (
       id bigserial PRIMARY KEY, category text NOT NULL, district text, org text NOT NULL,
       updated_by text NOT NULL DEFAULT 'seed', updated_at timestamptz NOT NULL DEFAULT now())`,
    `INSERT INTO routing_rules (category, district, org) SELECT * FROM (VALUES ` +
      (data.rules as any[]).map((r) => `(${q(r.category)}, ${q(r.district)}::text, ${q(r.org)})`).join(', ') +
      `) v WHERE NOT EXISTS (SELECT 1 FROM routing_rules)`,
    `CREATE TABLE IF NOT EXISTS appeal_state (
       id text PRIMARY KEY, number text NOT NULL UNIQUE, kind text NOT NULL DEFAULT 'appeal',
       ts timestamptz NOT NULL, registered_at timestamptz NOT NULL DEFAULT now(),
       channel text NOT NULL, sphere text NOT NULL, category text NOT NULL, text text NOT NULL,
       lat float8, lon float8, address text, district text, citizen jsonb,
       about_org text, about_official text,
       status text NOT NULL, executor_org text, manager text,
       due_at timestamptz NOT NULL, interim_due_at timestamptz NOT NULL, max_extended_at timestamptz NOT NULL,
       extended_until timestamptz, interim_at timestamptz, answered_at timestamptz, closed_at timestamptz, resolved_at timestamptz,
       answer text, reroutes int NOT NULL DEFAULT 0, repeat_of text, repeats int NOT NULL DEFAULT 0,
       formal_score real, formal_reasons jsonb, sla text NOT NULL DEFAULT 'on_time', predicted_at timestamptz,
       flags text[] NOT NULL DEFAULT '{}', rev int NOT NULL DEFAULT 1, updated_at timestamptz NOT NULL DEFAULT now())`,
    `CREATE INDEX IF NOT EXISTS appeal_state_registered ON appeal_state (registered_at DESC, id DESC)`,
    `CREATE INDEX IF NOT EXISTS appeal_state_status ON appeal_state (status, registered_at DESC)`,
    `CREATE INDEX IF NOT EXISTS appeal_state_district ON appeal_state (district, registered_at DESC)`,
    `CREATE INDEX IF NOT EXISTS appeal_state_category ON appeal_state (category, registered_at DESC)`,
    `CREATE INDEX IF NOT EXISTS appeal_state_executor ON appeal_state (executor_org, status)`,
    `CREATE INDEX IF NOT EXISTS appeal_state_sla ON appeal_state (sla, registered_at DESC)`,
    `CREATE INDEX IF NOT EXISTS appeal_state_place ON appeal_state (category, lat, lon) WHERE lat IS NOT NULL`,
    `CREATE INDEX IF NOT EXISTS appeal_state_repeat ON appeal_state (repeat_of) WHERE repeat_of IS NOT NULL`,
    `CREATE INDEX IF NOT EXISTS appeal_state_phone ON appeal_state ((citizen->>'phone'), category) WHERE citizen ? 'phone'`,
    `CREATE INDEX IF NOT EXISTS appeal_state_flags ON appeal_state USING gin (flags)`,
    `CREATE TABLE IF NOT EXISTS appeal_events (
       appeal_id text NOT NULL, seq int NOT NULL, at timestamptz NOT NULL DEFAULT now(), type text NOT NULL,
       from_status text, to_status text, actor text NOT NULL, role text, reason text, data jsonb NOT NULL DEFAULT '{}',
       PRIMARY KEY (appeal_id, seq, at))`,
    ...(caps.timescale ? [`SELECT create_hypertable('appeal_events', by_range('at', INTERVAL '30 days'), if_not_exists => TRUE)`] : []),
    `CREATE INDEX IF NOT EXISTS appeal_events_appeal ON appeal_events (appeal_id, seq)`,
    `CREATE TABLE IF NOT EXISTS appeal_photos (
       id bigserial PRIMARY KEY, appeal_id text NOT NULL REFERENCES appeal_state(id), mime text NOT NULL,
       size int NOT NULL, sha256 text NOT NULL, data bytea NOT NULL, created_by text NOT NULL, created_at timestamptz NOT NULL DEFAULT now())`,
    `CREATE INDEX IF NOT EXISTS appeal_photos_appeal ON appeal_photos (appeal_id)`,
    `CREATE TABLE IF NOT EXISTS confirm_tokens (
       hash text PRIMARY KEY, appeal_id text NOT NULL REFERENCES appeal_state(id), expires_at timestamptz NOT NULL, used_at timestamptz)`,
    `CREATE TABLE IF NOT EXISTS systemic_problems (
       id text PRIMARY KEY, category text NOT NULL, district text, lat float8, lon float8, address text,
       first_at timestamptz NOT NULL, last_at timestamptz NOT NULL, appeals int NOT NULL, open_appeals int NOT NULL,
       status text NOT NULL DEFAULT 'monitored', updated_at timestamptz NOT NULL DEFAULT now())`,
    `CREATE TABLE IF NOT EXISTS open311_keys (
       hash text PRIMARY KEY, name text NOT NULL, created_by text NOT NULL, created_at timestamptz NOT NULL DEFAULT now(), revoked_at timestamptz)`,
  ],
};
