// Counts for the charts, from the continuous aggregates (TimescaleDB) or straight from the tables (plain),
// limited to the caller's territory.
import { Router } from 'express';
import { z } from 'zod';
import type { Centre } from '../context';
import { parseOr400 } from './errors';
import { streamTables } from '../db/migrations/001_streams';
import { iso } from '../dialects/iso';
import { requirePerm } from '../auth/middleware';
import { scoped } from './snapshot';
import { openStatuses } from '../../ingest/schema';

const minutesQuery = z.object({ minutes: z.coerce.number().int().min(1).max(24 * 60).default(60) });
const deadLetterQuery = z.object({ limit: z.coerce.number().int().min(1).max(1000).default(100), stream: z.string().min(1).max(32).optional() });

export function statsRoutes(c: Centre): Router {
  const r = Router();
  r.get('/api/stats/rates', requirePerm('stats:read'), async (req, res) => {
    const { minutes } = parseOr400(minutesQuery, req.query);
    const since = new Date(Date.now() - minutes * 60_000).toISOString();
    const districts = scoped(req.principal!, undefined);
    const inTerritory = districts ? ' AND district = ANY($2)' : '';
    const params = districts ? [since, districts] : [since];
    const rows = c.db.timescale
      ? await c.db.query<any>(`SELECT stream, bucket, sum(n)::int8 AS n FROM stream_counts_1m WHERE bucket >= $1${inTerritory} GROUP BY 1, 2 ORDER BY 2`, params)
      : await c.db.query<any>(
          streamTables
            .map(
              (t) => `SELECT '${t.table === 'service_status' ? 'status' : t.table}' AS stream,
                 date_bin(INTERVAL '1 minute', ts, TIMESTAMPTZ '2000-01-01') AS bucket, count(*)::int8 AS n
                 FROM ${t.table} WHERE ts >= $1${inTerritory} GROUP BY 2`,
            )
            .join(' UNION ALL ') + ' ORDER BY 2',
          params,
        );
    res.json({ items: rows.map((x) => ({ bucket: iso(x.bucket), stream: x.stream, n: Number(x.n) })) });
  });
  r.get('/api/stats/categories', requirePerm('stats:read'), async (req, res) => {
    const { minutes } = parseOr400(minutesQuery, req.query);
    const districts = scoped(req.principal!, undefined);
    const rows = await c.db.query<any>(
      `SELECT category, count(*)::int8 AS n FROM appeals WHERE ts >= $1${districts ? ' AND district = ANY($2)' : ''} GROUP BY 1 ORDER BY 2 DESC`,
      districts ? [new Date(Date.now() - minutes * 60_000).toISOString(), districts] : [new Date(Date.now() - minutes * 60_000).toISOString()],
    );
    res.json({ items: rows.map((x) => ({ category: x.category, n: Number(x.n) })) });
  });
  // Open appeals by district and SLA state (the wall's deadline counters); cached briefly, wall screens poll it.
  let slaCache: { at: number; rows: { district: string | null; sla: string; n: number }[] } | null = null;
  r.get('/api/stats/sla', requirePerm('stats:read'), async (req, res) => {
    if (!slaCache || Date.now() - slaCache.at > 10_000) {
      const rows = await c.db.query<any>(`SELECT district, sla, count(*)::int8 AS n FROM appeal_state WHERE status = ANY($1) GROUP BY 1, 2`, [openStatuses]);
      slaCache = { at: Date.now(), rows: rows.map((x) => ({ district: x.district, sla: x.sla, n: Number(x.n) })) };
    }
    const districts = scoped(req.principal!, undefined);
    const items = districts ? slaCache.rows.filter((x) => x.district && districts.includes(x.district)) : slaCache.rows;
    const total = { on_time: 0, at_risk: 0, overdue: 0 } as Record<string, number>;
    for (const x of items) total[x.sla] = (total[x.sla] ?? 0) + x.n;
    res.json({ items, total });
  });
  // raw payloads from every district, contact data included: deadletters:read, which only an admin holds
  r.get('/api/dead-letters', requirePerm('deadletters:read'), async (req, res) => {
    const { limit, stream } = parseOr400(deadLetterQuery, req.query);
    const rows = await c.db.query<any>(
      `SELECT id, received_at, topic, stream, reason, payload, size FROM dead_letters ${stream ? 'WHERE stream = $2' : ''} ORDER BY id DESC LIMIT $1`,
      stream ? [limit, stream] : [limit],
    );
    res.json({ items: rows.map((x) => ({ ...x, id: Number(x.id), received_at: iso(x.received_at) })) });
  });
  return r;
}
