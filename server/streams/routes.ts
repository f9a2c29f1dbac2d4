// GET /api/dead-letters?stream=&limit=: rejected MQTT payloads with the reason, newest first. Raw payloads from every district, contact data
// included: deadletters:read, which only an admin holds.
import { Router } from 'express';
import { z } from 'zod';
import { parseOr400 } from '../http/errors';
import { requirePerm } from '../access/guard';
import { iso } from '../dialects/iso';
import type { StreamsRepository } from './repository';

const deadLetterQuery = z.object({ limit: z.coerce.number().int().min(1).max(1000).default(100), stream: z.string().min(1).max(32).optional() });

export function deadLetterRoutes(repo: Pick<StreamsRepository, 'deadLetters'>): Router {
  const r = Router();
  r.get('/api/dead-letters', requirePerm('deadletters:read'), async (req, res) => {
    const { limit, stream } = parseOr400(deadLetterQuery, req.query);
    const rows = await repo.deadLetters(limit, stream);
    res.json({ items: rows.map((x) => ({ ...x, id: Number(x.id), received_at: iso(x.received_at) })) });
  });
  return r;
}
