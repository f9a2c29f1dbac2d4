// The session: access token (+ refresh token) of a signed-in user, or a long-lived wall-screen token given in
// the URL (`/?token=…`, kiosk mode). Kept in localStorage so a wall screen survives a reload.
// A stored token is dropped only when the server rejects it (401/403); no answer, a proxy's 502 or a restarting
// server is retried with backoff (api/backoff.ts) while the screen says what it is waiting for (net.waiting).
import { defineStore } from 'pinia';
import { isRejection, untilAnswered } from '../api/backoff';
import { net, recordRest, tracked } from '../api/net';
import { TRIAGE_ROLES } from '../triage/views';

interface Principal {
  sub: string;
  username: string;
  role: string;
  districts: string[] | null;
  kind: 'user' | 'wall_token';
}

const KEY = 'sc.session';

export type LoginResult = 'ok' | 'failed' | 'tooMany' | 'network' | 'server';

/** GET /api/auth/me with a token, retried until the server answers (a success or a verdict). */
function meUntilAnswered(token: string): Promise<Response | null> {
  return untilAnswered(
    () =>
      tracked(() => fetch('/api/auth/me', { headers: { authorization: `Bearer ${token}` } })).then(
        (r) => (recordRest(r.status), r),
        (e) => {
          recordRest(0);
          throw e;
        },
      ),
    { onWait: (w) => (net.waiting = w) },
  ).finally(() => (net.waiting = null));
}

export const useSession = defineStore('session', {
  state: () => {
    const saved = JSON.parse(localStorage.getItem(KEY) ?? 'null') as { token: string; refreshToken: string | null; user: Principal | null } | null;
    return { token: saved?.token ?? '', refreshToken: saved?.refreshToken ?? null, user: saved?.user ?? null, expired: false };
  },
  getters: {
    signedIn: (s) => !!s.token,
    kiosk: (s) => s.user?.kind === 'wall_token',
    can: (s) => (what: 'appeals' | 'write' | 'admin' | 'triage' | 'live') => {
      const r = s.user?.role ?? '';
      if (what === 'admin') return r === 'admin';
      // live:read (server/access/roles.ts): the live map and its socket; an executor or an analyst has none
      if (what === 'live') return !!r && !['executor', 'analyst'].includes(r);
      if (what === 'write') return ['admin', 'centre_head', 'operator', 'executor'].includes(r);
      // appeals:triage (server/access/roles.ts): move an appeal without a district into a district's queue
      if (what === 'triage') return TRIAGE_ROLES.includes(r);
      return r !== 'wall_screen';
    },
  },
  actions: {
    save() {
      localStorage.setItem(KEY, JSON.stringify({ token: this.token, refreshToken: this.refreshToken, user: this.user }));
    },
    /** Signs in; never throws: no answer is `network`, a gateway/server error `server` (the form may retry). */
    async login(username: string, password: string): Promise<LoginResult> {
      let r: Response;
      try {
        r = await tracked(() => fetch('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) }));
      } catch {
        recordRest(0);
        return 'network';
      }
      recordRest(r.status);
      if (r.status === 429) return 'tooMany';
      if (r.status >= 500) return 'server';
      if (!r.ok) return 'failed';
      const b = await r.json();
      this.token = b.token;
      this.refreshToken = b.refreshToken;
      this.expired = false;
      await this.loadMe();
      return this.token ? 'ok' : 'failed';
    },
    /**
     * Signs in a wall screen with a token from a link; true when the server says it is a wall-screen token.
     * While the server cannot be reached (or a proxy answers 502/503/504) it keeps asking, with backoff.
     */
    async useWallToken(token: string): Promise<boolean> {
      if (this.token) return false; // never replaces a session
      const r = await meUntilAnswered(token);
      const me = r?.ok ? ((await r.json()) as Principal) : null;
      if (me?.kind !== 'wall_token' || me.role !== 'wall_screen') return false;
      this.token = token;
      this.refreshToken = null;
      this.user = me;
      this.expired = false;
      this.save();
      return true;
    },
    /** Who the token belongs to; the token is dropped only when the server rejects it (401/403). */
    async loadMe() {
      const r = await meUntilAnswered(this.token);
      if (!r) return;
      if (r.ok) this.user = await r.json();
      else if (isRejection(r.status)) {
        this.user = null;
        this.token = '';
      }
      this.save();
    },
    /**
     * A new access token from the refresh token. False only when there is none or the server rejected it;
     * when the server cannot be reached it throws (the caller's request fails, the session stays).
     */
    async refresh(): Promise<boolean> {
      if (!this.refreshToken) return false;
      const r = await fetch('/api/auth/refresh', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ refreshToken: this.refreshToken }) });
      if (!r.ok && !isRejection(r.status) && r.status !== 400) throw new Error(`refresh: ${r.status}`);
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
