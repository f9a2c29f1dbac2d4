// The city simulator: publishes the four streams over MQTT at a target rate (messages per second), paced by a
// 100 ms tick, with a bounded number of unacknowledged messages (when the broker is behind, it skips and counts).
import mqtt from 'mqtt';
import type { Logger } from 'pino';
import { City } from './city';
import { streamShare } from './profile';

export interface SimulatorOptions {
  url: string;
  prefix?: string;
  rate: number;
  vehicles?: number;
  city?: string;
  log?: Logger;
  qos?: 0 | 1;
  clientId?: string;
  /** unacknowledged messages allowed before the simulator skips (default 5,000) */
  maxInflight?: number;
  /** share of the rate per stream (default: profile.streamShare) */
  share?: typeof streamShare;
}

export interface SimulatorStats {
  sent: number;
  perStream: Record<string, number>;
  rate: number;
  errors: number;
  skipped: number;
}

export async function startSimulator(o: SimulatorOptions): Promise<{ stop(): Promise<void>; stats(): SimulatorStats; city: City }> {
  const prefix = o.prefix ?? 'city/astana/';
  const city = new City(o.vehicles ?? 120, o.city ?? 'astana');
  const client = await mqtt.connectAsync(o.url, { clientId: o.clientId ?? `simulator-${city.run}`, reconnectPeriod: 1000, connectTimeout: 5000 });
  client.on('error', (err) => o.log?.warn({ err: err.message }, 'simulator MQTT error'));
  const stats: SimulatorStats = { sent: 0, perStream: { appeals: 0, incidents: 0, gps: 0, status: 0 }, rate: 0, errors: 0, skipped: 0 };
  const maxInflight = o.maxInflight ?? 5000;
  const qos = o.qos ?? 1;
  let inflight = 0;
  let carry = 0;
  let last = Date.now();
  const window: { t: number; n: number }[] = [];

  const tick = () => {
    const now = Date.now();
    const dt = (now - last) / 1000;
    last = now;
    carry += o.rate * dt;
    const budget = Math.floor(carry);
    carry -= budget;
    if (!budget) return;
    if (!client.connected || inflight >= maxInflight) {
      stats.skipped += budget;
      return;
    }
    const msgs = city.tick(budget, dt, now, o.share ?? streamShare);
    for (const m of msgs) {
      inflight++;
      client.publish(prefix + m.topic, JSON.stringify(m.payload), { qos }, (err) => {
        inflight--;
        if (err) stats.errors++;
      });
      stats.sent++;
      const s = m.topic.split('/')[0];
      stats.perStream[s] = (stats.perStream[s] ?? 0) + 1;
    }
    window.push({ t: now, n: msgs.length });
    while (window.length && window[0].t < now - 5000) window.shift();
    const span = Math.max(1, (now - (window[0]?.t ?? now)) / 1000);
    stats.rate = window.reduce((a, w) => a + w.n, 0) / Math.max(span, 0.1);
  };
  const timer = setInterval(tick, 100);
  o.log?.info({ rate: o.rate, vehicles: city.fleet.length, prefix }, 'city simulator running');
  return {
    city,
    stats: () => ({ ...stats, perStream: { ...stats.perStream } }),
    async stop() {
      clearInterval(timer);
      await client.endAsync().catch(() => undefined);
    },
  };
}
