// REST API of the appeals registry: /api/appeals (queue, card with timeline, intake, transitions, photos,
// nearby suggestions), /api/confirm/:token (the citizen's link), /api/problems (routing rules and organisations: routing/routes.ts).
import { randomUUID } from 'node:crypto';
import express, { Router } from 'express';
import { z } from 'zod';
import type { Db } from '../dialects';
import { HttpError, parseOr400, validationError } from '../http/errors';
import { requirePerm } from '../access/guard';
import { may } from '../access/principal';
import { appealMessage, categoryIds } from '../../ingest/schema';
import { cities, districtAt, districtIds } from '../../maps/districts';
import { actions, allowedActions, TransitionError } from './lifecycle';
import { canSee, listQuery } from './query';
import { toView } from './view';
import { ConflictError, GoneError, NotFoundError, type AppealService } from './service';
import type { PhotoUrls } from './photo-urls';
import { messageState } from './outbox/outbox';
import { lastMessage } from './outbox/store';
import { iso } from '../dialects/iso';
import type { AppealRegistry } from './intake/registry';
import { REPEAT_RADIUS_M } from './intake/store';
import * as store from './store';
import type { AppealRow } from './store';
import type { AuditRecord, AuditSql, SubmitAppeal } from './ports';
import { redactText, streetLevel } from '../../ingest/schema/redact';
import { SIMULATED_ID_PREFIX } from './simulate-lifecycle';

const idParam = z.object({ id: z.string().min(1).max(128) });
const transitionBody = z
  .object({
    action: z.enum(actions),
    reason: z.string().max(2000).optional(),
    text: z.string().max(8000).optional(),
    org: z.string().max(64).optional(),
    until: z.iso.datetime({ offset: true }).optional(),
  })
  .strict();
