// The shape every stream definition takes: one file per stream in this folder (as Traccar keeps one decoder
// per protocol), so adding a stream touches this folder and one migration.
import type { z } from 'zod';

export type StreamName = 'appeals' | 'incidents' | 'gps' | 'status';

/** One column of a stream's table: name, PostgreSQL type (for unnest casts) and how a record fills it. */
export interface Column<R> {
  name: string;
  type: 'text' | 'timestamptz' | 'float8' | 'int4' | 'bool' | 'jsonb';
  value: (r: R) => unknown;
  doc?: string;
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
  columns: Column<R>[];
  /** What live clients receive: never personal data. */
  toEvent(r: R): E;
  /** Each stream's counts are kept by district × category; this is the category column's source. */
  categoryColumn: string;
}

export function defineStream<M, R, E>(def: StreamDef<M, R, E>): StreamDef<M, R, E> {
  return def;
}
