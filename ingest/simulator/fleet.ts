// Crew vehicles driving between work sites inside their home district, stopping to work, reporting GPS fixes.
import { pick, vehicleKindWeights } from './profile';
import { pointIn, round, vector, type DistrictBox } from './geo';
import { districtAt } from '../../maps/districts';

export interface Vehicle {
  id: string;
  kind: string;
  district: DistrictBox;
  lat: number;
  lon: number;
  target: { lat: number; lon: number };
  speedKmh: number;
  heading: number;
  workUntil: number;
  fuel: number;
}

export function makeFleet(n: number, districts: DistrictBox[], rnd = Math.random): Vehicle[] {
  return Array.from({ length: n }, (_, i) => {
    const district = districts[i % districts.length];
    const p = pointIn(district, rnd);
    const kind = pick(vehicleKindWeights, rnd());
    return { id: `${kind}-${String(i + 1).padStart(4, '0')}`, kind, district, ...p, target: pointIn(district, rnd), speedKmh: 0, heading: 0, workUntil: 0, fuel: 40 + rnd() * 60 };
  });
}

/** Moves a vehicle by `dt` seconds: drives toward its target, works there for a while, picks a new one. */
export function step(v: Vehicle, dt: number, now: number, rnd = Math.random): void {
  if (now < v.workUntil) {
    v.speedKmh = 0;
    return;
  }
  const { m, bearing } = vector(v, v.target);
  if (m < 30) {
    v.workUntil = now + (60 + rnd() * 600) * 1000; // 1–11 minutes on site
    v.target = pointIn(v.district, rnd);
    v.speedKmh = 0;
    return;
  }
  const cruise = v.kind === 'snowplow' || v.kind === 'sanitation' ? 25 : 45;
  v.speedKmh = Math.max(5, Math.min(70, cruise + (rnd() - 0.5) * 20));
  const dist = Math.min(m, (v.speedKmh / 3.6) * dt);
  const k = Math.cos(v.lat * (Math.PI / 180));
  const nlat = round(v.lat + (dist * Math.cos((bearing * Math.PI) / 180)) / 110_540);
  const nlon = round(v.lon + (dist * Math.sin((bearing * Math.PI) / 180)) / (111_320 * k));
  // stay inside the district: if the straight line leaves it, take a new target
  if (districtAt(nlat, nlon) !== v.district.id) {
    v.target = pointIn(v.district, rnd);
    return;
  }
  v.lat = nlat;
  v.lon = nlon;
  v.heading = Math.round(bearing);
  v.fuel = Math.max(5, v.fuel - dist / 5000);
}
