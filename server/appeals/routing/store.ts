// The repository of routing: `routing_rules` (category × district → executor organisation) and `organisations`
// (the one source of the organisations at run time: names in three languages, the parent). Every change writes
// its audit row in the same transaction.
import type { Db, Stmt } from '../../dialects';
import type { AuditEntry } from '../../audit';
import type { AuditSql } from '../ports';

type Ts = Date | string;

export interface RoutingRuleRow {
  id: number;
  category: string;
  district: string | null;
  org: string;
  updated_by: string;
  updated_at: Ts;
}

export interface RuleInput {
  category: string;
  district: string | null;
  org: string;
}

export interface OrganisationRow {
  id: string;
  kind: string;
  parent: string | null;
  district: string | null;
  name_ru: string;
  name_kk: string | null;
  name_en: string;
  head: string | null;
  updated_by: string;
  updated_at: Ts;
}

export type OrganisationInput = Pick<OrganisationRow, 'id' | 'kind' | 'parent' | 'district' | 'name_ru' | 'name_kk' | 'name_en' | 'head'>;

/** A unique-key violation (two rules for one category and district written at once). */
export const isUniqueViolation = (err: unknown) => (err as { code?: string } | null)?.code === '23505';

const ruleCols = `id, category, district, org, updated_by, updated_at`;

export function routingRules(db: Db): Promise<RoutingRuleRow[]> {
  return db.query<RoutingRuleRow>(`SELECT ${ruleCols} FROM routing_rules ORDER BY id`);
}

export async function routingRule(db: Db, id: number): Promise<RoutingRuleRow | null> {
  return (await db.query<RoutingRuleRow>(`SELECT ${ruleCols} FROM routing_rules WHERE id = $1`, [id]))[0] ?? null;
}

/** The rule for exactly this category and district (null = city-wide), other than `except`. */
export async function ruleFor(db: Db, category: string, district: string | null, except?: number): Promise<RoutingRuleRow | null> {
  return (
    (await db.query<RoutingRuleRow>(`SELECT ${ruleCols} FROM routing_rules WHERE category = $1 AND district IS NOT DISTINCT FROM $2 AND id <> $3`, [category, district, except ?? -1]))[0] ?? null
  );
}

/** Adds a rule with its audit row (which names the new row's id) in one transaction; returns the new row. */
export async function insertRule(db: Db, sql: Pick<AuditSql, 'insert'>, r: RuleInput, by: string, audit: (id: number) => AuditEntry): Promise<RoutingRuleRow> {
  const [{ id }] = await db.query<{ id: number }>(`SELECT nextval(pg_get_serial_sequence('routing_rules', 'id'))::int AS id`);
  const [rows] = await db.transaction([
    { sql: `INSERT INTO routing_rules (id, category, district, org, updated_by) VALUES ($1, $2, $3, $4, $5) RETURNING ${ruleCols}`, params: [id, r.category, r.district, r.org, by] },
    sql.insert(audit(Number(id))),
  ]);
  return rows[0] as RoutingRuleRow;
}

export async function updateRule(db: Db, sql: Pick<AuditSql, 'insert'>, id: number, r: RuleInput, by: string, audit: AuditEntry): Promise<RoutingRuleRow | null> {
  const [rows] = await db.transaction([
    { sql: `UPDATE routing_rules SET category = $2, district = $3, org = $4, updated_by = $5, updated_at = now() WHERE id = $1 RETURNING ${ruleCols}`, params: [id, r.category, r.district, r.org, by] },
    sql.insert(audit),
  ]);
  return (rows[0] as RoutingRuleRow | undefined) ?? null;
}

export async function deleteRule(db: Db, sql: Pick<AuditSql, 'insert'>, id: number, audit: AuditEntry): Promise<void> {
  await db.transaction([{ sql: `DELETE FROM routing_rules WHERE id = $1`, params: [id] }, sql.insert(audit)]);
}

/** Replaces every routing rule, with its audit row, in one transaction. */
export async function replaceRoutingRules(db: Db, sql: Pick<AuditSql, 'insert'>, rules: RuleInput[], by: string, audit: AuditEntry): Promise<void> {
  await db.transaction([
    { sql: 'DELETE FROM routing_rules' },
    {
      sql: `INSERT INTO routing_rules (category, district, org, updated_by) SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[])`,
      params: [rules.map((x) => x.category), rules.map((x) => x.district), rules.map((x) => x.org), rules.map(() => by)],
    },
    sql.insert(audit),
  ]);
}

const orgCols = `id, kind, parent, district, name_ru, name_kk, name_en, head, updated_by, updated_at`;

export function organisations(db: Db): Promise<OrganisationRow[]> {
  return db.query<OrganisationRow>(`SELECT ${orgCols} FROM organisations ORDER BY id`);
}

export async function organisation(db: Db, id: string): Promise<OrganisationRow | null> {
  return (await db.query<OrganisationRow>(`SELECT ${orgCols} FROM organisations WHERE id = $1`, [id]))[0] ?? null;
}

export async function insertOrganisation(db: Db, sql: Pick<AuditSql, 'insert'>, o: OrganisationInput, by: string, audit: AuditEntry): Promise<OrganisationRow> {
  const [rows] = await db.transaction([
    {
      sql: `INSERT INTO organisations (id, kind, parent, district, name_ru, name_kk, name_en, head, updated_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING ${orgCols}`,
      params: [o.id, o.kind, o.parent, o.district, o.name_ru, o.name_kk, o.name_en, o.head, by],
    },
    sql.insert(audit),
  ]);
  return rows[0] as OrganisationRow;
}

export async function updateOrganisation(db: Db, sql: Pick<AuditSql, 'insert'>, o: OrganisationInput, by: string, audit: AuditEntry): Promise<OrganisationRow | null> {
  const stmts: Stmt[] = [
    {
      sql: `UPDATE organisations SET kind = $2, parent = $3, district = $4, name_ru = $5, name_kk = $6, name_en = $7, head = $8, updated_by = $9, updated_at = now() WHERE id = $1 RETURNING ${orgCols}`,
      params: [o.id, o.kind, o.parent, o.district, o.name_ru, o.name_kk, o.name_en, o.head, by],
    },
    sql.insert(audit),
  ];
  const [rows] = await db.transaction(stmts);
  return (rows[0] as OrganisationRow | undefined) ?? null;
}

/**
 * A fingerprint of the rules and the organisations: a node reloads its router when it changes (another node
 * edited them).
 */
export async function routingVersion(db: Db): Promise<string> {
  const [r] = await db.query<{ v: string | null }>(
    `SELECT md5(
       coalesce((SELECT string_agg(id::text || '|' || category || '|' || coalesce(district, '') || '|' || org, ',' ORDER BY id) FROM routing_rules), '') || '#' ||
       coalesce((SELECT string_agg(id || '|' || kind || '|' || coalesce(parent, '') || '|' || coalesce(district, '') || '|' || name_ru || '|' || coalesce(name_kk, '') || '|' || name_en, ',' ORDER BY id) FROM organisations), '')
     ) AS v`,
  );
  return r?.v ?? '';
}
