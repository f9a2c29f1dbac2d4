// The embedded broker's security, with real MQTT clients: loopback by default; beyond it, credentials; devices
// publish only under their own topics; only the centre reads appeals; payloads over the cap are refused.
import net from 'node:net';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import mqtt, { type MqttClient } from 'mqtt';
import { parseBrokerUsers, startEmbeddedBroker, type EmbeddedBroker } from '../../ingest/broker';
import { loadConfig } from '../../server/config';
import { embeddedCentre, type TestCentre } from '../helpers/centre';
import { appeal, gpsFix, quietLog, uid, waitFor } from '../helpers/services';

const prefix = 'city/astana/';
const BUS_PW = 'bus17-secret-password';
const GATEWAY_PW = 'gateway-secret-password';
const users = parseBrokerUsers(`bus-17:${BUS_PW},gateway:${GATEWAY_PW}:appeals`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let broker: EmbeddedBroker | null = null;
const clients: MqttClient[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.endAsync(true)));
  await broker?.close();
  broker = null;
});

const start = async (host?: string) =>
  (broker = await startEmbeddedBroker({ host, port: 0, log: quietLog, prefix, users, maxPayload: 1024, centreClientIds: ['situation-centre-embedded'] }));

async function connect(opts: mqtt.IClientOptions = {}): Promise<MqttClient> {
  const c = await mqtt.connectAsync(broker!.url, { clientId: uid('c'), reconnectPeriod: 0, connectTimeout: 5000, ...opts });
  clients.push(c);
  return c;
}
const asCentre = () => connect({ username: broker!.centre.username, password: broker!.centre.password });
const asBus = () => connect({ username: 'bus-17', password: BUS_PW });
const asGateway = () => connect({ username: 'gateway', password: GATEWAY_PW });

/** A client that records what it receives on `filter`. */
async function listener(c: MqttClient, filter: string): Promise<{ topics: string[]; granted: number }> {
  const seen = { topics: [] as string[], granted: -1 };
  c.on('message', (topic) => seen.topics.push(topic));
  seen.granted = await granted(c, filter);
  return seen;
}

/** The SUBACK's code for one filter: the QoS granted, or 128 (refused; mqtt.js rejects then). */
async function granted(c: MqttClient, filter: string): Promise<number> {
  try {
    return (await c.subscribeAsync(filter, { qos: 1 }))[0].qos;
  } catch (e) {
    const code = (e as { packet?: { granted?: number[] } }).packet?.granted?.[0];
    if (code === undefined) throw e;
    return code;
  }
}

const closed = (c: MqttClient) => new Promise<void>((r) => (c.connected ? c.once('close', () => r()) : r()));
/** Publishes and resolves when the broker acknowledged it (true) or closed the connection instead (false). */
const tryPublish = (c: MqttClient, topic: string, payload: string | Buffer) =>
  Promise.race([c.publishAsync(topic, payload, { qos: 1 }).then(() => true, () => false), closed(c).then(() => false)]);

describe('embedded broker: where it listens', () => {
  it('binds 127.0.0.1 by default (MQTT_HOST)', async () => {
    expect(loadConfig({}).MQTT_HOST).toBe('127.0.0.1');
    await start();
    expect(broker!.host).toBe('127.0.0.1');
    // on loopback a local tool may publish without credentials (mosquitto_pub, the README's example)
    const centre = await listener(await asCentre(), `${prefix}#`);
    const anon = await connect();
    expect(await tryPublish(anon, `${prefix}gps/v-1`, JSON.stringify(gpsFix(uid('g'))))).toBe(true);
    expect(await waitFor(() => centre.topics.includes(`${prefix}gps/v-1`))).toBe(true);
  });

  it('even on loopback, an anonymous client cannot read the appeals', async () => {
    await start();
    const anon = await connect();
    const all = await listener(anon, '#');
    const direct = await listener(await connect(), `${prefix}appeals`);
    const gps = await listener(await connect(), `${prefix}gps/+`);
    expect([all.granted, direct.granted, gps.granted]).toEqual([128, 128, 1]);
    const gw = await asGateway();
    expect(await tryPublish(gw, `${prefix}appeals`, JSON.stringify(appeal(uid('a'), { citizen: { name: 'Айгуль', phone: '+77011234567' } })))).toBe(true);
    expect(await tryPublish(gw, `${prefix}appeals`, 'x')).toBe(true);
    await sleep(300);
    expect([...all.topics, ...direct.topics]).toEqual([]);
  });
});

