// The simulated city: which messages come next. Pure generation (no I/O), so it is testable.
import { categoryIds, spheres, incidentTypes, services } from '../schema';
import { channelWeights, hourly, incidentWeights, pick, sphereWeights } from './profile';
import { districtBoxes, pointIn, type DistrictBox } from './geo';
import { makeFleet, step, type Vehicle } from './fleet';
import { address, appealText, citizen } from './texts';

export interface Message {
  topic: string; // without prefix
  payload: Record<string, unknown>;
}

interface Outage {
  district: DistrictBox;
  service: (typeof services)[number];
  until: number;
  households: number;
}

/** Places where the same problem keeps coming back (for repeat and systemic-problem detection). */
interface Hotspot {
  lat: number;
  lon: number;
  category: string;
  district: string;
}

export class City {
  private seq = 0;
  readonly run = Math.random().toString(36).slice(2, 8);
  readonly districts: DistrictBox[];
  readonly fleet: Vehicle[];
  private nextFleet = 0;
  private outages: Outage[] = [];
  private hotspots: Hotspot[] = [];
  private categoriesBySphere = new Map(spheres.map((s) => [s.id, s.categories.map((c) => c.id)]));

  constructor(
    vehicles: number,
    city = 'astana',
    private rnd: () => number = Math.random,
  ) {
    this.districts = districtBoxes(city);
    this.fleet = makeFleet(vehicles, this.districts, rnd);
    for (let i = 0; i < 12; i++) {
      const d = this.districts[i % this.districts.length];
      const sphere = pick(sphereWeights, rnd());
      const cats = this.categoriesBySphere.get(sphere)!;
      this.hotspots.push({ ...pointIn(d, rnd), category: cats[Math.floor(rnd() * cats.length)], district: d.id });
    }
  }

  private id(kind: string) {
    return `sim-${this.run}-${kind}-${++this.seq}`;
  }

  /** The next GPS fixes: the vehicles report in turn. */
  gps(n: number, dtSec: number, now = Date.now()): Message[] {
    const out: Message[] = [];
    for (let i = 0; i < n && this.fleet.length; i++) {
      const v = this.fleet[this.nextFleet++ % this.fleet.length];
      step(v, dtSec, now, this.rnd);
      out.push({
        topic: `gps/${v.id}`,
        payload: { id: this.id('g'), ts: new Date(now).toISOString(), lat: v.lat, lon: v.lon, speed: Math.round(v.speedKmh), heading: v.heading, fuel: Math.round(v.fuel), kind: v.kind },
      });
    }
    return out;
  }

  appeal(now = Date.now()): Message {
    const r = this.rnd();
    // during an outage, its district sends a burst of appeals about it
    const outage = this.outages.find((o) => o.until > now && o.service === 'heat');
    let district = this.districts[Math.floor(this.rnd() * this.districts.length)];
    let sphere = pick(sphereWeights, this.rnd());
    let point = pointIn(district, this.rnd);
    let category = '';
    if (outage && r < 0.5) {
      district = outage.district;
      sphere = 'heating';
      category = 'heating.no_heat';
      point = pointIn(district, this.rnd);
    } else if (r < 0.62) {
      // a repeat at a known problem place (within ~30 m)
      const h = this.hotspots[Math.floor(this.rnd() * this.hotspots.length)];
      category = h.category;
      sphere = spheres.find((s) => s.categories.some((c) => c.id === category))!.id;
      point = { lat: h.lat + (this.rnd() - 0.5) * 0.0004, lon: h.lon + (this.rnd() - 0.5) * 0.0006 };
    }
    if (!category) {
      const cats = this.categoriesBySphere.get(sphere) ?? categoryIds;
      category = cats[Math.floor(this.rnd() * cats.length)];
    }
    const complaint = this.rnd() < 0.02;
    const msg: Record<string, unknown> = {
      id: this.id('a'),
      ts: new Date(now).toISOString(),
      channel: pick(channelWeights, this.rnd()),
      category,
      text: appealText(sphere, this.rnd),
      lat: point.lat,
      lon: point.lon,
      address: address(this.rnd),
      ...(this.rnd() < 0.8 ? { citizen: citizen(this.rnd) } : {}),
    };
    if (complaint) {
      // a complaint about the very organisation that would handle it: the router must send it one level up
      msg.kind = 'complaint';
      msg.about = { org: sphere === 'heating' ? 'astana-teplotranzit' : sphere === 'sanitation' || sphere === 'snow_flood' ? 'astana-tazalyk' : 'astana-roads' };
      msg.text = `Жалоба на действия сотрудников: ${msg.text}. Обращался повторно, никто не приехал.`;
    }
    return { topic: 'appeals', payload: msg };
  }

