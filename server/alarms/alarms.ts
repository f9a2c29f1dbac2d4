// The alarms' lifecycle: raise (store, then publish on the live `alarms` stream), acknowledge, clear, escalate, and
// CAP 1.2 alerts in. Every stored alarm's live events carry `alarm:<id>` and its state, so a client keeps one line
// per alarm; an escalation is its own event (`escalated:<id>`, kind `escalated`) for the next role up.
import type { Logger } from 'pino';
import type { AuditEntry } from '../audit';
import type { AlarmChange, AlarmEvent, AlarmSeverity, AlarmSource, AlarmView, AlarmHistoryItem } from '../../ingest/schema';
import type { AlarmFilter, AlarmInsert, AlarmRow, AlarmsRepository } from './repository';
import type { CapTools } from './ports';

/** What a detector raises: the live event's fields, with a dedupe key (default: the event's `id`). */
export type AlarmInput = Omit<AlarmEvent, 'stream' | 'ts' | 'id' | 'alarmId' | 'state' | 'change' | 'count' | 'source'> & {
  /** the condition: raised again while its row is open, it updates that row */
  key: string;
  ts?: string;
  source?: AlarmSource;
  subject?: { type: string; id: string };
  areas?: unknown;
  expiresAt?: string;
  /** store it cleared already (an expired CAP alert) */
  cleared?: { by: string; comment: string };
};

/** The role an unacknowledged critical alarm escalates to: the head of the centre. */
export const ESCALATE_TO = 'centre_head';

const sourceOf = (kind: AlarmEvent['kind']): AlarmSource => (kind === 'overdue' || kind === 'at_risk' ? 'sla' : kind === 'escalated' ? 'sla' : kind);

export function toView(r: AlarmRow): AlarmView {
  return {
    id: r.id,
    key: r.dedupe_key,
    source: r.source,
    kind: r.kind,
    severity: r.severity,
    state: r.state,
    district: r.district,
    category: r.category,
    subject: r.subject_type && r.subject_id ? { type: r.subject_type, id: r.subject_id } : null,
    message: r.message,
    data: r.data,
    areas: r.areas ?? null,
    count: r.count,
    firstSeen: r.first_seen,
    lastSeen: r.last_seen,
    expiresAt: r.expires_at,
    acknowledged: r.acked_at ? { by: r.acked_by, at: r.acked_at, comment: r.ack_comment } : null,
    cleared: r.cleared_at ? { by: r.cleared_by, at: r.cleared_at, comment: r.clear_comment } : null,
    escalated: r.escalated_at ? { at: r.escalated_at, to: r.escalated_to } : null,
  };
}

export function toLive(r: AlarmRow, change: AlarmChange, ts = new Date().toISOString()): AlarmEvent {
  return {
    stream: 'alarms',
    id: change === 'escalated' ? `escalated:${r.id}` : `alarm:${r.id}`,
    ts,
    kind: change === 'escalated' ? 'escalated' : r.kind,
    severity: r.severity,
    district: r.district,
    ...(r.category ? { category: r.category } : {}),
    ...(r.subject_type === 'appeal' && r.subject_id ? { appealId: r.subject_id } : {}),
    message: change === 'escalated' ? `not acknowledged: ${r.message}` : r.message,
    data: change === 'escalated' ? { ...(r.data ?? {}), alarmKind: r.kind, to: r.escalated_to, firstSeen: r.first_seen } : (r.data ?? undefined),
    alarmId: r.id,
    state: r.state,
    change,
    count: r.count,
    source: r.source,
  };
}

export interface AlarmsOptions {
  repo: AlarmsRepository;
  publish(events: AlarmEvent[]): void;
  log: Logger;
  cap: CapTools;
  /** minutes a critical alarm may stay unacknowledged */
  escalateMin: number;
}

export type CapImport =
  | { ok: true; created: boolean; alarm: AlarmView }
  | { ok: false; field: string; message: string };

const capSeverity: Record<string, AlarmSeverity> = { Extreme: 'critical', Severe: 'major', Moderate: 'minor', Minor: 'warning', Unknown: 'info' };
const rank: Record<AlarmSeverity, number> = { critical: 0, major: 1, minor: 2, warning: 3, info: 4 };

export class Alarms {
  constructor(private o: AlarmsOptions) {}

  /** Stores the raises (one row per condition) and publishes each stored row live; returns the rows. */
  async raise(inputs: AlarmInput[]): Promise<AlarmRow[]> {
    if (!inputs.length) return [];
    const byKey = new Map<string, AlarmInsert>();
    const now = new Date().toISOString();
    for (const a of inputs) {
      const prev = byKey.get(a.key);
      const subject = a.subject ?? (a.appealId ? { type: 'appeal', id: a.appealId } : null);
      const row: AlarmInsert = {
        dedupe_key: a.key,
        source: a.source ?? sourceOf(a.kind),
        kind: a.kind,
        severity: prev && rank[prev.severity] < rank[a.severity] ? prev.severity : a.severity,
        district: a.district ?? null,
        category: a.category ?? null,
        subject_type: subject?.type ?? null,
        subject_id: subject?.id ?? null,
        message: a.message,
        data: a.data ?? null,
        areas: a.areas ?? null,
        n: (prev?.n ?? 0) + 1,
        at: a.ts ?? now,
        expires_at: a.expiresAt ?? null,
        cleared_by: a.cleared?.by ?? null,
        clear_comment: a.cleared?.comment ?? null,
      };
      byKey.set(a.key, row);
    }
    const rows = await this.o.repo.upsert([...byKey.values()]);
    this.o.publish(rows.map((r) => toLive(r, r.inserted ? 'raised' : 'repeated')));
    return rows;
  }

