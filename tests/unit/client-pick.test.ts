// Clicking the map: which point is under the pointer, and what its popup says (escaped, no citizen data).
import { describe, expect, it } from 'vitest';
import { LiveData } from '../../client/src/live/data';
import { mercX, mercY } from '../../client/src/live/geo';
import { pick, worldPerPixel } from '../../client/src/wall/map/pick';
import { popupHtml, type PopupText } from '../../client/src/wall/map/popup';
import type { LiveEvent } from '../../ingest/schema';

const ts = new Date().toISOString();
const gps = (id: string, vehicleId: string, lat: number, lon: number) => ({ stream: 'gps', id, ts, vehicleId, lat, lon, speed: 31.6, heading: 0, kind: 'snowplow', district: 'astana-yesil' }) as LiveEvent;
const appeal = (id: string, lat: number, lon: number, extra: object = {}) =>
  ({ stream: 'appeals', id, ts, channel: 'phone_109', category: 'roads.repair', sphere: 'roads', district: 'astana-yesil', lat, lon, ...extra }) as LiveEvent;
const incident = (id: string, lat: number, lon: number) =>
  ({ stream: 'incidents', id, ts, source: 'cctv', cameraId: 'cam-7', type: 'open_manhole', confidence: 0.874, lat, lon, district: 'astana-yesil' }) as LiveEvent;
const all = { vehicles: true, appeals: true, incidents: true };
const at = (lat: number, lon: number) => [mercX(lon), mercY(lat)] as const;

describe('picking a point on the map', () => {
  const d = new LiveData();
  d.apply([appeal('a1', 51.1, 71.4), appeal('a2', 51.1003, 71.4), incident('i1', 51.12, 71.45), gps('g1', 'veh-1', 51.13, 71.5), appeal('a3', 51.13, 71.5)]);
  const r = 8 * worldPerPixel(14); // 8 px at zoom 14 (~48 m on the ground at this latitude)

  it('finds the nearest point within the radius, and nothing beyond it', () => {
    expect(pick(d.points, all, ...at(51.10001, 71.40001), r)?.point.e.id).toBe('a1');
    expect(pick(d.points, all, ...at(51.10028, 71.4), r)?.point.e.id).toBe('a2');
    expect(pick(d.points, all, ...at(51.101, 71.4), r)).toBeNull(); // ~78 m from a2
    expect(pick(d.points, all, ...at(51.12, 71.45), r)).toMatchObject({ kind: 'incident' });
  });

  it('takes the point drawn on top (a vehicle over an appeal), and only layers that are shown', () => {
    expect(pick(d.points, all, ...at(51.13, 71.5), r)).toMatchObject({ kind: 'vehicle' });
    expect(pick(d.points, { ...all, vehicles: false }, ...at(51.13, 71.5), r)?.point.e.id).toBe('a3');
    expect(pick(d.points, { vehicles: false, appeals: false, incidents: false }, ...at(51.13, 71.5), r)).toBeNull();
  });

  it('the radius follows the zoom: one pixel is half as much world at each zoom step', () => {
    expect(worldPerPixel(13) / worldPerPixel(14)).toBe(2);
    expect(pick(d.points, all, ...at(51.1006, 71.4), 8 * worldPerPixel(11))?.point.e.id).toBe('a2');
    expect(pick(d.points, all, ...at(51.1006, 71.4), 8 * worldPerPixel(16))).toBeNull();
  });
});

describe('the popup of a picked point', () => {
  const words: Record<string, string> = { 'popup.vehicle': 'Vehicle', 'kinds.snowplow': 'snow', 'incident.open_manhole': 'open manhole', 'status.assigned': 'with executor', 'sla.overdue': 'overdue', 'popup.open': 'Open card', 'popup.due': 'due', 'popup.camera': 'Camera', 'popup.registering': 'being registered' };
  const text = (cards: boolean): PopupText => ({
    t: (k, p) => (k === 'popup.speed' ? `${p!.n} km/h` : k === 'popup.confidence' ? `${p!.n} %` : k === 'popup.seen' ? `at ${p!.time}` : (words[k] ?? k)),
    category: (id) => `cat:${id}`,
    time: () => '12:00',
    dateTime: () => 'Mon 7 December, 18:00',
    cards,
  });
  const d = new LiveData();
  d.apply([
    gps('g1', 'veh-<b>', 51.13, 71.5),
    incident('i1', 51.12, 71.45),
    appeal('a1', 51.1, 71.4, { number: 'AST-2026-0000042', status: 'assigned', sla: 'overdue', dueAt: ts, executor: 'akimat-yesil', address: 'Kenesary <script>' }),
    appeal('a2', 51.2, 71.4),
  ]);

  it('a vehicle: its crew kind and short label (escaped), rounded speed, time; never the raw id', () => {
    const h = popupHtml({ kind: 'vehicle', point: d.points.vehicles.get('veh-<b>')! }, { ...text(true), vehicle: (id, kind) => `${kind} · ${id.toUpperCase()}` });
    expect(h).toContain('snowplow · VEH-&#60;B&#62;');
    expect(h).not.toContain('<b>veh-<b>');
    expect(h).toContain('32 km/h');
    const bare = popupHtml({ kind: 'vehicle', point: d.points.vehicles.get('veh-<b>')! }, text(true));
    expect(bare).toContain('<b>snow</b>');
    expect(bare).not.toMatch(/veh-/);
  });

  it('an incident: type, camera and confidence in per cent', () => {
    const h = popupHtml({ kind: 'incident', point: d.points.incidents.get('i1')! }, text(true));
    expect(h).toContain('open manhole');
    expect(h).toContain('Camera cam-7');
    expect(h).toContain('87 %');
  });

  it('an appeal: number, category, status with SLA, executor; the card link only for those who may open cards', () => {
    const p = d.points.appeals.get('a1')!;
    const h = popupHtml({ kind: 'appeal', point: p }, text(true));
    for (const s of ['AST-2026-0000042', 'cat:roads.repair', 'with executor', 'overdue', 'Kenesary &#60;script&#62;', 'href="/appeals/a1"', 'due Mon 7 December, 18:00']) expect(h).toContain(s);
    // without organisation names (a wall screen) no executor line, never its id
    expect(h).not.toContain('akimat-yesil');
    expect(h).not.toContain('pp-executor');
    expect(popupHtml({ kind: 'appeal', point: p }, text(false))).not.toContain('href=');
    // with organisation names (a session that may read appeals), the executor by name, escaped
    expect(popupHtml({ kind: 'appeal', point: p }, { ...text(true), org: (id) => (id === 'akimat-yesil' ? 'Akimat <Yesil>' : undefined) })).toContain('Akimat &#60;Yesil&#62;');
    // not registered yet: says so, and offers no card
    const h2 = popupHtml({ kind: 'appeal', point: d.points.appeals.get('a2')! }, text(true));
    expect(h2).toContain('being registered');
    expect(h2).not.toContain('href=');
  });

  it('an appeal on a wall screen: its street only, never the house or flat (the room reads it)', () => {
    const w = new LiveData();
    w.apply([appeal('a9', 51.1, 71.4, { number: 'AST-2026-0000043', address: 'ул. Кенесары, 40, кв. 12' })]);
    const h = popupHtml({ kind: 'appeal', point: w.points.appeals.get('a9')! }, text(false));
    expect(h).toContain('<div class="pp-address">ул. Кенесары</div>');
    expect(h).not.toMatch(/кв|40/);
  });
});
