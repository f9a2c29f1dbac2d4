// CAP 1.2 (OASIS Common Alerting Protocol, namespace urn:oasis:names:tc:emergency:cap:1.2): import and export.
// A pure module — no HTTP, no database — that the dispatch feature wires to `POST /api/cap` and
// `GET /api/incidents/:id/cap`. XML is read and written with fast-xml-parser, never with regular expressions.
//
// Import (`parseCap`): the document must be well-formed, its root `alert` in the CAP 1.2 namespace (with or without
// a prefix); every required element is checked and the first one missing or wrong is named (`identifier`,
// `info[0].urgency`, `info[0].area[1].polygon[0]`…): identifier, sender, sent, status, msgType, scope (restriction
// when scope is Restricted, addresses when Private), and in each info: category (one or more), event, urgency,
// severity, certainty; each resource: resourceDesc, mimeType; each area: areaDesc. Enumerations are checked
// against the standard's lists. Times must carry an offset; CAP writes UTC as `-00:00`, and import also accepts
// `Z` and fractions of a second, which some feeds send. Areas come back GeoJSON-ready: a polygon ("lat,lon lat,lon
// …", at least 4 points, closed) as a GeoJSON Polygon with [lon, lat] positions, a circle ("lat,lon radiusKm") as
// a centre [lon, lat] and a radius in km. An info whose `expires` is past is `expired`; an alert whose every info
// is expired is `expired` — kept, never refused.
//
// Export (`toCap` for a centre incident, `buildCap` for any alert): CAP 1.2 XML with the elements in the order the
// standard's schema sequences them, times as `YYYY-MM-DDThh:mm:ss±hh:mm` (UTC as `-00:00`). An export is read
// back by `parseCap` before it is returned: what the import would refuse throws `CapExportError` instead.
import type { Polygon, Position, Feature, FeatureCollection, Point } from 'geojson';
import { XMLBuilder, XMLParser, XMLValidator } from 'fast-xml-parser';
import { stripControl } from '../../ingest/schema/redact';

export const CAP_NS = 'urn:oasis:names:tc:emergency:cap:1.2';

export const capStatuses = ['Actual', 'Exercise', 'System', 'Test', 'Draft'] as const;
export const capMsgTypes = ['Alert', 'Update', 'Cancel', 'Ack', 'Error'] as const;
export const capScopes = ['Public', 'Restricted', 'Private'] as const;
export const capCategories = ['Geo', 'Met', 'Safety', 'Security', 'Rescue', 'Fire', 'Health', 'Env', 'Transport', 'Infra', 'CBRNE', 'Other'] as const;
export const capResponseTypes = ['Shelter', 'Evacuate', 'Prepare', 'Execute', 'Avoid', 'Monitor', 'Assess', 'AllClear', 'None'] as const;
export const capUrgencies = ['Immediate', 'Expected', 'Future', 'Past', 'Unknown'] as const;
export const capSeverities = ['Extreme', 'Severe', 'Moderate', 'Minor', 'Unknown'] as const;
export const capCertainties = ['Observed', 'Likely', 'Possible', 'Unlikely', 'Unknown'] as const;

export type CapStatus = (typeof capStatuses)[number];
export type CapMsgType = (typeof capMsgTypes)[number];
export type CapScope = (typeof capScopes)[number];
export type CapCategory = (typeof capCategories)[number];
export type CapResponseType = (typeof capResponseTypes)[number];
export type CapUrgency = (typeof capUrgencies)[number];
export type CapSeverity = (typeof capSeverities)[number];
export type CapCertainty = (typeof capCertainties)[number];

