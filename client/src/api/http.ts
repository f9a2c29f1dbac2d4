// fetch for the API: adds the bearer token, refreshes an expired session once, turns errors into ApiError.
// Every request counts in `net` (progress bar, and the badge's "server not answering"); no answer at all is an
// ApiError with status 0 and code `network`. A 401 ends the session (after one refresh); a 403 is a refusal of
// this one request and does not.
import { useSession } from '../auth/session';
import { net, recordRest, tracked } from './net';

export class ApiError extends Error {
  constructor(
    public status: number,
    message: string,
    public field?: string,
    /** the server's error code (`bad_request`, `not_found` …), or `network` when there was no answer */
    public code?: string,
  ) {
    super(message);
  }
}

export { net };

export async function api<T = any>(path: string, init: RequestInit & { json?: unknown } = {}, retried = false): Promise<T> {
  const session = useSession();
  const headers = new Headers(init.headers);
  if (session.token) headers.set('authorization', `Bearer ${session.token}`);
  if (init.json !== undefined) headers.set('content-type', 'application/json');
  const res = await tracked(() => fetch(path, { ...init, headers, body: init.json !== undefined ? JSON.stringify(init.json) : init.body })).catch((e) => {
    recordRest(0);
    throw new ApiError(0, (e as Error).message, undefined, 'network');
  });
  recordRest(res.status);
  if (res.status === 401 && !retried) {
    // a refresh that gets no answer keeps the session: this request fails as "no connection"
    const refreshed = await session.refresh().catch((e) => {
      throw new ApiError(0, (e as Error).message, undefined, 'network');
    });
    if (refreshed) return api(path, init, true);
  }
  if (res.status === 401) session.expire();
  const type = res.headers.get('content-type') ?? '';
  const body = type.includes('json') ? await res.json().catch(() => null) : res.status === 204 ? null : await res.text().catch(() => '');
  if (!res.ok) throw new ApiError(res.status, (body && body.message) || res.statusText, body?.field, body?.error);
  return body as T;
}
