// Field types shared by every stream's wire message.
import { z } from 'zod';
import { districtIds } from '../../maps/districts';

/** Strings reach PostgreSQL, which refuses NUL bytes: reject them at the edge with a clear reason. */
const noNul = (s: string) => !s.includes('\u0000');

export const text = (max: number) => z.string().max(max).refine(noNul, 'must not contain NUL characters');

/** Idempotency key: a re-delivered message keeps its id and is stored once. */
export const messageId = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9._:@-]+$/, 'letters, digits and . _ : @ - only');

const FUTURE_SKEW_MS = 24 * 3600_000;
/** ISO-8601 timestamp with an offset (Z or ±hh:mm); at most a day ahead of the server clock. */
export const timestamp = z.iso
  .datetime({ offset: true })
  .refine((s) => Date.parse(s) <= Date.now() + FUTURE_SKEW_MS, 'is more than 24 h in the future')
  // normalised to UTC with milliseconds, so that stored and pushed times compare as strings
  .transform((s) => new Date(s).toISOString());

export const lat = z.number().min(-90).max(90);
export const lon = z.number().min(-180).max(180);
export const district = z.enum(districtIds as [string, ...string[]]);
/** A short id taken from the MQTT topic (vehicle id, incident source, service). */
export const topicSegment = z.string().min(1).max(64).regex(/^[A-Za-z0-9._-]+$/, 'letters, digits and . _ - only');
