// The wall with a full city in its live store: used by the browser test (behaviour) and by `npm run bench:wall`
// (the frame figures). Works on a page of the built client that is signed in and live.
import type { Page } from 'playwright-core';

/** Fills the live store directly (through the app's Pinia), as 10k vehicles and 50k appeals and incidents would. */
export async function fillCity(page: Page): Promise<void> {
  await page.evaluate(() => {
    const app = (document.querySelector('#app') as any).__vue_app__;
    const live = app.config.globalProperties.$pinia._s.get('live');
    const kinds = ['sanitation', 'snowplow', 'heat', 'power', 'water', 'gas', 'road', 'emergency'];
    const cats = ['heating.no_heat', 'roads.repair', 'utilities.water', 'improvement.lighting'];
    const slas = ['on_time', 'on_time', 'on_time', 'at_risk', 'overdue'];
    const now = Date.now();
    let seed = 42;
    const rnd = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const lat = () => 51.05 + rnd() * 0.2;
    const lon = () => 71.3 + rnd() * 0.35;
    const items: any[] = [];
    for (let i = 0; i < 10_000; i++)
      items.push({ stream: 'gps', id: `pg${i}`, ts: new Date(now - rnd() * 60_000).toISOString(), vehicleId: `pv${i}`, lat: lat(), lon: lon(), speed: 20, heading: 0, kind: kinds[i % 8], district: null });
    for (let i = 0; i < 25_000; i++)
      items.push({ stream: 'appeals', id: `pa${i}`, ts: new Date(now - rnd() * 3_600_000).toISOString(), channel: 'phone_109', category: cats[i % 4], sphere: 'x', lat: lat(), lon: lon(), district: null, sla: slas[i % 5] });
    for (let i = 0; i < 25_000; i++)
      items.push({ stream: 'incidents', id: `pi${i}`, ts: new Date(now - rnd() * 3_600_000).toISOString(), type: 'ice', confidence: 0.9, lat: lat(), lon: lon(), cameraId: 'c', source: 'x', district: null });
    live.data.apply(items, now - 60_000);
    live.changed();
  });
  await page.waitForFunction(() => (window as any).__centre.points() > 55_000, undefined, { timeout: 5000 });
}

export interface PanRun {
  frames: number;
  ms: number;
  /** the layer's last draw time at each frame (ms) */
  draws: number[];
  /** how many times the layer redrew meanwhile */
  redraws: number;
  points: number;
  lngBefore: number;
  lngAfter: number;
}

/** The worst case: the view changes every frame (each programmatic pan ends a move, so every frame redraws all). */
export function panEveryFrame(page: Page, ms: number): Promise<PanRun> {
  return page.evaluate(
    (ms) =>
      new Promise<PanRun>((resolve) => {
        const centre = (window as any).__centre;
        const map = centre.map;
        const draws: number[] = [];
        const lngBefore = map.getCenter().lng as number;
        const lastOf = () => {
          const t = centre.frameTimes() as number[];
          return `${t.length}:${t[t.length - 1]}`;
        };
        let last = lastOf();
        let redraws = 0;
        let frames = 0;
        let dir = 1;
        const t0 = performance.now();
        const step = () => {
          const t = performance.now();
          if (t - t0 > ms) return resolve({ frames, ms: t - t0, draws, redraws, points: centre.points(), lngBefore, lngAfter: map.getCenter().lng });
          frames++;
          const now = lastOf();
          if (now !== last) redraws++;
          last = now;
          // 60 frames one way, then 59 back: the view ends away from where it started
          if (frames % 60 === 0) dir = -dir;
          map.panBy([8 * dir, 4 * dir], { animate: false });
          draws.push(centre.frameMs());
          requestAnimationFrame(step);
        };
        requestAnimationFrame(step);
      }),
    ms,
  );
}

/** An operator dragging the map with the mouse; counts the animation frames meanwhile. */
export async function drag(page: Page): Promise<{ frames: number; ms: number; lngBefore: number; lngAfter: number }> {
  const lng = () => page.evaluate(() => (window as any).__centre.map.getCenter().lng as number);
  await page.evaluate(() => {
    const w = window as any;
    w.__frames = 0;
    const tick = () => {
      w.__frames++;
      w.__raf = requestAnimationFrame(tick);
    };
    w.__raf = requestAnimationFrame(tick);
  });
  const lngBefore = await lng();
  const t0 = Date.now();
  await page.mouse.move(600, 600);
  await page.mouse.down();
  for (let i = 0; i < 90; i++) await page.mouse.move(600 + (i % 30) * 6 * (Math.floor(i / 30) % 2 ? -1 : 1), 600 + (i % 30) * 3);
  await page.mouse.up();
  const frames = await page.evaluate(() => {
    cancelAnimationFrame((window as any).__raf);
    return (window as any).__frames as number;
  });
  return { frames, ms: Date.now() - t0, lngBefore, lngAfter: await lng() };
}
