// Issue 13, item 5 and the export half of item 6, against the real services: camera detections published over
// MQTT are stored by ingest and merged by the `incidents` stream's consumer into cases (one camera, one type, within
// INCIDENT_MERGE_MIN minutes), cameras appear on their first detection, a case goes new → assigned → fixed →
// verified (by the camera no longer seeing it, or by hand with a photo) with its history, audit rows, live `cases`
// events and time-to-fix; a district dispatcher sees and changes only its district's cases; and a case exports as
// CAP 1.2 that the import reads back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io as connect, type Socket } from 'socket.io-client';
import { pgCentre, type TestCentre } from '../helpers/centre';
import { incident, MOSQUITTO_URL, publishAll, uid, waitFor } from '../helpers/services';
import { parseCap, CAP_NS } from '../../server/operations/cap';
import type { EventsPayload, IncidentCaseEvent, IncidentCaseView, IncidentEvent, LiveEvent, SubscribeAck } from '../../ingest/schema';

const YESIL = 'astana-yesil';
const SARYARKA = 'astana-saryarka';
// points inside each district (the map's polygons): the stored detection's district comes from them
const IN_YESIL = { lat: 51.128, lon: 71.43 };
const IN_SARYARKA = { lat: 51.19, lon: 71.4 };
const MIN = 60_000;

