// Routing: rules category × district → executor organisation, and the conflict-of-interest guard: an appeal
// about an organisation's or official's actions never goes to that organisation — it goes one level up
// (to the parent, and further up while the parent is also the subject).
import data from '../data/organisations.json';
import { sphereOf } from '../../../ingest/schema/taxonomy';

export interface Organisation {
  id: string;
  kind: string;
  parent: string | null;
  district?: string;
  name_ru: string;
  /** Kazakh name (the `organisations` table is the one source at run time; organisations.json seeds it) */
  name_kk: string;
  name_en: string;
  head: string;
}

export interface RoutingRule {
  category: string; // id, `<sphere>.*`, or `*`
  district?: string | null;
  /** organisation id, or `district` = the akimat of the appeal's district */
  org: string;
}

export interface RouteDecision {
  org: string;
  /** the organisation the rules chose, when the guard moved the appeal up */
  ruleOrg?: string;
  guard?: string;
}

export class Router {
  readonly orgs: Map<string, Organisation>;
  constructor(
    orgs: Organisation[] = data.organisations as Organisation[],
    public rules: RoutingRule[] = data.rules as RoutingRule[],
  ) {
    this.orgs = new Map(orgs.map((o) => [o.id, o]));
  }

  /** Replaces the organisations in place (the map is shared with whoever holds this router). */
  setOrganisations(orgs: Organisation[]): void {
    this.orgs.clear();
    for (const o of orgs) this.orgs.set(o.id, o);
  }

  /** Would making `parent` the parent of `id` close a loop (`id` itself or one of its descendants)? */
  wouldCycle(id: string, parent: string | null): boolean {
    const seen = new Set<string>();
    for (let o: string | null | undefined = parent; o && !seen.has(o); o = this.orgs.get(o)?.parent) {
      if (o === id) return true;
      seen.add(o);
    }
    return false;
  }

  districtAkimat(district: string | null): string | undefined {
    for (const o of this.orgs.values()) if (o.kind === 'district_akimat' && o.district === district) return o.id;
    return undefined;
  }

  /** Is `org` the subject or inside the subject's unit (the subject is it or one of its ancestors)? */
  private implicated(org: string, about: string): boolean {
    for (let o: string | null | undefined = org; o; o = this.orgs.get(o)?.parent) if (o === about) return true;
    return false;
  }

  route(category: string, district: string | null, about?: { org?: string | null }): RouteDecision {
    const sphere = sphereOf(category) + '.*';
    const score = (r: RoutingRule) =>
      (r.category === category ? 4 : r.category === sphere ? 2 : r.category === '*' ? 1 : -100) + (r.district ? (r.district === district ? 8 : -100) : 0);
    const rule = [...this.rules].sort((a, b) => score(b) - score(a))[0];
    let org = rule.org === 'district' ? (this.districtAkimat(district) ?? 'astana-akimat') : rule.org;
    const subject = about?.org;
    if (!subject || !this.implicated(org, subject)) return { org };
    const ruleOrg = org;
    // go one level above the subject
    org = this.orgs.get(subject)?.parent ?? 'astana-akimat';
    return { org, ruleOrg, guard: `appeal is about ${subject}; routed one level up from ${ruleOrg} to ${org}` };
  }

  /** Would assigning to `org` send the complaint to its subject? */
  conflicts(org: string, about?: string | null): boolean {
    return !!about && this.implicated(org, about);
  }
}
