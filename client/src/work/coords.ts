// Coordinates as people type them: "51,128" (decimal comma, as Kazakh and Russian keyboards give it) and
// "51.128" both mean 51.128; a pair pasted into one field ("51.128, 71.43", "51,128 71,43") fills both fields.
// And the district a point lies in, from the city's district polygons (the ones /api/config gives the map).
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import type { Feature, MultiPolygon, Polygon } from 'geojson';

export type CoordError = 'number' | 'latRange' | 'lonRange' | 'pair';

/** A number typed with a decimal comma or point (spaces, a leading + and a typographic minus allowed); null when it is not one. */
export function parseDecimal(s: string): number | null {
  const t = s.trim().replace(/\s+/g, '').replace(/^\+/, '').replace(/^[−–]/, '-').replace(',', '.');
  if (!/^-?(\d+(\.\d*)?|\.\d+)$/.test(t)) return null;
  const n = Number(t);
  return Number.isFinite(n) ? n : null;
}

/** Two numbers pasted together: "51.128, 71.43", "51,128; 71,43", "51,128 71,43", "51,128,71,43". */
export function parsePair(s: string): [number, number] | null {
  const t = s.trim();
  let parts = t.split(/\s*;\s*|,\s+|\s+/).filter(Boolean);
  if (parts.length !== 2) {
    const flat = t.replace(/\s+/g, '');
    const dots = /^(-?\d+\.\d+),(-?\d+\.\d+)$/.exec(flat);
    const commas = /^(-?\d+),(\d+),(-?\d+),(\d+)$/.exec(flat);
    if (dots) parts = [dots[1], dots[2]];
    else if (commas) parts = [`${commas[1]}.${commas[2]}`, `${commas[3]}.${commas[4]}`];
    else return null;
  }
  const a = parseDecimal(parts[0]);
  const b = parseDecimal(parts[1]);
  return a === null || b === null ? null : [a, b];
}

/** The form's two fields read together: the point, or each field's error (both empty is no point, and no error). */
export function readPoint(latText: string, lonText: string): { point: { lat: number; lon: number } | null; errors: { lat?: CoordError; lon?: CoordError } } {
  const errors: { lat?: CoordError; lon?: CoordError } = {};
  const hasLat = latText.trim() !== '';
  const hasLon = lonText.trim() !== '';
  if (!hasLat && !hasLon) return { point: null, errors };
  const lat = hasLat ? parseDecimal(latText) : null;
  const lon = hasLon ? parseDecimal(lonText) : null;
  if (hasLat && lat === null) errors.lat = 'number';
  else if (lat !== null && (lat < -90 || lat > 90)) errors.lat = 'latRange';
  if (hasLon && lon === null) errors.lon = 'number';
  else if (lon !== null && (lon < -180 || lon > 180)) errors.lon = 'lonRange';
  if (!hasLat && !errors.lon) errors.lat = 'pair';
  if (!hasLon && !errors.lat) errors.lon = 'pair';
  if (errors.lat || errors.lon || lat === null || lon === null) return { point: null, errors };
  return { point: { lat, lon }, errors };
}

/** How a coordinate is written back into a field: six decimals (about 0.1 m), no trailing zeros. */
export const formatCoord = (n: number) => String(Number(n.toFixed(6)));

export interface DistrictShape {
  type?: 'Feature';
  properties: { id: string };
  geometry?: Polygon | MultiPolygon;
}

/** The id of the district whose polygon holds the point, or null when none does. */
export function districtAtPoint(features: readonly DistrictShape[], lat: number, lon: number): string | null {
  for (const f of features) {
    if (!f.geometry) continue;
    if (booleanPointInPolygon([lon, lat], { type: 'Feature', properties: {}, geometry: f.geometry } satisfies Feature<Polygon | MultiPolygon>)) return f.properties.id;
  }
  return null;
}
