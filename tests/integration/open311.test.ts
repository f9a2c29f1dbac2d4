// Open311 GeoReport v2 as a stock client speaks it: form-encoded POST with api_key, .json and .xml, the spec's
// error format, no contact data in public GETs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SaxesParser } from 'saxes';
import { pgCentre, type TestCentre } from '../helpers/centre';
import { MOSQUITTO_URL, appeal, publishAll, uid, waitFor } from '../helpers/services';

const KEY = 'test-open311-key-0123456789';

describe('Open311 GeoReport v2', () => {
  let c: TestCentre;
  beforeAll(async () => {
    c = await pgCentre({ OPEN311_API_KEYS: KEY });
  });
  afterAll(() => c?.cleanup());

  const get = async (path: string) => {
    const r = await fetch(`${c.url}/open311/v2/${path}`);
    return { status: r.status, type: r.headers.get('content-type') ?? '', body: await r.text() };
  };
  const post = async (fields: Record<string, string>, format = 'json') => {
    const r = await fetch(`${c.url}/open311/v2/requests.${format}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() });
    return { status: r.status, type: r.headers.get('content-type') ?? '', body: await r.text() };
  };

  it('answers discovery and the service list in JSON and XML', async () => {
    const d = JSON.parse((await get('discovery.json')).body);
    expect(d.endpoints[0]).toMatchObject({ specification: 'http://wiki.open311.org/GeoReport_v2', formats: ['application/json', 'text/xml'] });
    const services = JSON.parse((await get('services.json')).body);
    expect(services.length).toBeGreaterThan(90);
    expect(services.find((s: any) => s.service_code === 'heating.no_heat')).toMatchObject({ service_name: 'Нет отопления / слабое отопление', metadata: false, type: 'realtime' });
    const xml = await get('services.xml');
    expect(xml.type).toMatch(/text\/xml/);
    expect(xml.body).toMatch(/^<\?xml version="1.0" encoding="utf-8"\?><services><service><service_code>electricity.supply<\/service_code>/);
    expect(JSON.parse((await get('services/heating.no_heat.json')).body)).toEqual({ service_code: 'heating.no_heat', attributes: [] });
    expect((await get('services/nope.nope.json')).status).toBe(404);
  });

  it('takes a POST from a client with an api_key and returns the request id', async () => {
    const r = await post({ api_key: KEY, service_code: 'street_lighting.lamp_out', lat: '51.128', long: '71.43', description: 'Не горит фонарь у подъезда', first_name: 'Ержан', phone: '+77017778899', email: 'e@example.kz' });
    expect(r.status).toBe(201);
    const [created] = JSON.parse(r.body);
    expect(created.service_request_id).toMatch(/^AST-\d{4}-\d{7}$/);
    expect(created.service_notice).toMatch(/^Срок рассмотрения до \d{4}-\d{2}-\d{2}$/);

    const one = JSON.parse((await get(`requests/${created.service_request_id}.json`)).body);
    expect(one[0]).toMatchObject({ service_request_id: created.service_request_id, status: 'open', service_code: 'street_lighting.lamp_out', lat: 51.128, long: 71.43, agency_responsible: 'ТОО «Астана жарык»', description: 'Не горит фонарь у подъезда' });
    const all = await get('requests.json?service_code=street_lighting.lamp_out&status=open');
    expect(JSON.parse(all.body).map((x: any) => x.service_request_id)).toContain(created.service_request_id);
    expect(all.body).not.toMatch(/77017778899|Ержан|example\.kz/);
    const xml = await get(`requests/${created.service_request_id}.xml`);
    expect(xml.body).toContain(`<service_requests><request><service_request_id>${created.service_request_id}</service_request_id><status>open</status>`);
    expect(xml.body).not.toMatch(/77017778899/);

    // the appeal moves; the updates extension and the status follow
    const id = (await c.get(`/api/appeals/${created.service_request_id}`)).appeal.id;
    await c.send('POST', `/api/appeals/${id}/transitions`, { action: 'answer', text: 'Фонарь заменён 24.11.2026, освещение восстановлено.' });
    const closed = JSON.parse((await get(`requests.json?service_request_id=${created.service_request_id}`)).body);
    expect(closed[0]).toMatchObject({ status: 'closed', status_notes: 'answered; awaiting the citizen’s confirmation' });
    const updates = JSON.parse((await get(`servicerequestupdates.json?start_date=${encodeURIComponent(new Date(Date.now() - 60_000).toISOString())}`)).body);
    expect(updates.filter((u: any) => u.service_request_id === created.service_request_id).map((u: any) => u.status)).toEqual(['open', 'open', 'closed']);
  });

  it('answers bad requests in the spec error format, storing nothing', async () => {
    const count = async () => Number((await c.db.query<any>('SELECT count(*)::int AS n FROM appeal_state'))[0].n);
    const before = await count();
    const cases: [Record<string, string>, number, RegExp][] = [
      [{ service_code: 'roads.repair', lat: '51.1', long: '71.4' }, 403, /invalid api_key/],
      [{ api_key: 'wrong', service_code: 'roads.repair', lat: '51.1', long: '71.4' }, 403, /invalid api_key/],
      [{ api_key: KEY, service_code: 'roads.teleport', lat: '51.1', long: '71.4' }, 400, /unknown service_code/],
      [{ api_key: KEY, service_code: 'roads.repair', description: 'no place' }, 400, /location is required/],
      [{ api_key: KEY, service_code: 'roads.repair', lat: 'north', long: '71.4' }, 400, /^lat: /],
      [{ api_key: KEY, service_code: 'roads.repair', lat: '51.1', long: '971.4' }, 400, /^long: /],
    ];
    for (const [fields, status, msg] of cases) {
      const r = await post(fields);
      expect(r.status).toBe(status);
      const [err] = JSON.parse(r.body);
      expect(err.code).toBe(status);
      expect(err.description).toMatch(msg);
    }
    const x = await post({ api_key: KEY, service_code: 'roads.teleport', lat: '51.1', long: '71.4' }, 'xml');
    expect(x.body).toMatch(/<errors><error><code>400<\/code><description>unknown service_code roads.teleport<\/description><\/error><\/errors>/);
    expect(await count()).toBe(before);
    expect((await get('requests/AST-1999-0000000.json')).status).toBe(404);
    expect((await get('requests.json?start_date=yesterday')).status).toBe(400);
  });

  /** An appeal as a channel sends it over MQTT, registered; its number. */
  const intake = async (extra: Record<string, unknown>) => {
    const id = uid('o311priv');
    await publishAll(MOSQUITTO_URL, [{ topic: `${c.prefix}appeals`, payload: JSON.stringify(appeal(id, extra)) }]);
    const row = await waitFor(async () => (await c.db.query<{ number: string }>('SELECT number FROM appeal_state WHERE id = $1', [id]))[0]);
    expect(row?.number).toMatch(/^AST-\d{4}-\d{7}$/);
    return { id, number: row.number };
  };

  /** A strict XML 1.0 parser: throws on anything not well-formed, forbidden characters included. */
  const parseXml = (xml: string) => {
    const texts = new Map<string, string[]>();
    const p = new SaxesParser();
    let open = '';
    p.on('opentag', (t) => (open = t.name));
    p.on('text', (t) => texts.set(open, [...(texts.get(open) ?? []), t]));
    p.on('error', (e) => {
      throw e;
    });
    p.write(xml).close();
    return texts;
  };

  it("public reads redact the citizen's text, cut the address to the street and leave complaints out", async () => {
    const citizen = { name: 'Айгерим Ахметова', phone: '+77017778899', email: 'aigerim@mail.kz' };
    const a = await intake({
      text: 'Я Ахметова Айгерим, кв. 12, нет отопления. Звоните 8 (701) 777-88-99 или пишите aigerim@mail.kz',
      address: 'ул. Кенесары, 40, кв. 12',
      citizen,
    });
    const complaint = await intake({ kind: 'complaint', category: 'heating.no_heat', about: { official: 'Серик Жумабаев' }, text: 'Жалоба на начальника Серика Жумабаева', citizen });

    const r = await get(`requests.json?service_request_id=${a.number},${complaint.number}`);
    expect(r.status).toBe(200);
    const items = JSON.parse(r.body);
    expect(items.map((x: any) => x.service_request_id)).toEqual([a.number]);
    expect(items[0].description).toBe('Я *** ***, кв. ***, нет отопления. Звоните *** или пишите ***');
    expect(items[0].address).toBe('ул. Кенесары');

    // the executor's answer, addressed to the citizen by name, reaches the public redacted too
    const answered = await c.send('POST', `/api/appeals/${a.id}/transitions`, { action: 'answer', text: 'Уважаемая Айгерим Ахметова! Отопление в кв. 12 восстановлено, мастер: 8 701 555 44 33.' });
    expect(answered.http).toBe(200);
    const updates = JSON.parse((await get(`servicerequestupdates.json?start_date=${encodeURIComponent(new Date(Date.now() - 600_000).toISOString())}`)).body);
    expect(updates.filter((u: any) => u.service_request_id === a.number && u.status === 'closed').map((u: any) => u.description)).toEqual(['Уважаемая *** ***! Отопление в кв. *** восстановлено, мастер: ***.']);

    // the same in every public read: one request, the list, XML, the updates extension, tokens
    const bodies = [
      (await get(`requests/${a.number}.json`)).body,
      (await get(`requests/${a.id}.xml`)).body,
      (await get('requests.json')).body,
      (await get('requests.xml')).body,
      (await get(`servicerequestupdates.json?start_date=${encodeURIComponent(new Date(Date.now() - 600_000).toISOString())}`)).body,
    ];
    expect(bodies[0]).toContain(a.number);
    expect(bodies[2]).toContain(a.number);
    expect(bodies[4]).toContain(a.number);
    for (const b of bodies) {
      expect(b).not.toMatch(/7017778899|777-88-99|555 44 33|Айгерим|Ахметов|aigerim@|кв\. 12|, 40/);
      expect(b).not.toContain(complaint.number);
      expect(b).not.toMatch(/Жумабаев/);
    }
    expect((await get(`requests/${complaint.number}.json`)).status).toBe(404);
    expect((await get(`tokens/${complaint.id}.json`)).status).toBe(404);
    expect((await get(`tokens/${a.id}.json`)).status).toBe(200);
  });

  it('keeps requests.xml well-formed when a text carries characters XML 1.0 forbids', async () => {
    const a = await intake({ text: 'Нет света\u0001 в подъезде\u001f\u000b', address: 'ул.\u0002 Абая, 5' });
    const xml = await get(`requests.xml?service_request_id=${a.number}`);
    expect(xml.status).toBe(200);
    const texts = parseXml(xml.body);
    expect(texts.get('description')).toEqual(['Нет света в подъезде']);
    expect(texts.get('address')).toEqual(['ул. Абая']);
    // and the whole list of the last 90 days, which holds it too
    const all = await get('requests.xml');
    expect(all.body).toContain(a.number);
    expect(() => parseXml(all.body)).not.toThrow();
  });

  it('answers repeated parameters, bad dates, bad ids and empty coordinates with 400 in the spec shape, never 500', async () => {
    const count = async () => Number((await c.db.query<any>('SELECT count(*)::int AS n FROM appeal_state'))[0].n);
    const gets: [string, RegExp][] = [
      ['requests.json?service_request_id=AST-2026-0000001&service_request_id=AST-2026-0000002', /^service_request_id must be given once/],
      ['requests.json?api_key=a&api_key=b', /^api_key must be given once/],
      ['requests.json?status=open&status=closed', /^status must be given once/],
      ['requests.json?start_date=0', /^start_date must be a W3C date-time/],
      ['requests.json?end_date=0000-01-01T00:00:00Z', /^end_date must be a W3C date-time/],
      ['requests.json?start_date=2026-13-45T99:00:00Z', /^start_date must be a W3C date-time/],
      ['servicerequestupdates.json?start_date=0', /^start_date must be a W3C date-time/],
      ['servicerequestupdates.json?end_date=1', /^end_date must be a W3C date-time/],
      ['requests/%E0%A4%A.json', /^malformed id/],
    ];
    for (const [path, msg] of gets) {
      const r = await get(path);
      expect(r.status, path).toBe(400);
      expect(r.type).toMatch(/application\/json/);
      const errors = JSON.parse(r.body);
      expect(errors).toHaveLength(1);
      expect(errors[0].code).toBe(400);
      expect(errors[0].description, path).toMatch(msg);
    }
    const x = await get('requests.xml?start_date=0');
    expect(x.status).toBe(400);
    expect(parseXml(x.body).get('code')).toEqual(['400']);

    const before = await count();
    const form = async (body: string) => {
      const r = await fetch(`${c.url}/open311/v2/requests.json`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
      return { status: r.status, errors: await r.json() };
    };
    const base = `service_code=roads.repair&lat=51.1&long=71.4`;
    const posts: [string, RegExp][] = [
      [`api_key=${KEY}&api_key=${KEY}&${base}`, /^api_key must be given once/],
      [`api_key=${KEY}&${base}&description=a&description=b`, /^description must be given once/],
      [`api_key=${KEY}&service_code=roads.repair&lat=&long=`, /location is required/],
      [`api_key=${KEY}&service_code=roads.repair&lat=51.1&long=&address_string=x`, /^long: lat and long come together/],
    ];
    for (const [body, msg] of posts) {
      const r = await form(body);
      expect(r.status, body).toBe(400);
      expect(r.errors).toEqual([{ code: 400, description: expect.stringMatching(msg) }]);
    }
    expect(await count()).toBe(before);

    // empty coordinates with an address: no position, never (0, 0)
    const ok = await form(`api_key=${KEY}&service_code=roads.repair&lat=&long=&address_string=${encodeURIComponent('ул. Сыганак, 10')}`);
    expect(ok.status).toBe(201);
    const [row] = await c.db.query<any>('SELECT lat, lon, address FROM appeal_state WHERE number = $1', [ok.errors[0].service_request_id]);
    expect(row).toEqual({ lat: null, lon: null, address: 'ул. Сыганак, 10' });
  });

  it('lets an admin issue and revoke API keys', async () => {
    const k = await c.send('POST', '/api/open311-keys', { name: 'Smart Astana' });
    expect(k).toMatchObject({ http: 201, apiKey: expect.any(String), id: expect.stringMatching(/^[0-9a-f]{12}$/) });
    expect((await post({ api_key: k.apiKey, service_code: 'roads.repair', lat: '51.15', long: '71.45' })).status).toBe(201);
    expect((await c.send('DELETE', `/api/open311-keys/${k.id}`)).http).toBe(204);
    expect((await post({ api_key: k.apiKey, service_code: 'roads.repair', lat: '51.15', long: '71.45' })).status).toBe(403);
    expect((await c.send('POST', '/api/open311-keys', { name: 'x' }, await c.tokenFor('operator'))).http).toBe(403);
  });
});
