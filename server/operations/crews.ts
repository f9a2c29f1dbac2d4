// The crews registry's service: register, change, remove crews; every change commits with its audit row (and, for a
// state change, its history row, by migration 011's trigger) and is then published on the live-only `crews`
// stream. It keeps the set of registered device ids in memory for the OsmAnd endpoint (reloaded every 30 s for
// changes made on other nodes; a miss is checked against the table before a device is refused).
import type { AuditEntry } from '../audit';
import type { LivePort } from '../live';
import { HttpError } from '../http/errors';
import { crewTypeOf, type CrewCreate, type CrewEvent, type CrewPatch, type CrewType, type CrewView, type GpsEvent, type VehicleKind } from '../../ingest/schema';
import { isUniqueViolation, type CrewChange, type CrewFilter, type CrewRow, type CrewsRepository } from './repository';

export interface CrewsPorts {
  repo: CrewsRepository;
  live: Pick<LivePort, 'publish'>;
  /** the live picture's latest fix of a device (vehicles silent for 30 minutes are no longer there) */
  liveFix(deviceId: string): GpsEvent | undefined;
  /** is this an organisation of the routing table? */
  orgExists(id: string): boolean;
}

const DEVICE_RELOAD_MS = 30_000;

/** The routing table's organisation that runs a simulated crew of each type (Astana's). */
const fleetOrganisation: Record<CrewType, string> = {
  snow: 'astana-tazalyk',
  sanitation: 'astana-tazalyk',
  water: 'astana-su-arnasy',
  heat: 'astana-teplotranzit',
  power: 'astana-rek',
  gas: 'astana-gas',
  road: 'astana-roads',
  emergency: 'astana-akimat',
};

/** the crew a device belongs to */
export interface DeviceCrew {
  id: string;
  type: CrewRow['type'];
}
const deviceCrew = (r: CrewRow): DeviceCrew => ({ id: r.id, type: r.type });

export class Crews {
  private devices = new Map<string, DeviceCrew>();
  private timer: NodeJS.Timeout | null = null;

  constructor(private p: CrewsPorts) {}

