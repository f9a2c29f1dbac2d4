import { api } from '../api/http';
import type { MessageState } from '../citizen/api';

export type { AppealView as Appeal } from '../../../ingest/schema';
import type { AppealView as Appeal } from '../../../ingest/schema';

export interface AppealDetail {
  appeal: Appeal;
  allowedActions: string[];
  timeline: { seq: number; at: string; type: string; from: string | null; to: string | null; actor: string; role: string | null; reason: string | null; data: any }[];
  repeats: Appeal[];
  /** signed for 10 minutes: usable as an <img src> */
  photos: { id: number; mime: string; size: number; url: string; at: string; by: string }[];
  /** the last message to the citizen (its state only) */
  outbox?: MessageState | null;
}

/** `total` (the count for the filter) when the server gives it. */
export const listAppeals = (q: Record<string, string>) => api<{ items: Appeal[]; next: string | null; total?: number }>(`/api/appeals?${new URLSearchParams(q)}`);
export const getAppeal = (id: string) => api<AppealDetail>(`/api/appeals/${encodeURIComponent(id)}`);
export const transition = (id: string, body: Record<string, unknown>) => api<{ appeal: Appeal; confirmSent?: boolean }>(`/api/appeals/${encodeURIComponent(id)}/transitions`, { method: 'POST', json: body });
export interface OrganisationNames {
  id: string;
  name_ru: string;
  name_kk: string;
  name_en: string;
}
export const organisations = () => api<{ organisations: OrganisationNames[] }>('/api/routing-rules');
