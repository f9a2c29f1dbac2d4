// Stream `<prefix>status/<service>`: the state of a city service (heat, power, water, gas) in a district.
import { z } from 'zod';
import { defineStream } from './stream';
import { district, messageId, timestamp } from './common';

export const services = ['heat', 'power', 'water', 'gas'] as const;
export const serviceStates = ['ok', 'degraded', 'outage'] as const;

export const statusMessage = z
  .object({
    id: messageId.describe('unique message id (idempotency key)'),
    ts: timestamp.describe('when the state took effect, ISO-8601 with offset'),
    district: district.describe('district id (e.g. astana-saryarka)'),
    state: z.enum(serviceStates).describe('ok | degraded | outage'),
    planned: z.boolean().default(false).describe('planned works (announced) rather than an accident'),
    households: z.number().int().min(0).max(10_000_000).optional().describe('households affected'),
    restoreEta: z.iso.datetime({ offset: true }).optional().describe('expected restoration time, ISO-8601'),
  })
  .strict();
export type StatusMessage = z.infer<typeof statusMessage>;

export interface StatusRecord extends StatusMessage {
  service: (typeof services)[number];
}
export interface StatusEvent extends StatusRecord {
  stream: 'status';
}

export const status = defineStream<StatusMessage, StatusRecord, StatusEvent>({
  name: 'status',
  filter: 'status/+',
  param: { name: 'service', schema: z.enum(services) },
  message: statusMessage,
  toRecord: (m, svc) => ({ ...m, service: svc as StatusRecord['service'] }),
  table: 'service_status',
  dedupeWindow: '24 hours',
  categoryColumn: 'service',
  columns: [
    { name: 'id', type: 'text', value: (r) => r.id },
    { name: 'ts', type: 'timestamptz', value: (r) => r.ts },
    { name: 'service', type: 'text', value: (r) => r.service },
    { name: 'district', type: 'text', value: (r) => r.district },
    { name: 'state', type: 'text', value: (r) => r.state },
    { name: 'planned', type: 'bool', value: (r) => r.planned },
    { name: 'households', type: 'int4', value: (r) => r.households ?? null },
    { name: 'restore_eta', type: 'timestamptz', value: (r) => r.restoreEta ?? null, field: 'restoreEta' },
  ],
  toEvent: (r) => ({ stream: 'status', ...r }),
});
