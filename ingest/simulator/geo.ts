// Points and paths inside a city's districts.
import { cities, districtAt } from '../../maps/districts';

export interface DistrictBox {
  id: string;
  box: [number, number, number, number]; // minLon, minLat, maxLon, maxLat
}

export function districtBoxes(city = 'astana'): DistrictBox[] {
  return cities[city].districts.features
    .filter((f) => !f.properties.note) // the newest district has little traffic yet
    .map((f) => {
      const b: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
      const polys = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
      for (const p of polys)
        for (const [x, y] of p[0]) {
          b[0] = Math.min(b[0], x);
          b[1] = Math.min(b[1], y);
          b[2] = Math.max(b[2], x);
          b[3] = Math.max(b[3], y);
        }
      return { id: f.properties.id, box: b };
    });
}

/** A random point inside the district (rejection sampling in its bounding box). */
export function pointIn(d: DistrictBox, rnd = Math.random): { lat: number; lon: number } {
  for (let i = 0; i < 200; i++) {
    const lon = round(d.box[0] + rnd() * (d.box[2] - d.box[0]));
    const lat = round(d.box[1] + rnd() * (d.box[3] - d.box[1]));
    if (districtAt(lat, lon) === d.id) return { lat, lon };
  }
  return { lat: round((d.box[1] + d.box[3]) / 2), lon: round((d.box[0] + d.box[2]) / 2) };
}

export const round = (x: number) => Math.round(x * 1e6) / 1e6;

/** Distance in metres and initial bearing in degrees between two points (equirectangular: fine at city scale). */
export function vector(a: { lat: number; lon: number }, b: { lat: number; lon: number }): { m: number; bearing: number } {
  const k = Math.cos(((a.lat + b.lat) / 2) * (Math.PI / 180));
  const dx = (b.lon - a.lon) * 111_320 * k;
  const dy = (b.lat - a.lat) * 110_540;
  return { m: Math.hypot(dx, dy), bearing: ((Math.atan2(dx, dy) * 180) / Math.PI + 360) % 360 };
}
