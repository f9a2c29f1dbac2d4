// The triage queue's requests: move an appeal into a district's queue, and how many wait in triage.
import { api } from '../api/http';
import type { Appeal } from '../appeals/api';

export const setDistrict = (id: string, district: string) => api<{ appeal: Appeal }>(`/api/appeals/${encodeURIComponent(id)}/district`, { method: 'POST', json: { district } });

/** How many appeals without a district the caller sees (city-wide: all of them; others: their own). */
export const triageCount = async (): Promise<number | null> => {
  const r = await api<{ total?: number }>('/api/appeals?triage=1&limit=1');
  return typeof r.total === 'number' ? r.total : null;
};
