// Camera incidents as cases (issue 13, item 5): the camera registry `cameras` (a camera appears on its first
// detection), `incident_cases` (repeated detections of one type by one camera within a window merged into one case,
// with its lifecycle new → assigned → fixed → verified) and `incident_case_history`, written by a trigger so that
// whatever changes a case's state (a dispatcher, a detection after the fix, the camera's verification) leaves its
// row. The writer names itself and its comment with the transaction-local settings `sc.incident_actor` and
// `sc.incident_comment`. The detections themselves stay in the `incidents` stream table.
import type { Migration } from '../migration';

const states = `'new', 'assigned', 'fixed', 'verified'`;

export const m014: Migration = {
  version: 14,
  name: 'incident cases',
  statements: () => [
    `CREATE TABLE IF NOT EXISTS cameras (
       id text PRIMARY KEY,
       lat float8 NOT NULL,
       lon float8 NOT NULL,
       district text,
       kind text NOT NULL,
       first_seen timestamptz NOT NULL,
       last_seen timestamptz NOT NULL)`,
    `CREATE INDEX IF NOT EXISTS cameras_district ON cameras (district)`,
    `CREATE TABLE IF NOT EXISTS incident_cases (
       id bigserial PRIMARY KEY,
       camera_id text NOT NULL,
       type text NOT NULL,
       district text,
       lat float8 NOT NULL,
       lon float8 NOT NULL,
       state text NOT NULL DEFAULT 'new' CHECK (state IN (${states})),
       count integer NOT NULL DEFAULT 1,
       first_seen timestamptz NOT NULL,
       last_seen timestamptz NOT NULL,
       confidence float8 NOT NULL,
       snapshot_url text,
       assigned_at timestamptz,
       fixed_at timestamptz,
       verified_at timestamptz,
       verified_by text CHECK (verified_by IN ('camera', 'photo')),
       photo_url text,
       created_at timestamptz NOT NULL DEFAULT now(),
       updated_at timestamptz NOT NULL DEFAULT now())`,
    // the merge looks up the newest case of a camera and type
    `CREATE INDEX IF NOT EXISTS incident_cases_merge ON incident_cases (camera_id, type, last_seen DESC)`,
    `CREATE INDEX IF NOT EXISTS incident_cases_district ON incident_cases (district, id DESC)`,
    `CREATE INDEX IF NOT EXISTS incident_cases_fixed ON incident_cases (fixed_at) WHERE state = 'fixed'`,
    `CREATE TABLE IF NOT EXISTS incident_case_history (
       id bigserial PRIMARY KEY,
       case_id bigint NOT NULL,
       at timestamptz NOT NULL DEFAULT now(),
       from_state text,
       to_state text NOT NULL,
       actor text,
       comment text)`,
    `CREATE INDEX IF NOT EXISTS incident_case_history_case ON incident_case_history (case_id, at DESC)`,
    `CREATE OR REPLACE FUNCTION incident_case_history_write() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN
       IF TG_OP = 'INSERT' OR NEW.state IS DISTINCT FROM OLD.state THEN
         INSERT INTO incident_case_history (case_id, from_state, to_state, actor, comment)
         VALUES (NEW.id, CASE WHEN TG_OP = 'INSERT' THEN NULL ELSE OLD.state END, NEW.state,
                 nullif(current_setting('sc.incident_actor', true), ''), nullif(current_setting('sc.incident_comment', true), ''));
       END IF;
       RETURN NEW;
     END $$`,
    `DROP TRIGGER IF EXISTS incident_cases_state_history ON incident_cases`,
    `CREATE TRIGGER incident_cases_state_history AFTER INSERT OR UPDATE OF state ON incident_cases FOR EACH ROW EXECUTE FUNCTION incident_case_history_write()`,
  ],
};
