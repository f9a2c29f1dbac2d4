// The appeals' repository: every read and write of `appeal_state`, `appeal_events`, `appeal_photos`,
// `confirm_tokens`, `routing_rules` and `systemic_problems` for the routes, the service, the jobs and the other
// modules (through the appeals' api) — plain parameterised SQL with typed rows. Registration (intake/store.ts), the
// SLA clock (sla/store.ts), the detectors (detectors/store.ts) and the outbox (outbox/store.ts) keep their own.
import type { Db, Stmt } from '../dialects';
import type { AuditEntry } from '../audit';
import type { AuditSql } from './ports';
import { answeredStatuses, appealNumberShape, openStatuses, type AppealStatus, type SlaState } from '../../ingest/schema';
import type { Principal } from '../access/principal';
import { decodeCursor, encodeCursor, type ListQuery } from './query';
import { iso } from '../dialects/iso';

/** A timestamp as the drivers return it: an ISO string (pg) or a Date (PGlite); `iso()` takes both. */
export type Ts = string | Date;

export interface Citizen {
  name?: string;
  phone?: string;
  email?: string;
}

/** A row of `appeal_state`: the registered appeal and its lifecycle state. */
export interface AppealRow {
  id: string;
  number: string;
  kind: string;
  ts: Ts;
  registered_at: Ts;
  channel: string;
  sphere: string;
  category: string;
  text: string;
  lat: number | null;
  lon: number | null;
  address: string | null;
  district: string | null;
  citizen: Citizen | null;
  about_org: string | null;
  about_official: string | null;
  status: AppealStatus;
  executor_org: string | null;
  manager: string | null;
  due_at: Ts;
  interim_due_at: Ts;
  max_extended_at: Ts;
  extended_until: Ts | null;
  interim_at: Ts | null;
  answered_at: Ts | null;
  closed_at: Ts | null;
  resolved_at: Ts | null;
  answer: string | null;
  reroutes: number;
  repeat_of: string | null;
  repeats: number;
  formal_score: number | null;
  formal_reasons: { code: string; weight: number; detail: string }[] | null;
  sla: SlaState;
  predicted_at: Ts | null;
  flags: string[];
  rev: number;
  updated_at: Ts;
  /** the account (its id) that registered it over HTTP; null for MQTT, Open311 and the simulator */
  created_by: string | null;
}

/** A row of `appeal_events`: one step of an appeal's history. */
export interface AppealEventRow {
  seq: number;
  at: Ts;
  type: string;
  from_status: AppealStatus | null;
  to_status: AppealStatus | null;
  actor: string;
  role: string | null;
  reason: string | null;
  data: Record<string, unknown>;
}

/** A photo's metadata (`appeal_photos` without the bytes). */
export interface PhotoRow {
  id: number;
  mime: string;
  size: number;
  created_by: string;
  created_at: Ts;
}

/** A row of `systemic_problems`. */
export interface SystemicProblemRow {
  id: string;
  category: string;
  district: string | null;
  lat: number | null;
  lon: number | null;
  address: string | null;
  first_at: Ts;
  last_at: Ts;
  appeals: number;
  open_appeals: number;
  status: 'monitored' | 'solved';
  updated_at: Ts;
}

/** One step of a publicly listable appeal, with what Open311's update feed shows of it. */
export interface PublicUpdateRow {
  appeal_id: string;
  seq: number;
  at: Ts;
  to_status: AppealStatus | null;
  type: string;
  number: string;
  answer: string | null;
  citizen: Citizen | null;
}

/** By registration number when it has the number's shape, else by id (ids never take that shape). */
export async function appealRow(db: Db, id: string): Promise<AppealRow | null> {
  const col = appealNumberShape.test(id) ? 'number' : 'id';
  return (await db.query<AppealRow>(`SELECT * FROM appeal_state WHERE ${col} = $1`, [id]))[0] ?? null;
}

