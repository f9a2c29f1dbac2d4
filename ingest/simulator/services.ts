// City services (heat, power, water, gas) per district: mostly `ok` heartbeats; now and then an accident outage in
// one district (mostly heating in the heating season) that is restored later, short `degraded` spells and
// announced planned works. Every change of state is published first; heartbeats repeat the current state.
import { services } from '../schema';
import { burstBoost, episodes as defaults, localMonth, outageHouseholds, outageServiceWeights } from './profile';
import { pickDistrict, type DistrictBox } from './geo';
import type { Ids, Message } from './message';
import { between, choice, expWait, pick, type Rnd } from './random';

export type Service = (typeof services)[number];
export type EpisodeKind = 'accident' | 'planned' | 'degraded';

export interface Episode {
  kind: EpisodeKind;
  service: Service;
  district: DistrictBox;
  since: number;
  until: number;
  households: number;
}

export type EpisodeOptions = Partial<typeof defaults>;

export class CityServices {
  private episodes: Episode[] = [];
  private pending: Message[] = [];
  private next: Record<EpisodeKind, number>;
  private o: typeof defaults;

  constructor(
    private districts: DistrictBox[],
    private ids: Ids,
    private rnd: Rnd,
    now: number,
    opts: EpisodeOptions = {},
  ) {
    this.o = { ...defaults, ...opts };
    this.next = {
      // the first accident comes soon after the start, so a short demo shows one
      accident: now + between(this.o.firstOutageSec[0], this.o.firstOutageSec[1], rnd) * 1000,
      degraded: now + expWait(this.o.degradedEverySec, rnd),
      planned: now + expWait(this.o.plannedEverySec, rnd),
    };
  }

  /** Starts and ends episodes due by `now`; their state changes are queued for publishing. */
  update(now: number): void {
    for (const e of this.episodes.filter((e) => e.until <= now)) {
      this.episodes.splice(this.episodes.indexOf(e), 1);
      this.pending.push(this.message(e.service, e.district.id, now, null));
    }
    for (const kind of ['accident', 'degraded', 'planned'] as const) {
      if (now < this.next[kind]) continue;
      const every = kind === 'accident' ? this.o.outageEverySec : kind === 'degraded' ? this.o.degradedEverySec : this.o.plannedEverySec;
      this.next[kind] = now + expWait(every, this.rnd);
      // one accident at a time, so that its burst of appeals stands out
      if (kind === 'accident' && this.episodes.some((e) => e.kind === 'accident')) continue;
      const e = this.start(kind, now);
      if (e) {
        this.episodes.push(e);
        this.pending.push(this.message(e.service, e.district.id, now, e));
      }
    }
  }

  private start(kind: EpisodeKind, now: number): Episode | null {
    const month = localMonth(now);
    const service: Service =
      kind === 'accident' ? pick(outageServiceWeights(month), this.rnd()) : kind === 'planned' ? choice(['water', 'power', 'heat'] as const, this.rnd) : choice(services, this.rnd);
    const district = pickDistrict(this.districts, this.rnd);
    if (this.episodes.some((e) => e.service === service && e.district.id === district.id)) return null;
    const [lo, hi] = kind === 'accident' ? this.o.outageMinutes : kind === 'planned' ? this.o.plannedMinutes : this.o.degradedMinutes;
    return { kind, service, district, since: now, until: now + between(lo, hi, this.rnd) * 60_000, households: Math.round(between(outageHouseholds[0], outageHouseholds[1], this.rnd)) };
  }

  private message(service: Service, district: string, now: number, e: Episode | null): Message {
    const payload: Record<string, unknown> = { id: this.ids.next('s'), ts: new Date(now).toISOString(), district, state: 'ok', planned: false };
    if (e) {
      payload.state = e.kind === 'degraded' ? 'degraded' : 'outage';
      payload.planned = e.kind === 'planned';
      payload.households = e.households;
      // the estimate is rounded up to the next 5 minutes
      payload.restoreEta = new Date(Math.ceil(e.until / 300_000) * 300_000).toISOString();
    }
    return { topic: `status/${service}`, payload };
  }

  /** The next status message: a queued change of state, else a heartbeat of one district's service. */
  status(now: number): Message {
    this.update(now);
    const change = this.pending.shift();
    if (change) return change;
    const district = this.districts[Math.floor(this.rnd() * this.districts.length)];
    const service = choice(services, this.rnd);
    const e = this.episodes.find((x) => x.service === service && x.district.id === district.id) ?? null;
    return this.message(service, district.id, now, e);
  }

  active(now: number): Episode[] {
    return this.episodes.filter((e) => e.since <= now && now < e.until);
  }

  /**
   * Extra appeals caused by outages, as a multiple of the city's normal appeal rate, per episode: it grows over
   * the first minutes (flats cool down, people notice) and stops with the restoration.
   */
  bursts(now: number): { episode: Episode; boost: number }[] {
    return this.active(now)
      .filter((e) => e.kind !== 'degraded')
      .map((e) => ({ episode: e, boost: burstBoost[e.kind === 'planned' ? 'planned' : 'accident'] * Math.min(1, (now - e.since) / 90_000 + 0.2) }));
  }

  /** For tests and demos: an accident outage starts now. */
  startOutage(now: number, service: Service = 'heat', district = pickDistrict(this.districts, this.rnd), minutes = between(this.o.outageMinutes[0], this.o.outageMinutes[1], this.rnd)): Episode {
    this.episodes = this.episodes.filter((x) => !(x.service === service && x.district.id === district.id));
    const e: Episode = { kind: 'accident', service, district, since: now, until: now + minutes * 60_000, households: Math.round(between(outageHouseholds[0], outageHouseholds[1], this.rnd)) };
    this.episodes.push(e);
    this.pending.push(this.message(service, district.id, now, e));
    return e;
  }
}
