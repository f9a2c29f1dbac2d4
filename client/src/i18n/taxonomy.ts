// Names of categories and districts in the current language, from the schema module and the district polygons.
import { spheres } from '../../../ingest/schema/taxonomy';

export { spheres };
const names = new Map(spheres.flatMap((s) => s.categories.map((c) => [c.id, { ru: c.name_ru, en: c.name_en, kk: s.name_kk ? `${s.name_kk}: ${c.name_ru}` : c.name_ru }])));

export function categoryName(id: string, locale: 'ru' | 'kk' | 'en'): string {
  const n = names.get(id);
  return n ? n[locale] : id;
}
