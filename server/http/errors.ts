// JSON errors for the API: a 4xx names the field and carries a stable `code` the client translates; a 5xx never
// carries a stack trace to the client.
//
// Every 4xx JSON body is `{error, code, message, field?, params?}`:
// - `code` is stable and dotted (`validation.too_small`, `auth.bad_credentials`, `appeal.not_found`, …; the list is
//   in README "HTTP API"); `message` stays English for logs and curl; `params` holds what a translation needs
//   (e.g. `{minimum: 3, maximum: 40}`).
// - A `HttpError` may name its code; otherwise `errorCodes` (mounted before every route) fills in one from the
//   route's domain and the status, also for answers written without HttpError (the auth middleware, rate limits).
import type { ErrorRequestHandler, Request, RequestHandler } from 'express';
import { z } from 'zod';
import { describeIssues } from '../../ingest/schema';

export type ErrorParams = Record<string, string | number>;

export class HttpError extends Error {
  constructor(
    public status: number,
    message: string,
    public field?: string,
    public code?: string,
    public params?: ErrorParams,
  ) {
    super(message);
  }
}

/** A 400 for a failed zod parse: `validation.<issue code>` of the first issue, its field and bounds. */
export function validationError(err: z.ZodError): HttpError {
  const first = err.issues[0] as (z.core.$ZodIssue & { minimum?: unknown; maximum?: unknown; origin?: string; format?: string }) | undefined;
  const params: ErrorParams = {};
  for (const k of ['minimum', 'maximum'] as const) {
    const v = first?.[k];
    if (typeof v === 'number' || typeof v === 'bigint') params[k] = Number(v);
  }
  if (first?.origin) params.origin = first.origin;
  if (first?.format) params.format = first.format;
  return new HttpError(400, describeIssues(err), first?.path.join('.') || undefined, `validation.${first?.code ?? 'invalid'}`, Object.keys(params).length ? params : undefined);
}

/** Parses a request part with a zod schema, or throws a 400 naming the first bad field. */
export function parseOr400<T>(schema: z.ZodType<T>, value: unknown): T {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  throw validationError(r.error);
}

/** The feature a path belongs to, as the first part of an error code. */
function domain(path: string): string {
  const rules: [RegExp, string][] = [
    [/^\/api\/users/, 'user'],
    [/^\/api\/wall-tokens/, 'wall_token'],
    [/^\/api\/auth\//, 'auth'],
    [/^\/api\/appeals\/[^/]+\/photos/, 'photo'],
    [/^\/api\/appeals/, 'appeal'],
    [/^\/api\/confirm/, 'confirm'],
    [/^\/api\/routing-rules/, 'routing'],
    [/^\/api\/organisations/, 'organisation'],
    [/^\/api\/open311-keys/, 'api_key'],
    [/^\/api\/(snapshot|config|stats)/, 'live'],
    [/^\/api\/dead-letters/, 'dead_letter'],
    [/^\/api\/audit/, 'audit'],
    [/^\/api\/outbox/, 'outbox'],
    [/^\/api\/problems/, 'problem'],
    [/^\/api\/crews/, 'crew'],
    [/^\/osmand/, 'osmand'],
  ];
  return rules.find(([re]) => re.test(path))?.[1] ?? 'request';
}

/** The stable code of a 4xx answer that did not name one. */
export function errorCode(req: Pick<Request, 'path'>, status: number, body: { error?: unknown; field?: unknown }): string {
  const d = domain(req.path);
  const field = typeof body.field === 'string' ? body.field : '';
  if (body.error === 'entity.parse.failed') return 'request.bad_json';
  if (status === 401) return /^\/api\/auth\/login/.test(req.path) ? 'auth.bad_credentials' : /^\/api\/auth\/refresh/.test(req.path) ? 'auth.session_expired' : 'auth.required';
  if (status === 403) return /^district/.test(field) ? 'auth.outside_territory' : 'auth.forbidden';
  if (status === 429) return d === 'auth' ? 'auth.too_many_attempts' : 'request.too_many';
  if (status === 413) return 'request.too_large';
  if (status === 415) return `${d}.unsupported_type`;
  if (status === 404) return body.error === 'not_found' && d === 'request' ? 'request.no_route' : `${d}.not_found`;
  if (status === 409) return field === 'username' ? 'user.taken' : field === 'id' ? `${d}.id_taken` : `${d}.conflict`;
  if (status === 422) return `${d}.not_allowed`;
  return `${d}.invalid`;
}

/** Adds a `code` to every 4xx JSON object that lacks one. Mounted before the routes. */
export const errorCodes: RequestHandler = (req, res, next) => {
  const json = res.json.bind(res);
  res.json = (body?: unknown) => {
    if (res.statusCode >= 400 && res.statusCode < 500 && body && typeof body === 'object' && !Array.isArray(body) && !('code' in body))
      body = { ...body, code: errorCode(req, res.statusCode, body as { error?: unknown; field?: unknown }) };
    return json(body);
  };
  next();
};

export const notFound: RequestHandler = (req, res) => {
  res.status(404).json({ error: 'not_found', code: 'request.no_route', message: `no route ${req.method} ${req.path}` });
};

export function errorHandler(log: { error: (o: object, m: string) => void }): ErrorRequestHandler {
  return (err, req, res, _next) => {
    if (err instanceof HttpError) {
      const error = { 400: 'bad_request', 403: 'forbidden', 404: 'not_found', 409: 'conflict', 410: 'gone', 503: 'busy' }[err.status] ?? 'bad_request';
      res.status(err.status).json({
        error,
        ...(err.code ? { code: err.code } : {}),
        message: err.message,
        ...(err.field ? { field: err.field } : {}),
        ...(err.params ? { params: err.params } : {}),
      });
      return;
    }
    // body-parser errors (bad JSON, too large) carry a status
    const status = typeof err?.status === 'number' && err.status >= 400 && err.status < 500 ? err.status : 500;
    if (status >= 500) log.error({ err, path: req.path }, 'request failed');
    res.status(status).json({
      error: status >= 500 ? 'internal_error' : err.type ?? 'bad_request',
      ...(status < 500 ? { code: err.type === 'entity.parse.failed' ? 'request.bad_json' : err.type === 'entity.too.large' ? 'request.too_large' : errorCode(req, status, {}) } : {}),
      message: status >= 500 ? 'internal error' : err.message,
    });
  };
}
