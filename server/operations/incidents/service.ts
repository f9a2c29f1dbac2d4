// Camera incidents as cases (issue 13, item 5): the ingest pipeline hands every stored detection of the `incidents`
// stream to `consume` (the stream's consumer); each is merged into its case in the order of detection time, one at
// a time. The detections still reach the live picture as before (stream `incidents`), and each case change goes on
// the live-only `cases` stream. A fixed case the camera has not seen for INCIDENT_MERGE_MIN minutes is verified by
// a sweep every minute (an idempotent UPDATE: any node may run it).
import type { Logger } from 'pino';
import type { LivePort } from '../../live';
import { HttpError } from '../../http/errors';
import { streams, type IncidentCaseEvent, type IncidentCaseState, type IncidentCaseView, type IncidentRecord, type IncidentStateChange, type LiveEvent } from '../../../ingest/schema';
import type { CentreSeverity, CapIncident } from '../cap';
import type { AuditEntry } from '../../audit';
import type { CaseFilter, CaseRow, IncidentsRepository } from './repository';

/** The moves a person may make (the camera's verification and a detection after the fix are the system's). */
export const transitions: Record<IncidentCaseState, readonly IncidentCaseState[]> = {
  new: ['assigned', 'fixed'],
  assigned: ['new', 'fixed'],
  fixed: ['assigned', 'verified'],
  verified: [],
};

/** How serious each detection type is (CAP export, ordering). */
export const severityOf: Record<string, CentreSeverity> = {
  fire_smoke: 'critical',
  traffic_accident: 'major',
  open_manhole: 'major',
  flooding: 'major',
  fallen_tree: 'major',
  ice: 'major',
  snow_not_cleared: 'minor',
  road_damage: 'minor',
  streetlight_out: 'minor',
  illegal_dumping: 'warning',
  overflowing_bin: 'warning',
};

export function toView(r: CaseRow): IncidentCaseView {
  return {
    id: r.id,
    cameraId: r.camera_id,
    type: r.type,
    district: r.district,
    lat: r.lat,
    lon: r.lon,
    state: r.state,
    count: r.count,
    firstSeen: r.first_seen,
    lastSeen: r.last_seen,
    confidence: r.confidence,
    snapshotUrl: r.snapshot_url,
    assignedAt: r.assigned_at,
    fixedAt: r.fixed_at,
    verifiedAt: r.verified_at,
    verifiedBy: r.verified_by,
    photoUrl: r.photo_url,
    timeToFixSec: r.fixed_at ? Math.round((Date.parse(r.fixed_at) - Date.parse(r.first_seen)) / 1000) : null,
    updatedAt: r.updated_at,
  };
}

/** What the CAP export needs of a case. */
export function toCapIncident(r: CaseRow): CapIncident {
  return {
    id: r.id,
    type: r.type,
    severity: severityOf[r.type] ?? 'minor',
    state: r.state,
    lat: r.lat,
    lon: r.lon,
    district: r.district,
    firstSeen: r.first_seen,
    lastSeen: r.last_seen,
    count: r.count,
    confidence: r.confidence,
    cameraId: r.camera_id,
    ...(r.verified_at ? { expires: r.verified_at } : {}),
    ...(r.photo_url ? { photoUrl: r.photo_url } : {}),
  };
}

export interface IncidentsPorts {
  repo: IncidentsRepository;
  live: Pick<LivePort, 'publish'>;
  log: Logger;
  /** INCIDENT_MERGE_MIN */
  windowMin: number;
}

const SWEEP_MS = 60_000;

export class Incidents {
  private chain: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | null = null;

  constructor(private p: IncidentsPorts) {}

  start(): void {
    this.timer = setInterval(() => void this.verifySweep().catch((err: unknown) => this.p.log.warn({ err }, 'incident verification sweep failed')), SWEEP_MS);
    this.timer.unref();
  }

