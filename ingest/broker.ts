// The embedded broker (aedes), started when MQTT_URL is not set. It listens on the wanted port, or the next free
// one when that is taken (Mosquitto may hold 1883), so devices and mosquitto_pub can publish to it.
//
// It binds 127.0.0.1 unless told otherwise (MQTT_HOST). On a loopback address anonymous local clients may publish;
// anywhere else every client needs credentials: the centre's own (generated at every start) or a device's from
// MQTT_USERS. Who may publish and subscribe to what is in broker-access.ts; payloads larger than `maxPayload` are
// refused at the broker (the connection is closed), and no packet may announce more than that plus 64 KB.
//
// Durability: aedes acknowledges a QoS-1 PUBLISH as soon as it has read it and keeps its queues in memory, so a
// kill -9 of the embedded mode loses what it had acknowledged and the centre had not yet committed or spooled.
import net from 'node:net';
import { randomBytes } from 'node:crypto';
import { Aedes, type AuthenticateError, type Client } from 'aedes';
import type { Logger } from 'pino';
import { listen } from './listen';
import { BrokerAccess, CENTRE_USERNAME, type BrokerUser, type Identity } from './broker-access';
import { guardPacketSize } from './packet-guard';

export { parseBrokerUsers, type BrokerUser } from './broker-access';

export interface EmbeddedBroker {
  url: string;
  port: number;
  /** the address it listens on (as the socket reports it) */
  host: string;
  /** credentials of the centre's own clients (subscriber, simulator) */
  centre: { username: string; password: string };
  close(): Promise<void>;
}

export interface EmbeddedBrokerOptions {
  /** default 127.0.0.1; anything but a loopback address requires credentials */
  host?: string;
  port: number;
  log: Logger;
  /** topic prefix of the streams (default `city/astana/`) */
  prefix?: string;
  /** devices (MQTT_USERS) */
  users?: BrokerUser[];
  /** largest payload accepted, bytes (default 64 KB) */
  maxPayload?: number;
  /** client ids only the centre may take */
  centreClientIds?: string[];
}

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** Room for the topic and headers around the largest payload. */
const PACKET_OVERHEAD = 64 * 1024;

export async function startEmbeddedBroker(opts: EmbeddedBrokerOptions): Promise<EmbeddedBroker> {
  const host = opts.host ?? '127.0.0.1';
  const maxPayload = opts.maxPayload ?? 64 * 1024;
  const centre = { username: CENTRE_USERNAME, password: randomBytes(24).toString('base64url') };
  const access = new BrokerAccess({
    prefix: opts.prefix ?? 'city/astana/',
    users: opts.users ?? [],
    centrePassword: centre.password,
    allowAnonymous: isLoopback(host),
    centreClientIds: opts.centreClientIds ?? [],
  });
  const who = new WeakMap<Client, Identity>();

  const aedes = await Aedes.createBroker({
    authenticate(client, username, password, done) {
      const id = access.authenticate(client.id, username, password);
      if (typeof id === 'number') {
        opts.log.warn({ client: client.id, username, code: id }, 'embedded MQTT broker refused a connection');
        done(Object.assign(new Error(id === 4 ? 'bad user name or password' : 'not authorized'), { returnCode: id as number }) as AuthenticateError, false);
        return;
      }
      who.set(client, id);
      done(null, true);
    },
    authorizePublish(client, packet, done) {
      const size = Buffer.isBuffer(packet.payload) ? packet.payload.byteLength : Buffer.byteLength(String(packet.payload ?? ''));
      const why =
        size > maxPayload ? `payload too large: ${size} bytes > ${maxPayload}` : access.refusePublish(client ? who.get(client) : undefined, packet.topic);
      if (why) {
        opts.log.warn({ client: client?.id, topic: packet.topic, reason: why }, 'embedded MQTT broker refused a publish');
        done(new Error(why));
      } else done(null);
    },
    authorizeSubscribe(client, sub, done) {
      if (access.maySubscribe(who.get(client), sub.topic)) return done(null, sub);
      opts.log.warn({ client: client.id, filter: sub.topic }, 'embedded MQTT broker refused a subscription');
      done(null, null);
    },
    authorizeForward(client, packet) {
      return access.mayReceive(who.get(client), packet.topic) ? packet : null;
    },
  });
  const server = net.createServer((socket) =>
    aedes.handle(
      guardPacketSize(socket, maxPayload + PACKET_OVERHEAD, (err) => opts.log.warn({ remote: socket.remoteAddress, err: err.message }, 'embedded MQTT broker closed a connection')),
    ),
  );
  const port = await listen(server, host, opts.port, true);
  aedes.on('clientError', (client, err) => opts.log.debug({ client: client?.id, err: err.message }, 'mqtt client error'));
  const local = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  const url = `mqtt://${local.includes(':') ? `[${local}]` : local}:${port}`;
  if (port !== opts.port) opts.log.warn({ wanted: opts.port, port }, `port ${opts.port} is taken; embedded MQTT broker uses ${port}`);
  if (!isLoopback(host) && !opts.users?.length)
    opts.log.warn({ host }, 'the embedded MQTT broker listens beyond this machine but MQTT_USERS is empty: only the centre itself can connect');
  const addr = server.address();
  return {
    url,
    port,
    host: typeof addr === 'object' && addr ? addr.address : host,
    centre,
    async close() {
      await new Promise<void>((r) => aedes.close(() => r()));
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
