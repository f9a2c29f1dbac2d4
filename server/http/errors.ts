// JSON errors for the API: a 4xx names the field; a 5xx never carries a stack trace to the client.
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { z } from 'zod';
import { describeIssues } from '../../ingest/schema';

export class HttpError extends Error {
  constructor(
    public status: number,
    message: string,
    public field?: string,
  ) {
    super(message);
  }
}

/** Parses a request part with a zod schema, or throws a 400 naming the first bad field. */
export function parseOr400<T>(schema: z.ZodType<T>, value: unknown): T {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const first = r.error.issues[0];
  throw new HttpError(400, describeIssues(r.error), first?.path.join('.') || undefined);
}

export const notFound: RequestHandler = (req, res) => {
  res.status(404).json({ error: 'not_found', message: `no route ${req.method} ${req.path}` });
};

export function errorHandler(log: { error: (o: object, m: string) => void }): ErrorRequestHandler {
  return (err, req, res, _next) => {
    if (err instanceof HttpError) {
      const error = { 400: 'bad_request', 403: 'forbidden', 404: 'not_found', 409: 'conflict', 503: 'busy' }[err.status] ?? 'bad_request';
      res.status(err.status).json({ error, message: err.message, ...(err.field ? { field: err.field } : {}) });
      return;
    }
    // body-parser errors (bad JSON, too large) carry a status
    const status = typeof err?.status === 'number' && err.status >= 400 && err.status < 500 ? err.status : 500;
    if (status >= 500) log.error({ err, path: req.path }, 'request failed');
    res.status(status).json({
      error: status >= 500 ? 'internal_error' : err.type ?? 'bad_request',
      message: status >= 500 ? 'internal error' : err.message,
    });
  };
}
