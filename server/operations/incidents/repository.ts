// The incident cases' SQL: their own tables `cameras`, `incident_cases` and `incident_case_history` (migration 014),
// and the detections of a case in the `incidents` stream table. Every row is typed; nothing else in the feature
// writes SQL.
import type { Db, Stmt } from '../../dialects';
import type { AuditApi, AuditEntry } from '../../audit';
import type { IncidentCaseState, IncidentRecord } from '../../../ingest/schema';
import { keysetPage } from '../../db/keyset';

export interface CaseRow {
  id: string;
  camera_id: string;
  type: IncidentRecord['type'];
  district: string | null;
  lat: number;
  lon: number;
  state: IncidentCaseState;
  count: number;
  first_seen: string;
  last_seen: string;
  confidence: number;
  snapshot_url: string | null;
  assigned_at: string | null;
  fixed_at: string | null;
  verified_at: string | null;
  verified_by: 'camera' | 'photo' | null;
  photo_url: string | null;
  updated_at: string;
}

/** a case after a detection: `opened` a new one or `merged` into one; prev_state when the detection reopened it */
export type MergedRow = CaseRow & { change: 'opened' | 'merged'; prev_state: IncidentCaseState | null };

export interface CameraRow {
  id: string;
  lat: number;
  lon: number;
  district: string | null;
  kind: string;
  first_seen: string;
  last_seen: string;
}

export interface CaseHistoryRow {
  at: string;
  from_state: IncidentCaseState | null;
  to_state: IncidentCaseState;
  actor: string | null;
  comment: string | null;
}

export interface DetectionRow {
  id: string;
  ts: string;
  confidence: number;
  lat: number;
  lon: number;
  snapshot_url: string | null;
}

export interface CaseFilter {
  /** null: every district */
  districts: string[] | null;
  state?: IncidentCaseState;
  type?: string;
  camera?: string;
  /** id cursor: cases older than it */
  before?: string;
  limit: number;
}

const COLS = `id::text AS id, camera_id, type, district, lat, lon, state, count, first_seen, last_seen, confidence, snapshot_url,
  assigned_at, fixed_at, verified_at, verified_by, photo_url, updated_at`;
const C_COLS = COLS.split(',').map((c) => `c.${c.trim()}`).join(', ');

const iso = (v: unknown) => (v instanceof Date ? v.toISOString() : new Date(String(v)).toISOString());
const isoOrNull = (v: unknown) => (v === null || v === undefined ? null : iso(v));
function norm<R extends CaseRow>(r: R): R {
  return {
    ...r,
    id: String(r.id),
    lat: Number(r.lat),
    lon: Number(r.lon),
    count: Number(r.count),
    confidence: Number(r.confidence),
    first_seen: iso(r.first_seen),
    last_seen: iso(r.last_seen),
    assigned_at: isoOrNull(r.assigned_at),
    fixed_at: isoOrNull(r.fixed_at),
    verified_at: isoOrNull(r.verified_at),
    updated_at: iso(r.updated_at),
  };
}

export class IncidentsRepository {
  constructor(
    private db: Db,
    private withAudit: AuditApi['withAudit'],
  ) {}

  /** who changes a case and why: read by the state-history trigger (migration 014) */
  private actor(actor: string, comment?: string): Stmt {
    return { sql: `SELECT set_config('sc.incident_actor', $1, true), set_config('sc.incident_comment', $2, true)`, params: [actor, comment ?? ''] };
  }

