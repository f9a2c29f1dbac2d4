import { describe, expect, it } from 'vitest';
import { LiveHub, type Tick } from '../../server/live/hub';
import { MemoryTickStore } from '../../server/live/memory-store';
import { makeFilter, select } from '../../server/live/filter';
import type { LiveEvent } from '../../ingest/schema';

const ev = (i: number, district = 'astana-yesil'): LiveEvent =>
  ({ stream: 'gps', id: `g${i}`, ts: new Date().toISOString(), vehicleId: 'v', lat: 51, lon: 71, speed: 1, heading: 0, district }) as LiveEvent;

async function hubWith(store = new MemoryTickStore(), tickMs = 1000) {
  const hub = new LiveHub(store, { tickMs });
  await hub.start();
  return { hub, store };
}
const cursorAt = (store: MemoryTickStore, seq: number) => `${store.bootId}.${seq}`;
const ids = (r: Tick[] | { resync: string }) => (Array.isArray(r) ? r.map((t) => t.items[0].id) : r);

describe('live hub with the memory tick store', () => {
  it('coalesces published events into numbered ticks', async () => {
    const { hub, store } = await hubWith();
    const ticks: number[] = [];
    hub.on('tick', (t: Tick) => ticks.push(t.items.length));
    hub.publish([ev(1), ev(2)]);
    hub.publish([ev(3)]);
    hub.flush();
    hub.flush(); // nothing buffered: no empty tick
    expect(ticks).toEqual([3]);
    expect(hub.cursor()).toBe(cursorAt(store, 1));
    await hub.stop();
  });

  it('closes a tick by itself after tickMs', async () => {
    const { hub } = await hubWith(new MemoryTickStore(), 20);
    const got = new Promise<Tick>((r) => hub.once('tick', r));
    hub.publish([ev(1)]);
    expect((await got).items).toHaveLength(1);
    await hub.stop();
  });

  it('replays exactly the ticks after a cursor, and nothing for the head', async () => {
    const { hub, store } = await hubWith();
    for (let i = 1; i <= 5; i++) {
      hub.publish([ev(i)]);
      hub.flush();
    }
    expect(ids(await hub.since(cursorAt(store, 2)))).toEqual(['g3', 'g4', 'g5']);
    expect(await hub.since(hub.cursor())).toEqual([]);
    expect(hub.after(cursorAt(store, 3), cursorAt(store, 2))).toBe(true);
    expect(hub.after(cursorAt(store, 2), cursorAt(store, 2))).toBe(false);
    await hub.stop();
  });

  it('asks for a resync outside the window, from another boot, or for garbage', async () => {
    const { hub, store } = await hubWith(new MemoryTickStore(60_000, 3));
    for (let i = 1; i <= 10; i++) {
      hub.publish([ev(i)]);
      hub.flush();
    }
    expect(await hub.since(cursorAt(store, 1))).toEqual({ resync: 'cursor older than the replay window' });
    expect(ids(await hub.since(cursorAt(store, 8)))).toEqual(['g9', 'g10']);
    expect(await hub.since('deadbeef.3')).toEqual({ resync: store.bootId === 'deadbeef' ? expect.anything() : 'cursor from another server run' });
    expect(await hub.since('nonsense')).toEqual({ resync: 'malformed cursor' });
    expect(await hub.since(cursorAt(store, 99))).toEqual({ resync: 'cursor ahead of server' });
    await hub.stop();
  });

  it('drops ticks older than the time window', async () => {
    const { hub, store } = await hubWith(new MemoryTickStore(30));
    hub.publish([ev(1)]);
    hub.flush();
    await new Promise((r) => setTimeout(r, 50));
    hub.publish([ev(2)]);
    hub.flush();
    expect(await hub.since(cursorAt(store, 0))).toEqual({ resync: 'cursor older than the replay window' });
    expect(ids(await hub.since(cursorAt(store, 1)))).toEqual(['g2']);
    await hub.stop();
  });

  it('filters by stream and district', () => {
    const f = makeFilter({ streams: ['gps'], districts: ['astana-nura'] });
    const items = [ev(1, 'astana-nura'), ev(2, 'astana-yesil'), { ...ev(3, 'astana-nura'), stream: 'appeals' } as LiveEvent];
    expect(select(f, items).map((e) => e.id)).toEqual(['g1']);
    expect(makeFilter({ streams: ['gps', 'appeals'] }).key).toBe(makeFilter({ streams: ['appeals', 'gps', 'gps'] }).key);
  });

  it('bounds a replay: more events than asked for is a resync, not a huge answer', async () => {
    const { hub, store } = await hubWith();
    for (let i = 0; i < 10; i++) {
      hub.publish(Array.from({ length: 100 }, (_, j) => ev(i * 100 + j)));
      hub.flush();
    }
    expect(await hub.since(cursorAt(store, 0), 999)).toEqual({ resync: 'too many events to replay; reload the snapshot' });
    const ok = await hub.since(cursorAt(store, 0), 1000);
    expect(Array.isArray(ok) && ok.flatMap((t) => t.items)).toHaveLength(1000);
    expect(await hub.since(cursorAt(store, 5), 500)).toHaveLength(5);
    await hub.stop();
  });

  it('lets other work run while it parses a long replay', async () => {
    const { hub, store } = await hubWith();
    for (let i = 0; i < 20; i++) {
      hub.publish(Array.from({ length: 1000 }, (_, j) => ev(i * 1000 + j)));
      hub.flush();
    }
    let ran = 0;
    const timer = setInterval(() => ran++, 0);
    const r = hub.since(cursorAt(store, 0));
    const beforeDone = await r.then(() => ran);
    clearInterval(timer);
    expect((await r) as Tick[]).toHaveLength(20);
    expect(beforeDone).toBeGreaterThan(0);
    await hub.stop();
  });
});