export interface CapValuePair {
  valueName: string;
  value: string;
}
export interface CapResource {
  resourceDesc: string;
  mimeType: string;
  size?: number;
  uri?: string;
  derefUri?: string;
  digest?: string;
}
export interface CapCircle {
  /** [lon, lat], as GeoJSON orders a position */
  center: [number, number];
  radiusKm: number;
}
export interface CapArea {
  areaDesc: string;
  /** GeoJSON polygons ([lon, lat] positions, closed ring) */
  polygons: Polygon[];
  circles: CapCircle[];
  geocodes: CapValuePair[];
  altitude?: number;
  ceiling?: number;
}
export interface CapInfo {
  language: string;
  categories: CapCategory[];
  event: string;
  responseTypes: CapResponseType[];
  urgency: CapUrgency;
  severity: CapSeverity;
  certainty: CapCertainty;
  audience?: string;
  eventCodes: CapValuePair[];
  effective?: string;
  onset?: string;
  expires?: string;
  senderName?: string;
  headline?: string;
  description?: string;
  instruction?: string;
  web?: string;
  contact?: string;
  parameters: CapValuePair[];
  resources: CapResource[];
  areas: CapArea[];
  /** `expires` is before the time of import */
  expired: boolean;
}
export interface CapReference {
  sender: string;
  identifier: string;
  sent: string;
}
export interface CapAlert {
  identifier: string;
  sender: string;
  /** as written (ISO-8601 with an offset) */
  sent: string;
  status: CapStatus;
  msgType: CapMsgType;
  source?: string;
  scope: CapScope;
  restriction?: string;
  addresses?: string;
  codes: string[];
  note?: string;
  references: CapReference[];
  incidents?: string;
  infos: CapInfo[];
  /** every info has an `expires` in the past (an alert without info never expires) */
  expired: boolean;
}

export type CapParsed = { ok: true; alert: CapAlert } | { ok: false; field: string; message: string };

// ---- import ----------------------------------------------------------------------------------------------

/** Elements that may repeat: always read as lists (by local name; CAP uses each name in one place only). */
const REPEATED = new Set(['info', 'category', 'responseType', 'eventCode', 'parameter', 'resource', 'area', 'polygon', 'circle', 'geocode', 'code']);
const localName = (tag: string) => tag.slice(tag.indexOf(':') + 1);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  isArray: (tag, _path, _leaf, isAttribute) => !isAttribute && REPEATED.has(localName(tag)),
});

class CapError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

type Node = Record<string, unknown>;

/** Keeps the children in the CAP namespace (`prefix:` stripped), drops attributes and foreign elements. */
function normalise(node: unknown, prefix: string | null): unknown {
  if (Array.isArray(node)) return node.map((n) => normalise(n, prefix));
  if (node === null || typeof node !== 'object') return node;
  const out: Node = {};
  for (const [key, value] of Object.entries(node as Node)) {
    if (key === '#text') {
      out[key] = value;
      continue;
    }
    if (key.startsWith('@_')) continue;
    let local: string | null;
    if (prefix) local = key.startsWith(`${prefix}:`) ? key.slice(prefix.length + 1) : null;
    else local = key.includes(':') ? null : key;
    if (local === null) continue; // another namespace (e.g. an XML signature)
    out[local] = normalise(value, prefix);
  }
  return out;
}

function textOf(v: unknown, field: string): string {
  if (typeof v === 'string') return v;
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    const keys = Object.keys(v);
    if (keys.length === 0) return '';
    if (keys.length === 1 && keys[0] === '#text') return String((v as Node)['#text']);
  }
  if (Array.isArray(v)) throw new CapError(field, 'must appear once');
  throw new CapError(field, 'must be text, not elements');
}

/** An optional single text element: undefined when absent or empty. */
function opt(node: Node, name: string, path: string): string | undefined {
  if (!(name in node)) return undefined;
  const s = textOf(node[name], path + name).trim();
  return s === '' ? undefined : s;
}
function req(node: Node, name: string, path: string): string {
  const s = opt(node, name, path);
  if (s === undefined) throw new CapError(path + name, 'required element is missing or empty');
  return s;
}
function list(node: Node, name: string): unknown[] {
  const v = node[name];
  return v === undefined ? [] : (v as unknown[]);
}
function child(v: unknown, field: string): Node {
  if (v === '') return {}; // an empty element: its required children are named as missing
  if (v && typeof v === 'object' && !Array.isArray(v)) return v as Node;
  throw new CapError(field, 'must contain elements');
}
function oneOf<T extends string>(values: readonly T[], s: string, field: string): T {
  if ((values as readonly string[]).includes(s)) return s as T;
  throw new CapError(field, `"${s.slice(0, 40)}" is not one of ${values.join(', ')}`);
}

