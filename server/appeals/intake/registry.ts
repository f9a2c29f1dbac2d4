// Registration of every new appeal: a number, routing (with the conflict-of-interest guard), legal deadlines,
// the first detectors (repeat, escalation), and the first two events of its history — then the live push.
//
// The intake row (`appeals`, written by ingest) is the durable log; registration is a projection of it that runs
// in its own batches after the intake commit, so a burst of appeals never slows the other streams' ingest. Its
// queue is in memory and bounded: on overflow, and at every start, it catches up from the intake table.
// Idempotent: an appeal registered twice changes nothing.
import type { Logger } from 'pino';
import client from 'prom-client';
import type { Db } from '../../dialects';
import { recordFromRow, streams, type AppealRecord } from '../../../ingest/schema';
import type { Router } from './routing';
import { deadlinesFor } from '../sla/deadlines';
import { toLive, toView } from '../view';
import type { LivePublish } from '../ports';
import { findRepeats, loadRoutingRules, nextNumbers, register, registerStmt, unregistered, type Registration } from './store';
import type { AuditEntry } from '../../audit';
import type { AuditSql } from '../ports';
import { findings } from '../detectors/findings';
import { organisations, routingVersion } from '../routing/store';

/** Channels at the city or national level: an appeal there about a problem already raised locally is an escalation. */
export const HIGHER_CHANNELS = new Set(['akim_blog', 'open_dialogue_blog', 'presidential_virtual_reception', 'gov_online_reception', 'outreach_reception']);
export { REPEAT_RADIUS_M, REPEAT_WINDOW_DAYS } from './store';
const BATCH = 1000;
const MAX_QUEUE = 50_000;

const cityCode: Record<string, string> = { astana: 'AST', almaty: 'ALA' };

const queueGauge = new client.Gauge({ name: 'appeals_registry_queue', help: 'Stored appeals waiting to be registered' });
const registeredTotal = new client.Counter({ name: 'appeals_registered_total', help: 'Appeals registered (numbered, routed, given deadlines)' });
const batchSeconds = new client.Histogram({ name: 'appeals_registry_batch_seconds', help: 'Time to register one batch of appeals', buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5] });

export class AppealRegistry {
  private queue: AppealRecord[] = [];
  private busy = false;
  private overflow = false;
  private stopped = false;
  private waiters = new Map<string, (() => void)[]>();
  /** Audit rows of appeals taken over HTTP, written by the transaction that registers them. */
  private pendingAudit = new Map<string, AuditEntry>();
  /** Who registers an appeal taken over HTTP (the account's id): it may always open its own appeal. */
  private pendingCreator = new Map<string, string>();

  constructor(
    private db: Db,
    public router: Router,
    private hub: LivePublish,
    private log: Logger,
    private sql: Pick<AuditSql, 'entryText'>,
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
   * if this registration creates it. False when one is already waiting for that id. `createdBy` (an account's
   * id) is stored as the appeal's creator.
   */
  auditOnRegister(id: string, e: AuditEntry, createdBy?: string): boolean {
    if (this.pendingAudit.has(id)) return false;
    this.pendingAudit.set(id, e);
    if (createdBy) this.pendingCreator.set(id, createdBy);
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
      const rows = await unregistered(this.db, days, BATCH);
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
    const rows = await register(this.db, await this.prepare(records));
    end();
    registeredTotal.inc(rows.length);
    for (const r of rows) for (const f of r.flags ?? []) findings.inc({ detector: f });
    if (rows.length) this.hub.publish(rows.map((r) => toLive(toView(r, false))));
    for (const r of rows) for (const w of this.waiters.get(r.id) ?? []) w();
    for (const r of records) this.waiters.get(r.id)?.forEach((w) => w());
    for (const r of records) this.waiters.delete(r.id);
    for (const r of records) this.pendingAudit.delete(r.id);
    for (const r of records) this.pendingCreator.delete(r.id);
    return rows.length;
  }

  stop(): void {
    this.stopped = true;
  }

  /** Earlier appeals about the same problem: same category within 50 m, or same citizen's phone, in 30 days. */
  findRepeats(recs: { category: string; lat?: number | null; lon?: number | null; phone?: string | null }[]): Promise<Map<number, string>> {
    return findRepeats(this.db, recs);
  }

  /** Numbers, routes, deadlines and repeats for a batch, as one idempotent statement returning the new rows. */
  private async prepare(records: AppealRecord[]) {
    const nums = await nextNumbers(this.db, records.length);
    const repeats = await this.findRepeats(records.map((r) => ({ category: r.category, lat: r.lat, lon: r.lon, phone: r.citizen?.phone })));
    const now = new Date();
    const year = now.getUTCFullYear();
    const regs: Registration[] = records.map((r, i) => {
      const route = this.router.route(r.category, r.district, { org: r.about?.org });
      const deadlines = deadlinesFor(now, r.category, r.kind);
      const flags: string[] = [];
      if (route.guard) flags.push('routed_up');
      const repeatOf = repeats.get(i) ?? null;
      if (repeatOf) flags.push('repeat');
      if (repeatOf && HIGHER_CHANNELS.has(r.channel)) flags.push('escalated');
      Object.assign(r, {
        number: `${cityCode[this.city] ?? 'APL'}-${year}-${String(nums[i]).padStart(7, '0')}`,
        status: 'assigned',
        executor: route.org,
        dueAt: deadlines.dueAt,
        sla: 'on_time',
        flags,
        repeatOf,
        rev: 1,
      });
      return { record: r, deadlines, routeNote: route.guard ?? null, createdBy: this.pendingCreator.get(r.id) ?? null };
    });
    const audits = records.flatMap((r) => {
      const e = this.pendingAudit.get(r.id);
      return e ? [{ id: r.id, ...e }] : [];
    });
    return registerStmt(this.sql, regs, audits, now);
  }

  private routingVersion = '';

  /** Loads the routing rules and the organisations from the database (they are editable). */
  async loadRules(): Promise<void> {
    const version = await routingVersion(this.db);
    const [rules, orgs] = await Promise.all([loadRoutingRules(this.db), organisations(this.db)]);
    if (rules.length) this.router.rules = rules;
    if (orgs.length)
      this.router.setOrganisations(
        orgs.map((o) => ({ id: o.id, kind: o.kind, parent: o.parent, ...(o.district ? { district: o.district } : {}), name_ru: o.name_ru, name_kk: o.name_kk ?? o.name_ru, name_en: o.name_en, head: o.head ?? '' })),
      );
    this.routingVersion = version;
  }

  /** Reloads the rules and organisations when another node changed them (a fingerprint of both tables). */
  async refreshRules(): Promise<boolean> {
    if ((await routingVersion(this.db)) === this.routingVersion) return false;
    await this.loadRules();
    return true;
  }
}
