// Audit chain, version 2: the database itself numbers, links and hashes every audit row in a BEFORE INSERT
// trigger, so an audit row can be written by the very statement (or transaction) that makes the change it
// records — one transaction, or neither happens. The v2 hash covers every column that says what happened:
//   hash = sha256(prev_hash ‖ audit_canonical(v, at, actor, role, action, target, ip, entry))
// Rows written before this migration keep v = 1 (hash = sha256(prev_hash ‖ entry), where entry is the JSON of
// at, actor, role, action, target, ip and details); /api/audit/verify checks their columns against that entry, so
// an old chain still verifies and an edit of any of its columns is still found. Independent of other migrations.
import type { Migration } from '../migration';

export const m007: Migration = {
  version: 7,
  name: 'audit chain v2',
  statements: () => [
    `ALTER TABLE audit_log ADD COLUMN IF NOT EXISTS v smallint NOT NULL DEFAULT 1`,
    // The canonical text of a row: a JSON array (text, not jsonb, so the order is fixed); the time as epoch
    // microseconds, independent of the session's time zone and date style.
    `CREATE OR REPLACE FUNCTION audit_canonical(v smallint, at timestamptz, actor text, role text, action text, target text, ip text, entry text)
       RETURNS text LANGUAGE sql IMMUTABLE AS $$
       SELECT json_build_array(v, (extract(epoch FROM at) * 1000000)::int8, actor, role, action, target, ip, entry)::text $$`,
    `CREATE OR REPLACE FUNCTION audit_log_chain() RETURNS trigger LANGUAGE plpgsql AS $$
       DECLARE prev text;
       BEGIN
         -- one chain even with several writers (server nodes): link under a lock held to the end of the transaction
         PERFORM pg_advisory_xact_lock(727001, hashtext(current_schema()));
         NEW.seq := nextval(pg_get_serial_sequence(format('%I.audit_log', TG_TABLE_SCHEMA), 'seq'));
         NEW.v := 2;
         NEW.at := coalesce(NEW.at, clock_timestamp());
         NEW.entry := coalesce(NEW.entry, '{}');
         SELECT hash INTO prev FROM audit_log ORDER BY seq DESC LIMIT 1;
         NEW.prev_hash := coalesce(prev, '');
         NEW.hash := encode(sha256(convert_to(NEW.prev_hash || audit_canonical(NEW.v, NEW.at, NEW.actor, NEW.role, NEW.action, NEW.target, NEW.ip, NEW.entry), 'UTF8')), 'hex');
         RETURN NEW;
       END $$`,
    `ALTER TABLE audit_log ALTER COLUMN prev_hash SET DEFAULT ''`,
    `ALTER TABLE audit_log ALTER COLUMN hash SET DEFAULT ''`,
    `ALTER TABLE audit_log ALTER COLUMN at DROP DEFAULT`,
    `ALTER TABLE audit_log ALTER COLUMN seq DROP DEFAULT`, // numbered by the trigger, under the lock
    `DROP TRIGGER IF EXISTS audit_log_chain ON audit_log`,
    `CREATE TRIGGER audit_log_chain BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_chain()`,
  ],
};
