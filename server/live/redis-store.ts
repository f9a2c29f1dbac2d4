// Tick store for several nodes: ticks go into one Redis stream (XADD, trimmed to the replay window by MINID);
// every node reads it (XREAD BLOCK) and delivers each tick to its own clients. The cursor is the stream id,
// the same on every node, so a client can resume on any node.
//
// Each entry names the entry before it (`prev`, set atomically with the XADD by a script), and a node whose
// appends failed marks its next entry `gap`. So a reader, or a replay, sees any hole in the sequence: the key
// gone (Redis restarted without persistence, or flushed), ids going back, ticks that never reached Redis. Then
// the node's clients are told to `resync` instead of resuming over a silent gap.
import { createClient } from 'redis';
import type { Logger } from 'pino';
import type { LiveEvent } from '../../ingest/schema';
import { TOO_MUCH_TO_REPLAY, type SinceResult, type Tick, type TickStore } from './hub';

type Client = ReturnType<typeof createClient>;
type Entry = [id: string, fields: string[]];

const ID = /^(\d+)-(\d+)$/;
const NONE = '0-0';

/** XADD that records the id of the stream's newest entry (or 0-0 when the stream is empty or gone) as `prev`. */
const APPEND = `local last = redis.call('XREVRANGE', KEYS[1], '+', '-', 'COUNT', 1)
local prev = '${NONE}'
if last[1] then prev = last[1][1] end
return redis.call('XADD', KEYS[1], 'MINID', '~', ARGV[1], '*', 'prev', prev, 'gap', ARGV[2], 'items', ARGV[3])`;

export const LOST_REASON = 'live ticks lost in Redis (stream gone or interrupted): reload';
const cmp = (a: string, b: string) => {
  const x = ID.exec(a)!;
  const y = ID.exec(b)!;
  return Number(x[1]) - Number(y[1]) || Number(x[2]) - Number(y[2]);
};

export class RedisTickStore implements TickStore {
  private writer: Client;
  private reader: Client;
  private last = NONE;
  private running = false;
  /** an append failed: the next entry is marked as following a gap */
  private appendFailed = false;
  private loop: Promise<void> | null = null;

  constructor(
    url: string,
    private key: string,
    private windowMs: number,
    private log: Logger,
  ) {
    this.writer = createClient({ url });
    this.reader = createClient({ url });
    for (const c of [this.writer, this.reader]) c.on('error', (err) => this.log.warn({ err: err.message }, 'redis error'));
  }

  async start(deliver: (t: Tick) => void, lost: (reason: string) => void = () => undefined): Promise<void> {
    await this.writer.connect();
    await this.reader.connect();
    this.last = (await this.newest()) ?? NONE;
    this.running = true;
    this.loop = (async () => {
      while (this.running) {
        try {
          const r = (await this.reader.sendCommand(['XREAD', 'COUNT', '500', 'BLOCK', '1000', 'STREAMS', this.key, this.last])) as [string, Entry[]][] | null;
          const entries = r?.[0]?.[1] ?? [];
          for (const e of entries) {
            if (!this.follows(e, this.last)) {
              this.log.warn({ key: this.key, after: this.last, next: e[0] }, 'live tick stream has a gap: clients must resync');
              lost(LOST_REASON);
            }
            this.last = e[0];
            deliver(this.toTick(e));
          }
          if (!entries.length && this.last !== NONE) {
            // Nothing new: is the stream still there? Gone, or restarted below our position, means lost.
            const newest = await this.newest();
            if (newest === null || cmp(newest, this.last) < 0) {
              this.log.warn({ key: this.key, had: this.last, newest }, 'live tick stream lost in Redis: clients must resync');
              this.last = newest ?? NONE;
              lost(LOST_REASON);
            }
          }
        } catch (err) {
          if (!this.running) break;
          this.log.warn({ err: (err as Error).message }, 'live stream read failed; retrying');
          await new Promise((res) => setTimeout(res, 500));
        }
      }
    })();
  }

  private async newest(): Promise<string | null> {
    const r = (await this.writer.sendCommand(['XREVRANGE', this.key, '+', '-', 'COUNT', '1'])) as Entry[];
    return r[0]?.[0] ?? null;
  }

  private field(fields: string[], name: string): string | undefined {
    const i = fields.indexOf(name);
    return i >= 0 && i % 2 === 0 ? fields[i + 1] : undefined;
  }

  /** Does entry `e` come right after `prev`, with nothing lost between? */
  private follows([, fields]: Entry, prev: string): boolean {
    const recorded = this.field(fields, 'prev');
    // an entry from a node of an earlier version (a rolling upgrade) records nothing: take it as it comes
    if (recorded === undefined) return true;
    return recorded === prev && this.field(fields, 'gap') !== '1';
  }

  private toTick([id, fields]: Entry): Tick {
    return { id, at: Number(ID.exec(id)![1]), items: JSON.parse(this.field(fields, 'items')!) };
  }

  append(items: LiveEvent[]): void {
    const minId = `${Date.now() - this.windowMs}-0`;
    const gap = this.appendFailed ? '1' : '0';
    this.appendFailed = false;
    this.writer.sendCommand(['EVAL', APPEND, '1', this.key, minId, gap, JSON.stringify(items)]).catch((err) => {
      this.appendFailed = true;
      this.log.error({ err: err.message, events: items.length }, 'cannot append live tick to redis');
    });
  }

  head(): string {
    return this.last;
  }

  after(a: string, b: string): boolean {
    return ID.test(a) && ID.test(b) && cmp(a, b) > 0;
  }

  windowSeconds(): number {
    return this.windowMs / 1000;
  }

  async since(cursor: string, maxEvents = Infinity): Promise<SinceResult> {
    if (!ID.test(cursor)) return { resync: 'malformed cursor' };
    if (cmp(cursor, this.last) > 0) return { resync: 'cursor ahead of server' };
    const out: Tick[] = [];
    let events = 0;
    let from = cursor;
    for (;;) {
      // a page of ticks, parsed, then the event loop gets a turn while the next page is read
      const page = (await this.writer.sendCommand(['XRANGE', this.key, `(${from}`, this.last, 'COUNT', '200'])) as Entry[];
      for (const e of page) {
        // every tick must follow the one before it, the first one the cursor itself: otherwise ticks are missing
        if (!this.follows(e, from))
          return { resync: Number(ID.exec(cursor)![1]) < Date.now() - this.windowMs ? 'cursor older than the replay window' : LOST_REASON };
        const t = this.toTick(e);
        if ((events += t.items.length) > maxEvents) return { resync: TOO_MUCH_TO_REPLAY };
        out.push(t);
        from = e[0];
      }
      if (page.length < 200) break;
    }
    // the cursor is behind our position but the stream holds nothing after it: the entries it came from are gone
    if (!out.length && cmp(cursor, this.last) < 0) return { resync: LOST_REASON };
    return out;
  }

  async ping(): Promise<boolean> {
    try {
      return (await this.writer.ping()) === 'PONG';
    } catch {
      return false;
    }
  }

  async stop(): Promise<void> {
    this.running = false;
    await Promise.allSettled([this.reader.quit(), this.writer.quit()]);
    await this.loop?.catch(() => undefined);
  }
}
