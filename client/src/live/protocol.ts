// The live-stream protocol without a socket: what to send on (re)connect, which acks and batches count, where
// the cursor is, and what the connection indicator says. Pure, so reconnects, replays and resyncs are unit-tested.
//
//   snapshot → subscribe {since: snapshot cursor} → replayed batches → ack {cursor} → live batches …
//   disconnect → reconnect → subscribe {since: last cursor} → the missed batches (replay) → ack → live
//   `resync` (cursor too old / from another server run) → reload the snapshot → subscribe from its cursor
//   (twice in a row → subscribe without `since`, taking the stream as it comes)
import type { EventsPayload, LiveEvent, SubscribeAck } from '../../../ingest/schema';

export type ConnState = 'connecting' | 'live' | 'reconnecting' | 'replaying' | 'resyncing' | 'offline';

export interface SubscribeMessage {
  streams: string[];
  districts?: string[];
  since?: string;
}

/** After this many failed reconnect attempts the indicator says offline (while it keeps trying). */
export const OFFLINE_AFTER_ATTEMPTS = 3;

export class StreamProtocol {
  /** the position after the last batch received (or the snapshot's / ack's) */
  cursor = '';
  state: ConnState = 'connecting';
  error = '';
  private generation = 0;
  private resyncs = 0;
  private wasLive = false;
  private failures = 0;

  constructor(
    readonly streams: string[],
    readonly districts?: string[],
  ) {}

  /** A snapshot was loaded: the stream continues from its cursor. */
  snapshot(cursor: string): void {
    this.cursor = cursor;
  }

  /** The socket is connected: the `subscribe` to send, and its number (to match the ack). */
  subscribe(): { gen: number; message: SubscribeMessage } {
    const gen = ++this.generation;
    const since = this.cursor && this.resyncs < 2 ? this.cursor : undefined;
    this.state = since && this.wasLive ? 'replaying' : this.resyncs ? 'resyncing' : 'connecting';
    const message: SubscribeMessage = { streams: this.streams };
    if (this.districts?.length) message.districts = this.districts;
    if (since) message.since = since;
    return { gen, message };
  }

  /** The ack of subscription `gen`. False when it is stale (a later subscribe or a resync superseded it) or an error. */
  ack(gen: number, ack: SubscribeAck): boolean {
    if (gen !== this.generation) return false;
    if ('error' in ack) {
      this.state = 'offline';
      this.error = ack.error;
      return false;
    }
    this.cursor = ack.cursor;
    this.state = 'live';
    this.error = '';
    this.resyncs = 0;
    this.wasLive = true;
    return true;
  }

  /** A batch: the items to apply (an empty batch is a heartbeat that only moves the cursor). */
  events(p: EventsPayload): LiveEvent[] {
    // while a snapshot reloads, batches are dropped: the next subscription replays from the snapshot's cursor
    if (this.state === 'resyncing') return [];
    this.cursor = p.cursor;
    return p.items;
  }

  /** The server cannot resume from our cursor: a snapshot must be reloaded before subscribing again. */
  resync(): void {
    this.generation++; // the pending ack, if any, is void
    this.resyncs++;
    this.state = 'resyncing';
  }

  /** The socket dropped (it reconnects by itself). */
  disconnected(): void {
    this.generation++;
    this.state = 'reconnecting';
  }

  /** The socket is connected (again). */
  connected(): void {
    this.failures = 0;
  }

  /** A connect attempt failed; after a few in a row the indicator says offline (it keeps trying). */
  connectFailed(willRetry = true): void {
    this.failures++;
    this.state = !willRetry || this.failures >= OFFLINE_AFTER_ATTEMPTS ? 'offline' : 'reconnecting';
  }

  /** The snapshot could not be loaded (server unreachable). */
  snapshotFailed(): void {
    this.state = 'offline';
  }
}