  async start(): Promise<void> {
    await this.reloadDevices();
    this.timer = setInterval(() => void this.reloadDevices().catch(() => undefined), DEVICE_RELOAD_MS);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private async reloadDevices(): Promise<void> {
    const rows = await this.p.repo.list({ districts: null });
    this.devices = new Map(rows.filter((r) => r.device_id).map((r) => [r.device_id!, deviceCrew(r)]));
  }

  /** The crew of a registered device, or null. A miss is checked against the table (another node's change). */
  async crewOfDevice(deviceId: string): Promise<DeviceCrew | null> {
    const hit = this.devices.get(deviceId);
    if (hit) return hit;
    const row = await this.p.repo.byDevice(deviceId);
    if (!row) return null;
    this.devices.set(deviceId, deviceCrew(row));
    return deviceCrew(row);
  }

  private checkOrg(org: string | undefined): void {
    if (org !== undefined && !this.p.orgExists(org)) throw new HttpError(400, `unknown organisation: ${org}`, 'organisation', 'crew.unknown_organisation');
  }

  private publish(row: CrewRow, change: CrewEvent['change'], prevState?: CrewRow['state'] | null): void {
    const e: CrewEvent = {
      stream: 'crews',
      id: row.id,
      ts: new Date().toISOString(),
      change,
      name: row.name,
      type: row.type,
      organisation: row.organisation,
      district: row.district,
      deviceId: row.device_id,
      state: row.state,
      ...(prevState !== undefined ? { prevState } : {}),
    };
    this.p.live.publish([e]);
  }

  private deviceTaken(err: unknown, deviceId: string | null | undefined): never {
    if (isUniqueViolation(err)) throw new HttpError(409, `device ${deviceId} belongs to another crew`, 'deviceId', 'crew.device_taken');
    throw err;
  }

  async create(c: CrewCreate, audit: AuditEntry): Promise<CrewRow> {
    this.checkOrg(c.organisation);
    let row: CrewRow;
    try {
      row = await this.p.repo.create(c, { ...audit, action: 'crew.create', details: { ...c } });
    } catch (err) {
      this.deviceTaken(err, c.deviceId);
    }
    if (row.device_id) this.devices.set(row.device_id, deviceCrew(row));
    this.publish(row, 'created', null);
    return row;
  }

  async update(id: string, patch: CrewPatch, audit: AuditEntry): Promise<CrewRow | null> {
    this.checkOrg(patch.organisation);
    const change: CrewChange = {
      name: patch.name,
      type: patch.type,
      organisation: patch.organisation,
      district: patch.district,
      device_id: patch.deviceId,
      state: patch.state,
    };
    const before = await this.p.repo.get(id);
    let row: Awaited<ReturnType<CrewsRepository['update']>>;
    try {
      row = await this.p.repo.update(id, change, { ...audit, action: 'crew.update', details: { ...patch } }, patch.reason);
    } catch (err) {
      this.deviceTaken(err, patch.deviceId);
    }
    if (!row) return null;
    if (before?.device_id && before.device_id !== row.device_id) this.devices.delete(before.device_id);
    if (row.device_id) this.devices.set(row.device_id, deviceCrew(row));
    const { prev_state, ...crew } = row;
    this.publish(crew, 'updated', prev_state !== crew.state ? prev_state : undefined);
    return crew;
  }

  async remove(id: string, audit: AuditEntry): Promise<CrewRow | null> {
    const row = await this.p.repo.remove(id, { ...audit, action: 'crew.delete' });
    if (!row) return null;
    if (row.device_id) this.devices.delete(row.device_id);
    this.publish(row, 'deleted');
    return row;
  }

  /**
   * Registers the simulator's fleet as crews (each vehicle's id as its device id), leaving crews already registered
   * for those devices alone, and removes the crews an earlier run's simulator registered for vehicles this run does
   * not have; the organisation follows the type (the routing table's service organisation).
   */
  async ensureFleet(fleet: { id: string; kind: VehicleKind; district: string }[]): Promise<number> {
    const org = (t: CrewType) => (this.p.orgExists(fleetOrganisation[t]) ? fleetOrganisation[t] : 'astana-akimat');
    const crews = fleet.map((v) => {
      const type = crewTypeOf(v.kind);
      return { name: `Sim ${v.id}`, type, organisation: org(type), district: v.district, deviceId: v.id };
    });
    const stale = await this.p.repo.removeStaleSimulated(crews.map((c) => c.deviceId), { actor: 'simulator', action: 'crew.delete', details: { simulated: true } });
    for (const r of stale) {
      if (r.device_id) this.devices.delete(r.device_id);
      this.publish(r, 'deleted');
    }
    const rows = await this.p.repo.ensure(crews, { actor: 'simulator', action: 'crew.create', details: { simulated: true } }, 'simulated fleet');
    for (const r of rows) {
      if (r.device_id) this.devices.set(r.device_id, deviceCrew(r));
      this.publish(r, 'created', null);
    }
    return rows.length;
  }

  get(id: string): Promise<CrewRow | null> {
    return this.p.repo.get(id);
  }

  history(id: string) {
    return this.p.repo.history(id);
  }

  /** Crews with their last position: the live picture's fix, else the newest stored one. */
  async list(f: CrewFilter): Promise<CrewView[]> {
    const rows = await this.p.repo.list(f);
    return this.views(rows);
  }

  async views(rows: CrewRow[]): Promise<CrewView[]> {
    const live = new Map<string, GpsEvent>();
    const missing: string[] = [];
    for (const r of rows) {
      if (!r.device_id) continue;
      const fix = this.p.liveFix(r.device_id);
      if (fix) live.set(r.device_id, fix);
      else missing.push(r.device_id);
    }
    const stored = new Map((await this.p.repo.lastFixes(missing)).map((f) => [f.vehicle_id, f]));
    return rows.map((r) => {
      const l = r.device_id ? live.get(r.device_id) : undefined;
      const s = r.device_id ? stored.get(r.device_id) : undefined;
      const position: CrewView['position'] = l
        ? { ts: l.ts, lat: l.lat, lon: l.lon, speed: l.speed, heading: l.heading, district: l.district, source: 'live' }
        : s
          ? { ts: s.ts, lat: s.lat, lon: s.lon, speed: s.speed, heading: s.heading, district: s.district, source: 'stored' }
          : null;
      return toView(r, position);
    });
  }
}

export function toView(r: CrewRow, position: CrewView['position'] = null): CrewView {
  return {
    id: r.id,
    name: r.name,
    type: r.type,
    organisation: r.organisation,
    district: r.district,
    deviceId: r.device_id,
    state: r.state,
    stateSince: r.state_since,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    position,
  };
}