  /** Waits for the detections handed over so far to be merged, then stops the sweep. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.chain;
  }

  private event(r: CaseRow, change: IncidentCaseEvent['change'], prevState?: IncidentCaseState | null): IncidentCaseEvent {
    // the case's own fields as the API shows them (toView), not mapped a second time
    const { cameraId, type, district, lat, lon, state, count, firstSeen, lastSeen } = toView(r);
    return {
      stream: 'cases',
      id: r.id,
      ts: new Date().toISOString(),
      change,
      cameraId,
      type,
      district,
      lat,
      lon,
      state,
      ...(prevState !== undefined ? { prevState } : {}),
      count,
      firstSeen,
      lastSeen,
    };
  }

  /**
   * The `incidents` stream's consumer: stored detections (already committed). They are published at once as the
   * stream's live events, then merged into cases in the background, in order.
   */
  consume(records: IncidentRecord[]): void {
    if (!records.length) return;
    this.p.live.publish(records.map((r) => streams.incidents.toEvent(r) as LiveEvent));
    const sorted = [...records].sort((a, b) => Date.parse(a.ts) - Date.parse(b.ts));
    this.chain = this.chain.then(() => this.mergeAll(sorted));
  }

  /** resolves when every detection handed over so far is merged */
  settled(): Promise<void> {
    return this.chain;
  }

  private async mergeAll(records: IncidentRecord[]): Promise<void> {
    const events: LiveEvent[] = [];
    for (const d of records) {
      try {
        const row = await this.p.repo.merge(d, this.p.windowMin);
        events.push(this.event(row, row.change, row.change === 'opened' ? null : (row.prev_state ?? undefined)));
      } catch (err) {
        this.p.log.error({ err, detection: d.id }, 'cannot merge a detection into its incident case');
      }
    }
    if (events.length) this.p.live.publish(events);
  }

  list(f: CaseFilter) {
    return this.p.repo.list(f);
  }
  get(id: string) {
    return this.p.repo.get(id);
  }
  history(id: string) {
    return this.p.repo.history(id);
  }
  detections(c: CaseRow) {
    return this.p.repo.detections(c);
  }
  cameras(districts: string[] | null) {
    return this.p.repo.cameras(districts);
  }

  /** A person's move: allowed by `transitions`; verified by hand needs a photo. 409 when not allowed or changed meanwhile. */
  async setState(c: CaseRow, change: IncidentStateChange, audit: Omit<AuditEntry, 'action'>): Promise<CaseRow> {
    if (c.state === change.state) throw new HttpError(409, `incident ${c.id} is already ${c.state}`, 'state', 'incident.same_state');
    if (!transitions[c.state].includes(change.state))
      throw new HttpError(409, `incident ${c.id} cannot go from ${c.state} to ${change.state}`, 'state', 'incident.bad_transition');
    if (change.state === 'verified' && !change.photoUrl)
      throw new HttpError(400, 'verifying by hand needs a photo of the fixed place (photoUrl)', 'photoUrl', 'incident.photo_required');
    const row = await this.p.repo.setState(
      c.id,
      c.state,
      change.state,
      { photoUrl: change.photoUrl, comment: change.comment, verifiedBy: change.state === 'verified' ? 'photo' : undefined },
      { ...audit, action: 'incident.state', details: { from: c.state, to: change.state, ...(change.comment ? { comment: change.comment } : {}), ...(change.photoUrl ? { photoUrl: change.photoUrl } : {}) } },
    );
    if (!row) throw new HttpError(409, `incident ${c.id} changed meanwhile; reload it`, 'state', 'incident.changed');
    const { prev_state, ...after } = row;
    this.p.live.publish([this.event(after, 'state', prev_state)]);
    return after;
  }

  /** Verifies the fixed cases the camera no longer sees (`now`: for tests). Returns them. */
  async verifySweep(now = new Date()): Promise<CaseRow[]> {
    const rows = await this.p.repo.verifyUnseen(now, this.p.windowMin, { actor: 'camera', role: 'system', action: 'incident.verify', details: { by: 'camera', windowMin: this.p.windowMin } });
    if (rows.length) this.p.live.publish(rows.map(({ prev_state, ...r }) => this.event(r, 'state', prev_state)));
    return rows.map(({ prev_state: _p, ...r }) => r);
  }
}
