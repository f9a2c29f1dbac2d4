// The current picture the wall screen opens with: the latest position of each vehicle, the latest state of
// each service in each district, and the last hour's appeals and incidents. Kept in memory from the hub's
// ticks (so a snapshot and its cursor always agree), loaded from the database at start.
import type { AlarmEvent, AppealEvent, GpsEvent, IncidentEvent, LiveEvent, LiveStreamName, StatusEvent } from '../../ingest/schema';
import type { Db } from '../dialects';
import type { LiveHub, Tick } from './hub';
import { toLive, toView } from '../appeals/view';

const RECENT_MS = 60 * 60_000;
const VEHICLE_TTL_MS = 30 * 60_000;
const RECENT_MAX = 100_000;

export interface Snapshot {
  cursor: string;
  vehicles: GpsEvent[];
  status: StatusEvent[];
  appeals: AppealEvent[];
  incidents: IncidentEvent[];
  alarms: AlarmEvent[];
}

export class LiveState {
  vehicles = new Map<string, GpsEvent>();
  status = new Map<string, StatusEvent>();
  /** last hour's appeals by id, in arrival order; a later revision replaces the earlier one in place */
  appeals = new Map<string, AppealEvent>();
  incidents: IncidentEvent[] = [];
  alarms: AlarmEvent[] = [];

  constructor(private hub: LiveHub) {
    hub.on('tick', (t: Tick) => this.apply(t.items));
  }

  apply(items: LiveEvent[]): void {
    for (const e of items) {
      switch (e.stream) {
        case 'gps': {
          const prev = this.vehicles.get(e.vehicleId);
          if (!prev || prev.ts <= e.ts) this.vehicles.set(e.vehicleId, e);
          break;
        }
        case 'status': {
          const key = `${e.service}:${e.district}`;
          const prev = this.status.get(key);
          if (!prev || prev.ts <= e.ts) this.status.set(key, e);
          break;
        }
        case 'appeals': {
          const prev = this.appeals.get(e.id);
          if (!prev) {
            // an update of an appeal older than the window is not part of the last hour's picture
            if (e.rev === undefined || e.rev <= 1 || e.ts >= new Date(Date.now() - RECENT_MS).toISOString()) this.appeals.set(e.id, e);
          } else if ((e.rev ?? 1) >= (prev.rev ?? 1)) this.appeals.set(e.id, e);
          break;
        }
        case 'alarms':
          this.alarms.push(e);
          if (this.alarms.length > 500) this.alarms = this.alarms.slice(-500);
          break;
        case 'incidents':
          this.incidents.push(e);
          break;
      }
    }
    this.prune();
  }

  private prune(): void {
    const cut = new Date(Date.now() - RECENT_MS).toISOString();
    const keep = <T extends { ts: string }>(a: T[]) => {
      let i = 0;
      while (i < a.length && (a[i].ts < cut || a.length - i > RECENT_MAX)) i++;
      return i ? a.slice(i) : a;
    };
    for (const [id, a] of this.appeals) {
      if (a.ts >= cut && this.appeals.size <= RECENT_MAX) break;
      this.appeals.delete(id);
    }
    this.incidents = keep(this.incidents);
    const alarmCut = new Date(Date.now() - 24 * RECENT_MS).toISOString();
    if (this.alarms.length && this.alarms[0].ts < alarmCut) this.alarms = this.alarms.filter((a) => a.ts >= alarmCut);
  }

  snapshot(streams: Set<LiveStreamName>, districts: Set<string> | null): Snapshot {
    const inD = (e: { district: string | null }) => !districts || (e.district !== null && districts.has(e.district));
    const vehCut = new Date(Date.now() - VEHICLE_TTL_MS).toISOString();
    for (const [k, v] of this.vehicles) if (v.ts < vehCut) this.vehicles.delete(k);
    this.prune();
    return {
      cursor: this.hub.cursor(),
      vehicles: streams.has('gps') ? [...this.vehicles.values()].filter(inD) : [],
      status: streams.has('status') ? [...this.status.values()].filter(inD) : [],
      appeals: streams.has('appeals') ? [...this.appeals.values()].filter(inD) : [],
      incidents: streams.has('incidents') ? this.incidents.filter(inD) : [],
      alarms: streams.has('alarms') ? this.alarms.filter(inD) : [],
    };
  }

  /** Fills the picture from the database (server start). */
  async load(db: Db): Promise<void> {
    const veh = await db.query<any>(`SELECT DISTINCT ON (vehicle_id) id, ts, vehicle_id, lat, lon, speed, heading, fuel, kind, district
      FROM gps WHERE ts > now() - INTERVAL '30 minutes' ORDER BY vehicle_id, ts DESC`);
    for (const r of veh)
      this.vehicles.set(r.vehicle_id, {
        stream: 'gps', id: r.id, ts: iso(r.ts), vehicleId: r.vehicle_id, lat: r.lat, lon: r.lon, speed: r.speed,
        heading: r.heading, ...(r.fuel !== null ? { fuel: r.fuel } : {}), ...(r.kind ? { kind: r.kind } : {}), district: r.district,
      });
    const st = await db.query<any>(`SELECT DISTINCT ON (service, district) id, ts, service, district, state, planned, households, restore_eta
      FROM service_status WHERE ts > now() - INTERVAL '30 days' ORDER BY service, district, ts DESC`);
    for (const r of st)
      this.status.set(`${r.service}:${r.district}`, {
        stream: 'status', id: r.id, ts: iso(r.ts), service: r.service, district: r.district, state: r.state, planned: r.planned,
        ...(r.households !== null ? { households: r.households } : {}), ...(r.restore_eta ? { restoreEta: iso(r.restore_eta) } : {}),
      });
    const ap = await db.query<any>(`SELECT * FROM appeal_state WHERE ts > now() - INTERVAL '60 minutes' ORDER BY ts LIMIT ${RECENT_MAX}`);
    this.appeals = new Map(ap.map((r) => [r.id, toLive(toView(r, false))]));
    const inc = await db.query<any>(`SELECT id, ts, source, camera_id, type, confidence, lat, lon, district, snapshot_url FROM incidents
      WHERE ts > now() - INTERVAL '60 minutes' ORDER BY ts LIMIT ${RECENT_MAX}`);
    this.incidents = inc.map((r) => ({
      stream: 'incidents', id: r.id, ts: iso(r.ts), source: r.source, cameraId: r.camera_id, type: r.type, confidence: r.confidence,
      lat: r.lat, lon: r.lon, district: r.district, ...(r.snapshot_url ? { snapshotUrl: r.snapshot_url } : {}),
    }));
  }
}

/** Both drivers' timestamps as ISO strings (pg gives strings here, PGlite Date objects). */
export function iso(v: unknown): string {
  return v instanceof Date ? v.toISOString() : new Date(String(v)).toISOString();
}