const districtBody = z.object({ district: z.enum(districtIds as [string, ...string[]]) }).strict();
const confirmBody = z.object({ satisfied: z.boolean(), comment: z.string().max(2000).optional() }).strict();
const nearbyQuery = z.object({ lat: z.coerce.number().min(-90).max(90), lon: z.coerce.number().min(-180).max(180), category: z.enum(categoryIds).optional() });
export const PHOTO_MAX_BYTES = 5 * 1024 * 1024;
/** The type a photo really is, from its first bytes (never from the declared Content-Type). */
export function sniffImage(b: Buffer): 'image/jpeg' | 'image/png' | 'image/webp' | null {
  if (b.length > 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  if (b.length > 8 && b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (b.length > 12 && b.toString('latin1', 0, 4) === 'RIFF' && b.toString('latin1', 8, 12) === 'WEBP') return 'image/webp';
  return null;
}

function mapErrors(e: unknown): never {
  if (e instanceof TransitionError) throw new HttpError(422, e.message, e.field);
  if (e instanceof ConflictError) throw new HttpError(409, e.message);
  if (e instanceof NotFoundError) throw new HttpError(404, e.message, 'id');
  if (e instanceof GoneError) throw new HttpError(410, e.message, 'token', `confirm.${e.reason}`);
  throw e;
}

/** What the appeal routes need: the database (through store.ts), the audit, registration, transitions, intake. */
export interface AppealRoutesDeps {
  db: Db;
  audit: AuditRecord;
  /** audit rows in the change's own statement; did this user create this id */
  auditSql: Pick<AuditSql, 'withAudit' | 'insert' | 'hasEntry'>;
  registry: AppealRegistry;
  service: AppealService;
  submit: SubmitAppeal;
  /** signs the photos' short-lived URLs */
  photoUrls: PhotoUrls;
  /** the city (its districts' names and time zone for the citizen's page) */
  city: string;
}

export function appealRoutes(c: AppealRoutesDeps): Router {
  const r = Router();
  const visible = async (req: express.Request, id: string) => {
    const row = await c.service.row(id);
    if (!row || !canSee(req.principal!, row)) throw new HttpError(404, `no appeal ${id}`, 'id');
    return row;
  };

  r.get('/api/appeals', requirePerm('appeals:read'), async (req, res) => {
    const q = parseOr400(listQuery, req.query);
    const page = await store.listAppeals(c.db, q, req.principal!);
    if ('error' in page) throw new HttpError(page.field === 'district' ? 403 : 400, page.error, page.field);
    res.json({ items: page.items.map((x) => toView(x, false)), next: page.next, total: page.total });
  });

  r.get('/api/appeals/nearby', requirePerm('appeals:read'), async (req, res) => {
    const q = parseOr400(nearbyQuery, req.query);
    const rows = await store.nearbyAppeals(c.db, q.lat, q.lon, q.category);
    res.json({
      items: rows
        .filter((x) => x.distance <= REPEAT_RADIUS_M && canSee(req.principal!, x))
        .slice(0, 10)
        .map((x) => ({ ...toView(x, false), distanceM: Math.round(x.distance), sameCategory: x.category === q.category })),
    });
  });

  /** The appeal as this caller may see it; a view of the citizen's contact data is audited first. */
  const shown = async (req: express.Request, row: AppealRow) => {
    const p = req.principal!;
    const personal = may(p, 'personal:read') && !!row.citizen;
    if (personal) await c.audit({ actor: p.username, role: p.role, action: 'personal.view', target: `appeal:${row.id}`, ip: req.ip });
    return toView(row, personal);
  };

  r.get('/api/appeals/:id', requirePerm('appeals:read'), async (req, res) => {
    const { id } = parseOr400(idParam, req.params);
    const row = await visible(req, id);
    const appeal = await shown(req, row);
    const [timeline, repeats, photos, message] = await Promise.all([
      store.timeline(c.db, row.id),
      store.repeatChain(c.db, row),
      store.photos(c.db, row.id),
      lastMessage(c.db, row.id),
    ]);
    res.json({
      appeal,
      allowedActions: allowedActions(row.status),
      timeline: timeline.map((e) => ({ seq: e.seq, at: iso(e.at), type: e.type, from: e.from_status, to: e.to_status, actor: e.actor, role: e.role, reason: e.reason, data: e.data })),
      // repeats are matched city-wide (by place or by phone): list only those this caller may see
      repeats: repeats.filter((x) => x.id !== row.id && canSee(req.principal!, x)).map((x) => toView(x, false)),
      // signed for 10 minutes: an <img src> works without the Authorization header
      photos: photos.map((p) => ({ id: Number(p.id), mime: p.mime, size: p.size, by: p.created_by, at: iso(p.created_at), url: c.photoUrls.url(row.id, Number(p.id)) })),
      // the last message to the citizen: its state only (never the link, the recipient or a gateway's error)
      outbox: message ? messageState(message) : null,
    });
  });

  // Intake over HTTP (operator's form): the same path as MQTT — validation, dedupe, registration, live push.
  // The server's clock sets `ts`; the district (given, or from lat/lon) must be in the caller's territory; a
  // caller's own `id` is an idempotency key: a retry returns that appeal, anyone else's id is a 409 showing nothing.
  r.post('/api/appeals', requirePerm('appeals:write'), async (req, res) => {
    const p = req.principal!;
    const body = { id: `http-${randomUUID()}`, ...(req.body ?? {}), ts: new Date().toISOString() };
    const v = appealMessage.safeParse(body);
    if (!v.success) throw validationError(v.error);
    const m = v.data;
    if (m.id.startsWith(SIMULATED_ID_PREFIX)) throw new HttpError(400, `id must not start with ${SIMULATED_ID_PREFIX} (reserved for the simulator)`, 'id');
    // a district outside the territory is refused before anything is stored; without a district (none given, no
    // point, or a point outside every district) the appeal goes to the triage queue, and its creator keeps it
    const district = m.district ?? (m.lat !== undefined && m.lon !== undefined ? districtAt(m.lat, m.lon) : null);
    if (p.districts && district && !p.districts.includes(district)) throw new HttpError(403, `district ${district} is outside your territory`, 'district');
    const taken = new HttpError(409, `id ${m.id} is already used; send a new id, or none`, 'id');
    const reply = async (row: AppealRow, status: number) => {
      if (!(await c.auditSql.hasEntry({ actor: p.username, action: 'appeal.create', target: `appeal:${row.id}` }))) throw taken;
      res.status(status).json(canSee(p, row) ? await shown(req, row) : { id: row.id, number: row.number });
    };
    // with the database away nothing can be shown: the appeal is queued (and a taken id is not registered twice)
    const away = (err: unknown) => {
      if (c.db.isConnectionError(err)) return null;
      throw err;
    };
    const before = await c.service.row(m.id).catch(away);
    if (before) return reply(before, 200);
    if (await store.inIntake(c.db, m.id).catch(away)) throw taken;
    if (!c.registry.auditOnRegister(m.id, { actor: p.username, role: p.role, action: 'appeal.create', target: `appeal:${m.id}`, ip: req.ip }, p.kind === 'user' ? p.sub : undefined)) throw taken;
    await c.submit(body);
    await c.registry.whenRegistered(m.id);
    const row = await c.service.row(m.id);
    if (!row) {
      res.status(202).json({ id: m.id, queued: true, message: 'accepted; the database is unavailable and the appeal will be registered when it returns' });
      return;
    }
    await reply(row, 201);
  });

  r.post('/api/appeals/:id/transitions', requirePerm('appeals:write'), async (req, res) => {
    const { id } = parseOr400(idParam, req.params);
    const body = parseOr400(transitionBody, req.body);
    const row = await visible(req, id);
    const p = req.principal!;
    if (p.role === 'executor' && ['assign', 'confirm', 'dispute'].includes(body.action))
      throw new HttpError(403, `an executor cannot ${body.action} appeals`, 'action');
    const out = await c.service.transition(row.id, body, p, req.ip).catch(mapErrors);
    // the confirmation link went to the citizen (citizen_outbox); the executor who answered never sees it
    res.json({ appeal: out.appeal, ...(out.confirmSent ? { confirmSent: true } : {}) });
  });

  // Triage: an appeal without a district goes into a district's queue. Only those who may triage, only an appeal
  // they can see, only into their own territory (city-wide: any district).
  r.post('/api/appeals/:id/district', requirePerm('appeals:triage'), async (req, res) => {
    const { id } = parseOr400(idParam, req.params);
    const { district } = parseOr400(districtBody, req.body);
    const p = req.principal!;
    const row = await visible(req, id);
    if (p.districts && !p.districts.includes(district)) throw new HttpError(403, `district ${district} is outside your territory`, 'district');
    const appeal = await c.service.setDistrict(row.id, district, p, req.ip).catch(mapErrors);
    res.json({ appeal });
  });

  r.post(
    '/api/appeals/:id/photos',
    requirePerm('appeals:write'),
    express.raw({ type: () => true, limit: PHOTO_MAX_BYTES }),
    async (req, res) => {
      const { id } = parseOr400(idParam, req.params);
      const row = await visible(req, id);
      const buf = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      if (!buf.length) throw new HttpError(400, 'send the image bytes as the request body', 'body');
      const mime = sniffImage(buf);
      if (!mime) throw new HttpError(415, 'only JPEG, PNG or WebP images are accepted (checked by content)', 'body');
      const audit = { actor: req.principal!.username, role: req.principal!.role, action: 'appeal.photo', target: `appeal:${row.id}`, ip: req.ip, details: { size: buf.length, mime } };
      const photoId = await store.addPhoto(c.db, c.auditSql, { appealId: row.id, mime, data: buf, by: req.principal!.username }, audit);
      res.status(201).json({ id: photoId, mime, size: buf.length, url: `/api/appeals/${row.id}/photos/${photoId}` });
    },
  );

  // A photo: with a signed URL (`?exp=&sig=`, from the card or the citizen's page) no header is needed, and a
  // wrong or expired signature is a 403; without one, a bearer token of someone who may see the appeal.
  const needsToken = requirePerm('appeals:read');
  r.get(
    '/api/appeals/:id/photos/:pid',
    (req, res, next) => (req.query.sig === undefined && req.query.exp === undefined ? needsToken(req, res, next) : next()),
    async (req, res) => {
      const { id } = parseOr400(idParam, req.params);
      const pid = parseOr400(z.coerce.number().int().positive(), req.params.pid);
      const signed = req.query.sig !== undefined || req.query.exp !== undefined;
      let appealId: string;
      if (signed) {
        const check = c.photoUrls.check(id, pid, req.query.exp, req.query.sig);
        if (check !== 'ok')
          throw new HttpError(403, check === 'expired' ? 'this photo link has expired; reload the page' : 'this photo link is not valid', 'sig', check === 'expired' ? 'photo.link_expired' : 'photo.bad_signature');
        appealId = id;
      } else appealId = (await visible(req, id)).id;
      const p = await store.photoData(c.db, pid, appealId);
      if (!p) throw new HttpError(404, `no photo ${pid}`, 'pid');
      res
        .type(p.mime)
        .set('X-Content-Type-Options', 'nosniff')
        .set('Cache-Control', signed ? 'private, max-age=300' : 'private, no-store')
        .send(Buffer.from(p.data));
    },
  );

  // The last message to the citizen, its state only (the card follows a queued one until it is sent): no text,
  // no recipient, no personal data, so not audited as a view of it.
  r.get('/api/appeals/:id/outbox', requirePerm('appeals:read'), async (req, res) => {
    const { id } = parseOr400(idParam, req.params);
    const row = await visible(req, id);
    const m = await lastMessage(c.db, row.id);
    res.json({ outbox: m ? messageState(m) : null });
  });

  // A new confirmation link to the citizen (the last message lost, failed or expired): those who may answer the
  // appeal (appeals:write) in its territory; audited; the link itself goes only to the outbox.
  r.post('/api/appeals/:id/outbox/resend', requirePerm('appeals:write'), async (req, res) => {
    const { id } = parseOr400(idParam, req.params);
    const p = req.principal!;
    const row = await c.service.row(id);
    if (!row) throw new HttpError(404, `no appeal ${id}`, 'id');
    if (!canSee(p, row)) throw new HttpError(403, `appeal ${row.number} is outside your territory`, 'district', 'auth.outside_territory');
    await c.service.resendConfirm(row.id, p, req.ip).catch(mapErrors);
    const m = await lastMessage(c.db, row.id);
    res.status(201).json({ outbox: m ? messageState(m) : null });
  });

  // The citizen's confirmation link: public, the token is the credential. What the citizen sees: the appeal's
  // number, category, street (not the house or flat), dates, their own words without contact data, the
  // official's answer and the photo report (signed URLs) — never a name, phone or e-mail. A used or expired link
  // (or an appeal no longer waiting) is a 410 `confirm.used` / `confirm.expired` / `confirm.closed`.
  const tokenParam = z.string().regex(/^[A-Za-z0-9_-]{20,40}$/, 'token');
  r.get('/api/confirm/:token', async (req, res) => {
    const token = parseOr400(tokenParam, req.params.token);
    const row = await c.service.confirmable(token).catch(mapErrors);
    const photos = await store.photos(c.db, row.id);
    const city = cities[c.city];
    const d = city?.districts.features.find((f) => f.properties.id === row.district)?.properties;
    res.set('Cache-Control', 'no-store').json({
      number: row.number,
      category: row.category,
      district: d ? { id: d.id, ru: d.name_ru, kk: d.name_kk, en: d.name_en } : null,
      timeZone: city?.timeZone ?? null,
      address: streetLevel(row.address),
      registeredAt: iso(row.registered_at),
      answeredAt: row.answered_at == null ? null : iso(row.answered_at),
      text: redactText(row.text, row.citizen),
      answer: row.answer,
      status: row.status,
      photos: photos.map((p) => ({ id: Number(p.id), mime: p.mime, at: iso(p.created_at), url: c.photoUrls.url(row.id, Number(p.id)) })),
    });
  });
  r.post('/api/confirm/:token', async (req, res) => {
    const token = parseOr400(tokenParam, req.params.token);
    const body = parseOr400(confirmBody, req.body);
    const v = await c.service.confirmByToken(token, body.satisfied, body.comment, req.ip).catch(mapErrors);
    // what happened, for the citizen's page: closed, or back with the executor
    res.json({ number: v.number, status: v.status, result: body.satisfied ? 'closed' : 'returned' });
  });

  r.get('/api/problems', requirePerm('stats:read'), async (req, res) => {
    const p = req.principal!;
    const rows = await store.systemicProblems(c.db, p.districts ?? null);
    // a wall screen (stats without appeals) is public to the room: the street, not the house or flat of one appeal
    const street = !may(p, 'appeals:read');
    res.json({ items: rows.map((x) => ({ ...x, ...(street ? { address: streetLevel(x.address) } : {}), first_at: iso(x.first_at), last_at: iso(x.last_at), updated_at: iso(x.updated_at) })) });
  });
  return r;
}
