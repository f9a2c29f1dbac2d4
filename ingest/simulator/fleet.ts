// Crew vehicles: each drives between work sites inside its home district along L-shaped legs (like a street grid),
// works at the site for a while, drives on. A vehicle reports its fix when its turn comes.
import { cruiseKmh, localHour, vehicleKindWeights } from './profile';
import { advance, inside, pickDistrict, pointIn, vector, type DistrictBox, type LatLon } from './geo';
import { between, pick, type Rnd } from './random';

export interface Vehicle {
  id: string;
  kind: string;
  district: DistrictBox;
  lat: number;
  lon: number;
  /** waypoints still to drive through; the last one is the work site */
  route: LatLon[];
  speedKmh: number;
  heading: number;
  workUntil: number;
  fuel: number;
  /** when the simulation last moved it (ms) */
  at: number;
}

export function makeFleet(n: number, districts: DistrictBox[], rnd: Rnd = Math.random, now = Date.now(), month = 11): Vehicle[] {
  const weights = vehicleKindWeights(month);
  return Array.from({ length: n }, (_, i) => {
    // the first six cover every district, the rest follow population
    const district = i < districts.length ? districts[i] : pickDistrict(districts, rnd);
    const kind = pick(weights, rnd());
    const p = pointIn(district, rnd);
    const v: Vehicle = { id: `${kind}-${String(i + 1).padStart(4, '0')}`, kind, district, ...p, route: [], speedKmh: 0, heading: Math.floor(rnd() * 360), workUntil: 0, fuel: between(30, 100, rnd), at: now };
    // some start the day on a site
    if (rnd() < 0.3) v.workUntil = now + between(10, 300, rnd) * 1000;
    v.route = plan(v, rnd);
    return v;
  });
}

/** A new work site and the corner on the way there (when the corner is inside the district). */
function plan(v: Vehicle, rnd: Rnd): LatLon[] {
  const site = pointIn(v.district, rnd);
  const corner = rnd() < 0.5 ? { lat: site.lat, lon: v.lon } : { lat: v.lat, lon: site.lon };
  return rnd() < 0.8 && inside(v.district, corner) ? [corner, site] : [site];
}

/** Traffic: slower in the rush hours (assumption). */
function trafficFactor(now: number): number {
  const h = localHour(now);
  return (h >= 7.5 && h < 10) || (h >= 17 && h < 19.5) ? 0.6 : h >= 22 || h < 6 ? 1.2 : 1;
}

/** Moves a vehicle by `dt` seconds of simulated time ending at `now`, in steps of at most 5 s. */
export function step(v: Vehicle, dt: number, now: number, rnd: Rnd = Math.random): void {
  let left = Math.max(0, Math.min(dt, 600));
  while (left > 1e-6) {
    const h = Math.min(5, left);
    left -= h;
    move(v, h, now - left * 1000, rnd);
  }
  v.at = now;
}

function move(v: Vehicle, dt: number, t: number, rnd: Rnd): void {
  if (t < v.workUntil) {
    v.speedKmh = 0;
    return;
  }
  if (!v.route.length) v.route = plan(v, rnd);
  const next = v.route[0];
  const { m, bearing } = vector(v, next);
  if (m < 15) {
    v.lat = next.lat;
    v.lon = next.lon;
    v.route.shift();
    if (!v.route.length) {
      // at the site: 1–10 minutes of work; refuel at the end of a job when low
      v.workUntil = t + between(60, 600, rnd) * 1000;
      v.speedKmh = 0;
      if (v.fuel < 15) v.fuel = between(90, 100, rnd);
    } else v.speedKmh = Math.min(v.speedKmh, 15); // turning at the corner
    return;
  }
  // accelerate toward a cruise speed with some noise; slow down close to the waypoint
  let want = (cruiseKmh[v.kind] ?? 40) * trafficFactor(t) * between(0.8, 1.2, rnd);
  if (m < 80) want = Math.min(want, 20);
  v.speedKmh = Math.max(5, Math.min(90, v.speedKmh + (want - v.speedKmh) * Math.min(1, dt / 4)));
  const dist = Math.min(m, (v.speedKmh / 3.6) * dt);
  const p = advance(v, dist, bearing);
  // never leave the district: if the straight line would (a concave border), plan another way from here
  if (!inside(v.district, p)) {
    v.route = plan(v, rnd);
    v.speedKmh = Math.min(v.speedKmh, 10);
    return;
  }
  v.lat = p.lat;
  v.lon = p.lon;
  v.heading = Math.round(bearing) % 360;
  v.fuel = Math.max(0, v.fuel - dist * 0.00015); // ~0.15 % of the tank per km
}
