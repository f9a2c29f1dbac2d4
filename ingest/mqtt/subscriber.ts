// A subscriber that acknowledges QoS-1 messages only when told to — after their batch is committed.
//
// mqtt.js hands a connection's messages over one at a time and sends PUBACK before taking the next, so ack-after-
// commit would commit one row per round trip. This client speaks the protocol itself with mqtt-packet (the parser
// and generator mqtt.js and aedes use), keeps reading while earlier messages wait for their commit, and lets the
// broker's in-flight window (MQTT 5 `receiveMaximum`) bound how many are outstanding. A persistent session makes
// the broker redeliver whatever was not acknowledged when the connection or the process dies.
import net from 'node:net';
import { EventEmitter } from 'node:events';
import mqttPacket from 'mqtt-packet';
import type { Logger } from 'pino';
import { redactUrl } from '../url';

/**
 * MQTT 5 receive maximum the centre asks for: the protocol's largest, so that a burst is held in flight rather than
 * in the broker's queue for us (Mosquitto's `max_queued_messages`, 1,000 by default), whose overflow is dropped.
 */
export const DEFAULT_RECEIVE_MAXIMUM = 65_535;

export interface SubscriberOptions {
  url: string; // mqtt://host:port
  clientId: string;
  filters: string[];
  /** 5 (default, falls back to 4 when the broker refuses it) or 4. */
  protocolVersion?: 4 | 5;
  /** MQTT 5: how many unacknowledged QoS-1 messages the broker may send us (default 65,535). */
  receiveMaximum?: number;
  keepalive?: number;
  /** How long the broker keeps our session (and queues for us) while we are away, seconds. */
  sessionExpiry?: number;
  username?: string;
  password?: string;
  log: Logger;
}

export type Ack = () => void;
export type MessageHandler = (topic: string, payload: Buffer, ack: Ack) => void;

export class Subscriber extends EventEmitter {
  connected = false;
  private socket: net.Socket | null = null;
  private generation = 0;
  private version: 4 | 5;
  private closing = false;
  private backoff = 250;
  private pingTimer: NodeJS.Timeout | null = null;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private paused = false;

  constructor(
    private opts: SubscriberOptions,
    private onMessage: MessageHandler,
  ) {
    super();
    this.version = opts.protocolVersion ?? 5;
  }

  start(): void {
    this.closing = false;
    this.connect();
  }

  /** Stop reading from the broker (backpressure); it then holds further messages for us. */
  pause(): void {
    this.paused = true;
    this.socket?.pause();
  }
  resume(): void {
    this.paused = false;
    this.socket?.resume();
  }

  private connect(): void {
    const u = new URL(this.opts.url);
    const gen = ++this.generation;
    const socket = net.connect({ host: u.hostname, port: Number(u.port || 1883) });
    socket.setNoDelay(true);
    this.socket = socket;
    const parser = mqttPacket.parser({ protocolVersion: this.version });
    const send = (p: mqttPacket.Packet) => {
      if (this.generation === gen && !socket.destroyed) socket.write(mqttPacket.generate(p, { protocolVersion: this.version }));
    };

    socket.on('connect', () => {
      const connect: mqttPacket.IConnectPacket = {
        cmd: 'connect',
        protocolId: 'MQTT',
        protocolVersion: this.version,
        clientId: this.opts.clientId,
        clean: false,
        keepalive: this.opts.keepalive ?? 30,
        username: this.opts.username ?? (u.username || undefined),
        password: this.opts.password !== undefined ? Buffer.from(this.opts.password) : u.password ? Buffer.from(decodeURIComponent(u.password)) : undefined,
      };
      if (this.version === 5)
        connect.properties = {
          receiveMaximum: this.opts.receiveMaximum ?? DEFAULT_RECEIVE_MAXIMUM,
          sessionExpiryInterval: this.opts.sessionExpiry ?? 3600,
          maximumPacketSize: 1024 * 1024,
        };
      send(connect);
    });

    parser.on('packet', (p: mqttPacket.Packet) => {
      switch (p.cmd) {
        case 'connack': {
          const code = (p as mqttPacket.IConnackPacket).reasonCode ?? (p as mqttPacket.IConnackPacket).returnCode ?? 0;
          if (code !== 0) {
            if (this.version === 5 && (code === 1 || code === 132)) {
              this.opts.log.info('broker does not speak MQTT 5; using 3.1.1');
              this.version = 4;
            } else this.opts.log.error({ code, url: redactUrl(this.opts.url) }, 'MQTT broker refused the connection');
            socket.destroy();
            return;
          }
          this.backoff = 250;
          send({
            cmd: 'subscribe',
            messageId: 1,
            subscriptions: this.opts.filters.map((topic) => ({ topic, qos: 1 as const })),
          } as mqttPacket.ISubscribePacket);
          this.pingTimer = setInterval(() => send({ cmd: 'pingreq' }), ((this.opts.keepalive ?? 30) * 1000) / 2);
          break;
        }
        case 'suback':
          this.connected = true;
          this.opts.log.info({ url: redactUrl(this.opts.url), filters: this.opts.filters, mqtt: this.version === 5 ? '5' : '3.1.1' }, 'subscribed');
          this.emit('connected');
          break;
        case 'publish': {
          const pub = p as mqttPacket.IPublishPacket;
          const payload = Buffer.isBuffer(pub.payload) ? pub.payload : Buffer.from(pub.payload);
          let acked = pub.qos === 0;
          const ack: Ack = () => {
            if (acked) return;
            acked = true;
            // An ack for an earlier connection would name a packet id the broker now uses for something else.
            if (this.generation === gen) send({ cmd: 'puback', messageId: pub.messageId! } as mqttPacket.IPubackPacket);
          };
          if (pub.qos === 2) {
            // We subscribe at QoS 1, so the broker never sends QoS 2; treat one as QoS 1 to stay safe.
            this.opts.log.warn({ topic: pub.topic }, 'unexpected QoS 2 delivery');
          }
          this.onMessage(pub.topic, payload, ack);
          break;
        }
        case 'disconnect':
          this.opts.log.warn({ reason: (p as mqttPacket.IDisconnectPacket).reasonCode }, 'broker sent DISCONNECT');
          socket.destroy();
          break;
        default:
          break;
      }
    });
    parser.on('error', (err: Error) => {
      this.opts.log.error({ err: err.message }, 'MQTT protocol error');
      socket.destroy();
    });
    socket.on('data', (buf) => parser.parse(buf));
    socket.on('error', (err) => this.opts.log.warn({ err: err.message, url: redactUrl(this.opts.url) }, 'MQTT connection error'));
    socket.on('close', () => {
      if (this.pingTimer) clearInterval(this.pingTimer);
      this.pingTimer = null;
      if (this.generation !== gen) return;
      const was = this.connected;
      this.connected = false;
      if (was) this.emit('disconnected');
      if (this.closing) return;
      this.reconnectTimer = setTimeout(() => this.connect(), this.backoff);
      this.backoff = Math.min(this.backoff * 2, 5000);
    });
    if (this.paused) socket.pause();
  }

  async stop(): Promise<void> {
    this.closing = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    const s = this.socket;
    if (!s || s.destroyed) return;
    await new Promise<void>((resolve) => {
      s.once('close', () => resolve());
      if (this.connected) s.end(mqttPacket.generate({ cmd: 'disconnect' } as mqttPacket.IDisconnectPacket, { protocolVersion: this.version }));
      else s.destroy();
      setTimeout(() => s.destroy(), 1000).unref();
    });
  }
}
