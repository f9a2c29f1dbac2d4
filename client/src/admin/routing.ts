// Routing rules and organisations in the console: the categories a rule may name (the taxonomy's categories, a
// whole sphere, or any), the checks made beside each field before anything is sent (the server makes them again),
// and the organisations as an indented tree (with the parents an organisation may take without a loop).
import { spheres } from '../../../ingest/schema/taxonomy';

export interface RuleDraft { category: string; district: string | null; org: string }
export interface RuleLike extends RuleDraft { id: number }
export interface OrgLike { id: string; parent: string | null }

/** Rule categories: `*`, then per sphere `<sphere>.*` and its categories. */
export function ruleCategories(): { id: string; sphere: string | null }[] {
  return [{ id: '*', sphere: null }, ...spheres.flatMap((s) => [{ id: `${s.id}.*`, sphere: s.id }, ...s.categories.map((c) => ({ id: c.id, sphere: s.id }))])];
}
const categoryIds = new Set(ruleCategories().map((c) => c.id));

/** The sphere a rule's category belongs to (null for `*`). */
export function ruleSphere(category: string): string | null {
  if (category === '*') return null;
  if (category.endsWith('.*')) return category.slice(0, -2);
  return spheres.find((s) => s.categories.some((c) => c.id === category))?.id ?? null;
}

export type RuleProblem = 'required' | 'unknownCategory' | 'unknownDistrict' | 'unknownOrg' | 'duplicate';

/** What is wrong with a rule, field by field (empty when it may be sent). */
export function checkRule(
  r: RuleDraft,
  known: { districts: Iterable<string>; orgs: Iterable<string> },
  rules: RuleLike[],
  except?: number,
): Partial<Record<keyof RuleDraft, RuleProblem>> {
  const out: Partial<Record<keyof RuleDraft, RuleProblem>> = {};
  if (!r.category) out.category = 'required';
  else if (!categoryIds.has(r.category)) out.category = 'unknownCategory';
  if (r.district !== null && !new Set(known.districts).has(r.district)) out.district = 'unknownDistrict';
  if (!r.org) out.org = 'required';
  else if (r.org !== 'district' && !new Set(known.orgs).has(r.org)) out.org = 'unknownOrg';
  if (!out.category && !out.district && rules.some((x) => x.id !== except && x.category === r.category && (x.district ?? null) === r.district)) out.district = 'duplicate';
  return out;
}

/** Does the rule pass the filter (a sphere: its categories, the sphere itself and `*`; a district: its rules and the city-wide ones)? */
export function ruleMatches(r: RuleDraft, f: { sphere: string; district: string }): boolean {
  if (f.sphere && r.category !== '*' && ruleSphere(r.category) !== f.sphere) return false;
  if (f.district === 'city') return r.district === null;
  if (f.district && r.district !== null && r.district !== f.district) return false;
  return true;
}

/** The organisations as a tree, flattened: each with its depth, children under their parent, by name. */
export function orgTree<T extends OrgLike>(orgs: T[], name: (o: T) => string, locale = 'ru'): (T & { depth: number })[] {
  const ids = new Set(orgs.map((o) => o.id));
  const children = new Map<string | null, T[]>();
  for (const o of orgs) {
    const p = o.parent && ids.has(o.parent) ? o.parent : null;
    children.set(p, [...(children.get(p) ?? []), o]);
  }
  const out: (T & { depth: number })[] = [];
  const seen = new Set<string>();
  const walk = (p: string | null, depth: number) => {
    for (const o of (children.get(p) ?? []).sort((a, b) => name(a).localeCompare(name(b), locale))) {
      if (seen.has(o.id)) continue;
      seen.add(o.id);
      out.push({ ...o, depth });
      walk(o.id, depth + 1);
    }
  };
  walk(null, 0);
  // anything in a loop (never written by the server) still shows, at the top
  for (const o of orgs) if (!seen.has(o.id)) out.push({ ...o, depth: 0 });
  return out;
}

/** The organisation and everything under it: none of them may become its parent. */
export function selfAndDescendants(orgs: OrgLike[], id: string): Set<string> {
  const out = new Set([id]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const o of orgs)
      if (o.parent && out.has(o.parent) && !out.has(o.id)) {
        out.add(o.id);
        grew = true;
      }
  }
  return out;
}

/** An organisation's id: lower-case Latin letters and digits, single hyphens between them. */
export const orgIdOk = (id: string) => /^[a-z0-9]+(-[a-z0-9]+)*$/.test(id) && id.length >= 2 && id.length <= 64 && id !== 'district';

/** An id suggested from the English name ("Astana Parks" → "astana-parks"). */
export const suggestOrgId = (nameEn: string) =>
  nameEn
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64);
