// socket.io: `subscribe` {streams, districts?, since?} → ack {cursor, replayed}; then `events` {cursor, items}
// per tick for the client's filter, or `resync` {reason} when its cursor cannot be served.
import type { Server, Socket } from 'socket.io';
import client from 'prom-client';
import type { Logger } from 'pino';
import { describeIssues, subscribeRequest, type EventsPayload, type SubscribeAck } from '../../ingest/schema';
import type { LiveHub, Tick } from './hub';
import { refKey, type SessionRef, type Tokens } from '../auth/tokens';
import { may, scopeDistricts, type Principal } from '../auth/principal';
import { makeFilter, select, type Filter } from './filter';

const socketClients = new client.Gauge({ name: 'socket_clients', help: 'Connected socket.io clients' });
const eventsSent = new client.Counter({ name: 'socket_events_sent_total', help: 'Live events emitted to rooms' });

const REPLAY_CHUNK = 2000;
const HEARTBEAT_MS = 5000;
/** how often each node checks that its sockets' sessions are still valid (one batch of queries for all) */
const REVOCATION_SWEEP_MS = 1000;

/** Attaches the live protocol; returns a function that stops its timers. */
export function attachLive(io: Server, hub: LiveHub, tokens: Tokens, log: Logger): () => void {
  // The token comes in the handshake: `io(url, { auth: { token } })`.
  io.use(async (socket, next) => {
    const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
    const v = typeof token === 'string' ? await tokens.verifyRef(token) : null;
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
      const bad = await tokens.revoked(local.map((s) => s.data.ref as SessionRef));
      for (const s of local)
        if (bad.has(refKey(s.data.ref as SessionRef))) {
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
      io.to(key).emit('events', { cursor, items } satisfies EventsPayload);
    }
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
      const p = subscribeRequest.safeParse(raw);
      if (!p.success) return reply({ error: describeIssues(p.error) });
      const principal = socket.data.principal as Principal;
      if (!may(principal, 'live:read')) return reply({ error: `forbidden: role ${principal.role} lacks live:read` });
      const scope = scopeDistricts(principal, p.data.districts);
      if ('forbidden' in scope) return reply({ error: `forbidden: district ${scope.forbidden} is outside your territory` });
      const filter = makeFilter({ streams: p.data.streams, districts: scope.districts ?? undefined });
      leave(socket);
      const generation = (socket.data.subscription = ((socket.data.subscription as number) ?? 0) + 1);

      // Replay, then join. Ticks delivered while the replay is read are held and sent after it, so the client
      // sees every tick once, in order.
      let replayed = 0;
      if (p.data.since) {
        const held: Tick[] = [];
        const hold = (t: Tick) => held.push(t);
        hub.on('tick', hold);
        let ticks: Awaited<ReturnType<LiveHub['since']>>;
        try {
          ticks = await hub.since(p.data.since);
        } finally {
          hub.off('tick', hold);
        }
        if ('resync' in ticks) {
          socket.emit('resync', { reason: ticks.resync });
        } else {
          // the replayed ticks, then the held ones after them, strictly in order
          const all: Tick[] = [];
          let last = p.data.since;
          for (const t of [...ticks, ...held])
            if (hub.after(t.id, last)) {
              all.push(t);
              last = t.id;
            }
          let chunk: EventsPayload['items'] = [];
          all.forEach((t, i) => {
            for (const e of select(filter, t.items)) chunk.push(e);
            if (chunk.length >= REPLAY_CHUNK || i === all.length - 1) {
              socket.emit('events', { cursor: t.id, items: chunk, replay: true } satisfies EventsPayload);
              replayed += chunk.length;
              chunk = [];
            }
          });
        }
        // the client went away, or subscribed again meanwhile: that call wins
        if (!socket.connected || socket.data.subscription !== generation) return;
        if (!socket.connected) return;
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
