// Tick store for several nodes: ticks go into one Redis stream (XADD, trimmed to the replay window by MINID);
// every node reads it (XREAD BLOCK) and delivers each tick to its own clients. The cursor is the stream id,
// the same on every node, so a client can resume on any node.
import { createClient } from 'redis';
import type { Logger } from 'pino';
import type { LiveEvent } from '../../ingest/schema';
import { TOO_MUCH_TO_REPLAY, type SinceResult, type Tick, type TickStore } from './hub';

type Client = ReturnType<typeof createClient>;
type Entry = [id: string, fields: string[]];

const ID = /^(\d+)-(\d+)$/;
const cmp = (a: string, b: string) => {
  const x = ID.exec(a)!;
  const y = ID.exec(b)!;
  return Number(x[1]) - Number(y[1]) || Number(x[2]) - Number(y[2]);
};

export class RedisTickStore implements TickStore {
  private writer: Client;
  private reader: Client;
  private last = '0-0';
  private running = false;
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

  async start(deliver: (t: Tick) => void): Promise<void> {
    await this.writer.connect();
    await this.reader.connect();
    const newest = (await this.writer.sendCommand(['XREVRANGE', this.key, '+', '-', 'COUNT', '1'])) as Entry[];
    this.last = newest[0]?.[0] ?? '0-0';
    this.running = true;
    this.loop = (async () => {
      while (this.running) {
        try {
          const r = (await this.reader.sendCommand(['XREAD', 'COUNT', '500', 'BLOCK', '1000', 'STREAMS', this.key, this.last])) as [string, Entry[]][] | null;
          for (const [, entries] of r ?? [])
            for (const e of entries) {
              this.last = e[0];
              deliver(this.toTick(e));
            }
        } catch (err) {
          if (!this.running) break;
          this.log.warn({ err: (err as Error).message }, 'live stream read failed; retrying');
          await new Promise((res) => setTimeout(res, 500));
        }
      }
    })();
  }

  private toTick([id, fields]: Entry): Tick {
    const i = fields.indexOf('items');
    return { id, at: Number(ID.exec(id)![1]), items: JSON.parse(fields[i + 1]) };
  }

  append(items: LiveEvent[]): void {
    const minId = `${Date.now() - this.windowMs}-0`;
    this.writer.sendCommand(['XADD', this.key, 'MINID', '~', minId, '*', 'items', JSON.stringify(items)]).catch((err) => {
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
    const first = (await this.writer.sendCommand(['XRANGE', this.key, '-', '+', 'COUNT', '1'])) as Entry[];
    if (first[0] && cmp(cursor, first[0][0]) < 0 && Number(ID.exec(cursor)![1]) < Date.now() - this.windowMs)
      return { resync: 'cursor older than the replay window' };
    const out: Tick[] = [];
    let events = 0;
    let from = cursor;
    for (;;) {
      // a page of ticks, parsed, then the event loop gets a turn while the next page is read
      const page = (await this.writer.sendCommand(['XRANGE', this.key, `(${from}`, this.last, 'COUNT', '200'])) as Entry[];
      for (const e of page) {
        const t = this.toTick(e);
        if ((events += t.items.length) > maxEvents) return { resync: TOO_MUCH_TO_REPLAY };
        out.push(t);
      }
      if (page.length < 200) break;
      from = page[page.length - 1][0];
    }
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
