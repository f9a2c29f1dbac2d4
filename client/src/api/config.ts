import { api } from './http';

export interface CentreConfig {
  city: { id: string; name: { ru: string; kk: string; en: string }; center: [number, number]; zoom: number };
  tileUrl: string | null;
  attribution: string;
  version: string;
  mqttUrl: string;
  topicPrefix: string;
  districts: { type: 'FeatureCollection'; features: { properties: { id: string; name_ru: string; name_kk: string; name_en: string } }[] };
}

let cached: Promise<CentreConfig> | null = null;
export function loadConfig(): Promise<CentreConfig> {
  cached ??= api<CentreConfig>('/api/config').catch((e) => {
    cached = null;
    throw e;
  });
  return cached;
}
