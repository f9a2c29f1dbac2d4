// One message per id (ingest/writer.ts): the ids each stream has seen within its dedupe window. A plain table
// on every kind of database — a hypertable's unique key would have to contain time — emptied of expired ids by
// a leader job (server/streams/dedupe.ts). Independent of other migrations.
import type { Migration } from '../migration';

export const m005: Migration = {
  version: 5,
  name: 'ingest dedupe',
  statements: () => [
    `CREATE TABLE IF NOT EXISTS ingest_ids (
       stream text NOT NULL, id text NOT NULL, received_at timestamptz NOT NULL DEFAULT now(),
       PRIMARY KEY (stream, id))`,
    `CREATE INDEX IF NOT EXISTS ingest_ids_received ON ingest_ids (received_at)`,
  ],
};
