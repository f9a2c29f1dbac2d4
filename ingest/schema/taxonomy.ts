// Domain reference data (channels, spheres → categories, statuses) from the Listening-State taxonomy.
// taxonomy.json is a copy of the shared domain file so that a fresh clone runs on its own.
import raw from './taxonomy.json';

export interface Channel { id: string; name_en: string; name_ru: string; kind?: string }
export interface Category { id: string; name_en: string; name_ru: string; name_kk?: string }
export interface Sphere { id: string; name_en: string; name_ru: string; name_kk?: string; categories: Category[] }

export const channels: Channel[] = (raw as { channels: Channel[] }).channels;
export const spheres: Sphere[] = (raw as { spheres: Sphere[] }).spheres;
export const channelIds = channels.map((c) => c.id) as [string, ...string[]];
export const categoryIds = spheres.flatMap((s) => s.categories.map((c) => c.id)) as [string, ...string[]];

const sphereByCategory = new Map(spheres.flatMap((s) => s.categories.map((c) => [c.id, s.id] as const)));

/** The sphere a category belongs to (a category id's prefix is not always its sphere: `snow.ice` ∈ `snow_flood`). */
export function sphereOf(categoryId: string): string {
  return sphereByCategory.get(categoryId) ?? categoryId.split('.')[0];
}
