// Stream `<prefix>gps/<vehicleId>`: a position of a utility or sanitation crew's vehicle.
import { z } from 'zod';
import { defineStream } from './stream';
import { lat, lon, messageId, topicSegment, timestamp } from './common';

export const vehicleKinds = ['sanitation', 'snowplow', 'heat', 'power', 'water', 'gas', 'road', 'emergency'] as const;
export type VehicleKind = (typeof vehicleKinds)[number];

export const gpsMessage = z
  .object({
    id: messageId.describe('unique message id (idempotency key)'),
    ts: timestamp.describe('fix time, ISO-8601 with offset'),
    lat: lat.describe('latitude, WGS84'),
    lon: lon.describe('longitude, WGS84'),
    speed: z.number().min(0).max(300).describe('speed, km/h'),
    heading: z.number().min(0).max(360).describe('course over ground, degrees from north'),
    fuel: z.number().min(0).max(100).optional().describe('fuel level, % of tank'),
    kind: z.enum(vehicleKinds).optional().describe(`crew kind: ${vehicleKinds.join(', ')}`),
  })
  .strict();
export type GpsMessage = z.infer<typeof gpsMessage>;

export interface GpsRecord extends GpsMessage {
  vehicleId: string;
  district: string | null;
}
export interface GpsEvent extends GpsRecord {
  stream: 'gps';
}

export const gps = defineStream<GpsMessage, GpsRecord, GpsEvent>({
  name: 'gps',
  filter: 'gps/+',
  param: { name: 'vehicleId', schema: topicSegment },
  message: gpsMessage,
  toRecord: (m, vehicleId, at) => ({ ...m, vehicleId: vehicleId!, district: at(m.lat, m.lon) }),
  table: 'gps',
  dedupeWindow: '1 hour',
  categoryColumn: 'kind',
  columns: [
    { name: 'id', type: 'text', value: (r) => r.id },
    { name: 'ts', type: 'timestamptz', value: (r) => r.ts },
    { name: 'vehicle_id', type: 'text', value: (r) => r.vehicleId, field: 'vehicleId' },
    { name: 'lat', type: 'float8', value: (r) => r.lat },
    { name: 'lon', type: 'float8', value: (r) => r.lon },
    { name: 'speed', type: 'float8', value: (r) => r.speed },
    { name: 'heading', type: 'float8', value: (r) => r.heading },
    { name: 'fuel', type: 'float8', value: (r) => r.fuel ?? null },
    { name: 'kind', type: 'text', value: (r) => r.kind ?? null },
    { name: 'district', type: 'text', value: (r) => r.district },
  ],
  toEvent: (r) => ({ stream: 'gps', ...r }),
});
