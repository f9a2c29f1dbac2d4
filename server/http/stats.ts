// Counts for the charts, from the continuous aggregates (TimescaleDB) or straight from the tables (plain),
// limited to the caller's territory. The appeals' own counts (by category, by SLA state)
// are the appeals module's (server/appeals/stats.ts).
import { Router } from 'express';
import { z } from 'zod';
import type { Db } from '../dialects';
import { parseOr400 } from './errors';
import { streamTables } from '../db/migrations/001_streams';
import { iso } from '../dialects/iso';
import { requirePerm } from '../access/guard';
import { scoped } from './snapshot';

/** A timestamp as the drivers return it: an ISO string (pg) or a Date (PGlite). */
type Ts = string | Date;

const minutesQuery = z.object({ minutes: z.coerce.number().int().min(1).max(24 * 60).default(60) });

export function statsRoutes(c: { db: Pick<Db, 'query' | 'timescale'> }): Router {
  const r = Router();
  r.get('/api/stats/rates', requirePerm('stats:read'), async (req, res) => {
    const { minutes } = parseOr400(minutesQuery, req.query);
    const since = new Date(Date.now() - minutes * 60_000).toISOString();
    const districts = scoped(req.principal!, undefined);
    const inTerritory = districts ? ' AND district = ANY($2)' : '';
    const params = districts ? [since, districts] : [since];
    const rows = c.db.timescale
      ? await c.db.query<{ stream: string; bucket: Ts; n: number | string }>(`SELECT stream, bucket, sum(n)::int8 AS n FROM stream_counts_1m WHERE bucket >= $1${inTerritory} GROUP BY 1, 2 ORDER BY 2`, params)
      : await c.db.query<{ stream: string; bucket: Ts; n: number | string }>(
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
  return r;
}
