// GET /api/health (public): is the database answering, is the broker connection up.
import { Router } from 'express';
import type { Centre } from '../centre';
import { bearer } from '../auth/middleware';

export function healthRoutes(c: Centre): Router {
  const r = Router();
  r.get('/api/health', async (_req, res) => {
    let dbOk = false;
    try {
      await Promise.race([c.db.query('SELECT 1'), new Promise((_, rej) => setTimeout(() => rej(new Error('timeout')), 2000))]);
      dbOk = true;
    } catch {
      dbOk = false;
    }
    const mqttOk = c.subscriber.connected;
    res.status(dbOk && mqttOk ? 200 : 503).json({
      status: dbOk && mqttOk ? 'ok' : 'degraded',
      db: { kind: c.db.kind, ok: dbOk },
      mqtt: { ok: mqttOk, url: c.mqttUrl },
      version: c.version,
      live: { clients: c.io.engine.clientsCount, cursor: c.hub.cursor(), replayWindowSeconds: Math.round(c.hub.windowSeconds()) },
      ingest: { pending: c.pipeline.pendingCount, spooled: c.spool.count, dbUp: c.pipeline.dbUp },
    });
  });
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
