// The crews registry's wire shapes (issue 13, item 1): what `POST /api/crews` and `PATCH /api/crews/:id` take,
// the crew types and states, and the live-only `crews` event a change publishes. The server's operations module
// (server/operations/) validates with these; the client and the OpenAPI document read the same definitions.
import { z } from 'zod';
import { district, text, topicSegment } from './common';
import type { VehicleKind } from './gps';

/** What a crew does: the service it belongs to. */
export const crewTypes = ['snow', 'sanitation', 'water', 'heat', 'power', 'gas', 'road', 'emergency'] as const;
export type CrewType = (typeof crewTypes)[number];

/** The gps stream's `kind` of a crew type (the map colours vehicles by it): the same word but `snow` → `snowplow`. */
export const vehicleKindOf: Record<CrewType, VehicleKind> = {
  snow: 'snowplow',
  sanitation: 'sanitation',
  water: 'water',
  heat: 'heat',
  power: 'power',
  gas: 'gas',
  road: 'road',
  emergency: 'emergency',
};
/** The crew type of a gps `kind`. */
export const crewTypeOf = (kind: VehicleKind): CrewType => (kind === 'snowplow' ? 'snow' : kind);

/** A crew's state: set by dispatch, by the crew, by a dispatcher (`PATCH`) and later by its position. */
export const crewStates = ['available', 'assigned', 'en_route', 'on_scene', 'returning', 'off_duty'] as const;
export type CrewState = (typeof crewStates)[number];

/** An organisation id of the routing table (`GET /api/routing-rules` lists them). */
const organisation = z.string().min(1).max(64);

export const crewCreate = z
  .object({
    name: text(120).min(1).describe('name shown on the map and in the console, e.g. "Snow crew 7"'),
    type: z.enum(crewTypes).describe(`service: ${crewTypes.join(', ')}`),
    organisation: organisation.describe('organisation id of the routing table (the crew works for it)'),
    district: district.describe('home district id (the territory that manages the crew)'),
    deviceId: topicSegment
      .nullable()
      .optional()
      .describe('GPS device id: the <vehicleId> of MQTT gps/<vehicleId> and the `id` of OsmAnd requests; unique'),
    state: z.enum(crewStates).optional().describe('initial state; available by default'),
  })
  .strict();
export type CrewCreate = z.infer<typeof crewCreate>;

export const crewPatch = z
  .object({
    name: text(120).min(1).optional(),
    type: z.enum(crewTypes).optional(),
    organisation: organisation.optional(),
    district: district.optional(),
    deviceId: topicSegment.nullable().optional(),
    state: z.enum(crewStates).optional(),
    /** why the state changed (kept in the state history) */
    reason: text(500).optional(),
  })
  .strict()
  .refine((p) => Object.keys(p).some((k) => k !== 'reason'), { message: 'nothing to change', path: ['body'] });
export type CrewPatch = z.infer<typeof crewPatch>;

/** A crew as `GET /api/crews` answers it. */
export interface CrewView {
  id: string;
  name: string;
  type: CrewType;
  organisation: string;
  district: string;
  deviceId: string | null;
  state: CrewState;
  /** when the current state began */
  stateSince: string;
  createdAt: string;
  updatedAt: string;
  /** the device's last fix: from the live picture, else the stored gps (null: none yet) */
  position: { ts: string; lat: number; lon: number; speed: number; heading: number; district: string | null; source: 'live' | 'stored' } | null;
}

/**
 * Live-only stream `crews`: a crew was registered, changed (`state` and `prevState` when its state did) or
 * removed. Clients that do not know it skip it (the map draws vehicles from `gps`).
 */
export interface CrewEvent {
  stream: 'crews';
  /** crew id */
  id: string;
  ts: string;
  change: 'created' | 'updated' | 'deleted';
  name: string;
  type: CrewType;
  organisation: string;
  district: string | null;
  deviceId: string | null;
  state: CrewState;
  prevState?: CrewState | null;
}