describe('embedded broker beyond loopback', () => {
  it('refuses anonymous clients, wrong passwords and unknown users', async () => {
    await start('0.0.0.0');
    expect(broker!.host).toBe('0.0.0.0');
    await expect(connect()).rejects.toThrow(/not authori[sz]ed/i);
    await expect(connect({ username: 'bus-17', password: 'wrong-password-here' })).rejects.toThrow(/bad user ?name or password/i);
    await expect(connect({ username: 'bus-99', password: BUS_PW })).rejects.toThrow(/bad user ?name or password/i);
    await expect(connect({ username: 'centre', password: BUS_PW })).rejects.toThrow(/bad user ?name or password/i);
    // a device may not take the centre's client id (it would push the centre off and take its session)
    await expect(connect({ username: 'bus-17', password: BUS_PW, clientId: 'situation-centre-embedded' })).rejects.toThrow(/not authori[sz]ed/i);
    expect((await asBus()).connected).toBe(true);
  });

  it('lets a device publish under its own topics only', async () => {
    await start('0.0.0.0');
    const centre = await listener(await asCentre(), `${prefix}#`);
    expect(centre.granted).toBe(1);
    const own = await asBus();
    expect(await tryPublish(own, `${prefix}gps/bus-17`, JSON.stringify(gpsFix(uid('g'))))).toBe(true);
    expect(await tryPublish(own, `${prefix}incidents/bus-17`, '{}')).toBe(true);
    // another vehicle's topic, the appeals, a fake outage, a topic outside the prefix: refused, connection closed
    for (const topic of [`${prefix}gps/bus-18`, `${prefix}appeals`, `${prefix}status/gas`, 'elsewhere/x'])
      expect(await tryPublish(await asBus(), topic, JSON.stringify(gpsFix(uid('g'))))).toBe(false);
    // a grant in MQTT_USERS: the gateway may publish appeals
    expect(await tryPublish(await asGateway(), `${prefix}appeals`, JSON.stringify(appeal(uid('a'))))).toBe(true);
    await waitFor(() => centre.topics.length >= 3);
    await sleep(300);
    expect(centre.topics.sort()).toEqual([`${prefix}appeals`, `${prefix}gps/bus-17`, `${prefix}incidents/bus-17`]);
  });

  it('lets no device subscribe to the appeals; the centre gets them', async () => {
    await start('0.0.0.0');
    const centre = await listener(await asCentre(), `${prefix}appeals`);
    const bus = await asBus();
    const direct = await listener(bus, `${prefix}appeals`);
    const wide = await listener(await asBus(), `${prefix}#`);
    const all = await listener(await asBus(), '#');
    const shared = await listener(await asGateway(), `$share/g/${prefix}appeals`);
    expect([centre.granted, direct.granted, wide.granted, all.granted, shared.granted]).toEqual([1, 128, 128, 128, 128]);
    expect(await tryPublish(await asGateway(), `${prefix}appeals`, JSON.stringify(appeal(uid('a'), { citizen: { name: 'Айгуль', phone: '+77011234567' } })))).toBe(true);
    expect(await waitFor(() => centre.topics.length === 1)).toBe(true);
    await sleep(300);
    expect([...direct.topics, ...wide.topics, ...all.topics, ...shared.topics]).toEqual([]);
  });

  it('refuses a payload larger than the cap', async () => {
    await start('0.0.0.0');
    const centre = await listener(await asCentre(), `${prefix}#`);
    const bus = await asBus();
    expect(await tryPublish(bus, `${prefix}gps/bus-17`, Buffer.alloc(1024, 'a'))).toBe(true);
    expect(await tryPublish(await asBus(), `${prefix}gps/bus-17`, Buffer.alloc(1025, 'a'))).toBe(false);
    expect(await tryPublish(await asBus(), `${prefix}gps/bus-17`, Buffer.alloc(200_000, 'a'))).toBe(false);
    await waitFor(() => centre.topics.length >= 1);
    await sleep(300);
    expect(centre.topics).toHaveLength(1);
  });

  it('closes a connection whose packet announces more than the cap, before its body arrives', async () => {
    await start('0.0.0.0');
    const s = net.connect(broker!.port, '127.0.0.1');
    await new Promise<void>((r) => s.once('connect', () => r()));
    const closedAt = new Promise<number>((r) => s.once('close', () => r(Date.now())));
    s.on('error', () => {});
    // a CONNECT claiming 100 MB (remaining length 0x80 0x80 0x80 0x30) and the first bytes of its body
    const sent = Date.now();
    s.write(Buffer.from([0x10, 0x80, 0x80, 0x80, 0x30, 0x00, 0x04, 0x4d, 0x51, 0x54, 0x54]));
    expect((await closedAt) - sent).toBeLessThan(2000);
  });
});

describe('embedded centre with MQTT_HOST beyond loopback', () => {
  let c: TestCentre | undefined;
  afterAll(() => c?.cleanup());

  it('needs credentials, and its own subscriber and simulator keep working', async () => {
    c = await embeddedCentre({ MQTT_HOST: '0.0.0.0', MQTT_USERS: `bus-17:${BUS_PW}`, SIMULATOR: true, SIMULATOR_RATE: 200, SIMULATOR_VEHICLES: 20 });
    expect((await c.get('/api/health')).mqtt.ok).toBe(true);
    // the simulator publishes every stream, appeals included, as the centre; the subscriber stores them
    expect(await waitFor(() => c!.pipeline.stats.stored > 50, 20_000)).toBeTruthy();
    expect(await waitFor(async () => (await c!.db.query<any>('SELECT count(*)::int AS n FROM appeals'))[0].n > 0, 20_000)).toBeTruthy();
    const url = c.mqttUrl;
    await expect(mqtt.connectAsync(url, { clientId: uid('anon'), reconnectPeriod: 0 })).rejects.toThrow(/not authori[sz]ed/i);
    const bus = await mqtt.connectAsync(url, { clientId: uid('bus'), username: 'bus-17', password: BUS_PW, reconnectPeriod: 0 });
    expect(await granted(bus, `${c.prefix}appeals`)).toBe(128);
    const id = uid('g');
    await bus.publishAsync(`${c.prefix}gps/bus-17`, JSON.stringify(gpsFix(id)), { qos: 1 });
    await bus.endAsync();
    expect(await waitFor(async () => (await c!.db.query<any>('SELECT count(*)::int AS n FROM gps WHERE id = $1', [id]))[0].n === 1)).toBe(true);
  }, 120_000); // starting the embedded database is slow on a busy machine
});
