// The OsmAnd / Traccar-client HTTP protocol: one decoder per file (as Traccar keeps them), pure — no HTTP server,
// no registry, no database. It turns one request into the same `gps` message an MQTT device publishes on
// `<prefix>gps/<deviceId>`, validated by the one wire schema (`ingest/schema/gps.ts`), so the centre can hand it
// to the same path (decode → batch → store → live stream).
//
// Two formats, as Traccar's own decoder accepts them:
// - **query / form**: `GET /osmand?id=…&lat=…&lon=…` or a `POST` whose body is
//   `application/x-www-form-urlencoded` (read when the URL has no parameters). Parameters: `id` or `deviceid`
//   (required), `lat` + `lon` or `location=<lat>,<lon>`, `timestamp`, `speed`, `bearing` or `heading`,
//   `altitude`, `accuracy`, `hdop`, `batt`, `charge`, `valid`, `fuel`; others are ignored and listed in `ignored`.
// - **JSON** (Traccar Client 9+, `Content-Type: application/json`): `{"device_id", "location": {"timestamp",
//   "coords": {latitude, longitude, accuracy, speed, heading, altitude}, "battery": {level, is_charging},
//   "is_moving", "odometer", "event", …}}`.
//
// Units (stored as the gps schema says):
// - `speed` is stored in **km/h**. The query/form `speed` is read in **knots** (what Traccar's client sends, and
//   Traccar's default for the protocol; ×1.852) unless `speedUnit` says `kmh` or `mps` (Traccar's per-protocol
//   speed setting, for devices that send other units); the JSON `coords.speed` is in **m/s** (×3.6), `-1` meaning
//   unknown.
// - `timestamp`: Unix seconds, or Unix milliseconds (a number ≥ 2^31−1, Traccar's own rule), or ISO-8601 (an ISO
//   time without an offset, and Traccar's `yyyy-MM-dd HH:mm:ss`, are read in `naiveOffset`, UTC by default).
// - `heading` in degrees from north; JSON `-1` means unknown. `batt` in % (JSON `battery.level` 0–1 → %).
//
// What the schema requires and a device may leave out is filled and said in `defaulted`: no `timestamp` → the
// time of receipt (Traccar does the same), no `speed` → 0, no `bearing` → 0. Altitude, accuracy, battery and the
// validity flag have no column in `gps`: they come back in `extras` for whoever wants them.
//
// Errors name the request's own field (`lat`, `timestamp`, `location.coords.latitude`…) and are meant for a 400;
// a well-formed request from an unknown device id is the caller's 403, not the decoder's business.
import { z } from 'zod';
import { gps, gpsMessage, type GpsMessage, type GpsRecord } from '../schema/gps';
import { topicSegment } from '../schema/common';

export const KNOT_KMH = 1.852;
export const MPS_KMH = 3.6;
/** Traccar's rule: a numeric timestamp below 2^31−1 is in seconds, anything larger in milliseconds. */
const SECONDS_LIMIT = 2147483647;

export interface OsmAndRequest {
  /** the URL's query string, with or without the leading `?` (or the whole path + query) */
  query?: string;
  /** the request's Content-Type header, if any */
  contentType?: string;
  /** the raw request body (form-encoded or JSON), if any */
  body?: string | Uint8Array;
}

export interface OsmAndOptions {
  /** the clock used when a request has no timestamp (ms since the epoch) */
  now?: () => number;
  /** offset for times written without one (`2014-06-04 09:10:11`, ISO without `Z`): `+05:00`; default `Z` (UTC) */
  naiveOffset?: string;
  /** the unit of the query/form `speed`: knots (default, as Traccar's client sends it), km/h or m/s */
  speedUnit?: SpeedUnit;
}

export type SpeedUnit = 'kn' | 'kmh' | 'mps';
const TO_KMH: Record<SpeedUnit, number> = { kn: KNOT_KMH, kmh: 1, mps: MPS_KMH };

/** What the position carries beyond the gps schema's columns. */
export interface OsmAndExtras {
  /** metres above sea level */
  altitude?: number;
  /** horizontal accuracy, metres */
  accuracy?: number;
  hdop?: number;
  /** battery level, % */
  battery?: number;
  charging?: boolean;
  /** the device's own validity flag (`valid=false` or `0`: a fix the device itself does not trust) */
  valid: boolean;
  /** JSON format: the device's motion state, event name and odometer (metres) */
  moving?: boolean;
  event?: string;
  odometer?: number;
}