/** How urgent an SLA state is, for the queue's `sla` order (most urgent highest). */
const slaUrgency: Record<SlaState, number> = { overdue: 4, at_risk: 3, on_time: 2, missed: 1, met: 0 };
const URGENCY_SQL = `(CASE sla ${Object.entries(slaUrgency)
  .map(([k, v]) => `WHEN '${k}' THEN ${v}`)
  .join(' ')} ELSE 0 END)`;
const DEADLINE_SQL = 'coalesce(extended_until, due_at)';

/** A page of the queue: its appeals, where the next page starts (null: none), how many match the filter in all. */
export interface AppealPage {
  items: AppealRow[];
  next: string | null;
  total: number;
}

/**
 * The queue: a list query within what the principal may see (territory, an executor's organisations), in the
 * order asked (by default newest first), one page and the count of all that match; or why the query is refused.
 */
export async function listAppeals(db: Db, q: ListQuery, p: Principal): Promise<AppealPage | { error: string; field: string }> {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (sql: string, v: unknown) => {
    params.push(v);
    where.push(sql.replaceAll('?', `$${params.length}`));
  };
  if (q.status?.length) add('status = ANY(?)', q.status);
  if (q.category?.length) add('category = ANY(?)', q.category);
  if (q.sphere) add('sphere = ?', q.sphere);
  if (q.sla?.length) add('sla = ANY(?)', q.sla);
  if (q.executor) add('executor_org = ?', q.executor);
  if (q.flag?.length) add('flags && ?::text[]', q.flag);
  if (q.since) add('registered_at >= ?', q.since);
  if (q.until) add('registered_at < ?', q.until);
  if (q.q) {
    if (/^[A-Z]{3}-\d{4}-\d{7}$/.test(q.q.trim())) add('number = ?', q.q.trim());
    else add(`text ILIKE ?`, `%${q.q.replace(/[%_\\]/g, '\\$&')}%`);
  }
  // who sees what: the territory and an executor's organisations, and always what the caller registered
  const districts = q.district?.length ? q.district : null;
  const me = p.kind === 'user' ? p.sub : null;
  if (q.mine) {
    // your own appeals, wherever they are: a district asked for only narrows them
    add('created_by = ?', me);
    if (districts) add('district = ANY(?)', districts);
  } else {
    if (p.districts) {
      const bad = districts?.find((d) => !p.districts!.includes(d));
      if (bad) return { error: `district ${bad} is outside your territory`, field: 'district' };
    }
    if (districts) add('district = ANY(?)', districts);
    const scope: string[] = [];
    if (p.districts) {
      params.push(p.districts);
      scope.push(`district = ANY($${params.length})`);
    }
    // an executor's clerk sees their organisations' appeals only
    if (p.role === 'executor') {
      params.push(p.organisations);
      scope.push(`executor_org = ANY($${params.length})`);
    }
    if (scope.length) {
      if (me) {
        params.push(me);
        where.push(`((${scope.join(' AND ')}) OR created_by = $${params.length})`);
      } else where.push(scope.join(' AND '));
    }
  }
  // the triage queue: appeals whose district is unknown (city-wide callers see all of them, others their own)
  if (q.triage) where.push('district IS NULL');
  const filter = where.length ? 'WHERE ' + where.join(' AND ') : '';
  const filterParams = [...params];

  // the order: its key columns (the id last, so that the order is total) and the keyset after the cursor
  const keys = q.sort === 'received' ? ['registered_at', 'id'] : q.sort === 'deadline' ? [DEADLINE_SQL, 'id'] : [URGENCY_SQL, DEADLINE_SQL, 'id'];
  if (q.cursor) {
    const c = decodeCursor(q.cursor, q.sort, q.dir);
    if (!c) return { error: 'malformed cursor', field: 'cursor' };
    const at = `$${params.push(c.at)}::timestamptz`;
    const id = `$${params.push(c.id)}`;
    const values = c.sort === 'sla' ? [`$${params.push(c.rank)}::int`, at, id] : [at, id];
    where.push(`(${keys.join(', ')}) ${q.dir === 'desc' ? '<' : '>'} (${values.join(', ')})`);
  }
  params.push(q.limit + 1);
  const [rows, [count]] = await Promise.all([
    db.query<AppealRow>(
      `SELECT * FROM appeal_state ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY ${keys.map((k) => `${k} ${q.dir.toUpperCase()}`).join(', ')} LIMIT $${params.length}`,
      params,
    ),
    db.query<{ n: number | string }>(`SELECT count(*)::int8 AS n FROM appeal_state ${filter}`, filterParams),
  ]);
  const items = rows.slice(0, q.limit);
  const last = items[items.length - 1];
  const deadline = (r: AppealRow) => iso(r.extended_until ?? r.due_at);
  const next =
    rows.length > q.limit && last
      ? encodeCursor(
          q.sort === 'sla'
            ? { sort: 'sla', rank: slaUrgency[last.sla] ?? 0, at: deadline(last), id: last.id }
            : { sort: q.sort, at: q.sort === 'received' ? iso(last.registered_at) : deadline(last), id: last.id },
          q.dir,
        )
      : null;
  return { items, next, total: Number(count.n) };
}