/** CAP dateTime: `YYYY-MM-DDThh:mm:ss±hh:mm` (import also takes `Z` and fractions of a second). */
export function isCapTime(s: string, strict = false): boolean {
  const re = strict ? /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$/ : /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?([+-]\d\d:\d\d|Z)$/;
  return re.test(s) && Number.isFinite(Date.parse(s));
}
function time(node: Node, name: string, path: string, required: true): string;
function time(node: Node, name: string, path: string, required?: false): string | undefined;
function time(node: Node, name: string, path: string, required = false): string | undefined {
  const s = required ? req(node, name, path) : opt(node, name, path);
  if (s !== undefined && !isCapTime(s)) throw new CapError(path + name, `"${s.slice(0, 40)}" is not a CAP time (YYYY-MM-DDThh:mm:ss±hh:mm)`);
  return s;
}

/** identifier and sender: no spaces, commas, `<` or `&` (CAP 1.2, 3.2.1). */
function token(node: Node, name: string): string {
  const s = req(node, name, '');
  for (const c of [' ', '\t', '\n', '\r', ',', '<', '&'])
    if (s.includes(c)) throw new CapError(name, `must not contain spaces, commas, < or & (found ${JSON.stringify(c)})`);
  return s;
}

function num(s: string, field: string): number {
  const n = Number(s);
  if (s.trim() === '' || !Number.isFinite(n)) throw new CapError(field, `"${s.slice(0, 40)}" is not a number`);
  return n;
}

/** "lat,lon" → [lon, lat] (WGS 84), checked. */
function point(pair: string, field: string): Position {
  const parts = pair.split(',');
  if (parts.length !== 2) throw new CapError(field, `"${pair.slice(0, 40)}" is not a "lat,lon" pair`);
  const lat = num(parts[0], field);
  const lon = num(parts[1], field);
  if (lat < -90 || lat > 90) throw new CapError(field, `latitude ${lat} is outside -90…90`);
  if (lon < -180 || lon > 180) throw new CapError(field, `longitude ${lon} is outside -180…180`);
  return [lon, lat];
}
const words = (s: string) => s.split(/\s+/).filter(Boolean);

export function parsePolygon(s: string, field = 'polygon'): Polygon {
  const ring = words(s).map((p) => point(p, field));
  if (ring.length < 4) throw new CapError(field, `a polygon needs at least 4 points (first = last), got ${ring.length}`);
  const [a, b] = [ring[0], ring[ring.length - 1]];
  if (a[0] !== b[0] || a[1] !== b[1]) throw new CapError(field, 'the first and last points of a polygon must be the same');
  return { type: 'Polygon', coordinates: [ring] };
}
export function parseCircle(s: string, field = 'circle'): CapCircle {
  const w = words(s);
  if (w.length !== 2) throw new CapError(field, `"${s.slice(0, 40)}" is not "lat,lon radiusKm"`);
  const [lon, lat] = point(w[0], field);
  const radiusKm = num(w[1], field);
  if (radiusKm < 0) throw new CapError(field, 'the radius must not be negative');
  return { center: [lon, lat], radiusKm };
}

function pairs(node: Node, name: string, path: string): CapValuePair[] {
  return list(node, name).map((v, i) => {
    const p = `${path}${name}[${i}].`;
    const n = child(v, p.slice(0, -1));
    return { valueName: req(n, 'valueName', p), value: opt(n, 'value', p) ?? '' };
  });
}

