// fetch for the API: adds the bearer token, refreshes an expired session once, turns errors into ApiError.
import { useSession } from '../auth/session';

export class ApiError extends Error {
  constructor(
    public status: number,
    message: string,
    public field?: string,
  ) {
    super(message);
  }
}

export async function api<T = any>(path: string, init: RequestInit & { json?: unknown } = {}, retried = false): Promise<T> {
  const session = useSession();
  const headers = new Headers(init.headers);
  if (session.token) headers.set('authorization', `Bearer ${session.token}`);
  if (init.json !== undefined) headers.set('content-type', 'application/json');
  const res = await fetch(path, { ...init, headers, body: init.json !== undefined ? JSON.stringify(init.json) : init.body });
  if (res.status === 401 && !retried && (await session.refresh())) return api(path, init, true);
  if (res.status === 401) session.expire();
  const type = res.headers.get('content-type') ?? '';
  const body = type.includes('json') ? await res.json() : res.status === 204 ? null : await res.text();
  if (!res.ok) throw new ApiError(res.status, (body && body.message) || res.statusText, body?.field);
  return body as T;
}
