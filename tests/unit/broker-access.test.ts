// MQTT_USERS parsing, the embedded broker's topic rules, and the packet-size scanner across arbitrary chunking.
import { describe, expect, it } from 'vitest';
import mqttPacket from 'mqtt-packet';
import { BrokerAccess, filterMatches, parseBrokerUsers } from '../../ingest/broker-access';
import { PacketSizeScanner } from '../../ingest/packet-guard';
import { loadConfig } from '../../server/config';

describe('MQTT_USERS', () => {
  it('reads devices and their extra topics', () => {
    expect(parseBrokerUsers('bus-17:abcdefghijkl, gw:mnopqrstuvwx:appeals|incidents/+')).toEqual([
      { username: 'bus-17', password: 'abcdefghijkl', topics: [] },
      { username: 'gw', password: 'mnopqrstuvwx', topics: ['appeals', 'incidents/+'] },
    ]);
    expect(parseBrokerUsers(undefined)).toEqual([]);
  });

  it('refuses bad entries at start, naming the entry but never the password', () => {
    for (const [spec, why] of [
      ['bus-17:short', /entry 1 \(bus-17\): the password must be 12/],
      ['centre:abcdefghijkl', /"centre" is the centre's own user/],
      ['a:abcdefghijkl,a:abcdefghijkl', /entry 2 \(a\): the name appears twice/],
      ['bad name:abcdefghijkl', /entry 1: the name must be/],
      ['gw:abcdefghijkl:city/#/x', /topic "city\/#\/x"/],
      ['gw:abcdefghijkl:/abs', /topic "\/abs"/],
    ] as const) {
      expect(() => parseBrokerUsers(spec)).toThrow(why);
      expect(() => loadConfig({ MQTT_USERS: spec })).toThrow(/MQTT_USERS=\(hidden\)/);
    }
    expect(() => parseBrokerUsers('bus-17:short')).not.toThrow(/short/);
  });
});

describe('embedded broker topic rules', () => {
  const prefix = 'city/astana/';
  const users = parseBrokerUsers('bus-17:abcdefghijkl,gw:mnopqrstuvwx:appeals');
  const rules = (allowAnonymous: boolean) => new BrokerAccess({ prefix, users, centrePassword: 'centre-password', allowAnonymous, centreClientIds: ['situation-centre-embedded'] });

  it('matches MQTT filters', () => {
    expect(filterMatches('city/astana/#', 'city/astana/appeals')).toBe(true);
    expect(filterMatches('city/+/appeals', 'city/astana/appeals')).toBe(true);
    expect(filterMatches('#', 'city/astana/appeals')).toBe(true);
    expect(filterMatches('city/astana/gps/+', 'city/astana/appeals')).toBe(false);
    expect(filterMatches('city/astana', 'city/astana/appeals')).toBe(false);
  });

  it('authenticates the centre, devices and (on loopback only) anonymous clients', () => {
    const r = rules(false);
    expect(r.authenticate('x', undefined, undefined)).toBe(5);
    expect(rules(true).authenticate('x', undefined, undefined)).toEqual({ kind: 'anonymous' });
    expect(r.authenticate('x', 'centre', Buffer.from('centre-password'))).toEqual({ kind: 'centre' });
    expect(r.authenticate('x', 'bus-17', Buffer.from('abcdefghijkl'))).toMatchObject({ kind: 'device', user: { username: 'bus-17' } });
    expect(r.authenticate('x', 'bus-17', Buffer.from('mnopqrstuvwx'))).toBe(4);
    expect(r.authenticate('x', 'nobody', Buffer.from('abcdefghijkl'))).toBe(4);
    expect(r.authenticate('situation-centre-embedded', 'bus-17', Buffer.from('abcdefghijkl'))).toBe(5);
    expect(r.authenticate('situation-centre-embedded', 'centre', Buffer.from('centre-password'))).toEqual({ kind: 'centre' });
  });

  it('lets a device publish to its own topics and its grants, and subscribe to its own topics only', () => {
    const r = rules(false);
    const bus = r.authenticate('b', 'bus-17', Buffer.from('abcdefghijkl'));
    const gw = r.authenticate('g', 'gw', Buffer.from('mnopqrstuvwx'));
    if (typeof bus !== 'object' || typeof gw !== 'object') throw new Error('not authenticated');
    expect(['gps/bus-17', 'incidents/bus-17', 'status/bus-17'].map((t) => r.refusePublish(bus, prefix + t))).toEqual([null, null, null]);
    expect(['gps/bus-18', 'appeals', 'gps/bus-17/x', '$SYS/x'].map((t) => r.refusePublish(bus, prefix + t))).toEqual([
      expect.stringContaining('may not publish'),
      expect.stringContaining('may not publish'),
      expect.stringContaining('may not publish'),
      expect.stringContaining('may not publish'),
    ]);
    expect(r.refusePublish(bus, '$SYS/broker')).toMatch(/reserved/);
    expect(r.refusePublish(gw, prefix + 'appeals')).toBeNull();
    expect(r.maySubscribe(bus, prefix + 'gps/bus-17')).toBe(true);
    expect([`${prefix}appeals`, `${prefix}#`, `${prefix}gps/+`, '#', `$share/g/${prefix}gps/bus-17`].map((f) => r.maySubscribe(bus, f))).toEqual([false, false, false, false, false]);
    expect(r.maySubscribe(gw, `${prefix}appeals`)).toBe(false);
  });

  it('keeps the appeals from anonymous local clients', () => {
    const r = rules(true);
    const anon = r.authenticate('a', undefined, undefined);
    if (typeof anon !== 'object') throw new Error('not authenticated');
    expect([`${prefix}appeals`, `${prefix}#`, `${prefix}+`, '#', 'city/+/appeals', `$share/g/${prefix}gps/+`].map((f) => r.maySubscribe(anon, f))).toEqual([
      false, false, false, false, false, false,
    ]);
    expect([`${prefix}gps/+`, `${prefix}status/#`].map((f) => r.maySubscribe(anon, f))).toEqual([true, true]);
    expect(r.mayReceive(anon, `${prefix}appeals`)).toBe(false);
    expect(r.mayReceive({ kind: 'centre' }, `${prefix}appeals`)).toBe(true);
    expect(r.refusePublish(anon, `${prefix}appeals`)).toBeNull();
    expect(r.refusePublish(anon, 'other/x')).toMatch(/only topics under/);
  });
});

describe('packet size scanner', () => {
  const packets = [
    mqttPacket.generate({ cmd: 'connect', protocolId: 'MQTT', protocolVersion: 4, clientId: 'c', clean: true, keepalive: 30 } as mqttPacket.IConnectPacket),
    mqttPacket.generate({ cmd: 'publish', topic: 'a/b', payload: Buffer.alloc(300, 1), qos: 1, messageId: 7, dup: false, retain: false }),
    mqttPacket.generate({ cmd: 'publish', topic: 'a/b', payload: Buffer.alloc(20_000, 2), qos: 0, dup: false, retain: false }),
    mqttPacket.generate({ cmd: 'pingreq' }),
    mqttPacket.generate({ cmd: 'publish', topic: 'a/b', payload: Buffer.alloc(1000, 3), qos: 0, dup: false, retain: false }),
  ];
  const wire = Buffer.concat(packets);

  it('follows framing across any chunking and lets packets within the cap through', () => {
    for (const size of [1, 2, 3, 7, 64, 1000, wire.length]) {
      const s = new PacketSizeScanner(20_100);
      let ok = true;
      for (let i = 0; i < wire.length; i += size) ok = s.feed(wire.subarray(i, i + size)) && ok;
      expect(ok).toBe(true);
    }
  });

  it('stops at the first packet announcing more than the cap, whatever the chunking', () => {
    for (const size of [1, 5, 300, wire.length]) {
      const s = new PacketSizeScanner(10_000);
      let refusedAt = -1;
      for (let i = 0; i < wire.length && refusedAt < 0; i += size) if (!s.feed(wire.subarray(i, i + size))) refusedAt = i;
      const third = packets[0].length + packets[1].length;
      expect(refusedAt).toBeGreaterThanOrEqual(third - size);
      expect(refusedAt).toBeLessThan(third + 5);
    }
  });

  it('refuses a length of more than four bytes (not MQTT)', () => {
    expect(new PacketSizeScanner(1 << 30).feed(Buffer.from([0x30, 0xff, 0xff, 0xff, 0xff, 0x01]))).toBe(false);
  });
});
