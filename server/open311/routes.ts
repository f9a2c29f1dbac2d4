// Open311 GeoReport v2 at /open311/v2/ (http://wiki.open311.org/GeoReport_v2): discovery, services,
// service definitions, requests (GET with filters, POST with api_key, form-encoded), one request, tokens, and the
// servicerequestupdates extension — in .json and .xml. Public GETs never show a citizen's contact data: texts are
// redacted (ingest/schema/redact.ts), addresses cut to the street, and complaints about officials are not listed.
import { randomUUID } from 'node:crypto';
import express, { Router, type ErrorRequestHandler, type Request, type Response } from 'express';
import type { Logger } from 'pino';
import { answeredStatuses, appealMessage, categoryIds, describeIssues, spheres, type AppealStatus } from '../../ingest/schema';
import type { AppealRow, AppealsApi } from '../appeals';
import type { ApiKeys } from './keys';
import { iso } from '../dialects/iso';
import { render, renderErrors, renderObject, type Format } from './format';
import { redactText, streetLevel } from '../../ingest/schema/redact';

const BASE = '/open311/v2/';
const serviceName = new Map(spheres.flatMap((s) => s.categories.map((c) => [c.id, { name: c.name_ru, en: c.name_en, group: s.name_ru }] as const)));

export const isClosed = (status: string) => answeredStatuses.includes(status as AppealStatus);

function statusNotes(r: AppealRow): string {
  switch (r.status) {
    case 'citizen_confirmed':
      return 'resolved, confirmed by the citizen';
    case 'answered':
      return 'answered; awaiting the citizen’s confirmation';
    case 'closed':
      return 'closed without the citizen’s confirmation';
    case 'rejected':
    case 'out_of_scope_court':
      return `rejected: ${redactText(r.answer, r.citizen)}`.trim();
    default:
      return r.status.replace(/_/g, ' ');
  }
}

function toRequest(r: AppealRow, orgName: (id: string) => string) {
  const svc = serviceName.get(r.category);
  return {
    service_request_id: r.number,
    status: isClosed(r.status) ? 'closed' : 'open',
    status_notes: statusNotes(r),
    service_name: svc?.name ?? r.category,
    service_code: r.category,
    description: redactText(r.text, r.citizen),
    agency_responsible: r.executor_org ? orgName(r.executor_org) : null,
    service_notice: null,
    requested_datetime: iso(r.registered_at),
    updated_datetime: iso(r.updated_at),
    expected_datetime: iso(r.extended_until ?? r.due_at),
    address: streetLevel(r.address),
    address_id: null,
    zipcode: null,
    lat: r.lat,
    long: r.lon,
    media_url: null,
  };
}

// a W3C date-time (or date), as the spec asks: 2026-11-24, 2026-11-24T10:00:00Z, 2026-11-24T10:00:00+05:00
const W3C_DATE = /^[1-9]\d{3}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/** A date parameter as an ISO instant, or a 400 naming it. */
function w3cDate(name: string, v: string): string {
  const t = W3C_DATE.test(v) ? Date.parse(v) : NaN;
  if (Number.isNaN(t)) throw new Open311Error(400, 400, `${name} must be a W3C date-time (e.g. 2026-11-24T10:00:00Z)`);
  return new Date(t).toISOString();
}

/** Query or form fields, each given at most once (a repeated one is a 400 naming it, never an array downstream). */
function single(fields: unknown): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries((fields ?? {}) as Record<string, unknown>)) {
    if (Array.isArray(v)) throw new Open311Error(400, 400, `${k} must be given once`);
    if (typeof v !== 'string') throw new Open311Error(400, 400, `${k} must be a form field (application/x-www-form-urlencoded text)`);
    out[k] = v;
  }
  return out;
}

class Open311Error extends Error {
  constructor(
    public status: number,
    public code: number,
    message: string,
  ) {
    super(message);
  }
}

/** What Open311 needs: the appeals' public reads and intake (never their tables), its own keys, a log. */
export interface Open311RoutesDeps {
  log: Logger;
  keys: ApiKeys;
  appeals: Pick<AppealsApi, 'publicAppeals' | 'publicUpdates' | 'orgName' | 'intake'>;
}

