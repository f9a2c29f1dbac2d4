// The crews registry (issue 13, item 1): crews and vehicles with their GPS device, and every state change in
// `crew_state_history`, written by a trigger so that whatever changes a crew's state (a dispatcher's PATCH, dispatch,
// arrival detected from GPS) leaves its row. The writer names itself and its reason with the transaction-local
// settings `sc.crew_actor` and `sc.crew_reason`. Independent of other migrations (009 and 010 are other features').
import type { Migration } from '../migration';

const types = `'snow', 'sanitation', 'water', 'heat', 'power', 'gas', 'road', 'emergency'`;
const states = `'available', 'assigned', 'en_route', 'on_scene', 'returning', 'off_duty'`;

export const m011: Migration = {
  version: 11,
  name: 'crews registry',
  statements: () => [
    `CREATE TABLE IF NOT EXISTS crews (
       id bigserial PRIMARY KEY,
       name text NOT NULL,
       type text NOT NULL CHECK (type IN (${types})),
       organisation text NOT NULL,
       district text NOT NULL,
       device_id text UNIQUE,
       state text NOT NULL DEFAULT 'available' CHECK (state IN (${states})),
       state_since timestamptz NOT NULL DEFAULT now(),
       created_at timestamptz NOT NULL DEFAULT now(),
       updated_at timestamptz NOT NULL DEFAULT now())`,
    `CREATE INDEX IF NOT EXISTS crews_district ON crews (district)`,
    // no foreign key: a removed crew's history stays
    `CREATE TABLE IF NOT EXISTS crew_state_history (
       id bigserial PRIMARY KEY,
       crew_id bigint NOT NULL,
       at timestamptz NOT NULL DEFAULT now(),
       from_state text,
       to_state text NOT NULL,
       actor text,
       reason text)`,
    `CREATE INDEX IF NOT EXISTS crew_state_history_crew ON crew_state_history (crew_id, at DESC)`,
    `CREATE OR REPLACE FUNCTION crew_state_history_write() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN
       IF TG_OP = 'INSERT' OR NEW.state IS DISTINCT FROM OLD.state THEN
         INSERT INTO crew_state_history (crew_id, from_state, to_state, actor, reason)
         VALUES (NEW.id, CASE WHEN TG_OP = 'INSERT' THEN NULL ELSE OLD.state END, NEW.state,
                 nullif(current_setting('sc.crew_actor', true), ''), nullif(current_setting('sc.crew_reason', true), ''));
       END IF;
       RETURN NEW;
     END $$`,
    `DROP TRIGGER IF EXISTS crews_state_history ON crews`,
    `CREATE TRIGGER crews_state_history AFTER INSERT OR UPDATE OF state ON crews FOR EACH ROW EXECUTE FUNCTION crew_state_history_write()`,
  ],
};
