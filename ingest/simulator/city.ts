// The simulated city: which messages come next. Pure generation (no I/O), so it is testable; the clock is passed in.
import { makeFleet, step, type Vehicle } from './fleet';
import { districtBoxes, type DistrictBox } from './geo';
import { AppealGenerator } from './appeals';
import { IncidentGenerator } from './incidents';
import { CityServices, type EpisodeOptions } from './services';
import { Ids, type Message } from './message';
import { localMonth, outageCategory, rhythm, streamShare, type StreamShare } from './profile';
import { whole, type Rnd } from './random';

export type { Message } from './message';

export interface CityOptions {
  city?: string;
  rnd?: Rnd;
  now?: number;
  episodes?: EpisodeOptions;
}

export class City {
  readonly run: string;
  readonly districts: DistrictBox[];
  readonly fleet: Vehicle[];
  readonly services: CityServices;
  private ids: Ids;
  private appeals: AppealGenerator;
  private incidents: IncidentGenerator;
  private rnd: Rnd;
  private nextVehicle = 0;

  constructor(vehicles: number, o: CityOptions = {}) {
    const now = o.now ?? Date.now();
    this.rnd = o.rnd ?? Math.random;
    this.run = Math.floor(this.rnd() * 36 ** 6).toString(36).padStart(6, '0');
    this.ids = new Ids(this.run);
    this.districts = districtBoxes(o.city ?? 'astana');
    this.fleet = makeFleet(vehicles, this.districts, this.rnd, now, localMonth(now));
    this.services = new CityServices(this.districts, this.ids, this.rnd, now, o.episodes);
    this.appeals = new AppealGenerator(this.districts, this.ids, this.rnd);
    this.incidents = new IncidentGenerator(this.districts, this.ids, this.rnd);
  }

  /** The next `n` GPS fixes: the vehicles report in turn, each moved by the time since its last report. */
  gps(n: number, now = Date.now()): Message[] {
    const out: Message[] = [];
    const ts = new Date(now).toISOString();
    for (let i = 0; i < n && this.fleet.length; i++) {
      const v = this.fleet[this.nextVehicle++ % this.fleet.length];
      step(v, (now - v.at) / 1000, now, this.rnd);
      out.push({
        topic: `gps/${v.id}`,
        payload: { id: this.ids.next('g'), ts, lat: v.lat, lon: v.lon, speed: Math.round(v.speedKmh * 10) / 10, heading: v.heading, fuel: Math.round(v.fuel), kind: v.kind },
      });
    }
    return out;
  }

  appeal(now = Date.now()): Message {
    return this.appeals.appeal(now);
  }

  incident(now = Date.now()): Message {
    return this.incidents.incident(now);
  }

  status(now = Date.now()): Message {
    return this.services.status(now);
  }

  /** Relative appeal intensity now (daily rhythm, Astana time). */
  rhythm(now = Date.now()): number {
    return rhythm(now);
  }

  /**
   * The messages due in one tick of `budget` messages, split by stream share. Appeals follow the daily rhythm
   * plus any outage burst; the fleet's GPS takes what the others leave, so the total is the budget.
   */
  tick(budget: number, now = Date.now(), share: StreamShare = streamShare): Message[] {
    this.services.update(now);
    const base = budget * share.appeals;
    const bursts = this.services.bursts(now).map((b) => ({ ...b, n: whole(base * b.boost * Math.max(0.5, this.rhythm(now)), this.rnd) }));
    let left = budget;
    const take = (x: number) => {
      const n = Math.min(left, x);
      left -= n;
      return n;
    };
    const nStatus = take(whole(budget * share.status, this.rnd));
    const nInc = take(whole(budget * share.incidents, this.rnd));
    const burstN = bursts.map((b) => take(b.n));
    let nAppeals = take(whole(base * this.rhythm(now), this.rnd));
    // without a fleet the remainder goes to appeals
    if (!this.fleet.length) nAppeals += take(left);
    const out: Message[] = [];
    for (let i = 0; i < nStatus; i++) out.push(this.status(now));
    for (let i = 0; i < nInc; i++) out.push(this.incident(now));
    bursts.forEach((b, j) => {
      const category = outageCategory[b.episode.service];
      for (let i = 0; i < burstN[j]; i++) out.push(this.appeals.appeal(now, { category, district: b.episode.district }));
    });
    for (let i = 0; i < nAppeals; i++) out.push(this.appeal(now));
    out.push(...this.gps(left, now));
    return out;
  }
}
