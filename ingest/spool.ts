// Keeps messages on disk while the database is unreachable, so they can be acknowledged to the broker (whose
// queue for us is small) and replayed, in order, when the database returns. One fsync'ed file per batch; the
// directory is fsync'ed after each rename, so that the file's name survives a power loss too. A replayed file is
// removed only when every message in it is committed; what is left is written back in its place.
import { mkdirSync, readdirSync, statSync } from 'node:fs';
import { open, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';

export interface RawMessage {
  topic: string;
  payload: Buffer;
  receivedAt: number;
}

export class Spool {
  private seq = 0;
  private bytes = 0;
  count = 0;

  constructor(
    private dir: string,
    private maxBytes: number,
  ) {
    mkdirSync(dir, { recursive: true });
    for (const f of this.files()) {
      const st = statSync(join(dir, f));
      this.bytes += st.size;
      this.count += Number(f.split('-')[2]?.split('.')[0] ?? 0);
    }
  }

  private files(): string[] {
    return readdirSync(this.dir)
      .filter((f) => f.endsWith('.ndjson'))
      .sort();
  }

  get empty(): boolean {
    return this.count === 0;
  }

  /** Room for `n` more bytes? When full, ingest stops acknowledging and the broker holds the messages. */
  hasRoom(n: number): boolean {
    return this.maxBytes > 0 && this.bytes + n <= this.maxBytes;
  }

  /** Durably writes a batch; resolves only once it is on disk. */
  async write(batch: RawMessage[]): Promise<void> {
    const body = Spool.encode(batch);
    const name = `${String(Date.now()).padStart(15, '0')}-${String(this.seq++).padStart(9, '0')}-${batch.length}.ndjson`;
    await this.put(name, body);
    this.bytes += Buffer.byteLength(body);
    this.count += batch.length;
  }

  private static encode(batch: RawMessage[]): string {
    return batch.map((m) => JSON.stringify({ t: m.topic, p: m.payload.toString('base64'), r: m.receivedAt })).join('\n');
  }

  /** Writes a file under its final name durably: data fsync'ed, renamed into place, the directory fsync'ed. */
  private async put(name: string, body: string): Promise<void> {
    const fh = await open(join(this.dir, name + '.tmp'), 'w');
    try {
      await fh.writeFile(body);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(join(this.dir, name + '.tmp'), join(this.dir, name));
    await this.syncDir();
  }

  private async syncDir(): Promise<void> {
    const dh = await open(this.dir, 'r');
    try {
      await dh.sync();
    } finally {
      await dh.close();
    }
  }

  /**
   * The oldest spooled batch, with `done` to delete it once every message is committed, and `keep` to put back
   * the messages that are not (the file is replaced by one with only those, in the same place in the order).
   */
  async oldest(): Promise<{ batch: RawMessage[]; done: () => Promise<void>; keep: (rest: RawMessage[]) => Promise<void> } | null> {
    const f = this.files()[0];
    if (!f) return null;
    const path = join(this.dir, f);
    const text = await readFile(path, 'utf8');
    const batch = text
      .split('\n')
      .filter(Boolean)
      .map((l) => {
        const o = JSON.parse(l) as { t: string; p: string; r: number };
        return { topic: o.t, payload: Buffer.from(o.p, 'base64'), receivedAt: o.r };
      });
    return {
      batch,
      done: async () => {
        await rm(path, { force: true });
        this.bytes -= Buffer.byteLength(text);
        this.count -= batch.length;
      },
      keep: async (rest) => {
        if (!rest.length) return;
        if (rest.length === batch.length) return; // nothing was committed: the file stays as it is
        // same time and sequence, new count: it sorts where the old file did. A crash between the rename and the
        // rm leaves both; replaying both stores each message once (the rest as duplicates).
        const [time, seq] = f.split('-');
        const name = `${time}-${seq}-${rest.length}.ndjson`;
        const body = Spool.encode(rest);
        await this.put(name, body);
        await rm(path, { force: true });
        await this.syncDir();
        this.bytes += Buffer.byteLength(body) - Buffer.byteLength(text);
        this.count -= batch.length - rest.length;
      },
    };
  }
}
