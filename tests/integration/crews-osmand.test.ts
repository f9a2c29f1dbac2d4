// Issue 13, items 1 and 2, against the real services: the crews registry (`/api/crews`) as a district-scoped
// dispatcher (its district only) and as admin, each change on the live `crews` stream and in the state history;
// and GPS from stock devices: OsmAnd / Traccar-client requests (GET, POST with the query, form POST, JSON) from a
// registered device reach the `gps` table and a real socket client, an unknown device gets 403 and is counted,
// a malformed request gets 400 naming the field and stores nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io as connect, type Socket } from 'socket.io-client';
import { pgCentre, type TestCentre } from '../helpers/centre';
import { gpsFix, metric, MOSQUITTO_URL, publishAll, uid, waitFor } from '../helpers/services';
import type { CrewEvent, CrewView, EventsPayload, GpsEvent, LiveEvent, SubscribeAck } from '../../ingest/schema';

const YESIL = 'astana-yesil';
const SARYARKA = 'astana-saryarka';
// a point inside Yesil district (the map's polygons): the stored row's district comes from it
const AT = { lat: 51.128, lon: 71.43 };

describe('crews registry and OsmAnd positions', () => {
  let c: TestCentre;
  let dispatcher: string; // Yesil only
  let socket: Socket;
  const seen: LiveEvent[] = [];

  beforeAll(async () => {
    c = await pgCentre();
    await waitFor(() => c.subscriber.connected);
    dispatcher = await c.tokenAs({ username: 'disp-yesil', role: 'dispatcher', districts: [YESIL] });
    socket = connect(c.url, { transports: ['websocket'], reconnection: false, auth: { token: c.token } });
    socket.on('events', (p: EventsPayload) => seen.push(...p.items));
    const ack = await new Promise<SubscribeAck>((r) => socket.emit('subscribe', { streams: ['crews', 'gps'] }, r));
    expect(ack).toMatchObject({ cursor: expect.any(String) });
  });
  afterAll(async () => {
    socket?.close();
    await c?.cleanup();
  });

  const crew = (extra: Record<string, unknown> = {}) => ({ name: `Crew ${uid()}`, type: 'snow', organisation: 'astana-roads', district: YESIL, deviceId: uid('dev'), ...extra });
  const stored = async (device: string) =>
    c.db.query<{ id: string; ts: Date; lat: number; lon: number; speed: number; heading: number; kind: string | null; district: string | null }>(
      'SELECT id, ts, lat, lon, speed, heading, kind, district FROM gps WHERE vehicle_id = $1 ORDER BY ts',
      [device],
    );
  const crewEvents = (id: string) => seen.filter((e): e is CrewEvent => e.stream === 'crews' && e.id === id);

  describe('the registry', () => {
    it('a Yesil dispatcher registers a crew of Yesil: 201, audited, on the live stream, in the history', async () => {
      const body = crew({ name: 'Снег-7' });
      const r = await c.send('POST', '/api/crews', body, dispatcher);
      expect(r.http).toBe(201);
      expect(r.crew).toMatchObject({ name: 'Снег-7', type: 'snow', organisation: 'astana-roads', district: YESIL, deviceId: body.deviceId, state: 'available', position: null });
      const id = r.crew.id as string;
      expect(id).toMatch(/^\d+$/);

      const ev = await waitFor(() => crewEvents(id).find((e) => e.change === 'created'));
      expect(ev).toMatchObject({ stream: 'crews', change: 'created', state: 'available', prevState: null, district: YESIL, deviceId: body.deviceId, type: 'snow' });

      const one = await c.get(`/api/crews/${id}`, dispatcher);
      expect(one.http).toBe(200);
      expect(one.history).toEqual([{ at: expect.any(String), from_state: null, to_state: 'available', actor: 'disp-yesil', reason: 'registered' }]);

      const audit = await c.get(`/api/audit?action=crew.create&target=crew:${id}`);
      expect(audit.items).toHaveLength(1);
      expect(audit.items[0]).toMatchObject({ actor: 'disp-yesil', role: 'dispatcher' });
    });

    it('a Yesil dispatcher cannot register, see, change or remove a crew of another district (403)', async () => {
      const outside = await c.send('POST', '/api/crews', crew({ district: SARYARKA }), dispatcher);
      expect(outside).toMatchObject({ http: 403, code: 'auth.outside_territory', field: 'district' });

      const theirs = await c.send('POST', '/api/crews', crew({ district: SARYARKA }));
      expect(theirs.http).toBe(201);
      const id = theirs.crew.id as string;
      expect(await c.get(`/api/crews/${id}`, dispatcher)).toMatchObject({ http: 403, code: 'auth.outside_territory' });
      expect(await c.send('PATCH', `/api/crews/${id}`, { state: 'off_duty' }, dispatcher)).toMatchObject({ http: 403, code: 'auth.outside_territory' });
      expect(await c.send('DELETE', `/api/crews/${id}`, undefined, dispatcher)).toMatchObject({ http: 403, code: 'auth.outside_territory' });
      expect(await c.get('/api/crews?district=astana-saryarka', dispatcher)).toMatchObject({ http: 403, code: 'auth.outside_territory', field: 'district' });
      // nothing changed
      expect((await c.get(`/api/crews/${id}`)).crew.state).toBe('available');

      // the list holds only Yesil's crews for the dispatcher, every district's for the admin
      const mine = (await c.get('/api/crews', dispatcher)).items as CrewView[];
      expect(mine.length).toBeGreaterThanOrEqual(1);
      expect(mine.every((x) => x.district === YESIL)).toBe(true);
      expect(mine.some((x) => x.id === id)).toBe(false);
      const all = (await c.get('/api/crews')).items as CrewView[];
      expect(all.some((x) => x.id === id)).toBe(true);
      expect(all.length).toBeGreaterThan(mine.length);

      // nor move one of its own crews out of its territory
      const own = await c.send('POST', '/api/crews', crew(), dispatcher);
      expect(await c.send('PATCH', `/api/crews/${own.crew.id}`, { district: SARYARKA }, dispatcher)).toMatchObject({ http: 403, field: 'district' });
      expect((await c.get(`/api/crews/${own.crew.id}`)).crew.district).toBe(YESIL);
    });

    it('state changes: each on the live stream with the previous state, and in the history with who and why', async () => {
      const r = await c.send('POST', '/api/crews', crew({ type: 'heat', organisation: 'astana-teplotranzit' }), dispatcher);
      const id = r.crew.id as string;
      const p1 = await c.send('PATCH', `/api/crews/${id}`, { state: 'en_route', reason: 'to a burst pipe' }, dispatcher);
      expect(p1).toMatchObject({ http: 200, crew: { id, state: 'en_route' } });
      expect(Date.parse(p1.crew.stateSince)).toBeGreaterThanOrEqual(Date.parse(r.crew.stateSince));
      const p2 = await c.send('PATCH', `/api/crews/${id}`, { state: 'on_scene' });
      expect(p2.crew.state).toBe('on_scene');
      // a change that is not a state change leaves the history alone
      expect((await c.send('PATCH', `/api/crews/${id}`, { name: 'Тепло-3' }, dispatcher)).crew).toMatchObject({ name: 'Тепло-3', state: 'on_scene' });

      await waitFor(() => crewEvents(id).length >= 4);
      const evs = crewEvents(id);
      expect(evs.map((e) => [e.change, e.prevState, e.state])).toEqual([
        ['created', null, 'available'],
        ['updated', 'available', 'en_route'],
        ['updated', 'en_route', 'on_scene'],
        ['updated', undefined, 'on_scene'],
      ]);
      expect(evs[3].name).toBe('Тепло-3');

      const h = (await c.get(`/api/crews/${id}`)).history as { from_state: string | null; to_state: string; actor: string; reason: string | null }[];
      expect(h.map((x) => [x.from_state, x.to_state, x.actor, x.reason])).toEqual([
        ['en_route', 'on_scene', 'test-admin', null],
        ['available', 'en_route', 'disp-yesil', 'to a burst pipe'],
        [null, 'available', 'disp-yesil', 'registered'],
      ]);
    });

    it('refuses bad input naming the field, an unknown organisation, a taken device id', async () => {
      expect(await c.send('POST', '/api/crews', crew({ type: 'taxi' }))).toMatchObject({ http: 400, field: 'type', code: 'validation.invalid_value' });
      expect(await c.send('POST', '/api/crews', crew({ district: 'astana-nowhere' }))).toMatchObject({ http: 400, field: 'district' });
      expect(await c.send('POST', '/api/crews', crew({ organisation: 'no-such-org' }))).toMatchObject({ http: 400, field: 'organisation', code: 'crew.unknown_organisation' });
      expect(await c.send('POST', '/api/crews', crew({ deviceId: 'has space' }))).toMatchObject({ http: 400, field: 'deviceId' });
      expect(await c.send('POST', '/api/crews', { ...crew(), extra: 1 })).toMatchObject({ http: 400, code: 'validation.unrecognized_keys' });
      const first = await c.send('POST', '/api/crews', crew());
      const again = await c.send('POST', '/api/crews', crew({ deviceId: first.crew.deviceId }));
      expect(again).toMatchObject({ http: 409, field: 'deviceId', code: 'crew.device_taken' });
      const other = await c.send('POST', '/api/crews', crew());
      expect(await c.send('PATCH', `/api/crews/${other.crew.id}`, { deviceId: first.crew.deviceId })).toMatchObject({ http: 409, code: 'crew.device_taken' });
      expect(await c.send('PATCH', `/api/crews/${other.crew.id}`, { state: 'sleeping' })).toMatchObject({ http: 400, field: 'state' });
      expect(await c.send('PATCH', `/api/crews/${other.crew.id}`, {})).toMatchObject({ http: 400 });
      expect(await c.send('PATCH', '/api/crews/99999999', { state: 'available' })).toMatchObject({ http: 404, code: 'crew.not_found' });
      expect(await c.get('/api/crews/abc')).toMatchObject({ http: 400, field: 'id' });
    });

    it('roles: an operator reads but cannot write; a crew account and a wall screen cannot read', async () => {
      const operator = await c.tokenFor('operator');
      expect((await c.get('/api/crews', operator)).http).toBe(200);
      expect(await c.send('POST', '/api/crews', crew(), operator)).toMatchObject({ http: 403, code: 'auth.forbidden' });
      expect((await c.get('/api/crews', await c.tokenFor('crew'))).http).toBe(403);
      expect((await c.get('/api/crews', await c.tokenFor('wall_screen'))).http).toBe(403);
      expect((await c.get('/api/crews', '')).http).toBe(401);
    });

    it('is in the OpenAPI document with the request bodies the routes validate with', async () => {
      const doc = await c.get('/api/openapi.json', '');
      expect(doc.paths['/api/crews'].post.requestBody.content['application/json'].schema.properties.type.enum).toEqual(['snow', 'sanitation', 'water', 'heat', 'power', 'gas', 'road', 'emergency']);
      expect(doc.paths['/api/crews/{id}'].patch.requestBody.content['application/json'].schema.properties.state.enum).toEqual(['available', 'assigned', 'en_route', 'on_scene', 'returning', 'off_duty']);
      expect(Object.keys(doc.paths['/api/crews/{id}']).sort()).toEqual(['delete', 'get', 'patch']);
      expect(doc.paths['/osmand'].get.security).toEqual([]);
      expect(doc.paths['/osmand'].get.parameters.map((x: { name: string }) => x.name)).toEqual(expect.arrayContaining(['id', 'lat', 'lon', 'timestamp', 'speed']));
    });

    it('removal: 204, gone from the list, on the live stream; its history stays', async () => {
      const r = await c.send('POST', '/api/crews', crew(), dispatcher);
      const id = r.crew.id as string;
      expect((await c.send('DELETE', `/api/crews/${id}`, undefined, dispatcher)).http).toBe(204);
      expect((await c.get(`/api/crews/${id}`)).http).toBe(404);
      expect(((await c.get('/api/crews')).items as CrewView[]).some((x) => x.id === id)).toBe(false);
      expect(await waitFor(() => crewEvents(id).find((e) => e.change === 'deleted'))).toBeTruthy();
      const [h] = await c.db.query<{ n: number }>('SELECT count(*)::int AS n FROM crew_state_history WHERE crew_id = $1', [id]);
      expect(h.n).toBe(1);
    });
  });

  describe('OsmAnd / Traccar client', () => {
    let device: string;
    let crewId: string;
    beforeAll(async () => {
      const r = await c.send('POST', '/api/crews', crew({ type: 'sanitation', organisation: 'astana-tazalyk' }), dispatcher);
      device = r.crew.deviceId;
      crewId = r.crew.id;
    });

    const osmand = (method: 'GET' | 'POST', pathAndQuery: string, body?: string, contentType?: string) =>
      fetch(c.url + pathAndQuery, { method, body, headers: contentType ? { 'content-type': contentType } : {} });
    const gpsEvents = (dev: string) => seen.filter((e): e is GpsEvent & { stream: 'gps' } => e.stream === 'gps' && e.vehicleId === dev);

    it('GET as OsmAnd sends it: stored (speed knots → km/h), on the socket, on the crew', async () => {
      const ts = Math.floor(Date.now() / 1000) - 60;
      const res = await osmand('GET', `/osmand?id=${device}&lat=${AT.lat}&lon=${AT.lon}&timestamp=${ts}&hdop=1.2&altitude=350.0&speed=10.0&bearing=45.5&batt=87`);
      expect(res.status).toBe(200);
      expect(await res.text()).toBe('');

      const rows = await stored(device);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ id: `osmand-${device}-${ts * 1000}`, lat: AT.lat, lon: AT.lon, heading: 45.5, kind: 'sanitation', district: YESIL });
      expect(new Date(rows[0].ts).getTime()).toBe(ts * 1000);
      expect(Number(rows[0].speed)).toBeCloseTo(18.52, 3);

      const ev = await waitFor(() => gpsEvents(device)[0]);
      expect(ev).toMatchObject({ stream: 'gps', vehicleId: device, lat: AT.lat, lon: AT.lon, district: YESIL });
      expect(c.state.vehicles.get(device)?.id).toBe(rows[0].id);

      const listed = ((await c.get('/api/crews', dispatcher)).items as CrewView[]).find((x) => x.id === crewId)!;
      expect(listed.position).toMatchObject({ lat: AT.lat, lon: AT.lon, source: 'live', district: YESIL });
    });

    it('POST with the parameters in the URL (Traccar Client before 9), a form POST, and Traccar Client 9 JSON', async () => {
      const t1 = Math.floor(Date.now() / 1000) - 50;
      const a = await osmand('POST', `/osmand?id=${device}&timestamp=${t1}&lat=51.129&lon=71.431&speed=0.0&bearing=0.0&altitude=350.0&accuracy=10.0&batt=87.0`);
      expect(a.status).toBe(200);
      const t2 = Math.floor(Date.now() / 1000) - 40;
      const b = await osmand('POST', '/osmand', `id=${device}&timestamp=${t2}&lat=51.13&lon=71.432&speed=5.4&bearing=120.0&altitude=351.0&accuracy=8.0&batt=86.0`, 'application/x-www-form-urlencoded');
      expect(b.status).toBe(200);
      const t3 = new Date(Date.now() - 30_000).toISOString();
      const json = {
        location: {
          timestamp: t3,
          coords: { latitude: 51.131, longitude: 71.433, accuracy: 5, speed: 2.5, heading: 270, altitude: 352 },
          is_moving: true,
          odometer: 1200,
          event: 'motionchange',
          battery: { level: 0.85, is_charging: false },
          activity: { type: 'in_vehicle' },
        },
        device_id: device,
      };
      const j = await osmand('POST', '/osmand', JSON.stringify(json), 'application/json');
      expect(j.status).toBe(200);

      const rows = await stored(device);
      expect(rows.map((r) => [r.lat, r.lon])).toEqual([
        [AT.lat, AT.lon],
        [51.129, 71.431],
        [51.13, 71.432],
        [51.131, 71.433],
      ]);
      expect(Number(rows[2].speed)).toBeCloseTo(5.4 * 1.852, 3);
      expect(Number(rows[3].speed)).toBeCloseTo(9, 3); // m/s → km/h
      await waitFor(() => gpsEvents(device).length >= 4);
      expect(gpsEvents(device).map((e) => e.lat)).toEqual([AT.lat, 51.129, 51.13, 51.131]);
      // a device re-sending a fix after a lost reply is stored once
      expect((await osmand('POST', '/osmand', `id=${device}&timestamp=${t2}&lat=51.13&lon=71.432`, 'application/x-www-form-urlencoded')).status).toBe(200);
      expect(await stored(device)).toHaveLength(4);
    });

    it('an unknown device: 403, counted, neither stored nor drawn', async () => {
      const before = metric(await (await fetch(`${c.url}/metrics`)).text(), 'osmand_unknown_device_total');
      const stranger = uid('stranger');
      const res = await osmand('GET', `/osmand?id=${stranger}&lat=${AT.lat}&lon=${AT.lon}&timestamp=${Math.floor(Date.now() / 1000)}`);
      expect(res.status).toBe(403);
      expect(await res.json()).toMatchObject({ code: 'osmand.unknown_device', field: 'id' });
      const after = metric(await (await fetch(`${c.url}/metrics`)).text(), 'osmand_unknown_device_total');
      expect(after).toBe(before + 1);
      await c.pipeline.idle();
      expect(await stored(stranger)).toHaveLength(0);
      expect(c.state.vehicles.has(stranger)).toBe(false);
      expect(gpsEvents(stranger)).toHaveLength(0);
    });

    it('malformed requests: 400 naming the field, nothing stored', async () => {
      const before = (await stored(device)).length;
      const ts = Math.floor(Date.now() / 1000);
      const cases: [string, string][] = [
        [`/osmand?id=${device}&lat=91&lon=71.43&timestamp=${ts}`, 'lat'],
        [`/osmand?id=${device}&lat=abc&lon=71.43&timestamp=${ts}`, 'lat'],
        [`/osmand?id=${device}&lat=51.1&timestamp=${ts}`, 'lon'],
        [`/osmand?id=${device}&lat=51.1&lon=181&timestamp=${ts}`, 'lon'],
        [`/osmand?id=${device}&lat=51.1&lon=71.4&timestamp=yesterday`, 'timestamp'],
        [`/osmand?lat=51.1&lon=71.4&timestamp=${ts}`, 'id'],
        ['/osmand', 'id'],
      ];
      for (const [url, field] of cases) {
        const res = await osmand('GET', url);
        expect([url, res.status]).toEqual([url, 400]);
        expect(await res.json()).toMatchObject({ code: 'osmand.invalid', field });
      }
      const badJson = await osmand('POST', '/osmand', `{"device_id":"${device}","location":{"timestamp":"${new Date().toISOString()}","coords":{"latitude":"north","longitude":71.4}}}`, 'application/json');
      expect(badJson.status).toBe(400);
      expect(await badJson.json()).toMatchObject({ field: 'location.coords.latitude' });
      const notJson = await osmand('POST', '/osmand', '{nope', 'application/json');
      expect(notJson.status).toBe(400);
      expect(await notJson.json()).toMatchObject({ field: 'body' });
      // a body over 4 KB is refused before it is read whole
      const big = await osmand('POST', '/osmand', `id=${device}&lat=51.1&lon=71.4&pad=${'x'.repeat(5000)}`, 'application/x-www-form-urlencoded');
      expect(big.status).toBe(413);
      await c.pipeline.idle();
      expect(await stored(device)).toHaveLength(before);
    });

    it('MQTT gps/<deviceId> keeps working and feeds the same crew; a stored fix answers when the live picture has none', async () => {
      const id = uid('g');
      await publishAll(MOSQUITTO_URL, [{ topic: `${c.prefix}gps/${device}`, payload: JSON.stringify(gpsFix(id, { lat: 51.132, lon: 71.434 })) }]);
      await waitFor(async () => (await stored(device)).some((r) => r.id === id));
      // the live picture takes it at the next tick after the commit
      expect(await waitFor(() => c.state.vehicles.get(device)?.id === id)).toBe(true);
      const live = ((await c.get(`/api/crews/${crewId}`)).crew as CrewView).position;
      expect(live).toMatchObject({ lat: 51.132, lon: 71.434, source: 'live' });
      // the live picture forgets a vehicle silent for 30 minutes: the stored gps answers then
      c.state.vehicles.delete(device);
      const fromTable = ((await c.get(`/api/crews/${crewId}`)).crew as CrewView).position;
      expect(fromTable).toMatchObject({ lat: 51.132, lon: 71.434, source: 'stored', district: YESIL });
    });
  });
});

