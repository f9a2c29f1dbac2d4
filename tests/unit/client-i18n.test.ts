// The screen's languages: names the taxonomy does not give in Kazakh come from the centre's own table.
import { describe, expect, it } from 'vitest';

describe('category names in Kazakh', () => {
  it('every category of the taxonomy has one, and none is named that the taxonomy lacks', async () => {
    const { spheres } = await import('../../ingest/schema/taxonomy');
    const { categoriesKk } = await import('../../client/src/i18n/categories-kk');
    const { categoryName } = await import('../../client/src/i18n/taxonomy');
    const ids = spheres.flatMap((s) => s.categories.map((c) => c.id));
    expect(ids.filter((id) => !categoriesKk[id])).toEqual([]);
    expect(Object.keys(categoriesKk).filter((id) => !ids.includes(id))).toEqual([]);
    expect(categoryName('heating.no_heat', 'kk')).toBe('Жылу жоқ / жылу әлсіз');
    expect(categoryName('heating.no_heat', 'ru')).not.toBe(categoryName('heating.no_heat', 'kk'));
  });
});
