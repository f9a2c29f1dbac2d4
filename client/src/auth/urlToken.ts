// A wall-screen link: `/?token=…` (kiosk mode). Taken only on `/`, only when nobody is signed in, and only if the
// server says it is a wall-screen token — a link must never replace a signed-in session or sign anyone in as a
// user. Any `?token=` is removed from the address either way.
import type { LocationQuery, RouteLocationNormalized, RouteLocationRaw } from 'vue-router';

export interface WallTokenSession {
  signedIn: boolean;
  useWallToken(token: string): Promise<boolean>;
}

/** The router guard's part for `?token=`: undefined when there is none, else where to go (the URL without it). */
export async function wallTokenFromUrl(to: Pick<RouteLocationNormalized, 'path' | 'query' | 'hash'>, session: WallTokenSession): Promise<RouteLocationRaw | undefined> {
  if (!('token' in to.query)) return undefined;
  const { token, ...query } = to.query as LocationQuery;
  if (to.path === '/' && typeof token === 'string' && token && !session.signedIn) await session.useWallToken(token);
  return { path: to.path, query, hash: to.hash };
}
