// The ingest path: MQTT message → decode (schema) → batch (size- and time-bounded) → one transaction → ack →
// live events. While the database is unreachable, batches go to the disk spool (then they are acknowledged) and
// are replayed in order when it returns. Input never throws out of here.
import type { Logger } from 'pino';
import { decode, streams, type Decoded, type LiveEvent, type StreamName } from './schema';
import { districtAt } from '../maps/districts';
import type { Ack } from './mqtt/subscriber';
import { Spool, type RawMessage } from './spool';
import { writeBatch, type BatchInput, type DeadLetter } from './writer';
import * as m from './metrics';
import type { BatchSink } from './ports';

export interface PipelineOptions {
  /** where batches are committed (the server gives its database: server/dialects/sink.ts) */
  sink: BatchSink;
  log: Logger;
  spool: Spool;
  prefix: string;
  maxPayload: number;
  batchSize: number;
  batchMs: number;
  /** Above this many uncommitted messages the subscriber is paused (backpressure). */
  maxPending: number;
  onStored: (events: LiveEvent[]) => void;
  onPressure?: (paused: boolean) => void;
  /**
   * A feature that takes a stream's newly stored records instead of the live layer (the appeals registry
   * registers appeals and then pushes them itself).
   */
  consumers?: Partial<Record<StreamName, (records: any[]) => void>>;
}

interface Item {
  raw: RawMessage;
  ack?: Ack;
  decoded: Decoded;
}

export class Pipeline {
  dbUp = true;
  /** this pipeline's own counts (the Prometheus counters are per process) */
  readonly stats = { stored: 0, duplicate: 0, rejected: 0 };
  private pending: Item[] = [];
  private timer: NodeJS.Timeout | null = null;
  private probe: NodeJS.Timeout | null = null;
  private busy = false;
  private paused = false;
  private idleWaiters: (() => void)[] = [];

  constructor(private o: PipelineOptions) {
    m.spoolGauge.set(o.spool.count);
    m.dbUpGauge.set(1);
    if (!o.spool.empty) {
      o.log.info({ messages: o.spool.count }, 'replaying messages spooled while the database was away');
      this.kick(true);
    }
  }

  private decode(raw: RawMessage): Decoded {
    return decode(raw.topic, raw.payload, { prefix: this.o.prefix, maxPayload: this.o.maxPayload, districtAt });
  }

  /** Entry point from the subscriber (or from tests): never throws. */
  handle(topic: string, payload: Buffer, ack?: Ack): void {
    const raw = { topic, payload, receivedAt: Date.now() };
    this.pending.push({ raw, ack, decoded: this.decode(raw) });
    m.pendingGauge.inc();
    if (!this.paused && this.pending.length >= this.o.maxPending) {
      this.paused = true;
      this.o.onPressure?.(true);
    }
    this.kick(this.pending.length >= this.o.batchSize);
  }

  get pendingCount(): number {
    return this.pending.length;
  }

  /** Resolves once everything received so far is committed or spooled (graceful shutdown, tests). */
  idle(): Promise<void> {
    if (!this.busy && !this.pending.length && (this.o.spool.empty || !this.dbUp)) return Promise.resolve();
    return new Promise((r) => this.idleWaiters.push(r));
  }

  private kick(now = false): void {
    if (this.busy) return;
    if (now) {
      if (this.timer) clearTimeout(this.timer);
      this.timer = null;
      void this.drain();
    } else if (!this.timer && this.pending.length) {
      this.timer = setTimeout(() => {
        this.timer = null;
        void this.drain();
      }, this.o.batchMs);
    }
  }

