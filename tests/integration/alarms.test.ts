// Issue 13, item 4 and CAP 1.2 alerts in (item 6), against the real services: a detector's alarm is stored as a row
// with a lifecycle and published live; the same condition raised again updates one row; acknowledging and clearing
// as a district dispatcher (own district only), audited, each change live, with the history; a critical alarm left
// unacknowledged escalates to the centre's head (ALARM_ESCALATE_MIN short here); CAP alerts of the standard's own
// examples come in as alarms with their areas, once per identifier; a malformed one is refused naming the element
// and stores nothing.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io as connect, type Socket } from 'socket.io-client';
import { pgCentre, type TestCentre } from '../helpers/centre';
import { appeal, MOSQUITTO_URL, publishAll, uid, waitFor } from '../helpers/services';
import type { AlarmEvent, EventsPayload, LiveEvent, SubscribeAck } from '../../ingest/schema';

const YESIL = 'astana-yesil';
const SARYARKA = 'astana-saryarka';
const fixture = (name: string) => readFileSync(join(__dirname, '../fixtures/cap', name), 'utf8');

describe('alarms with a lifecycle', () => {
  let c: TestCentre;
  let dispatcher: string; // Yesil only
  let socket: Socket;
  const seen: LiveEvent[] = [];
  const alarmEvents = (alarmId: string) => seen.filter((e): e is AlarmEvent => e.stream === 'alarms' && e.alarmId === alarmId);

  beforeAll(async () => {
    // 0.02 min = 1.2 s: the escalation job runs every 1.2 s on the leader
    c = await pgCentre({ ALARM_ESCALATE_MIN: 0.02 });
    await waitFor(() => c.subscriber.connected);
    dispatcher = await c.tokenAs({ username: 'disp-yesil-alarms', role: 'dispatcher', districts: [YESIL] });
    socket = connect(c.url, { transports: ['websocket'], reconnection: false, auth: { token: c.token } });
    socket.on('events', (p: EventsPayload) => seen.push(...p.items));
    const ack = await new Promise<SubscribeAck>((r) => socket.emit('subscribe', { streams: ['alarms'] }, r));
    expect(ack).toMatchObject({ cursor: expect.any(String) });
  });
  afterAll(async () => {
    socket?.close();
    await c?.cleanup();
  });

  const rows = async () => Number((await c.db.query<{ n: string }>('SELECT count(*) AS n FROM alarms'))[0].n);
  const raise = async (extra: Partial<Parameters<TestCentre['alarms']['raise']>[0][number]> = {}) => {
    const [row] = await c.alarms.raise([{ key: uid('k'), kind: 'outage', severity: 'major', district: YESIL, message: 'heat off', ...extra }]);
    return row;
  };

  it('a detector\'s alarm (runaround) is stored with its subject and published live with its row id', async () => {
    const id = uid('a');
    await publishAll(MOSQUITTO_URL, [{ topic: `${c.prefix}appeals`, payload: JSON.stringify(appeal(id, { category: 'water.supply' })) }]);
    await waitFor(async () => ((await c.get(`/api/appeals/${id}`)).http === 200 ? true : null));
    const act = (body: Record<string, unknown>) => c.send('POST', `/api/appeals/${id}/transitions`, body);
    expect((await act({ action: 'forward', org: 'astana-energy-housing', reason: 'не наша компетенция' })).http).toBe(200);
    expect((await act({ action: 'forward', org: 'akimat-yesil', reason: 'вопрос района' })).appeal.flags).toContain('runaround');

    const list = await waitFor(async () => {
      const r = await c.get('/api/alarms?source=runaround');
      return r.items.find((a: { subject: { id: string } | null }) => a.subject?.id === id) ? r : null;
    });
    const stored = list.items.find((a: { subject: { id: string } | null }) => a.subject?.id === id);
    expect(stored).toMatchObject({ key: `runaround:${id}`, source: 'runaround', kind: 'runaround', severity: 'warning', state: 'active_unack', count: 1, subject: { type: 'appeal', id }, acknowledged: null, cleared: null });
    const ev = await waitFor(() => alarmEvents(stored.id).find((e) => e.change === 'raised'));
    expect(ev).toMatchObject({ stream: 'alarms', id: `alarm:${stored.id}`, kind: 'runaround', appealId: id, state: 'active_unack', count: 1, source: 'runaround' });
    // and the live picture (snapshot) holds it
    const snap = await c.get('/api/snapshot?streams=alarms');
    expect(snap.alarms.map((a: AlarmEvent) => a.id)).toContain(`alarm:${stored.id}`);
  });

  it('the same condition raised again updates one row (count, last seen); after it is cleared a new row opens', async () => {
    const key = uid('spike');
    const before = await rows();
    const [first] = await c.alarms.raise([{ key, kind: 'spike', severity: 'warning', district: YESIL, category: 'heating.no_heat', message: '12 appeals' }]);
    expect(first).toMatchObject({ inserted: true, count: 1, dedupe_key: key, source: 'spike' });
    await new Promise((r) => setTimeout(r, 20));
    // twice in one batch and once more: one row, counted three times
    await c.alarms.raise([
      { key, kind: 'spike', severity: 'warning', district: YESIL, message: '14 appeals' },
      { key, kind: 'spike', severity: 'critical', district: YESIL, message: '20 appeals' },
    ]);
    // a milder repeat keeps the most severe severity seen
    await c.alarms.raise([{ key, kind: 'spike', severity: 'warning', district: YESIL, message: '20 appeals' }]);
    expect(await rows()).toBe(before + 1);
    const one = await c.get(`/api/alarms/${first.id}`);
    expect(one.alarm).toMatchObject({ id: first.id, count: 4, message: '20 appeals', severity: 'critical', state: 'active_unack' });
    expect(Date.parse(one.alarm.lastSeen)).toBeGreaterThan(Date.parse(one.alarm.firstSeen));
    expect(one.history.map((h: { action: string }) => h.action)).toEqual(['raised']);
    const repeated = await waitFor(() => alarmEvents(first.id).find((e) => e.change === 'repeated' && e.count === 4));
    expect(repeated).toMatchObject({ id: `alarm:${first.id}`, change: 'repeated' });
    expect(Math.max(...alarmEvents(first.id).map((e) => e.count ?? 0))).toBe(4);

    expect((await c.send('POST', `/api/alarms/${first.id}/clear`, { comment: 'schools closed' })).alarm.state).toBe('cleared');
    const [again] = await c.alarms.raise([{ key, kind: 'spike', severity: 'warning', district: YESIL, message: '9 appeals' }]);
    expect(again.id).not.toBe(first.id);
    expect(again).toMatchObject({ inserted: true, count: 1 });
    expect(await rows()).toBe(before + 2);
  });

  it('a Yesil dispatcher acknowledges and clears a Yesil alarm: audited, live, in the history', async () => {
    const a = await raise({ severity: 'major' });
    const acked = await c.send('POST', `/api/alarms/${a.id}/ack`, { comment: 'crew on the way' }, dispatcher);
    expect(acked.http).toBe(200);
    expect(acked.alarm).toMatchObject({ state: 'acknowledged', acknowledged: { by: 'disp-yesil-alarms', comment: 'crew on the way', at: expect.any(String) }, cleared: null });
    // twice: 409, nothing changes
    expect(await c.send('POST', `/api/alarms/${a.id}/ack`, {}, dispatcher)).toMatchObject({ http: 409, code: 'alarm.wrong_state', field: 'state' });
    const cleared = await c.send('POST', `/api/alarms/${a.id}/clear`, { comment: 'heat restored' }, dispatcher);
    expect(cleared.alarm).toMatchObject({ state: 'cleared', cleared: { by: 'disp-yesil-alarms', comment: 'heat restored' }, acknowledged: { by: 'disp-yesil-alarms' } });
    expect(await c.send('POST', `/api/alarms/${a.id}/clear`, {}, dispatcher)).toMatchObject({ http: 409, code: 'alarm.wrong_state' });

    const one = await c.get(`/api/alarms/${a.id}`, dispatcher);
    expect(one.history).toEqual([
      { at: expect.any(String), action: 'raised', state: 'active_unack', actor: null, comment: null },
      { at: expect.any(String), action: 'acknowledged', state: 'acknowledged', actor: 'disp-yesil-alarms', comment: 'crew on the way' },
      { at: expect.any(String), action: 'cleared', state: 'cleared', actor: 'disp-yesil-alarms', comment: 'heat restored' },
    ]);
    const changes = await waitFor(() => {
      const ch = alarmEvents(a.id).map((e) => e.change);
      return ch.includes('cleared') ? ch : null;
    });
    expect(changes).toEqual(['raised', 'acknowledged', 'cleared']);
    for (const action of ['alarm.ack', 'alarm.clear']) {
      const audit = await c.get(`/api/audit?action=${action}&target=alarm:${a.id}`);
      expect(audit.items).toHaveLength(1);
      expect(audit.items[0]).toMatchObject({ actor: 'disp-yesil-alarms', role: 'dispatcher' });
    }
  });

  it('a Yesil dispatcher cannot see, acknowledge or clear another district\'s alarm, nor a citywide one (403), and lists only its own', async () => {
    const theirs = await raise({ district: SARYARKA });
    const citywide = await raise({ district: null, severity: 'minor' });
    const mine = await raise({ district: YESIL, severity: 'minor' });
    expect(await c.get(`/api/alarms/${theirs.id}`, dispatcher)).toMatchObject({ http: 403, code: 'auth.outside_territory' });
    expect(await c.send('POST', `/api/alarms/${theirs.id}/ack`, {}, dispatcher)).toMatchObject({ http: 403, code: 'auth.outside_territory' });
    expect(await c.send('POST', `/api/alarms/${theirs.id}/clear`, {}, dispatcher)).toMatchObject({ http: 403, code: 'auth.outside_territory' });
    expect(await c.send('POST', `/api/alarms/${citywide.id}/ack`, {}, dispatcher)).toMatchObject({ http: 403, field: 'district' });
    expect(await c.get('/api/alarms?district=astana-saryarka', dispatcher)).toMatchObject({ http: 403, code: 'auth.outside_territory', field: 'district' });
    expect(await c.send('POST', '/api/alarms/99999999/ack', {}, dispatcher)).toMatchObject({ http: 404, code: 'alarm.not_found' });
    // nothing changed
    expect((await c.get(`/api/alarms/${theirs.id}`)).alarm.state).toBe('active_unack');
    expect((await c.get(`/api/alarms/${citywide.id}`)).alarm.state).toBe('active_unack');

    const listed = await c.get('/api/alarms?limit=500', dispatcher);
    const ids = listed.items.map((a: { id: string }) => a.id);
    expect(ids).toContain(mine.id);
    expect(ids).toContain(citywide.id); // citywide: everyone sees it
    expect(ids).not.toContain(theirs.id);
    expect(listed.items.every((a: { district: string | null }) => a.district === YESIL || a.district === null)).toBe(true);
    // the admin sees every district's
    expect((await c.get('/api/alarms?limit=500')).items.map((a: { id: string }) => a.id)).toContain(theirs.id);
    // filters and the cursor
    const minor = await c.get(`/api/alarms?severity=minor&state=active_unack&district=${YESIL}`);
    expect(minor.items.map((a: { id: string }) => a.id)).toContain(mine.id);
    expect(minor.items.every((a: { severity: string; district: string }) => a.severity === 'minor' && a.district === YESIL)).toBe(true);
    const page1 = await c.get('/api/alarms?limit=2');
    expect(page1.items).toHaveLength(2);
    const page2 = await c.get(`/api/alarms?limit=2&cursor=${page1.nextCursor}`);
    expect(Number(page2.items[0].id)).toBeLessThan(Number(page1.items[1].id));
    expect(await c.get('/api/alarms?severity=loud')).toMatchObject({ http: 400, field: 'severity' });
  });

  it('a critical alarm left unacknowledged escalates once to the centre\'s head; one acknowledged in time does not', async () => {
    const left = await raise({ severity: 'critical', message: 'flooding' });
    const handled = await raise({ severity: 'critical', message: 'manhole open' });
    expect((await c.send('POST', `/api/alarms/${handled.id}/ack`, {}, dispatcher)).http).toBe(200);
    const ev = await waitFor(() => seen.find((e): e is AlarmEvent => e.stream === 'alarms' && e.id === `escalated:${left.id}`), 15_000);
    expect(ev).toMatchObject({ kind: 'escalated', severity: 'critical', change: 'escalated', alarmId: left.id, state: 'active_unack', district: YESIL, data: { to: 'centre_head', alarmKind: 'outage' } });
    const one = await c.get(`/api/alarms/${left.id}`);
    expect(one.alarm.escalated).toEqual({ at: expect.any(String), to: 'centre_head' });
    expect(one.history.map((h: { action: string }) => h.action)).toEqual(['raised', 'escalated']);
    // once only
    expect((await c.alarms.escalate()).map((r) => r.id)).not.toContain(left.id);
    expect((await c.get(`/api/alarms/${handled.id}`)).alarm.escalated).toBeNull();
    expect(seen.some((e) => e.id === `escalated:${handled.id}`)).toBe(false);
  });

  describe('CAP 1.2 alerts in', () => {
    const postCap = (xml: string, token = c.token, type = 'application/cap+xml') =>
      fetch(`${c.url}/api/cap`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': type }, body: xml }).then(async (r) => ({ ...(await r.json()), http: r.status }));

    it('the standard\'s four examples come in as alarms of source cap with their areas; an expired one is kept cleared', async () => {
      const a1 = await postCap(fixture('a1-homeland-security.xml'));
      expect(a1.http).toBe(201);
      expect(a1.alarm).toMatchObject({ source: 'cap', kind: 'cap', severity: 'major', state: 'active_unack', district: null, key: 'cap:hsas@dhs.gov:43b080713727', subject: { type: 'cap', id: 'hsas@dhs.gov/43b080713727' } });
      expect(a1.alarm.data).toMatchObject({ identifier: '43b080713727', sender: 'hsas@dhs.gov', msgType: 'Alert', status: 'Actual' });

      const a2 = await postCap(fixture('a2-thunderstorm.xml'));
      expect(a2.http).toBe(201);
      // expired in 2003: kept, as cleared
      expect(a2.alarm).toMatchObject({ severity: 'major', state: 'cleared', cleared: { by: 'cap', comment: 'expired' }, expiresAt: '2003-06-17T23:00:00.000Z', message: 'SEVERE THUNDERSTORM WARNING' });
      expect(a2.alarm.areas.type).toBe('FeatureCollection');
      expect(a2.alarm.areas.features).toHaveLength(1);
      expect(a2.alarm.areas.features[0].geometry.type).toBe('Polygon');
      expect(a2.alarm.areas.features[0].geometry.coordinates[0][0]).toEqual([-120.14, 38.47]);

      const a3 = await postCap(fixture('a3-earthquake.xml'));
      expect(a3.alarm).toMatchObject({ severity: 'warning', data: { msgType: 'Update' } });
      expect(a3.alarm.areas.features[0].geometry).toEqual({ type: 'Point', coordinates: [-115.5527, 32.9525] });

      const a4 = await postCap(fixture('a4-amber.xml'), dispatcher);
      expect(a4.http).toBe(201);
      expect(a4.alarm.severity).toBe('major');

      const one = await c.get(`/api/alarms/${a2.alarm.id}`);
      expect(one.history.map((h: { action: string }) => h.action)).toEqual(['raised', 'cleared']);
      const audit = await c.get(`/api/audit?action=alarm.cap_import&target=alarm:${a1.alarm.id}`);
      expect(audit.items).toHaveLength(1);
      const ev = await waitFor(() => alarmEvents(a1.alarm.id).find((e) => e.change === 'raised'));
      expect(ev).toMatchObject({ kind: 'cap', source: 'cap', district: null });
    });

    it('the same identifier twice: 200 with the stored alarm, nothing added', async () => {
      const xml = fixture('a1-homeland-security.xml').replace('43b080713727', uid('id'));
      const first = await postCap(xml);
      expect(first.http).toBe(201);
      const n = await rows();
      const again = await postCap(xml);
      expect(again).toMatchObject({ http: 200, created: false, alarm: { id: first.alarm.id, count: 1 } });
      expect(await rows()).toBe(n);
    });

    it('an Update or a Cancel clears the alarms of the alerts it references', async () => {
      const id = uid('hsas');
      const first = await postCap(fixture('a1-homeland-security.xml').replace('43b080713727', id));
      expect(first.alarm.state).toBe('active_unack');
      const cancelId = uid('cancel');
      const cancel = fixture('a1-homeland-security.xml')
        .replace('43b080713727', cancelId)
        .replace('<msgType>Alert</msgType>', '<msgType>Cancel</msgType>')
        .replace('<scope>Public</scope>', `<scope>Public</scope>\n  <references>hsas@dhs.gov,${id},2003-04-02T14:39:01-05:00</references>`);
      const r = await postCap(cancel);
      expect(r).toMatchObject({ http: 201, alarm: { state: 'cleared', cleared: { by: 'cap', comment: 'cancel' } } });
      const old = await c.get(`/api/alarms/${first.alarm.id}`);
      expect(old.alarm).toMatchObject({ state: 'cleared', cleared: { comment: `cancelled by CAP ${cancelId}`, by: 'test-admin' } });
      expect(old.history.map((h: { action: string }) => h.action)).toEqual(['raised', 'cleared']);
    });

    it('malformed XML or a missing required element: 400 naming it, nothing stored', async () => {
      const n = await rows();
      const noId = fixture('a2-thunderstorm.xml').replace(/<identifier>[^<]*<\/identifier>/, '');
      expect(await postCap(noId)).toMatchObject({ http: 400, code: 'cap.invalid', field: 'identifier' });
      const noUrgency = fixture('a2-thunderstorm.xml').replace(/<urgency>[^<]*<\/urgency>/, '');
      expect(await postCap(noUrgency)).toMatchObject({ http: 400, field: expect.stringMatching(/urgency/) });
      const broken = await postCap('<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"><identifier>x</alert>');
      expect(broken).toMatchObject({ http: 400, code: 'cap.invalid' });
      expect(await postCap('', c.token)).toMatchObject({ http: 400 });
      expect(await postCap(fixture('a1-homeland-security.xml'), c.token, 'text/plain')).toMatchObject({ http: 415, field: 'content-type' });
      expect(await rows()).toBe(n);
      // an operator reads alarms but imports nothing
      expect((await postCap(fixture('a1-homeland-security.xml'), await c.tokenFor('operator'))).http).toBe(403);
    });
  });
});