function area(v: unknown, path: string): CapArea {
  const n = child(v, path.slice(0, -1));
  const a: CapArea = {
    areaDesc: req(n, 'areaDesc', path),
    polygons: list(n, 'polygon').map((p, i) => parsePolygon(textOf(p, `${path}polygon[${i}]`), `${path}polygon[${i}]`)),
    circles: list(n, 'circle').map((c, i) => parseCircle(textOf(c, `${path}circle[${i}]`), `${path}circle[${i}]`)),
    geocodes: pairs(n, 'geocode', path),
  };
  const alt = opt(n, 'altitude', path);
  const ceil = opt(n, 'ceiling', path);
  if (alt !== undefined) a.altitude = num(alt, `${path}altitude`);
  if (ceil !== undefined) {
    if (alt === undefined) throw new CapError(`${path}ceiling`, 'ceiling is used only with altitude');
    a.ceiling = num(ceil, `${path}ceiling`);
  }
  return a;
}

function resource(v: unknown, path: string): CapResource {
  const n = child(v, path.slice(0, -1));
  const r: CapResource = { resourceDesc: req(n, 'resourceDesc', path), mimeType: req(n, 'mimeType', path) };
  const size = opt(n, 'size', path);
  if (size !== undefined) {
    const s = num(size, `${path}size`);
    if (!Number.isInteger(s) || s < 0) throw new CapError(`${path}size`, 'must be a whole number of bytes');
    r.size = s;
  }
  for (const k of ['uri', 'derefUri', 'digest'] as const) {
    const s = opt(n, k, path);
    if (s !== undefined) r[k] = s;
  }
  return r;
}

function info(v: unknown, path: string, now: number): CapInfo {
  const n = child(v, path.slice(0, -1));
  const categories = list(n, 'category').map((c, i) => oneOf(capCategories, textOf(c, `${path}category[${i}]`).trim(), `${path}category[${i}]`));
  if (categories.length === 0) throw new CapError(`${path}category`, 'required element is missing or empty');
  const i: CapInfo = {
    language: opt(n, 'language', path) ?? 'en-US',
    categories,
    event: req(n, 'event', path),
    responseTypes: list(n, 'responseType').map((r, k) => oneOf(capResponseTypes, textOf(r, `${path}responseType[${k}]`).trim(), `${path}responseType[${k}]`)),
    urgency: oneOf(capUrgencies, req(n, 'urgency', path), `${path}urgency`),
    severity: oneOf(capSeverities, req(n, 'severity', path), `${path}severity`),
    certainty: oneOf(capCertainties, req(n, 'certainty', path), `${path}certainty`),
    eventCodes: pairs(n, 'eventCode', path),
    parameters: [],
    resources: [],
    areas: [],
    expired: false,
  };
  const audience = opt(n, 'audience', path);
  if (audience !== undefined) i.audience = audience;
  for (const k of ['effective', 'onset', 'expires'] as const) {
    const t = time(n, k, path);
    if (t !== undefined) i[k] = t;
  }
  for (const k of ['senderName', 'headline', 'description', 'instruction', 'web', 'contact'] as const) {
    const s = opt(n, k, path);
    if (s !== undefined) i[k] = s;
  }
  i.parameters = pairs(n, 'parameter', path);
  i.resources = list(n, 'resource').map((r, k) => resource(r, `${path}resource[${k}].`));
  i.areas = list(n, 'area').map((a, k) => area(a, `${path}area[${k}].`));
  i.expired = i.expires !== undefined && Date.parse(i.expires) < now;
  return i;
}

function references(s: string | undefined): CapReference[] {
  if (s === undefined) return [];
  return words(s).map((w) => {
    const parts = w.split(',');
    if (parts.length !== 3 || !parts[0] || !parts[1] || !isCapTime(parts[2]))
      throw new CapError('references', `"${w.slice(0, 60)}" is not "sender,identifier,sent"`);
    return { sender: parts[0], identifier: parts[1], sent: parts[2] };
  });
}

/**
 * Reads a CAP 1.2 alert. Never throws: a malformed document or a missing or wrong element comes back as
 * `{ok: false, field, message}` (field `xml` for a document that is not well-formed, `alert` for a wrong root).
 */