export type OsmAndFormat = 'query' | 'form' | 'json';
export type Defaulted = 'timestamp' | 'speed' | 'heading';

export type OsmAndDecoded =
  | {
      ok: true;
      format: OsmAndFormat;
      /** the device id, the `<vehicleId>` of the gps stream (a crew's `deviceId` links it) */
      deviceId: string;
      /** the topic after the prefix that an MQTT device would publish this on */
      topic: string;
      /** valid input of `gpsMessage` (already parsed by it) */
      message: GpsMessage;
      extras: OsmAndExtras;
      /** required fields the request left out and the decoder filled (see the header) */
      defaulted: Defaulted[];
      /** query/form parameters the decoder does not use */
      ignored: string[];
    }
  | { ok: false; field: string; message: string };

class FieldError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

const fail = (field: string, message: string): { ok: false; field: string; message: string } => ({ ok: false, field, message });

function bodyText(body: string | Uint8Array | undefined): string {
  if (body === undefined) return '';
  if (typeof body === 'string') return body;
  return new TextDecoder('utf-8', { fatal: false }).decode(body);
}

function queryPart(query: string | undefined): string {
  if (!query) return '';
  const q = query.indexOf('?');
  if (q >= 0) return query.slice(q + 1);
  // a bare path (`/osmand`) has no parameters; a bare query (`id=1&lat=…`) is the query itself
  return query.includes('=') ? query : '';
}

/** A finite number from a parameter, or a FieldError naming it. */
function num(field: string, raw: string): number {
  const s = raw.trim();
  const n = s === '' ? NaN : Number(s);
  if (!Number.isFinite(n)) throw new FieldError(field, `not a number: ${JSON.stringify(raw.slice(0, 40))}`);
  return n;
}

function bool(raw: string): boolean {
  return raw === 'true' || raw === '1';
}

const HAS_OFFSET = /(Z|[+-]\d\d:?\d\d)$/i;

