// The appeals' counts for the wall's charts, within the caller's territory: appeals by category (from the intake
// table) and open appeals by district and SLA state (the deadline counters).
import { Router } from 'express';
import { z } from 'zod';
import type { Db } from '../dialects';
import { parseOr400 } from '../http/errors';
import { requirePerm } from '../access/guard';
import { openSlaStates, type SlaState } from '../../ingest/schema';
import { categoryCounts, slaCounts } from './store';

const minutesQuery = z.object({ minutes: z.coerce.number().int().min(1).max(24 * 60).default(60) });

export function appealStatsRoutes(c: { db: Db }): Router {
  const r = Router();
  r.get('/api/stats/categories', requirePerm('stats:read'), async (req, res) => {
    const { minutes } = parseOr400(minutesQuery, req.query);
    const items = await categoryCounts(c.db, new Date(Date.now() - minutes * 60_000).toISOString(), req.principal!.districts ?? null);
    res.json({ items });
  });
  // Open appeals by district and SLA state (the wall's deadline counters); cached briefly, wall screens poll it.
  let slaCache: { at: number; rows: { district: string | null; sla: SlaState; n: number }[] } | null = null;
  r.get('/api/stats/sla', requirePerm('stats:read'), async (req, res) => {
    if (!slaCache || Date.now() - slaCache.at > 10_000) slaCache = { at: Date.now(), rows: await slaCounts(c.db) };
    const districts = req.principal!.districts;
    const items = districts ? slaCache.rows.filter((x) => x.district && districts.includes(x.district)) : slaCache.rows;
    const total: Record<string, number> = Object.fromEntries(openSlaStates.map((s) => [s, 0]));
    for (const x of items) total[x.sla] = (total[x.sla] ?? 0) + x.n;
    res.json({ items, total });
  });
  return r;
}