  /**
   * One stored detection: its camera registered (or its last sighting moved on), and the detection merged into the
   * camera's newest case of that type whose [first_seen − window, last_seen + window] holds it and that is not
   * verified, or a new case opened. A detection after a case's fix reopens it (fixed → assigned).
   */
  async merge(d: IncidentRecord, windowMin: number): Promise<MergedRow> {
    const camera: Stmt = {
      sql: `INSERT INTO cameras (id, lat, lon, district, kind, first_seen, last_seen) VALUES ($1, $2, $3, $4, $5, $6, $6)
            ON CONFLICT (id) DO UPDATE SET first_seen = LEAST(cameras.first_seen, EXCLUDED.first_seen), last_seen = GREATEST(cameras.last_seen, EXCLUDED.last_seen),
              district = coalesce(cameras.district, EXCLUDED.district)`,
      params: [d.cameraId, d.lat, d.lon, d.district, d.source, d.ts],
    };
    const merge: Stmt = {
      sql: `WITH hit AS (
              SELECT id, state FROM incident_cases
               WHERE camera_id = $1 AND type = $2 AND state <> 'verified'
                 AND $3::timestamptz BETWEEN first_seen - make_interval(secs => $4 * 60) AND last_seen + make_interval(secs => $4 * 60)
               ORDER BY last_seen DESC LIMIT 1 FOR UPDATE),
            upd AS (
              UPDATE incident_cases c SET
                count = c.count + 1,
                first_seen = LEAST(c.first_seen, $3::timestamptz),
                last_seen = GREATEST(c.last_seen, $3::timestamptz),
                confidence = CASE WHEN $3::timestamptz >= c.last_seen THEN $5::float8 ELSE c.confidence END,
                snapshot_url = CASE WHEN $3::timestamptz >= c.last_seen THEN coalesce($6::text, c.snapshot_url) ELSE c.snapshot_url END,
                state = CASE WHEN c.state = 'fixed' AND $3::timestamptz > c.fixed_at THEN 'assigned' ELSE c.state END,
                fixed_at = CASE WHEN c.state = 'fixed' AND $3::timestamptz > c.fixed_at THEN NULL ELSE c.fixed_at END,
                updated_at = now()
              FROM hit WHERE c.id = hit.id
              RETURNING ${C_COLS}, 'merged'::text AS change, CASE WHEN hit.state <> c.state THEN hit.state END AS prev_state),
            ins AS (
              INSERT INTO incident_cases (camera_id, type, district, lat, lon, first_seen, last_seen, confidence, snapshot_url)
              SELECT $1, $2, $7, $8, $9, $3::timestamptz, $3::timestamptz, $5::float8, $6::text WHERE NOT EXISTS (SELECT 1 FROM hit)
              RETURNING ${COLS}, 'opened'::text AS change, NULL::text AS prev_state)
            SELECT * FROM upd UNION ALL SELECT * FROM ins`,
      params: [d.cameraId, d.type, d.ts, windowMin, d.confidence, d.snapshotUrl ?? null, d.district, d.lat, d.lon],
    };
    const [, , rows] = await this.db.transaction([this.actor('camera', `detection ${d.id}`), camera, merge]);
    return norm(rows[0] as MergedRow);
  }

  async list(f: CaseFilter): Promise<{ rows: CaseRow[]; next: string | null }> {
    const page = await keysetPage<CaseRow, string>(
      this.db,
      {
        select: `SELECT ${COLS} FROM incident_cases`,
        filters: [
          [`district = ANY(?::text[])`, f.districts ?? undefined],
          [`state = ?`, f.state],
          [`type = ?`, f.type],
          [`camera_id = ?`, f.camera],
        ],
        key: 'id',
        before: f.before,
        limit: f.limit,
      },
      (last) => String(last.id),
    );
    return { rows: page.rows.map(norm), next: page.next };
  }

  async get(id: string): Promise<CaseRow | null> {
    if (!/^\d{1,18}$/.test(id)) return null;
    const [r] = await this.db.query<CaseRow>(`SELECT ${COLS} FROM incident_cases WHERE id = $1`, [id]);
    return r ? norm(r) : null;
  }

