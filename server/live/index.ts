// The live feature: the hub (ticks, cursors, replay window) over a tick store (memory, or Redis with REDIS_URL),
// socket.io's Redis adapter, the current picture (`LiveState`, for /api/snapshot) and the live socket protocol
// (server/live/socket.ts). Other modules publish through `LivePort` and import only types from this file.
import type { Logger } from 'pino';
import type { LiveEvent } from '../../ingest/schema';
import type { Config } from '../config';
import type { Mount } from '../module';
import type { SessionPort } from '../auth';
import { redisAdapter } from './adapter';
import { LiveHub } from './hub';
import { MemoryTickStore } from './memory-store';
import { RedisTickStore } from './redis-store';
import { attachLive } from './socket';
import { LiveState } from './state';

export type { LiveHub, LiveState };

export interface LiveDeps {
  log: Logger;
  config: Pick<
    Config,
    'REDIS_URL' | 'MQTT_TOPIC_PREFIX' | 'REPLAY_WINDOW_MIN' | 'REPLAY_MAX_EVENTS' | 'LIVE_TICK_MS' | 'REPLAY_MAX_PER_SUBSCRIBE' | 'SUBSCRIBE_RATE_LIMIT'
  >;
  sessions: SessionPort;
}

/** What other modules may do with the live picture: publish committed events, seed the picture at start. */
export interface LivePort {
  /** events committed now: into the next tick, to every node's clients */
  publish(events: LiveEvent[]): void;
  /** events already stored before this start: into the current picture only (not sent to clients) */
  seed(events: LiveEvent[]): void;
}

export interface LiveApi extends LivePort {
  hub: LiveHub;
  state: LiveState;
}

export const mountLive: Mount<LiveDeps, LiveApi> = async (_app, io, { log, config, sessions }) => {
  const windowMs = config.REPLAY_WINDOW_MIN * 60_000;
  const store = config.REDIS_URL
    ? new RedisTickStore(config.REDIS_URL, `sc:live:${config.MQTT_TOPIC_PREFIX}`, windowMs, log)
    : new MemoryTickStore(windowMs, config.REPLAY_MAX_EVENTS);
  const hub = new LiveHub(store, { tickMs: config.LIVE_TICK_MS });
  const state = new LiveState(hub);
  await hub.start();

  const adapter = config.REDIS_URL ? await redisAdapter(config.REDIS_URL, log) : null;
  if (adapter) io.adapter(adapter.factory);
  const stopSockets = attachLive(io, hub, sessions, log, { maxReplay: config.REPLAY_MAX_PER_SUBSCRIBE, subscribeLimit: config.SUBSCRIBE_RATE_LIMIT });

  return {
    api: { hub, state, publish: (events) => hub.publish(events), seed: (events) => state.apply(events) },
    async stop() {
      await hub.stop();
      stopSockets();
      // the sockets are this module's: closing socket.io also closes the HTTP server it is attached to
      io.close();
      await adapter?.close();
    },
  };
};
