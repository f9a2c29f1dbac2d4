// District boundaries of the cities the centre knows, from OpenStreetMap (ODbL 1.0, see maps/SOURCES.md).
// Used by the server (which district a point lies in) and by the client (the map's base layer).
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import astana from './astana/districts.json';
import almaty from './almaty/districts.json';

export interface DistrictProps {
  id: string;
  name_ru: string;
  name_kk: string;
  name_en: string;
  level: string;
  parent: string;
  note?: string;
}
export type DistrictFeature = Feature<Polygon | MultiPolygon, DistrictProps>;
export type DistrictCollection = FeatureCollection<Polygon | MultiPolygon, DistrictProps>;

export interface City {
  id: string;
  name: { ru: string; kk: string; en: string };
  center: [number, number]; // [lat, lon]
  zoom: number;
  /** the IANA zone of the city's clock: every time on every screen is shown in it */
  timeZone: string;
  districts: DistrictCollection;
}

export const ATTRIBUTION = '© OpenStreetMap contributors (ODbL 1.0)';

export const cities: Record<string, City> = {
  astana: {
    id: 'astana',
    name: { ru: 'Астана', kk: 'Астана', en: 'Astana' },
    center: [51.15, 71.45],
    zoom: 11,
    timeZone: 'Asia/Almaty',
    districts: astana as unknown as DistrictCollection,
  },
  almaty: {
    id: 'almaty',
    name: { ru: 'Алматы', kk: 'Алматы', en: 'Almaty' },
    center: [43.25, 76.92],
    zoom: 11,
    timeZone: 'Asia/Almaty',
    districts: almaty as unknown as DistrictCollection,
  },
};

export const districtIds: string[] = Object.values(cities).flatMap((c) => c.districts.features.map((f) => f.properties.id));

/** Bounding box [minLon, minLat, maxLon, maxLat] of a feature, for a cheap pre-test. */
function bbox(f: DistrictFeature): [number, number, number, number] {
  const b: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  const polys = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
  for (const poly of polys)
    for (const [x, y] of poly[0]) {
      if (x < b[0]) b[0] = x;
      if (y < b[1]) b[1] = y;
      if (x > b[2]) b[2] = x;
      if (y > b[3]) b[3] = y;
    }
  return b;
}

const indexed = Object.values(cities).flatMap((c) => c.districts.features.map((f) => ({ f, b: bbox(f) })));

// Point-in-polygon costs tens of microseconds; ingest asks at thousands of points a second, mostly the same
// streets again. Answers are cached on a ~50 m grid; a point on a border may get its neighbour cell's answer.
const GRID = 2000; // cells per degree
const cache = new Map<number, string | null>();
const CACHE_MAX = 200_000;

/** The id of the district containing the point, or null when it lies in none of the known districts. */
export function districtAt(lat: number, lon: number): string | null {
  const key = Math.round(lat * GRID) * 1e7 + Math.round(lon * GRID);
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  let found: string | null = null;
  for (const { f, b } of indexed) {
    if (lon < b[0] || lon > b[2] || lat < b[1] || lat > b[3]) continue;
    if (booleanPointInPolygon([lon, lat], f)) {
      found = f.properties.id;
      break;
    }
  }
  if (cache.size >= CACHE_MAX) cache.clear();
  cache.set(key, found);
  return found;
}
