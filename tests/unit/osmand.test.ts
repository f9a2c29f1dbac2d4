// The OsmAnd / Traccar-client decoder (ingest/protocols/osmand.ts) with the requests real clients send: the query
// strings of Traccar's own decoder test, a Traccar Client (Android, before 9.0) request, its form POST, and the
// JSON body of Traccar Client 9+ as Traccar's documentation and tests show it.
import { describe, expect, it } from 'vitest';
import { decodeOsmAnd, osmAndRecord, parseTimestamp, type OsmAndDecoded } from '../../ingest/protocols/osmand';
import { gpsMessage, decode } from '../../ingest/schema';
import { districtAt } from '../../maps/districts';

const NOW = Date.parse('2026-12-03T08:00:00Z');
const now = () => NOW;
const get = (url: string) => decodeOsmAnd({ query: url }, { now });
const ok = (r: OsmAndDecoded) => {
  if (!r.ok) throw new Error(`expected ok, got ${r.field}: ${r.message}`);
  return r;
};

describe('OsmAnd query strings (Traccar decoder test requests)', () => {
  it('ISO timestamp, hdop, altitude, speed 0', () => {
    const r = ok(get('/?id=902064&lat=42.06288&lon=-88.23412&timestamp=2016-01-27T18%3A55%3A47Z&hdop=6.0&altitude=224.0&speed=0.0'));
    expect(r.format).toBe('query');
    expect(r.deviceId).toBe('902064');
    expect(r.topic).toBe('gps/902064');
    expect(r.message).toEqual({ id: 'osmand-902064-1453920947000', ts: '2016-01-27T18:55:47.000Z', lat: 42.06288, lon: -88.23412, speed: 0, heading: 0 });
    expect(r.extras).toEqual({ valid: true, hdop: 6, altitude: 224 });
    expect(r.defaulted).toEqual(['heading']);
  });

  it('Unix milliseconds', () => {
    const r = ok(get('/?id=902064&lat=42.06288&lon=-88.23412&timestamp=1442068686579&hdop=6.0&altitude=224.0&speed=0.0'));
    expect(r.message.ts).toBe('2015-09-12T14:38:06.579Z');
  });

  it('Unix seconds, bearing, and the id last', () => {
    const r = ok(get('/?id=123456&timestamp=1377177267&lat=60.0&lon=30.0&speed=0.0&bearing=0.0&altitude=0&hdop=0.0'));
    expect(r.message.ts).toBe('2013-08-22T13:14:27.000Z');
    expect(r.defaulted).toEqual([]);
  });

  it("Traccar's `yyyy-MM-dd HH:mm:ss` with a form-encoded space, read as UTC unless told otherwise", () => {
    const url = '/?lat=49.60688&lon=6.15788&timestamp=2014-06-04+09%3A10%3A11&altitude=384.7&speed=0.0&id=353861053849681';
    expect(ok(get(url)).message.ts).toBe('2014-06-04T09:10:11.000Z');
    expect(ok(decodeOsmAnd({ query: url }, { now, naiveOffset: '+05:00' })).message.ts).toBe('2014-06-04T04:10:11.000Z');
  });

  it('deviceid, heading instead of bearing, no timestamp → time of receipt; unknown parameters listed', () => {
    const r = ok(get('/?lat=60.0&lon=30.0&speed=0.0&heading=0.0&vacc=0&hacc=0&altitude=0&deviceid=123456'));
    expect(r.deviceId).toBe('123456');
    expect(r.message.ts).toBe('2026-12-03T08:00:00.000Z');
    expect(r.defaulted).toEqual(['timestamp']);
    expect(r.ignored.sort()).toEqual(['hacc', 'vacc']);
  });

  it('battery level', () => {
    const r = ok(get('/?id=861001000719969&lat=41.666667&lon=-0.883333&altitude=350.059479&speed=0.000000&batt=87'));
    expect(r.extras.battery).toBe(87);
    expect(r.extras.altitude).toBeCloseTo(350.059479, 6);
  });

  it('location=<lat>,<lon>', () => {
    const r = ok(get('/?id=123456&timestamp=1377177267&location=60.0,30.0'));
    expect([r.message.lat, r.message.lon]).toEqual([60, 30]);
  });

  it('speed in knots is stored in km/h; fuel is kept; other attributes are ignored', () => {
    const r = ok(get('/?id=123456789012345&timestamp=1504763810&lat=40.7232948571&lon=-74.0061408571&bearing=7.19889788244&speed=40&ignition=true&rpm=933&fuel=24'));
    expect(r.message.speed).toBe(74.08); // 40 kn × 1.852
    expect(r.message.heading).toBeCloseTo(7.19889788244, 9);
    expect(r.message.fuel).toBe(24);
    expect(r.ignored.sort()).toEqual(['ignition', 'rpm']);
  });

  it('speed in another unit when the deployment says so (Traccar\'s per-protocol speed setting)', () => {
    const url = '/?id=1&lat=51.1&lon=71.4&speed=10';
    expect(ok(decodeOsmAnd({ query: url }, { now, speedUnit: 'mps' })).message.speed).toBe(36);
    expect(ok(decodeOsmAnd({ query: url }, { now, speedUnit: 'kmh' })).message.speed).toBe(10);
    expect(ok(decodeOsmAnd({ query: url }, { now })).message.speed).toBe(18.52);
  });

  it('a request without a device id is refused naming `id`', () => {
    expect(get('/?timestamp=1377177267&lat=60.0&lon=30.0')).toEqual({ ok: false, field: 'id', message: expect.stringMatching(/device id/) });
  });
});

