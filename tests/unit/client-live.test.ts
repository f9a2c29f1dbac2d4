// The wall's live-stream protocol and merged picture, without a browser or a socket.
import { describe, expect, it } from 'vitest';
import { StreamProtocol, OFFLINE_AFTER_ATTEMPTS } from '../../client/src/live/protocol';
import { LiveData } from '../../client/src/live/data';
import { mercX, mercY } from '../../client/src/live/geo';
import type { LiveEvent } from '../../ingest/schema';

const ts = (ago = 0) => new Date(Date.now() - ago).toISOString();
const appeal = (id: string, extra: object = {}) =>
  ({ stream: 'appeals', id, ts: ts(), channel: 'phone_109', category: 'roads.repair', sphere: 'roads', district: 'astana-yesil', lat: 51.13, lon: 71.43, rev: 1, ...extra }) as LiveEvent;
const gps = (id: string, vehicleId: string, ago = 0) =>
  ({ stream: 'gps', id, ts: ts(ago), vehicleId, lat: 51.16, lon: 71.47, speed: 30, heading: 0, kind: 'snowplow', district: null }) as LiveEvent;

describe('live-stream protocol', () => {
  it('subscribes from the snapshot cursor, then goes live on the ack', () => {
    const p = new StreamProtocol(['gps', 'appeals']);
    expect(p.state).toBe('connecting');
    p.snapshot('c-10');
    const { gen, message } = p.subscribe();
    expect(message).toEqual({ streams: ['gps', 'appeals'], since: 'c-10' });
    expect(p.state).toBe('connecting'); // the first subscription is not a "catch-up"
    expect(p.events({ cursor: 'c-11', items: [appeal('a')], replay: true })).toHaveLength(1);
    expect(p.ack(gen, { cursor: 'c-12', replayed: 1 })).toBe(true);
    expect(p.state).toBe('live');
    expect(p.cursor).toBe('c-12');
    // an empty batch is a heartbeat: it only moves the cursor
    expect(p.events({ cursor: 'c-13', items: [] })).toEqual([]);
    expect(p.cursor).toBe('c-13');
  });

  it('resumes after a disconnect from the last cursor, replaying, and ignores a stale ack', () => {
    const p = new StreamProtocol(['gps'], ['astana-yesil']);
    p.snapshot('c-1');
    const first = p.subscribe();
    p.ack(first.gen, { cursor: 'c-2', replayed: 0 });
    p.events({ cursor: 'c-5', items: [] });
    p.disconnected();
    expect(p.state).toBe('reconnecting');
    expect(p.ack(first.gen, { cursor: 'c-3', replayed: 0 })).toBe(false); // late ack of the dead subscription
    expect(p.cursor).toBe('c-5');
    const again = p.subscribe();
    expect(again.message).toEqual({ streams: ['gps'], districts: ['astana-yesil'], since: 'c-5' });
    expect(p.state).toBe('replaying');
    p.ack(again.gen, { cursor: 'c-9', replayed: 4 });
    expect(p.state).toBe('live');
  });

  it('on resync drops batches until a new snapshot, subscribes from it, and without `since` after a second resync', () => {
    const p = new StreamProtocol(['appeals']);
    p.snapshot('old-run:7');
    const s1 = p.subscribe();
    p.resync();
    expect(p.state).toBe('resyncing');
    expect(p.ack(s1.gen, { cursor: 'new:100', replayed: 0 })).toBe(false); // the ack that follows a resync is void
    expect(p.events({ cursor: 'new:101', items: [appeal('x')] })).toEqual([]);
    p.snapshot('new:100');
    const s2 = p.subscribe();
    expect(s2.message.since).toBe('new:100');
    p.resync(); // the fresh snapshot's cursor cannot be resumed either
    p.snapshot('new:120');
    const s3 = p.subscribe();
    expect(s3.message.since).toBeUndefined();
    expect(p.ack(s3.gen, { cursor: 'new:121', replayed: 0 })).toBe(true);
    expect(p.state).toBe('live');
    // after going live, resyncs count from zero again
    p.resync();
    p.snapshot('new:130');
    expect(p.subscribe().message.since).toBe('new:130');
  });

  it('says offline after repeated connect failures or a refused subscription, and reconnecting before', () => {
    const p = new StreamProtocol(['gps']);
    for (let i = 1; i < OFFLINE_AFTER_ATTEMPTS; i++) {
      p.connectFailed();
      expect(p.state).toBe('reconnecting');
    }
    p.connectFailed();
    expect(p.state).toBe('offline');
    p.connected();
    const s = p.subscribe();
    p.ack(s.gen, { error: 'forbidden: role x lacks live:read' });
    expect(p.state).toBe('offline');
    expect(p.error).toMatch(/forbidden/);
    p.connectFailed(false);
    expect(p.state).toBe('offline');
  });
});