/** Appeals of the last 30 days in the ~50 m box around a point, the same category first, with their distance in metres. */
export function nearbyAppeals(db: Db, lat: number, lon: number, category: string | undefined): Promise<(AppealRow & { distance: number })[]> {
  return db.query<AppealRow & { distance: number }>(
    `SELECT *, 2 * 6371000 * asin(sqrt(power(sin(radians(lat - $1) / 2), 2) + cos(radians($1)) * cos(radians(lat)) * power(sin(radians(lon - $2) / 2), 2))) AS distance
       FROM appeal_state WHERE lat BETWEEN $1 - 0.0005 AND $1 + 0.0005 AND lon BETWEEN $2 - 0.0009 AND $2 + 0.0009
         AND registered_at > now() - INTERVAL '30 days'
       ORDER BY (category = $3) DESC, registered_at LIMIT 50`,
    [lat, lon, category ?? ''],
  );
}

/** The appeal's history, in order. */
export function timeline(db: Db, appealId: string): Promise<AppealEventRow[]> {
  return db.query<AppealEventRow>(`SELECT seq, at, type, from_status, to_status, actor, role, reason, data FROM appeal_events WHERE appeal_id = $1 ORDER BY seq`, [appealId]);
}

/** The appeal's chain of repeats (its first appeal and every repeat of it), oldest first, the appeal itself included. */
export function repeatChain(db: Db, row: Pick<AppealRow, 'id' | 'repeat_of'>): Promise<AppealRow[]> {
  return db.query<AppealRow>(`SELECT * FROM appeal_state WHERE repeat_of = $1 OR id = $2 ORDER BY registered_at LIMIT 100`, [row.repeat_of ?? row.id, row.repeat_of ?? '']);
}

export function photos(db: Db, appealId: string): Promise<PhotoRow[]> {
  return db.query<PhotoRow>(`SELECT id, mime, size, created_by, created_at FROM appeal_photos WHERE appeal_id = $1 ORDER BY id`, [appealId]);
}

/** Stores a photo with its audit row in the same statement; returns its id. */
export async function addPhoto(db: Db, sql: Pick<AuditSql, 'withAudit'>, p: { appealId: string; mime: string; data: Buffer; by: string }, audit: AuditEntry): Promise<number> {
  const s = sql.withAudit(
    { sql: `INSERT INTO appeal_photos (appeal_id, mime, size, sha256, data, created_by) VALUES ($1, $2, $3, encode(sha256($4), 'hex'), $4, $5) RETURNING id`, params: [p.appealId, p.mime, p.data.length, p.data, p.by] },
    audit,
  );
  const [photo] = await db.query<{ id: number | string }>(s.sql, s.params);
  return Number(photo.id);
}

export async function photoData(db: Db, photoId: number, appealId: string): Promise<{ mime: string; data: Uint8Array } | null> {
  const [p] = await db.query<{ mime: string; data: Uint8Array }>(`SELECT mime, data FROM appeal_photos WHERE id = $1 AND appeal_id = $2`, [photoId, appealId]);
  return p ?? null;
}

