// The live connection: snapshot over HTTP, then socket.io with the session token. The protocol decisions (cursor,
// resume, resync, state) are in protocol.ts; this file only wires them to the socket and the network.
import { io, type Socket } from 'socket.io-client';
import type { EventsPayload, LiveEvent, Snapshot, SubscribeAck } from '../../../ingest/schema';
import { StreamProtocol, type ConnState } from './protocol';
import { backoffDelay } from '../api/backoff';

export type { ConnState };

export interface ConnectionHooks {
  token: () => string;
  streams: string[];
  districts?: string[];
  loadSnapshot: () => Promise<Snapshot>;
  onSnapshot: (s: Snapshot) => void;
  onEvents: (items: LiveEvent[], replay: boolean) => void;
  onState: (s: ConnState) => void;
  onUnauthorized?: () => void;
}

export class LiveConnection {
  readonly protocol: StreamProtocol;
  private socket: Socket | null = null;
  private reloading: Promise<void> | null = null;
  private stopped = false;

  constructor(private h: ConnectionHooks) {
    this.protocol = new StreamProtocol(h.streams, h.districts);
  }

  get cursor(): string {
    return this.protocol.cursor;
  }

  private emitState(): void {
    this.h.onState(this.protocol.state);
  }

  async start(): Promise<void> {
    this.emitState();
    await this.reloadSnapshot();
    if (this.stopped) return;
    const socket = io({ transports: ['websocket'], auth: (cb) => cb({ token: this.h.token() }), reconnectionDelayMax: 5000 });
    this.socket = socket;
    socket.on('connect', () => {
      this.protocol.connected();
      void this.subscribe();
    });
    socket.on('disconnect', (reason) => {
      this.protocol.disconnected();
      this.emitState();
      // the server ends a socket whose session was revoked or changed: try once more with the current token
      // (refreshed after a role change; refused with `unauthorized` when the session is over)
      if (reason === 'io server disconnect' && !this.stopped) setTimeout(() => !this.stopped && socket.connect(), 1000);
    });
    socket.on('connect_error', (err) => {
      if (err.message === 'unauthorized') this.h.onUnauthorized?.();
      this.protocol.connectFailed(socket.active);
      this.emitState();
    });
    socket.on('events', (p: EventsPayload) => {
      const items = this.protocol.events(p);
      if (items.length) this.h.onEvents(items, !!p.replay);
    });
    socket.on('resync', () => {
      this.protocol.resync();
      this.emitState();
      void this.reloadSnapshot().then(() => this.subscribe());
    });
  }

  private async subscribe(): Promise<void> {
    const s = this.socket;
    if (!s?.connected) return;
    if (this.reloading) await this.reloading; // a resync's snapshot first
    const { gen, message } = this.protocol.subscribe();
    this.emitState();
    s.emit('subscribe', message, (ack: SubscribeAck) => {
      this.protocol.ack(gen, ack);
      this.emitState();
    });
  }

  /** Loads the snapshot, retrying with back-off and jitter while the server is unreachable. */
  private reloadSnapshot(): Promise<void> {
    this.reloading ??= (async () => {
      for (let attempt = 0; !this.stopped; attempt++) {
        try {
          const snap = await this.h.loadSnapshot();
          this.protocol.snapshot(snap.cursor);
          this.h.onSnapshot(snap);
          return;
        } catch {
          this.protocol.snapshotFailed();
          this.emitState();
          await new Promise((r) => setTimeout(r, backoffDelay(attempt, { max: 10_000 })));
        }
      }
    })().finally(() => (this.reloading = null));
    return this.reloading;
  }

  stop(): void {
    this.stopped = true;
    this.socket?.close();
    this.socket = null;
  }
}
