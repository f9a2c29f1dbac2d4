// `?token=` in the client: a wall-screen link signs in a wall screen on `/` when nobody is signed in, and never
// replaces a signed-in session, never on another route, never with a user's token.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';

const store = new Map<string, string>();
const stubStorage = () =>
  vi.stubGlobal('localStorage', {
    getItem: (k: string) => store.get(k) ?? null,
    setItem: (k: string, v: string) => void store.set(k, v),
    removeItem: (k: string) => void store.delete(k),
  });
stubStorage();

const { useSession } = await import('../../client/src/auth/session');
const { wallTokenFromUrl } = await import('../../client/src/auth/urlToken');

const wall = { sub: 'token:w1', username: 'Hall screen', role: 'wall_screen', districts: null, organisations: [], kind: 'wall_token' };
const user = { sub: '7', username: 'op.nura', role: 'operator', districts: ['astana-nura'], organisations: [], kind: 'user' };
/** /api/auth/me as the server answers it for each token */
const me: Record<string, object> = { 'wall-token': wall, 'user-token': user };
const fetched: string[] = [];

beforeEach(() => {
  store.clear();
  stubStorage();
  fetched.length = 0;
  setActivePinia(createPinia());
  vi.stubGlobal('fetch', async (url: string, init?: { headers?: Record<string, string> }) => {
    fetched.push(url);
    const token = init?.headers?.authorization?.replace(/^Bearer /, '') ?? '';
    const body = me[token];
    return { ok: !!body, status: body ? 200 : 401, json: async () => body };
  });
});
afterEach(() => vi.unstubAllGlobals());

const at = (path: string, query: Record<string, string>) => ({ path, query, hash: '' });

describe('?token= in the client', () => {
  it('signs a wall screen in on / when nobody is signed in, and drops the token from the address', async () => {
    const s = useSession();
    expect(await wallTokenFromUrl(at('/', { token: 'wall-token', lang: 'kk' }), s)).toEqual({ path: '/', query: { lang: 'kk' }, hash: '' });
    expect(s.token).toBe('wall-token');
    expect(s.kiosk).toBe(true);
    expect(JSON.parse(store.get('sc.session')!)).toMatchObject({ token: 'wall-token', user: { kind: 'wall_token' } });
  });

  it('refuses a user token from a link', async () => {
    const s = useSession();
    expect(await wallTokenFromUrl(at('/', { token: 'user-token' }), s)).toEqual({ path: '/', query: {}, hash: '' });
    expect(s.token).toBe('');
    expect(s.user).toBeNull();
    expect(s.signedIn).toBe(false);
  });

  it('refuses a token that the server does not accept', async () => {
    const s = useSession();
    await wallTokenFromUrl(at('/', { token: 'forged' }), s);
    expect(s.signedIn).toBe(false);
  });

  it('never replaces a signed-in session, even with a valid wall token', async () => {
    const s = useSession();
    s.token = 'operator-session';
    s.user = user as never;
    await wallTokenFromUrl(at('/', { token: 'wall-token' }), s);
    expect(s.token).toBe('operator-session');
    expect(s.user).toMatchObject({ username: 'op.nura' });
    expect(fetched).toEqual([]);
  });

  it('ignores ?token= on any route but /', async () => {
    const s = useSession();
    for (const path of ['/appeals', '/appeals/AST-1', '/login', '/confirm/abc']) {
      expect(await wallTokenFromUrl(at(path, { token: 'wall-token' }), s)).toEqual({ path, query: {}, hash: '' });
    }
    expect(s.signedIn).toBe(false);
    expect(fetched).toEqual([]);
  });

  it('leaves URLs without a token alone', async () => {
    expect(await wallTokenFromUrl(at('/appeals', { status: 'open' }), useSession())).toBeUndefined();
  });
});
