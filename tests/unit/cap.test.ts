// CAP 1.2 import and export (server/operations/cap.ts): the standard's own Appendix A examples, malformed XML,
// every required element missing in turn, the enumerations, and export → import round trips. Exports are checked
// against the element structure of the standard's XML schema, written out below from the spec (not taken from
// the code under test) and read with another XML parser (saxes).
import { readFileSync } from 'node:fs';
import { SaxesParser } from 'saxes';
import { describe, expect, it } from 'vitest';
import { buildCap, capAreasGeoJSON, capTime, CAP_NS, CapExportError, parseCap, toCap, type CapAlert, type CapIncident } from '../../server/operations/cap';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/cap/${name}.xml`, import.meta.url), 'utf8');
const A1 = fixture('a1-homeland-security');
const A2 = fixture('a2-thunderstorm');
const A3 = fixture('a3-earthquake');
const A4 = fixture('a4-amber');
const NOW = Date.parse('2026-12-03T08:00:00Z');

function parsed(xml: string, now = NOW): CapAlert {
  const r = parseCap(xml, { now });
  if (!r.ok) throw new Error(`expected ok, got ${r.field}: ${r.message}`);
  return r.alert;
}
const refused = (xml: string) => parseCap(xml, { now: NOW });

/** Removes the n-th (0-based) `<name>…</name>` element from a document. */
function without(xml: string, name: string, n = 0): string {
  let from = 0;
  for (let i = 0; ; i++) {
    const start = xml.indexOf(`<${name}>`, from);
    if (start < 0) throw new Error(`no <${name}> #${n}`);
    const end = xml.indexOf(`</${name}>`, start) + name.length + 3;
    if (i === n) return xml.slice(0, start) + xml.slice(end);
    from = end;
  }
}
/** Replaces the text of the n-th `<name>` element. */
function withText(xml: string, name: string, text: string, n = 0): string {
  let from = 0;
  for (let i = 0; ; i++) {
    const start = xml.indexOf(`<${name}>`, from);
    if (start < 0) throw new Error(`no <${name}> #${n}`);
    const open = start + name.length + 2;
    const end = xml.indexOf(`</${name}>`, open);
    if (i === n) return xml.slice(0, open) + text + xml.slice(end);
    from = end;
  }
}

// ---- the structure of CAP 1.2 (OASIS, section 3.4 "XML Schema"): each element's children as a sequence --------
type Occ = [name: string, min: number, max: number];
const many = Infinity;
const SEQUENCES: Record<string, Occ[]> = {
  alert: [
    ['identifier', 1, 1], ['sender', 1, 1], ['sent', 1, 1], ['status', 1, 1], ['msgType', 1, 1], ['source', 0, 1], ['scope', 1, 1],
    ['restriction', 0, 1], ['addresses', 0, 1], ['code', 0, many], ['note', 0, 1], ['references', 0, 1], ['incidents', 0, 1], ['info', 0, many],
  ],
  info: [
    ['language', 0, 1], ['category', 1, many], ['event', 1, 1], ['responseType', 0, many], ['urgency', 1, 1], ['severity', 1, 1], ['certainty', 1, 1],
    ['audience', 0, 1], ['eventCode', 0, many], ['effective', 0, 1], ['onset', 0, 1], ['expires', 0, 1], ['senderName', 0, 1], ['headline', 0, 1],
    ['description', 0, 1], ['instruction', 0, 1], ['web', 0, 1], ['contact', 0, 1], ['parameter', 0, many], ['resource', 0, many], ['area', 0, many],
  ],
  eventCode: [['valueName', 1, 1], ['value', 1, 1]],
  parameter: [['valueName', 1, 1], ['value', 1, 1]],
  geocode: [['valueName', 1, 1], ['value', 1, 1]],
  resource: [['resourceDesc', 1, 1], ['mimeType', 1, 1], ['size', 0, 1], ['uri', 0, 1], ['derefUri', 0, 1], ['digest', 0, 1]],
  area: [['areaDesc', 1, 1], ['polygon', 0, many], ['circle', 0, many], ['geocode', 0, many], ['altitude', 0, 1], ['ceiling', 0, 1]],
};
const ENUMS: Record<string, string[]> = {
  status: ['Actual', 'Exercise', 'System', 'Test', 'Draft'],
  msgType: ['Alert', 'Update', 'Cancel', 'Ack', 'Error'],
  scope: ['Public', 'Restricted', 'Private'],
  category: ['Geo', 'Met', 'Safety', 'Security', 'Rescue', 'Fire', 'Health', 'Env', 'Transport', 'Infra', 'CBRNE', 'Other'],
  responseType: ['Shelter', 'Evacuate', 'Prepare', 'Execute', 'Avoid', 'Monitor', 'Assess', 'AllClear', 'None'],
  urgency: ['Immediate', 'Expected', 'Future', 'Past', 'Unknown'],
  severity: ['Extreme', 'Severe', 'Moderate', 'Minor', 'Unknown'],
  certainty: ['Observed', 'Likely', 'Possible', 'Unlikely', 'Unknown'],
};
// the schema's dateTime restriction: no `Z`, no fractions
const XSD_TIME = /^\d\d\d\d-\d\d-\d\dT\d\d:\d\d:\d\d[-+]\d\d:\d\d$/;
const TIMES = new Set(['sent', 'effective', 'onset', 'expires']);