// Traccar Client for Android before 9.0: `?id=…&timestamp=…&lat=…&lon=…&speed=…&bearing=…&altitude=…&accuracy=…&batt=…`
const traccarClient = 'id=356938035643809&timestamp=1764748800&lat=51.128207&lon=71.430411&speed=21.6&bearing=87.5&altitude=347.0&accuracy=4.8&batt=76.0';

describe('Traccar Client (Android) requests: GET and form POST', () => {
  it('GET with every parameter the client sends', () => {
    const r = ok(get(`/osmand?${traccarClient}`));
    expect(r.message).toEqual({
      id: 'osmand-356938035643809-1764748800000',
      ts: '2025-12-03T08:00:00.000Z',
      lat: 51.128207,
      lon: 71.430411,
      speed: 40.003, // 21.6 kn = 40.0032 km/h
      heading: 87.5,
    });
    expect(r.extras).toEqual({ valid: true, altitude: 347, accuracy: 4.8, battery: 76 });
    expect(r.defaulted).toEqual([]);
    expect(r.ignored).toEqual([]);
  });

  it('form POST (x-www-form-urlencoded body, no query) decodes the same', () => {
    const post = ok(decodeOsmAnd({ query: '/osmand', contentType: 'application/x-www-form-urlencoded; charset=UTF-8', body: Buffer.from(traccarClient) }, { now }));
    const viaGet = ok(get(`/osmand?${traccarClient}`));
    expect(post.format).toBe('form');
    expect(post.message).toEqual(viaGet.message);
    expect(post.extras).toEqual(viaGet.extras);
  });

  it('a POST whose URL carries the parameters reads the URL, as Traccar does', () => {
    const r = ok(decodeOsmAnd({ query: `/osmand?${traccarClient}`, contentType: 'application/x-www-form-urlencoded', body: 'id=other&lat=1&lon=1' }, { now }));
    expect(r.deviceId).toBe('356938035643809');
  });

  it('the message is valid input of the gps wire schema and becomes the same record as an MQTT message', () => {
    const r = ok(get(`/osmand?${traccarClient}`));
    expect(gpsMessage.safeParse(r.message).success).toBe(true);
    const viaMqtt = decode(`city/astana/${r.topic}`, Buffer.from(JSON.stringify(r.message)), { prefix: 'city/astana/', maxPayload: 65536, districtAt });
    expect(viaMqtt.ok).toBe(true);
    const rec = osmAndRecord(r, districtAt);
    expect(rec.vehicleId).toBe('356938035643809');
    expect(rec.district).toBe('astana-yesil');
    expect(viaMqtt.ok && viaMqtt.record).toEqual(rec);
  });

  it('valid=false is carried, not dropped', () => {
    expect(ok(get(`/?${traccarClient}&valid=false`)).extras.valid).toBe(false);
    expect(ok(get(`/?${traccarClient}&valid=1`)).extras.valid).toBe(true);
  });
});

