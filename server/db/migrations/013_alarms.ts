// Alarms with a lifecycle (issue 13, item 4): every alarm the centre raises (SLA, runaround, spikes, systemic,
// outages, camera incidents, CAP alerts) is a row of `alarms`. The same condition raised again while its row is not
// cleared updates that row (count, last seen) instead of adding one: the partial unique index on `dedupe_key`.
// State: active_unack → acknowledged → cleared (or straight to cleared), who and when with a comment. Every raise,
// state change and escalation leaves a row in `alarm_history`, written by a trigger (whatever changes an alarm).
// Independent of other migrations.
import type { Migration } from '../migration';

const severities = `'critical', 'major', 'minor', 'warning', 'info'`;
const states = `'active_unack', 'acknowledged', 'cleared'`;

export const m013: Migration = {
  version: 13,
  name: 'alarms with a lifecycle',
  statements: () => [
    `CREATE TABLE IF NOT EXISTS alarms (
       id bigserial PRIMARY KEY,
       dedupe_key text NOT NULL,
       source text NOT NULL,
       kind text NOT NULL,
       severity text NOT NULL CHECK (severity IN (${severities})),
       state text NOT NULL DEFAULT 'active_unack' CHECK (state IN (${states})),
       district text,
       category text,
       subject_type text,
       subject_id text,
       message text NOT NULL,
       data jsonb,
       areas jsonb,
       count integer NOT NULL DEFAULT 1,
       first_seen timestamptz NOT NULL DEFAULT now(),
       last_seen timestamptz NOT NULL DEFAULT now(),
       expires_at timestamptz,
       acked_by text,
       acked_at timestamptz,
       ack_comment text,
       cleared_by text,
       cleared_at timestamptz,
       clear_comment text,
       escalated_at timestamptz,
       escalated_to text,
       updated_at timestamptz NOT NULL DEFAULT now())`,
    // one open row per condition; a cleared one stays as history and a new raise opens a new row
    `CREATE UNIQUE INDEX IF NOT EXISTS alarms_open_key ON alarms (dedupe_key) WHERE state <> 'cleared'`,
    `CREATE INDEX IF NOT EXISTS alarms_key ON alarms (dedupe_key, id DESC)`,
    `CREATE INDEX IF NOT EXISTS alarms_list ON alarms (id DESC)`,
    `CREATE INDEX IF NOT EXISTS alarms_state ON alarms (state, severity, id DESC)`,
    `CREATE INDEX IF NOT EXISTS alarms_district ON alarms (district, id DESC)`,
    // the escalation job: critical and still unacknowledged, not escalated yet
    `CREATE INDEX IF NOT EXISTS alarms_escalate ON alarms (first_seen) WHERE state = 'active_unack' AND severity = 'critical' AND escalated_at IS NULL`,
    // no foreign key (as crew_state_history): the history can be pruned on its own
    `CREATE TABLE IF NOT EXISTS alarm_history (
       id bigserial PRIMARY KEY,
       alarm_id bigint NOT NULL,
       at timestamptz NOT NULL DEFAULT now(),
       action text NOT NULL,
       state text NOT NULL,
       actor text,
       comment text)`,
    `CREATE INDEX IF NOT EXISTS alarm_history_alarm ON alarm_history (alarm_id, at, id)`,
    `CREATE OR REPLACE FUNCTION alarm_history_write() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN
       IF TG_OP = 'INSERT' THEN
         INSERT INTO alarm_history (alarm_id, action, state, actor, comment) VALUES (NEW.id, 'raised', NEW.state, NULL, NULL);
         IF NEW.state = 'cleared' THEN
           INSERT INTO alarm_history (alarm_id, action, state, actor, comment) VALUES (NEW.id, 'cleared', NEW.state, NEW.cleared_by, NEW.clear_comment);
         END IF;
       ELSE
         IF NEW.state IS DISTINCT FROM OLD.state THEN
           INSERT INTO alarm_history (alarm_id, action, state, actor, comment)
           VALUES (NEW.id, CASE NEW.state WHEN 'cleared' THEN 'cleared' WHEN 'acknowledged' THEN 'acknowledged' ELSE 'reopened' END, NEW.state,
                   CASE NEW.state WHEN 'cleared' THEN NEW.cleared_by ELSE NEW.acked_by END,
                   CASE NEW.state WHEN 'cleared' THEN NEW.clear_comment ELSE NEW.ack_comment END);
         END IF;
         IF NEW.escalated_at IS DISTINCT FROM OLD.escalated_at AND NEW.escalated_at IS NOT NULL THEN
           INSERT INTO alarm_history (alarm_id, action, state, actor, comment) VALUES (NEW.id, 'escalated', NEW.state, NULL, 'to ' || coalesce(NEW.escalated_to, '?'));
         END IF;
       END IF;
       RETURN NEW;
     END $$`,
    `DROP TRIGGER IF EXISTS alarms_history ON alarms`,
    `CREATE TRIGGER alarms_history AFTER INSERT OR UPDATE OF state, escalated_at ON alarms FOR EACH ROW EXECUTE FUNCTION alarm_history_write()`,
  ],
};