interface El {
  name: string;
  ns: string;
  children: El[];
  text: string;
}

/** Problems of a document against the CAP 1.2 structure (empty = valid). */
function capProblems(xml: string): string[] {
  const problems: string[] = [];
  const p = new SaxesParser({ xmlns: true });
  const stack: El[] = [];
  let root: El | null = null;
  p.on('error', (e) => problems.push(`not well-formed: ${e.message}`));
  p.on('opentag', (t) => {
    const el: El = { name: t.local ?? t.name, ns: t.uri ?? '', children: [], text: '' };
    if (stack.length) stack[stack.length - 1].children.push(el);
    else root = el;
    stack.push(el);
  });
  p.on('text', (t) => {
    if (stack.length) stack[stack.length - 1].text += t;
  });
  p.on('closetag', () => void stack.pop());
  p.write(xml).close();
  if (!root) return [...problems, 'no root element'];
  const top = root as El;
  if (top.name !== 'alert' || top.ns !== CAP_NS) problems.push(`root is {${top.ns}}${top.name}`);
  const walk = (el: El, path: string) => {
    if (el.ns !== CAP_NS) problems.push(`${path}: namespace ${el.ns}`);
    const seq = SEQUENCES[el.name];
    if (!seq) {
      if (el.children.length) problems.push(`${path}: a text element with children`);
      const v = el.text.trim();
      if (ENUMS[el.name] && !ENUMS[el.name].includes(v)) problems.push(`${path}: "${v}" not allowed`);
      if (TIMES.has(el.name) && !XSD_TIME.test(v)) problems.push(`${path}: "${v}" is not a CAP dateTime`);
      if (v === '') problems.push(`${path}: empty`);
      return;
    }
    let k = 0;
    for (const [name, min, max] of seq) {
      let n = 0;
      while (k < el.children.length && el.children[k].name === name) {
        walk(el.children[k], `${path}/${name}[${n}]`);
        n++;
        k++;
      }
      if (n < min) problems.push(`${path}: ${name} missing`);
      if (n > max) problems.push(`${path}: ${name} more than ${max}`);
    }
    if (k < el.children.length) problems.push(`${path}: ${el.children[k].name} out of order or unknown`);
  };
  walk(top, '/alert');
  return problems;
}

describe('the structure check itself', () => {
  it('passes the standard examples and fails a document out of order', () => {
    for (const x of [A1, A2, A3, A4]) expect(capProblems(x)).toEqual([]);
    const swapped = A1.replace('<status>Actual</status>', '').replace('<scope>Public</scope>', '<scope>Public</scope><status>Actual</status>');
    expect(capProblems(swapped)).toEqual(['/alert: status missing', '/alert: status out of order or unknown']);
    expect(capProblems(A2.replace('-07:00</sent>', 'Z</sent>'))).toEqual(['/alert/sent[0]: "2003-06-17T14:57:00Z" is not a CAP dateTime']);
  });
});

