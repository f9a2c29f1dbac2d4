// REST API of routing: the rules (category × district → executor organisation), edited row by row or replaced as a
// whole table, and the organisations (names in three languages, the parent). Every change is checked against the
// taxonomy, the city's districts and the organisations, audited with a diff in its own transaction, and reloads
// the router (this node at once, the others within seconds: `AppealRegistry.refreshRules`).
//
// A district-scoped admin edits only the rules of their districts; the city-wide rules, the whole table and the
// organisations are the city's (403, field `district`).
import { Router } from 'express';
import { z } from 'zod';
import type { Db } from '../../dialects';
import { HttpError, parseOr400, validationError } from '../../http/errors';
import { requirePerm } from '../../access/guard';
import type { Principal } from '../../access/principal';
import { categoryIds, spheres } from '../../../ingest/schema/taxonomy';
import type { AuditSql } from '../ports';
import type { AppealRegistry } from '../intake/registry';
import { iso } from '../../dialects/iso';
import * as store from './store';
import type { OrganisationRow, RoutingRuleRow, RuleInput } from './store';

const categories = new Set<string>(categoryIds);
const sphereIds = new Set(spheres.map((s) => s.id));
/** A rule's category: a taxonomy category, `<sphere>.*` (every category of a sphere) or `*` (any). */
export const knownCategory = (c: string) => c === '*' || categories.has(c) || (c.endsWith('.*') && sphereIds.has(c.slice(0, -2)));

const ruleBody = z
  .object({
    category: z.string().min(1).max(64),
    district: z.string().min(1).max(64).nullable().optional(),
    org: z.string().min(1).max(64),
  })
  .strict();
const rulePatch = ruleBody.partial().refine((b) => Object.keys(b).length > 0, 'nothing to change');
const rulesBody = z.array(ruleBody).min(1).max(500);
const idParam = z.object({ id: z.coerce.number().int().positive().max(2 ** 31 - 1) });

const slug = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'a-z, 0-9 and single hyphens').min(2).max(64);
const name = z.string().trim().min(1).max(300);
const kinds = ['national', 'city_akimat', 'department', 'utility', 'district_akimat'] as const;
const orgBody = z
  .object({
    id: slug,
    kind: z.enum(kinds).default('department'),
    parent: z.string().min(1).max(64).nullable(),
    district: z.string().min(1).max(64).nullable().optional(),
    name_ru: name,
    name_kk: name,
    name_en: name,
    head: z.string().trim().max(300).nullable().optional(),
  })
  .strict();
const orgPatch = orgBody
  .omit({ id: true })
  .extend({ kind: z.enum(kinds) })
  .partial()
  .refine((b) => Object.keys(b).length > 0, 'nothing to change');
const orgParam = z.object({ id: z.string().min(1).max(64) });

export interface RoutingDeps {
  db: Db;
  auditSql: Pick<AuditSql, 'insert'>;
  registry: AppealRegistry;
  /** the district ids of the configured city */
  districts: ReadonlySet<string>;
}

const ruleOut = (r: RoutingRuleRow) => ({ ...r, id: Number(r.id), updated_at: iso(r.updated_at) });
const orgOut = (o: OrganisationRow) => ({ ...o, updated_at: iso(o.updated_at) });
const ruleOf = (r: RoutingRuleRow): RuleInput => ({ category: r.category, district: r.district, org: r.org });
const key = (r: RuleInput) => `${r.category}|${r.district ?? ''}`;

/** What changed between two tables of rules, by category and district. */
export function rulesDiff(before: RuleInput[], after: RuleInput[]) {
  const b = new Map(before.map((r) => [key(r), r]));
  const a = new Map(after.map((r) => [key(r), r]));
  return {
    added: after.filter((r) => !b.has(key(r))),
    removed: before.filter((r) => !a.has(key(r))),
    changed: after.filter((r) => b.has(key(r)) && b.get(key(r))!.org !== r.org).map((r) => ({ category: r.category, district: r.district, before: b.get(key(r))!.org, after: r.org })),
  };
}

/** Only the fields that differ, before and after. */
function changes<T extends object>(before: T, after: T): { before: Partial<T>; after: Partial<T> } {
  const out = { before: {} as Partial<T>, after: {} as Partial<T> };
  for (const k of Object.keys(after) as (keyof T)[])
    if (JSON.stringify(before[k] ?? null) !== JSON.stringify(after[k] ?? null)) {
      out.before[k] = before[k];
      out.after[k] = after[k];
    }
  return out;
}

