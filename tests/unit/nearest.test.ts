// Nearest available crews (server/operations/nearest.ts): ranked by ETA with per-district speeds, checked against a
// brute force written here (haversine over every crew) through moves, state changes, removals and index rebuilds.
import { describe, expect, it } from 'vitest';
import { NearestCrews, type CrewState, type NearestQuery } from '../../server/operations/nearest';

const R = 6371;
const rad = Math.PI / 180;
function haversineKm(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const a = Math.sin(((lat2 - lat1) * rad) / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(((lon2 - lon1) * rad) / 2) ** 2;
  return 2 * R * Math.asin(Math.sqrt(a));
}

/** A point `km` east of (lon, lat). */
const east = (lon: number, lat: number, km: number) => lon + km / (111.195 * Math.cos(lat * rad));

describe('ranking and explanation', () => {
  const speedKmh = { west: 18, east: 35 };
  const TARGET = { lon: 71.45, lat: 51.13 };

  it('ranks by ETA, not distance: a crew further away in a faster district comes first', () => {
    const n = new NearestCrews({ speedKmh });
    n.update('slow-near', east(TARGET.lon, TARGET.lat, -2), TARGET.lat, 'available', 'snow', { district: 'west' });
    n.update('fast-far', east(TARGET.lon, TARGET.lat, 2.5), TARGET.lat, 'available', 'snow', { district: 'east' });
    const r = n.nearest({ ...TARGET, district: 'east', type: 'snow' });
    expect(r.map((c) => c.crewId)).toEqual(['fast-far', 'slow-near']);
    expect(r[0].distanceKm).toBeCloseTo(2.5, 2);
    expect(r[0].etaMin).toBeCloseTo((60 * 2.5) / 35, 2);
    expect(r[0].how).toBe('2.5 km straight line at 35 km/h (east) = 4.3 min');
    expect(r[1].etaMin).toBeCloseTo(60 * (1 / 18 + 1 / 35), 2);
    expect(r[1].how).toBe('2 km straight line: 1 km at 18 km/h (west) + 1 km at 35 km/h (east) = 5 min');
  });

  it('an unknown district drives at the default speed, and says so', () => {
    const n = new NearestCrews({ speedKmh, defaultSpeedKmh: 20 });
    n.update('c1', east(TARGET.lon, TARGET.lat, 1), TARGET.lat, 'available', 'water', { district: null });
    const [c] = n.nearest({ ...TARGET, district: null });
    expect(c.etaMin).toBeCloseTo(3, 2);
    expect(c.how).toBe('1 km straight line at 20 km/h (district unknown) = 3 min');
  });

  it('takes districts from districtAt when none is given', () => {
    const n = new NearestCrews({ speedKmh, districtAt: (_lat, lon) => (lon < 71.45 ? 'west' : 'east') });
    n.update('w', east(TARGET.lon, TARGET.lat, -1), TARGET.lat, 'available', 'heat');
    expect(n.get('w')?.district).toBe('west');
    expect(n.nearest({ lon: east(TARGET.lon, TARGET.lat, 0.5), lat: TARGET.lat })[0].how).toMatch(/at 18 km\/h \(west\) \+ .* at 35 km\/h \(east\)/);
  });

  it('widens the search until no unseen crew could arrive sooner', () => {
    const n = new NearestCrews({ speedKmh: { slow: 5, fast: 100 } });
    for (let i = 0; i < 60; i++) n.update(`slow-${i}`, east(TARGET.lon, TARGET.lat, 0.5 + i * 0.01), TARGET.lat + i * 1e-4, 'available', 'road', { district: 'slow' });
    n.update('fast', east(TARGET.lon, TARGET.lat, 4), TARGET.lat, 'available', 'road', { district: 'fast' });
    n.rebuild();
    expect(n.pending).toBe(0);
    const [best] = n.nearest({ ...TARGET, district: 'fast', limit: 1 });
    expect(best.crewId).toBe('fast');
  });
});

describe('who is suggested', () => {
  const P = { lon: 71.43, lat: 51.128 };
  const make = () => {
    let now = 1_000_000;
    const n = new NearestCrews({ now: () => now });
    n.update('a', east(P.lon, P.lat, 1), P.lat, 'available', 'snow', { district: 'd' });
    n.update('b', east(P.lon, P.lat, 2), P.lat, 'available', 'snow', { district: 'd' });
    n.update('c', east(P.lon, P.lat, 3), P.lat, 'available', 'sanitation', { district: 'd' });
    return { n, tick: (ms: number) => (now += ms) };
  };
  const ids = (n: NearestCrews, q: Partial<NearestQuery> = {}) => n.nearest({ ...P, district: 'd', ...q }).map((c) => c.crewId);

  it('only available crews, of the type asked', () => {
    const { n } = make();
    expect(ids(n)).toEqual(['a', 'b', 'c']);
    expect(ids(n, { type: 'snow' })).toEqual(['a', 'b']);
    expect(n.setState('a', 'en_route')).toBe(true);
    expect(ids(n, { type: 'snow' })).toEqual(['b']);
    for (const s of ['assigned', 'on_scene', 'returning', 'off_duty'] as CrewState[]) {
      n.setState('b', s);
      expect(ids(n, { type: 'snow' }), s).toEqual([]);
    }
    n.setState('a', 'available');
    expect(ids(n, { type: 'snow' })).toEqual(['a']);
    expect(n.setState('nobody', 'available')).toBe(false);
  });

  it('within maxKm, at most limit', () => {
    const { n } = make();
    expect(ids(n, { maxKm: 2.5 })).toEqual(['a', 'b']);
    expect(ids(n, { maxKm: 0.5 })).toEqual([]);
    expect(ids(n, { limit: 2 })).toEqual(['a', 'b']);
    expect(ids(n, { limit: 0 })).toEqual([]);
  });

  it('leaves out crews whose last fix is too old', () => {
    const { n, tick } = make();
    tick(10 * 60_000);
    n.update('c', east(P.lon, P.lat, 3), P.lat, 'available', 'sanitation', { district: 'd' });
    expect(ids(n, { maxFixAgeMs: 5 * 60_000 })).toEqual(['c']);
    expect(ids(n)).toEqual(['a', 'b', 'c']);
  });

  it('a move or a removal counts at once, before the index is rebuilt', () => {
    const { n } = make();
    expect(ids(n)).toEqual(['a', 'b', 'c']); // builds the index
    const builds = n.builds;
    n.update('c', east(P.lon, P.lat, 0.2), P.lat, 'available', 'sanitation', { district: 'd' });
    n.remove('a');
    expect(n.pending).toBe(2);
    expect(ids(n)).toEqual(['c', 'b']);
    expect(n.builds).toBe(builds); // answered with the old index and the two pending changes
    expect(n.get('a')).toBeUndefined();
    expect(n.size).toBe(2);
  });

  it('an empty registry answers nothing; bad coordinates are refused', () => {
    const n = new NearestCrews();
    expect(n.nearest(P)).toEqual([]);
    expect(() => n.update('x', 71, 95, 'available', 'snow')).toThrow(/lat 95/);
    expect(() => n.update('x', 200, 51, 'available', 'snow')).toThrow(/lon 200/);
    expect(() => new NearestCrews({ speedKmh: { d: 0 } })).toThrow(/> 0/);
  });
});

describe('against brute force', () => {
  it('gives the same crews, distances and ETAs as a scan of every crew, through moves, removals and rebuilds', () => {
    // a seeded generator, so that a failure can be replayed
    let seed = 12345;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const speedKmh: Record<string, number> = { north: 22, south: 30, centre: 15, east: 40 };
    const districts = [...Object.keys(speedKmh), 'nowhere', null];
    const types = ['snow', 'sanitation', 'water', 'heat'];
    const states: CrewState[] = ['available', 'available', 'available', 'assigned', 'en_route', 'off_duty'];
    const DEFAULT = 25;
    let now = 1_700_000_000_000;
    const n = new NearestCrews({ speedKmh, defaultSpeedKmh: DEFAULT, rebuildAfter: 150, now: () => now });

    interface Crew { lon: number; lat: number; state: CrewState; type: string; district: string | null; fixAt: number }
    const truth = new Map<string, Crew>();
    const put = (id: string) => {
      const c: Crew = {
        lon: 71.25 + rnd() * 0.4,
        lat: 51.05 + rnd() * 0.2,
        state: states[Math.floor(rnd() * states.length)],
        type: types[Math.floor(rnd() * types.length)],
        district: districts[Math.floor(rnd() * districts.length)],
        fixAt: now,
      };
      truth.set(id, c);
      n.update(id, c.lon, c.lat, c.state, c.type, { district: c.district });
    };
    for (let i = 0; i < 2000; i++) put(`crew-${i}`);

    const speed = (d: string | null) => (d !== null && speedKmh[d]) || DEFAULT;
    const brute = (q: NearestQuery) => {
      const target = speed(q.district ?? null);
      const oldest = q.maxFixAgeMs === undefined ? -Infinity : now - q.maxFixAgeMs;
      return [...truth.entries()]
        .filter(([, c]) => c.state === 'available' && (q.type === undefined || c.type === q.type) && c.fixAt >= oldest)
        .map(([id, c]) => {
          const d = haversineKm(q.lon, q.lat, c.lon, c.lat);
          return { id, d, eta: 60 * (d / 2 / speed(c.district) + d / 2 / target) };
        })
        .filter((x) => x.d <= (q.maxKm ?? Infinity))
        .sort((a, b) => a.eta - b.eta || (a.id < b.id ? -1 : 1))
        .slice(0, q.limit ?? 5);
    };

    let compared = 0;
    let withPending = 0;
    let nonEmpty = 0;
    for (let round = 0; round < 400; round++) {
      now += 1000;
      // between queries: some crews move, change state, leave or join
      const changes = Math.floor(rnd() * 60);
      for (let j = 0; j < changes; j++) {
        const id = `crew-${Math.floor(rnd() * 2200)}`;
        const r = rnd();
        if (r < 0.7) put(id);
        else if (r < 0.9 && truth.has(id)) {
          const s = states[Math.floor(rnd() * states.length)];
          truth.get(id)!.state = s;
          n.setState(id, s);
        } else {
          truth.delete(id);
          n.remove(id);
        }
      }
      const q: NearestQuery = {
        lon: 71.2 + rnd() * 0.5,
        lat: 51.0 + rnd() * 0.3,
        type: rnd() < 0.8 ? types[Math.floor(rnd() * types.length)] : undefined,
        limit: 1 + Math.floor(rnd() * 10),
        maxKm: rnd() < 0.5 ? 1 + rnd() * 15 : undefined,
        district: districts[Math.floor(rnd() * districts.length)],
        maxFixAgeMs: rnd() < 0.3 ? 60_000 + rnd() * 300_000 : undefined,
      };
      if (n.pending > 0 && n.pending < 150) withPending++;
      const got = n.nearest(q);
      const want = brute(q);
      expect(got.map((c) => c.crewId), `round ${round}`).toEqual(want.map((w) => w.id));
      got.forEach((c, i) => {
        expect(c.distanceKm).toBeCloseTo(want[i].d, 9);
        expect(c.etaMin).toBeCloseTo(want[i].eta, 9);
      });
      if (want.length > 0) nonEmpty++;
      compared++;
    }
    expect(compared).toBe(400);
    // the comparison meant something: most queries found crews, some ran with moves not yet indexed, and the
    // index was rebuilt along the way
    expect(nonEmpty).toBeGreaterThan(300);
    expect(withPending).toBeGreaterThan(100);
    expect(n.builds).toBeGreaterThan(10);
  });
});
