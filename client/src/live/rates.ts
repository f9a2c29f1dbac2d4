// Messages per second per stream over a rolling window, from what arrives live.
export class Rates {
  private buckets = new Map<number, Record<string, number>>();
  constructor(private windowSec = 300) {}

  add(stream: string, n = 1, now = Date.now()): void {
    const s = Math.floor(now / 1000);
    let b = this.buckets.get(s);
    if (!b) this.buckets.set(s, (b = {}));
    b[stream] = (b[stream] ?? 0) + n;
    if (this.buckets.size > this.windowSec + 5) for (const k of this.buckets.keys()) if (k < s - this.windowSec) this.buckets.delete(k);
  }

  /** Seeds per-minute counts (from /api/stats/rates) as an even rate over each minute. */
  seedMinutes(items: { bucket: string; stream: string; n: number }[], now = Date.now()): void {
    const from = Math.floor(now / 1000) - this.windowSec;
    for (const it of items) {
      const start = Math.floor(Date.parse(it.bucket) / 1000);
      for (let s = start; s < start + 60; s++) if (s >= from && s < Math.floor(now / 1000) - 1 && !this.buckets.get(s)?.[it.stream]) {
        let b = this.buckets.get(s);
        if (!b) this.buckets.set(s, (b = {}));
        b[it.stream] = it.n / 60;
      }
    }
  }

  /** [second, value] series per stream for the last `sec` complete seconds. */
  series(streams: string[], sec = this.windowSec, now = Date.now()): Record<string, [number, number][]> {
    const end = Math.floor(now / 1000) - 1;
    const out: Record<string, [number, number][]> = {};
    for (const st of streams) {
      out[st] = [];
      for (let s = end - sec + 1; s <= end; s++) out[st].push([s * 1000, Math.round((this.buckets.get(s)?.[st] ?? 0) * 10) / 10]);
    }
    return out;
  }

  /** The average msg/s over the last `sec` seconds. */
  current(stream: string, sec = 5, now = Date.now()): number {
    const end = Math.floor(now / 1000) - 1;
    let n = 0;
    for (let s = end - sec + 1; s <= end; s++) n += this.buckets.get(s)?.[stream] ?? 0;
    return n / sec;
  }
}