/** Unix seconds, Unix ms or ISO-8601 → ms since the epoch; FieldError(field) if none of these. */
export function parseTimestamp(raw: string, field = 'timestamp', naiveOffset = 'Z'): number {
  const s = raw.trim();
  if (/^-?\d+(\.\d+)?$/.test(s)) {
    const n = Number(s);
    const ms = Math.abs(n) < SECONDS_LIMIT ? n * 1000 : n;
    if (!Number.isFinite(ms) || ms <= 0) throw new FieldError(field, `not a time: ${JSON.stringify(s.slice(0, 40))}`);
    return Math.round(ms);
  }
  // ISO-8601 (`2016-01-27T18:55:47Z`) or Traccar's `yyyy-MM-dd HH:mm:ss` (a form's `+` already decoded to a space)
  const m = /^(\d{4}-\d\d-\d\d)[T ](\d\d:\d\d(:\d\d(\.\d+)?)?)(.*)$/.exec(s);
  if (m) {
    let zone = m[5].trim();
    if (/^[+-]\d{4}$/.test(zone)) zone = `${zone.slice(0, 3)}:${zone.slice(3)}`;
    const iso = `${m[1]}T${m[2]}${zone === '' ? naiveOffset : zone}`;
    const t = HAS_OFFSET.test(iso) ? Date.parse(iso) : NaN;
    if (Number.isFinite(t)) return t;
  }
  throw new FieldError(field, `not a time (Unix seconds, Unix ms or ISO-8601): ${JSON.stringify(s.slice(0, 40))}`);
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;

interface Draft {
  deviceId?: string;
  /** which request field gave the device id (`id` / `deviceid` / `device_id`) */
  idField: string;
  lat?: number;
  lon?: number;
  latField: string;
  lonField: string;
  tsMs?: number;
  tsField: string;
  speedKmh?: number;
  speedField: string;
  heading?: number;
  headingField: string;
  fuel?: number;
  extras: OsmAndExtras;
}

const newDraft = (): Draft => ({
  idField: 'id',
  latField: 'lat',
  lonField: 'lon',
  tsField: 'timestamp',
  speedField: 'speed',
  headingField: 'bearing',
  extras: { valid: true },
});

/** Query/form parameters (Traccar's OsmAnd decoder's names) into a draft; the last value of a repeated one wins. */
function fromParams(params: URLSearchParams, naiveOffset: string, speedUnit: SpeedUnit): { draft: Draft; ignored: string[] } {
  const d = newDraft();
  const ignored = new Set<string>();
  for (const [key, value] of params) {
    if (value === '') continue; // Traccar skips empty values too
    switch (key) {
      case 'id':
      case 'deviceid':
        d.deviceId = value;
        d.idField = key;
        break;
      case 'lat':
        d.lat = num('lat', value);
        d.latField = 'lat';
        break;
      case 'lon':
        d.lon = num('lon', value);
        d.lonField = 'lon';
        break;
      case 'location': {
        const parts = value.split(',');
        if (parts.length !== 2) throw new FieldError('location', 'expected "<lat>,<lon>"');
        d.lat = num('location', parts[0]);
        d.lon = num('location', parts[1]);
        d.latField = d.lonField = 'location';
        break;
      }
      case 'timestamp':
        d.tsMs = parseTimestamp(value, 'timestamp', naiveOffset);
        break;
      case 'speed':
        d.speedKmh = round3(num('speed', value) * TO_KMH[speedUnit]);
        break;
      case 'bearing':
      case 'heading':
        d.heading = num(key, value);
        d.headingField = key;
        break;
      case 'altitude':
        d.extras.altitude = num('altitude', value);
        break;
      case 'accuracy':
        d.extras.accuracy = num('accuracy', value);
        break;
      case 'hdop':
        d.extras.hdop = num('hdop', value);
        break;
      case 'batt':
        d.extras.battery = num('batt', value);
        break;
      case 'charge':
        d.extras.charging = bool(value);
        break;
      case 'valid':
        d.extras.valid = bool(value);
        break;
      case 'fuel':
        d.fuel = num('fuel', value);
        break;
      default:
        ignored.add(key);
    }
  }
  return { draft: d, ignored: [...ignored] };
}

/** The Traccar Client 9+ JSON body (the background-location SDK's native format), as far as the centre reads it. */
const jsonBody = z.object({
  device_id: z.union([z.string(), z.number()]).transform(String),
  location: z.object({
    timestamp: z.string(),
    coords: z.object({
      latitude: z.number(),
      longitude: z.number(),
      accuracy: z.number().optional(),
      speed: z.number().optional(),
      heading: z.number().optional(),
      altitude: z.number().optional(),
    }),
    is_moving: z.boolean().optional(),
    odometer: z.number().optional(),
    event: z.string().max(64).optional(),
    battery: z.object({ level: z.number().optional(), is_charging: z.boolean().optional() }).optional(),
  }),
});

function fromJson(text: string, naiveOffset: string): Draft {
  let root: unknown;
  try {
    root = JSON.parse(text);
  } catch (e) {
    throw new FieldError('body', `bad JSON: ${(e as Error).message}`);
  }
  if (root && typeof root === 'object' && Array.isArray((root as { location?: unknown }).location))
    throw new FieldError('location', 'one position per request (an array is not accepted)');
  const r = jsonBody.safeParse(root);
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new FieldError(issue.path.length ? issue.path.join('.') : 'body', issue.message);
  }
  const { device_id, location } = r.data;
  const c = location.coords;
  const d = newDraft();
  d.deviceId = device_id;
  d.idField = 'device_id';
  d.lat = c.latitude;
  d.lon = c.longitude;
  d.latField = 'location.coords.latitude';
  d.lonField = 'location.coords.longitude';
  d.tsMs = parseTimestamp(location.timestamp, 'location.timestamp', naiveOffset);
  d.tsField = 'location.timestamp';
  // the SDK writes -1 for what it does not know
  if (c.speed !== undefined && c.speed >= 0) d.speedKmh = round3(c.speed * MPS_KMH);
  d.speedField = 'location.coords.speed';
  if (c.heading !== undefined && c.heading >= 0) d.heading = c.heading;
  d.headingField = 'location.coords.heading';
  if (c.accuracy !== undefined && c.accuracy >= 0) d.extras.accuracy = c.accuracy;
  if (c.altitude !== undefined) d.extras.altitude = c.altitude;
  if (location.is_moving !== undefined) d.extras.moving = location.is_moving;
  if (location.event !== undefined) d.extras.event = location.event;
  if (location.odometer !== undefined) d.extras.odometer = location.odometer;
  const b = location.battery;
  if (b?.level !== undefined && b.level >= 0) d.extras.battery = round3(b.level * 100);
  if (b?.is_charging !== undefined) d.extras.charging = b.is_charging;
  return d;
}

