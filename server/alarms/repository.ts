// The alarms' SQL: their own tables `alarms` and `alarm_history` (migration 013). Every row is typed; nothing else
// in the module writes SQL. The history rows are written by the table's trigger.
import type { Db, Stmt } from '../dialects';
import type { AuditApi, AuditEntry } from '../audit';
import { alarmSeverities, type AlarmEvent, type AlarmHistoryItem, type AlarmSeverity, type AlarmSource, type AlarmState } from '../../ingest/schema';

export interface AlarmRow {
  id: string;
  dedupe_key: string;
  source: AlarmSource;
  kind: AlarmEvent['kind'];
  severity: AlarmSeverity;
  state: AlarmState;
  district: string | null;
  category: string | null;
  subject_type: string | null;
  subject_id: string | null;
  message: string;
  data: Record<string, unknown> | null;
  areas: unknown;
  count: number;
  first_seen: string;
  last_seen: string;
  expires_at: string | null;
  acked_by: string | null;
  acked_at: string | null;
  ack_comment: string | null;
  cleared_by: string | null;
  cleared_at: string | null;
  clear_comment: string | null;
  escalated_at: string | null;
  escalated_to: string | null;
}

/** A row to raise: one condition (several raises of one key are merged by the caller). */
export interface AlarmInsert {
  dedupe_key: string;
  source: AlarmSource;
  kind: AlarmEvent['kind'];
  severity: AlarmSeverity;
  district: string | null;
  category: string | null;
  subject_type: string | null;
  subject_id: string | null;
  message: string;
  data: Record<string, unknown> | null;
  areas: unknown;
  n: number;
  at: string;
  expires_at: string | null;
  /** stored already cleared (an expired CAP alert): by whom, why */
  cleared_by: string | null;
  clear_comment: string | null;
}

export interface AlarmFilter {
  /** null: every district; else these districts and the citywide alarms (no district) */
  districts: string[] | null;
  district?: string;
  state?: AlarmState;
  severity?: AlarmSeverity;
  source?: AlarmSource;
  /** rows with an id below this one (the previous page's last id) */
  before?: string;
  limit: number;
}

const COLS = `id::text AS id, dedupe_key, source, kind, severity, state, district, category, subject_type, subject_id, message, data, areas, count,
  first_seen, last_seen, expires_at, acked_by, acked_at, ack_comment, cleared_by, cleared_at, clear_comment, escalated_at, escalated_to`;

const iso = (v: unknown) => (v instanceof Date ? v.toISOString() : new Date(String(v)).toISOString());
const isoOrNull = (v: unknown) => (v === null || v === undefined ? null : iso(v));
const json = <T>(v: unknown): T => (typeof v === 'string' ? (JSON.parse(v) as T) : (v as T));

function norm(r: AlarmRow): AlarmRow {
  return {
    ...r,
    id: String(r.id),
    count: Number(r.count),
    data: json<Record<string, unknown> | null>(r.data),
    areas: json<unknown>(r.areas),
    first_seen: iso(r.first_seen),
    last_seen: iso(r.last_seen),
    expires_at: isoOrNull(r.expires_at),
    acked_at: isoOrNull(r.acked_at),
    cleared_at: isoOrNull(r.cleared_at),
    escalated_at: isoOrNull(r.escalated_at),
  };
}

const ID = /^\d{1,18}$/;

/** most severe first: a repeat keeps the most severe severity seen while the alarm is open */
const SEVERITY_ORDER = `ARRAY[${alarmSeverities.map((x) => `'${x}'`).join(', ')}]::text[]`;

export class AlarmsRepository {
  constructor(
    private db: Db,
    private withAudit: AuditApi['withAudit'],
  ) {}

  /**
   * Stores the raises in one statement: a new row per condition, or the open row of its key updated (count, last
   * seen, the latest message and data, the most severe severity seen). `inserted` tells which.
   */
  async upsert(rows: AlarmInsert[]): Promise<(AlarmRow & { inserted: boolean })[]> {
    if (!rows.length) return [];
    const out = await this.db.query<AlarmRow & { inserted: boolean }>(
      `INSERT INTO alarms (dedupe_key, source, kind, severity, district, category, subject_type, subject_id, message, data, areas, count,
                           first_seen, last_seen, expires_at, state, cleared_by, cleared_at, clear_comment)
       SELECT x.dedupe_key, x.source, x.kind, x.severity, x.district, x.category, x.subject_type, x.subject_id, x.message, x.data, x.areas, x.n,
              x.at, x.at, x.expires_at, CASE WHEN x.cleared_by IS NULL THEN 'active_unack' ELSE 'cleared' END,
              x.cleared_by, CASE WHEN x.cleared_by IS NULL THEN NULL ELSE now() END, x.clear_comment
         FROM jsonb_to_recordset($1::jsonb) AS x(dedupe_key text, source text, kind text, severity text, district text, category text,
              subject_type text, subject_id text, message text, data jsonb, areas jsonb, n integer, at timestamptz, expires_at timestamptz,
              cleared_by text, clear_comment text)
       ON CONFLICT (dedupe_key) WHERE state <> 'cleared' DO UPDATE
         SET count = alarms.count + EXCLUDED.count, last_seen = greatest(alarms.last_seen, EXCLUDED.last_seen),
             severity = CASE WHEN array_position(${SEVERITY_ORDER}, EXCLUDED.severity) < array_position(${SEVERITY_ORDER}, alarms.severity)
                             THEN EXCLUDED.severity ELSE alarms.severity END,
             message = EXCLUDED.message, data = EXCLUDED.data, updated_at = now()
       RETURNING ${COLS}, (xmax::text = '0') AS inserted`,
      [JSON.stringify(rows)],
    );
    return out.map((r) => ({ ...norm(r), inserted: r.inserted === true || String(r.inserted) === 'true' }));
  }