export function parseCap(xml: string | Uint8Array, opts: { now?: number } = {}): CapParsed {
  const now = opts.now ?? Date.now();
  const decoded = typeof xml === 'string' ? xml : new TextDecoder('utf-8').decode(xml);
  const text = decoded.charCodeAt(0) === 0xfeff ? decoded.slice(1) : decoded; // a byte-order mark
  try {
    if (text.trim() === '') throw new CapError('xml', 'empty document');
    const valid = XMLValidator.validate(text);
    if (valid !== true) throw new CapError('xml', `not well-formed XML: ${valid.err.msg} (line ${valid.err.line}, column ${valid.err.col})`);
    const doc = parser.parse(text) as Node;
    const roots = Object.keys(doc).filter((k) => !k.startsWith('?') && !k.startsWith('#') && !k.startsWith('!'));
    if (roots.length !== 1) throw new CapError('alert', 'the document must have one root element, alert');
    const rootTag = roots[0];
    if (localName(rootTag) !== 'alert') throw new CapError('alert', `the root element is ${rootTag}, not alert`);
    const prefix = rootTag.includes(':') ? rootTag.slice(0, rootTag.indexOf(':')) : null;
    const rawRoot = doc[rootTag];
    const rootNode = (Array.isArray(rawRoot) ? rawRoot[0] : rawRoot) as Node | string;
    const ns = typeof rootNode === 'object' && rootNode ? rootNode[prefix ? `@_xmlns:${prefix}` : '@_xmlns'] : undefined;
    if (ns !== CAP_NS) throw new CapError('alert', `the alert must be in the namespace ${CAP_NS}${ns ? ` (found ${String(ns)})` : ''}`);
    const a = normalise(rootNode, prefix) as Node;

    const alert: CapAlert = {
      identifier: token(a, 'identifier'),
      sender: token(a, 'sender'),
      sent: time(a, 'sent', '', true),
      status: oneOf(capStatuses, req(a, 'status', ''), 'status'),
      msgType: oneOf(capMsgTypes, req(a, 'msgType', ''), 'msgType'),
      scope: 'Public',
      codes: [],
      references: [],
      infos: [],
      expired: false,
    };
    const source = opt(a, 'source', '');
    if (source !== undefined) alert.source = source;
    alert.scope = oneOf(capScopes, req(a, 'scope', ''), 'scope');
    const restriction = opt(a, 'restriction', '');
    if (restriction !== undefined) alert.restriction = restriction;
    else if (alert.scope === 'Restricted') throw new CapError('restriction', 'required when scope is Restricted');
    const addresses = opt(a, 'addresses', '');
    if (addresses !== undefined) alert.addresses = addresses;
    else if (alert.scope === 'Private') throw new CapError('addresses', 'required when scope is Private');
    alert.codes = list(a, 'code').map((c, i) => textOf(c, `code[${i}]`).trim());
    const note = opt(a, 'note', '');
    if (note !== undefined) alert.note = note;
    alert.references = references(opt(a, 'references', ''));
    const incidents = opt(a, 'incidents', '');
    if (incidents !== undefined) alert.incidents = incidents;
    alert.infos = list(a, 'info').map((v, i) => info(v, `info[${i}].`, now));
    alert.expired = alert.infos.length > 0 && alert.infos.every((i) => i.expired);
    return { ok: true, alert };
  } catch (e) {
    if (e instanceof CapError) return { ok: false, field: e.field, message: e.message };
    return { ok: false, field: 'xml', message: `cannot read the alert: ${(e as Error).message}` };
  }
}

/** The areas of an alert as one GeoJSON FeatureCollection: polygons as Polygons, circles as Points with a radius. */
export function capAreasGeoJSON(alert: CapAlert): FeatureCollection<Polygon | Point, { info: number; areaDesc: string; radiusKm?: number }> {
  const features: Feature<Polygon | Point, { info: number; areaDesc: string; radiusKm?: number }>[] = [];
  alert.infos.forEach((inf, i) => {
    for (const a of inf.areas) {
      for (const p of a.polygons) features.push({ type: 'Feature', geometry: p, properties: { info: i, areaDesc: a.areaDesc } });
      for (const c of a.circles)
        features.push({ type: 'Feature', geometry: { type: 'Point', coordinates: c.center }, properties: { info: i, areaDesc: a.areaDesc, radiusKm: c.radiusKm } });
    }
  });
  return { type: 'FeatureCollection', features };
}

