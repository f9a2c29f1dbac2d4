// /api/alarms and /api/cap over HTTP. Reading takes `alarms:read`, acknowledging and clearing `alarms:write`; a
// district-scoped user sees its districts' alarms and the citywide ones (no district), and acknowledges or clears
// only its districts' (else 403 naming `district`). `POST /api/cap` takes `alarms:write`.
import express, { Router, type Request } from 'express';
import { z } from 'zod';
import { requirePerm } from '../access/guard';
import { scopeDistricts, type Principal } from '../access/principal';
import { HttpError, parseOr400 } from '../http/errors';
import { alarmSeverities, alarmSources, alarmStates } from '../../ingest/schema';
import type { AuditEntry, AuditApi } from '../audit';
import { toView, type Alarms } from './alarms';
import type { AlarmRow } from './repository';

/** the largest CAP document accepted (the standard's examples are 2–5 KB; areas with long polygons more) */
export const CAP_MAX_BYTES = 512 * 1024;

const listQuery = z
  .object({
    state: z.enum(alarmStates).optional(),
    severity: z.enum(alarmSeverities).optional(),
    district: z.string().max(64).optional(),
    source: z.enum(alarmSources).optional(),
    cursor: z.string().regex(/^\d{1,18}$/, 'the previous page\'s nextCursor').optional(),
    limit: z.coerce.number().int().min(1).max(500).default(50),
  })
  .strict();
const idParams = z.object({ id: z.string().regex(/^\d{1,18}$/, 'an alarm id (digits)') });
const changeBody = z.object({ comment: z.string().trim().max(2000).optional() }).strict();

const outside = (d: string) => new HttpError(403, `district ${d} is outside your territory`, 'district', 'auth.outside_territory');

const who = (req: Request): Omit<AuditEntry, 'action'> => ({ actor: req.principal!.username, role: req.principal!.role, ip: req.ip });

export function alarmRoutes(c: { alarms: Alarms; record: AuditApi['record'] }): Router {
  const r = Router();

  /** the alarm, when it exists and the caller may see it (404 / 403); `write`: and change it (a citywide one: city-wide users only) */
  const own = async (req: Request, write: boolean): Promise<AlarmRow> => {
    const { id } = parseOr400(idParams, { id: req.params.id });
    const row = await c.alarms.get(id);
    if (!row) throw new HttpError(404, `no alarm ${id}`, 'id', 'alarm.not_found');
    const p: Principal = req.principal!;
    if (p.districts) {
      if (row.district && !p.districts.includes(row.district)) throw outside(row.district);
      if (!row.district && write) throw new HttpError(403, 'a citywide alarm is acknowledged and cleared by a city-wide user', 'district', 'auth.outside_territory');
    }
    return row;
  };

  r.get('/api/alarms', requirePerm('alarms:read'), async (req, res) => {
    const q = parseOr400(listQuery, req.query);
    const scope = scopeDistricts(req.principal!, q.district ? [q.district] : undefined);
    if ('forbidden' in scope) throw outside(scope.forbidden);
    const rows = await c.alarms.list({
      districts: req.principal!.districts ?? null, district: q.district, state: q.state, severity: q.severity, source: q.source, before: q.cursor, limit: q.limit,
    });
    res.json({ items: rows.map(toView), nextCursor: rows.length === q.limit ? rows[rows.length - 1].id : null });
  });

  r.get('/api/alarms/:id', requirePerm('alarms:read'), async (req, res) => {
    const row = await own(req, false);
    res.json({ alarm: toView(row), history: await c.alarms.history(row.id) });
  });

  for (const action of ['ack', 'clear'] as const) {
    r.post(`/api/alarms/:id/${action}`, requirePerm('alarms:write'), async (req, res) => {
      const before = await own(req, true);
      const { comment } = parseOr400(changeBody, req.body ?? {});
      const audit: AuditEntry = { ...who(req), action: action === 'ack' ? 'alarm.ack' : 'alarm.clear', details: comment ? { comment } : undefined };
      const row = action === 'ack' ? await c.alarms.ack(before.id, comment ?? null, audit) : await c.alarms.clear(before.id, comment ?? null, audit);
      if (!row)
        throw new HttpError(409, `alarm ${before.id} is ${before.state}: it cannot be ${action === 'ack' ? 'acknowledged' : 'cleared'}`, 'state', 'alarm.wrong_state');
      res.json({ alarm: toView(row) });
    });
  }

  const capBody = express.text({ type: ['application/cap+xml', 'application/xml', 'text/xml'], limit: CAP_MAX_BYTES });
  r.post('/api/cap', requirePerm('alarms:write'), capBody, async (req, res) => {
    if (!req.is(['application/cap+xml', 'application/xml', 'text/xml']))
      throw new HttpError(415, 'send the alert as application/cap+xml', 'content-type', 'cap.content_type');
    const xml = typeof req.body === 'string' ? req.body : '';
    if (!xml.trim()) throw new HttpError(400, 'empty body: a CAP 1.2 alert is expected', 'alert', 'cap.invalid');
    const r2 = await c.alarms.importCap(xml, { ...who(req), action: 'alarm.cap_import' });
    if (!r2.ok) throw new HttpError(400, `${r2.field}: ${r2.message}`, r2.field, 'cap.invalid');
    if (r2.created) await c.record({ ...who(req), action: 'alarm.cap_import', target: `alarm:${r2.alarm.id}`, details: { identifier: r2.alarm.data?.identifier, sender: r2.alarm.data?.sender } });
    res.status(r2.created ? 201 : 200).json({ alarm: r2.alarm, created: r2.created });
  });

  return r;
}