/** Is this id already in the intake table (stored, maybe not registered yet)? */
export async function inIntake(db: Db, id: string): Promise<boolean> {
  return (await db.query(`SELECT 1 FROM appeals WHERE id = $1 LIMIT 1`, [id])).length > 0;
}

/** The rating of systemic problems (monitored first, then by size), within `districts` when given. */
export function systemicProblems(db: Db, districts: string[] | null): Promise<SystemicProblemRow[]> {
  return db.query<SystemicProblemRow>(
    `SELECT * FROM systemic_problems ${districts ? 'WHERE district = ANY($1)' : ''} ORDER BY (status = 'monitored') DESC, appeals DESC LIMIT 100`,
    districts ? [districts] : [],
  );
}

/** Answered appeals the citizen has not confirmed in `days` days (at most 1000). */
export async function unconfirmedSince(db: Db, days: number): Promise<string[]> {
  const rows = await db.query<{ id: string }>(`SELECT id FROM appeal_state WHERE status = 'answered' AND answered_at < now() - make_interval(days => $1) LIMIT 1000`, [days]);
  return rows.map((r) => r.id);
}

/** A few (20, at random) of the simulator's own appeals (ids starting with `prefix`) of the last two days in one of `statuses`. */
export function simulatedInWork(db: Db, prefix: string, statuses: readonly AppealStatus[]): Promise<Pick<AppealRow, 'id' | 'status' | 'executor_org' | 'reroutes' | 'registered_at'>[]> {
  return db.query(
    `SELECT id, status, executor_org, reroutes, registered_at FROM appeal_state
     WHERE status = ANY($2) AND registered_at > now() - INTERVAL '2 days'
       AND starts_with(id, $1)
     ORDER BY random() LIMIT 20`,
    [prefix, statuses],
  );
}

/** Appeals received in the last `minutes` (for the live picture at start), oldest first. */
export function recentAppeals(db: Db, minutes: number, limit: number): Promise<AppealRow[]> {
  return db.query<AppealRow>(`SELECT * FROM appeal_state WHERE ts > now() - make_interval(mins => $1) ORDER BY ts LIMIT $2`, [minutes, limit]);
}

/** Open appeals by district and SLA state. */
export async function slaCounts(db: Db): Promise<{ district: string | null; sla: SlaState; n: number }[]> {
  const rows = await db.query<{ district: string | null; sla: SlaState; n: number | string }>(
    `SELECT district, sla, count(*)::int8 AS n FROM appeal_state WHERE status = ANY($1) GROUP BY 1, 2`,
    [openStatuses],
  );
  return rows.map((x) => ({ district: x.district, sla: x.sla, n: Number(x.n) }));
}

/** Appeals received since `since` by category (from the intake table), most first; within `districts` when given. */
export async function categoryCounts(db: Db, since: string, districts: string[] | null): Promise<{ category: string; n: number }[]> {
  const rows = await db.query<{ category: string; n: number | string }>(
    `SELECT category, count(*)::int8 AS n FROM appeals WHERE ts >= $1${districts ? ' AND district = ANY($2)' : ''} GROUP BY 1 ORDER BY 2 DESC`,
    districts ? [since, districts] : [since],
  );
  return rows.map((x) => ({ category: x.category, n: Number(x.n) }));
}

/** What the public may see (Open311): complaints about a body or an official are never listed. */
const listable = (t = '') => `${t}kind <> 'complaint' AND ${t}about_official IS NULL`;

export interface PublicFilter {
  /** one request by its number or its id */
  numberOrId?: string;
  /** one request by its id (Open311's token) */
  id?: string;
  numbers?: string[];
  categories?: string[];
  since?: string;
  until?: string;
  /** closed: answered (or otherwise out of the executor's hands); open: the rest */
  closed?: boolean;
}

