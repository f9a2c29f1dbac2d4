// What reaches a wall screen or a scoped user besides the appeals API: live appeal events carry the street only
// (a wall is public to the room), dead letters (raw payloads with contact data) are for an admin alone, and a
// forged queue cursor is a 400, not a 500.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io as connect, type Socket } from 'socket.io-client';
import { pgCentre, type TestCentre } from '../helpers/centre';
import { appeal, MOSQUITTO_URL, publishAll, uid, waitFor } from '../helpers/services';
import type { AppealEvent, EventsPayload, SubscribeAck } from '../../ingest/schema';

describe('public and scoped surfaces', () => {
  let c: TestCentre;
  beforeAll(async () => {
    c = await pgCentre();
    await waitFor(() => c.subscriber.connected);
  });
  afterAll(() => c?.cleanup());

  const open = (token: string) => connect(c.url, { transports: ['websocket'], reconnection: false, auth: { token } });
  const subscribe = (s: Socket, req: object) => new Promise<SubscribeAck>((r) => s.emit('subscribe', req, r));

  it('live appeal events and the snapshot carry the street only: no house, flat, name, phone or text', async () => {
    const wall = await c.send('POST', '/api/wall-tokens', { name: 'Yesil hall', districts: ['astana-yesil'] });
    expect(wall.http).toBe(201);
    const dispatcher = await c.tokenFor('dispatcher', ['astana-yesil']);
    const got = new Map<string, AppealEvent[]>();
    const sockets = [open(wall.token), open(dispatcher)];
    for (const [i, s] of sockets.entries()) {
      got.set(String(i), []);
      s.on('events', (p: EventsPayload) => got.get(String(i))!.push(...(p.items.filter((e) => e.stream === 'appeals') as AppealEvent[])));
      expect(await subscribe(s, { streams: ['appeals'] })).toMatchObject({ cursor: expect.any(String) });
    }

    const id = uid('wallpriv');
    const msg = appeal(id, {
      district: 'astana-yesil',
      address: 'ул. Сыганак, 14, кв. 87',
      text: 'Нет отопления, звоните +77015554433, Динара Касымова',
      citizen: { name: 'Динара Касымова', phone: '+77015554433' },
    });
    await publishAll(MOSQUITTO_URL, [{ topic: `${c.prefix}appeals`, payload: JSON.stringify(msg) }]);
    const registered = (e: AppealEvent) => e.id === id && !!e.number;
    await waitFor(() => [...got.values()].every((l) => l.some(registered)));

    // a change of state goes out again, from the registry's rows
    const t = await c.send('POST', `/api/appeals/${id}/transitions`, { action: 'start' });
    expect(t.http).toBe(200);
    await waitFor(() => [...got.values()].every((l) => l.some((e) => e.id === id && (e.rev ?? 0) >= 2)));

    const snap = await c.get('/api/snapshot?streams=appeals', wall.token);
    expect(snap.http).toBe(200);
    const inSnap = (snap.appeals as AppealEvent[]).filter((e) => e.id === id);
    expect(inSnap).toHaveLength(1);

    const events = [...[...got.values()].flat().filter((e) => e.id === id), ...inSnap];
    expect(events.length).toBeGreaterThanOrEqual(5); // 2 sockets × (registration + start) + the snapshot
    for (const e of events) {
      expect(e.address).toBe('ул. Сыганак');
      const raw = JSON.stringify(e);
      expect(raw).not.toMatch(/кв|\b87\b|, 14|Динара|Касымов|5554433|отопления/);
    }
    for (const s of sockets) s.close();
  });

  it("a wall screen's systemic problems name the street, not the house or flat of the appeal they started from", async () => {
    const id = uid('prob');
    await c.db.query(
      `INSERT INTO systemic_problems (id, category, district, lat, lon, address, first_at, last_at, appeals, open_appeals) VALUES ($1, 'heating.no_heat', 'astana-yesil', 51.128, 71.43, 'ул. Сыганак, 14, кв. 87', now(), now(), 5, 5)`,
      [id],
    );
    const wall = await c.send('POST', '/api/wall-tokens', { name: 'Yesil hall 2', districts: ['astana-yesil'] });
    const onWall = (await c.get('/api/problems', wall.token)).items.filter((x: any) => x.id === id);
    expect(onWall).toHaveLength(1);
    expect(onWall[0].address).toBe('ул. Сыганак');
    // staff who may open the appeals see the place as given
    const staff = (await c.get('/api/problems', await c.tokenFor('dispatcher', ['astana-yesil']))).items.filter((x: any) => x.id === id);
    expect(staff).toHaveLength(1);
    expect(staff[0].address).toBe('ул. Сыганак, 14, кв. 87');
  });

  it('dead letters are for an admin only: centre heads and district users get 403', async () => {
    await publishAll(MOSQUITTO_URL, [{ topic: `${c.prefix}appeals`, payload: JSON.stringify({ id: uid('bad'), text: 'Звоните +77019998877', citizen: { phone: '+77019998877' } }) }]);
    const admin = await waitFor(async () => {
      const r = await c.get('/api/dead-letters?limit=10');
      return r.items?.length ? r : null;
    });
    expect(admin.http).toBe(200);
    expect(JSON.stringify(admin.items)).toContain('+77019998877');

    const denied = [
      await c.tokenFor('centre_head'),
      await c.tokenFor('centre_head', ['astana-yesil']),
      await c.tokenFor('operator', ['astana-yesil']),
      await c.tokenFor('dispatcher', ['astana-nura']),
      await c.tokenFor('analyst'),
    ];
    for (const token of denied) {
      const r = await c.get('/api/dead-letters?limit=10', token);
      expect(r.http).toBe(403);
      expect(JSON.stringify(r)).not.toContain('77019998877');
    }
  });

  it('a forged queue cursor or a year-0000 date is a 400 naming the field, not a 500', async () => {
    const operator = await c.tokenFor('operator', ['astana-yesil']);
    const cursor = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    for (const [q, field] of [
      [`cursor=${cursor(['0', 'x'])}`, 'cursor'],
      [`cursor=${cursor(['0000-01-01T00:00:00Z', 'x'])}`, 'cursor'],
      [`cursor=${cursor(['yesterday', 'x'])}`, 'cursor'],
      ['cursor=%%%', 'cursor'],
      ['since=0000-01-01T00:00:00Z', 'since'],
    ] as const) {
      const r = await c.get(`/api/appeals?${q}`, operator);
      expect(r.http, q).toBe(400);
      expect(r).toMatchObject({ error: 'bad_request', field });
    }
    // a well-formed cursor still pages
    expect((await c.get(`/api/appeals?limit=1&cursor=${cursor([new Date().toISOString(), 'zzz'])}`, operator)).http).toBe(200);
  });
});
