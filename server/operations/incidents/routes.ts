// /api/incidents and /api/cameras: camera incident cases over HTTP. Reading takes `incidents:read`, changing the
// state `incidents:write`; a district-scoped user sees and changes only the cases of its districts (another
// district asked for: 403 naming `district`; a case elsewhere: 404, as if it were not there).
import { Router, type Request } from 'express';
import { z } from 'zod';
import { requirePerm } from '../../access/guard';
import { scopeDistricts } from '../../access/principal';
import { HttpError, parseOr400 } from '../../http/errors';
import { incidentCaseStates, incidentStateChange, incidentTypes } from '../../../ingest/schema';
import type { AuditEntry } from '../../audit';
import { toCap } from '../cap';
import { toCapIncident, toView, type Incidents } from './service';
import type { CaseRow } from './repository';

const listQuery = z
  .object({
    state: z.enum(incidentCaseStates).optional(),
    type: z.enum(incidentTypes).optional(),
    district: z.string().max(64).optional(),
    camera: z.string().max(64).optional(),
    cursor: z.string().regex(/^\d{1,18}$/, 'a case id (digits)').optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  })
  .strict();
const camerasQuery = z.object({ district: z.string().max(64).optional() }).strict();
const caseParams = z.object({ id: z.string().regex(/^\d{1,18}$/, 'an incident id (digits)') });

const outside = (d: string) => new HttpError(403, `district ${d} is outside your territory`, 'district', 'auth.outside_territory');
const who = (req: Request): Omit<AuditEntry, 'action'> => ({ actor: req.principal!.username, role: req.principal!.role, ip: req.ip });

export function incidentRoutes(c: { incidents: Incidents; capSender?: string }): Router {
  const r = Router();

  /** the case, when it exists and lies in the caller's territory (else 404) */
  const own = async (req: Request): Promise<CaseRow> => {
    const { id } = parseOr400(caseParams, { id: req.params.id });
    const row = await c.incidents.get(id);
    const p = req.principal!;
    if (!row || (p.districts && (row.district === null || !p.districts.includes(row.district)))) throw new HttpError(404, `no incident ${id}`, 'id', 'incident.not_found');
    return row;
  };

  r.get('/api/incidents', requirePerm('incidents:read'), async (req, res) => {
    const q = parseOr400(listQuery, req.query);
    const scope = scopeDistricts(req.principal!, q.district ? [q.district] : undefined);
    if ('forbidden' in scope) throw outside(scope.forbidden);
    const page = await c.incidents.list({ districts: scope.districts, state: q.state, type: q.type, camera: q.camera, before: q.cursor, limit: q.limit });
    res.json({ items: page.rows.map(toView), next: page.next });
  });

  r.get('/api/incidents/:id', requirePerm('incidents:read'), async (req, res) => {
    const row = await own(req);
    const [detections, history] = await Promise.all([c.incidents.detections(row), c.incidents.history(row.id)]);
    res.json({ incident: toView(row), detections: detections.map((d) => ({ id: d.id, ts: d.ts, confidence: d.confidence, lat: d.lat, lon: d.lon, snapshotUrl: d.snapshot_url })), history });
  });

  r.get('/api/incidents/:id/cap', requirePerm('incidents:read'), async (req, res) => {
    const row = await own(req);
    const xml = toCap(toCapIncident(row), c.capSender ? { sender: c.capSender } : {});
    res.type('application/cap+xml; charset=utf-8').send(xml);
  });

  const setState = async (req: Request, res: import('express').Response) => {
    const before = await own(req);
    const body = parseOr400(incidentStateChange, req.body);
    const after = await c.incidents.setState(before, body, who(req));
    res.json({ incident: toView(after) });
  };
  r.patch('/api/incidents/:id/state', requirePerm('incidents:write'), setState);
  r.post('/api/incidents/:id/state', requirePerm('incidents:write'), setState);

  r.get('/api/cameras', requirePerm('incidents:read'), async (req, res) => {
    const q = parseOr400(camerasQuery, req.query);
    const scope = scopeDistricts(req.principal!, q.district ? [q.district] : undefined);
    if ('forbidden' in scope) throw outside(scope.forbidden);
    const rows = await c.incidents.cameras(scope.districts);
    res.json({ items: rows.map((k) => ({ id: k.id, lat: k.lat, lon: k.lon, district: k.district, kind: k.kind, firstSeen: k.first_seen, lastSeen: k.last_seen })) });
  });

  return r;
}
