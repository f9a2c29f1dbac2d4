// The session: access token (+ refresh token) of a signed-in user, or a long-lived wall-screen token given in
// the URL (`/?token=…`, kiosk mode). Kept in localStorage so a wall screen survives a reload.
import { defineStore } from 'pinia';

interface Principal {
  sub: string;
  username: string;
  role: string;
  districts: string[] | null;
  kind: 'user' | 'wall_token';
}

const KEY = 'sc.session';

export const useSession = defineStore('session', {
  state: () => {
    const saved = JSON.parse(localStorage.getItem(KEY) ?? 'null') as { token: string; refreshToken: string | null; user: Principal | null } | null;
    return { token: saved?.token ?? '', refreshToken: saved?.refreshToken ?? null, user: saved?.user ?? null, expired: false };
  },
  getters: {
    signedIn: (s) => !!s.token,
    kiosk: (s) => s.user?.kind === 'wall_token',
    can: (s) => (what: 'appeals' | 'write' | 'admin') => {
      const r = s.user?.role ?? '';
      if (what === 'admin') return r === 'admin';
      if (what === 'write') return ['admin', 'centre_head', 'operator', 'executor'].includes(r);
      return r !== 'wall_screen';
    },
  },
  actions: {
    save() {
      localStorage.setItem(KEY, JSON.stringify({ token: this.token, refreshToken: this.refreshToken, user: this.user }));
    },
    async login(username: string, password: string): Promise<'ok' | 'failed' | 'tooMany'> {
      const r = await fetch('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
      if (r.status === 429) return 'tooMany';
      if (!r.ok) return 'failed';
      const b = await r.json();
      this.token = b.token;
      this.refreshToken = b.refreshToken;
      this.expired = false;
      await this.loadMe();
      return 'ok';
    },
    /** Signs in a wall screen with a token from a link; true when the server says it is a wall-screen token. */
    async useWallToken(token: string): Promise<boolean> {
      if (this.token) return false; // never replaces a session
      const r = await fetch('/api/auth/me', { headers: { authorization: `Bearer ${token}` } }).catch(() => null);
      const me = r?.ok ? ((await r.json()) as Principal) : null;
      if (me?.kind !== 'wall_token' || me.role !== 'wall_screen') return false;
      this.token = token;
      this.refreshToken = null;
      this.user = me;
      this.expired = false;
      this.save();
      return true;
    },
    async loadMe() {
      const r = await fetch('/api/auth/me', { headers: { authorization: `Bearer ${this.token}` } });
      this.user = r.ok ? await r.json() : null;
      if (!r.ok) this.token = '';
      this.save();
    },
    async refresh(): Promise<boolean> {
      if (!this.refreshToken) return false;
      const r = await fetch('/api/auth/refresh', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ refreshToken: this.refreshToken }) });
      if (!r.ok) return false;
      const b = await r.json();
      this.token = b.token;
      this.refreshToken = b.refreshToken;
      this.save();
      return true;
    },
    expire() {
      this.expired = true;
      this.token = '';
      this.save();
    },
    async logout() {
      if (this.refreshToken)
        await fetch('/api/auth/logout', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ refreshToken: this.refreshToken }) }).catch(() => undefined);
      this.token = '';
      this.refreshToken = null;
      this.user = null;
      this.save();
    },
  },
});