  /**
   * `raise` for a caller that cannot wait (a detector's pass): errors are logged and the alarms still go out live,
   * unstored, as before alarms were stored.
   */
  raiseLater(events: AlarmEvent[]): void {
    if (!events.length) return;
    const inputs = events.map(({ stream: _s, ts: _t, id, ...rest }): AlarmInput => ({ ...rest, key: id }));
    this.raise(inputs).catch((err: Error) => {
      this.o.log.warn({ err: err.message, alarms: events.length }, 'alarms could not be stored; published live only');
      this.o.publish(events);
    });
  }

  async get(id: string): Promise<AlarmRow | null> {
    return this.o.repo.get(id);
  }

  async list(f: AlarmFilter): Promise<AlarmRow[]> {
    return this.o.repo.list(f);
  }

  async history(id: string): Promise<AlarmHistoryItem[]> {
    return this.o.repo.history(id);
  }

  async ack(id: string, comment: string | null, audit: AuditEntry): Promise<AlarmRow | null> {
    const r = await this.o.repo.ack(id, comment, audit);
    if (r) this.o.publish([toLive(r, 'acknowledged')]);
    return r;
  }

  async clear(id: string, comment: string | null, audit: AuditEntry): Promise<AlarmRow | null> {
    const r = await this.o.repo.clear(id, comment, audit);
    if (r) this.o.publish([toLive(r, 'cleared')]);
    return r;
  }

  /** One pass of the escalation job: critical alarms unacknowledged past ALARM_ESCALATE_MIN go to the next role up. */
  async escalate(): Promise<AlarmRow[]> {
    const rows = await this.o.repo.escalate(this.o.escalateMin, ESCALATE_TO);
    if (rows.length) {
      this.o.log.warn({ alarms: rows.map((r) => r.id), to: ESCALATE_TO }, 'critical alarms escalated');
      this.o.publish(rows.map((r) => toLive(r, 'escalated')));
    }
    return rows;
  }

  /** the open alarms of the last day, as live events: the live picture at start */
  async recentLive(): Promise<AlarmEvent[]> {
    return (await this.o.repo.recentOpen(24, 500)).map((r) => toLive(r, r.count > 1 ? 'repeated' : 'raised', r.last_seen));
  }

  /**
   * A CAP 1.2 alert in: parsed (nothing stored when it is refused), stored as one alarm of source `cap` with its
   * areas, cleared at once when every info has expired (or it is a Cancel); the same sender and identifier again
   * returns the stored one. An Update or Cancel clears the open alarms of the alerts it references.
   */
  async importCap(xml: string, audit: AuditEntry): Promise<CapImport> {
    const parsed = this.o.cap.parse(xml);
    if (!parsed.ok) return parsed;
    const a = parsed.alert;
    const key = `cap:${a.sender}:${a.identifier}`;
    const existing = await this.o.repo.byKey(key);
    if (existing) return { ok: true, created: false, alarm: toView(existing) };
    const severity = a.infos.map((i) => capSeverity[i.severity] ?? 'info').sort((x, y) => rank[x] - rank[y])[0] ?? 'info';
    const info = a.infos[0];
    const expires = a.infos.map((i) => i.expires).filter((e): e is string => !!e).map((e) => Date.parse(e)).sort((x, y) => y - x)[0];
    const areas = this.o.cap.areas(a);
    const [row] = await this.raise([
      {
        key,
        kind: 'cap',
        source: 'cap',
        severity,
        district: null,
        message: info ? (info.headline ?? info.event) : `${a.msgType} from ${a.sender}`,
        data: {
          identifier: a.identifier, sender: a.sender, sent: a.sent, status: a.status, msgType: a.msgType, scope: a.scope,
          events: a.infos.map((i) => i.event), urgency: info?.urgency, certainty: info?.certainty, capSeverity: info?.severity,
          areaDesc: a.infos.flatMap((i) => i.areas.map((ar) => ar.areaDesc)), references: a.references, importedBy: audit.actor,
        },
        subject: { type: 'cap', id: `${a.sender}/${a.identifier}` },
        areas: areas.features.length ? areas : null,
        expiresAt: expires !== undefined ? new Date(expires).toISOString() : undefined,
        // a Cancel announces an end: nothing to act on
        cleared: a.expired ? { by: 'cap', comment: 'expired' } : a.msgType === 'Cancel' ? { by: 'cap', comment: 'cancel' } : undefined,
      },
    ]);
    // an Update or Cancel supersedes the alerts it references: their open alarms are cleared
    if (a.msgType === 'Update' || a.msgType === 'Cancel') {
      for (const ref of a.references) {
        const old = await this.o.repo.byKey(`cap:${ref.sender}:${ref.identifier}`);
        if (!old || old.state === 'cleared' || old.id === row.id) continue;
        const verb = a.msgType === 'Cancel' ? 'cancelled' : 'updated';
        await this.clear(old.id, `${verb} by CAP ${a.identifier}`, { ...audit, action: 'alarm.clear', details: { by: `cap:${a.sender}:${a.identifier}` } });
      }
    }
    return { ok: true, created: true, alarm: toView(row) };
  }
}