describe('import: the CAP 1.2 Appendix A examples', () => {
  it('A.1 Homeland Security Advisory System alert', () => {
    const a = parsed(A1);
    expect(a).toMatchObject({ identifier: '43b080713727', sender: 'hsas@dhs.gov', sent: '2003-04-02T14:39:01-05:00', status: 'Actual', msgType: 'Alert', scope: 'Public' });
    expect(a.infos).toHaveLength(1);
    const i = a.infos[0];
    expect(i).toMatchObject({ language: 'en-US', categories: ['Security'], event: 'Homeland Security Advisory System Update', urgency: 'Immediate', severity: 'Severe', certainty: 'Likely' });
    expect(i.instruction?.startsWith('A High Condition is declared')).toBe(true);
    expect(i.parameters).toEqual([{ valueName: 'HSAS', value: 'ORANGE' }]);
    expect(i.resources).toEqual([{ resourceDesc: 'Image file (GIF)', mimeType: 'image/gif', uri: 'http://www.dhs.gov/dhspublic/getAdvisoryImage' }]);
    expect(i.areas).toEqual([{ areaDesc: 'U.S. nationwide and interests worldwide', polygons: [], circles: [], geocodes: [] }]);
    // no expires: never expired
    expect([i.expired, a.expired]).toEqual([false, false]);
  });

  it('A.2 severe thunderstorm warning: a polygon as GeoJSON [lon, lat], geocodes kept as text, expired', () => {
    const a = parsed(A2);
    const i = a.infos[0];
    expect(i.responseTypes).toEqual(['Shelter']);
    expect(i.eventCodes).toEqual([{ valueName: 'SAME', value: 'SVR' }]);
    expect(i.areas[0].polygons).toEqual([
      { type: 'Polygon', coordinates: [[[-120.14, 38.47], [-119.95, 38.34], [-119.74, 38.52], [-119.89, 38.62], [-120.14, 38.47]]] },
    ]);
    expect(i.areas[0].geocodes.map((g) => g.value)).toEqual(['006109', '006009', '006003']);
    expect(i.expires).toBe('2003-06-17T16:00:00-07:00');
    expect([i.expired, a.expired]).toEqual([true, true]);
    // the same alert read while it was in force
    expect(parsed(A2, Date.parse('2003-06-17T15:30:00-07:00')).expired).toBe(false);
    const geo = capAreasGeoJSON(a);
    expect(geo.features).toHaveLength(1);
    expect(geo.features[0].geometry.type).toBe('Polygon');
  });

  it('A.3 earthquake update: references and a circle', () => {
    const a = parsed(A3);
    expect(a.msgType).toBe('Update');
    expect(a.references).toEqual([{ sender: 'trinet@caltech.edu', identifier: 'TRI13970876.1', sent: '2003-06-11T20:30:00-07:00' }]);
    const i = a.infos[0];
    expect(i).toMatchObject({ categories: ['Geo'], urgency: 'Past', severity: 'Minor', certainty: 'Observed' });
    expect(i.parameters.map((p) => `${p.valueName}=${p.value}`)).toEqual(['EventID=13970876', 'Version=1', 'Magnitude=3.4 Ml', 'Depth=11.8 mi.', 'Quality=Excellent']);
    expect(i.areas[0].circles).toEqual([{ center: [-115.5527, 32.9525], radiusKm: 0 }]);
    expect(capAreasGeoJSON(a).features).toEqual([
      { type: 'Feature', geometry: { type: 'Point', coordinates: [-115.5527, 32.9525] }, properties: { info: 0, areaDesc: i.areas[0].areaDesc, radiusKm: 0 } },
    ]);
  });

  it('A.4 AMBER alert in two languages', () => {
    const a = parsed(A4);
    expect(a.source).toBe('SW');
    expect(a.infos.map((i) => [i.language, i.event])).toEqual([
      ['en-US', 'Child Abduction'],
      ['es-US', 'Abducción de Niño'],
    ]);
    expect(a.infos[1].areas[0]).toEqual({ areaDesc: 'condado de Los Ángeles', polygons: [], circles: [], geocodes: [{ valueName: 'SAME', value: '006037' }] });
  });

  it('reads a prefixed namespace and skips elements of other namespaces', () => {
    const prefixed = `<?xml version="1.0"?>
<cap:alert xmlns:cap="${CAP_NS}" xmlns:ds="http://www.w3.org/2000/09/xmldsig#">
  <cap:identifier>X-1</cap:identifier><cap:sender>a@b</cap:sender><cap:sent>2026-12-03T10:00:00+05:00</cap:sent>
  <cap:status>Test</cap:status><cap:msgType>Alert</cap:msgType><cap:scope>Public</cap:scope>
  <cap:info><cap:category>Met</cap:category><cap:event>Snow</cap:event><cap:urgency>Expected</cap:urgency>
    <cap:severity>Moderate</cap:severity><cap:certainty>Likely</cap:certainty>
    <cap:area><cap:areaDesc>Astana</cap:areaDesc><cap:circle>51.128,71.43 5</cap:circle></cap:area></cap:info>
  <ds:Signature><ds:SignedInfo>x</ds:SignedInfo></ds:Signature>
</cap:alert>`;
    const a = parsed(prefixed);
    expect(a.status).toBe('Test');
    expect(a.infos[0].areas[0].circles).toEqual([{ center: [71.43, 51.128], radiusKm: 5 }]);
  });
});