/** Publicly listable appeals matching the filter, newest first. */
export function publicAppeals(db: Db, f: PublicFilter, limit = 1000): Promise<AppealRow[]> {
  const where: string[] = [listable()];
  const params: unknown[] = [];
  const add = (sql: string, v: unknown) => {
    params.push(v);
    where.push(sql.replace('?', `$${params.length}`));
  };
  if (f.numberOrId !== undefined) {
    params.push(f.numberOrId);
    where.push(`(number = $${params.length} OR id = $${params.length})`);
  }
  if (f.id !== undefined) add('id = ?', f.id);
  if (f.numbers) add('number = ANY(?)', f.numbers);
  if (f.categories) add('category = ANY(?)', f.categories);
  if (f.since !== undefined) add('registered_at >= ?', f.since);
  if (f.until !== undefined) add('registered_at <= ?', f.until);
  if (f.closed !== undefined) add(`${f.closed ? '' : 'NOT '}(status = ANY(?))`, [...answeredStatuses]);
  return db.query<AppealRow>(`SELECT * FROM appeal_state WHERE ${where.join(' AND ')} ORDER BY registered_at DESC LIMIT ${Math.floor(limit)}`, params);
}

/** Steps of publicly listable appeals from `since` (to `until`), oldest first, at most 1000. */
export function publicUpdates(db: Db, since: string, until?: string): Promise<PublicUpdateRow[]> {
  return db.query<PublicUpdateRow>(
    `SELECT e.appeal_id, e.seq, e.at, e.to_status, e.type, a.number, a.answer, a.citizen FROM appeal_events e JOIN appeal_state a ON a.id = e.appeal_id
     WHERE e.at >= $1 ${until ? 'AND e.at <= $2' : ''} AND ${listable('a.')} ORDER BY e.at LIMIT 1000`,
    until ? [since, until] : [since],
  );
}

/** What a confirmation link is: unknown (null), still open, used, or expired (also when a newer link replaced it). */
export async function confirmTokenState(db: Db, tokenHash: string): Promise<{ appealId: string; state: 'open' | 'used' | 'expired' } | null> {
  const [r] = await db.query<{ appeal_id: string; used: boolean; live: boolean }>(
    `SELECT appeal_id, used_at IS NOT NULL AS used, expires_at > now() AS live FROM confirm_tokens WHERE hash = $1`,
    [tokenHash],
  );
  if (!r) return null;
  return { appealId: r.appeal_id, state: r.used ? 'used' : r.live ? 'open' : 'expired' };
}

/**
 * A new confirmation link for an appeal that waits for the citizen (status `answered`), in one transaction: the
 * open links of the appeal expire, the new one is stored, its message goes to the outbox, the audit row is
 * written. Returns the new message's id, or null when the appeal does not wait for the citizen.
 */
export async function reissueConfirm(
  db: Db,
  sql: Pick<AuditSql, 'insert'>,
  w: { appealId: string; hash: string; ttlDays: number; channel: string; recipient: string | null; body: string; audit: AuditEntry },
): Promise<number | null> {
  const params: unknown[] = [w.appealId];
  const arg = (v: unknown) => `$${params.push(v)}`;
  const ctes = [
    `cur AS (SELECT id FROM appeal_state WHERE id = $1 AND status = 'answered')`,
    `old AS (UPDATE confirm_tokens SET expires_at = now() WHERE appeal_id IN (SELECT id FROM cur) AND used_at IS NULL AND expires_at > now())`,
    `tok AS (INSERT INTO confirm_tokens (hash, appeal_id, expires_at) SELECT ${arg(w.hash)}, id, now() + make_interval(days => ${Math.floor(w.ttlDays)}) FROM cur)`,
    `msg AS (INSERT INTO citizen_outbox (appeal_id, channel, recipient, body) SELECT id, ${arg(w.channel)}, ${arg(w.recipient)}, ${arg(w.body)} FROM cur RETURNING id)`,
  ];
  const aud: Stmt = sql.insert(w.audit, params.length, { from: 'cur' });
  params.push(...aud.params!);
  ctes.push(`aud AS (${aud.sql})`);
  const [rows] = await db.transaction([{ sql: `WITH ${ctes.join(',\n')}\nSELECT id FROM msg`, params }]);
  const r = rows[0] as { id: number | string } | undefined;
  return r ? Number(r.id) : null;
}

