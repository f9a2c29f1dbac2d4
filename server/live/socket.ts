// socket.io: `subscribe` {streams, districts?, since?} → ack {cursor, replayed}; then `events` {cursor, items}
// per tick for the client's filter, or `resync` {reason} when its cursor cannot be served or the tick store lost
// ticks. Every node reads every tick from the store, so each node emits to its own sockets only (`io.local`): the
// Redis adapter would otherwise forward each node's emit to the same room on the other nodes as well.
import type { Server, Socket } from 'socket.io';
import client from 'prom-client';
import type { Logger } from 'pino';
import { describeIssues, subscribeRequest, type EventsPayload, type ResyncPayload, type SubscribeAck } from '../../ingest/schema';
import type { LiveHub, Tick } from './hub';
import type { Tokens } from '../auth/tokens';
import { may, scopeDistricts, type Principal } from '../auth/principal';
import { makeFilter, select, type Filter } from './filter';

const socketClients = new client.Gauge({ name: 'socket_clients', help: 'Connected socket.io clients' });
const eventsSent = new client.Counter({ name: 'socket_events_sent_total', help: 'Live events emitted to rooms' });

const REPLAY_CHUNK = 2000;
const HEARTBEAT_MS = 5000;

export function attachLive(io: Server, hub: LiveHub, tokens: Tokens, log: Logger): void {
  // The token comes in the handshake: `io(url, { auth: { token } })`.
  io.use(async (socket, next) => {
    const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
    const p = typeof token === 'string' ? await tokens.verify(token) : null;
    if (!p) return next(new Error('unauthorized'));
    socket.data.principal = p;
    next();
  });

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
        let lost: string | null = null;
        const onLost = (reason: string) => (lost = reason);
        hub.on('tick', hold);
        hub.on('lost', onLost);
        let ticks: Awaited<ReturnType<LiveHub['since']>>;
        try {
          ticks = await hub.since(p.data.since);
        } finally {
          hub.off('tick', hold);
          hub.off('lost', onLost);
        }
        if (lost) ticks = { resync: lost };
        if ('resync' in ticks) {
          socket.emit('resync', { reason: ticks.resync } satisfies ResyncPayload);
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
}
