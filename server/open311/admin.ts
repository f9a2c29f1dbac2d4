// /api/open311-keys: an admin issues (shown once), lists and revokes Open311 API keys.
import { Router } from 'express';
import { z } from 'zod';
import type { ApiKeys } from './keys';
import { requirePerm } from '../access/guard';
import { HttpError, parseOr400 } from '../http/errors';

export function apiKeyRoutes(c: { keys: ApiKeys }): Router {
  const r = Router();
  r.get('/api/open311-keys', requirePerm('tokens:manage'), async (_req, res) => {
    res.json({ items: await c.keys.list() });
  });
  r.post('/api/open311-keys', requirePerm('tokens:manage'), async (req, res) => {
    const { name } = parseOr400(z.object({ name: z.string().min(1).max(100) }).strict(), req.body);
    const k = await c.keys.create(name, req.principal!.username, { actor: req.principal!.username, role: req.principal!.role, action: 'open311_key.create', ip: req.ip, details: { name } });
    res.status(201).json({ id: k.id, name, apiKey: k.key });
  });
  r.delete('/api/open311-keys/:id', requirePerm('tokens:manage'), async (req, res) => {
    const id = parseOr400(z.string().regex(/^[0-9a-f]{12}$/, 'key id'), req.params.id);
    const audit = { actor: req.principal!.username, role: req.principal!.role, action: 'open311_key.revoke', target: `open311_key:${id}`, ip: req.ip };
    if (!(await c.keys.revoke(id, audit))) throw new HttpError(404, `no active key ${id}`, 'id');
    res.status(204).end();
  });
  return r;
}
