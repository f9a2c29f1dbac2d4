// The triage queue and the creator's own appeals: `appeal_state.created_by` (the id of the account that
// registered the appeal over HTTP: it may always open it, whatever its district) and the indexes of the two
// lists — appeals whose district is unknown (the triage queue) and an account's own appeals ("mine").
// Appeals registered over HTTP before this migration take their creator from their `appeal.create` audit row.
import type { Migration } from '../migration';

export const m009: Migration = {
  version: 9,
  name: 'triage',
  statements: () => [
    `ALTER TABLE appeal_state ADD COLUMN IF NOT EXISTS created_by text`,
    `CREATE INDEX IF NOT EXISTS appeal_state_created_by ON appeal_state (created_by, registered_at DESC, id DESC) WHERE created_by IS NOT NULL`,
    `CREATE INDEX IF NOT EXISTS appeal_state_triage ON appeal_state (registered_at DESC, id DESC) WHERE district IS NULL`,
    `UPDATE appeal_state s SET created_by = u.id::text
       FROM audit_log a JOIN users u ON u.username = a.actor
      WHERE a.action = 'appeal.create' AND a.target = 'appeal:' || s.id AND s.created_by IS NULL`,
  ],
};