describe('live picture', () => {
  it('dedupes by stream + id across snapshot and stream, keeps the newest state and projects points once', () => {
    const d = new LiveData();
    const now = Date.now();
    expect(d.apply([appeal('a1'), gps('g1', 'v1')], now - 60_000)).toBe(2);
    expect(d.apply([appeal('a1'), gps('g1', 'v1'), gps('g0', 'v1', 5000)], now)).toBe(0);
    expect(d.points.appeals.get('a1')!.arrived).toBe(now - 60_000); // a snapshot's point does not pulse
    expect(d.apply([appeal('a1', { rev: 2, sla: 'overdue' })])).toBe(1);
    expect(d.points.appeals.get('a1')!.e.sla).toBe('overdue');
    expect(d.points.appeals.get('a1')!.arrived).toBe(now - 60_000); // a new state is not a new point
    const p = d.points.appeals.get('a1')!;
    expect(p.x).toBeCloseTo(mercX(71.43));
    expect(p.y).toBeCloseTo(mercY(51.13));
    expect(Number.isFinite(p.t)).toBe(true);
    // a vehicle is one point, at its latest fix
    expect(d.apply([gps('g2', 'v1')])).toBe(1);
    expect(d.points.vehicles.size).toBe(1);
    expect(d.has('g2')).toBe(true);
    expect(d.has('g1')).toBe(false);
    expect(d.has('a1')).toBe(true);
    expect(d.has('nope')).toBe(false);
    // an appeal without coordinates is counted but not drawn
    d.apply([appeal('a2', { lat: undefined, lon: undefined })]);
    expect(d.appeals.has('a2')).toBe(true);
    expect(d.points.appeals.has('a2')).toBe(false);
  });

  it('prunes points older than an hour and vehicles silent for 30 minutes', () => {
    const d = new LiveData();
    d.apply([appeal('old', { ts: ts(61 * 60_000) }), appeal('new'), gps('g', 'v', 31 * 60_000), gps('h', 'w')]);
    d.prune();
    expect([...d.appeals.keys()]).toEqual(['new']);
    expect([...d.points.appeals.keys()]).toEqual(['new']);
    expect([...d.points.vehicles.keys()]).toEqual(['w']);
    expect(d.has('g')).toBe(false);
  });

  it('projects like Leaflet (EPSG:3857)', () => {
    expect(mercX(0)).toBe(0.5);
    expect(mercY(0)).toBeCloseTo(0.5);
    expect(mercX(180)).toBe(1);
    expect(mercY(85.0511287798)).toBeCloseTo(0, 6);
  });
});

describe('the live-only crews stream on the wall', () => {
  it('is skipped by the merged picture: nothing changes, nothing is drawn', () => {
    const d = new LiveData();
    expect(d.apply([gps('g-1', 'snowplow-0001')])).toBe(1);
    const crew: LiveEvent = { stream: 'crews', id: '7', ts: ts(), change: 'updated', name: 'Снег-7', type: 'snow', organisation: 'astana-tazalyk', district: 'astana-yesil', deviceId: 'snowplow-0001', state: 'en_route', prevState: 'available' };
    expect(d.apply([crew])).toBe(0);
    expect(d.has('7')).toBe(false);
    expect(d.apply([gps('g-2', 'snowplow-0001')])).toBe(1);
  });
});

describe('the live-only cases stream on the wall', () => {
  it('is skipped by the merged picture: the map draws detections from `incidents`', () => {
    const d = new LiveData();
    const kase: LiveEvent = { stream: 'cases', id: '12', ts: ts(), change: 'merged', cameraId: 'cam-17', type: 'open_manhole', district: 'astana-yesil', lat: 51.13, lon: 71.43, state: 'new', count: 3, firstSeen: ts(), lastSeen: ts() };
    expect(d.apply([kase])).toBe(0);
    expect(d.has('12')).toBe(false);
  });
});
