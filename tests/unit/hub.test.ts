import { describe, expect, it } from 'vitest';
import { LiveHub } from '../../server/live/hub';
import { makeFilter, select } from '../../server/live/filter';
import type { LiveEvent } from '../../ingest/schema';

const ev = (i: number, district = 'astana-yesil'): LiveEvent =>
  ({ stream: 'gps', id: `g${i}`, ts: new Date().toISOString(), vehicleId: 'v', lat: 51, lon: 71, speed: 1, heading: 0, district }) as LiveEvent;

describe('live hub', () => {
  it('coalesces published events into numbered ticks', () => {
    const hub = new LiveHub({ tickMs: 1000 });
    const ticks: number[] = [];
    hub.on('tick', (t) => ticks.push(t.items.length));
    hub.publish([ev(1), ev(2)]);
    hub.publish([ev(3)]);
    hub.flush();
    hub.flush(); // nothing buffered: no empty tick
    expect(ticks).toEqual([3]);
    expect(hub.cursor()).toMatch(new RegExp(`^${hub.bootId}\\.1$`));
    hub.stop();
  });

  it('replays exactly the ticks after a cursor, and nothing for the head', () => {
    const hub = new LiveHub();
    for (let i = 1; i <= 5; i++) {
      hub.publish([ev(i)]);
      hub.flush();
    }
    const after2 = hub.since(hub.cursor(2));
    expect(Array.isArray(after2) && after2.map((t) => t.items[0].id)).toEqual(['g3', 'g4', 'g5']);
    expect(hub.since(hub.cursor())).toEqual([]);
    hub.stop();
  });

  it('asks for a resync outside the window, from another boot, or for garbage', () => {
    const hub = new LiveHub({ maxEvents: 3 });
    for (let i = 1; i <= 10; i++) {
      hub.publish([ev(i)]);
      hub.flush();
    }
    expect(hub.since(hub.cursor(1))).toEqual({ resync: 'cursor older than the replay window' });
    expect(Array.isArray(hub.since(hub.cursor(8)))).toBe(true);
    expect(hub.since('deadbeef.3')).toMatchObject({ resync: expect.stringMatching(/another server run|window/) });
    expect(hub.since('nonsense')).toEqual({ resync: 'malformed cursor' });
    expect(hub.since(hub.cursor(99))).toEqual({ resync: 'cursor ahead of server' });
    hub.stop();
  });

  it('drops ticks older than the time window', async () => {
    const hub = new LiveHub({ windowMs: 30 });
    hub.publish([ev(1)]);
    hub.flush();
    await new Promise((r) => setTimeout(r, 50));
    hub.publish([ev(2)]);
    hub.flush();
    expect(hub.since(hub.cursor(0))).toEqual({ resync: 'cursor older than the replay window' });
    expect(hub.since(hub.cursor(1))).toHaveLength(1);
    hub.stop();
  });

  it('filters by stream and district', () => {
    const f = makeFilter({ streams: ['gps'], districts: ['astana-nura'] });
    const items = [ev(1, 'astana-nura'), ev(2, 'astana-yesil'), { ...ev(3, 'astana-nura'), stream: 'appeals' } as LiveEvent];
    expect(select(f, items).map((e) => e.id)).toEqual(['g1']);
    expect(makeFilter({ streams: ['gps', 'appeals'] }).key).toBe(makeFilter({ streams: ['appeals', 'gps', 'gps'] }).key);
  });
});
