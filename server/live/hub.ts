// The live hub: committed events are coalesced into ticks (~50 ms), numbered, kept for a replay window, and
// handed to the socket layer. A cursor `<boot>.<seq>` names a position: a reconnecting client that sends its
// cursor gets every tick after it (no gaps, no repeats); one older than the window, or from another server
// boot, is told to resync from a snapshot.
import { EventEmitter } from 'node:events';
import { randomBytes } from 'node:crypto';
import type { LiveEvent } from '../../ingest/schema';

export interface Tick {
  seq: number;
  at: number;
  items: LiveEvent[];
}

export interface HubOptions {
  tickMs?: number;
  windowMs?: number;
  /** Bound on events kept for replay (memory); older ticks are dropped first. */
  maxEvents?: number;
}

export class LiveHub extends EventEmitter {
  readonly bootId = randomBytes(4).toString('hex');
  seq = 0;
  private buf: LiveEvent[] = [];
  private timer: NodeJS.Timeout | null = null;
  private ring: Tick[] = [];
  private head = 0; // index of the oldest kept tick in ring
  private kept = 0; // events in ring[head..]
  /** Highest seq dropped from the window: cursors below it cannot be served. */
  private dropped = 0;
  readonly tickMs: number;
  readonly windowMs: number;
  readonly maxEvents: number;

  constructor(o: HubOptions = {}) {
    super();
    this.tickMs = o.tickMs ?? 50;
    this.windowMs = o.windowMs ?? 10 * 60_000;
    this.maxEvents = o.maxEvents ?? 3_000_000;
  }

  publish(events: LiveEvent[]): void {
    for (const e of events) this.buf.push(e);
    if (!this.timer) this.timer = setTimeout(() => this.flush(), this.tickMs);
  }

  /** Closes the current tick now (normally done by the timer). */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (!this.buf.length) return;
    const tick: Tick = { seq: ++this.seq, at: Date.now(), items: this.buf };
    this.buf = [];
    this.ring.push(tick);
    this.kept += tick.items.length;
    this.trim(tick.at);
    this.emit('tick', tick);
  }

  private trim(now: number): void {
    while (this.head < this.ring.length - 1 && (this.ring[this.head].at < now - this.windowMs || this.kept > this.maxEvents)) {
      const t = this.ring[this.head];
      this.kept -= t.items.length;
      this.dropped = t.seq;
      this.ring[this.head++] = undefined as unknown as Tick;
    }
    if (this.head > 1024 && this.head * 2 > this.ring.length) {
      this.ring = this.ring.slice(this.head);
      this.head = 0;
    }
  }

  cursor(seq = this.seq): string {
    return `${this.bootId}.${seq}`;
  }

  /** Seconds of history the window holds now. */
  windowSeconds(): number {
    const oldest = this.ring[this.head];
    return oldest ? (Date.now() - oldest.at) / 1000 : 0;
  }

  /**
   * Ticks after a cursor, or the reason it cannot be served. A valid cursor equal to the head gives [].
   */
  since(cursor: string): Tick[] | { resync: string } {
    const m = /^([0-9a-f]{8})\.(\d+)$/.exec(cursor);
    if (!m) return { resync: 'malformed cursor' };
    if (m[1] !== this.bootId) return { resync: 'cursor from another server run' };
    const seq = Number(m[2]);
    if (seq > this.seq) return { resync: 'cursor ahead of server' };
    if (seq < this.dropped) return { resync: 'cursor older than the replay window' };
    const out: Tick[] = [];
    for (let i = this.ring.length - 1; i >= this.head && this.ring[i].seq > seq; i--) out.push(this.ring[i]);
    return out.reverse();
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
