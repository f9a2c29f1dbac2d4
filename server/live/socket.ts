// socket.io: `subscribe` {streams, districts?, since?} → ack {cursor, replayed}; then `events` {cursor, items}
// per tick for the client's filter, or `resync` {reason} when its cursor cannot be served or the tick store lost
// ticks. Every node reads every tick from the store, so each node emits to its own sockets only (`io.local`): the
// Redis adapter would otherwise forward each node's emit to the same room on the other nodes as well.
import type { Server, Socket } from 'socket.io';
import client from 'prom-client';
import type { Logger } from 'pino';
import { describeIssues, subscribeRequest, type EventsPayload, type ResyncPayload, type SubscribeAck } from '../../ingest/schema';
import type { LiveHub, Tick } from './hub';
import type { SessionRef } from '../access/guard';
import { may, scopeDistricts, type Principal } from '../access/principal';
import type { SessionPort } from '../auth';
import { makeFilter, select, type Filter } from './filter';
import { Semaphore } from '../http/semaphore';

const socketClients = new client.Gauge({ name: 'socket_clients', help: 'Connected socket.io clients' });
const eventsSent = new client.Counter({ name: 'socket_events_sent_total', help: 'Live events emitted to rooms' });
const subscribesLimited = new client.Counter({ name: 'socket_subscribes_limited_total', help: 'Subscribes refused by the per-socket or per-user rate limit' });

const REPLAY_CHUNK = 2000;
const HEARTBEAT_MS = 5000;
/** how often each node checks that its sockets' sessions are still valid (one batch of queries for all) */
const REVOCATION_SWEEP_MS = 1000;

export interface LiveOptions {
  /** a replay of more events than this is refused with `resync` (the client reloads the snapshot instead) */
  maxReplay?: number;
  /** subscribes per socket per 10 s; a user's sockets on one node together get 3× this */
  subscribeLimit?: number;
}

const SUBSCRIBE_WINDOW_MS = 10_000;
/** replays running at once on a node, and per user */
const REPLAYS_AT_ONCE = 4;
const REPLAYS_PER_USER = 2;

/** Counts per key in fixed windows. */
function windowCounter(windowMs: number) {
  const counts = new Map<string, { n: number; until: number }>();
  return (key: string, limit: number): boolean => {
    const now = Date.now();
    let c = counts.get(key);
    if (!c || c.until <= now) {
      if (counts.size > 100_000) for (const [k, v] of counts) if (v.until <= now) counts.delete(k);
      counts.set(key, (c = { n: 0, until: now + windowMs }));
    }
    return ++c.n <= limit;
  };
}