// Traccar Client 9+ (JSON), bodies from Traccar's documentation and OsmAndProtocolDecoderTest
const json = (body: unknown) => decodeOsmAnd({ query: '/', contentType: 'application/json', body: typeof body === 'string' ? body : JSON.stringify(body) }, { now });
const doc = {
  location: {
    timestamp: '2025-06-15T13:45:12.862Z',
    coords: { latitude: 37.4219983, longitude: -122.084, accuracy: 5, speed: 0, heading: -1, altitude: 5 },
    is_moving: false,
    odometer: 0,
    event: 'motionchange',
    battery: { level: 1, is_charging: false },
    activity: { type: 'still' },
    extras: {},
    _: '&id=48241179&lat=37.4219983&lon=-122.084&timestamp=2025-06-15T13:45:12.862Z&',
  },
  device_id: '48241179',
};

describe('Traccar Client 9+ JSON', () => {
  it('the documented body', () => {
    const r = ok(json(doc));
    expect(r.format).toBe('json');
    expect(r.deviceId).toBe('48241179');
    expect(r.message).toEqual({ id: 'osmand-48241179-1749995112862', ts: '2025-06-15T13:45:12.862Z', lat: 37.4219983, lon: -122.084, speed: 0, heading: 0 });
    expect(r.defaulted).toEqual(['heading']); // heading -1 = unknown
    expect(r.extras).toEqual({ valid: true, accuracy: 5, altitude: 5, moving: false, event: 'motionchange', odometer: 0, battery: 100, charging: false });
  });

  it('speed in m/s is stored in km/h; battery 0–1 → %', () => {
    const body = '{"location":{"event":"motionchange","is_moving":false,"uuid":"0e9a2473-a9a7-4c00-997b-fb97d2154e75","timestamp":"2021-07-21T08:06:34.444Z","odometer":0,"coords":{"latitude":-6.1148096,"longitude":106.6837015,"accuracy":3.8,"speed":18.67,"speed_accuracy":0.26,"heading":63,"heading_accuracy":0.28,"altitude":35.7,"altitude_accuracy":3.8},"activity":{"type":"still","confidence":100},"battery":{"is_charging":false,"level":0.79},"extras":{}},"device_id":"8737767034"}';
    const r = ok(json(body));
    expect(r.message.speed).toBe(67.212); // 18.67 m/s × 3.6
    expect(r.message.heading).toBe(63);
    expect(r.extras.battery).toBe(79);
  });

  it('-1 for speed, heading and battery (an iOS simulator fix) means unknown', () => {
    const body = '{"location":{"extras":{},"mock":true,"coords":{"speed_accuracy":-1,"speed":-1,"longitude":-122.406417,"ellipsoidal_altitude":0,"floor":null,"heading_accuracy":-1,"latitude":37.785834000000001,"accuracy":5,"altitude_accuracy":-1,"altitude":0,"heading":-1},"is_moving":false,"age":188,"odometer":0,"uuid":"2FB04C65-99CF-42AB-8DD3-EBCB4B108BF8","event":"motionchange","battery":{"level":-1,"is_charging":false},"activity":{"type":"unknown","confidence":100},"timestamp":"2025-05-09T04:11:30.579Z"},"device_id":"658765"}';
    const r = ok(json(body));
    expect(r.defaulted.sort()).toEqual(['heading', 'speed']);
    expect(r.extras.battery).toBeUndefined();
    expect(r.message.lat).toBeCloseTo(37.785834, 9);
  });

  it('errors name the JSON path', () => {
    expect(json({ ...doc, location: { ...doc.location, coords: { ...doc.location.coords, latitude: 95 } } })).toMatchObject({ ok: false, field: 'location.coords.latitude' });
    expect(json({ location: doc.location })).toMatchObject({ ok: false, field: 'device_id' });
    expect(json({ device_id: '1', location: { ...doc.location, timestamp: 'yesterday' } })).toMatchObject({ ok: false, field: 'location.timestamp' });
    expect(json({ device_id: '1', location: [doc.location] })).toMatchObject({ ok: false, field: 'location', message: expect.stringMatching(/one position/) });
    expect(json('{"device_id":')).toMatchObject({ ok: false, field: 'body', message: expect.stringMatching(/bad JSON/) });
  });
});

