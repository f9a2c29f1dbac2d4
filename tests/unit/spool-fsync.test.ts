// The spool makes a batch durable before it is acknowledged: the file's data is fsync'ed, then it is renamed into
// place, then the directory is fsync'ed — without that last step a power loss can forget the rename, and with it
// messages the broker was told are safe.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { tmpDir } from '../helpers/services';

const calls: string[] = [];
vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs/promises')>();
  return {
    ...real,
    open: (async (path: string, flags?: string) => {
      const fh = await real.open(path, flags);
      return new Proxy(fh, {
        get(target, key) {
          if (key === 'sync')
            return async () => {
              calls.push(`sync ${path}`);
              return target.sync();
            };
          const v = Reflect.get(target, key, target);
          return typeof v === 'function' ? v.bind(target) : v;
        },
      });
    }) as typeof real.open,
    rename: (async (from: string, to: string) => {
      calls.push(`rename ${to}`);
      return real.rename(from, to);
    }) as typeof real.rename,
    rm: (async (path: string, opts?: Parameters<typeof real.rm>[1]) => {
      calls.push(`rm ${path}`);
      return real.rm(path, opts);
    }) as typeof real.rm,
  };
});

const { Spool } = await import('../../ingest/spool');
const msg = (i: number) => ({ topic: `t/gps/v-${i}`, payload: Buffer.from(`{"n":${i}}`), receivedAt: 1 });

describe('spool durability', () => {
  it('fsyncs the file, renames it into place, then fsyncs the directory', async () => {
    const dir = tmpDir('spool');
    const spool = new Spool(dir, 1 << 20);
    calls.length = 0;
    await spool.write([msg(1), msg(2)]);
    const [name] = readdirSync(dir);
    expect(name).toMatch(/-2\.ndjson$/);
    expect(calls).toEqual([`sync ${join(dir, name)}.tmp`, `rename ${join(dir, name)}`, `sync ${dir}`]);
  });

  it('puts back what was not committed durably, in the same place in the order, and forgets the old file', async () => {
    const dir = tmpDir('spool');
    const spool = new Spool(dir, 1 << 20);
    await spool.write([msg(1), msg(2), msg(3)]);
    await spool.write([msg(4)]);
    const [first, second] = readdirSync(dir).sort();
    const oldest = await spool.oldest();
    expect(oldest!.batch).toHaveLength(3);
    calls.length = 0;
    await oldest!.keep(oldest!.batch.slice(1));
    const kept = first.replace(/-3\.ndjson$/, '-2.ndjson');
    expect(calls).toEqual([`sync ${join(dir, kept)}.tmp`, `rename ${join(dir, kept)}`, `sync ${dir}`, `rm ${join(dir, first)}`, `sync ${dir}`]);
    expect(readdirSync(dir).sort()).toEqual([kept, second]);
    expect(spool.count).toBe(3);
    // the rest comes first, then the next batch
    const again = await spool.oldest();
    expect(again!.batch.map((m) => m.topic)).toEqual(['t/gps/v-2', 't/gps/v-3']);
    // and a restart counts what is on disk the same way
    expect(new Spool(dir, 1 << 20).count).toBe(3);
  });
});