export async function confirmTokenUnused(db: Db, tokenHash: string): Promise<boolean> {
  return (await db.query(`SELECT 1 FROM confirm_tokens WHERE hash = $1 AND used_at IS NULL`, [tokenHash])).length > 0;
}

/** A transition as one statement: the new state, its event, the link's use or a new link and message, the audit row. */
export interface TransitionWrite {
  id: string;
  /** the revision the change was decided on: a concurrent change makes the write do nothing */
  rev: number;
  /** columns of appeal_state to set */
  set: Record<string, unknown>;
  event: { type: string; from: AppealStatus; to: AppealStatus; actor: string; role?: string; reason: string | null; data: Record<string, unknown> };
  /** the change is made through this confirmation link (its hash), which it uses */
  tokenHash?: string;
  /** a new confirmation link (its hash) and the message carrying it to the citizen, through the outbox */
  confirm?: { hash: string; ttlDays: number; channel: string; recipient: string | null; body: string };
  audit: AuditEntry;
}

/** Writes a transition in one transaction; the new row, or null when the revision (or the link) no longer holds. */
export async function writeTransition(db: Db, sql: Pick<AuditSql, 'insert'>, w: TransitionWrite): Promise<AppealRow | null> {
  const cols = Object.keys(w.set);
  const params: unknown[] = [w.id, w.rev, ...cols.map((k) => w.set[k])];
  const assignments = cols.map((k, i) => `${k} = $${i + 3}${k === 'flags' ? '::text[]' : k === 'formal_reasons' ? '::jsonb' : ''}`).join(', ');
  const arg = (v: unknown) => `$${params.push(v)}`;
  const e = w.event;
  const ev = [e.type, e.from, e.to, e.actor, e.role, e.reason, JSON.stringify(e.data)].map(arg);
  // A confirmation link is used only by the change it makes (a concurrent change leaves it unused).
  const byToken = w.tokenHash ? arg(w.tokenHash) : null;
  const ctes = [
    `upd AS (UPDATE appeal_state SET ${assignments}, rev = rev + 1, updated_at = now() WHERE id = $1 AND rev = $2
         ${byToken ? `AND EXISTS (SELECT 1 FROM confirm_tokens WHERE hash = ${byToken} AND appeal_id = $1 AND used_at IS NULL AND expires_at > now())` : ''}
         RETURNING *)`,
    `ev AS (INSERT INTO appeal_events (appeal_id, seq, at, type, from_status, to_status, actor, role, reason, data)
         SELECT id, (SELECT coalesce(max(seq), 0) + 1 FROM appeal_events WHERE appeal_id = $1), now(), ${ev.slice(0, 6).join(', ')}, ${ev[6]}::jsonb FROM upd)`,
  ];
  if (byToken) ctes.push(`used AS (UPDATE confirm_tokens SET used_at = now() WHERE hash = ${byToken} AND appeal_id IN (SELECT id FROM upd))`);
  if (w.confirm) {
    // the link goes to the citizen through the outbox, in this transaction; never back to the caller
    const c = w.confirm;
    ctes.push(
      `tok AS (INSERT INTO confirm_tokens (hash, appeal_id, expires_at) SELECT ${arg(c.hash)}, id, now() + make_interval(days => ${Math.floor(c.ttlDays)}) FROM upd)`,
      `msg AS (INSERT INTO citizen_outbox (appeal_id, channel, recipient, body) SELECT id, ${arg(c.channel)}, ${arg(c.recipient)}, ${arg(c.body)} FROM upd)`,
    );
  }
  // the audit row commits with the change, or neither does
  const aud: Stmt = sql.insert(w.audit, params.length, { from: 'upd' });
  params.push(...aud.params!);
  ctes.push(`aud AS (${aud.sql})`);
  const [rows] = await db.transaction([{ sql: `WITH ${ctes.join(',\n')}\nSELECT * FROM upd`, params }]);
  return (rows[0] as AppealRow | undefined) ?? null;
}
