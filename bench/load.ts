// Mixed-stream messages for the benchmarks, valid by the schema, in one of two mixes (per cent of messages):
// - `stress` (the default of `npm run bench`): gps 70, appeals 20, incidents 7, status 3 — 1,000 appeals/s at
//   5,000 msg/s, ~14,000 times iKOMEK109's real rate, so that the appeals path is loaded too;
// - `city`: gps 86, appeals 5, incidents 6, status 3 — the proportions of the centre's own simulator
//   (server/centre.ts): a fleet-heavy city, still ~3,500 times the real appeals rate at 5,000 msg/s.
import { randomBytes } from 'node:crypto';

export const mixes = {
  stress: { gps: 70, appeals: 20, incidents: 7 },
  city: { gps: 86, appeals: 5, incidents: 6 },
} as const;
export type Mix = keyof typeof mixes;

export function makeLoad(prefix: string, mix: Mix = 'stress') {
  const m = mixes[mix];
  const run = randomBytes(3).toString('hex');
  let n = 0;
  const cats = ['heating.no_heat', 'electricity.outage', 'water.supply', 'roads.repair', 'sanitation.household_waste'];
  return {
    next(): { id: string; topic: string; payload: string } {
      const id = `b${run}-${n++}`;
      const ts = new Date().toISOString();
      const lat = 51.08 + Math.random() * 0.15;
      const lon = 71.35 + Math.random() * 0.2;
      const r = n % 100;
      if (r < m.gps)
        return { id, topic: `${prefix}gps/veh-${n % 1000}`, payload: JSON.stringify({ id, ts, lat, lon, speed: 30, heading: 90, kind: 'snowplow' }) };
      if (r < m.gps + m.appeals)
        return {
          id,
          topic: `${prefix}appeals`,
          payload: JSON.stringify({ id, ts, channel: 'phone_109', category: cats[n % cats.length], text: 'Во дворе не убран снег, машины не могут проехать', lat, lon }),
        };
      if (r < m.gps + m.appeals + m.incidents)
        return { id, topic: `${prefix}incidents/cctv`, payload: JSON.stringify({ id, ts, cameraId: `cam-${n % 300}`, type: 'snow_not_cleared', confidence: 0.8, lat, lon }) };
      return { id, topic: `${prefix}status/heat`, payload: JSON.stringify({ id, ts, district: 'astana-yesil', state: 'ok', planned: false }) };
    },
  };
}