  async get(id: string): Promise<AlarmRow | null> {
    if (!ID.test(id)) return null;
    const [r] = await this.db.query<AlarmRow>(`SELECT ${COLS} FROM alarms WHERE id = $1`, [id]);
    return r ? norm(r) : null;
  }

  /** the newest row of a condition, in any state (a CAP alert imported twice) */
  async byKey(key: string): Promise<AlarmRow | null> {
    const [r] = await this.db.query<AlarmRow>(`SELECT ${COLS} FROM alarms WHERE dedupe_key = $1 ORDER BY id DESC LIMIT 1`, [key]);
    return r ? norm(r) : null;
  }

  async list(f: AlarmFilter): Promise<AlarmRow[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (f.districts) where.push(`(district = ANY($${params.push(f.districts)}::text[]) OR district IS NULL)`);
    if (f.district) where.push(`district = $${params.push(f.district)}`);
    if (f.state) where.push(`state = $${params.push(f.state)}`);
    if (f.severity) where.push(`severity = $${params.push(f.severity)}`);
    if (f.source) where.push(`source = $${params.push(f.source)}`);
    if (f.before) where.push(`id < $${params.push(f.before)}`);
    const rows = await this.db.query<AlarmRow>(
      `SELECT ${COLS} FROM alarms ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT $${params.push(f.limit)}`,
      params,
    );
    return rows.map(norm);
  }

  async history(id: string): Promise<AlarmHistoryItem[]> {
    const rows = await this.db.query<AlarmHistoryItem>(
      `SELECT at, action, state, actor, comment FROM alarm_history WHERE alarm_id = $1 ORDER BY at, id LIMIT 1000`,
      [id],
    );
    return rows.map((r) => ({ ...r, at: iso(r.at) }));
  }

  /** active_unack → acknowledged; null when the alarm is not (any more) active and unacknowledged */
  async ack(id: string, comment: string | null, audit: AuditEntry): Promise<AlarmRow | null> {
    return this.change(
      {
        sql: `UPDATE alarms SET state = 'acknowledged', acked_by = $2, acked_at = now(), ack_comment = $3, updated_at = now()
              WHERE id = $1 AND state = 'active_unack' RETURNING ${COLS}`,
        params: [id, audit.actor, comment],
      },
      audit,
    );
  }

  /** active_unack or acknowledged → cleared; null when it is cleared already */
  async clear(id: string, comment: string | null, audit: AuditEntry): Promise<AlarmRow | null> {
    return this.change(
      {
        sql: `UPDATE alarms SET state = 'cleared', cleared_by = $2, cleared_at = now(), clear_comment = $3, updated_at = now()
              WHERE id = $1 AND state <> 'cleared' RETURNING ${COLS}`,
        params: [id, audit.actor, comment],
      },
      audit,
    );
  }

  private async change(stmt: Stmt, audit: AuditEntry): Promise<AlarmRow | null> {
    const s = this.withAudit(stmt, audit, `'alarm:' || changed.id`);
    const [r] = await this.db.query<AlarmRow>(s.sql, s.params);
    return r ? norm(r) : null;
  }

  /** Marks critical alarms unacknowledged for `minutes` as escalated to `to` (each once); returns them. */
  async escalate(minutes: number, to: string, limit = 500): Promise<AlarmRow[]> {
    const rows = await this.db.query<AlarmRow>(
      `UPDATE alarms SET escalated_at = now(), escalated_to = $2, updated_at = now()
        WHERE id IN (SELECT id FROM alarms WHERE state = 'active_unack' AND severity = 'critical' AND escalated_at IS NULL
                        AND first_seen <= now() - $1 * interval '1 second' ORDER BY first_seen LIMIT $3)
          AND state = 'active_unack' AND escalated_at IS NULL
        RETURNING ${COLS}`,
      [Math.round(minutes * 60), to, limit],
    );
    return rows.map(norm);
  }

  /** open alarms (not cleared) seen in the last `hours`: the live picture at start */
  async recentOpen(hours: number, limit: number): Promise<AlarmRow[]> {
    const rows = await this.db.query<AlarmRow>(
      `SELECT ${COLS} FROM alarms WHERE state <> 'cleared' AND last_seen > now() - $1 * interval '1 hour' ORDER BY id DESC LIMIT $2`,
      [hours, limit],
    );
    return rows.map(norm).reverse();
  }
}
