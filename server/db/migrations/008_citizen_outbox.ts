// The citizens' outbox: messages to citizens (the confirmation link after an answer) written in the transaction
// of the change that causes them, sent later by a pluggable sender (SMS, e-mail); only an admin reads it.
// Independent of other migrations.
import type { Migration } from '../migration';

export const m008: Migration = {
  version: 8,
  name: 'citizen outbox',
  statements: () => [
    `CREATE TABLE IF NOT EXISTS citizen_outbox (
       id bigserial PRIMARY KEY,
       appeal_id text NOT NULL,
       channel text NOT NULL CHECK (channel IN ('sms', 'email', 'log')),
       recipient text,
       body text NOT NULL,
       created_at timestamptz NOT NULL DEFAULT now(),
       sent_at timestamptz)`,
    `CREATE INDEX IF NOT EXISTS citizen_outbox_unsent ON citizen_outbox (id) WHERE sent_at IS NULL`,
    `CREATE INDEX IF NOT EXISTS citizen_outbox_appeal ON citizen_outbox (appeal_id)`,
  ],
};
