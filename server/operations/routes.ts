// /api/crews: the crews registry over HTTP. Reading takes `crews:read`, changing `crews:write`; a district-scoped
// user sees and manages only the crews of its districts (a crew elsewhere, or a move to a district elsewhere:
// 403 naming `district`).
import { Router, type Request } from 'express';
import { z } from 'zod';
import { requirePerm } from '../access/guard';
import { scopeDistricts, type Principal } from '../access/principal';
import { HttpError, parseOr400 } from '../http/errors';
import { crewCreate, crewPatch, crewStates, crewTypes } from '../../ingest/schema';
import type { AuditEntry } from '../audit';
import { toView, type Crews } from './crews';
import type { CrewRow } from './repository';

const listQuery = z
  .object({
    district: z.string().max(64).optional(),
    type: z.enum(crewTypes).optional(),
    state: z.enum(crewStates).optional(),
    organisation: z.string().max(64).optional(),
  })
  .strict();
const crewParams = z.object({ id: z.string().regex(/^\d{1,18}$/, 'a crew id (digits)') });

const outside = (d: string) => new HttpError(403, `district ${d} is outside your territory`, 'district', 'auth.outside_territory');

function inTerritory(p: Principal, district: string): void {
  if (p.districts && !p.districts.includes(district)) throw outside(district);
}

const who = (req: Request): Omit<AuditEntry, 'action'> => ({ actor: req.principal!.username, role: req.principal!.role, ip: req.ip });

export function crewRoutes(c: { crews: Crews }): Router {
  const r = Router();

  /** the crew, when it exists and lies in the caller's territory (else 404 / 403) */
  const own = async (req: Request): Promise<CrewRow> => {
    const { id } = parseOr400(crewParams, { id: req.params.id });
    const row = await c.crews.get(id);
    if (!row) throw new HttpError(404, `no crew ${id}`, 'id', 'crew.not_found');
    inTerritory(req.principal!, row.district);
    return row;
  };

  r.get('/api/crews', requirePerm('crews:read'), async (req, res) => {
    const q = parseOr400(listQuery, req.query);
    const scope = scopeDistricts(req.principal!, q.district ? [q.district] : undefined);
    if ('forbidden' in scope) throw outside(scope.forbidden);
    res.json({ items: await c.crews.list({ districts: scope.districts, type: q.type, state: q.state, organisation: q.organisation }) });
  });

  r.get('/api/crews/:id', requirePerm('crews:read'), async (req, res) => {
    const row = await own(req);
    const [view] = await c.crews.views([row]);
    res.json({ crew: view, history: await c.crews.history(row.id) });
  });

  r.post('/api/crews', requirePerm('crews:write'), async (req, res) => {
    const body = parseOr400(crewCreate, req.body);
    inTerritory(req.principal!, body.district);
    const row = await c.crews.create(body, { ...who(req), action: 'crew.create' });
    res.status(201).json({ crew: toView(row) });
  });

  r.patch('/api/crews/:id', requirePerm('crews:write'), async (req, res) => {
    const before = await own(req);
    const patch = parseOr400(crewPatch, req.body);
    if (patch.district !== undefined) inTerritory(req.principal!, patch.district);
    const row = await c.crews.update(before.id, patch, { ...who(req), action: 'crew.update' });
    if (!row) throw new HttpError(404, `no crew ${before.id}`, 'id', 'crew.not_found');
    const [view] = await c.crews.views([row]);
    res.json({ crew: view });
  });

  r.delete('/api/crews/:id', requirePerm('crews:write'), async (req, res) => {
    const before = await own(req);
    if (!(await c.crews.remove(before.id, { ...who(req), action: 'crew.delete' }))) throw new HttpError(404, `no crew ${before.id}`, 'id', 'crew.not_found');
    res.status(204).end();
  });

  return r;
}
