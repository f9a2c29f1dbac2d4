// GET /api/outbox: the messages to citizens with their delivery (attempts, last error, failed, delivered by), for
// an admin only (outbox:read), audited as a view of personal data.
import { Router } from 'express';
import { z } from 'zod';
import type { Db } from '../../dialects';
import { parseOr400 } from '../../http/errors';
import { requirePerm } from '../../access/guard';
import type { AuditRecord } from '../ports';
import { toMessage } from './outbox';
import { outboxPage } from './store';

const query = z.object({
  appeal: z.string().min(1).max(128).optional(),
  before: z.coerce.number().int().positive().optional().describe('id cursor for the next page'),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export function outboxRoutes(c: { db: Db; audit: AuditRecord }): Router {
  const r = Router();
  r.get('/api/outbox', requirePerm('outbox:read'), async (req, res) => {
    const q = parseOr400(query, req.query);
    const rows = await outboxPage(c.db, q);
    const items = rows.map(toMessage);
    await c.audit({
      actor: req.principal!.username,
      role: req.principal!.role,
      action: 'personal.view',
      target: q.appeal ? `outbox:appeal:${q.appeal}` : 'outbox',
      ip: req.ip,
      details: { messages: items.map((m) => m.id) },
    });
    res.json({ items, next: items.length === q.limit ? items[items.length - 1].id : null });
  });
  return r;
}
