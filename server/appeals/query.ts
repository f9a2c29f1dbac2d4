// The appeals queue: its filters, keyset (cursor) pagination, and who may see an appeal (territory, organisation).
// The SQL of the list is store.ts `listAppeals`.
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
export function decodeCursor(c: string): [string, string] | null {
  try {
    const v = JSON.parse(Buffer.from(c, 'base64url').toString('utf8'));
    // the time must be the ISO instant the cursor was made from: Date.parse takes "0" too, PostgreSQL does not
    return Array.isArray(v) && typeof v[0] === 'string' && typeof v[1] === 'string' && instant.safeParse(v[0]).success ? [v[0], v[1]] : null;
  } catch {
    return null;
  }
}

/** May the principal see this appeal at all? */
export function canSee(p: Principal, row: { district: string | null; executor_org: string | null }): boolean {
  if (p.districts && (!row.district || !p.districts.includes(row.district))) return false;
  if (p.role === 'executor' && !p.organisations.includes(row.executor_org ?? '')) return false;
  return true;
}
