// The live connection: socket.io with the session token, subscribe → snapshot-consistent stream; on reconnect
// it resumes from its last cursor (the server replays what was missed), on `resync` it reloads the snapshot.
import { io, type Socket } from 'socket.io-client';
import type { EventsPayload, LiveEvent, SubscribeAck } from '../../../ingest/schema';

export type ConnState = 'connecting' | 'live' | 'reconnecting' | 'replaying' | 'resyncing' | 'offline';

export interface Snapshot {
  cursor: string;
  vehicles: LiveEvent[];
  status: LiveEvent[];
  appeals: LiveEvent[];
  incidents: LiveEvent[];
  alarms?: LiveEvent[];
}

export interface ConnectionHooks {
  token: () => string;
  streams: string[];
  loadSnapshot: () => Promise<Snapshot>;
  onSnapshot: (s: Snapshot) => void;
  onEvents: (items: LiveEvent[], replay: boolean) => void;
  onState: (s: ConnState) => void;
  onUnauthorized?: () => void;
}

export class LiveConnection {
  cursor = '';
  private socket: Socket | null = null;

  constructor(private h: ConnectionHooks) {}

  async start(): Promise<void> {
    this.h.onState('connecting');
    await this.resync(false);
    const socket = io({ transports: ['websocket'], auth: (cb) => cb({ token: this.h.token() }), reconnectionDelayMax: 5000 });
    this.socket = socket;
    socket.on('connect', () => this.subscribe());
    socket.on('disconnect', () => this.h.onState('reconnecting'));
    socket.io.on('reconnect_attempt', () => this.h.onState('reconnecting'));
    socket.on('connect_error', (err) => {
      if (err.message === 'unauthorized') this.h.onUnauthorized?.();
      this.h.onState(socket.active ? 'reconnecting' : 'offline');
    });
    socket.on('events', (p: EventsPayload) => {
      this.cursor = p.cursor;
      if (p.items.length) this.h.onEvents(p.items, !!p.replay);
    });
    socket.on('resync', () => void this.resync(true).then(() => this.subscribe(false)));
  }

  private subscribe(resume = true): void {
    const s = this.socket;
    if (!s) return;
    const since = resume && this.cursor ? this.cursor : undefined;
    if (since) this.h.onState('replaying');
    s.emit('subscribe', { streams: this.h.streams, ...(since ? { since } : {}) }, (ack: SubscribeAck) => {
      if ('error' in ack) {
        this.h.onState('offline');
        return;
      }
      this.cursor = ack.cursor;
      this.h.onState('live');
    });
  }

  private async resync(announce: boolean): Promise<void> {
    if (announce) this.h.onState('resyncing');
    for (let delay = 1000; ; delay = Math.min(delay * 2, 10_000)) {
      try {
        const snap = await this.h.loadSnapshot();
        this.cursor = snap.cursor;
        this.h.onSnapshot(snap);
        return;
      } catch {
        this.h.onState('offline');
        await new Promise((r) => setTimeout(r, delay));
      }
    }
  }

  stop(): void {
    this.socket?.close();
    this.socket = null;
  }
}
