// The live picture in the browser, kept outside Vue's reactivity (10k vehicles and 50k points would make proxies
// the bottleneck): plain Maps, and a `version` the views watch. Merging is idempotent — a snapshot and the
// stream may overlap, a replay may repeat what a snapshot had — so every item is keyed and the newest wins.
// Each point on the map also gets a `MapPoint`: projected once and with its time parsed once, so that drawing
// 60k points a frame is arithmetic only.
import type { AlarmEvent, AppealEvent, GpsEvent, IncidentEvent, LiveEvent, StatusEvent } from '../../../ingest/schema';
import { mercX, mercY } from './geo';
import { offlineMs } from './vehicles';

export const POINT_TTL_MS = 60 * 60_000;
export const VEHICLE_TTL_MS = 30 * 60_000;
export const MAX_ALARMS = 300;

export interface MapPoint<E> {
  /** Web-Mercator world units, 0…1 */
  x: number;
  y: number;
  /** event time, ms */
  t: number;
  /** when it arrived in this browser, ms (a snapshot's points count as old: they do not pulse) */
  arrived: number;
  e: E;
}

function point<E extends { ts: string }>(e: E, lat: number, lon: number, arrived: number): MapPoint<E> {
  return { x: mercX(lon), y: mercY(lat), t: Date.parse(e.ts), arrived, e };
}

export class LiveData {
  vehicles = new Map<string, GpsEvent>();
  appeals = new Map<string, AppealEvent>();
  incidents = new Map<string, IncidentEvent>();
  status = new Map<string, StatusEvent>();
  alarms = new Map<string, AlarmEvent>();
  /** what the map draws: vehicles by vehicle id, appeals (with coordinates) and incidents by event id */
  points = {
    vehicles: new Map<string, MapPoint<GpsEvent>>(),
    appeals: new Map<string, MapPoint<AppealEvent>>(),
    incidents: new Map<string, MapPoint<IncidentEvent>>(),
  };
  /** a vehicle silent this long is offline (not reporting): from the configuration's `vehicleOfflineMin` */
  vehicleOfflineMs = offlineMs();
  /** ids of the latest gps fix of each vehicle (so `has` needs no scan) */
  private gpsIds = new Set<string>();

  /** Merges events; returns how many were new or newer (duplicates and older states are ignored). */
  apply(items: LiveEvent[], now = Date.now()): number {
    let changed = 0;
    for (const e of items) {
      switch (e.stream) {
        case 'gps': {
          const p = this.vehicles.get(e.vehicleId);
          if (p && (p.id === e.id || p.ts > e.ts)) continue;
          if (p) this.gpsIds.delete(p.id);
          this.vehicles.set(e.vehicleId, e);
          this.gpsIds.add(e.id);
          const old = this.points.vehicles.get(e.vehicleId);
          this.points.vehicles.set(e.vehicleId, point(e, e.lat, e.lon, old?.arrived ?? now));
          break;
        }
        case 'appeals': {
          const p = this.appeals.get(e.id);
          if (p && (p.rev ?? 1) >= (e.rev ?? 1)) continue;
          this.appeals.set(e.id, e);
          const old = this.points.appeals.get(e.id);
          if (e.lat != null && e.lon != null) this.points.appeals.set(e.id, point(e, e.lat, e.lon, old?.arrived ?? now));
          else if (old) old.e = e;
          break;
        }
        case 'incidents':
          if (this.incidents.has(e.id)) continue;
          this.incidents.set(e.id, e);
          this.points.incidents.set(e.id, point(e, e.lat, e.lon, now));
          break;
        case 'status': {
          const k = `${e.service}:${e.district}`;
          const p = this.status.get(k);
          if (p && (p.id === e.id || p.ts > e.ts)) continue;
          this.status.set(k, e);
          break;
        }
        case 'alarms':
          if (this.alarms.has(e.id)) continue;
          this.alarms.set(e.id, e);
          break;
        default:
          continue;
      }
      changed++;
    }
    return changed;
  }

  /** Whether an event id is in the picture (an appeal, an incident, a vehicle's latest fix, an alarm, a status). */
  has(id: string): boolean {
    if (this.appeals.has(id) || this.incidents.has(id) || this.gpsIds.has(id) || this.alarms.has(id)) return true;
    for (const s of this.status.values()) if (s.id === id) return true;
    return false;
  }

  /** Drops points older than the window, vehicles silent for 30 minutes, and all but the newest alarms. */
  prune(now = Date.now()): void {
    const cut = new Date(now - POINT_TTL_MS).toISOString();
    for (const [k, a] of this.appeals)
      if (a.ts < cut) {
        this.appeals.delete(k);
        this.points.appeals.delete(k);
      }
    for (const [k, i] of this.incidents)
      if (i.ts < cut) {
        this.incidents.delete(k);
        this.points.incidents.delete(k);
      }
    const vcut = new Date(now - VEHICLE_TTL_MS).toISOString();
    for (const [k, v] of this.vehicles)
      if (v.ts < vcut) {
        this.vehicles.delete(k);
        this.points.vehicles.delete(k);
        this.gpsIds.delete(v.id);
      }
    if (this.alarms.size > MAX_ALARMS) for (const k of [...this.alarms.keys()].slice(0, this.alarms.size - MAX_ALARMS)) this.alarms.delete(k);
  }

  clear(): void {
    this.vehicles.clear();
    this.appeals.clear();
    this.incidents.clear();
    this.status.clear();
    this.alarms.clear();
    this.gpsIds.clear();
    for (const m of Object.values(this.points)) m.clear();
  }
}
