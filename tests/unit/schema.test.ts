import { describe, expect, it } from 'vitest';
import { decode, streams, subscribeRequest } from '../../ingest/schema';
import { districtAt } from '../../maps/districts';
import { appeal, gpsFix, incident, serviceStatus } from '../helpers/services';

const opts = { prefix: 'city/astana/', maxPayload: 64 * 1024, districtAt };
const run = (topic: string, body: unknown) => decode(topic, Buffer.from(typeof body === 'string' ? body : JSON.stringify(body)), opts);

describe('schema module: decode', () => {
  it('accepts a valid message of each stream and fills the district from the point', () => {
    const a = run('city/astana/appeals', appeal('a1'));
    expect(a).toMatchObject({ ok: true, stream: 'appeals', record: { id: 'a1', sphere: 'heating', district: 'astana-yesil' } });
    const g = run('city/astana/gps/truck-7', gpsFix('g1'));
    expect(g).toMatchObject({ ok: true, stream: 'gps', record: { vehicleId: 'truck-7' } });
    expect(run('city/astana/incidents/cctv', incident('i1'))).toMatchObject({ ok: true, record: { source: 'cctv' } });
    expect(run('city/astana/status/heat', serviceStatus('s1'))).toMatchObject({ ok: true, record: { service: 'heat', state: 'outage' } });
  });

  it('normalises timestamps to UTC ISO with milliseconds', () => {
    const r = run('city/astana/appeals', appeal('a2', { ts: '2026-11-23T12:00:00+05:00' }));
    expect(r.ok && r.record.ts).toBe('2026-11-23T07:00:00.000Z');
  });

  it.each([
    ['bad JSON', 'city/astana/appeals', '{"id":', /bad JSON/],
    ['wrong type', 'city/astana/gps/v1', gpsFix('x', { speed: 'fast' }), /speed: .*number/],
    ['latitude out of range', 'city/astana/gps/v1', gpsFix('x', { lat: 95 }), /^lat: /],
    ['longitude out of range', 'city/astana/incidents/cctv', incident('x', { lon: -200 }), /^lon: /],
    ['unknown category', 'city/astana/appeals', appeal('x', { category: 'heating.dragons' }), /^category: /],
    ['unknown channel', 'city/astana/appeals', appeal('x', { channel: 'pigeon' }), /^channel: /],
    ['lat without lon', 'city/astana/appeals', appeal('x', { lon: undefined }), /lat and lon come together/],
    ['unknown field', 'city/astana/appeals', appeal('x', { extra: 1 }), /Unrecognized key/],
    ['missing id', 'city/astana/gps/v1', gpsFix('', {}), /^id: /],
    ['NUL in text', 'city/astana/appeals', appeal('x', { text: 'a\u0000b' }), /NUL/],
    ['ts in the far future', 'city/astana/appeals', appeal('x', { ts: '2099-01-01T00:00:00Z' }), /future/],
    ['ts without offset', 'city/astana/appeals', appeal('x', { ts: '2026-11-23 10:00' }), /^ts: /],
    ['confidence above 1', 'city/astana/incidents/cctv', incident('x', { confidence: 1.5 }), /^confidence: /],
    ['unknown service in topic', 'city/astana/status/steam', serviceStatus('x'), /topic service/],
    ['bad vehicle id in topic', 'city/astana/gps/a b', gpsFix('x'), /topic vehicleId/],
    ['unknown topic', 'city/astana/weather', {}, /unknown topic/],
    ['array payload', 'city/astana/appeals', [1, 2], /expected object/],
  ])('rejects %s with a reason', (_name, topic, body, reason) => {
    const r = run(topic, body);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(reason);
  });

  it('rejects a payload over the size limit before parsing it', () => {
    const r = decode('city/astana/appeals', Buffer.alloc(70_000, 0x7b), opts);
    expect(r).toEqual({ ok: false, stream: 'appeals', reason: 'payload too large: 70000 bytes > 65536' });
  });

  it('never throws on random bytes', () => {
    for (let i = 0; i < 2000; i++) {
      const buf = Buffer.from(Array.from({ length: (i % 300) + 1 }, () => Math.floor(Math.random() * 256)));
      const topic = ['city/astana/appeals', 'city/astana/gps/v', 'city/astana/status/gas', 'x'][i % 4];
      expect(decode(topic, buf, opts).ok).toBe(false);
    }
  });

  it('live events never carry personal data', () => {
    const r = run('city/astana/appeals', appeal('p1', { citizen: { name: 'Айгуль', phone: '+77010000000' } }));
    expect(r.ok).toBe(true);
    const ev = streams.appeals.toEvent((r as any).record);
    expect(JSON.stringify(ev)).not.toMatch(/Айгуль|77010000000|citizen|text/);
  });

  it('validates socket subscribe requests', () => {
    expect(subscribeRequest.safeParse({ streams: ['gps'], since: 'abc.1' }).success).toBe(true);
    expect(subscribeRequest.safeParse({ streams: [] }).success).toBe(false);
    expect(subscribeRequest.safeParse({ streams: ['weather'] }).success).toBe(false);
  });
});

describe('README stream tables', () => {
  it('are generated from the schema module and up to date (run `npm run docs:streams`)', async () => {
    const { readFileSync } = await import('node:fs');
    const { renderInto } = await import('../../ingest/schema/docs');
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    expect(renderInto(readme)).toBe(readme);
  });
});
