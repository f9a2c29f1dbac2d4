// The appeals queue: filters, keyset (cursor) pagination, territory and organisation scope.
import { z } from 'zod';
import { districtIds } from '../../maps/districts';
import { appealFlags, appealStatuses, categoryIds, slaStates } from '../../ingest/schema';
import type { Principal } from '../auth/principal';

const csv = <T extends string>(values: readonly T[]) =>
  z
    .string()
    .max(2000)
    .transform((s) => s.split(',').filter(Boolean))
    .pipe(z.array(z.enum(values as unknown as [T, ...T[]])));

// an ISO instant PostgreSQL can store (it has no year 0000)
const instant = z.iso.datetime({ offset: true }).refine((s) => !s.startsWith('0000'), 'year 0000 does not exist');

export const listQuery = z.object({
  status: csv(appealStatuses).optional(),
  category: csv(categoryIds).optional(),
  sphere: z.string().regex(/^[a-z_]+$/).optional(),
  district: csv(districtIds).optional(),
  sla: csv(slaStates).optional(),
  executor: z.string().max(64).optional(),
  flag: csv(appealFlags).optional(),
  q: z.string().max(200).optional().describe('number, or words of the text'),
  since: instant.optional(),
  until: instant.optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type ListQuery = z.infer<typeof listQuery>;

export function encodeCursor(registeredAt: string, id: string): string {
  return Buffer.from(JSON.stringify([registeredAt, id])).toString('base64url');
}
function decodeCursor(c: string): [string, string] | null {
  try {
    const v = JSON.parse(Buffer.from(c, 'base64url').toString('utf8'));
    // the time must be the ISO instant the cursor was made from: Date.parse takes "0" too, PostgreSQL does not
    return Array.isArray(v) && typeof v[0] === 'string' && typeof v[1] === 'string' && instant.safeParse(v[0]).success ? [v[0], v[1]] : null;
  } catch {
    return null;
  }
}

/** SQL WHERE and params for a list query within what the principal may see. */
export function buildList(q: ListQuery, p: Principal): { sql: string; params: unknown[] } | { error: string; field: string } {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (sql: string, v: unknown) => {
    params.push(v);
    where.push(sql.replaceAll('?', `$${params.length}`));
  };
  if (q.status?.length) add('status = ANY(?)', q.status);
  if (q.category?.length) add('category = ANY(?)', q.category);
  if (q.sphere) add('sphere = ?', q.sphere);
  if (q.sla?.length) add('sla = ANY(?)', q.sla);
  if (q.executor) add('executor_org = ?', q.executor);
  if (q.flag?.length) add('flags && ?::text[]', q.flag);
  if (q.since) add('registered_at >= ?', q.since);
  if (q.until) add('registered_at < ?', q.until);
  if (q.q) {
    if (/^[A-Z]{3}-\d{4}-\d{7}$/.test(q.q.trim())) add('number = ?', q.q.trim());
    else add(`text ILIKE ?`, `%${q.q.replace(/[%_\\]/g, '\\$&')}%`);
  }
  // territory
  const districts = q.district?.length ? q.district : null;
  if (p.districts) {
    const bad = districts?.find((d) => !p.districts!.includes(d));
    if (bad) return { error: `district ${bad} is outside your territory`, field: 'district' };
    add('district = ANY(?)', districts ?? p.districts);
  } else if (districts) add('district = ANY(?)', districts);
  // an executor's clerk sees their organisations' appeals only
  if (p.role === 'executor') add('executor_org = ANY(?)', p.organisations);
  if (q.cursor) {
    const c = decodeCursor(q.cursor);
    if (!c) return { error: 'malformed cursor', field: 'cursor' };
    params.push(c[0], c[1]);
    where.push(`(registered_at, id) < ($${params.length - 1}::timestamptz, $${params.length})`);
  }
  params.push(q.limit + 1);
  return {
    sql: `SELECT * FROM appeal_state ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY registered_at DESC, id DESC LIMIT $${params.length}`,
    params,
  };
}

/** May the principal see this appeal at all? */
export function canSee(p: Principal, row: { district: string | null; executor_org: string | null }): boolean {
  if (p.districts && (!row.district || !p.districts.includes(row.district))) return false;
  if (p.role === 'executor' && !p.organisations.includes(row.executor_org ?? '')) return false;
  return true;
}
