// The city simulator: publishes the four streams over MQTT at a target total rate (messages per second), paced by
// a 50 ms tick. The number of unacknowledged messages is bounded: when the broker is behind or gone, the simulator
// skips (and counts) rather than queueing without end; mqtt's reconnect brings it back after a broker restart.
import mqtt from 'mqtt';
import type { Logger } from 'pino';
import { City } from './city';
import { Pacer, RateMeter } from './pacer';
import { streamShare, type StreamShare } from './profile';
import { streamOf } from './message';
import type { EpisodeOptions } from './services';
import { OsmAndSender, type OsmAndSimOptions } from './osmand';

export interface SimulatorOptions {
  url: string;
  /** credentials, when not in the URL (the centre's own, on its embedded broker) */
  username?: string;
  password?: string;
  /** topic prefix, default `city/astana/` */
  prefix?: string;
  /** total messages per second over all streams */
  rate: number;
  vehicles?: number;
  city?: string;
  log?: Logger;
  qos?: 0 | 1;
  clientId?: string;
  /** unacknowledged messages allowed before the simulator skips (default 5,000) */
  maxInflight?: number;
  /** share of the rate per stream (default: profile.streamShare) */
  share?: StreamShare;
  /** outage, degradation and planned-works timing (default: profile.episodes) */
  episodes?: EpisodeOptions;
  /** timer tick, ms (default 50) */
  tickMs?: number;
  /** a share of the fleet reports over the centre's OsmAnd endpoint instead of MQTT (see osmand.ts) */
  osmand?: OsmAndSimOptions;
  /** runs once the city (its fleet) is made, before anything is sent: e.g. the centre registers the fleet's crews */
  prepare?: (city: City) => Promise<void>;
}

export interface SimulatorStats {
  sent: number;
  perStream: Record<string, number>;
  /** achieved messages per second over the last 5 s */
  rate: number;
  errors: number;
  /** messages due but not sent because the broker was behind or disconnected */
  skipped: number;
  /** gps fixes sent over OsmAnd (HTTP) and those the centre did not take (not 200) */
  osmand: { sent: number; errors: number };
  inflight: number;
  connected: boolean;
}

export interface Simulator {
  stop(): Promise<void>;
  stats(): SimulatorStats;
  city: City;
}

export async function startSimulator(o: SimulatorOptions): Promise<Simulator> {
  if (!(o.rate >= 0) || !Number.isFinite(o.rate)) throw new Error(`simulator: rate must be a non-negative number, got ${o.rate}`);
  const prefix = o.prefix ?? 'city/astana/';
  const city = new City(o.vehicles ?? 120, { city: o.city ?? 'astana', episodes: o.episodes });
  const qos = o.qos ?? 1;
  const maxInflight = o.maxInflight ?? 5000;
  const client = await mqtt.connectAsync(o.url, {
    clientId: o.clientId ?? `simulator-${city.run}`,
    ...(o.username !== undefined ? { username: o.username, password: o.password } : {}),
    reconnectPeriod: 1000,
    connectTimeout: 5000,
    // while disconnected the simulator skips; nothing should pile up in the client
    queueQoSZero: false,
  });
  const osmand = o.osmand ? new OsmAndSender(o.osmand, city.fleet.map((v) => v.id)) : null;
  try {
    await o.prepare?.(city);
  } catch (err) {
    await client.endAsync(true).catch(() => undefined);
    throw err;
  }
  let connected = true;
  client.on('error', (err) => o.log?.warn({ err: err.message }, 'simulator: MQTT error'));
  client.on('offline', () => {
    if (connected) o.log?.warn('simulator: broker connection lost, skipping until it is back');
    connected = false;
  });
  client.on('connect', () => {
    if (!connected) o.log?.info('simulator: reconnected to the broker');
    connected = true;
  });

  const stats = { sent: 0, perStream: { gps: 0, appeals: 0, incidents: 0, status: 0 } as Record<string, number>, errors: 0, skipped: 0 };
  let inflight = 0;
  const pacer = new Pacer(o.rate);
  const meter = new RateMeter(5000);
  const done = (err?: Error) => {
    inflight--;
    if (err) stats.errors++;
  };

  const tick = () => {
    const now = Date.now();
    const due = pacer.due(now);
    if (!due) return;
    const room = client.connected ? Math.max(0, maxInflight - inflight) : 0;
    const n = Math.min(due, room);
    stats.skipped += due - n;
    if (!n) return;
    const batch = city.tick(n, now, o.share ?? streamShare);
    for (const m of batch) {
      if (osmand?.offer(m, now)) {
        stats.sent++;
        stats.perStream.gps++;
        continue;
      }
      inflight++;
      client.publish(prefix + m.topic, JSON.stringify(m.payload), { qos }, done);
      stats.sent++;
      const s = streamOf(m);
      stats.perStream[s] = (stats.perStream[s] ?? 0) + 1;
    }
    meter.add(batch.length, now);
  };
  const timer = setInterval(tick, o.tickMs ?? 50);
  o.log?.info({ rate: o.rate, vehicles: city.fleet.length, osmandDevices: osmand?.deviceIds.length ?? 0, prefix, qos }, 'city simulator running');

  let stopped: Promise<void> | null = null;
  return {
    city,
    stats: () => ({
      ...stats,
      perStream: { ...stats.perStream },
      rate: meter.rate(),
      inflight,
      connected: client.connected,
      osmand: { sent: osmand?.sent ?? 0, errors: osmand?.errors ?? 0 },
    }),
    stop() {
      stopped ??= (async () => {
        clearInterval(timer);
        // let the last acknowledgements arrive (briefly), then close
        const until = Date.now() + 2000;
        while (inflight > 0 && client.connected && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
        await osmand?.drain();
        await client.endAsync(inflight > 0).catch(() => undefined);
      })();
      return stopped;
    },
  };
}
