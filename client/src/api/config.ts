import { api } from './http';
import type { CentreConfig } from '../../../ingest/schema';

export type { CentreConfig };

let cached: Promise<CentreConfig> | null = null;
export function loadConfig(): Promise<CentreConfig> {
  cached ??= api<CentreConfig>('/api/config').catch((e) => {
    cached = null;
    throw e;
  });
  return cached;
}
