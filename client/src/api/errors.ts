// What went wrong, in words a person can act on: a message key of the `net` namespace
// (client/src/resilience/messages.ts) and, for a refusal with the server's own message, that message.
import { ApiError } from './http';

export type ErrorKind = 'network' | 'unavailable' | 'server' | 'denied' | 'signedOut' | 'notFound' | 'invalid' | 'tooMany' | 'unknown';

export interface Described {
  kind: ErrorKind;
  /** i18n key */
  key: string;
  status: number;
  /** the server's message for a request it refused (400/409/422), else '' */
  detail: string;
  /** whether trying again may help */
  retryable: boolean;
}

export function describeError(e: unknown): Described {
  const status = e instanceof ApiError ? e.status : 0;
  const kind: ErrorKind =
    !(e instanceof ApiError) ? (e instanceof TypeError ? 'network' : 'unknown')
    : status === 0 ? 'network'
    : status === 502 || status === 503 || status === 504 ? 'unavailable'
    : status >= 500 ? 'server'
    : status === 401 ? 'signedOut'
    : status === 403 ? 'denied'
    : status === 404 ? 'notFound'
    : status === 429 ? 'tooMany'
    : status === 400 || status === 409 || status === 422 ? 'invalid'
    : 'unknown';
  const detail = kind === 'invalid' && e instanceof ApiError ? e.message : '';
  return { kind, key: `net.error.${kind}`, status, detail, retryable: ['network', 'unavailable', 'server', 'tooMany', 'unknown'].includes(kind) };
}