/** Turns a draft into a gps message validated by the wire schema; errors name the request's field. */
function finish(d: Draft, format: OsmAndFormat, ignored: string[], now: () => number): OsmAndDecoded {
  if (d.deviceId === undefined) return fail('id', 'required: the device id (id or deviceid)');
  const id = topicSegment.safeParse(d.deviceId);
  if (!id.success) return fail(d.idField, `device id: ${id.error.issues[0].message}`);
  if (d.lat === undefined) return fail(d.latField, 'required: latitude');
  if (d.lon === undefined) return fail(d.lonField, 'required: longitude');

  const defaulted: Defaulted[] = [];
  let tsMs = d.tsMs;
  if (tsMs === undefined) {
    tsMs = now();
    defaulted.push('timestamp');
  }
  let speed = d.speedKmh;
  if (speed === undefined) {
    speed = 0;
    defaulted.push('speed');
  }
  let heading = d.heading;
  if (heading === undefined) {
    heading = 0;
    defaulted.push('heading');
  }
  const ts = new Date(tsMs);
  if (Number.isNaN(ts.getTime())) return fail(d.tsField, 'not a time');

  const candidate: Record<string, unknown> = {
    // one id per device and fix time: a device that re-sends a position after a lost reply is stored once
    id: `osmand-${id.data}-${tsMs}`,
    ts: ts.toISOString(),
    lat: d.lat,
    lon: d.lon,
    speed,
    heading,
  };
  if (d.fuel !== undefined) candidate.fuel = d.fuel;

  const r = gpsMessage.safeParse(candidate);
  if (!r.success) {
    const issue = r.error.issues[0];
    const key = String(issue.path[0] ?? '');
    const field =
      ({ lat: d.latField, lon: d.lonField, ts: d.tsField, speed: d.speedField, heading: d.headingField, fuel: 'fuel', id: d.idField } as Record<string, string>)[key] ??
      (key || 'body');
    return fail(field, issue.message);
  }
  return { ok: true, format, deviceId: id.data, topic: `gps/${id.data}`, message: r.data, extras: d.extras, defaulted, ignored };
}

/** Decodes one OsmAnd / Traccar-client request. Never throws. */
export function decodeOsmAnd(req: OsmAndRequest, opts: OsmAndOptions = {}): OsmAndDecoded {
  const now = opts.now ?? Date.now;
  const naiveOffset = opts.naiveOffset ?? 'Z';
  if (!HAS_OFFSET.test(`T${naiveOffset}`)) return fail('naiveOffset', 'expected Z or ±hh:mm');
  const speedUnit = opts.speedUnit ?? 'kn';
  if (!(speedUnit in TO_KMH)) return fail('speedUnit', 'expected kn, kmh or mps');
  try {
    const type = (req.contentType ?? '').split(';')[0].trim().toLowerCase();
    if (type === 'application/json') return finish(fromJson(bodyText(req.body), naiveOffset), 'json', [], now);
    const q = queryPart(req.query);
    let params = new URLSearchParams(q);
    let format: OsmAndFormat = 'query';
    // as Traccar: no parameters in the URL → the body holds them (a form POST)
    if ([...params.keys()].length === 0) {
      params = new URLSearchParams(bodyText(req.body));
      format = 'form';
    }
    if ([...params.keys()].length === 0) return fail('id', 'required: the device id (id or deviceid); the request has no parameters');
    const { draft, ignored } = fromParams(params, naiveOffset, speedUnit);
    return finish(draft, format, ignored, now);
  } catch (e) {
    if (e instanceof FieldError) return fail(e.field, e.message);
    return fail('body', `cannot decode: ${(e as Error).message}`);
  }
}

/** The stored gps record of a decoded position (the same `toRecord` as an MQTT message on `gps/<deviceId>`). */
export function osmAndRecord(
  decoded: Extract<OsmAndDecoded, { ok: true }>,
  districtAt: (lat: number, lon: number) => string | null,
): GpsRecord {
  return gps.toRecord(decoded.message, decoded.deviceId, districtAt);
}