// ---- export ----------------------------------------------------------------------------------------------

/** A CAP time: `YYYY-MM-DDThh:mm:ss±hh:mm` in the given offset (minutes east of UTC; UTC is written `-00:00`). */
export function capTime(t: Date | string | number, offsetMin = 0): string {
  const ms = new Date(t).getTime();
  if (!Number.isFinite(ms)) throw new RangeError(`not a time: ${String(t)}`);
  const local = new Date(Math.floor(ms / 1000) * 1000 + offsetMin * 60_000).toISOString().slice(0, 19);
  const sign = offsetMin > 0 ? '+' : '-';
  const abs = Math.abs(offsetMin);
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** What `buildCap` writes: a CAP alert in the same shape `parseCap` returns (the `expired` flags are not written). */
export type CapAlertInput = Omit<CapAlert, 'expired' | 'infos' | 'codes' | 'references'> & {
  codes?: string[];
  references?: CapReference[];
  infos: (Omit<CapInfo, 'expired' | 'responseTypes' | 'eventCodes' | 'parameters' | 'resources' | 'language'> & {
    language?: string;
    responseTypes?: CapResponseType[];
    eventCodes?: CapValuePair[];
    parameters?: CapValuePair[];
    resources?: CapResource[];
  })[];
};

const builder = new XMLBuilder({ format: true, indentBy: '  ', ignoreAttributes: false, attributeNamePrefix: '@_', suppressEmptyNode: false, processEntities: true });

const clean = (s: string) => stripControl(s);
const latLon = (p: Position) => `${p[1]},${p[0]}`;

/** Sets `key` only when there is a value, so that the builder writes no empty element. */
function put(o: Node, key: string, v: unknown) {
  if (v === undefined || v === null || (Array.isArray(v) && v.length === 0)) return;
  o[key] = v;
}

/** A time as the schema's pattern wants it (an imported `Z` or fraction rewritten in UTC, `-00:00`). */
const strictTime = (s: string | undefined) => (s === undefined || isCapTime(s, true) ? s : capTime(s, 0));

/** Writes a CAP 1.2 document; elements in the order of the standard's schema (a sequence in each element). */
export function buildCap(alert: CapAlertInput): string {
  const a: Node = { '@_xmlns': CAP_NS };
  put(a, 'identifier', clean(alert.identifier));
  put(a, 'sender', clean(alert.sender));
  put(a, 'sent', strictTime(alert.sent));
  put(a, 'status', alert.status);
  put(a, 'msgType', alert.msgType);
  put(a, 'source', alert.source && clean(alert.source));
  put(a, 'scope', alert.scope);
  put(a, 'restriction', alert.restriction && clean(alert.restriction));
  put(a, 'addresses', alert.addresses && clean(alert.addresses));
  put(a, 'code', alert.codes?.map(clean));
  put(a, 'note', alert.note && clean(alert.note));
  put(a, 'references', alert.references?.length ? alert.references.map((r) => `${r.sender},${r.identifier},${strictTime(r.sent)}`).join(' ') : undefined);
  put(a, 'incidents', alert.incidents && clean(alert.incidents));
  put(
    a,
    'info',
    alert.infos.map((i) => {
      const o: Node = {};
      put(o, 'language', i.language);
      put(o, 'category', i.categories);
      put(o, 'event', clean(i.event));
      put(o, 'responseType', i.responseTypes);
      put(o, 'urgency', i.urgency);
      put(o, 'severity', i.severity);
      put(o, 'certainty', i.certainty);
      put(o, 'audience', i.audience && clean(i.audience));
      put(o, 'eventCode', i.eventCodes?.map((p) => ({ valueName: clean(p.valueName), value: clean(p.value) })));
      put(o, 'effective', strictTime(i.effective));
      put(o, 'onset', strictTime(i.onset));
      put(o, 'expires', strictTime(i.expires));
      for (const k of ['senderName', 'headline', 'description', 'instruction', 'web', 'contact'] as const) put(o, k, i[k] && clean(i[k]));
      put(o, 'parameter', i.parameters?.map((p) => ({ valueName: clean(p.valueName), value: clean(p.value) })));
      put(
        o,
        'resource',
        i.resources?.map((r) => {
          const ro: Node = {};
          put(ro, 'resourceDesc', clean(r.resourceDesc));
          put(ro, 'mimeType', r.mimeType);
          put(ro, 'size', r.size);
          put(ro, 'uri', r.uri);
          put(ro, 'derefUri', r.derefUri);
          put(ro, 'digest', r.digest);
          return ro;
        }),
      );
      put(
        o,
        'area',
        i.areas.map((ar) => {
          const ao: Node = {};
          put(ao, 'areaDesc', clean(ar.areaDesc));
          put(ao, 'polygon', ar.polygons.map((p) => p.coordinates[0].map(latLon).join(' ')));
          put(ao, 'circle', ar.circles.map((c) => `${c.center[1]},${c.center[0]} ${c.radiusKm}`));
          put(ao, 'geocode', ar.geocodes.map((g) => ({ valueName: clean(g.valueName), value: clean(g.value) })));
          put(ao, 'altitude', ar.altitude);
          put(ao, 'ceiling', ar.altitude === undefined ? undefined : ar.ceiling);
          return ao;
        }),
      );
      return o;
    }),
  );
  const xml = `<?xml version="1.0" encoding="UTF-8"?>\n${builder.build({ alert: a }) as string}`;
  // never hand out a document the centre itself would refuse (an empty category list, a bad polygon…)
  const check = parseCap(xml);
  if (!check.ok) throw new CapExportError(check.field, check.message);
  return xml;
}

/** `buildCap` was given an alert that is not valid CAP 1.2 (a programming error, not the recipient's). */
export class CapExportError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`cannot export as CAP 1.2: ${field}: ${message}`);
  }
}

