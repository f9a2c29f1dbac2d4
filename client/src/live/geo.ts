// Web-Mercator in world units (0…1 across the world), the projection Leaflet's EPSG:3857 uses: a point is
// projected once when it arrives, and each frame only scales and shifts it.
const D2R = Math.PI / 180;
const MAX_LAT = 85.0511287798;

export function mercX(lon: number): number {
  return (lon + 180) / 360;
}

export function mercY(lat: number): number {
  const s = Math.sin(Math.max(-MAX_LAT, Math.min(MAX_LAT, lat)) * D2R);
  return 0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI);
}