describe('import refuses malformed documents, naming the problem', () => {
  it.each([
    ['an unclosed element', A1.replace('</identifier>', ''), 'xml', /not well-formed/],
    ['not XML at all', 'hello, world', 'xml', /./],
    ['an empty body', '   ', 'xml', /empty/],
    ['another root element', '<feed xmlns="http://www.w3.org/2005/Atom"><title>x</title></feed>', 'alert', /root element is feed/],
    ['the CAP 1.1 namespace', A1.replace('cap:1.2', 'cap:1.1'), 'alert', /urn:oasis:names:tc:emergency:cap:1\.2 \(found urn:oasis:names:tc:emergency:cap:1\.1\)/],
    ['no namespace', A1.replace(` xmlns = "${CAP_NS}"`, ''), 'alert', /namespace/],
  ])('%s', (_name, xml, field, message) => {
    const r = refused(xml);
    expect(r).toMatchObject({ ok: false, field });
    if (!r.ok) expect(r.message).toMatch(message);
  });

  it.each(['identifier', 'sender', 'sent', 'status', 'msgType', 'scope'])('a missing <%s> is named', (name) => {
    expect(refused(without(A2, name))).toEqual({ ok: false, field: name, message: 'required element is missing or empty' });
  });

  it.each(['category', 'event', 'urgency', 'severity', 'certainty'])('a missing <%s> in info is named with its info', (name) => {
    expect(refused(without(A2, name))).toMatchObject({ ok: false, field: `info[0].${name}` });
    // and in the second info of the multilingual alert
    expect(refused(without(A4, name, 1))).toMatchObject({ ok: false, field: `info[1].${name}` });
  });

  it('an empty required element counts as missing', () => {
    expect(refused(withText(A2, 'event', ' '))).toEqual({ ok: false, field: 'info[0].event', message: 'required element is missing or empty' });
  });

  it('missing parts of resources and areas are named', () => {
    expect(refused(without(A1, 'mimeType'))).toMatchObject({ field: 'info[0].resource[0].mimeType' });
    expect(refused(without(A1, 'resourceDesc'))).toMatchObject({ field: 'info[0].resource[0].resourceDesc' });
    expect(refused(without(A1, 'areaDesc'))).toMatchObject({ field: 'info[0].area[0].areaDesc' });
    expect(refused(without(A3, 'valueName', 2))).toMatchObject({ field: 'info[0].parameter[2].valueName' });
  });

  it.each([
    ['status', 'Real', 'status'],
    ['msgType', 'Alarm', 'msgType'],
    ['scope', 'Everyone', 'scope'],
    ['category', 'Weather', 'info[0].category[0]'],
    ['responseType', 'Run', 'info[0].responseType[0]'],
    ['urgency', 'Now', 'info[0].urgency'],
    ['severity', 'High', 'info[0].severity'],
    ['certainty', 'Very Likely', 'info[0].certainty'], // CAP 1.1's deprecated value, gone in 1.2
  ])('<%s> outside its enumeration (%s) is refused', (name, value, field) => {
    const r = refused(withText(A2, name, value));
    expect(r).toMatchObject({ ok: false, field });
    if (!r.ok) expect(r.message).toContain(`"${value}" is not one of`);
  });

  it.each([
    ['sent without an offset', withText(A2, 'sent', '2003-06-17T14:57:00'), 'sent'],
    ['expires not a time', withText(A2, 'expires', 'tomorrow'), 'info[0].expires'],
    ['an identifier with a space', withText(A2, 'identifier', 'KSTO 1055887203'), 'identifier'],
    ['a sender with a comma', withText(A2, 'sender', 'a,b'), 'sender'],
    ['an open polygon', withText(A2, 'polygon', '38.47,-120.14 38.34,-119.95 38.52,-119.74 38.62,-119.89'), 'info[0].area[0].polygon[0]'],
    ['a polygon of 3 points', withText(A2, 'polygon', '38.47,-120.14 38.34,-119.95 38.47,-120.14'), 'info[0].area[0].polygon[0]'],
    ['a polygon point out of range', withText(A2, 'polygon', '98.47,-120.14 38.34,-119.95 38.52,-119.74 98.47,-120.14'), 'info[0].area[0].polygon[0]'],
    ['a circle without a radius', withText(A3, 'circle', '32.9525,-115.5527'), 'info[0].area[0].circle[0]'],
    ['a circle with a negative radius', withText(A3, 'circle', '32.9525,-115.5527 -1'), 'info[0].area[0].circle[0]'],
    ['a malformed reference', withText(A3, 'references', 'trinet@caltech.edu,TRI13970876.1'), 'references'],
    ['scope Restricted without restriction', withText(A2, 'scope', 'Restricted'), 'restriction'],
    ['scope Private without addresses', withText(A2, 'scope', 'Private'), 'addresses'],
    ['two identifiers', A2.replace('<sender>', '<identifier>again</identifier><sender>'), 'identifier'],
    ['an element where text belongs', withText(A2, 'event', '<b>SEVERE</b>'), 'info[0].event'],
  ])('%s', (_name, xml, field) => {
    expect(refused(xml)).toMatchObject({ ok: false, field });
  });

  it('never throws on truncated or garbled documents', () => {
    let refusedCount = 0;
    for (let i = 0; i < 600; i++) {
      const cut = A2.slice(0, Math.floor((i / 600) * A2.length));
      const pos = (i * 7919) % A4.length;
      const garbled = A4.slice(0, pos) + String.fromCharCode(i % 256) + A4.slice(pos + 1);
      for (const xml of [cut, garbled]) {
        const r = parseCap(xml, { now: NOW });
        if (!r.ok) {
          refusedCount++;
          expect(typeof r.field).toBe('string');
          expect(r.message.length).toBeGreaterThan(0);
        }
      }
    }
    // every truncation is refused (none is a whole document); most single-character changes are too
    expect(refusedCount).toBeGreaterThan(600);
  });

  it('keeps a restricted alert that says its restriction', () => {
    const xml = withText(A2, 'scope', 'Restricted').replace('</scope>', '</scope><restriction>operators only</restriction>');
    expect(parsed(xml)).toMatchObject({ scope: 'Restricted', restriction: 'operators only' });
  });

  it('accepts `Z` and fractions of a second on import, which some feeds send', () => {
    expect(parsed(withText(A2, 'sent', '2003-06-17T21:57:00.000Z')).sent).toBe('2003-06-17T21:57:00.000Z');
  });
});