// ---- a centre incident as CAP ----------------------------------------------------------------------------

/** The centre's alarm severities (issue 13), highest first. */
export type CentreSeverity = 'critical' | 'major' | 'minor' | 'warning' | 'info';
export type IncidentState = 'new' | 'assigned' | 'fixed' | 'verified';

/** What the export needs of an incident (a camera incident case, an alarm, an imported alert). */
export interface CapIncident {
  id: string;
  /** detection type (`ingest/schema/incidents.ts` incidentTypes) or another kind of problem */
  type: string;
  severity: CentreSeverity;
  state: IncidentState;
  lat: number;
  lon: number;
  /** the affected radius; 0.1 km by default (a point problem) */
  radiusKm?: number;
  district?: string | null;
  /** the district's name for people, used as the area description */
  districtName?: string;
  title?: string;
  description?: string;
  firstSeen: string;
  lastSeen?: string;
  /** detections merged into the incident */
  count?: number;
  /** detector confidence 0–1 of the latest detection */
  confidence?: number;
  cameraId?: string;
  /** the case ends: written as the info's `expires` */
  expires?: string;
  photoUrl?: string;
}

export interface CapExportOptions {
  /** `sender` of the alerts the centre writes; default `situation-centre@astana.gov.kz` */
  sender?: string;
  senderName?: string;
  /** written as `sent`; default now */
  sent?: Date;
  /** the offset of the written times, minutes east of UTC (Astana: 300); default 0, written `-00:00` */
  offsetMin?: number;
  status?: CapStatus;
  language?: string;
}