export function open311Routes(c: Open311RoutesDeps): Router {
  const r = Router();
  const orgName = (id: string) => c.appeals.orgName(id);
  const send = (res: Response, f: Format, out: { type: string; body: string }, status = 200) => res.status(status).type(out.type).send(out.body);

  const parse = (req: Request): { resource: string; arg?: string; format: Format } => {
    const rest = req.path.slice(BASE.length - 1).replace(/^\//, '');
    const m = /^(.*)\.(json|xml)$/.exec(rest);
    if (!m) throw new Open311Error(404, 404, 'unknown resource or format: use .json or .xml');
    const [resource, ...args] = m[1].split('/');
    let arg: string | undefined;
    try {
      arg = args.length ? decodeURIComponent(args.join('/')) : undefined;
    } catch {
      throw new Open311Error(400, 400, 'malformed id in the path');
    }
    return { resource, arg, format: m[2] as Format };
  };

  const handle = (fn: (req: Request, res: Response, p: ReturnType<typeof parse>) => Promise<void>) => async (req: Request, res: Response) => {
    let format: Format = /\.xml$/.test(req.path) ? 'xml' : 'json';
    try {
      const p = parse(req);
      format = p.format;
      await fn(req, res, p);
    } catch (e) {
      const err = e instanceof Open311Error ? e : null;
      if (!err) c.log.error({ err: e }, 'open311 request failed');
      send(res, format, renderErrors(format, [{ code: err?.code ?? 500, description: err?.message ?? 'internal error' }]), err?.status ?? 500);
    }
  };


  r.get(
    `${BASE}*path`,
    handle(async (req, res, p) => {
      const q = single(req.query);
      switch (p.resource) {
        case 'discovery':
          return void send(res, p.format, renderObject(p.format, 'discovery', {
            changeset: '2026-11-23T00:00:00Z',
            contact: 'iKOMEK 109',
            key_service: 'API keys are issued by the situation centre administrator',
            endpoints: [{ specification: 'http://wiki.open311.org/GeoReport_v2', url: `${req.protocol}://${req.get('host')}/open311/v2`, changeset: '2026-11-23T00:00:00Z', type: 'production', formats: ['application/json', 'text/xml'] }],
          }));
        case 'services':
          if (p.arg) {
            if (!serviceName.has(p.arg)) throw new Open311Error(404, 404, `unknown service_code ${p.arg}`);
            return void send(res, p.format, renderObject(p.format, 'service_definition', { service_code: p.arg, attributes: [] }));
          }
          return void send(res, p.format, render(p.format, 'services', 'service', categoryIds.map((id) => {
            const s = serviceName.get(id)!;
            return { service_code: id, service_name: s.name, description: s.en, metadata: false, type: 'realtime', keywords: id.replace('.', ','), group: s.group };
          })));
        case 'requests': {
          if (p.arg) {
            const rows = await c.appeals.publicAppeals({ numberOrId: p.arg }, 1);
            if (!rows.length) throw new Open311Error(404, 404, `no service request ${p.arg}`);
            return void send(res, p.format, render(p.format, 'service_requests', 'request', rows.map((x) => toRequest(x, orgName))));
          }
          // without dates the spec asks for the last 90 days
          const since = q.start_date !== undefined ? w3cDate('start_date', q.start_date) : new Date(Date.now() - 90 * 86400_000).toISOString();
          const until = q.end_date !== undefined ? w3cDate('end_date', q.end_date) : undefined;
          if (q.status && !['open', 'closed'].includes(q.status)) throw new Open311Error(400, 400, 'status must be open or closed');
          const rows = await c.appeals.publicAppeals({
            ...(q.service_request_id ? { numbers: q.service_request_id.split(',').map((s) => s.trim()).slice(0, 200) } : {}),
            ...(q.service_code ? { categories: q.service_code.split(',').map((s) => s.trim()) } : {}),
            since,
            ...(until !== undefined ? { until } : {}),
            ...(q.status ? { closed: q.status === 'closed' } : {}),
          });
          return void send(res, p.format, render(p.format, 'service_requests', 'request', rows.map((x) => toRequest(x, orgName))));
        }
        case 'tokens': {
          if (!p.arg) throw new Open311Error(400, 400, 'token missing');
          const rows = await c.appeals.publicAppeals({ id: p.arg }, 1);
          if (!rows.length) throw new Open311Error(404, 404, `no request for token ${p.arg} yet`);
          return void send(res, p.format, render(p.format, 'service_requests', 'request', [{ service_request_id: rows[0].number, token: p.arg }]));
        }
        case 'servicerequestupdates': {
          const since = q.start_date !== undefined ? w3cDate('start_date', q.start_date) : new Date(Date.now() - 86400_000).toISOString();
          const until = q.end_date !== undefined ? w3cDate('end_date', q.end_date) : undefined;
          const rows = await c.appeals.publicUpdates(since, until);
          return void send(res, p.format, render(p.format, 'service_request_updates', 'request_update', rows.map((x) => ({
            update_id: `${x.number}-${x.seq}`,
            service_request_id: x.number,
            status: isClosed(x.to_status ?? '') ? 'closed' : 'open',
            updated_datetime: iso(x.at),
            description: x.type === 'answer' ? redactText(x.answer, x.citizen) : (x.to_status ?? x.type).replace(/_/g, ' '),
            media_url: null,
          }))));
        }
        default:
          throw new Open311Error(404, 404, `unknown resource ${p.resource}`);
      }
    }),
  );

  r.post(
    `${BASE}*path`,
    express.urlencoded({ extended: false, limit: '64kb' }),
    handle(async (req, res, p) => {
      if (p.resource !== 'requests' || p.arg) throw new Open311Error(404, 404, 'POST goes to requests.json or requests.xml');
      const b = single(req.body);
      const keyName = await c.keys.check(b.api_key);
      if (!keyName) throw new Open311Error(403, 403, 'invalid api_key');
      if (!b.service_code) throw new Open311Error(400, 400, 'service_code is required');
      if (!serviceName.has(b.service_code)) throw new Open311Error(400, 400, `unknown service_code ${b.service_code}`);
      // an empty field is an absent one: `lat=&long=` is no position, never (0, 0)
      const lat = b.lat?.trim() ? Number(b.lat) : undefined;
      const lon = b.long?.trim() ? Number(b.long) : undefined;
      if ((lat === undefined) !== (lon === undefined)) throw new Open311Error(400, 400, `${lat === undefined ? 'lat' : 'long'}: lat and long come together`);
      if (lat === undefined && !b.address_string?.trim() && !b.address_id?.trim())
        throw new Open311Error(400, 400, 'a location is required: lat and long, or address_string');
      const name = [b.first_name, b.last_name].filter(Boolean).join(' ');
      const msg = {
        id: `o311-${randomUUID()}`,
        ts: new Date().toISOString(),
        channel: 'akimat_website',
        category: b.service_code,
        text: b.description?.trim() || serviceName.get(b.service_code)!.name,
        ...(lat !== undefined && lon !== undefined ? { lat, lon } : {}),
        ...(b.address_string ? { address: b.address_string } : {}),
        ...(name || b.phone || b.email ? { citizen: { ...(name ? { name } : {}), ...(b.phone ? { phone: b.phone } : {}), ...(b.email ? { email: b.email } : {}) } } : {}),
      };
      const v = appealMessage.safeParse(msg);
      if (!v.success) throw new Open311Error(400, 400, describeIssues(v.error).replace(/^lon:/, 'long:'));
      // the audit row is written by the registration's own transaction
      const row = await c.appeals.intake(msg, { actor: `open311:${keyName}`, action: 'appeal.create', target: `appeal:${msg.id}`, ip: req.ip });
      const out = row ? { service_request_id: row.number, service_notice: `Срок рассмотрения до ${iso(row.due_at).slice(0, 10)}`, account_id: null } : { token: msg.id };
      send(res, p.format, render(p.format, 'service_requests', 'request', [out]), 201);
    }),
  );
  // what fails before a handler (a path that does not decode, a form too large) in the spec's error shape too
  r.use(BASE, ((err, req, res, next) => {
    if (res.headersSent) return next(err);
    const status = typeof err?.status === 'number' && err.status >= 400 && err.status < 500 ? err.status : 500;
    if (status >= 500) c.log.error({ err }, 'open311 request failed');
    const format: Format = /\.xml$/.test(req.path) ? 'xml' : 'json';
    const description = status >= 500 ? 'internal error' : err instanceof URIError ? 'malformed id in the path' : String(err.message);
    send(res, format, renderErrors(format, [{ code: status, description }]), status);
  }) as ErrorRequestHandler);
  return r;
}
