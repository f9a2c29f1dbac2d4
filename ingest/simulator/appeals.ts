// Citizens' appeals: channel, sphere and category in the profile's proportions for the season, a place in a
// district, words in Russian or Kazakh, sometimes a complaint or a proposal; a share comes back to the same few
// places (repeats, systemic problems), and an outage brings a burst from its district.
import { categoryIds, sphereOf } from '../schema';
import { channelWeights, categoryWeights, complaintShare, hotspotShare, localMonth, noCoordinatesShare, proposalShare, sphereWeights } from './profile';
import { near, pickDistrict, pointIn, type DistrictBox, type LatLon } from './geo';
import type { Ids, Message } from './message';
import { address, appealText, citizen } from './texts';
import { between, choice, pick, type Rnd } from './random';

/** A place where the same problem keeps coming back. */
interface Hotspot extends LatLon {
  category: string;
  district: DistrictBox;
  address: string;
  until: number;
}

/** Who a complaint is about: the organisation that handles the sphere (never routed to it). */
const orgBySphere: Record<string, string> = {
  heating: 'astana-teplotranzit',
  electricity: 'astana-rek',
  water: 'astana-su-arnasy',
  gas: 'astana-gas',
  sanitation: 'astana-tazalyk',
  snow_flood: 'astana-tazalyk',
  roads: 'astana-roads',
  street_lighting: 'astana-lighting',
  public_transport: 'astana-transport',
};

const HOTSPOTS = 12;

export class AppealGenerator {
  private hotspots: Hotspot[] = [];

  constructor(
    private districts: DistrictBox[],
    private ids: Ids,
    private rnd: Rnd,
  ) {}

  /** A sphere and category for this season. */
  topic(now: number): { sphere: string; category: string } {
    const month = localMonth(now);
    const sphere = pick(sphereWeights(month), this.rnd());
    const weights = categoryWeights(sphere, month);
    const category = Object.keys(weights).length ? pick(weights, this.rnd()) : 'other.uncategorised';
    return { sphere, category };
  }

  private hotspot(now: number): Hotspot {
    this.hotspots = this.hotspots.filter((h) => h.until > now);
    while (this.hotspots.length < HOTSPOTS) {
      const district = pickDistrict(this.districts, this.rnd);
      let category = this.topic(now).category;
      if (category.startsWith('other.') || category.startsWith('social.')) category = 'sanitation.containers';
      this.hotspots.push({ ...pointIn(district, this.rnd), category, district, address: address(district.id, this.rnd), until: now + between(20, 90, this.rnd) * 60_000 });
    }
    return choice(this.hotspots, this.rnd);
  }

  /**
   * One appeal. `about` forces its category and district (a burst from an outage); otherwise a share goes to a
   * hotspot and the rest anywhere.
   */
  appeal(now: number, about?: { category: string; district: DistrictBox }): Message {
    let district: DistrictBox;
    let category: string;
    let point: LatLon;
    let addr: string;
    const r = this.rnd();
    if (about) {
      ({ category, district } = about);
      point = pointIn(district, this.rnd);
      addr = address(district.id, this.rnd);
    } else if (r < hotspotShare) {
      const h = this.hotspot(now);
      ({ category, district } = h);
      point = near(district, h, 25, this.rnd); // within ~30 m
      addr = this.rnd() < 0.7 ? h.address : address(district.id, this.rnd);
    } else {
      category = this.topic(now).category;
      district = pickDistrict(this.districts, this.rnd);
      point = pointIn(district, this.rnd);
      addr = address(district.id, this.rnd);
    }
    const channel = pick(channelWeights, this.rnd());
    const msg: Record<string, unknown> = {
      id: this.ids.next('a'),
      ts: new Date(now).toISOString(),
      channel,
      category,
      text: appealText(category, this.rnd),
    };
    // a call not yet geocoded has only its address; an app sends its position, sometimes without an address
    if (this.rnd() >= noCoordinatesShare) Object.assign(msg, point);
    if (!('lat' in msg) || channel === 'phone_109' || this.rnd() < 0.8) msg.address = addr;
    msg.district = district.id;
    if (this.rnd() < 0.85) msg.citizen = citizen(this.rnd);

    const sphere = sphereOf(category);
    const k = this.rnd();
    if (!about && k < complaintShare && orgBySphere[sphere]) {
      msg.kind = 'complaint';
      msg.about = { org: orgBySphere[sphere] };
      msg.text = `Жалоба на действия сотрудников ${orgName[orgBySphere[sphere]]}: ${msg.text} Обращался повторно, никто не приехал.`;
    } else if (!about && k > 1 - proposalShare) {
      msg.kind = 'proposal';
      msg.category = choice(['other.proposal', 'improvement.yard', 'improvement.greening', 'street_lighting.new'], this.rnd);
      msg.text = appealText(msg.category as string, this.rnd);
    }
    if (!categoryIds.includes(msg.category as string)) throw new Error(`simulator: unknown category ${msg.category}`);
    return { topic: 'appeals', payload: msg };
  }
}

const orgName: Record<string, string> = {
  'astana-teplotranzit': 'Астана-Теплотранзит',
  'astana-rek': 'Астана-РЭК',
  'astana-su-arnasy': 'Астана Су Арнасы',
  'astana-gas': 'газовой службы',
  'astana-tazalyk': 'Астана Тазалык',
  'astana-roads': 'Астана жол',
  'astana-lighting': 'Астана жарык',
  'astana-transport': 'управления транспорта',
};
