// Stream `<prefix>incidents/<source>`: a detection by a camera's video analytics or a sensor.
import { z } from 'zod';
import { defineStream } from './stream';
import { lat, lon, messageId, topicSegment, text, timestamp } from './common';

export const incidentTypes = [
  'snow_not_cleared',
  'ice',
  'flooding',
  'open_manhole',
  'illegal_dumping',
  'overflowing_bin',
  'road_damage',
  'streetlight_out',
  'fallen_tree',
  'fire_smoke',
  'traffic_accident',
] as const;

export const incidentMessage = z
  .object({
    id: messageId.describe('unique message id (idempotency key)'),
    ts: timestamp.describe('detection time, ISO-8601 with offset'),
    cameraId: text(64).min(1).describe('camera or sensor id'),
    type: z.enum(incidentTypes).describe(`what was detected: ${incidentTypes.join(', ')}`),
    confidence: z.number().min(0).max(1).describe('detector confidence 0–1'),
    lat: lat.describe('latitude, WGS84'),
    lon: lon.describe('longitude, WGS84'),
    snapshotUrl: z.url({ protocol: /^https?$/ }).max(500).optional().describe('http(s) URL of the frame'),
  })
  .strict();
export type IncidentMessage = z.infer<typeof incidentMessage>;

export interface IncidentRecord extends IncidentMessage {
  source: string;
  district: string | null;
}
export interface IncidentEvent {
  stream: 'incidents';
  id: string;
  ts: string;
  source: string;
  cameraId: string;
  type: IncidentMessage['type'];
  confidence: number;
  lat: number;
  lon: number;
  district: string | null;
  snapshotUrl?: string;
}

export const incidents = defineStream<IncidentMessage, IncidentRecord, IncidentEvent>({
  name: 'incidents',
  filter: 'incidents/+',
  param: { name: 'source', schema: topicSegment },
  message: incidentMessage,
  toRecord: (m, source, at) => ({ ...m, source: source!, district: at(m.lat, m.lon) }),
  table: 'incidents',
  dedupeWindow: '24 hours',
  categoryColumn: 'type',
  columns: [
    { name: 'id', type: 'text', value: (r) => r.id },
    { name: 'ts', type: 'timestamptz', value: (r) => r.ts },
    { name: 'source', type: 'text', value: (r) => r.source },
    { name: 'camera_id', type: 'text', value: (r) => r.cameraId, field: 'cameraId' },
    { name: 'type', type: 'text', value: (r) => r.type },
    { name: 'confidence', type: 'float8', value: (r) => r.confidence },
    { name: 'lat', type: 'float8', value: (r) => r.lat },
    { name: 'lon', type: 'float8', value: (r) => r.lon },
    { name: 'district', type: 'text', value: (r) => r.district },
    { name: 'snapshot_url', type: 'text', value: (r) => r.snapshotUrl ?? null, field: 'snapshotUrl' },
  ],
  toEvent: (r) => ({ stream: 'incidents', ...r }),
});
