// Names of categories and districts in the current language, from the schema module and the district polygons.
import { spheres } from '../../../ingest/schema/taxonomy';
import { categoriesKk } from './categories-kk';

export { spheres };
const names = new Map(spheres.flatMap((s) => s.categories.map((c) => [c.id, { ru: c.name_ru, en: c.name_en, kk: c.name_kk ?? categoriesKk[c.id] ?? (s.name_kk ? `${s.name_kk}: ${c.name_ru}` : c.name_ru) }])));

export function categoryName(id: string, locale: 'ru' | 'kk' | 'en'): string {
  const n = names.get(id);
  return n ? n[locale] : id;
}

export interface DistrictNames {
  name_ru: string;
  name_kk: string;
  name_en: string;
}

/** A district's name in the language; `short` drops the word "district" (район / ауданы / District). */
export function districtName(p: DistrictNames, locale: 'ru' | 'kk' | 'en', short = false): string {
  const n = p[`name_${locale}`] ?? p.name_ru;
  return short ? n.replace(/^район\s+|\s+ауданы$|\s+District$/i, '') : n;
}
