// The shape every stream definition takes: one file per stream in this folder (as Traccar keeps one decoder
// per protocol), so adding a stream touches this folder and one migration.
import type { z } from 'zod';

/** The stored streams, one file each in this folder (`streams` in index.ts is keyed by exactly these). */
export type StreamName = 'appeals' | 'incidents' | 'gps' | 'status';
/** What a live client may subscribe to: the stored streams and the live-only `alarms`, `crews` and `cases` (see index.ts). */
export type LiveStreamName = StreamName | 'alarms' | 'crews' | 'cases';
/** The one list of live stream names (type-only imports above, so the client takes it without zod). */
export const liveStreamNames: LiveStreamName[] = ['appeals', 'incidents', 'gps', 'status', 'alarms', 'crews', 'cases'];

/** One column of a stream's table: name, PostgreSQL type (for unnest casts) and how a record fills it. */
export interface Column<R> {
  name: string;
  type: 'text' | 'timestamptz' | 'float8' | 'int4' | 'bool' | 'jsonb';
  value: (r: R) => unknown;
  /** the record's field when it is not named like the column (camera_id ↔ cameraId) */
  field?: string;
}

export interface StreamDef<M = any, R = any, E = any> {
  name: StreamName;
  /** MQTT filter after the topic prefix, e.g. `gps/+`. */
  filter: string;
  /** Name of the single `+` level of the filter (the topic parameter), if any, and what it may hold. */
  param?: { name: string; schema: z.ZodType<string> };
  /** The wire payload (JSON). */
  message: z.ZodType<M>;
  /** The stored row; `district` is filled by ingest when the message has none and a point is given. */
  toRecord(msg: M, param: string | undefined, districtAt: (lat: number, lon: number) => string | null): R;
  table: string;
  /**
   * How long a message id is remembered after its first arrival (a PostgreSQL interval): within it a message
   * whose `id` is already known for the stream is a `duplicate`, whatever its `ts` (see ingest/writer.ts).
   */
  dedupeWindow: string;
  columns: Column<R>[];
  /** What live clients receive: never personal data. */
  toEvent(r: R): E;
  /** Each stream's counts are kept by district × category; this is the category column's source. */
  categoryColumn: string;
}

export function defineStream<M, R, E>(def: StreamDef<M, R, E>): StreamDef<M, R, E> {
  return def;
}

/** A stored row back as the stream's record (the inverse of `columns`): what the live layer and projections read. */
export function recordFromRow<R>(def: StreamDef<any, R, any>, row: Record<string, unknown>): R {
  const r: Record<string, unknown> = { district: null };
  for (const c of def.columns) {
    let v = row[c.name];
    if (v === null || v === undefined) continue;
    if (c.type === 'timestamptz') v = v instanceof Date ? v.toISOString() : new Date(String(v)).toISOString();
    else if (c.type === 'jsonb' && typeof v === 'string') v = JSON.parse(v);
    else if (c.type === 'float8' || c.type === 'int4') v = Number(v);
    r[c.field ?? c.name] = v;
  }
  return r as R;
}
