// Delivery of the citizens' outbox (server/appeals/outbox): how many times a message was tried, the last error,
// when to try next (backoff), when it was given up (failed), and which sender delivered it (`sms`, `email`, or
// `demo` — the built-in sender that only marks the message delivered in this table). Independent of other migrations.
import type { Migration } from '../migration';

export const m012: Migration = {
  version: 12,
  name: 'outbox delivery',
  statements: () => [
    `ALTER TABLE citizen_outbox ADD COLUMN IF NOT EXISTS attempts int NOT NULL DEFAULT 0`,
    `ALTER TABLE citizen_outbox ADD COLUMN IF NOT EXISTS last_error text`,
    `ALTER TABLE citizen_outbox ADD COLUMN IF NOT EXISTS last_attempt_at timestamptz`,
    `ALTER TABLE citizen_outbox ADD COLUMN IF NOT EXISTS next_attempt_at timestamptz`,
    `ALTER TABLE citizen_outbox ADD COLUMN IF NOT EXISTS failed_at timestamptz`,
    `ALTER TABLE citizen_outbox ADD COLUMN IF NOT EXISTS delivered_by text`,
    `DROP INDEX IF EXISTS citizen_outbox_unsent`,
    `CREATE INDEX IF NOT EXISTS citizen_outbox_due ON citizen_outbox (id) WHERE sent_at IS NULL AND failed_at IS NULL`,
  ],
};