const incident: CapIncident = {
  id: 'inc-42',
  type: 'open_manhole',
  severity: 'critical',
  state: 'new',
  lat: 51.128207,
  lon: 71.430411,
  radiusKm: 0.05,
  district: 'astana-yesil',
  districtName: 'Есиль',
  title: 'Открытый люк',
  description: 'Camera 17 sees an open manhole at the crossing of Kabanbay Batyr & Turan <north side>',
  firstSeen: '2026-12-03T07:40:00.000Z',
  lastSeen: '2026-12-03T07:55:00.000Z',
  count: 4,
  confidence: 0.93,
  cameraId: 'cam-17',
  expires: '2026-12-04T07:40:00.000Z',
  photoUrl: 'https://cams.example/17/frame.jpg',
};

describe('export: an incident as CAP 1.2', () => {
  it('writes a document with the structure the standard requires', () => {
    const xml = toCap(incident, { sent: new Date('2026-12-03T08:00:00Z'), offsetMin: 300 });
    expect(capProblems(xml)).toEqual([]);
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">')).toBe(true);
  });

  it('reads back as what was exported (export → import)', () => {
    const a = parsed(toCap(incident, { sent: new Date('2026-12-03T08:00:00Z'), offsetMin: 300, sender: 'centre@astana.gov.kz' }));
    expect(a).toMatchObject({ identifier: 'centre@astana.gov.kz-incident-inc-42', sender: 'centre@astana.gov.kz', sent: '2026-12-03T13:00:00+05:00', status: 'Actual', msgType: 'Alert', scope: 'Public', expired: false });
    const i = a.infos[0];
    expect(i).toMatchObject({ categories: ['Safety'], event: 'open manhole', urgency: 'Immediate', severity: 'Severe', certainty: 'Observed', responseTypes: ['Monitor'], headline: 'Открытый люк' });
    expect(i.description).toBe(incident.description); // & and < survive
    expect(i.effective).toBe('2026-12-03T12:40:00+05:00');
    expect(Date.parse(i.expires!)).toBe(Date.parse(incident.expires!));
    expect(i.areas).toEqual([{ areaDesc: 'Есиль', polygons: [], circles: [{ center: [71.430411, 51.128207], radiusKm: 0.05 }], geocodes: [{ valueName: 'district', value: 'astana-yesil' }] }]);
    expect(Object.fromEntries(i.parameters.map((p) => [p.valueName, p.value]))).toEqual({
      incidentType: 'open_manhole',
      incidentState: 'new',
      firstSeen: '2026-12-03T12:40:00+05:00',
      lastSeen: '2026-12-03T12:55:00+05:00',
      detections: '4',
      cameraId: 'cam-17',
    });
    expect(i.resources).toEqual([{ resourceDesc: 'photo', mimeType: 'image/jpeg', uri: 'https://cams.example/17/frame.jpg' }]);
  });

  it('a fixed incident is an all-clear of the past; a weak single detection is only possible', () => {
    const fixed = parsed(toCap({ ...incident, state: 'fixed', severity: 'minor' }));
    expect(fixed.infos[0]).toMatchObject({ responseTypes: ['AllClear'], urgency: 'Past', severity: 'Minor' });
    const weak = parsed(toCap({ ...incident, count: 1, confidence: 0.3, severity: 'major', type: 'something_new' }));
    expect(weak.infos[0]).toMatchObject({ certainty: 'Possible', severity: 'Moderate', urgency: 'Expected', categories: ['Other'] });
  });

  it('an expired incident exports and imports as expired, and control characters never reach the XML', () => {
    const xml = toCap({ ...incident, expires: '2026-12-01T00:00:00Z', title: 'bad\u0001title', id: 'a b,c' });
    expect(capProblems(xml)).toEqual([]);
    const a = parsed(xml);
    expect(a.expired).toBe(true);
    expect(a.infos[0].headline).toBe('badtitle');
    expect(a.identifier).toBe('situation-centre@astana.gov.kz-incident-a_b_c');
  });
});

