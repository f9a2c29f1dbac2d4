// The Redis tick store on its own: every entry names its predecessor, so a reader (and a replay) notices any hole
// — the stream deleted (Redis restarted without persistence), an entry that does not follow, a node's failed
// append — and reports it as lost instead of going on over a gap.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from 'redis';
import { RedisTickStore } from '../../server/live/redis-store';
import type { Tick } from '../../server/live/hub';
import { quietLog, uid, waitFor } from '../helpers/services';

const REDIS = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const ev = (id: string) => ({ stream: 'gps', id, ts: new Date().toISOString() }) as any;

describe('RedisTickStore', () => {
  const key = `sc:test:${uid()}`;
  const raw = createClient({ url: REDIS });
  const writer = new RedisTickStore(REDIS, key, 60_000, quietLog);
  const reader = new RedisTickStore(REDIS, key, 60_000, quietLog);
  const ticks: Tick[] = [];
  const lost: string[] = [];
  beforeAll(async () => {
    await raw.connect();
    await writer.start(() => undefined);
    await reader.start((t) => ticks.push(t), (r) => lost.push(r));
  });
  afterAll(async () => {
    await Promise.all([writer.stop(), reader.stop()]);
    await raw.del(key);
    await raw.quit();
  });

  it('delivers a chain of ticks without reporting a loss, and replays it from any cursor', async () => {
    for (const id of ['a', 'b', 'c']) writer.append([ev(id)]);
    await waitFor(() => ticks.length === 3);
    expect(ticks.map((t) => t.items[0].id)).toEqual(['a', 'b', 'c']);
    expect(lost).toEqual([]);
    const r = await reader.since(ticks[0].id);
    expect(Array.isArray(r) ? r.map((t) => t.items[0].id) : r).toEqual(['b', 'c']);
  });

  it('reports an entry that does not follow the last one read, and refuses to replay across it', async () => {
    const before = ticks[ticks.length - 1].id;
    // an entry whose predecessor is not the one the readers saw (as after ticks that never reached Redis)
    await raw.sendCommand(['XADD', key, '*', 'prev', '1-1', 'gap', '0', 'items', JSON.stringify([ev('d')])]);
    await waitFor(() => lost.length === 1);
    expect(lost).toHaveLength(1);
    expect(ticks.map((t) => t.items[0].id)).toContain('d');
    expect(await reader.since(before)).toEqual({ resync: expect.stringMatching(/lost/) });
  });

  it('reports an entry marked as following a failed append', async () => {
    const last = ticks[ticks.length - 1].id;
    await raw.sendCommand(['XADD', key, '*', 'prev', last, 'gap', '1', 'items', JSON.stringify([ev('e')])]);
    await waitFor(() => lost.length === 2);
    expect(lost).toHaveLength(2);
  });

  it('reports the stream gone even when nothing new is written', async () => {
    const cursor = ticks[ticks.length - 1].id;
    expect(await raw.del(key)).toBe(1);
    await waitFor(() => lost.length === 3, 5000);
    expect(lost).toHaveLength(3);
    // a client resuming from a cursor of the lost stream is told to resync
    writer.append([ev('f')]);
    await waitFor(() => ticks.some((t) => t.items[0].id === 'f'));
    expect(await reader.since(cursor)).toEqual({ resync: expect.stringMatching(/lost/) });
    // and the new stream goes on without further alarms
    writer.append([ev('g')]);
    await waitFor(() => ticks.some((t) => t.items[0].id === 'g'));
    expect(lost).toHaveLength(3);
  });
});