describe('camera incidents as cases', () => {
  let c: TestCentre;
  let dispatcher: string; // Yesil only
  let socket: Socket;
  const seen: LiveEvent[] = [];
  // three hours ago: the detections' times are set relative to it
  const base = Date.now() - 3 * 60 * MIN;
  const at = (ms: number) => new Date(ms).toISOString();

  beforeAll(async () => {
    c = await pgCentre({ INCIDENT_MERGE_MIN: 30 });
    await waitFor(() => c.subscriber.connected);
    dispatcher = await c.tokenAs({ username: 'disp-yesil-inc', role: 'dispatcher', districts: [YESIL] });
    socket = connect(c.url, { transports: ['websocket'], reconnection: false, auth: { token: c.token } });
    socket.on('events', (p: EventsPayload) => seen.push(...p.items));
    const ack = await new Promise<SubscribeAck>((r) => socket.emit('subscribe', { streams: ['cases', 'incidents'] }, r));
    expect(ack).toMatchObject({ cursor: expect.any(String) });
  });
  afterAll(async () => {
    socket?.close();
    await c?.cleanup();
  });

  const detect = async (cameraId: string, times: number[], extra: Record<string, unknown> = {}) => {
    const ids = times.map(() => uid('det'));
    await publishAll(
      MOSQUITTO_URL,
      times.map((t, i) => ({ topic: `${c.prefix}incidents/cctv`, payload: JSON.stringify(incident(ids[i], { cameraId, ts: at(t), ...IN_YESIL, ...extra })) })),
    );
    return ids;
  };
  const cases = async (camera: string, token?: string): Promise<IncidentCaseView[]> => (await c.get(`/api/incidents?camera=${encodeURIComponent(camera)}`, token)).items;
  /** the camera's cases once `n` detections are merged into them, oldest first */
  const settled = async (camera: string, n: number): Promise<IncidentCaseView[]> =>
    (await waitFor(async () => {
      await c.incidents.settled();
      const items = await cases(camera);
      return items.reduce((s, x) => s + x.count, 0) === n ? items.sort((a, b) => Number(a.id) - Number(b.id)) : undefined;
    }))!;
  const caseEvents = (id: string) => seen.filter((e): e is IncidentCaseEvent => e.stream === 'cases' && e.id === id);

  let manhole: IncidentCaseView; // camera A's open manhole: 5 detections, Yesil

  it('N detections of one type by one camera within the window: one case with count N; another type: its own case', async () => {
    const cam = uid('camA');
    const ids = await detect(cam, [0, 1, 2, 3, 4].map((k) => base + k * MIN));
    await detect(cam, [base + 2 * MIN], { type: 'overflowing_bin' });
    const items = await settled(cam, 6);
    expect(items).toHaveLength(2);
    const [a, b] = items;
    expect(a).toMatchObject({ cameraId: cam, type: 'open_manhole', count: 5, district: YESIL, state: 'new', firstSeen: at(base), lastSeen: at(base + 4 * MIN), timeToFixSec: null });
    expect(b).toMatchObject({ cameraId: cam, type: 'overflowing_bin', count: 1, state: 'new' });
    manhole = a;

    // the detections still reach the live picture as dots, and the case opened then grew on the `cases` stream
    await waitFor(() => ids.every((id) => seen.some((e) => e.stream === 'incidents' && (e as IncidentEvent).id === id)));
    const ev = (await waitFor(() => (caseEvents(a.id).length === 5 ? caseEvents(a.id) : undefined)))!;
    expect(ev.map((e) => [e.change, e.count])).toEqual([['opened', 1], ['merged', 2], ['merged', 3], ['merged', 4], ['merged', 5]]);

    // the case's detections come from the stored stream, newest first
    const one = await c.get(`/api/incidents/${a.id}`);
    expect(one.http).toBe(200);
    expect(one.detections.map((d: { id: string }) => d.id)).toEqual([...ids].reverse());
    expect(one.history).toEqual([{ at: expect.any(String), from_state: null, to_state: 'new', actor: 'camera', comment: expect.stringMatching(/^detection /) }]);

    // the camera appeared on its first detection
    const cams = (await c.get(`/api/cameras?district=${YESIL}`)).items as { id: string }[];
    expect(cams.find((k) => k.id === cam)).toMatchObject({ id: cam, district: YESIL, kind: 'cctv', lat: IN_YESIL.lat, lon: IN_YESIL.lon, firstSeen: at(base), lastSeen: at(base + 4 * MIN) });
  });

  it('the window boundary: a detection exactly INCIDENT_MERGE_MIN after the last merges, one a second later opens a new case', async () => {
    const cam = uid('camB');
    await detect(cam, [base, base + 30 * MIN, base + 60 * MIN + 1000]);
    const items = await settled(cam, 3);
    expect(items.map((x) => [x.count, x.firstSeen, x.lastSeen])).toEqual([
      [2, at(base), at(base + 30 * MIN)],
      [1, at(base + 60 * MIN + 1000), at(base + 60 * MIN + 1000)],
    ]);
  });

  it('lifecycle new → assigned → fixed with history, audit, live events and time-to-fix; wrong moves are refused', async () => {
    const id = manhole.id;
    const bad = await c.send('POST', `/api/incidents/${id}/state`, { state: 'verified', photoUrl: 'https://photos.example/x.jpg' }, dispatcher);
    expect(bad).toMatchObject({ http: 409, field: 'state' });
    const unknown = await c.send('POST', `/api/incidents/${id}/state`, { state: 'closed' }, dispatcher);
    expect(unknown).toMatchObject({ http: 400 });

    const r1 = await c.send('POST', `/api/incidents/${id}/state`, { state: 'assigned', comment: 'crew 7 sent' }, dispatcher);
    expect(r1.http).toBe(200);
    expect(r1.incident).toMatchObject({ id, state: 'assigned', assignedAt: expect.any(String), fixedAt: null, timeToFixSec: null });
    const r2 = await c.send('PATCH', `/api/incidents/${id}/state`, { state: 'fixed', comment: 'lid replaced' }, dispatcher);
    expect(r2.http).toBe(200);
    const fixed = r2.incident as IncidentCaseView;
    expect(fixed.state).toBe('fixed');
    expect(fixed.timeToFixSec).toBe(Math.round((Date.parse(fixed.fixedAt!) - base) / 1000));
    expect(fixed.timeToFixSec!).toBeGreaterThan(3 * 3600 - 60);

    const again = await c.send('PATCH', `/api/incidents/${id}/state`, { state: 'fixed' }, dispatcher);
    expect(again).toMatchObject({ http: 409, field: 'state' });
    const noPhoto = await c.send('PATCH', `/api/incidents/${id}/state`, { state: 'verified' }, dispatcher);
    expect(noPhoto).toMatchObject({ http: 400, field: 'photoUrl' });

    const one = await c.get(`/api/incidents/${id}`);
    expect(one.history.map((h: { from_state: string | null; to_state: string; actor: string; comment: string | null }) => [h.from_state, h.to_state, h.actor, h.comment])).toEqual([
      ['assigned', 'fixed', 'disp-yesil-inc', 'lid replaced'],
      ['new', 'assigned', 'disp-yesil-inc', 'crew 7 sent'],
      [null, 'new', 'camera', expect.stringMatching(/^detection /)],
    ]);
    const audit = await c.get(`/api/audit?action=incident.state&target=incident:${id}`);
    expect(audit.items.map((a: { actor: string; details: { from: string; to: string } }) => [a.actor, a.details.from, a.details.to])).toEqual([
      ['disp-yesil-inc', 'assigned', 'fixed'],
      ['disp-yesil-inc', 'new', 'assigned'],
    ]);
    const ev = (await waitFor(() => {
      const s = caseEvents(id).filter((e) => e.change === 'state');
      return s.length === 2 ? s : undefined;
    }))!;
    expect(ev.map((e) => [e.prevState, e.state])).toEqual([['new', 'assigned'], ['assigned', 'fixed']]);
  });

  it('verified by the camera once it has not seen the problem for the window after the fix', async () => {
    const id = manhole.id;
    const fixedAt = Date.parse((await c.get(`/api/incidents/${id}`)).incident.fixedAt);
    // within the window after the fix: not yet
    expect((await c.incidents.verifySweep(new Date(fixedAt + 29 * MIN))).map((r) => r.id)).not.toContain(id);
    expect((await c.get(`/api/incidents/${id}`)).incident.state).toBe('fixed');
    const done = await c.incidents.verifySweep(new Date(fixedAt + 30 * MIN + 1000));
    expect(done.map((r) => r.id)).toContain(id);
    const one = await c.get(`/api/incidents/${id}`);
    expect(one.incident).toMatchObject({ state: 'verified', verifiedBy: 'camera', fixedAt: at(fixedAt) });
    expect(one.history[0]).toMatchObject({ from_state: 'fixed', to_state: 'verified', actor: 'camera' });
    const audit = await c.get(`/api/audit?action=incident.verify&target=incident:${id}`);
    expect(audit.items).toHaveLength(1);
    await waitFor(() => caseEvents(id).find((e) => e.change === 'state' && e.state === 'verified'));
    // a verified case is done: no move out of it
    expect(await c.send('POST', `/api/incidents/${id}/state`, { state: 'assigned' }, dispatcher)).toMatchObject({ http: 409 });
  });

  it('seen again after the fix: reopened (assigned); verified by hand only with a photo', async () => {
    const cam = uid('camC');
    const now = Date.now();
    await detect(cam, [now - 5 * MIN], { type: 'flooding' });
    const [k] = await settled(cam, 1);
    expect((await c.send('POST', `/api/incidents/${k.id}/state`, { state: 'assigned' }, dispatcher)).http).toBe(200);
    expect((await c.send('POST', `/api/incidents/${k.id}/state`, { state: 'fixed' }, dispatcher)).http).toBe(200);
    await detect(cam, [Date.now() + 1000], { type: 'flooding' });
    const [reopened] = await settled(cam, 2);
    expect(reopened).toMatchObject({ id: k.id, count: 2, state: 'assigned', fixedAt: null });
    expect((await c.get(`/api/incidents/${k.id}`)).history[0]).toMatchObject({ from_state: 'fixed', to_state: 'assigned', actor: 'camera' });

    expect((await c.send('POST', `/api/incidents/${k.id}/state`, { state: 'fixed' }, dispatcher)).http).toBe(200);
    const v = await c.send('POST', `/api/incidents/${k.id}/state`, { state: 'verified', photoUrl: 'https://photos.example/fixed.jpg', comment: 'dry' }, dispatcher);
    expect(v.http).toBe(200);
    expect(v.incident).toMatchObject({ state: 'verified', verifiedBy: 'photo', photoUrl: 'https://photos.example/fixed.jpg' });
  });

  it('a Yesil dispatcher sees and changes only Yesil cases and cameras', async () => {
    const cam = uid('camS');
    await detect(cam, [base], IN_SARYARKA);
    const [s] = await settled(cam, 1);
    expect(s.district).toBe(SARYARKA);

    expect(await cases(cam, dispatcher)).toEqual([]);
    const mine = await c.get('/api/incidents?limit=500', dispatcher);
    expect(mine.http).toBe(200);
    expect(mine.items.length).toBeGreaterThan(0);
    expect(mine.items.filter((x: IncidentCaseView) => x.district !== YESIL)).toEqual([]);
    expect(mine.items.map((x: IncidentCaseView) => x.id)).toContain(manhole.id);
    expect(await c.get(`/api/incidents?district=${SARYARKA}`, dispatcher)).toMatchObject({ http: 403, field: 'district' });
    expect((await c.get(`/api/incidents/${s.id}`, dispatcher)).http).toBe(404);
    expect((await c.send('POST', `/api/incidents/${s.id}/state`, { state: 'assigned' }, dispatcher)).http).toBe(404);
    expect((await c.get(`/api/incidents/${s.id}`)).incident.state).toBe('new');
    const cams = (await c.get('/api/cameras', dispatcher)).items as { id: string; district: string }[];
    expect(cams.length).toBeGreaterThan(0);
    expect(cams.filter((k) => k.district !== YESIL)).toEqual([]);
    expect((await c.get('/api/cameras')).items.map((k: { id: string }) => k.id)).toContain(cam);

    // the admin pages through every case with the cursor
    const p1 = await c.get('/api/incidents?limit=2');
    expect(p1.items).toHaveLength(2);
    expect(p1.next).toBe(p1.items[1].id);
    const p2 = await c.get(`/api/incidents?limit=2&cursor=${p1.next}`);
    expect(Number(p2.items[0].id)).toBeLessThan(Number(p1.items[1].id));
  });

  it('GET /api/incidents/:id/cap: CAP 1.2 that the import reads back with every required element', async () => {
    const res = await fetch(`${c.url}/api/incidents/${manhole.id}/cap`, { headers: { authorization: `Bearer ${c.token}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/cap\+xml/);
    const xml = await res.text();
    expect(xml).toContain(`xmlns="${CAP_NS}"`);
    const parsed = parseCap(xml);
    if (!parsed.ok) throw new Error(`${parsed.field}: ${parsed.message}`);
    const a = parsed.alert;
    expect(a.identifier).toMatch(new RegExp(`-incident-${manhole.id}$`));
    expect(a).toMatchObject({ sender: expect.any(String), status: 'Actual', msgType: 'Alert', scope: 'Public' });
    expect(Date.parse(a.sent)).toBeGreaterThan(Date.now() - MIN);
    expect(a.infos).toHaveLength(1);
    const info = a.infos[0];
    // a verified case (by the camera, above): past, all clear
    expect(info).toMatchObject({ event: 'open manhole', categories: ['Safety'], urgency: 'Past', severity: 'Moderate', certainty: 'Observed', responseTypes: ['AllClear'] });
    expect(Object.fromEntries(info.parameters.map((p) => [p.valueName, p.value]))).toMatchObject({ incidentType: 'open_manhole', incidentState: 'verified', detections: '5' });
    expect(info.areas).toHaveLength(1);
    expect(info.areas[0].circles).toEqual([{ center: [IN_YESIL.lon, IN_YESIL.lat], radiusKm: 0.1 }]);
    expect(info.areas[0].geocodes).toEqual([{ valueName: 'district', value: YESIL }]);

    const outside = await fetch(`${c.url}/api/incidents/99999999/cap`, { headers: { authorization: `Bearer ${c.token}` } });
    expect(outside.status).toBe(404);
  });

  it('the OpenAPI document lists the endpoints', async () => {
    const doc = await c.get('/api/openapi.json', '');
    expect(doc.http).toBe(200);
    expect(Object.keys(doc.paths['/api/incidents'])).toEqual(['get']);
    expect(Object.keys(doc.paths['/api/incidents/{id}'])).toEqual(['get']);
    expect(Object.keys(doc.paths['/api/incidents/{id}/state']).sort()).toEqual(['patch', 'post']);
    expect(doc.paths['/api/incidents/{id}/state'].post.requestBody.content['application/json'].schema.properties.state.enum).toEqual(['new', 'assigned', 'fixed', 'verified']);
    expect(Object.keys(doc.paths['/api/incidents/{id}/cap'].get.responses[200].content)).toEqual(['application/cap+xml']);
    expect(Object.keys(doc.paths['/api/cameras'])).toEqual(['get']);
  });
});
