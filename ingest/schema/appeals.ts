// Stream `<prefix>appeals`: a citizen's appeal from any channel of the taxonomy.
import { z } from 'zod';
import { defineStream } from './stream';
import { district, lat, lon, messageId, text, timestamp } from './common';
import { categoryIds, channelIds, sphereOf } from './taxonomy';

export const appealMessage = z
  .object({
    id: messageId.describe('unique message id (idempotency key)'),
    ts: timestamp.describe('when the appeal was made, ISO-8601 with offset'),
    channel: z.enum(channelIds).describe('intake channel id from the taxonomy (phone_109, telegram_bot, …)'),
    category: z.enum(categoryIds).describe('category id `<sphere>.<category>` from the taxonomy'),
    text: text(4000).min(1).describe("the citizen's words (≤ 4,000 chars)"),
    lat: lat.optional().describe('latitude of the problem, WGS84'),
    lon: lon.optional().describe('longitude of the problem, WGS84'),
    address: text(300).optional().describe('street address as given'),
    district: district.optional().describe('district id (e.g. astana-yesil); derived from lat/lon when absent'),
    citizen: z
      .object({ name: text(200).optional(), phone: text(40).optional(), email: text(200).optional() })
      .strict()
      .optional()
      .describe('contact data: personal, stored but never pushed to live clients'),
  })
  .strict()
  .refine((m) => (m.lat === undefined) === (m.lon === undefined), { message: 'lat and lon come together', path: ['lat'] });
export type AppealMessage = z.infer<typeof appealMessage>;

export interface AppealRecord extends Omit<AppealMessage, 'district'> {
  sphere: string;
  district: string | null;
}

export interface AppealEvent {
  stream: 'appeals';
  id: string;
  ts: string;
  channel: string;
  category: string;
  sphere: string;
  district: string | null;
  lat?: number;
  lon?: number;
  address?: string;
}

export const appeals = defineStream<AppealMessage, AppealRecord, AppealEvent>({
  name: 'appeals',
  filter: 'appeals',
  message: appealMessage,
  toRecord: (m, _p, at) => ({
    ...m,
    sphere: sphereOf(m.category),
    district: m.district ?? (m.lat !== undefined && m.lon !== undefined ? at(m.lat, m.lon) : null),
  }),
  table: 'appeals',
  categoryColumn: 'category',
  columns: [
    { name: 'id', type: 'text', value: (r) => r.id },
    { name: 'ts', type: 'timestamptz', value: (r) => r.ts },
    { name: 'channel', type: 'text', value: (r) => r.channel },
    { name: 'sphere', type: 'text', value: (r) => r.sphere },
    { name: 'category', type: 'text', value: (r) => r.category },
    { name: 'text', type: 'text', value: (r) => r.text },
    { name: 'lat', type: 'float8', value: (r) => r.lat ?? null },
    { name: 'lon', type: 'float8', value: (r) => r.lon ?? null },
    { name: 'address', type: 'text', value: (r) => r.address ?? null },
    { name: 'district', type: 'text', value: (r) => r.district },
    { name: 'citizen', type: 'jsonb', value: (r) => (r.citizen ? JSON.stringify(r.citizen) : null) },
  ],
  toEvent: (r) => ({
    stream: 'appeals',
    id: r.id,
    ts: r.ts,
    channel: r.channel,
    category: r.category,
    sphere: r.sphere,
    district: r.district,
    ...(r.lat !== undefined ? { lat: r.lat, lon: r.lon } : {}),
    ...(r.address ? { address: r.address } : {}),
  }),
});
