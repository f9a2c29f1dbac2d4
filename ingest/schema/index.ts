// The schema module: the single source of the wire format (MQTT payloads, socket.io events), the stored rows'
// types and the client's types. Ingest, server and client all import from here.
import { z } from 'zod';
import { appeals, type AppealEvent } from './appeals';
import { incidents, type IncidentEvent } from './incidents';
import { gps, type GpsEvent } from './gps';
import { status, type StatusEvent } from './status';
import type { CrewEvent } from './crews';
import type { IncidentCaseEvent } from './incident-cases';
import { liveStreamNames, type LiveStreamName, type StreamDef, type StreamName } from './stream';

export * from './stream';
export * from './appeals';
export * from './incidents';
export * from './gps';
export * from './status';
export * from './taxonomy';
export * from './appeal-status';
export * from './crews';
export * from './incident-cases';

export const streams: Record<StreamName, StreamDef> = { appeals, incidents, gps, status };

/**
 * Live-only stream `alarms`: what the centre itself concludes and operators must see at once — a spike of
 * appeals against the seasonal baseline, an appeal going overdue, a service outage, a systemic problem.
 */
export interface AlarmEvent {
  stream: 'alarms';
  /** a stored alarm's events all carry `alarm:<alarmId>` (its escalation: `escalated:<alarmId>`) */
  id: string;
  ts: string;
  kind: 'spike' | 'overdue' | 'at_risk' | 'outage' | 'systemic' | 'runaround' | 'formal_reply' | 'escalated' | 'camera' | 'cap';
  severity: AlarmSeverity;
  district: string | null;
  category?: string;
  appealId?: string;
  message: string;
  data?: Record<string, unknown>;
  /** the stored alarm (`/api/alarms/:id`), when it was stored */
  alarmId?: string;
  /** its lifecycle state after this change */
  state?: AlarmState;
  /** what happened: raised (a new row), repeated (the same condition again: count and last seen), acknowledged, cleared, escalated */
  change?: AlarmChange;
  /** how many times the condition was raised into this row */
  count?: number;
  source?: AlarmSource;
}

/** Alarm severities, most severe first (ITU-T X.733 / ISA-18.2 style). */
export const alarmSeverities = ['critical', 'major', 'minor', 'warning', 'info'] as const;
export type AlarmSeverity = (typeof alarmSeverities)[number];
/** An alarm's lifecycle: active and unacknowledged → acknowledged → cleared (or straight to cleared). */
export const alarmStates = ['active_unack', 'acknowledged', 'cleared'] as const;
export type AlarmState = (typeof alarmStates)[number];
export const alarmChanges = ['raised', 'repeated', 'acknowledged', 'cleared', 'escalated'] as const;
export type AlarmChange = (typeof alarmChanges)[number];
/** What raised an alarm (the detector or the feed). */
export const alarmSources = ['sla', 'runaround', 'formal_reply', 'spike', 'systemic', 'outage', 'camera', 'cap'] as const;
export type AlarmSource = (typeof alarmSources)[number];

/** `GET /api/alarms`, `GET /api/alarms/:id`: a stored alarm. */
export interface AlarmView {
  id: string;
  /** the same condition raised again updates this row while it is not cleared */
  key: string;
  source: AlarmSource;
  kind: AlarmEvent['kind'];
  severity: AlarmSeverity;
  state: AlarmState;
  district: string | null;
  category: string | null;
  /** what it is about: an appeal, an incident, a CAP alert… */
  subject: { type: string; id: string } | null;
  message: string;
  data: Record<string, unknown> | null;
  /** a CAP alert's areas: a GeoJSON FeatureCollection (polygons; circles as points with `radiusKm`) */
  areas: unknown;
  count: number;
  firstSeen: string;
  lastSeen: string;
  expiresAt: string | null;
  acknowledged: { by: string | null; at: string; comment: string | null } | null;
  cleared: { by: string | null; at: string; comment: string | null } | null;
  escalated: { at: string; to: string | null } | null;
}

/** One row of an alarm's history (`GET /api/alarms/:id`). */
export interface AlarmHistoryItem {
  at: string;
  action: 'raised' | 'acknowledged' | 'cleared' | 'escalated' | 'reopened';
  state: AlarmState;
  actor: string | null;
  comment: string | null;
}

export type LiveEvent = AppealEvent | IncidentEvent | GpsEvent | StatusEvent | AlarmEvent | CrewEvent | IncidentCaseEvent;

export const DEFAULT_TOPIC_PREFIX = 'city/astana/';
export const DEFAULT_MAX_PAYLOAD = 64 * 1024;

