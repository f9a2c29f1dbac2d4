// The crews registry's SQL: its own tables `crews` and `crew_state_history` (migration 011), and the last stored
// fix of a device in the `gps` stream table. Every row is typed; nothing else in the module writes SQL.
import type { Db, Stmt } from '../dialects';
import type { AuditApi, AuditEntry } from '../audit';
import type { CrewCreate, CrewState, CrewType } from '../../ingest/schema';

export interface CrewRow {
  id: string;
  name: string;
  type: CrewType;
  organisation: string;
  district: string;
  device_id: string | null;
  state: CrewState;
  state_since: string;
  created_at: string;
  updated_at: string;
}

export interface CrewHistoryRow {
  at: string;
  from_state: CrewState | null;
  to_state: CrewState;
  actor: string | null;
  reason: string | null;
}

export interface StoredFixRow {
  vehicle_id: string;
  ts: string;
  lat: number;
  lon: number;
  speed: number;
  heading: number;
  district: string | null;
}

export interface CrewFilter {
  /** null: every district */
  districts: string[] | null;
  type?: CrewType;
  state?: CrewState;
  organisation?: string;
}

/** The fields a change may set (column names). */
export interface CrewChange {
  name?: string;
  type?: CrewType;
  organisation?: string;
  district?: string;
  device_id?: string | null;
  state?: CrewState;
}

const COLS = `id::text AS id, name, type, organisation, district, device_id, state, state_since, created_at, updated_at`;

/** the same columns of `crews c` (an UPDATE … FROM that also returns the old state) */
const C_COLS = `c.id::text AS id, c.name, c.type, c.organisation, c.district, c.device_id, c.state, c.state_since, c.created_at, c.updated_at`;

const iso = (v: unknown) => (v instanceof Date ? v.toISOString() : new Date(String(v)).toISOString());
function norm(r: CrewRow): CrewRow {
  return { ...r, id: String(r.id), state_since: iso(r.state_since), created_at: iso(r.created_at), updated_at: iso(r.updated_at) };
}

/** Is this a unique violation (a device id already taken)? */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; message?: string } | undefined;
  return e?.code === '23505' || /duplicate key value/i.test(e?.message ?? '');
}

export class CrewsRepository {
  constructor(
    private db: Db,
    private withAudit: AuditApi['withAudit'],
  ) {}

  /** who changes a crew and why: read by the state-history trigger (migration 011) */
  private actor(audit: AuditEntry, reason?: string): Stmt {
    return { sql: `SELECT set_config('sc.crew_actor', $1, true), set_config('sc.crew_reason', $2, true)`, params: [audit.actor, reason ?? ''] };
  }

  async list(f: CrewFilter): Promise<CrewRow[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (f.districts) where.push(`district = ANY($${params.push(f.districts)}::text[])`);
    if (f.type) where.push(`type = $${params.push(f.type)}`);
    if (f.state) where.push(`state = $${params.push(f.state)}`);
    if (f.organisation) where.push(`organisation = $${params.push(f.organisation)}`);
    const rows = await this.db.query<CrewRow>(`SELECT ${COLS} FROM crews ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id LIMIT 5000`, params);
    return rows.map(norm);
  }

  async get(id: string): Promise<CrewRow | null> {
    if (!/^\d{1,18}$/.test(id)) return null;
    const [r] = await this.db.query<CrewRow>(`SELECT ${COLS} FROM crews WHERE id = $1`, [id]);
    return r ? norm(r) : null;
  }

  async byDevice(deviceId: string): Promise<CrewRow | null> {
    const [r] = await this.db.query<CrewRow>(`SELECT ${COLS} FROM crews WHERE device_id = $1`, [deviceId]);
    return r ? norm(r) : null;
  }

  /** every registered device id (the OsmAnd endpoint's allow-list) */
  async deviceIds(): Promise<string[]> {
    return (await this.db.query<{ device_id: string }>(`SELECT device_id FROM crews WHERE device_id IS NOT NULL`)).map((r) => r.device_id);
  }

  async create(c: CrewCreate, audit: AuditEntry): Promise<CrewRow> {
    const insert: Stmt = {
      sql: `INSERT INTO crews (name, type, organisation, district, device_id, state) VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${COLS}`,
      params: [c.name, c.type, c.organisation, c.district, c.deviceId ?? null, c.state ?? 'available'],
    };
    const [, rows] = await this.db.transaction([this.actor(audit, 'registered'), this.withAudit(insert, audit, `'crew:' || changed.id`)]);
    return norm(rows[0] as CrewRow);
  }

