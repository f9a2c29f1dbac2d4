// The current picture the wall screen opens with: the latest position of each vehicle, the latest state of
// each service in each district, and the last hour's appeals and incidents. Kept in memory from the hub's
// ticks (so a snapshot and its cursor always agree), loaded from the database at start.
import { recordFromRow, streams, type AlarmEvent, type AppealEvent, type GpsEvent, type IncidentEvent, type LiveEvent, type LiveStreamName, type Snapshot, type StatusEvent, type StreamDef } from '../../ingest/schema';
import type { Db } from '../dialects';
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

  /**
   * The last hour's appeals at start, from the appeals module (`recentLive`): a revision already here from the
   * live stream is kept unless the seeded one is newer.
   */
  seedAppeals(events: AppealEvent[]): void {
    const all = new Map(this.appeals);
    for (const e of events) {
      const prev = all.get(e.id);
      if (!prev || (e.rev ?? 1) > (prev.rev ?? 1)) all.set(e.id, e);
    }
    // oldest first, as the stream adds them (prune reads them in this order)
    this.appeals = new Map([...all.values()].sort((a, b) => (a.ts < b.ts ? -1 : a.ts > b.ts ? 1 : 0)).map((e) => [e.id, e]));
    this.prune();
  }

  /** Fills the picture from the database (server start); the appeals come from `seedAppeals`. */
  async load(db: Db): Promise<void> {
    const event = (def: StreamDef, row: any) => def.toEvent(recordFromRow(def, row));
    for (const r of await db.query<any>(`SELECT DISTINCT ON (vehicle_id) * FROM gps WHERE ts > now() - INTERVAL '30 minutes' ORDER BY vehicle_id, ts DESC`))
      this.vehicles.set(r.vehicle_id, event(streams.gps, r));
    for (const r of await db.query<any>(`SELECT DISTINCT ON (service, district) * FROM service_status WHERE ts > now() - INTERVAL '30 days' ORDER BY service, district, ts DESC`))
      this.status.set(`${r.service}:${r.district}`, event(streams.status, r));
    const inc = await db.query<any>(`SELECT * FROM incidents WHERE ts > now() - INTERVAL '60 minutes' ORDER BY ts LIMIT ${RECENT_MAX}`);
    this.incidents = inc.map((r) => event(streams.incidents, r));
  }
}

