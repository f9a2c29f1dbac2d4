// Registration of every new appeal: a number, routing (with the conflict-of-interest guard), legal deadlines,
// the first detectors (repeat, escalation), and the first two events of its history — then the live push.
//
// The intake row (`appeals`, written by ingest) is the durable log; registration is a projection of it that runs
// in its own batches after the intake commit, so a burst of appeals never slows the other streams' ingest. Its
// queue is in memory and bounded: on overflow, and at every start, it catches up from the intake table.
// Idempotent: an appeal registered twice changes nothing.
import type { Logger } from 'pino';
import client from 'prom-client';
import type { Db, Stmt } from '../../dialects';
import { recordFromRow, streams, type AppealRecord } from '../../../ingest/schema';
import type { LiveHub } from '../../live/hub';
import type { Router } from './routing';
import { deadlinesFor } from '../sla/deadlines';
import { toLive, toView } from '../view';
import { auditEntryText, type AuditEntry } from '../../audit/log';

/** Channels at the city or national level: an appeal there about a problem already raised locally is an escalation. */
export const HIGHER_CHANNELS = new Set(['akim_blog', 'open_dialogue_blog', 'presidential_virtual_reception', 'gov_online_reception', 'outreach_reception']);
export const REPEAT_RADIUS_M = 50;
export const REPEAT_WINDOW_DAYS = 30;
const BATCH = 1000;
const MAX_QUEUE = 50_000;

const cityCode: Record<string, string> = { astana: 'AST', almaty: 'ALA' };

const queueGauge = new client.Gauge({ name: 'appeals_registry_queue', help: 'Stored appeals waiting to be registered' });
const registeredTotal = new client.Counter({ name: 'appeals_registered_total', help: 'Appeals registered (numbered, routed, given deadlines)' });
/** What the detectors found, by detector: the exposure the centre exists for. */
export const findings = new client.Counter({ name: 'appeals_detector_findings_total', help: 'Detector findings by detector (repeat, escalated, routed_up, runaround, formal_reply, overdue, spike, systemic)', labelNames: ['detector'] as const });
const batchSeconds = new client.Histogram({ name: 'appeals_registry_batch_seconds', help: 'Time to register one batch of appeals', buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5] });

export class AppealRegistry {
  private queue: AppealRecord[] = [];
  private busy = false;
  private overflow = false;
  private stopped = false;
  private waiters = new Map<string, (() => void)[]>();
  /** Audit rows of appeals taken over HTTP, written by the transaction that registers them. */
  private pendingAudit = new Map<string, AuditEntry>();

  constructor(
    private db: Db,
    public router: Router,
    private hub: LiveHub,
    private log: Logger,
    private city = 'astana',
  ) {}

  /** Takes newly stored intake records (from the ingest pipeline). Never blocks ingest. */
  enqueue(records: AppealRecord[]): void {
    if (this.queue.length + records.length > MAX_QUEUE) {
      // the intake rows are safe in the database: register them from there once the queue has drained
      if (!this.overflow) this.log.warn({ queued: this.queue.length }, 'appeal registry behind: catching up from the intake table');
      this.overflow = true;
    } else this.queue.push(...records);
    queueGauge.set(this.queue.length);
    void this.drain();
  }

  /**
   * The audit row to write when the appeal `id` is registered: in the registration's own transaction, and only
   * if this registration creates it. False when one is already waiting for that id.
   */
  auditOnRegister(id: string, e: AuditEntry): boolean {
    if (this.pendingAudit.has(id)) return false;
    this.pendingAudit.set(id, e);
    return true;
  }

