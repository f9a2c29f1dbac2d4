// Tick store for one node: a ring of ticks in memory, bounded by time and by event count.
import { randomBytes } from 'node:crypto';
import type { LiveEvent } from '../../ingest/schema';
import { TOO_MUCH_TO_REPLAY, type SinceResult, type Tick, type TickStore } from './hub';

const YIELD_EVERY = 2000;

export class MemoryTickStore implements TickStore {
  readonly bootId = randomBytes(4).toString('hex');
  private seq = 0;
  /**
   * kept ticks, their events as one UTF-8 JSON buffer each: a third of the memory of the objects, and outside
   * the JS heap — ten minutes at 5,000 msg/s is ~3 M events, which as heap strings made every major GC walk
   * and compact a gigabyte and stalled the event loop for up to a second
   */
  private ring: { id: string; seq: number; at: number; n: number; json: Buffer }[] = [];
  private head0 = 0;
  private kept = 0;
  private dropped = 0;
  private deliver: (t: Tick) => void = () => undefined;

  constructor(
    private windowMs = 10 * 60_000,
    private maxEvents = 3_000_000,
  ) {}

  async start(deliver: (t: Tick) => void): Promise<void> {
    this.deliver = deliver;
  }

  append(items: LiveEvent[]): void {
    const seq = ++this.seq;
    const tick = { id: `${this.bootId}.${seq}`, at: Date.now(), items };
    this.ring.push({ id: tick.id, seq, at: tick.at, n: items.length, json: Buffer.from(JSON.stringify(items)) });
    this.kept += items.length;
    this.trim(tick.at);
    this.deliver(tick);
  }

  private trim(now: number): void {
    while (this.head0 < this.ring.length - 1 && (this.ring[this.head0].at < now - this.windowMs || this.kept > this.maxEvents)) {
      const t = this.ring[this.head0];
      this.kept -= t.n;
      this.dropped = t.seq;
      this.ring[this.head0++] = undefined as never;
    }
    if (this.head0 > 1024 && this.head0 * 2 > this.ring.length) {
      this.ring = this.ring.slice(this.head0);
      this.head0 = 0;
    }
  }

  head(): string {
    return `${this.bootId}.${this.seq}`;
  }

  private parse(c: string): number | null {
    const m = /^([0-9a-f]{8})\.(\d+)$/.exec(c);
    return m && m[1] === this.bootId ? Number(m[2]) : null;
  }

  after(a: string, b: string): boolean {
    return (this.parse(a) ?? -1) > (this.parse(b) ?? -1);
  }

  windowSeconds(): number {
    const oldest = this.ring[this.head0];
    return oldest ? (Date.now() - oldest.at) / 1000 : 0;
  }

  async since(cursor: string, maxEvents = Infinity): Promise<SinceResult> {
    const m = /^([0-9a-f]{8})\.(\d+)$/.exec(cursor);
    if (!m) return { resync: 'malformed cursor' };
    if (m[1] !== this.bootId) return { resync: 'cursor from another server run' };
    const seq = Number(m[2]);
    if (seq > this.seq) return { resync: 'cursor ahead of server' };
    if (seq < this.dropped) return { resync: 'cursor older than the replay window' };
    // count first (cheap), parse only what will be sent
    const kept: (typeof this.ring)[number][] = [];
    let events = 0;
    for (let i = this.ring.length - 1; i >= this.head0 && this.ring[i].seq > seq; i--) {
      kept.push(this.ring[i]);
      if ((events += this.ring[i].n) > maxEvents) return { resync: TOO_MUCH_TO_REPLAY };
    }
    kept.reverse();
    // parsing is synchronous: let other work (HTTP, ticks) in between every few thousand events
    const out: Tick[] = [];
    let parsed = 0;
    for (const r of kept) {
      out.push({ id: r.id, at: r.at, items: JSON.parse(r.json.toString()) });
      if ((parsed += r.n) >= YIELD_EVERY) {
        parsed = 0;
        await new Promise((res) => setImmediate(res));
      }
    }
    return out;
  }

  async stop(): Promise<void> {}
}