describe('OsmAnd rate limit per client IP', () => {
  let c: TestCentre;
  beforeAll(async () => {
    c = await pgCentre({ OSMAND_RATE_LIMIT: 3 });
  });
  afterAll(() => c?.cleanup());

  it('answers 429 beyond OSMAND_RATE_LIMIT requests a minute, counted', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await fetch(`${c.url}/osmand?id=nobody&lat=51.1&lon=71.4`)).status);
    expect(statuses).toEqual([403, 403, 403, 429, 429]);
    const text = await (await fetch(`${c.url}/metrics`)).text();
    expect(metric(text, 'osmand_requests_total', { result: 'rate_limited' })).toBeGreaterThanOrEqual(2);
  });
});

describe('the simulator drives the registry', () => {
  let c: TestCentre;
  beforeAll(async () => {
    c = await pgCentre({ SIMULATOR: true, SIMULATOR_RATE: 60, SIMULATOR_VEHICLES: 20 });
  });
  afterAll(() => c?.cleanup());

  it('registers its fleet as crews before the first fix, and a tenth of it reports over /osmand into the gps table', async () => {
    const items = (await c.get('/api/crews')).items as CrewView[];
    expect(items).toHaveLength(20);
    expect(items.every((x) => x.name.startsWith('Sim ') && x.deviceId && x.state === 'available')).toBe(true);
    const devices = new Set(items.map((x) => x.deviceId));
    // every vehicle's organisation is one the routing table knows (the registry refused nothing)
    expect(new Set(items.map((x) => x.organisation)).size).toBeGreaterThanOrEqual(1);

    const viaOsmand = await waitFor(async () => {
      const rows = await c.db.query<{ vehicle_id: string; n: number }>(`SELECT vehicle_id, count(*)::int AS n FROM gps WHERE id LIKE 'osmand-%' GROUP BY vehicle_id`);
      return rows.length === 2 ? rows : null;
    }, 20_000);
    expect(viaOsmand).not.toBeNull();
    expect(viaOsmand!.every((r) => devices.has(r.vehicle_id))).toBe(true);
    // the others keep publishing over MQTT
    const overMqtt = async () => (await c.db.query<{ vehicle_id: string }>(`SELECT DISTINCT vehicle_id FROM gps WHERE id LIKE 'sim-%'`)).map((r) => r.vehicle_id);
    expect(await waitFor(async () => (await overMqtt()).length >= 18, 20_000)).toBe(true);
    expect((await overMqtt()).every((d) => devices.has(d))).toBe(true);
    const text = await (await fetch(`${c.url}/metrics`)).text();
    expect(metric(text, 'osmand_requests_total', { result: 'accepted' })).toBeGreaterThan(0);
    // the crews' positions come from either path
    const located = ((await c.get('/api/crews')).items as CrewView[]).filter((x) => x.position);
    expect(located).toHaveLength(20);
  });

  it("a later run's fleet replaces the simulator's crews, never a crew someone registered", async () => {
    const mine = await c.send('POST', '/api/crews', { name: 'Real crew', type: 'gas', organisation: 'astana-gas', district: 'astana-nura', deviceId: uid('real') });
    expect(mine.http).toBe(201);
    const before = (await c.get('/api/crews')).items as CrewView[];
    const keep = before.filter((x) => x.name.startsWith('Sim ')).slice(0, 5);
    expect(keep).toHaveLength(5);
    const added = await c.crews.ensureFleet([
      ...keep.map((x) => ({ id: x.deviceId!, kind: x.type === 'snow' ? ('snowplow' as const) : x.type, district: x.district })),
      { id: 'water-9999', kind: 'water', district: 'astana-almaty' },
    ]);
    expect(added).toBe(1);
    const after = (await c.get('/api/crews')).items as CrewView[];
    expect(after.map((x) => x.deviceId).sort()).toEqual([...keep.map((x) => x.deviceId), 'water-9999', mine.crew.deviceId].sort());
    expect(after.find((x) => x.deviceId === 'water-9999')).toMatchObject({ type: 'water', organisation: 'astana-su-arnasy', district: 'astana-almaty' });
    const audit = await c.get('/api/audit?actor=simulator&action=crew.delete');
    expect(audit.items).toHaveLength(15);
  });
});
