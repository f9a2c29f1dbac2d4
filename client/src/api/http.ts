// fetch for the API: adds the bearer token, refreshes an expired session once, turns errors into ApiError whose
// message is in the screen's language (from the answer's `code` and `field`, see ./errors.ts). Every request counts
// in `net` (progress bar, and the badge's "server not answering"); no answer at all is an ApiError with status 0
// and code `request.network`. A 401 ends the session (after one refresh); a 403 is a refusal of this one request
// and does not.
import { useSession } from '../auth/session';
import { net, recordRest, tracked } from './net';
import { errorText, type ErrorParams } from './errors';
import { ApiError } from './api-error';

export { ApiError };

export { net };

export async function api<T = any>(path: string, init: RequestInit & { json?: unknown } = {}, retried = false): Promise<T> {
  const session = useSession();
  const headers = new Headers(init.headers);
  if (session.token) headers.set('authorization', `Bearer ${session.token}`);
  if (init.json !== undefined) headers.set('content-type', 'application/json');
  const res = await tracked(() => fetch(path, { ...init, headers, body: init.json !== undefined ? JSON.stringify(init.json) : init.body })).catch((e) => {
    recordRest(0);
    throw new ApiError(0, errorText(0), undefined, 'request.network', undefined, (e as Error).message);
  });
  recordRest(res.status);
  if (res.status === 401 && !retried) {
    // a refresh that gets no answer keeps the session: this request fails as "no connection"
    const refreshed = await session.refresh().catch((e) => {
      throw new ApiError(0, errorText(0), undefined, 'request.network', undefined, (e as Error).message);
    });
    if (refreshed) return api(path, init, true);
  }
  if (res.status === 401) session.expire();
  const type = res.headers.get('content-type') ?? '';
  const body = type.includes('json') ? await res.json().catch(() => null) : res.status === 204 ? null : await res.text().catch(() => '');
  if (!res.ok) {
    const b = body && typeof body === 'object' ? (body as { code?: string; field?: string; params?: ErrorParams; message?: string }) : {};
    throw new ApiError(res.status, errorText(res.status, b.code, b.field, b.params), b.field, b.code, b.params, b.message ?? res.statusText);
  }
  return body as T;
}
