// The appeals queue: its filters, keyset (cursor) pagination, and who may see an appeal (territory, organisation).
// The SQL of the list is store.ts `listAppeals`.
import { z } from 'zod';
import { districtIds } from '../../maps/districts';
import { appealFlags, appealStatuses, categoryIds, slaStates } from '../../ingest/schema';
import type { Principal } from '../access/principal';

const csv = <T extends string>(values: readonly T[]) =>
  z
    .string()
    .max(2000)
    .transform((s) => s.split(',').filter(Boolean))
    .pipe(z.array(z.enum(values as unknown as [T, ...T[]])));

// an ISO instant PostgreSQL can store (it has no year 0000)
const instant = z.iso.datetime({ offset: true }).refine((s) => !s.startsWith('0000'), 'year 0000 does not exist');

/** The queue's orders: by registration time, by the current deadline, by the SLA state's urgency. */
export { appealSorts as listSorts } from '../../ingest/schema/appeal-status';
import { appealSorts as listSorts } from '../../ingest/schema/appeal-status';
export type ListSort = (typeof listSorts)[number];

/** A yes/no query parameter: `1`/`true` or `0`/`false`. */
const yesNo = z.enum(['1', 'true', '0', 'false']).transform((v) => v === '1' || v === 'true');

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
  sort: z.enum(listSorts).default('received').describe('received (registration time), deadline (the current one), sla (most urgent state, then deadline)'),
  dir: z.enum(['asc', 'desc']).default('desc'),
  triage: yesNo.optional().describe('1: only appeals whose district is unknown (the triage queue)'),
  mine: yesNo.optional().describe('1: only the appeals you registered (whatever their district)'),
});
export type ListQuery = z.infer<typeof listQuery>;

/**
 * Where the next page starts: the sort keys of the page's last appeal and its id. The default order (received,
 * newest first) keeps its original form `[registeredAt, id]`; any other says its sort and direction, so that a
 * cursor is never read under another order.
 */
export type CursorKeys = { sort: 'received' | 'deadline'; at: string; id: string } | { sort: 'sla'; rank: number; at: string; id: string };

export function encodeCursor(k: CursorKeys, dir: 'asc' | 'desc' = 'desc'): string {
  const v = k.sort === 'received' && dir === 'desc' ? [k.at, k.id] : k.sort === 'sla' ? ['sla', dir, k.rank, k.at, k.id] : [k.sort, dir, k.at, k.id];
  return Buffer.from(JSON.stringify(v)).toString('base64url');
}
export function decodeCursor(c: string, sort: ListSort = 'received', dir: 'asc' | 'desc' = 'desc'): CursorKeys | null {
  try {
    const v: unknown = JSON.parse(Buffer.from(c, 'base64url').toString('utf8'));
    if (!Array.isArray(v)) return null;
    // the time must be the ISO instant the cursor was made from: Date.parse takes "0" too, PostgreSQL does not
    const at = (x: unknown): x is string => typeof x === 'string' && instant.safeParse(x).success;
    const id = (x: unknown): x is string => typeof x === 'string';
    if (sort === 'received' && dir === 'desc') return v.length === 2 && at(v[0]) && id(v[1]) ? { sort, at: v[0], id: v[1] } : null;
    if (v[0] !== sort || v[1] !== dir) return null;
    if (sort === 'sla') return v.length === 5 && Number.isInteger(v[2]) && at(v[3]) && id(v[4]) ? { sort, rank: v[2] as number, at: v[3], id: v[4] } : null;
    return v.length === 4 && at(v[2]) && id(v[3]) ? { sort, at: v[2], id: v[3] } : null;
  } catch {
    return null;
  }
}

/**
 * May the principal see this appeal at all? Whoever registered it always may (an appeal never vanishes for its
 * creator, even without a district or routed elsewhere); otherwise its territory and, for an executor's clerk,
 * their organisations decide. An appeal without a district (the triage queue) is seen city-wide only.
 */
export function canSee(p: Principal, row: { district: string | null; executor_org: string | null; created_by?: string | null }): boolean {
  if (isCreator(p, row)) return true;
  if (p.districts && (!row.district || !p.districts.includes(row.district))) return false;
  if (p.role === 'executor' && !p.organisations.includes(row.executor_org ?? '')) return false;
  return true;
}

/** Did this principal (a user, never a wall screen) register the appeal? */
export const isCreator = (p: Principal, row: { created_by?: string | null }) => p.kind === 'user' && !!row.created_by && row.created_by === p.sub;