describe('export refuses to write what is not CAP 1.2', () => {
  it('an info without category, or a polygon that does not close, throws instead of writing', () => {
    const a = parsed(A2);
    expect(() => buildCap({ ...a, infos: [{ ...a.infos[0], categories: [] }] })).toThrow(CapExportError);
    expect(() => buildCap({ ...a, infos: [{ ...a.infos[0], categories: [] }] })).toThrow(/info\[0\]\.category/);
    const open = { type: 'Polygon' as const, coordinates: [[[71.4, 51.1], [71.5, 51.1], [71.5, 51.2], [71.4, 51.2]]] };
    const areas = [{ ...a.infos[0].areas[0], polygons: [open] }];
    expect(() => buildCap({ ...a, infos: [{ ...a.infos[0], areas }] })).toThrow(/polygon\[0\]: the first and last points/);
  });

  it('reads a document that starts with a byte-order mark', () => {
    expect(parsed(`\uFEFF${A1}`).identifier).toBe('43b080713727');
    expect(parseCap(Buffer.from(`\uFEFF${A1}`, 'utf8'), { now: NOW }).ok).toBe(true);
  });
});

describe('round trip of the standard examples: import → export → import', () => {
  it.each([
    ['A.1', A1],
    ['A.2', A2],
    ['A.3', A3],
    ['A.4', A4],
  ])('%s comes back the same and well-structured', (_name, xml) => {
    const first = parsed(xml);
    const out = buildCap(first);
    expect(capProblems(out)).toEqual([]);
    expect(parsed(out)).toEqual(first);
  });

  it('an imported `Z` time is written as the schema wants it', () => {
    const a = parsed(withText(A2, 'sent', '2003-06-17T21:57:00.500Z'));
    const out = buildCap(a);
    expect(capProblems(out)).toEqual([]);
    expect(parsed(out).sent).toBe('2003-06-17T21:57:00-00:00');
  });
});

describe('capTime', () => {
  it('writes UTC as -00:00 and Astana as +05:00, without fractions', () => {
    expect(capTime('2026-12-03T08:00:00.789Z')).toBe('2026-12-03T08:00:00-00:00');
    expect(capTime('2026-12-03T08:00:00Z', 300)).toBe('2026-12-03T13:00:00+05:00');
    expect(capTime('2026-12-03T08:00:00Z', -450)).toBe('2026-12-03T00:30:00-07:30');
    expect(Date.parse(capTime(0, 300))).toBe(0);
  });
});
