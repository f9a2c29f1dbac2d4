// Open311 GeoReport v2 as a stock client speaks it: form-encoded POST with api_key, .json and .xml, the spec's
// error format, no contact data in public GETs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pgCentre, type TestCentre } from '../helpers/centre';

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

  it('lets an admin issue and revoke API keys', async () => {
    const k = await c.send('POST', '/api/open311-keys', { name: 'Smart Astana' });
    expect(k).toMatchObject({ http: 201, apiKey: expect.any(String), id: expect.stringMatching(/^[0-9a-f]{12}$/) });
    expect((await post({ api_key: k.apiKey, service_code: 'roads.repair', lat: '51.15', long: '71.45' })).status).toBe(201);
    expect((await c.send('DELETE', `/api/open311-keys/${k.id}`)).http).toBe(204);
    expect((await post({ api_key: k.apiKey, service_code: 'roads.repair', lat: '51.15', long: '71.45' })).status).toBe(403);
    expect((await c.send('POST', '/api/open311-keys', { name: 'x' }, await c.tokenFor('operator'))).http).toBe(403);
  });
});
