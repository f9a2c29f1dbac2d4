// The current picture the wall screen opens with: the latest position of each vehicle, the latest state of
// each service in each district, and the last hour's appeals and incidents. Kept in memory from the hub's
// ticks (so a snapshot and its cursor always agree). At start, the modules that own the tables seed it with their
// recent events (`apply`, without publishing): the streams module its vehicles, services and incidents, the
// appeals module the last hour's appeals, the alarms module the open alarms (a stored alarm's later changes replace
// its line). It reads no table itself.
import type { AlarmEvent, AppealEvent, GpsEvent, IncidentEvent, LiveEvent, LiveStreamName, Snapshot, StatusEvent } from '../../ingest/schema';
import type { LiveHub, Tick } from './hub';

const RECENT_MS = 60 * 60_000;
const VEHICLE_TTL_MS = 30 * 60_000;
const RECENT_MAX = 100_000;

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
        case 'alarms': {
          // a stored alarm's later changes (repeated, acknowledged, cleared) replace its line
          const i = e.alarmId ? this.alarms.findIndex((a) => a.id === e.id) : -1;
          if (i >= 0) this.alarms.splice(i, 1);
          this.alarms.push(e);
          if (this.alarms.length > 500) this.alarms = this.alarms.slice(-500);
          break;
        }
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
}

