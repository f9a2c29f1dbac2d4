// Registration's SQL: intake rows still to register, registration numbers, earlier appeals about the same
// problem, the routing rules, and the one idempotent statement that registers a batch (state, first two events,
// repeat counts, the audit rows of HTTP intake).
import type { Db, Stmt } from '../../dialects';
import type { AuditEntry } from '../../audit';
import type { AuditSql } from '../ports';
import type { AppealRecord } from '../../../ingest/schema';
import type { AppealRow } from '../store';
import type { Deadlines } from '../sla/deadlines';
import type { RoutingRule } from './routing';

export const REPEAT_RADIUS_M = 50;
export const REPEAT_WINDOW_DAYS = 30;

/** Intake rows (table `appeals`) of the last `days` days that have no registration yet, oldest first. */
export function unregistered(db: Db, days: number, limit: number): Promise<Record<string, unknown>[]> {
  return db.query<Record<string, unknown>>(
    `SELECT a.* FROM appeals a WHERE a.ts > now() - make_interval(days => ${Math.floor(days)})
       AND NOT EXISTS (SELECT 1 FROM appeal_state s WHERE s.id = a.id)
     ORDER BY a.ts LIMIT ${Math.floor(limit)}`,
  );
}

/** `n` registration numbers from the sequence. */
export async function nextNumbers(db: Db, n: number): Promise<number[]> {
  const rows = await db.query<{ n: number | string }>(`SELECT nextval('appeal_number_seq')::int8 AS n FROM generate_series(1, $1)`, [n]);
  return rows.map((r) => Number(r.n));
}

/** Earlier appeals about the same problem: same category within 50 m, or same citizen's phone, in 30 days. */
export async function findRepeats(db: Db, recs: { category: string; lat?: number | null; lon?: number | null; phone?: string | null }[]): Promise<Map<number, string>> {
  const out = new Map<number, string>();
  const geo = recs.map((r, i) => ({ r, i })).filter(({ r }) => r.lat != null && r.lon != null);
  if (geo.length) {
    const rows = await db.query<{ i: number; root: string }>(
      `SELECT n.i, m.root FROM unnest($1::int4[], $2::text[], $3::float8[], $4::float8[]) AS n(i, category, lat, lon)
         JOIN LATERAL (
           SELECT coalesce(a.repeat_of, a.id) AS root FROM appeal_state a
           WHERE a.category = n.category AND a.lat BETWEEN n.lat - 0.0005 AND n.lat + 0.0005
             AND a.lon BETWEEN n.lon - 0.0009 AND n.lon + 0.0009
             AND a.registered_at > now() - make_interval(days => ${REPEAT_WINDOW_DAYS})
             AND 2 * 6371000 * asin(sqrt(power(sin(radians(a.lat - n.lat) / 2), 2)
                 + cos(radians(n.lat)) * cos(radians(a.lat)) * power(sin(radians(a.lon - n.lon) / 2), 2))) <= ${REPEAT_RADIUS_M}
           ORDER BY a.registered_at LIMIT 1) m ON true`,
      [geo.map((g) => g.i), geo.map((g) => g.r.category), geo.map((g) => g.r.lat), geo.map((g) => g.r.lon)],
    );
    for (const r of rows) out.set(Number(r.i), r.root);
  }
  const phones = recs.map((r, i) => ({ r, i })).filter(({ r, i }) => r.phone && !out.has(i));
  if (phones.length) {
    const rows = await db.query<{ i: number; root: string }>(
      `SELECT n.i, m.root FROM unnest($1::int4[], $2::text[], $3::text[]) AS n(i, category, phone)
         JOIN LATERAL (
           SELECT coalesce(a.repeat_of, a.id) AS root FROM appeal_state a
           WHERE a.citizen->>'phone' = n.phone AND a.category = n.category
             AND a.registered_at > now() - make_interval(days => ${REPEAT_WINDOW_DAYS})
           ORDER BY a.registered_at LIMIT 1) m ON true`,
      [phones.map((g) => g.i), phones.map((g) => g.r.category), phones.map((g) => g.r.phone)],
    );
    for (const r of rows) out.set(Number(r.i), r.root);
  }
  return out;
}

/** The routing rules as stored (they are editable), in order. */
export function loadRoutingRules(db: Db): Promise<RoutingRule[]> {
  return db.query<{ category: string; district: string | null; org: string }>(`SELECT category, district, org FROM routing_rules ORDER BY id`);
}

/** One appeal to register: its record (numbered, routed, flagged), its deadlines and the routing guard's note. */
export interface Registration {
  record: AppealRecord;
  deadlines: Deadlines;
  routeNote: string | null;
}