  private async drain(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      for (;;) {
        if (this.dbUp && !this.o.spool.empty) {
          await this.replayOne();
          continue;
        }
        if (!this.pending.length) break;
        const batch = this.pending.splice(0, this.o.batchSize);
        const kept = this.dbUp ? await this.commit(batch) : await this.toSpool(batch);
        if (!kept) {
          // Neither database nor spool took it: keep it (unacknowledged) and wait for the database probe.
          this.pending.unshift(...batch);
          break;
        }
        m.pendingGauge.dec(batch.length);
        if (this.paused && this.pending.length < this.o.maxPending / 2) {
          this.paused = false;
          this.o.onPressure?.(false);
        }
      }
    } catch (err) {
      this.o.log.error({ err }, 'ingest drain failed');
    } finally {
      this.busy = false;
    }
    if (this.pending.length && this.dbUp) this.kick(true);
    else if (!this.pending.length) for (const w of this.idleWaiters.splice(0)) w();
  }

  private build(items: Item[]): BatchInput {
    const records = new Map<StreamName, any[]>();
    const deadLetters: DeadLetter[] = [];
    for (const it of items) {
      const d = it.decoded;
      if (d.ok) {
        let list = records.get(d.stream);
        if (!list) records.set(d.stream, (list = []));
        list.push(d.record);
      } else deadLetters.push({ topic: it.raw.topic, stream: d.stream, reason: d.reason, payload: it.raw.payload });
    }
    return { records, deadLetters };
  }

  /**
   * Writes a batch to the database; true when it is committed (or, with `spoolIfDown`, spooled after the database
   * went away).
   */
  private async commit(items: Item[], spoolIfDown = true): Promise<boolean> {
    const input = this.build(items);
    const end = m.batchDuration.startTimer();
    try {
      const stored = await writeBatch(this.o.sink, input);
      end();
      m.batchSize.observe(items.length);
      this.account(items, stored);
      return true;
    } catch (err) {
      if (this.o.sink.isConnectionError(err)) {
        this.markDown(err);
        return spoolIfDown ? this.toSpool(items) : false;
      }
      // The database refused the data itself: find the message(s) it refuses by halving, dead-letter them.
      if (items.length === 1) {
        const it = items[0];
        it.decoded = { ok: false, stream: it.decoded.stream, reason: `rejected by database: ${(err as Error).message}` };
        if (input.deadLetters.length) {
          // Even the dead letter could not be written: log it whole so that nothing is lost silently.
          this.o.log.error({ err, topic: it.raw.topic, payload: it.raw.payload.toString('base64') }, 'message could not be stored');
          it.ack?.();
          m.messagesTotal.inc({ stream: it.decoded.stream, result: 'rejected' });
          this.stats.rejected++;
          return true;
        }
        return this.commit(items, spoolIfDown);
      }
      const half = items.length >> 1;
      return (await this.commit(items.slice(0, half), spoolIfDown)) && (await this.commit(items.slice(half), spoolIfDown));
    }
  }

  /** Counts results, acknowledges to the broker, and hands new records to the live layer. */
  private account(items: Item[], stored: Map<StreamName, Set<string>>): void {
    const events: LiveEvent[] = [];
    const consumed = new Map<StreamName, any[]>();
    for (const it of items) {
      const d = it.decoded;
      let result: 'stored' | 'duplicate' | 'rejected';
      if (!d.ok) result = 'rejected';
      else if (stored.get(d.stream)?.delete(d.record.id)) {
        result = 'stored';
        if (this.o.consumers?.[d.stream]) {
          let l = consumed.get(d.stream);
          if (!l) consumed.set(d.stream, (l = []));
          l.push(d.record);
        } else events.push(streams[d.stream].toEvent(d.record));
      } else result = 'duplicate';
      m.messagesTotal.inc({ stream: d.stream, result });
      this.stats[result]++;
      it.ack?.();
    }
    if (events.length) this.o.onStored(events);
    for (const [name, recs] of consumed) this.o.consumers![name]!(recs);
  }

  private async toSpool(items: Item[]): Promise<boolean> {
    const bytes = items.reduce((n, it) => n + it.raw.payload.byteLength * 1.4 + 64, 0);
    if (!this.o.spool.hasRoom(bytes)) return false;
    try {
      await this.o.spool.write(items.map((it) => it.raw));
    } catch (err) {
      this.o.log.error({ err }, 'cannot write the ingest spool');
      return false;
    }
    m.spoolGauge.set(this.o.spool.count);
    for (const it of items) it.ack?.();
    return true;
  }

  private async replayOne(): Promise<void> {
    const next = await this.o.spool.oldest();
    if (!next) return;
    const items: Item[] = next.batch.map((raw) => ({ raw, decoded: this.decode(raw) }));
    const input = this.build(items);
    try {
      const stored = await writeBatch(this.o.sink, input);
      this.account(items, stored);
    } catch (err) {
      if (this.o.sink.isConnectionError(err)) return this.markDown(err);
      // Bad data inside a spooled batch: commit it message by message (dead-lettering what the DB refuses). The
      // file goes only when every message in it is committed: if the database goes away meanwhile, the rest is
      // kept in the file (not spooled anew, for which there may be no room) and replayed when it returns.
      for (let i = 0; i < items.length; i++) {
        if (await this.commit([items[i]], false)) continue;
        await next.keep(items.slice(i).map((it) => it.raw));
        m.spoolGauge.set(this.o.spool.count);
        return;
      }
    }
    await next.done();
    m.spoolGauge.set(this.o.spool.count);
    if (this.o.spool.empty) this.o.log.info('spool replayed: all messages are in the database');
  }

  private markDown(err: unknown): void {
    if (this.dbUp) this.o.log.error({ err: (err as Error).message }, 'database unreachable: spooling messages to disk');
    this.dbUp = false;
    m.dbUpGauge.set(0);
    if (this.probe) return;
    this.probe = setInterval(async () => {
      try {
        await this.o.sink.ping();
      } catch {
        return;
      }
      clearInterval(this.probe!);
      this.probe = null;
      this.dbUp = true;
      m.dbUpGauge.set(1);
      this.o.log.info({ spooled: this.o.spool.count }, 'database is back: replaying the spool');
      this.kick(true);
    }, 1000);
  }

  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.pending.length) await this.drain();
    if (this.probe) clearInterval(this.probe);
  }
}
