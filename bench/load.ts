// Mixed-stream messages for the benchmark, valid by the schema: gps 70 %, appeals 20 %, incidents 7 %, status 3 %.
import { randomBytes } from 'node:crypto';

export function makeLoad(prefix: string) {
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
      if (r < 70)
        return { id, topic: `${prefix}gps/veh-${n % 1000}`, payload: JSON.stringify({ id, ts, lat, lon, speed: 30, heading: 90, kind: 'snowplow' }) };
      if (r < 90)
        return {
          id,
          topic: `${prefix}appeals`,
          payload: JSON.stringify({ id, ts, channel: 'phone_109', category: cats[n % cats.length], text: 'Во дворе не убран снег, машины не могут проехать', lat, lon }),
        };
      if (r < 97)
        return { id, topic: `${prefix}incidents/cctv`, payload: JSON.stringify({ id, ts, cameraId: `cam-${n % 300}`, type: 'snow_not_cleared', confidence: 0.8, lat, lon }) };
      return { id, topic: `${prefix}status/heat`, payload: JSON.stringify({ id, ts, district: 'astana-yesil', state: 'ok', planned: false }) };
    },
  };
}
