// GET /api/health (public): is the database answering, is the broker connection up.
import { Router } from 'express';
import type { Centre } from '../context';
import { bearer } from '../auth/middleware';
import { calendar } from '../appeals/sla/calendar';
import { redactUrl } from '../../ingest/url';

export function healthRoutes(c: Centre): Router {
  const r = Router();
  const timeout = <T>(p: Promise<T>, ms = 2000) => Promise.race([p, new Promise<never>((_, rej) => setTimeout(() => rej(new Error('timeout')), ms))]);
  const check = async () => {
    const db = await timeout(c.db.query('SELECT 1')).then(() => true, () => false);
    const redis = c.hub.store.ping ? await timeout(c.hub.store.ping()).catch(() => false) : undefined;
    const mqtt = c.subscriber.connected;
    return { ok: db && mqtt && redis !== false, db, mqtt, redis };
  };
  // Readiness: 200 when the database, the broker (and Redis, when configured) answer.
  r.get(['/api/health', '/api/health/ready'], async (_req, res) => {
    const h = await check();
    const missingYears = calendar.missingYears();
    res.status(h.ok ? 200 : 503).json({
      status: h.ok ? 'ok' : 'degraded',
      db: { kind: c.db.kind, ok: h.db },
      mqtt: { ok: h.mqtt, url: redactUrl(c.mqttUrl) },
      ...(h.redis !== undefined ? { redis: { ok: h.redis } } : {}),
      version: c.version,
      leader: c.leader.isLeader,
      live: { clients: c.io.engine.clientsCount, cursor: c.hub.cursor(), replayWindowSeconds: Math.round(c.hub.windowSeconds()) },
      ingest: { pending: c.pipeline.pendingCount, spooled: c.spool.count, dbUp: c.pipeline.dbUp },
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
