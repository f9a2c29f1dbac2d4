// The citizen's page talks to the two public endpoints behind the link (no session, no bearer token):
// GET /api/confirm/:token (the appeal as the citizen may see it) and POST /api/confirm/:token (the answer).
// Failures come back as a kind the page puts in words: the link used, expired, closed or unknown, no connection.

export interface CitizenAppeal {
  number: string;
  category: string;
  district: { id: string; ru: string; kk: string; en: string } | null;
  timeZone: string | null;
  address: string | null;
  registeredAt: string;
  answeredAt: string | null;
  text: string;
  answer: string | null;
  status: string;
  photos: { id: number; mime: string; at: string; url: string }[];
}

export type LinkProblem = 'used' | 'expired' | 'closed' | 'notFound' | 'offline' | 'failed';

export class LinkError extends Error {
  constructor(public problem: LinkProblem) {
    super(problem);
  }
}

/** The kind of failure of an answer from the link's endpoints. */
export function problemOf(status: number, code: string | undefined): LinkProblem {
  if (status === 410) return code === 'confirm.used' ? 'used' : code === 'confirm.closed' ? 'closed' : 'expired';
  if (status === 404 || (status === 400 && code?.startsWith('validation.'))) return 'notFound';
  if (status === 0 || status === 502 || status === 503 || status === 504) return 'offline';
  return 'failed';
}

async function call<T>(token: string, init?: RequestInit): Promise<T> {
  let res: Response;
  try {
    res = await fetch(`/api/confirm/${encodeURIComponent(token)}`, init);
  } catch {
    throw new LinkError('offline');
  }
  const body = (await res.json().catch(() => null)) as (T & { code?: string }) | null;
  if (!res.ok || !body) throw new LinkError(problemOf(res.status, body?.code));
  return body;
}

export const loadAppeal = (token: string) => call<CitizenAppeal>(token);

export const sendAnswer = (token: string, satisfied: boolean, comment: string) =>
  call<{ number: string; status: string; result: 'closed' | 'returned' }>(token, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ satisfied, ...(comment.trim() ? { comment: comment.trim() } : {}) }),
  });

/** The card's view of the last message to the citizen (GET /api/appeals/:id → `outbox`): never its text or recipient. */
export interface MessageState {
  state: 'queued' | 'sent' | 'failed';
  channel: 'sms' | 'email' | 'log';
  createdAt: string;
  sentAt: string | null;
  attempts: number;
  deliveredBy: string | null;
}
