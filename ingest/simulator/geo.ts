// Points and straight-line motion inside a city's districts.
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import { cities, districtAt, type DistrictFeature } from '../../maps/districts';
import { districtWeights } from './profile';
import { pick, type Rnd } from './random';

export interface LatLon {
  lat: number;
  lon: number;
}

export interface DistrictBox {
  id: string;
  feature: DistrictFeature;
  box: [number, number, number, number]; // minLon, minLat, maxLon, maxLat
  weight: number;
}

export function districtBoxes(city = 'astana'): DistrictBox[] {
  const c = cities[city];
  if (!c) throw new Error(`unknown city ${city}; known: ${Object.keys(cities).join(', ')}`);
  return c.districts.features.map((f) => {
    const b: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
    const polys = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
    for (const p of polys)
      for (const [x, y] of p[0]) {
        b[0] = Math.min(b[0], x);
        b[1] = Math.min(b[1], y);
        b[2] = Math.max(b[2], x);
        b[3] = Math.max(b[3], y);
      }
    return { id: f.properties.id, feature: f, box: b, weight: districtWeights[f.properties.id] ?? 10 };
  });
}

/** A district drawn by population weight. */
export function pickDistrict(ds: DistrictBox[], rnd: Rnd): DistrictBox {
  const id = pick(Object.fromEntries(ds.map((d) => [d.id, d.weight])), rnd());
  return ds.find((d) => d.id === id)!;
}

export const round = (x: number) => Math.round(x * 1e6) / 1e6;

/**
 * Inside the district both by its polygon and by what ingest will conclude from the stored (rounded) position:
 * ingest's `districtAt` answers from a ~50 m grid cache, so a point right at a border could be assigned next door.
 */
export function inside(d: DistrictBox, p: LatLon): boolean {
  return booleanPointInPolygon([p.lon, p.lat], d.feature) && districtAt(p.lat, p.lon) === d.id;
}

/** A random point inside the district (rejection sampling in its bounding box). */
export function pointIn(d: DistrictBox, rnd: Rnd = Math.random): LatLon {
  for (let i = 0; i < 500; i++) {
    const p = { lon: round(d.box[0] + rnd() * (d.box[2] - d.box[0])), lat: round(d.box[1] + rnd() * (d.box[3] - d.box[1])) };
    if (inside(d, p)) return p;
  }
  throw new Error(`no point found inside ${d.id}`);
}

/** A point within `radiusM` metres of `p` that is still inside the district (or `p` itself). */
export function near(d: DistrictBox, p: LatLon, radiusM: number, rnd: Rnd): LatLon {
  for (let i = 0; i < 20; i++) {
    const q = offset(p, (rnd() - 0.5) * 2 * radiusM, (rnd() - 0.5) * 2 * radiusM);
    if (inside(d, q)) return q;
  }
  return p;
}

const M_PER_DEG_LAT = 110_540;
const M_PER_DEG_LON = 111_320;

/** Moves a point `north` and `east` metres (equirectangular: fine at city scale). */
export function offset(p: LatLon, north: number, east: number): LatLon {
  return { lat: round(p.lat + north / M_PER_DEG_LAT), lon: round(p.lon + east / (M_PER_DEG_LON * Math.cos((p.lat * Math.PI) / 180))) };
}

/** Distance in metres and initial bearing in degrees [0, 360) from a to b. */
export function vector(a: LatLon, b: LatLon): { m: number; bearing: number } {
  const k = Math.cos(((a.lat + b.lat) / 2) * (Math.PI / 180));
  const dx = (b.lon - a.lon) * M_PER_DEG_LON * k;
  const dy = (b.lat - a.lat) * M_PER_DEG_LAT;
  return { m: Math.hypot(dx, dy), bearing: ((Math.atan2(dx, dy) * 180) / Math.PI + 360) % 360 };
}

/** The point `m` metres from `p` along `bearing`. */
export function advance(p: LatLon, m: number, bearing: number): LatLon {
  const r = (bearing * Math.PI) / 180;
  return offset(p, m * Math.cos(r), m * Math.sin(r));
}