/** The statement that registers a batch (idempotent: an id already registered changes nothing); it returns the new rows. */
export function registerStmt(sql: Pick<AuditSql, 'entryText'>, regs: Registration[], audits: (AuditEntry & { id: string })[], now: Date): Stmt {
  const col = <T>(f: (r: AppealRecord, i: number) => T) => regs.map((g, i) => f(g.record, i));
  const aud = (f: (a: (typeof audits)[number]) => unknown) => audits.map(f);
  return {
    sql: `WITH src AS (
            SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::text[], $6::text[], $7::text[], $8::text[],
              $9::float8[], $10::float8[], $11::text[], $12::text[], $13::jsonb[], $14::text[], $15::text[], $16::text[],
              $17::timestamptz[], $18::timestamptz[], $19::timestamptz[], $20::text[], $21::text[], $22::text[])
            AS t(id, number, kind, ts, channel, sphere, category, text, lat, lon, address, district, citizen, about_org, about_official,
                 executor_org, due_at, interim_due_at, max_extended_at, flags, repeat_of, route_note)),
          ins AS (
            INSERT INTO appeal_state (id, number, kind, ts, registered_at, channel, sphere, category, text, lat, lon, address, district,
              citizen, about_org, about_official, status, executor_org, manager, due_at, interim_due_at, max_extended_at, flags, repeat_of)
            SELECT s.id, s.number, s.kind, s.ts, $23, s.channel, s.sphere, s.category, s.text, s.lat, s.lon, s.address, s.district,
              s.citizen, s.about_org, s.about_official, 'assigned', s.executor_org, o.head, s.due_at, s.interim_due_at, s.max_extended_at,
              string_to_array(s.flags, ','), s.repeat_of
            FROM src s LEFT JOIN organisations o ON o.id = s.executor_org
            ON CONFLICT (id) DO NOTHING
            RETURNING *),
          ev AS (
            INSERT INTO appeal_events (appeal_id, seq, at, type, from_status, to_status, actor, data)
            SELECT i.id, 1, $23, 'registered', NULL, 'registered', 'system', jsonb_build_object('channel', s.channel, 'repeat_of', s.repeat_of)
              FROM ins i JOIN src s USING (id)
            UNION ALL
            SELECT i.id, 2, $23, 'assign', 'registered', 'assigned', 'system:routing',
                   jsonb_build_object('org', i.executor_org, 'note', s.route_note)
              FROM ins i JOIN src s USING (id)
            ON CONFLICT DO NOTHING RETURNING 1),
          upd AS (
            UPDATE appeal_state a SET repeats = a.repeats + c.n, rev = a.rev + 1, updated_at = now()
            FROM (SELECT repeat_of, count(*) AS n FROM ins WHERE repeat_of IS NOT NULL GROUP BY 1) c
            WHERE a.id = c.repeat_of RETURNING 1),
          -- audit rows of the appeals this transaction registers (after the row locks above: the audit lock last)
          aud AS (
            INSERT INTO audit_log (actor, role, action, target, ip, entry)
            SELECT x.actor, x.role, x.action, x.target, x.ip, x.entry
            FROM unnest($24::text[], $25::text[], $26::text[], $27::text[], $28::text[], $29::text[], $30::text[]) AS x(id, actor, role, action, target, ip, entry)
            JOIN ins USING (id) CROSS JOIN (SELECT count(*) FROM upd) AS after_upd)
          SELECT * FROM ins`,
    params: [
      col((r) => r.id),
      col((r) => r.number),
      col((r) => r.kind ?? 'appeal'),
      col((r) => r.ts),
      col((r) => r.channel),
      col((r) => r.sphere),
      col((r) => r.category),
      col((r) => r.text),
      col((r) => r.lat ?? null),
      col((r) => r.lon ?? null),
      col((r) => r.address ?? null),
      col((r) => r.district),
      col((r) => (r.citizen ? JSON.stringify(r.citizen) : null)),
      col((r) => r.about?.org ?? null),
      col((r) => r.about?.official ?? null),
      col((r) => r.executor),
      col((_r, i) => regs[i].deadlines.dueAt),
      col((_r, i) => regs[i].deadlines.interimDueAt),
      col((_r, i) => regs[i].deadlines.maxExtendedAt),
      col((r) => (r.flags ?? []).join(',')),
      col((r) => r.repeatOf ?? null),
      regs.map((g) => g.routeNote),
      now.toISOString(),
      aud((a) => a.id),
      aud((a) => a.actor),
      aud((a) => a.role ?? null),
      aud((a) => a.action),
      aud((a) => a.target ?? null),
      aud((a) => a.ip ?? null),
      aud((a) => sql.entryText(a.details)),
    ],
  };
}

/** Registers a batch in one transaction; the rows it created. */
export async function register(db: Db, stmt: Stmt): Promise<AppealRow[]> {
  const [rows] = await db.transaction([stmt]);
  return rows as AppealRow[];
}
