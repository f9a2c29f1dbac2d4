// Nearest available crews: an in-memory spatial index of the crews' last positions (kdbush, a static k-d tree,
// searched on the sphere by geokdbush), answering "which available crews of this type reach this point first".
// A pure module: the dispatch feature feeds it positions (GPS, OsmAnd) and state changes, and asks it.
//
// kdbush is static, so positions are indexed in batches: a crew that moved since the last build is "dirty" — its
// index entry is skipped and it is checked by a linear scan instead — and the index is rebuilt once `rebuildAfter`
// crews have moved (at the next query, or by `rebuild()`). Every answer is exact whatever the index's age: dirty
// crews are measured at their current position, the others are in the index where they are. A build of 5,000
// crews takes about 1 ms; calling `rebuild()` from a timer while `pending` > 0 keeps that cost off the queries
// (`npm run bench:nearest`).
//
// ETA: the straight-line (great-circle) distance, driven half at the effective speed of the crew's district and
// half at that of the target's district (`speedKmh`, km/h; `defaultSpeedKmh` where none is set or the district is
// unknown): etaMin = 60 × (d/2 / v_crew + d/2 / v_target) — d / v when both are the same. Crews are ranked by ETA;
// since the speeds differ, the nearest are not always the first: the search widens until no crew further away
// could still arrive sooner (d / v_max ≥ the k-th ETA). `how` says the computation in words.
import KDBush from 'kdbush';
import { around, distance } from 'geokdbush';
import { crewStates, type CrewState } from '../../ingest/schema/crews';

export { crewStates, type CrewState };

export interface NearestOptions {
  /** effective straight-line speed per district id, km/h */
  speedKmh?: Record<string, number>;
  /** where no speed is set or the district is unknown; 25 km/h */
  defaultSpeedKmh?: number;
  /** point → district id, used when `update` or a query gives no district */
  districtAt?: (lat: number, lon: number) => string | null;
  /** rebuild the static index once this many crews moved since the last build; 256 */
  rebuildAfter?: number;
  /** ms clock for the age of fixes; Date.now */
  now?: () => number;
}

export interface CrewPosition {
  crewId: string;
  lon: number;
  lat: number;
  state: CrewState;
  type: string;
  district: string | null;
  /** time of the fix, ms since the epoch */
  fixAt: number;
}

export interface NearestQuery {
  lon: number;
  lat: number;
  /** crew type wanted (snow, sanitation, water, heat, power, gas, road, emergency…); any when absent */
  type?: string;
  /** how many; 5 */
  limit?: number;
  /** only crews within this straight-line distance */
  maxKm?: number;
  /** the target's district; from `districtAt` when absent */
  district?: string | null;
  /** leave out crews whose last fix is older than this (offline) */
  maxFixAgeMs?: number;
}

export interface NearestCrew {
  crewId: string;
  type: string;
  lon: number;
  lat: number;
  district: string | null;
  distanceKm: number;
  etaMin: number;
  /** how the ETA was computed, for the dispatcher */
  how: string;
}

export interface UpdateOptions {
  /** the district the fix lies in (a gps record has it); from `districtAt` when absent */
  district?: string | null;
  /** the fix time, ms; now when absent */
  fixAt?: number;
}

const round = (x: number, digits: number) => {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
};

export class NearestCrews {
  private readonly crews = new Map<string, CrewPosition>();
  /** crews whose position changed (or that were removed) since the index was built */
  private readonly dirty = new Set<string>();
  private index: KDBush | null = null;
  /** kdbush item number → crew id, as of the last build */
  private ids: string[] = [];
  private readonly speeds: Record<string, number>;
  private readonly defaultSpeed: number;
  private readonly vmax: number;
  private readonly rebuildAfter: number;
  private readonly districtAt?: (lat: number, lon: number) => string | null;
  private readonly now: () => number;
  /** builds so far (for tests and metrics) */
  builds = 0;

  constructor(opts: NearestOptions = {}) {
    this.speeds = { ...(opts.speedKmh ?? {}) };
    this.defaultSpeed = opts.defaultSpeedKmh ?? 25;
    for (const [d, v] of Object.entries(this.speeds)) if (!(v > 0)) throw new RangeError(`speed of ${d} must be > 0 km/h`);
    if (!(this.defaultSpeed > 0)) throw new RangeError('defaultSpeedKmh must be > 0');
    this.vmax = Math.max(this.defaultSpeed, ...Object.values(this.speeds));
    this.rebuildAfter = Math.max(1, opts.rebuildAfter ?? 256);
    this.districtAt = opts.districtAt;
    this.now = opts.now ?? Date.now;
  }

  get size(): number {
    return this.crews.size;
  }

  /** crews moved since the last build (checked linearly until the next one) */
  get pending(): number {
    return this.dirty.size;
  }

  get(crewId: string): CrewPosition | undefined {
    const c = this.crews.get(crewId);
    return c && { ...c };
  }

  /** A crew's last position and state (a GPS fix, an OsmAnd request, a dispatch state change). */
  update(crewId: string, lon: number, lat: number, state: CrewState, type: string, opts: UpdateOptions = {}): void {
    if (!Number.isFinite(lon) || lon < -180 || lon > 180) throw new RangeError(`lon ${lon} is outside -180…180`);
    if (!Number.isFinite(lat) || lat < -90 || lat > 90) throw new RangeError(`lat ${lat} is outside -90…90`);
    const prev = this.crews.get(crewId);
    const district = opts.district !== undefined ? opts.district : (this.districtAt?.(lat, lon) ?? null);
    this.crews.set(crewId, { crewId, lon, lat, state, type, district, fixAt: opts.fixAt ?? this.now() });
    // only a move makes the index's entry wrong; a new state or type is read at query time
    if (!prev || prev.lon !== lon || prev.lat !== lat) this.dirty.add(crewId);
  }