describe('bad input is refused naming the field', () => {
  const base = 'id=truck-7&timestamp=1764748800&lat=51.1&lon=71.4&speed=10&bearing=90';
  const swap = (k: string, v: string) => `/?${base.replace(new RegExp(`${k}=[^&]*`), `${k}=${v}`)}`;
  it.each([
    ['latitude out of range', swap('lat', '95'), 'lat', /90/],
    ['latitude not a number', swap('lat', 'abc'), 'lat', /not a number/],
    ['longitude out of range', swap('lon', '-200'), 'lon', /-180/],
    ['latitude missing', `/?id=truck-7&lon=71.4`, 'lat', /required/],
    ['longitude missing', `/?id=truck-7&lat=51.1`, 'lon', /required/],
    ['location with one number', `/?id=truck-7&location=51.1`, 'location', /lat>,<lon/],
    ['location out of range', `/?id=truck-7&location=51.1,200`, 'location', /180/],
    ['timestamp not a time', swap('timestamp', 'yesterday'), 'timestamp', /not a time/],
    ['timestamp far in the future', swap('timestamp', String(Math.floor(Date.now() / 1000) + 3 * 86400)), 'timestamp', /future/],
    ['speed over 300 km/h', swap('speed', '200'), 'speed', /300/],
    ['negative speed', swap('speed', '-3'), 'speed', /0/],
    ['bearing over 360', swap('bearing', '400'), 'bearing', /360/],
    ['heading negative', `/?${base.replace('bearing', 'heading').replace('=90', '=-5')}`, 'heading', /0/],
    ['device id with a space', swap('id', 'a%20b'), 'id', /device id/],
    ['device id too long', swap('id', 'x'.repeat(65)), 'id', /device id/],
    ['altitude not a number', `/?${base}&altitude=high`, 'altitude', /not a number/],
    ['fuel over 100 %', `/?${base}&fuel=150`, 'fuel', /100/],
  ])('%s', (_name, url, field, message) => {
    const r = get(url);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.field).toBe(field);
      expect(r.message).toMatch(message);
    }
  });

  it('an empty request names the id', () => {
    expect(decodeOsmAnd({ query: '/osmand' }, { now })).toMatchObject({ ok: false, field: 'id' });
    expect(decodeOsmAnd({}, { now })).toMatchObject({ ok: false, field: 'id' });
  });

  it('never throws on random bytes in any format', () => {
    let refused = 0;
    for (let i = 0; i < 1000; i++) {
      const bytes = Buffer.from(Array.from({ length: (i % 120) + 1 }, () => Math.floor(Math.random() * 256)));
      const contentType = ['application/json', 'application/x-www-form-urlencoded', undefined][i % 3];
      const r = decodeOsmAnd({ query: i % 2 ? `/?${bytes.toString('latin1')}` : '/', contentType, body: bytes }, { now });
      if (!r.ok) refused++;
    }
    expect(refused).toBe(1000);
  });
});

describe('parseTimestamp', () => {
  it('reads seconds, milliseconds and ISO with or without an offset', () => {
    expect(parseTimestamp('1377177267')).toBe(1377177267000);
    expect(parseTimestamp('1442068686579')).toBe(1442068686579);
    expect(parseTimestamp('2016-01-27T18:55:47Z')).toBe(Date.parse('2016-01-27T18:55:47Z'));
    expect(parseTimestamp('2016-01-27T23:55:47+05:00')).toBe(Date.parse('2016-01-27T18:55:47Z'));
    expect(parseTimestamp('2016-01-27T23:55:47.250+0500')).toBe(Date.parse('2016-01-27T18:55:47.250Z'));
    expect(parseTimestamp('2016-01-27T18:55:47')).toBe(Date.parse('2016-01-27T18:55:47Z'));
    expect(parseTimestamp('2016-01-27 23:55:47', 'timestamp', '+05:00')).toBe(Date.parse('2016-01-27T18:55:47Z'));
  });
  it('refuses what is none of these', () => {
    for (const s of ['', 'now', '0', '-5', '2016-13-45', '27.01.2016 18:55', '2016-01-27T18:55:47+5']) expect(() => parseTimestamp(s), s).toThrow(/not a time/);
  });
});
