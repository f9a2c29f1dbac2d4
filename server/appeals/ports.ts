// What the appeals module needs from the rest of the centre, as narrow ports (the centre passes the live hub, the
// audit log and the ingest pipeline, each seen only through these).
import type { AppealEvent, AlarmEvent } from '../../ingest/schema';
import type { AuditApi, AuditEntry } from '../audit';

/**
 * Pushes changed appeals and alarms out. Inside the module one port for both; `mountAppeals` sends the appeals to
 * the live hub and the alarms to the alarms module (`RaiseAlarms`), which stores them and publishes them itself.
 */
export interface LivePublish {
  publish(events: (AppealEvent | AlarmEvent)[]): void;
}

/** The alarms module's `raiseLater`: stores the detectors' alarms (key: each event's id) and publishes them live. */
export type RaiseAlarms = (alarms: AlarmEvent[]) => void;

/** Writes one audit row on its own (views of personal data); changes write theirs in their own statement. */
export type AuditRecord = (e: AuditEntry) => Promise<void>;

/** Hands an intake message to the same path as MQTT (validation, dedupe, store, registration); resolves once stored or spooled. */
export type SubmitAppeal = (message: Record<string, unknown>) => Promise<void>;

/**
 * The audit module's statement builders, for an audit row in the same statement or transaction as the change it
 * records (the change and its row commit together), and its one question: did this user make this entry?
 */
export type AuditSql = Pick<AuditApi, 'insert' | 'withAudit' | 'entryText' | 'hasEntry'>;