  /**
   * Registers the crews whose device id is not registered yet (one statement; one audit row per new crew); the
   * others are left as they are. Returns the new rows.
   */
  async ensure(crews: { name: string; type: CrewType; organisation: string; district: string; deviceId: string }[], audit: AuditEntry, reason: string): Promise<CrewRow[]> {
    if (!crews.length) return [];
    const insert: Stmt = {
      sql: `INSERT INTO crews (name, type, organisation, district, device_id)
            SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[])
            ON CONFLICT (device_id) DO NOTHING RETURNING ${COLS}`,
      params: [crews.map((c) => c.name), crews.map((c) => c.type), crews.map((c) => c.organisation), crews.map((c) => c.district), crews.map((c) => c.deviceId)],
    };
    const [, rows] = await this.db.transaction([this.actor(audit, reason), this.withAudit(insert, audit, `'crew:' || changed.id`)]);
    return (rows as CrewRow[]).map(norm);
  }

  /**
   * Removes the crews the simulator registered (their first history row is the simulator's) whose device is not in
   * `keep`: an earlier run's fleet. Returns the removed rows.
   */
  async removeStaleSimulated(keep: string[], audit: AuditEntry): Promise<CrewRow[]> {
    const del: Stmt = {
      sql: `DELETE FROM crews c WHERE NOT (c.device_id = ANY($1::text[]))
              AND EXISTS (SELECT 1 FROM crew_state_history h WHERE h.crew_id = c.id AND h.from_state IS NULL AND h.actor = 'simulator')
            RETURNING ${C_COLS}`,
      params: [keep],
    };
    const stmt = this.withAudit(del, audit, `'crew:' || changed.id`);
    return (await this.db.query<CrewRow>(stmt.sql, stmt.params)).map(norm);
  }

  /** Applies a change; null when there is no such crew. `prev_state` is the state before. */
  async update(id: string, change: CrewChange, audit: AuditEntry, reason?: string): Promise<(CrewRow & { prev_state: CrewState }) | null> {
    if (!/^\d{1,18}$/.test(id)) return null;
    const params: unknown[] = [id];
    const sets: string[] = [];
    for (const [k, v] of Object.entries(change)) {
      if (v === undefined) continue;
      sets.push(`${k} = $${params.push(v)}`);
    }
    if (change.state !== undefined) sets.push(`state_since = CASE WHEN p.state = $${params.push(change.state)} THEN c.state_since ELSE now() END`);
    sets.push('updated_at = now()');
    const update: Stmt = {
      sql: `UPDATE crews c SET ${sets.join(', ')} FROM (SELECT id, state FROM crews WHERE id = $1 FOR UPDATE) p WHERE c.id = p.id
            RETURNING ${C_COLS}, p.state AS prev_state`,
      params,
    };
    const [, rows] = await this.db.transaction([this.actor(audit, reason), this.withAudit(update, audit, `'crew:' || changed.id`)]);
    const r = rows[0] as (CrewRow & { prev_state: CrewState }) | undefined;
    return r ? { ...norm(r), prev_state: r.prev_state } : null;
  }

  async remove(id: string, audit: AuditEntry): Promise<CrewRow | null> {
    if (!/^\d{1,18}$/.test(id)) return null;
    const del: Stmt = { sql: `DELETE FROM crews WHERE id = $1 RETURNING ${COLS}`, params: [id] };
    const stmt = this.withAudit(del, audit, `'crew:' || changed.id`);
    const [r] = await this.db.query<CrewRow>(stmt.sql, stmt.params);
    return r ? norm(r) : null;
  }

  async history(id: string, limit = 200): Promise<CrewHistoryRow[]> {
    const rows = await this.db.query<CrewHistoryRow>(
      `SELECT at, from_state, to_state, actor, reason FROM crew_state_history WHERE crew_id = $1 ORDER BY at DESC, id DESC LIMIT $2`,
      [id, limit],
    );
    return rows.map((r) => ({ ...r, at: iso(r.at) }));
  }

  /** The newest stored fix of each device (gps_vehicle_ts index: one index probe per device). */
  async lastFixes(deviceIds: string[]): Promise<StoredFixRow[]> {
    if (!deviceIds.length) return [];
    const rows = await this.db.query<StoredFixRow>(
      `SELECT d.id AS vehicle_id, g.ts, g.lat, g.lon, g.speed, g.heading, g.district
         FROM unnest($1::text[]) AS d(id)
         CROSS JOIN LATERAL (SELECT ts, lat, lon, speed, heading, district FROM gps WHERE vehicle_id = d.id ORDER BY ts DESC LIMIT 1) g`,
      [deviceIds],
    );
    return rows.map((r) => ({ ...r, ts: iso(r.ts), lat: Number(r.lat), lon: Number(r.lon), speed: Number(r.speed), heading: Number(r.heading) }));
  }
}
