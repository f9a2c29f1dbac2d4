// The admin console's calls to the existing endpoints (README, "Accounts, roles and territory").
import { api } from '../api/http';

export interface AdminUser {
  id: string;
  username: string;
  displayName: string | null;
  role: string;
  districts: string[] | null;
  organisations: string[];
  disabled: boolean;
  createdAt: string;
}
export interface UserInput {
  username?: string;
  password?: string;
  role?: string;
  displayName?: string | null;
  districts?: string[] | null;
  organisations?: string[];
  disabled?: boolean;
}
export interface WallToken { id: string; name: string; districts: string[] | null; created_by: string; created_at: string; revoked_at: string | null }
export interface ApiKey { id: string; name: string; created_by: string; created_at: string; revoked_at: string | null }
export interface AuditRow { seq: number; at: string; actor: string; role: string | null; action: string; target: string | null; ip: string | null; details: Record<string, unknown> | null; hash: string }
export interface AuditQuery { actor?: string; action?: string; target?: string; since?: string; until?: string; before?: number; limit?: number }
export interface ChainCheck { ok: boolean; rows: number; brokenAt?: number }
export interface DeadLetter { id: number; received_at: string; topic: string; stream: string; reason: string; payload: string; size: number }
export interface OutboxMessage { id: number; appealId: string; channel: 'sms' | 'email' | 'log'; recipient: string | null; body: string; createdAt: string; sentAt: string | null }
export interface Organisation { id: string; kind: string; parent: string | null; district?: string | null; name_ru: string; name_en: string; name_kk?: string | null; head?: string | null; updated_by?: string; updated_at?: string }
export interface OrganisationInput { id?: string; kind?: string; parent?: string | null; district?: string | null; name_ru?: string; name_kk?: string; name_en?: string }
export interface RoutingRule { id: number; category: string; district: string | null; org: string; updated_by: string | null; updated_at: string | null }

const qs = (q: object) => {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== '' && v !== null) p.set(k, String(v));
  const s = p.toString();
  return s ? `?${s}` : '';
};

export const listUsers = () => api<{ items: AdminUser[] }>('/api/users');
export const createUser = (u: UserInput) => api<AdminUser>('/api/users', { method: 'POST', json: u });
export const updateUser = (id: string, u: UserInput) => api<AdminUser>(`/api/users/${encodeURIComponent(id)}`, { method: 'PATCH', json: u });

export const listWallTokens = () => api<{ items: WallToken[] }>('/api/wall-tokens');
export const createWallToken = (name: string, districts: string[] | null) => api<{ id: string; name: string; token: string }>('/api/wall-tokens', { method: 'POST', json: { name, districts } });
export const revokeWallToken = (id: string) => api<null>(`/api/wall-tokens/${encodeURIComponent(id)}`, { method: 'DELETE' });

export const listKeys = () => api<{ items: ApiKey[] }>('/api/open311-keys');
export const createKey = (name: string) => api<{ id: string; name: string; apiKey: string }>('/api/open311-keys', { method: 'POST', json: { name } });
export const revokeKey = (id: string) => api<null>(`/api/open311-keys/${encodeURIComponent(id)}`, { method: 'DELETE' });

export const searchAudit = (q: AuditQuery) => api<{ items: AuditRow[]; next: number | null }>(`/api/audit${qs(q)}`);
export const verifyAudit = () => api<ChainCheck>('/api/audit/verify');

export const listDeadLetters = (q: { stream?: string; limit?: number }) => api<{ items: DeadLetter[] }>(`/api/dead-letters${qs(q)}`);
export const listOutbox = (q: { appeal?: string; before?: number; limit?: number }) => api<{ items: OutboxMessage[]; next: number | null }>(`/api/outbox${qs(q)}`);
export const routing = () => api<{ rules: RoutingRule[]; organisations: Organisation[] }>('/api/routing-rules');
export const createRule = (r: { category: string; district: string | null; org: string }) => api<RoutingRule>('/api/routing-rules', { method: 'POST', json: r });
export const updateRule = (id: number, r: { category?: string; district?: string | null; org?: string }) => api<RoutingRule>(`/api/routing-rules/${id}`, { method: 'PATCH', json: r });
export const deleteRule = (id: number) => api<null>(`/api/routing-rules/${id}`, { method: 'DELETE' });
export const listOrganisations = () => api<{ items: Organisation[] }>('/api/organisations');
export const createOrganisation = (o: OrganisationInput) => api<Organisation>('/api/organisations', { method: 'POST', json: o });
export const updateOrganisation = (id: string, o: OrganisationInput) => api<Organisation>(`/api/organisations/${encodeURIComponent(id)}`, { method: 'PATCH', json: o });

/** The wall screen's link for a wall token: the client takes `?token=` on `/` (kiosk mode). */
export const kioskUrl = (origin: string, token: string) => `${origin}/?token=${encodeURIComponent(token)}`;
