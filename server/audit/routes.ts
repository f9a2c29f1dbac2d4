// GET /api/audit (search) and /api/audit/verify (hash chain check), for admins. Nothing here writes.
import { Router } from 'express';
import { z } from 'zod';
import type { Centre } from '../context';
import { parseOr400 } from '../http/errors';
import { requirePerm } from '../auth/middleware';
import { iso } from '../dialects/iso';

const query = z.object({
  actor: z.string().max(100).optional(),
  action: z.string().max(100).optional(),
  target: z.string().max(200).optional(),
  since: z.iso.datetime({ offset: true }).optional(),
  until: z.iso.datetime({ offset: true }).optional(),
  before: z.coerce.number().int().positive().optional().describe('seq cursor for the next page'),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

export function auditRoutes(c: Centre): Router {
  const r = Router();
  r.get('/api/audit', requirePerm('audit:read'), async (req, res) => {
    const q = parseOr400(query, req.query);
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, v: unknown) => {
      params.push(v);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (q.actor) add('actor = ?', q.actor);
    if (q.action) add('action LIKE ?', q.action.replace(/[%_]/g, '\\$&') + '%');
    if (q.target) add('target = ?', q.target);
    if (q.since) add('at >= ?', q.since);
    if (q.until) add('at < ?', q.until);
    if (q.before) add('seq < ?', q.before);
    params.push(q.limit);
    const rows = await c.db.query<any>(
      `SELECT seq, at, actor, role, action, target, ip, entry, hash FROM audit_log ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY seq DESC LIMIT $${params.length}`,
      params,
    );
    const items = rows.map((x) => ({ seq: Number(x.seq), at: iso(x.at), actor: x.actor, role: x.role, action: x.action, target: x.target, ip: x.ip, details: JSON.parse(x.entry).details, hash: x.hash }));
    res.json({ items, next: items.length === q.limit ? items[items.length - 1].seq : null });
  });
  r.get('/api/audit/verify', requirePerm('audit:read'), async (_req, res) => {
    res.json(await c.audit.verify());
  });
  return r;
}
