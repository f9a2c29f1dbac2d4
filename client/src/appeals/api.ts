import { api } from '../api/http';

export interface Appeal {
  id: string;
  number: string;
  kind: string;
  ts: string;
  registeredAt: string;
  channel: string;
  category: string;
  sphere: string;
  text: string;
  lat: number | null;
  lon: number | null;
  address: string | null;
  district: string | null;
  citizen?: { name?: string; phone?: string; email?: string } | null;
  about: { org: string | null; official: string | null } | null;
  status: string;
  executor: string | null;
  manager: string | null;
  dueAt: string;
  extendedUntil: string | null;
  answeredAt: string | null;
  resolvedAt: string | null;
  answer: string | null;
  reroutes: number;
  repeatOf: string | null;
  repeats: number;
  formal: { score: number; reasons: { code: string; weight: number; detail: string }[] } | null;
  sla: string;
  predictedAt: string | null;
  flags: string[];
  rev: number;
}

export interface AppealDetail {
  appeal: Appeal;
  allowedActions: string[];
  timeline: { seq: number; at: string; type: string; from: string | null; to: string | null; actor: string; role: string | null; reason: string | null; data: any }[];
  repeats: Appeal[];
  photos: { id: number; mime: string; size: number; url: string; at: string; by: string }[];
}

export const listAppeals = (q: Record<string, string>) => api<{ items: Appeal[]; next: string | null }>(`/api/appeals?${new URLSearchParams(q)}`);
export const getAppeal = (id: string) => api<AppealDetail>(`/api/appeals/${encodeURIComponent(id)}`);
export const transition = (id: string, body: Record<string, unknown>) => api<{ appeal: Appeal; confirmUrl?: string }>(`/api/appeals/${encodeURIComponent(id)}/transitions`, { method: 'POST', json: body });
export const organisations = () => api<{ organisations: { id: string; name_ru: string; name_en: string }[] }>('/api/routing-rules');
