// The server's error codes in the screen's language: `{code, field, params}` of a 4xx answer (server/http/errors.ts)
// become "Логин: слишком коротко (не меньше 3 симв.)"; the server's English `message` is never shown. And what
// went wrong with a request as a whole (`describeError`), in words a person can act on: a message key of the `net`
// namespace (client/src/resilience/messages.ts) and, for a refusal, the translated reason.
import { i18n } from '../i18n';
import { ApiError, type ErrorParams } from './api-error';

export type { ErrorParams };


const t = (key: string, named?: Record<string, unknown>) => (named ? i18n.global.t(key, named) : i18n.global.t(key));
const te = (key: string) => i18n.global.te(key, 'ru');

const fieldKey = (field: string) =>
  field
    .split('.')
    .filter((p) => !/^\d+$/.test(p))
    .join('_');

/** A field path from the server (`districts.0`, `citizen.phone`, `3.org`) as its label. */
export function fieldLabel(field: string): string {
  const key = fieldKey(field);
  return te(`fields.${key}`) ? t(`fields.${key}`) : t('fields.other');
}

/** The text for an error answer: by code (and field, params), else by HTTP status. */
export function errorText(status: number, code?: string, field?: string, params?: ErrorParams): string {
  let text = '';
  if (code) {
    const [area, kind = 'invalid'] = code.split('.');
    const origin = params?.origin;
    // the most particular first: this field's own rule (a username's pattern), the kind of value, the code, any area
    const keys = [field ? `errors.${area}.${kind}_${fieldKey(field)}` : '', origin ? `errors.${area}.${kind}_${origin}` : '', `errors.${area}.${kind}`, `errors.any.${kind}`].filter(Boolean);
    const key = keys.find(te);
    text = key ? t(key, { minimum: '', maximum: '', ...params }) : '';
  }
  if (!text) text = te(`errors.status.${status}`) ? t(`errors.status.${status}`) : status >= 500 ? t('errors.status.500') : t('errors.any.invalid');
  // a validation message names its field; the others are whole sentences
  return field && code?.startsWith('validation.') ? t('errors.withField', { field: fieldLabel(field), message: text }) : text;
}


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