  /** Resolves when the appeal is registered (or after `ms`). */
  whenRegistered(id: string, ms = 5000): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(t);
        resolve();
      };
      const t = setTimeout(() => {
        const l = this.waiters.get(id)?.filter((f) => f !== done);
        if (l?.length) this.waiters.set(id, l);
        else this.waiters.delete(id);
        resolve();
      }, ms);
      const l = this.waiters.get(id);
      if (l) l.push(done);
      else this.waiters.set(id, [done]);
    });
  }

  private async drain(): Promise<void> {
    if (this.busy || this.stopped) return;
    this.busy = true;
    try {
      while (this.queue.length && !this.stopped) {
        const batch = this.queue.splice(0, BATCH);
        try {
          await this.registerBatch(batch);
        } catch (err) {
          if (this.db.isConnectionError(err)) {
            // the database is away: keep them and try again shortly
            this.queue.unshift(...batch);
            await new Promise((r) => setTimeout(r, 1000));
            continue;
          }
          this.log.error({ err: (err as Error).message, appeals: batch.length }, 'appeal registration failed; will catch up from the intake table');
          this.overflow = true;
          break;
        } finally {
          queueGauge.set(this.queue.length);
        }
      }
      if (this.overflow && !this.stopped) {
        this.overflow = false;
        // a batch that cannot commit (e.g. its audit rows refused) stays in the intake table for the next catch-up
        await this.catchUp().catch((err) => this.log.error({ err: (err as Error).message }, 'appeal catch-up failed'));
      }
    } finally {
      this.busy = false;
    }
    if (this.queue.length && !this.stopped) void this.drain();
  }

  /** Registers intake rows that have no registration yet (after a crash, an overflow or a failed batch). */
  async catchUp(days = 7): Promise<number> {
    let total = 0;
    for (;;) {
      const rows = await this.db.query<any>(
        `SELECT a.* FROM appeals a WHERE a.ts > now() - make_interval(days => ${days})
           AND NOT EXISTS (SELECT 1 FROM appeal_state s WHERE s.id = a.id)
         ORDER BY a.ts LIMIT ${BATCH}`,
      );
      if (!rows.length) break;
      const recs = rows.map((r) => recordFromRow(streams.appeals, r) as AppealRecord);
      const n = await this.registerBatch(recs);
      total += recs.length;
      if (!n) break; // nothing new could be registered: do not loop on the same rows
    }
    if (total) this.log.info({ appeals: total }, 'registered appeals from the intake table');
    return total;
  }

  /** Registers a batch in one transaction and pushes the new appeals live; returns how many were new. */
  async registerBatch(records: AppealRecord[]): Promise<number> {
    const end = batchSeconds.startTimer();
    const stmts = await this.prepare(records);
    const [rows] = await this.db.transaction(stmts);
    end();
    registeredTotal.inc(rows.length);
    for (const r of rows) for (const f of r.flags ?? []) findings.inc({ detector: f });
    if (rows.length) this.hub.publish(rows.map((r) => toLive(toView(r, false))));
    for (const r of rows) for (const w of this.waiters.get(r.id) ?? []) w();
    for (const r of records) this.waiters.get(r.id)?.forEach((w) => w());
    for (const r of records) this.waiters.delete(r.id);
    for (const r of records) this.pendingAudit.delete(r.id);
    return rows.length;
  }

  stop(): void {
    this.stopped = true;
  }

  /** Earlier appeals about the same problem: same category within 50 m, or same citizen's phone, in 30 days. */
  async findRepeats(recs: { category: string; lat?: number | null; lon?: number | null; phone?: string | null }[]): Promise<Map<number, string>> {
    const out = new Map<number, string>();
    const geo = recs.map((r, i) => ({ r, i })).filter(({ r }) => r.lat != null && r.lon != null);
    if (geo.length) {
      const rows = await this.db.query<{ i: number; root: string }>(
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
      const rows = await this.db.query<{ i: number; root: string }>(
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

  /** Numbers, routes, deadlines and repeats for a batch, as one idempotent statement returning the new rows. */
  private async prepare(records: AppealRecord[]): Promise<Stmt[]> {
    const nums = await this.db.query<{ n: number }>(`SELECT nextval('appeal_number_seq')::int8 AS n FROM generate_series(1, $1)`, [records.length]);
    const repeats = await this.findRepeats(records.map((r) => ({ category: r.category, lat: r.lat, lon: r.lon, phone: r.citizen?.phone })));
    const now = new Date();
    const year = now.getUTCFullYear();
    const notes: (string | null)[] = [];
    const dl = records.map((r, i) => {
      const route = this.router.route(r.category, r.district, { org: r.about?.org });
      const d = deadlinesFor(now, r.category, r.kind);
      const flags: string[] = [];
      if (route.guard) flags.push('routed_up');
      const repeatOf = repeats.get(i) ?? null;
      if (repeatOf) flags.push('repeat');
      if (repeatOf && HIGHER_CHANNELS.has(r.channel)) flags.push('escalated');
      Object.assign(r, {
        number: `${cityCode[this.city] ?? 'APL'}-${year}-${String(nums[i].n).padStart(7, '0')}`,
        status: 'assigned',
        executor: route.org,
        dueAt: d.dueAt,
        sla: 'on_time',
        flags,
        repeatOf,
        rev: 1,
      });
      notes.push(route.guard ?? null);
      return d;
    });
    const col = <T>(f: (r: AppealRecord, i: number) => T) => records.map(f);
    const audits = records.flatMap((r) => {
      const e = this.pendingAudit.get(r.id);
      return e ? [{ id: r.id, ...e }] : [];
    });
    const aud = (f: (a: (typeof audits)[number]) => unknown) => audits.map(f);
    return [
      {
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
          col((_r, i) => dl[i].dueAt),
          col((_r, i) => dl[i].interimDueAt),
          col((_r, i) => dl[i].maxExtendedAt),
          col((r) => (r.flags ?? []).join(',')),
          col((r) => r.repeatOf ?? null),
          notes,
          now.toISOString(),
          aud((a) => a.id),
          aud((a) => a.actor),
          aud((a) => a.role ?? null),
          aud((a) => a.action),
          aud((a) => a.target ?? null),
          aud((a) => a.ip ?? null),
          aud((a) => auditEntryText(a.details)),
        ],
      },
    ];
  }

  /** Loads routing rules from the database (they are editable). */
  async loadRules(): Promise<void> {
    const rules = await this.db.query<{ category: string; district: string | null; org: string }>(`SELECT category, district, org FROM routing_rules ORDER BY id`);
    if (rules.length) this.router.rules = rules;
  }
}
