// GET /api/audit (search) and /api/audit/verify (hash chain check), for admins. Nothing here writes.
import { Router } from 'express';
import { z } from 'zod';
import { parseOr400 } from '../http/errors';
import { requirePerm } from '../access/guard';
import { iso } from '../dialects/iso';
import type { AuditLog } from './log';
import type { AuditRepository } from './repository';

const query = z.object({
  actor: z.string().max(100).optional(),
  action: z.string().max(100).optional(),
  target: z.string().max(200).optional(),
  since: z.iso.datetime({ offset: true }).optional(),
  until: z.iso.datetime({ offset: true }).optional(),
  before: z.coerce.number().int().positive().optional().describe('seq cursor for the next page'),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

export function auditRoutes(d: { repo: Pick<AuditRepository, 'search'>; log: Pick<AuditLog, 'verify'> }): Router {
  const r = Router();
  r.get('/api/audit', requirePerm('audit:read'), async (req, res) => {
    const q = parseOr400(query, req.query);
    const { rows, next } = await d.repo.search(q);
    const items = rows.map((x) => ({ seq: Number(x.seq), at: iso(x.at), actor: x.actor, role: x.role, action: x.action, target: x.target, ip: x.ip, details: JSON.parse(x.entry).details, hash: x.hash }));
    res.json({ items, next });
  });
  r.get('/api/audit/verify', requirePerm('audit:read'), async (_req, res) => {
    res.json(await d.log.verify());
  });
  return r;
}
