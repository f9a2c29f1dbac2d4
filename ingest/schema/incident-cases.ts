// Camera incidents as cases (issue 13, item 5): the shapes `/api/incidents` answers and takes, and the live-only
// stream `cases`. A case is one problem seen by one camera: repeated detections of the same type by the same camera
// within INCIDENT_MERGE_MIN minutes are merged into it (count, first and last seen).
import { z } from 'zod';
import type { IncidentMessage } from './incidents';

export const incidentCaseStates = ['new', 'assigned', 'fixed', 'verified'] as const;
export type IncidentCaseState = (typeof incidentCaseStates)[number];

/** `PATCH|POST /api/incidents/:id/state`: verified by hand needs the photo of the fixed place. */
export const incidentStateChange = z
  .object({
    state: z.enum(incidentCaseStates).describe(`the new state: ${incidentCaseStates.join(', ')}`),
    comment: z.string().trim().max(1000).optional().describe('why; kept in the history and the audit log'),
    photoUrl: z.url({ protocol: /^https?$/ }).max(500).optional().describe('http(s) URL of a photo of the fixed place (required to verify by hand)'),
  })
  .strict();
export type IncidentStateChange = z.infer<typeof incidentStateChange>;

/** A camera of the registry: it appears on its first detection. */
export interface CameraView {
  id: string;
  lat: number;
  lon: number;
  district: string | null;
  /** the detection source (`incidents/<source>`): cctv, sensor… */
  kind: string;
  firstSeen: string;
  lastSeen: string;
}

/** A case as `GET /api/incidents` answers it. */
export interface IncidentCaseView {
  id: string;
  cameraId: string;
  type: IncidentMessage['type'];
  district: string | null;
  lat: number;
  lon: number;
  state: IncidentCaseState;
  /** detections merged into the case */
  count: number;
  firstSeen: string;
  lastSeen: string;
  confidence: number;
  snapshotUrl: string | null;
  assignedAt: string | null;
  fixedAt: string | null;
  verifiedAt: string | null;
  /** `camera`: not seen for INCIDENT_MERGE_MIN minutes after the fix; `photo`: verified by hand with a photo */
  verifiedBy: 'camera' | 'photo' | null;
  photoUrl: string | null;
  /** seconds from the first detection to the fix (null until fixed) */
  timeToFixSec: number | null;
  updatedAt: string;
}

/**
 * Live-only stream `cases`: a case was opened by a detection, a detection was merged into it, or its state
 * changed (`prevState` then). Clients that do not know it skip it (the map draws detections from `incidents`).
 */
export interface IncidentCaseEvent {
  stream: 'cases';
  /** case id */
  id: string;
  ts: string;
  change: 'opened' | 'merged' | 'state';
  cameraId: string;
  type: IncidentMessage['type'];
  district: string | null;
  lat: number;
  lon: number;
  state: IncidentCaseState;
  prevState?: IncidentCaseState | null;
  count: number;
  firstSeen: string;
  lastSeen: string;
}