/** CAP category of each detection type (CAP 1.2 3.2.2: Met includes floods, Infra utilities, Env pollution). */
export const capCategoryOf: Record<string, CapCategory> = {
  snow_not_cleared: 'Transport',
  ice: 'Transport',
  flooding: 'Met',
  open_manhole: 'Safety',
  illegal_dumping: 'Env',
  overflowing_bin: 'Env',
  road_damage: 'Transport',
  streetlight_out: 'Infra',
  fallen_tree: 'Safety',
  fire_smoke: 'Fire',
  traffic_accident: 'Transport',
};

/** Severity (CAP 1.2: Severe = significant threat to life or property; Minor = minimal to none). */
export const capSeverityOf: Record<CentreSeverity, CapSeverity> = { critical: 'Severe', major: 'Moderate', minor: 'Minor', warning: 'Minor', info: 'Minor' };

function certaintyOf(i: CapIncident): CapCertainty {
  if (i.state === 'verified' || (i.count ?? 1) >= 2) return 'Observed';
  const c = i.confidence;
  if (c === undefined || c >= 0.8) return 'Observed';
  if (c >= 0.5) return 'Likely';
  return 'Possible';
}

const safeToken = (s: string) => {
  let out = '';
  for (const ch of s) out += ch === ' ' || ch === ',' || ch === '<' || ch === '&' || ch.charCodeAt(0) < 0x20 ? '_' : ch;
  return out;
};

/** A centre incident as a CAP alert (an object `buildCap` writes): one info, one circular area. */
export function incidentToCapAlert(inc: CapIncident, opts: CapExportOptions = {}): CapAlertInput {
  const off = opts.offsetMin ?? 0;
  const resolved = inc.state === 'fixed' || inc.state === 'verified';
  const parameters: CapValuePair[] = [
    { valueName: 'incidentType', value: inc.type },
    { valueName: 'incidentState', value: inc.state },
    { valueName: 'firstSeen', value: capTime(inc.firstSeen, off) },
  ];
  if (inc.lastSeen) parameters.push({ valueName: 'lastSeen', value: capTime(inc.lastSeen, off) });
  if (inc.count !== undefined) parameters.push({ valueName: 'detections', value: String(inc.count) });
  if (inc.cameraId) parameters.push({ valueName: 'cameraId', value: inc.cameraId });
  const area: CapArea = {
    areaDesc: inc.districtName ?? inc.district ?? `${inc.lat.toFixed(5)}, ${inc.lon.toFixed(5)}`,
    polygons: [],
    circles: [{ center: [inc.lon, inc.lat], radiusKm: inc.radiusKm ?? 0.1 }],
    geocodes: inc.district ? [{ valueName: 'district', value: inc.district }] : [],
  };
  const event = inc.type.replaceAll('_', ' ');
  return {
    identifier: `${safeToken(opts.sender ?? 'situation-centre@astana.gov.kz')}-incident-${safeToken(inc.id)}`,
    sender: safeToken(opts.sender ?? 'situation-centre@astana.gov.kz'),
    sent: capTime(opts.sent ?? new Date(), off),
    status: opts.status ?? 'Actual',
    msgType: 'Alert',
    scope: 'Public',
    infos: [
      {
        language: opts.language ?? 'ru-KZ',
        categories: [capCategoryOf[inc.type] ?? 'Other'],
        event,
        responseTypes: [resolved ? 'AllClear' : 'Monitor'],
        urgency: resolved ? 'Past' : inc.severity === 'critical' ? 'Immediate' : 'Expected',
        severity: capSeverityOf[inc.severity],
        certainty: certaintyOf(inc),
        effective: capTime(inc.firstSeen, off),
        expires: inc.expires ? capTime(inc.expires, off) : undefined,
        senderName: opts.senderName,
        headline: inc.title ?? event,
        description: inc.description,
        parameters,
        resources: inc.photoUrl ? [{ resourceDesc: 'photo', mimeType: 'image/jpeg', uri: inc.photoUrl }] : [],
        areas: [area],
      },
    ],
  };
}

/** A centre incident as a CAP 1.2 document. */
export function toCap(inc: CapIncident, opts: CapExportOptions = {}): string {
  return buildCap(incidentToCapAlert(inc, opts));
}