  /**
   * Moves a case from `from` to `to` (null when it is no longer in `from`: changed meanwhile, or gone), with its
   * audit row; the history row comes from the trigger.
   */
  async setState(
    id: string,
    from: IncidentCaseState,
    to: IncidentCaseState,
    o: { photoUrl?: string; comment?: string; verifiedBy?: 'camera' | 'photo' },
    audit: AuditEntry,
  ): Promise<(CaseRow & { prev_state: IncidentCaseState }) | null> {
    const update: Stmt = {
      sql: `UPDATE incident_cases c SET
              state = $3,
              assigned_at = CASE WHEN $3 = 'assigned' THEN coalesce(c.assigned_at, now()) WHEN $3 = 'new' THEN NULL ELSE c.assigned_at END,
              fixed_at = CASE WHEN $3 = 'fixed' THEN now() WHEN $3 IN ('new', 'assigned') THEN NULL ELSE c.fixed_at END,
              verified_at = CASE WHEN $3 = 'verified' THEN now() END,
              verified_by = CASE WHEN $3 = 'verified' THEN $5::text END,
              photo_url = coalesce($4::text, c.photo_url),
              updated_at = now()
            FROM (SELECT id, state FROM incident_cases WHERE id = $1 FOR UPDATE) p
            WHERE c.id = p.id AND p.state = $2
            RETURNING ${C_COLS}, p.state AS prev_state`,
      params: [id, from, to, o.photoUrl ?? null, o.verifiedBy ?? null],
    };
    const [, rows] = await this.db.transaction([this.actor(audit.actor, o.comment), this.withAudit(update, audit, `'incident:' || changed.id`)]);
    const r = rows[0] as (CaseRow & { prev_state: IncidentCaseState }) | undefined;
    return r ? norm(r) : null;
  }

  /** Fixed cases the camera has not seen for `windowMin` minutes before `now`, and fixed that long: verified. */
  async verifyUnseen(now: Date, windowMin: number, audit: AuditEntry): Promise<(CaseRow & { prev_state: IncidentCaseState })[]> {
    const update: Stmt = {
      sql: `UPDATE incident_cases SET state = 'verified', verified_at = $1, verified_by = 'camera', updated_at = now()
            WHERE state = 'fixed' AND fixed_at <= $1::timestamptz - make_interval(secs => $2 * 60)
              AND last_seen <= $1::timestamptz - make_interval(secs => $2 * 60)
            RETURNING ${COLS}, 'fixed'::text AS prev_state`,
      params: [now.toISOString(), windowMin],
    };
    const [, rows] = await this.db.transaction([this.actor('camera', `not seen for ${windowMin} min after the fix`), this.withAudit(update, audit, `'incident:' || changed.id`)]);
    return (rows as (CaseRow & { prev_state: IncidentCaseState })[]).map(norm);
  }

  async history(id: string, limit = 200): Promise<CaseHistoryRow[]> {
    const rows = await this.db.query<CaseHistoryRow>(
      `SELECT at, from_state, to_state, actor, comment FROM incident_case_history WHERE case_id = $1 ORDER BY at DESC, id DESC LIMIT $2`,
      [id, limit],
    );
    return rows.map((r) => ({ ...r, at: iso(r.at) }));
  }

  /** The stored detections of a case (the `incidents` stream table), newest first. */
  async detections(c: CaseRow, limit = 200): Promise<DetectionRow[]> {
    const rows = await this.db.query<DetectionRow>(
      `SELECT id, ts, confidence, lat, lon, snapshot_url FROM incidents
        WHERE camera_id = $1 AND type = $2 AND ts BETWEEN $3 AND $4 ORDER BY ts DESC, id DESC LIMIT $5`,
      [c.camera_id, c.type, c.first_seen, c.last_seen, limit],
    );
    return rows.map((r) => ({ ...r, ts: iso(r.ts), confidence: Number(r.confidence), lat: Number(r.lat), lon: Number(r.lon) }));
  }

  async cameras(districts: string[] | null): Promise<CameraRow[]> {
    const rows = await this.db.query<CameraRow>(
      `SELECT id, lat, lon, district, kind, first_seen, last_seen FROM cameras ${districts ? 'WHERE district = ANY($1::text[])' : ''} ORDER BY id LIMIT 10000`,
      districts ? [districts] : [],
    );
    return rows.map((r) => ({ ...r, lat: Number(r.lat), lon: Number(r.lon), first_seen: iso(r.first_seen), last_seen: iso(r.last_seen) }));
  }
}
