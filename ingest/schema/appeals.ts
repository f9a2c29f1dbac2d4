// Stream `<prefix>appeals`: a citizen's appeal from any channel of the taxonomy.
import { z } from 'zod';
import { defineStream } from './stream';
import { district, lat, lon, messageId, text, timestamp } from './common';
import { categoryIds, channelIds, sphereOf } from './taxonomy';
import type { AppealStatus } from './appeal-status';
import { streetLevel } from './redact';

/** The shape of a registration number (AST-2026-0002342): issued by the registry only, so never an id. */
export const appealNumberShape = /^[A-Z]{3}-\d{4}-\d{7}$/;

export const appealMessage = z
  .object({
    id: messageId
      .refine((id) => !appealNumberShape.test(id.toUpperCase()), 'must not look like an appeal number (AAA-YYYY-NNNNNNN): numbers are issued by the centre')
      .describe('unique message id (idempotency key)'),
    ts: timestamp.describe('when the appeal was made, ISO-8601 with offset'),
    channel: z.enum(channelIds).describe('intake channel id from the taxonomy (phone_109, telegram_bot, …)'),
    category: z.enum(categoryIds).describe('category id `<sphere>.<category>` from the taxonomy'),
    text: text(4000).min(1).describe("the citizen's words (≤ 4,000 chars)"),
    lat: lat.optional().describe('latitude of the problem, WGS84'),
    lon: lon.optional().describe('longitude of the problem, WGS84'),
    address: text(300).optional().describe('street address as given'),
    district: district.optional().describe('district id (e.g. astana-yesil); derived from lat/lon when absent'),
    kind: z.enum(['appeal', 'complaint', 'proposal']).default('appeal').describe('appeal (a problem), complaint (about an action of a body or official) or proposal'),
    about: z
      .object({ org: text(64).min(1).optional(), official: text(200).min(1).optional() })
      .strict()
      .optional()
      .describe('for a complaint: the organisation id and/or official whose actions it is about (never routed to them)'),
    citizen: z
      .object({ name: text(200).optional(), phone: text(40).optional(), email: text(200).optional() })
      .strict()
      .optional()
      .describe('contact data: personal, stored but never pushed to live clients'),
  })
  .strict()
  .refine((m) => (m.lat === undefined) === (m.lon === undefined), { message: 'lat and lon come together', path: ['lat'] });
export type AppealMessage = z.infer<typeof appealMessage>;

/** Registration adds these (number, routing, deadlines, detector flags) before the record is stored. */
export interface AppealRegistration {
  number?: string;
  status?: AppealStatus;
  executor?: string;
  dueAt?: string;
  sla?: string;
  flags?: string[];
  repeatOf?: string | null;
  rev?: number;
}

export interface AppealRecord extends Omit<AppealMessage, 'district'>, AppealRegistration {
  sphere: string;
  district: string | null;
}

/** A new appeal, and every later change of its state (same id, higher `rev`): the client keeps the latest. */
export interface AppealEvent extends AppealRegistration {
  stream: 'appeals';
  id: string;
  ts: string;
  kind?: string;
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
  dedupeWindow: '7 days',
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
    { name: 'kind', type: 'text', value: (r) => r.kind ?? 'appeal' },
    { name: 'about', type: 'jsonb', value: (r) => (r.about ? JSON.stringify(r.about) : null) },
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
    // wall screens are public to the room: the street only, never the house or flat
    ...(streetLevel(r.address) ? { address: streetLevel(r.address)! } : {}),
    ...(r.kind && r.kind !== 'appeal' ? { kind: r.kind } : {}),
    ...(r.number ? { number: r.number, status: r.status, executor: r.executor, dueAt: r.dueAt, sla: r.sla, flags: r.flags, repeatOf: r.repeatOf ?? null, rev: r.rev ?? 1 } : {}),
  }),
});

/** An appeal as the REST API returns it (`/api/appeals`): its registration and lifecycle state. */
export interface AppealView {
  id: string;
  number: string;
  kind: string;
  ts: string;
  registeredAt: string;
  channel: string;
  sphere: string;
  category: string;
  text: string;
  lat: number | null;
  lon: number | null;
  address: string | null;
  district: string | null;
  citizen?: { name?: string; phone?: string; email?: string } | null;
  about: { org: string | null; official: string | null } | null;
  status: AppealStatus;
  executor: string | null;
  manager: string | null;
  dueAt: string;
  interimDueAt: string;
  extendedUntil: string | null;
  answeredAt: string | null;
  closedAt: string | null;
  resolvedAt: string | null;
  answer: string | null;
  reroutes: number;
  repeatOf: string | null;
  repeats: number;
  formal: { score: number; reasons: { code: string; weight: number; detail: string }[] } | null;
  sla: string;
  predictedAt: string | null;
  flags: string[];
  rev: number;
  updatedAt: string;
}

