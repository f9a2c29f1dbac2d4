// GET /api/health (public): is the database answering, is the broker connection up.
import { Router } from 'express';
import type { Registry } from 'prom-client';
import type { Server as IOServer } from 'socket.io';
import type { Config } from '../config';
import type { Db } from '../dialects';
import type { Leader } from '../jobs/leader';
import type { LiveHub } from '../live';
import type { StreamsApi } from '../streams';
import { bearer } from '../access/guard';
import { redactUrl } from '../../ingest/url';
import { pingDb } from './repository';

export interface HealthDeps {
  db: Pick<Db, 'kind' | 'query'>;
  config: Pick<Config, 'METRICS_TOKEN'>;
  version: string;
  io: IOServer;
  leader: Pick<Leader, 'isLeader'>;
  hub: Pick<LiveHub, 'cursor' | 'windowSeconds' | 'store'>;
  ingest: Pick<StreamsApi, 'pipeline' | 'subscriber' | 'spool' | 'mqttUrl'>;
  metrics: Pick<Registry, 'contentType' | 'metrics'>;
  /** the years the holiday calendar lacks (a warning, not a readiness failure) */
  calendar: { missingYears(): number[] };
}

export function healthRoutes(c: HealthDeps): Router {
  const r = Router();
  const timeout = <T>(p: Promise<T>, ms = 2000) => Promise.race([p, new Promise<never>((_, rej) => setTimeout(() => rej(new Error('timeout')), ms))]);
  const check = async () => {
    const db = await timeout(pingDb(c.db)).then(() => true, () => false);
    const redis = c.hub.store.ping ? await timeout(c.hub.store.ping()).catch(() => false) : undefined;
    const mqtt = c.ingest.subscriber.connected;
    return { ok: db && mqtt && redis !== false, db, mqtt, redis };
  };
  // Readiness: 200 when the database, the broker (and Redis, when configured) answer.
  r.get(['/api/health', '/api/health/ready'], async (_req, res) => {
    const h = await check();
    const missingYears = c.calendar.missingYears();
    res.status(h.ok ? 200 : 503).json({
      status: h.ok ? 'ok' : 'degraded',
      db: { kind: c.db.kind, ok: h.db },
      mqtt: { ok: h.mqtt, url: redactUrl(c.ingest.mqttUrl) },
      ...(h.redis !== undefined ? { redis: { ok: h.redis } } : {}),
      version: c.version,
      leader: c.leader.isLeader,
      live: { clients: c.io.engine.clientsCount, cursor: c.hub.cursor(), replayWindowSeconds: Math.round(c.hub.windowSeconds()) },
      ingest: { pending: c.ingest.pipeline.pendingCount, spooled: c.ingest.spool.count, dbUp: c.ingest.pipeline.dbUp },
      // a warning, not a readiness failure: deadlines in a missing year ignore its religious holidays and transfers
      calendar: { ok: !missingYears.length, missingYears },
    });
  });
  // Liveness: the process answers.
  r.get('/api/health/live', (_req, res) => res.json({ status: 'ok' }));
  // Public unless METRICS_TOKEN is set; then that token or an admin's bearer token.
  r.get('/metrics', async (req, res) => {
    const want = c.config.METRICS_TOKEN;
    if (want && bearer(req.headers.authorization) !== want && req.principal?.role !== 'admin') {
      res.status(401).json({ error: 'unauthorized', message: 'metrics need METRICS_TOKEN or an admin token' });
      return;
    }
    res.type(c.metrics.contentType).send(await c.metrics.metrics());
  });
  return r;
}