  /** A state change without a new position (assigned, off duty…). False if the crew has no position yet. */
  setState(crewId: string, state: CrewState): boolean {
    const c = this.crews.get(crewId);
    if (!c) return false;
    c.state = state;
    return true;
  }

  remove(crewId: string): boolean {
    const had = this.crews.delete(crewId);
    if (had) this.dirty.add(crewId);
    return had;
  }

  /** Builds the static index of every crew's current position (done by queries when `rebuildAfter` crews moved). */
  rebuild(): void {
    const ids = [...this.crews.keys()];
    this.ids = ids;
    this.dirty.clear();
    this.builds++;
    if (ids.length === 0) {
      this.index = null;
      return;
    }
    const index = new KDBush(ids.length);
    for (const id of ids) {
      const c = this.crews.get(id)!;
      index.add(c.lon, c.lat);
    }
    this.index = index.finish();
  }

  speedOf(district: string | null): number {
    return (district !== null && this.speeds[district]) || this.defaultSpeed;
  }

  /** The nearest eligible crews by ETA (available, of the type, fresh enough, within maxKm), fastest first. */
  nearest(q: NearestQuery): NearestCrew[] {
    const limit = Math.max(0, Math.floor(q.limit ?? 5));
    if (limit === 0) return [];
    if (!Number.isFinite(q.lon) || !Number.isFinite(q.lat)) throw new RangeError('lon and lat must be numbers');
    const maxKm = q.maxKm ?? Infinity;
    if (this.index === null ? this.crews.size > 0 : this.dirty.size >= this.rebuildAfter) this.rebuild();

    const target = q.district !== undefined ? q.district : (this.districtAt?.(q.lat, q.lon) ?? null);
    const vTarget = this.speedOf(target);
    const oldest = q.maxFixAgeMs === undefined ? -Infinity : this.now() - q.maxFixAgeMs;
    const eligible = (c: CrewPosition | undefined): c is CrewPosition =>
      c !== undefined && c.state === 'available' && (q.type === undefined || c.type === q.type) && c.fixAt >= oldest;
    // `how` is written for the answer only, not for every crew looked at
    const candidate = (c: CrewPosition, d: number): NearestCrew => {
      const etaMin = 60 * (d / 2 / this.speedOf(c.district) + d / 2 / vTarget);
      return { crewId: c.crewId, type: c.type, lon: c.lon, lat: c.lat, district: c.district, distanceKm: d, etaMin, how: '' };
    };
    const explained = (list: NearestCrew[]) => {
      for (const c of list) c.how = this.explain(c.distanceKm, c.district, this.speedOf(c.district), target, vTarget, c.etaMin);
      return list;
    };
    const byEta = (a: NearestCrew, b: NearestCrew) => a.etaMin - b.etaMin || (a.crewId < b.crewId ? -1 : a.crewId > b.crewId ? 1 : 0);

    // crews that moved since the build: measured where they are now
    const moved: NearestCrew[] = [];
    for (const id of this.dirty) {
      const c = this.crews.get(id);
      if (!eligible(c)) continue;
      const d = distance(q.lon, q.lat, c.lon, c.lat);
      if (d <= maxKm) moved.push(candidate(c, d));
    }

    const index = this.index;
    if (index === null) return explained(moved.sort(byEta).slice(0, limit));
    const ids = this.ids;
    // geokdbush compares haversines: a radius beyond half the Earth's circumference means no radius
    const searchKm = maxKm < 20_000 ? maxKm : undefined;
    const predicate = (i: number) => !this.dirty.has(ids[i]) && eligible(this.crews.get(ids[i]));
    let k = limit;
    for (;;) {
      const found = around(index, q.lon, q.lat, k, searchKm, predicate);
      const indexed: NearestCrew[] = [];
      for (const i of found) {
        const c = this.crews.get(ids[i])!;
        const d = distance(q.lon, q.lat, c.lon, c.lat);
        if (d <= maxKm) indexed.push(candidate(c, d));
      }
      const best = [...moved, ...indexed].sort(byEta).slice(0, limit);
      if (found.length < k) return explained(best); // every eligible crew within maxKm was seen
      // a crew not yet seen is at least as far as the last one found, so arrives no sooner than d / v_max
      const last = this.crews.get(ids[found[found.length - 1]])!;
      const bound = (60 * distance(q.lon, q.lat, last.lon, last.lat)) / this.vmax;
      if (best.length === limit && best[limit - 1].etaMin <= bound) return explained(best);
      k *= 4;
    }
  }

  private explain(d: number, crewDistrict: string | null, vCrew: number, target: string | null, vTarget: number, etaMin: number): string {
    const km = (x: number) => `${round(x, 2)} km`;
    const where = (district: string | null) => district ?? 'district unknown';
    if (vCrew === vTarget)
      return `${km(d)} straight line at ${vCrew} km/h (${crewDistrict === target ? where(target) : `${where(crewDistrict)} → ${where(target)}`}) = ${round(etaMin, 1)} min`;
    return `${km(d)} straight line: ${km(d / 2)} at ${vCrew} km/h (${where(crewDistrict)}) + ${km(d / 2)} at ${vTarget} km/h (${where(target)}) = ${round(etaMin, 1)} min`;
  }
}
