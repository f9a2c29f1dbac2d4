// Keeps messages on disk while the database is unreachable, so they can be acknowledged to the broker (whose
// queue for us is small) and replayed, in order, when the database returns. One fsync'ed file per batch.
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
    const body = batch
      .map((m) => JSON.stringify({ t: m.topic, p: m.payload.toString('base64'), r: m.receivedAt }))
      .join('\n');
    const name = `${String(Date.now()).padStart(15, '0')}-${String(this.seq++).padStart(9, '0')}-${batch.length}.ndjson`;
    const fh = await open(join(this.dir, name + '.tmp'), 'w');
    try {
      await fh.writeFile(body);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(join(this.dir, name + '.tmp'), join(this.dir, name));
    this.bytes += Buffer.byteLength(body);
    this.count += batch.length;
  }

  /** The oldest spooled batch, with a function that deletes it once replayed. */
  async oldest(): Promise<{ batch: RawMessage[]; done: () => Promise<void> } | null> {
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
    };
  }
}
