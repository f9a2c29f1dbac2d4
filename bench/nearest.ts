// The nearest-crew index (server/operations/nearest.ts) alone, in this process: 5,000 crews in Astana's districts,
// 10,000 queries (a crew type, limit 5, half of them within 10 km), and between queries the position reports of
// 5,000 crews reporting every 5 s (1,000 fixes/s) for a dispatcher asking ten times a second — so the index is
// rebuilt every few queries and each query also scans the crews moved since the last build. Prints p50/p99/max of
// a query (rebuilds included, as the query that triggers one pays for it) in wall time and in the process's CPU
// time (which a busy shared machine's scheduling does not inflate), the build time and the cost of a fix.
// `npm run bench:nearest` (figures by hand to bench/RESULTS.md).
import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import { cities, districtAt } from '../maps/districts';
import { NearestCrews, type CrewState } from '../server/operations/nearest';

const CREWS = 5000;
const QUERIES = 10_000;
const FIXES_PER_QUERY = Number(process.env.FIXES_PER_QUERY ?? 100); // 1,000 fixes/s ÷ 10 queries/s
const REBUILD_AFTER = Number(process.env.REBUILD_AFTER ?? 256);

let seed = 42;
const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);

const districts = cities.astana.districts.features.map((f) => f.properties.id);
// effective straight-line speeds, km/h: the old centre is slow, the outskirts fast (illustrative)
const speedKmh = Object.fromEntries(districts.map((d, i) => [d, 15 + ((i * 7) % 20)]));
const types = ['snow', 'sanitation', 'water', 'heat', 'power', 'gas', 'road', 'emergency'];
const states: CrewState[] = ['available', 'available', 'available', 'assigned', 'en_route', 'on_scene', 'returning', 'off_duty'];
const [lat0, lon0] = cities.astana.center;
const point = () => ({ lon: lon0 - 0.22 + rnd() * 0.44, lat: lat0 - 0.12 + rnd() * 0.24 });

const n = new NearestCrews({ speedKmh, districtAt, rebuildAfter: REBUILD_AFTER });
const crews = Array.from({ length: CREWS }, (_, i) => ({ id: `crew-${i}`, type: types[i % types.length], ...point() }));
for (const c of crews) n.update(c.id, c.lon, c.lat, states[Math.floor(rnd() * states.length)], c.type, { district: districtAt(c.lat, c.lon) });

const t0 = performance.now();
n.rebuild();
const firstBuild = performance.now() - t0;
const buildTimes: number[] = [];
for (let i = 0; i < 50; i++) {
  const t = performance.now();
  n.rebuild();
  buildTimes.push(performance.now() - t);
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};

/** `rebuildBetween`: the index is rebuilt between queries (as a timer would), outside the timed query. */
function run(fixesPerQuery: number, rebuildBetween = false) {
  const times: number[] = [];
  const cpuTimes: number[] = [];
  const fixTimes: number[] = [];
  let found = 0;
  const builds0 = n.builds;
  for (let q = 0; q < QUERIES; q++) {
    const tf = performance.now();
    for (let j = 0; j < fixesPerQuery; j++) {
      const c = crews[Math.floor(rnd() * CREWS)];
      // a fix ~50 m from the last one, a state change now and then
      c.lon += (rnd() - 0.5) * 0.0014;
      c.lat += (rnd() - 0.5) * 0.0009;
      n.update(c.id, c.lon, c.lat, rnd() < 0.02 ? states[Math.floor(rnd() * states.length)] : (n.get(c.id)?.state ?? 'available'), c.type, { district: districtAt(c.lat, c.lon) });
    }
    if (fixesPerQuery) fixTimes.push((performance.now() - tf) / fixesPerQuery);
    if (rebuildBetween && n.pending >= REBUILD_AFTER / 2) n.rebuild();
    const target = point();
    const cpu = process.cpuUsage();
    const t = performance.now();
    const r = n.nearest({ ...target, type: types[q % types.length], limit: 5, maxKm: q % 2 ? 10 : undefined });
    times.push(performance.now() - t);
    const used = process.cpuUsage(cpu);
    cpuTimes.push((used.user + used.system) / 1000);
    found += r.length;
  }
  return { times, cpuTimes, fixTimes, found, builds: n.builds - builds0 };
}

const fmt = (x: number) => x.toFixed(3);
console.log(`nearest-crew index — ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC — ${cpus().length} × ${cpus()[0]?.model.trim()}, Node ${process.version}`);
console.log(`${CREWS} crews in ${districts.length} districts, ${types.length} types; ${QUERIES} queries (limit 5; half within 10 km)`);
console.log(`index build: first ${fmt(firstBuild)} ms, then p50 ${fmt(pct(buildTimes, 50))} ms, p99 ${fmt(pct(buildTimes, 99))} ms`);
run(0); // warm-up
for (const [fixes, between] of [[0, false], [FIXES_PER_QUERY, false], [FIXES_PER_QUERY, true]] as const) {
  const r = run(fixes, between);
  const label = !fixes
    ? 'static positions'
    : between
      ? `with ${fixes} fixes between queries, rebuilt between queries once ${REBUILD_AFTER / 2} moved (a timer's job)`
      : `with ${fixes} fixes between queries, rebuilt by the query once ${REBUILD_AFTER} moved`;
  console.log(
    `${label}: query p50 ${fmt(pct(r.times, 50))} ms, p99 ${fmt(pct(r.times, 99))} ms, max ${fmt(Math.max(...r.times))} ms ` +
      `(CPU time p50 ${fmt(pct(r.cpuTimes, 50))} ms, p99 ${fmt(pct(r.cpuTimes, 99))} ms); ` +
      `${(r.found / QUERIES).toFixed(2)} crews per answer; ${r.builds} rebuilds` +
      (fixes ? `; a fix (district lookup + update) p50 ${fmt(pct(r.fixTimes, 50) * 1000)} µs` : ''),
  );
}
