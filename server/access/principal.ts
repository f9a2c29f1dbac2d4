// Who is asking: from a verified token. Territory checks live here so that REST and socket.io agree.
import type { Permission, Role } from './roles';
import { can } from './roles';

export interface Principal {
  /** user id, or `token:<id>` for a wall-screen token */
  sub: string;
  username: string;
  role: Role;
  /** district ids the principal may see; null = the whole city */
  districts: string[] | null;
  organisations: string[];
  kind: 'user' | 'wall_token';
}

export const may = (p: Principal, perm: Permission) => can(p.role, perm);

/**
 * The districts a principal may see for a request: the requested ones when all are allowed, else an error naming
 * the first forbidden one; with nothing requested, all the principal may see (null = everything).
 */
export function scopeDistricts(p: Principal, requested: string[] | undefined): { districts: string[] | null } | { forbidden: string } {
  if (!p.districts) return { districts: requested?.length ? requested : null };
  if (!requested?.length) return { districts: p.districts };
  const bad = requested.find((d) => !p.districts!.includes(d));
  return bad ? { forbidden: bad } : { districts: requested };
}
