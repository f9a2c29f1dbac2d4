// The live hub: committed events are coalesced into ticks (~50 ms) and appended to a tick store, which gives
// each tick its cursor and delivers it to every node's hub. A client that sends its last cursor gets every
// tick after it (no gaps, no repeats); one older than the window, or unknown, is told to resync.
//
// Events: `tick` (a Tick) for every tick in order; `lost` (a reason) when the store lost ticks (Redis lost its
// stream): every client must then resync.
//
// Stores: MemoryTickStore (one node; cursor `<boot>.<seq>`) and RedisTickStore (several nodes; a Redis stream,
// cursor = stream id, so any node can resume any client).
import { EventEmitter } from 'node:events';
import type { LiveEvent } from '../../ingest/schema';

export interface Tick {
  /** the cursor of this tick */
  id: string;
  at: number;
  items: LiveEvent[];
}

export type SinceResult = Tick[] | { resync: string };

/** The resync reason when a replay would exceed its bound (REPLAY_MAX_PER_SUBSCRIBE). */
export const TOO_MUCH_TO_REPLAY = 'too many events to replay; reload the snapshot';

export interface TickStore {
  /** Appends a tick; the store delivers it (to this and other nodes) through `deliver`. */
  append(items: LiveEvent[]): void;
  /** `lost` is called when ticks were lost before the next one delivered (the clients must resync). */
  start(deliver: (t: Tick) => void, lost?: (reason: string) => void): Promise<void>;
  /** The ticks after `cursor`; more than `maxEvents` of them (default: no bound) → resync. */
  since(cursor: string, maxEvents?: number): Promise<SinceResult>;
  /** The cursor of the newest tick. */
  head(): string;
  /** a is after b */
  after(a: string, b: string): boolean;
  windowSeconds(): number;
  /** Is the store's backing service reachable? (absent: nothing to reach) */
  ping?(): Promise<boolean>;
  stop(): Promise<void>;
}

export interface HubOptions {
  tickMs?: number;
}

export class LiveHub extends EventEmitter {
  private buf: LiveEvent[] = [];
  private timer: NodeJS.Timeout | null = null;
  readonly tickMs: number;

  constructor(
    readonly store: TickStore,
    o: HubOptions = {},
  ) {
    super();
    this.setMaxListeners(0);
    this.tickMs = o.tickMs ?? 50;
  }

  async start(): Promise<void> {
    await this.store.start(
      (t) => this.emit('tick', t),
      (reason) => this.emit('lost', reason),
    );
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
    const items = this.buf;
    this.buf = [];
    this.store.append(items);
  }

  cursor(): string {
    return this.store.head();
  }
  since(cursor: string, maxEvents?: number): Promise<SinceResult> {
    return this.store.since(cursor, maxEvents);
  }
  after(a: string, b: string): boolean {
    return this.store.after(a, b);
  }
  windowSeconds(): number {
    return this.store.windowSeconds();
  }

  async stop(): Promise<void> {
    this.flush();
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.store.stop();
  }
}
