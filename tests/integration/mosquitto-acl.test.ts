// The shipped Mosquitto configuration (server/deploy/mosquitto.conf + mosquitto.acl), run by a Mosquitto of this
// test's own on a free loopback port (TLS listener left out): no anonymous clients, devices publish only to their
// own topics, nobody but the centre reads, and the centre's shared subscription works.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mqtt, { type MqttClient } from 'mqtt';
import { appeal, gpsFix, serviceStatus, tmpDir, uid, waitFor } from '../helpers/services';

const deploy = new URL('../../server/deploy/', import.meta.url).pathname;
const bin = (name: string) => ['/usr/sbin/', '/usr/bin/', '/usr/local/sbin/', '/usr/local/bin/'].map((d) => d + name).find(existsSync) ?? name;
const P = 'city/astana/';
const PW = { centre: 'centre-password-1', 'bus-17': 'bus17-password-1', 'appeals-gateway': 'gateway-password-1' };

let broker: ChildProcess;
let port: number;
const clients: MqttClient[] = [];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const p = (s.address() as net.AddressInfo).port;
  await new Promise((r) => s.close(r));
  return p;
}

beforeAll(async () => {
  const dir = tmpDir('mosquitto');
  const passwd = join(dir, 'passwd');
  execFileSync(bin('mosquitto_passwd'), ['-c', '-b', passwd, 'centre', PW.centre]);
  for (const u of ['bus-17', 'appeals-gateway'] as const) execFileSync(bin('mosquitto_passwd'), ['-b', passwd, u, PW[u]]);
  port = await freePort();
  // the shipped file, with this test's port, paths and no TLS listener
  const conf = readFileSync(join(deploy, 'mosquitto.conf'), 'utf8')
    .split('\n')
    .filter((l) => !/^(listener 8883|cafile|certfile|keyfile)\b/.test(l))
    .map((l) =>
      l
        .replace(/^listener 1883$/, `listener ${port} 127.0.0.1`)
        .replace('/mosquitto/config/passwd', passwd)
        .replace('/mosquitto/config/acl', join(deploy, 'mosquitto.acl'))
        .replace('/mosquitto/data/', dir + '/'),
    )
    .join('\n');
  // started as root, Mosquitto would switch to its own user, who cannot read this test's private folder
  writeFileSync(join(dir, 'mosquitto.conf'), `${conf}\nuser ${userInfo().username}\n`);
  broker = spawn(bin('mosquitto'), ['-c', join(dir, 'mosquitto.conf')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  broker.stderr!.on('data', (b) => (stderr += b));
  const up = await waitFor(
    () =>
      new Promise<boolean>((r) => {
        const s = net.connect(port, '127.0.0.1', () => (s.destroy(), r(true)));
        s.on('error', () => r(false));
      }),
    10_000,
    100,
  );
  if (!up) throw new Error(`mosquitto did not start with the shipped configuration: ${stderr}`);
});

afterAll(async () => {
  await Promise.all(clients.splice(0).map((c) => c.endAsync(true)));
  if (broker?.pid) broker.kill('SIGTERM');
});

async function connect(username?: keyof typeof PW): Promise<MqttClient> {
  const c = await mqtt.connectAsync(`mqtt://127.0.0.1:${port}`, {
    clientId: uid('c'),
    reconnectPeriod: 0,
    ...(username ? { username, password: PW[username] } : {}),
  });
  clients.push(c);
  return c;
}

async function listen(c: MqttClient, filter: string): Promise<{ topics: string[]; granted: number }> {
  const seen = { topics: [] as string[], granted: -1 };
  c.on('message', (topic) => seen.topics.push(topic));
  try {
    seen.granted = (await c.subscribeAsync(filter, { qos: 1 }))[0].qos;
  } catch (e) {
    const code = (e as { packet?: { granted?: number[] } }).packet?.granted?.[0];
    if (code === undefined) throw e;
    seen.granted = code;
  }
  return seen;
}

describe('shipped Mosquitto configuration and ACL', () => {
  it('allows no anonymous client, reads the ACL file and queues a burst of a full receive maximum', () => {
    const conf = readFileSync(join(deploy, 'mosquitto.conf'), 'utf8');
    const queued = Number(/^max_queued_messages (\d+)$/m.exec(conf)?.[1]);
    expect(queued === 0 || queued >= 65535).toBe(true);
    expect(conf).toMatch(/^allow_anonymous false$/m);
    expect(conf).toMatch(/^acl_file /m);
  });

  it('refuses anonymous clients and wrong passwords', async () => {
    await expect(connect()).rejects.toThrow(/not authori[sz]ed/i);
    await expect(mqtt.connectAsync(`mqtt://127.0.0.1:${port}`, { clientId: uid('c'), reconnectPeriod: 0, username: 'bus-17', password: 'wrong' })).rejects.toThrow(
      /not authori[sz]ed|bad user/i,
    );
  });

  it("lets a device publish only to its own topics, and the centre's shared subscription read them", async () => {
    const centre = await listen(await connect('centre'), `$share/centre/${P}#`);
    expect(centre.granted).toBe(1);
    const bus = await connect('bus-17');
    for (const topic of [`${P}gps/bus-18`, `${P}appeals`, `${P}status/gas`])
      await bus.publishAsync(topic, JSON.stringify(topic.endsWith('gas') ? serviceStatus(uid('s'), { households: 250000 }) : gpsFix(uid('g'))), { qos: 1 });
    await bus.publishAsync(`${P}gps/bus-17`, JSON.stringify(gpsFix(uid('g'))), { qos: 1 });
    await (await connect('appeals-gateway')).publishAsync(`${P}appeals`, JSON.stringify(appeal(uid('a'))), { qos: 1 });
    // the centre itself only reads
    await (await connect('centre')).publishAsync(`${P}gps/x`, JSON.stringify(gpsFix(uid('g'))), { qos: 1 });
    await waitFor(() => centre.topics.length >= 2);
    await sleep(300);
    expect(centre.topics.sort()).toEqual([`${P}appeals`, `${P}gps/bus-17`]);
  });

  it('lets no device read the appeals (nor anything else)', async () => {
    const bus = await connect('bus-17');
    const direct = await listen(bus, `${P}appeals`);
    const wide = await listen(await connect('bus-17'), `${P}#`);
    const gw = await listen(await connect('appeals-gateway'), `${P}appeals`);
    // Mosquitto grants the subscription and checks `read` on every message it would deliver
    const centre = await listen(await connect('centre'), `${P}appeals`);
    await (await connect('appeals-gateway')).publishAsync(`${P}appeals`, JSON.stringify(appeal(uid('a'), { citizen: { name: 'Айгуль', phone: '+77011234567' } })), { qos: 1 });
    expect(await waitFor(() => centre.topics.length === 1)).toBe(true);
    await sleep(300);
    expect([...direct.topics, ...wide.topics, ...gw.topics]).toEqual([]);
  });
});