  incident(now = Date.now()): Message {
    const d = this.districts[Math.floor(this.rnd() * this.districts.length)];
    const type = pick(incidentWeights, this.rnd());
    return {
      topic: `incidents/${this.rnd() < 0.9 ? 'cctv' : 'sensor'}`,
      payload: {
        id: this.id('i'),
        ts: new Date(now).toISOString(),
        cameraId: `cam-${1 + Math.floor(this.rnd() * 16530)}`,
        type: incidentTypes.includes(type as never) ? type : 'snow_not_cleared',
        confidence: Math.round((0.55 + this.rnd() * 0.44) * 100) / 100,
        ...pointIn(d, this.rnd),
      },
    };
  }

  /** Service states: mostly `ok` heartbeats; now and then an outage starts in one district and later ends. */
  status(now = Date.now()): Message {
    this.outages = this.outages.filter((o) => o.until > now - 60_000);
    const active = this.outages.find((o) => o.until > now);
    const ended = this.outages.find((o) => o.until <= now);
    if (ended) {
      this.outages = this.outages.filter((o) => o !== ended);
      return { topic: `status/${ended.service}`, payload: { id: this.id('s'), ts: new Date(now).toISOString(), district: ended.district.id, state: 'ok', planned: false } };
    }
    if (!active && this.rnd() < 0.03) {
      const o: Outage = {
        district: this.districts[Math.floor(this.rnd() * this.districts.length)],
        service: this.rnd() < 0.6 ? 'heat' : services[Math.floor(this.rnd() * services.length)],
        until: now + (3 + this.rnd() * 7) * 60_000,
        households: 200 + Math.floor(this.rnd() * 4000),
      };
      this.outages.push(o);
      return {
        topic: `status/${o.service}`,
        payload: { id: this.id('s'), ts: new Date(now).toISOString(), district: o.district.id, state: 'outage', planned: false, households: o.households, restoreEta: new Date(o.until).toISOString() },
      };
    }
    const d = this.districts[Math.floor(this.rnd() * this.districts.length)];
    const svc = services[Math.floor(this.rnd() * services.length)];
    if (active && active.district.id === d.id && active.service === svc) return this.status(now + 1);
    return { topic: `status/${svc}`, payload: { id: this.id('s'), ts: new Date(now).toISOString(), district: d.id, state: this.rnd() < 0.05 ? 'degraded' : 'ok', planned: this.rnd() < 0.3 } };
  }

  /** Relative appeal intensity at this local hour (daily rhythm, UTC+5). */
  rhythm(now = Date.now()): number {
    return hourly[new Date(now + 5 * 3600_000).getUTCHours()];
  }

  /** The messages due in one tick, split by stream share. */
  tick(budget: number, dtSec: number, now = Date.now(), share = { gps: 0.7, appeals: 0.2, incidents: 0.07, status: 0.03 }): Message[] {
    const whole = (x: number) => Math.floor(x) + (this.rnd() < x - Math.floor(x) ? 1 : 0);
    // appeals follow the daily rhythm; the fleet reports with whatever the budget leaves, so the total is the rate
    const nAppeals = Math.min(budget, whole(budget * share.appeals * this.rhythm(now)));
    const nInc = Math.min(budget - nAppeals, whole(budget * share.incidents));
    const nStatus = Math.min(budget - nAppeals - nInc, whole(budget * share.status));
    const out = this.gps(budget - nAppeals - nInc - nStatus, dtSec, now);
    for (let i = 0; i < nAppeals; i++) out.push(this.appeal(now));
    for (let i = 0; i < nInc; i++) out.push(this.incident(now));
    for (let i = 0; i < nStatus; i++) out.push(this.status(now));
    return out;
  }
}