/** Attaches the live protocol; returns a function that stops its timers. */
export function attachLive(io: Server, hub: LiveHub, sessions: SessionPort, log: Logger, o: LiveOptions = {}): () => void {
  const maxReplay = o.maxReplay ?? 50_000;
  const subscribeLimit = o.subscribeLimit ?? 10;
  const allowed = windowCounter(SUBSCRIBE_WINDOW_MS);
  const replays = new Semaphore(REPLAYS_AT_ONCE, 100);
  const userReplays = new Map<string, number>();
  const done = (sub: string) => {
    const n = (userReplays.get(sub) ?? 1) - 1;
    if (n > 0) userReplays.set(sub, n);
    else userReplays.delete(sub);
  };
  // The token comes in the handshake: `io(url, { auth: { token } })`.
  io.use(async (socket, next) => {
    const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
    const v = typeof token === 'string' ? await sessions.verifyRef(token) : null;
    if (!v) return next(new Error('unauthorized'));
    socket.data.principal = v.principal;
    socket.data.ref = v.ref;
    next();
  });

  // Revocation: a disabled, deleted or changed account, an ended session or a revoked wall token loses its open
  // sockets within about a second, on every node (each node checks its own sockets against the shared database).
  let sweeping = false;
  const sweep = setInterval(async () => {
    const local = [...io.of('/').sockets.values()];
    if (sweeping || !local.length) return;
    sweeping = true;
    try {
      const bad = await sessions.revoked(local.map((s) => s.data.ref as SessionRef));
      for (const s of local)
        if (bad.has(sessions.key(s.data.ref as SessionRef))) {
          log.info({ id: s.id, sub: (s.data.ref as SessionRef).sub }, 'session revoked; disconnecting its socket');
          s.disconnect(true);
        }
    } catch (err) {
      log.warn({ err: (err as Error).message }, 'cannot check live sessions');
    } finally {
      sweeping = false;
    }
  }, REVOCATION_SWEEP_MS);
  sweep.unref();

  // filter key → filter and how many sockets use it
  const rooms = new Map<string, { filter: Filter; members: number; lastEmit: number }>();

  hub.on('tick', (tick: Tick) => {
    const now = Date.now();
    const cursor = tick.id;
    for (const [key, room] of rooms) {
      const items = select(room.filter, tick.items);
      // Emit when there is something, and now and then without items so idle clients' cursors move on.
      if (!items.length && now - room.lastEmit < HEARTBEAT_MS) continue;
      room.lastEmit = now;
      eventsSent.inc(items.length);
      io.local.to(key).emit('events', { cursor, items } satisfies EventsPayload);
    }
  });
  hub.on('lost', (reason: string) => {
    log.warn({ reason, rooms: rooms.size }, 'live ticks lost: telling every client to resync');
    for (const key of rooms.keys()) io.local.to(key).emit('resync', { reason } satisfies ResyncPayload);
  });

  const leave = (socket: Socket) => {
    const key = socket.data.room as string | undefined;
    if (!key) return;
    socket.leave(key);
    socket.data.room = undefined;
    const r = rooms.get(key);
    if (r && --r.members <= 0) rooms.delete(key);
  };

  io.on('connection', (socket) => {
    socketClients.inc();
    socket.on('disconnect', () => {
      socketClients.dec();
      leave(socket);
    });

    socket.on('subscribe', async (raw: unknown, ack?: (a: SubscribeAck) => void) => {
      const reply = typeof ack === 'function' ? ack : () => undefined;
      const principal = socket.data.principal as Principal;
      // each subscribe may replay up to maxReplay events: bounded per socket and per user
      if (!allowed(`s:${socket.id}`, subscribeLimit) || !allowed(`u:${principal.sub}`, 3 * subscribeLimit)) {
        subscribesLimited.inc();
        return reply({ error: `rate limited: too many subscribes; at most ${subscribeLimit} per ${SUBSCRIBE_WINDOW_MS / 1000} s` });
      }
      const p = subscribeRequest.safeParse(raw);
      if (!p.success) return reply({ error: describeIssues(p.error) });
      if (!may(principal, 'live:read')) return reply({ error: `forbidden: role ${principal.role} lacks live:read` });
      const scope = scopeDistricts(principal, p.data.districts);
      if ('forbidden' in scope) return reply({ error: `forbidden: district ${scope.forbidden} is outside your territory` });
      const filter = makeFilter({ streams: p.data.streams, districts: scope.districts ?? undefined });
      leave(socket);
      const generation = (socket.data.subscription = ((socket.data.subscription as number) ?? 0) + 1);
      // the client went away, or subscribed again meanwhile: that call wins
      const superseded = () => !socket.connected || socket.data.subscription !== generation;

      // Replay, then join. Ticks delivered until the join are held and sent after the replay, so the client
      // sees every tick once, in order. The replay is bounded and sent in chunks with a turn of the event loop
      // between them, so one client's replay cannot stall everyone else.
      let replayed = 0;
      if (p.data.since) {
        const running = userReplays.get(principal.sub) ?? 0;
        if (running >= REPLAYS_PER_USER) return reply({ error: `rate limited: at most ${REPLAYS_PER_USER} replays at once per user` });
        userReplays.set(principal.sub, running + 1);
        const held: Tick[] = [];
        const hold = (t: Tick) => held.push(t);
        let lost: string | null = null;
        const onLost = (reason: string) => (lost = reason);
        try {
          // a few replays at once per node; the others wait their turn (or, beyond a queue, are refused)
          await replays.acquire();
        } catch {
          done(principal.sub);
          return reply({ error: 'rate limited: the server is busy replaying; try again in a moment' });
        }
        hub.on('tick', hold);
        hub.on('lost', onLost);
        try {
          if (superseded()) return;
          let ticks = await hub.since(p.data.since, maxReplay);
          if (lost) ticks = { resync: lost };
          if ('resync' in ticks) {
            socket.emit('resync', { reason: ticks.resync } satisfies ResyncPayload);
          } else {
            let last = p.data.since;
            let sent = last;
            let chunk: EventsPayload['items'] = [];
            const send = () => {
              socket.emit('events', { cursor: last, items: chunk, replay: true } satisfies EventsPayload);
              replayed += chunk.length;
              chunk = [];
              sent = last;
            };
            // the replayed ticks, then the held ones after them (more may arrive while we yield), strictly in order
            let scanned = 0;
            for (let i = 0; i < ticks.length || held.length; i++) {
              const t = i < ticks.length ? ticks[i] : held.shift()!;
              if (!hub.after(t.id, last)) continue;
              last = t.id;
              for (const e of select(filter, t.items)) chunk.push(e);
              if (chunk.length >= REPLAY_CHUNK) send();
              if ((scanned += t.items.length) >= REPLAY_CHUNK) {
                scanned = 0;
                await new Promise((r) => setImmediate(r));
                if (superseded()) return;
                // ticks were lost in the store while we yielded: this replay cannot be completed without a gap
                if (lost) {
                  socket.emit('resync', { reason: lost } satisfies ResyncPayload);
                  return;
                }
              }
            }
            // the rest, with the last cursor; no yield from here to the join, so no tick falls in between
            if (sent !== last) send();
          }
        } finally {
          hub.off('tick', hold);
          hub.off('lost', onLost);
          replays.release();
          done(principal.sub);
        }
        if (superseded()) return;
        leave(socket);
      }
      socket.join(filter.key);
      socket.data.room = filter.key;
      const room = rooms.get(filter.key);
      if (room) room.members++;
      else rooms.set(filter.key, { filter, members: 1, lastEmit: Date.now() });
      log.debug({ id: socket.id, room: filter.key, replayed }, 'live subscribe');
      reply({ cursor: hub.cursor(), replayed });
    });
  });
  return () => clearInterval(sweep);
}