/** The stream a topic (without prefix) belongs to, and its `+` parameter. */
export function matchTopic(rel: string): { stream: StreamDef; param?: string } | null {
  const parts = rel.split('/');
  for (const def of Object.values(streams)) {
    const f = def.filter.split('/');
    if (f.length !== parts.length) continue;
    let param: string | undefined;
    let ok = true;
    for (let i = 0; i < f.length && ok; i++) {
      if (f[i] === '+') param = parts[i];
      else ok = f[i] === parts[i];
    }
    if (ok) return { stream: def, param };
  }
  return null;
}

export type Decoded =
  | { ok: true; stream: StreamName; record: any }
  | { ok: false; stream: StreamName | 'unknown'; reason: string };

/** Formats zod issues as `field: message; field: message` — what a dead letter or a 4xx reply names. */
export function describeIssues(err: z.ZodError): string {
  return err.issues
    .slice(0, 5)
    .map((i) => {
      const where = i.path.length ? i.path.join('.') : '(root)';
      // a long list of allowed values helps nobody in a log line: say how many there are
      const values = (i as { values?: unknown[] }).values;
      if (i.code === 'invalid_value' && values && values.length > 8) return `${where}: not one of the ${values.length} known values`;
      return `${where}: ${i.message}`;
    })
    .join('; ');
}

/**
 * Validates one MQTT message. Never throws: anything wrong comes back with a reason for the dead-letter table.
 */
export function decode(
  topic: string,
  payload: Uint8Array,
  opts: { prefix: string; maxPayload: number; districtAt: (lat: number, lon: number) => string | null },
): Decoded {
  if (!topic.startsWith(opts.prefix)) return { ok: false, stream: 'unknown', reason: `topic outside prefix ${opts.prefix}` };
  const m = matchTopic(topic.slice(opts.prefix.length));
  if (!m) return { ok: false, stream: 'unknown', reason: 'unknown topic' };
  const name = m.stream.name;
  if (payload.byteLength > opts.maxPayload)
    return { ok: false, stream: name, reason: `payload too large: ${payload.byteLength} bytes > ${opts.maxPayload}` };
  if (m.stream.param) {
    const p = m.stream.param.schema.safeParse(m.param);
    if (!p.success) return { ok: false, stream: name, reason: `topic ${m.stream.param.name}: ${describeIssues(p.error)}` };
  }
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength).toString('utf8'));
  } catch (e) {
    return { ok: false, stream: name, reason: `bad JSON: ${(e as Error).message}` };
  }
  const r = m.stream.message.safeParse(json);
  if (!r.success) return { ok: false, stream: name, reason: describeIssues(r.error) };
  try {
    return { ok: true, stream: name, record: m.stream.toRecord(r.data, m.param, opts.districtAt) };
  } catch (e) {
    return { ok: false, stream: name, reason: `cannot build record: ${(e as Error).message}` };
  }
}

// ---- socket.io wire format -------------------------------------------------------------------------------

/** Client → server `subscribe`; the ack returns `{cursor}` (or `{error}`). */
export const subscribeRequest = z
  .object({
    streams: z.array(z.enum(liveStreamNames as [LiveStreamName, ...LiveStreamName[]])).min(1),
    districts: z.array(z.string().max(64)).max(50).optional(),
    since: z.string().max(80).optional(),
  })
  .strict();
export type SubscribeRequest = z.infer<typeof subscribeRequest>;
export type SubscribeAck = { cursor: string; replayed: number } | { error: string };

/** Server → client `events`: a small batch, coalesced per tick; `cursor` is the position after its last item. */
export interface EventsPayload {
  cursor: string;
  items: LiveEvent[];
  replay?: boolean;
}
// ---- REST shapes (server/http/snapshot.ts answers them, the client reads them) ----------------------------

/** `GET /api/snapshot`: the current picture (see server/live/state.ts) and the cursor to subscribe from. */
export interface Snapshot {
  cursor: string;
  vehicles: GpsEvent[];
  status: StatusEvent[];
  appeals: AppealEvent[];
  incidents: IncidentEvent[];
  alarms: AlarmEvent[];
}

/** `GET /api/config`: what the client needs to draw the city. */
export interface CentreConfig {
  city: { id: string; name: { ru: string; kk: string; en: string }; center: [number, number]; zoom: number };
  /** the IANA zone of the city's clock (e.g. `Asia/Almaty`): the client shows every time in it */
  timeZone: string;
  tileUrl: string | null;
  attribution: string;
  version: string;
  mqttUrl: string;
  topicPrefix: string;
  /** a vehicle whose last fix is older than this many minutes is offline (not reporting) */
  vehicleOfflineMin: number;
  districts: { type: 'FeatureCollection'; features: { properties: { id: string; name_ru: string; name_kk: string; name_en: string } }[] };
}

/** Server → client `resync`: the cursor is outside the replay window; reload a snapshot and subscribe again. */
export interface ResyncPayload {
  reason: string;
}