export function routingRoutes(c: RoutingDeps): Router {
  const r = Router();
  const orgs = () => c.registry.router.orgs;

  /** A rule checked against the taxonomy, the districts and the organisations: a 400 naming `<prefix>field`. */
  function check(x: RuleInput, prefix = ''): void {
    if (!knownCategory(x.category)) throw new HttpError(400, `unknown category ${x.category}`, `${prefix}category`, 'routing.unknown_category', { value: x.category });
    if (x.district !== null && !c.districts.has(x.district)) throw new HttpError(400, `unknown district ${x.district}`, `${prefix}district`, 'routing.unknown_district', { value: x.district });
    if (x.org !== 'district' && !orgs().has(x.org)) throw new HttpError(400, `unknown organisation ${x.org}`, `${prefix}org`, 'routing.unknown_organisation', { value: x.org });
  }
  /** A district-scoped principal may touch only the rules of their districts. */
  function territory(p: Principal, ...rules: RuleInput[]): void {
    if (!p.districts) return;
    const out = rules.find((x) => x.district === null || !p.districts!.includes(x.district));
    if (out) throw new HttpError(403, out.district === null ? 'city-wide rules are the city’s' : `district ${out.district} is outside your territory`, 'district', 'auth.outside_territory');
  }
  const cityOnly = (p: Principal) => {
    if (p.districts) throw new HttpError(403, 'only a city-wide admin changes this', 'district', 'auth.outside_territory');
  };
  async function noDuplicate(x: RuleInput, except?: number, field = 'district') {
    const dup = await store.ruleFor(c.db, x.category, x.district, except);
    if (dup) throw new HttpError(409, `a rule for ${x.category} in ${x.district ?? 'the whole city'} exists (#${dup.id})`, field, 'routing.duplicate', { rule: Number(dup.id) });
  }
  const audit = (p: Principal, ip: string | undefined, action: string, target: string | undefined, details: Record<string, unknown>) => ({ actor: p.username, role: p.role, action, target, ip, details });
  const duplicateOnRace = (field: string) => (err: unknown) => {
    if (store.isUniqueViolation(err)) throw new HttpError(409, 'a rule for this category and district exists', field, 'routing.duplicate');
    throw err;
  };
  const reload = () => c.registry.loadRules();
  // another node may have changed the organisations a moment ago: check against the current ones
  r.use(['/api/routing-rules', '/api/organisations'], async (req, _res, next) => {
    if (req.method !== 'GET') await c.registry.refreshRules();
    next();
  });

  r.get('/api/routing-rules', requirePerm('appeals:read'), async (_req, res) => {
    res.json({
      rules: (await store.routingRules(c.db)).map(ruleOut),
      organisations: [...orgs().values()],
    });
  });

  r.post('/api/routing-rules', requirePerm('users:manage'), async (req, res) => {
    const b = parseOr400(ruleBody, req.body);
    const x: RuleInput = { category: b.category, district: b.district ?? null, org: b.org };
    check(x);
    territory(req.principal!, x);
    await noDuplicate(x);
    const p = req.principal!;
    const row = await store
      .insertRule(c.db, c.auditSql, x, p.username, (id) => audit(p, req.ip, 'routing.rule.create', `routing_rule:${id}`, { before: null, after: x }))
      .catch(duplicateOnRace('district'));
    await reload();
    res.status(201).json(ruleOut(row));
  });

  r.patch('/api/routing-rules/:id', requirePerm('users:manage'), async (req, res) => {
    const { id } = parseOr400(idParam, req.params);
    const b = parseOr400(rulePatch, req.body);
    const cur = await store.routingRule(c.db, id);
    if (!cur) throw new HttpError(404, `no routing rule ${id}`, 'id', 'routing.not_found');
    const before = ruleOf(cur);
    const x: RuleInput = { category: b.category ?? before.category, district: b.district === undefined ? before.district : b.district, org: b.org ?? before.org };
    check(x);
    territory(req.principal!, before, x);
    await noDuplicate(x, id, b.category !== undefined && b.district === undefined ? 'category' : 'district');
    const d = changes(before, x);
    const p = req.principal!;
    const row = await store.updateRule(c.db, c.auditSql, id, x, p.username, audit(p, req.ip, 'routing.rule.update', `routing_rule:${id}`, { rule: before, ...d })).catch(duplicateOnRace('district'));
    if (!row) throw new HttpError(404, `no routing rule ${id}`, 'id', 'routing.not_found');
    await reload();
    res.json(ruleOut(row));
  });

  r.delete('/api/routing-rules/:id', requirePerm('users:manage'), async (req, res) => {
    const { id } = parseOr400(idParam, req.params);
    const cur = await store.routingRule(c.db, id);
    if (!cur) throw new HttpError(404, `no routing rule ${id}`, 'id', 'routing.not_found');
    territory(req.principal!, ruleOf(cur));
    const p = req.principal!;
    await store.deleteRule(c.db, c.auditSql, id, audit(p, req.ip, 'routing.rule.delete', `routing_rule:${id}`, { before: ruleOf(cur), after: null }));
    await reload();
    res.status(204).end();
  });

  // the whole table at once (the contract before row-by-row editing): every row checked, the audit a diff
  r.put('/api/routing-rules', requirePerm('users:manage'), async (req, res) => {
    const parsed = rulesBody.safeParse(req.body);
    if (!parsed.success) {
      const e = validationError(parsed.error);
      throw new HttpError(400, e.message, `rules${e.field ? `.${e.field}` : ''}`, e.code, e.params);
    }
    const rules: RuleInput[] = parsed.data.map((x) => ({ category: x.category, district: x.district ?? null, org: x.org }));
    rules.forEach((x, i) => check(x, `rules.${i}.`));
    const seen = new Map<string, number>();
    rules.forEach((x, i) => {
      const j = seen.get(key(x));
      if (j !== undefined) throw new HttpError(409, `rules ${j} and ${i} are both for ${x.category} in ${x.district ?? 'the whole city'}`, `rules.${i}.category`, 'routing.duplicate', { rule: j });
      seen.set(key(x), i);
    });
    cityOnly(req.principal!);
    const before = (await store.routingRules(c.db)).map(ruleOf);
    const p = req.principal!;
    await store.replaceRoutingRules(c.db, c.auditSql, rules, p.username, audit(p, req.ip, 'routing.update', undefined, { rules: rules.length, ...rulesDiff(before, rules) }));
    await reload();
    res.json({ rules: rules.length });
  });

  // ---- organisations: the table is the one source at run time (organisations.json seeds it)
  r.get('/api/organisations', requirePerm('appeals:read'), async (_req, res) => {
    res.json({ items: (await store.organisations(c.db)).map(orgOut) });
  });

  const checkOrg = (o: store.OrganisationInput) => {
    if (o.parent !== null && !orgs().has(o.parent)) throw new HttpError(400, `unknown organisation ${o.parent}`, 'parent', 'organisation.unknown_parent', { value: o.parent });
    if (o.district !== null && !c.districts.has(o.district)) throw new HttpError(400, `unknown district ${o.district}`, 'district', 'routing.unknown_district', { value: o.district });
  };

  r.post('/api/organisations', requirePerm('users:manage'), async (req, res) => {
    const b = parseOr400(orgBody, req.body);
    const o: store.OrganisationInput = { id: b.id, kind: b.kind, parent: b.parent, district: b.district ?? null, name_ru: b.name_ru, name_kk: b.name_kk, name_en: b.name_en, head: b.head ?? null };
    checkOrg(o);
    cityOnly(req.principal!);
    if (o.id === 'district' || (await store.organisation(c.db, o.id))) throw new HttpError(409, `organisation ${o.id} exists`, 'id', 'organisation.id_taken');
    const p = req.principal!;
    const row = await store
      .insertOrganisation(c.db, c.auditSql, o, p.username, audit(p, req.ip, 'organisation.create', `organisation:${o.id}`, { before: null, after: o }))
      .catch((err) => {
        if (store.isUniqueViolation(err)) throw new HttpError(409, `organisation ${o.id} exists`, 'id', 'organisation.id_taken');
        throw err;
      });
    await reload();
    res.status(201).json(orgOut(row));
  });

  r.patch('/api/organisations/:id', requirePerm('users:manage'), async (req, res) => {
    const { id } = parseOr400(orgParam, req.params);
    const b = parseOr400(orgPatch, req.body);
    const cur = await store.organisation(c.db, id);
    if (!cur) throw new HttpError(404, `no organisation ${id}`, 'id', 'organisation.not_found');
    const before: store.OrganisationInput = { id, kind: cur.kind, parent: cur.parent, district: cur.district, name_ru: cur.name_ru, name_kk: cur.name_kk, name_en: cur.name_en, head: cur.head };
    const o: store.OrganisationInput = { ...before };
    for (const k of ['kind', 'parent', 'district', 'name_ru', 'name_kk', 'name_en', 'head'] as const) if (b[k] !== undefined) Object.assign(o, { [k]: b[k] });
    checkOrg(o);
    cityOnly(req.principal!);
    if (o.parent !== null && c.registry.router.wouldCycle(id, o.parent)) throw new HttpError(409, `${o.parent} is ${id} or under it`, 'parent', 'organisation.cycle', { value: o.parent });
    const p = req.principal!;
    const row = await store.updateOrganisation(c.db, c.auditSql, o, p.username, audit(p, req.ip, 'organisation.update', `organisation:${id}`, changes(before, o)));
    if (!row) throw new HttpError(404, `no organisation ${id}`, 'id', 'organisation.not_found');
    await reload();
    res.json(orgOut(row));
  });
  return r;
}
