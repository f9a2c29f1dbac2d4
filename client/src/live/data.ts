// The live picture in the browser, kept outside Vue's reactivity (10k vehicles and 50k points would make proxies
// the bottleneck): plain Maps, and a `version` the views watch. Merging is idempotent — a snapshot and the
// stream may overlap, a replay may repeat what a snapshot had — so every item is keyed and the newest wins.
import type { AlarmEvent, AppealEvent, GpsEvent, IncidentEvent, LiveEvent, StatusEvent } from '../../../ingest/schema';

export const POINT_TTL_MS = 60 * 60_000;

export class LiveData {
  vehicles = new Map<string, GpsEvent>();
  appeals = new Map<string, AppealEvent>();
  incidents = new Map<string, IncidentEvent>();
  status = new Map<string, StatusEvent>();
  alarms = new Map<string, AlarmEvent>();
  /** when each point arrived here (for fading and pulsing) */
  arrived = new Map<string, number>();

  /** Merges events; returns how many were new or newer (duplicates are ignored). */
  apply(items: LiveEvent[], now = Date.now()): number {
    let changed = 0;
    for (const e of items) {
      switch (e.stream) {
        case 'gps': {
          const p = this.vehicles.get(e.vehicleId);
          if (p && (p.id === e.id || p.ts > e.ts)) continue;
          this.vehicles.set(e.vehicleId, e);
          break;
        }
        case 'appeals': {
          const p = this.appeals.get(e.id);
          if (p && (p.rev ?? 1) >= (e.rev ?? 1)) continue;
          if (!p) this.arrived.set(`a:${e.id}`, now);
          this.appeals.set(e.id, e);
          break;
        }
        case 'incidents':
          if (this.incidents.has(e.id)) continue;
          this.incidents.set(e.id, e);
          this.arrived.set(`i:${e.id}`, now);
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
      }
      changed++;
    }
    return changed;
  }

  /** Drops points older than the window and vehicles silent for 30 minutes. */
  prune(now = Date.now()): void {
    const cut = new Date(now - POINT_TTL_MS).toISOString();
    for (const [k, a] of this.appeals) if (a.ts < cut) (this.appeals.delete(k), this.arrived.delete(`a:${k}`));
    for (const [k, i] of this.incidents) if (i.ts < cut) (this.incidents.delete(k), this.arrived.delete(`i:${k}`));
    const vcut = new Date(now - 30 * 60_000).toISOString();
    for (const [k, v] of this.vehicles) if (v.ts < vcut) this.vehicles.delete(k);
    if (this.alarms.size > 300) for (const k of [...this.alarms.keys()].slice(0, this.alarms.size - 300)) this.alarms.delete(k);
  }

  clear(): void {
    this.vehicles.clear();
    this.appeals.clear();
    this.incidents.clear();
    this.status.clear();
    this.alarms.clear();
    this.arrived.clear();
  }
}
