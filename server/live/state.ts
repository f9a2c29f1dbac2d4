// The current picture the wall screen opens with: the latest position of each vehicle, the latest state of
// each service in each district, and the last hour's appeals and incidents. Kept in memory from the hub's
// ticks (so a snapshot and its cursor always agree), loaded from the database at start.
import type { AppealEvent, GpsEvent, IncidentEvent, LiveEvent, StatusEvent, StreamName } from '../../ingest/schema';
import type { Db } from '../dialects';
import type { LiveHub, Tick } from './hub';

const RECENT_MS = 60 * 60_000;
const VEHICLE_TTL_MS = 30 * 60_000;
const RECENT_MAX = 100_000;

export interface Snapshot {
  cursor: string;
  vehicles: GpsEvent[];
  status: StatusEvent[];
  appeals: AppealEvent[];
  incidents: IncidentEvent[];
}

export class LiveState {
  vehicles = new Map<string, GpsEvent>();
  status = new Map<string, StatusEvent>();
  appeals: AppealEvent[] = [];
  incidents: IncidentEvent[] = [];

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
        case 'appeals':
          this.appeals.push(e);
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
    this.appeals = keep(this.appeals);
    this.incidents = keep(this.incidents);
  }

  snapshot(streams: Set<StreamName>, districts: Set<string> | null): Snapshot {
    const inD = (e: { district: string | null }) => !districts || (e.district !== null && districts.has(e.district));
    const vehCut = new Date(Date.now() - VEHICLE_TTL_MS).toISOString();
    for (const [k, v] of this.vehicles) if (v.ts < vehCut) this.vehicles.delete(k);
    this.prune();
    return {
      cursor: this.hub.cursor(),
      vehicles: streams.has('gps') ? [...this.vehicles.values()].filter(inD) : [],
      status: streams.has('status') ? [...this.status.values()].filter(inD) : [],
      appeals: streams.has('appeals') ? this.appeals.filter(inD) : [],
      incidents: streams.has('incidents') ? this.incidents.filter(inD) : [],
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
    const ap = await db.query<any>(`SELECT id, ts, channel, category, sphere, district, lat, lon, address FROM appeals
      WHERE ts > now() - INTERVAL '60 minutes' ORDER BY ts LIMIT ${RECENT_MAX}`);
    this.appeals = ap.map((r) => ({
      stream: 'appeals', id: r.id, ts: iso(r.ts), channel: r.channel, category: r.category, sphere: r.sphere, district: r.district,
      ...(r.lat !== null ? { lat: r.lat, lon: r.lon } : {}), ...(r.address ? { address: r.address } : {}),
    }));
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
