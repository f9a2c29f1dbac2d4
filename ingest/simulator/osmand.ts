// Some simulated vehicles report as a stock phone app would: an OsmAnd / Traccar-client `GET /osmand?…` to the
// centre's HTTP port instead of an MQTT publish (issue 13: both ways into the same gps path). Which vehicles: every
// `1/share`-th of the fleet. At most `maxPerSecond` requests a second and `maxInflight` at once (under the
// centre's per-IP limit, OSMAND_RATE_LIMIT); a fix beyond them goes over MQTT as usual.
import { KNOT_KMH } from '../protocols/osmand';
import type { Message } from './message';

export interface OsmAndSimOptions {
  /** the centre's base URL, e.g. `http://127.0.0.1:3000` */
  url: string;
  /** share of the fleet that reports over OsmAnd, 0–1 */
  share: number;
  /** requests per second at most (default 10) */
  maxPerSecond?: number;
  /** requests in flight at most (default 20) */
  maxInflight?: number;
}

/** The OsmAnd query string of a simulated gps fix (speed in knots, time in Unix seconds, as the apps send). */
export function osmandQuery(m: Message): string {
  const p = m.payload as { ts: string; lat: number; lon: number; speed: number; heading: number };
  const id = m.topic.slice('gps/'.length);
  const q = new URLSearchParams({
    id,
    lat: String(p.lat),
    lon: String(p.lon),
    timestamp: String(Date.parse(p.ts) / 1000),
    speed: String(Math.round((p.speed / KNOT_KMH) * 1000) / 1000),
    bearing: String(p.heading),
  });
  return q.toString();
}

/** Does this vehicle (its index in the fleet) report over OsmAnd? */
export function reportsOverOsmAnd(index: number, share: number): boolean {
  if (!(share > 0)) return false;
  const every = Math.max(1, Math.round(1 / Math.min(1, share)));
  return index % every === 0;
}

export class OsmAndSender {
  sent = 0;
  errors = 0;
  private inflight = 0;
  private second = 0;
  private inSecond = 0;
  private readonly devices: Set<string>;

  constructor(
    private o: OsmAndSimOptions,
    fleetIds: string[],
  ) {
    this.devices = new Set(fleetIds.filter((_, i) => reportsOverOsmAnd(i, o.share)));
  }

  /** the device ids that report over OsmAnd */
  get deviceIds(): string[] {
    return [...this.devices];
  }

  /** Sends a gps fix over OsmAnd when its vehicle is one of these and there is room; false: publish it over MQTT. */
  offer(m: Message, now = Date.now()): boolean {
    if (!m.topic.startsWith('gps/') || !this.devices.has(m.topic.slice(4))) return false;
    const sec = Math.floor(now / 1000);
    if (sec !== this.second) {
      this.second = sec;
      this.inSecond = 0;
    }
    if (this.inSecond >= (this.o.maxPerSecond ?? 10) || this.inflight >= (this.o.maxInflight ?? 20)) return false;
    this.inSecond++;
    this.inflight++;
    fetch(`${this.o.url}/osmand?${osmandQuery(m)}`, { signal: AbortSignal.timeout(10_000) })
      .then((r) => {
        if (r.ok) this.sent++;
        else this.errors++;
        return r.body?.cancel();
      })
      .catch(() => this.errors++)
      .finally(() => this.inflight--);
    return true;
  }

  /** waits (briefly) for the requests in flight */
  async drain(ms = 2000): Promise<void> {
    const until = Date.now() + ms;
    while (this.inflight > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
  }
}
