// Organisations become the one source at run time (the routing module and the clients read them from the table):
// Kazakh names (the table had Russian and English only), who changed a row and when; routing rules get one rule per
// category and district (duplicates, which the whole-table PUT used to accept, are dropped: the first one, the
// one the router used, stays). Independent of migration 009.
import type { Migration } from '../migration';
import data from '../../appeals/data/organisations.json';

const q = (s: string | null | undefined) => (s == null ? 'NULL' : `'${s.replace(/'/g, "''")}'`);
const orgs = data.organisations as { id: string; parent: string | null; name_ru: string; name_kk: string; name_en: string }[];

export const m010: Migration = {
  version: 10,
  name: 'organisations',
  statements: () => [
    `ALTER TABLE organisations ADD COLUMN IF NOT EXISTS name_kk text`,
    `ALTER TABLE organisations ADD COLUMN IF NOT EXISTS name_en text`,
    `ALTER TABLE organisations ADD COLUMN IF NOT EXISTS parent text REFERENCES organisations(id)`,
    `ALTER TABLE organisations ADD COLUMN IF NOT EXISTS updated_by text NOT NULL DEFAULT 'seed'`,
    `ALTER TABLE organisations ADD COLUMN IF NOT EXISTS updated_at timestamptz NOT NULL DEFAULT now()`,
    `UPDATE organisations o SET name_kk = v.kk FROM (VALUES ${orgs.map((o) => `(${q(o.id)}, ${q(o.name_kk)})`).join(', ')}) v(id, kk) WHERE o.id = v.id AND o.name_kk IS NULL`,
    `UPDATE organisations o SET name_en = v.en FROM (VALUES ${orgs.map((o) => `(${q(o.id)}, ${q(o.name_en)})`).join(', ')}) v(id, en) WHERE o.id = v.id AND o.name_en IS NULL`,
    `DELETE FROM routing_rules a USING routing_rules b WHERE a.category = b.category AND a.district IS NOT DISTINCT FROM b.district AND a.id > b.id`,
    `CREATE UNIQUE INDEX IF NOT EXISTS routing_rules_category_district ON routing_rules (category, (coalesce(district, '')))`,
  ],
};
