// Short-lived access tokens (JWT, HS256, jose), opaque rotating refresh tokens, and long-lived revocable
// wall-screen tokens. The signing secret comes from AUTH_SECRET or, when unset, is generated once and kept in
// the database so that restarts and other nodes accept the same tokens.
//
// Revocation: an access token carries its user's token version (`ver`) and its session (`sid`, one per login,
// the family of its refresh tokens). Every request checks both against the database (cached for a second), so
// disabling, deleting, a role/territory/password change, logout or a wall-token revocation takes effect within
// about a second on every node; open sockets are swept with the same check (server/live/socket.ts).
import { createHash, randomBytes } from 'node:crypto';
import { SignJWT, jwtVerify, type JWTPayload } from 'jose';
import type { Principal } from '../access/principal';
import { roles, type Role } from '../access/roles';
import type { SessionRef } from '../access/guard';
import type { AuthRepository } from './repository';

export type { SessionRef };

export const ACCESS_TTL_S = 15 * 60;
export const REFRESH_TTL_S = 7 * 24 * 3600;

export const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

export async function loadSecret(repo: Pick<AuthRepository, 'secret'>, fromEnv?: string): Promise<Uint8Array> {
  if (fromEnv) return new TextEncoder().encode(fromEnv);
  return new TextEncoder().encode(await repo.secret(randomBytes(48).toString('base64url')));
}

/** How long a "still valid" answer is reused before the database is asked again. */
export const REVOCATION_CACHE_MS = 1000;
const CHECK_TIMEOUT_MS = 2000;

const timeout = <T>(p: Promise<T>, ms: number) =>
  Promise.race([p, new Promise<never>((_, rej) => setTimeout(() => rej(new Error('timeout')), ms).unref())]);

export const refKey = (r: SessionRef) => (r.kind === 'wall_token' ? `w:${r.jti}` : `u:${r.sub}:${r.ver}:${r.sid ?? ''}`);

export class Tokens {
  /** at: when this answer was cached; checkedAt: when the database last gave it, if that was earlier */
  private checked = new Map<string, { ok: boolean; at: number; checkedAt?: number }>();

  constructor(
    private repo: AuthRepository,
    private secret: Uint8Array,
  ) {}

  /** An access token for a user at token version `ver`, in login session `sid`. */
  async access(p: Principal, s: { ver: number; sid?: string }): Promise<string> {
    const jwt = new SignJWT({ usr: p.username, role: p.role, dst: p.districts, org: p.organisations, knd: p.kind, ver: s.ver, ...(s.sid ? { sid: s.sid } : {}) })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(p.sub)
      .setIssuedAt()
      .setExpirationTime(`${ACCESS_TTL_S}s`)
      .setIssuer('situation-centre');
    return jwt.sign(this.secret);
  }

  /** A wall-screen token: role wall_screen, no expiry, revocable by id. */
  async wall(id: string, name: string, districts: string[] | null): Promise<string> {
    return new SignJWT({ usr: name, role: 'wall_screen', dst: districts, org: [], knd: 'wall_token' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(`token:${id}`)
      .setJti(id)
      .setIssuedAt()
      .setIssuer('situation-centre')
      .sign(this.secret);
  }

  /** A new login session for a user; returns its id. */
  async session(userId: string): Promise<string> {
    const sid = randomBytes(12).toString('base64url');
    await this.repo.insertSession(sid, userId);
    return sid;
  }

  async refresh(userId: string, sid: string): Promise<string> {
    const raw = randomBytes(32).toString('base64url');
    await this.repo.insertRefresh(sha256(raw), userId, sid, REFRESH_TTL_S);
    return raw;
  }

  /**
   * Uses up a refresh token; returns its user and session if it was valid. A token that was already used (a
   * replay: someone holds a copy) revokes its whole session — every refresh token of the family and the access
   * tokens issued in it.
   */
  async consumeRefresh(raw: string): Promise<{ userId: string; sid: string } | null> {
    const hash = sha256(raw);
    const row = await this.repo.consumeRefresh(hash);
    if (row) {
      const userId = String(row.user_id);
      // a token from before sessions existed starts one
      return { userId, sid: row.session_id ?? (await this.session(userId)) };
    }
    const used = await this.repo.sessionOfUsedRefresh(hash);
    if (used) await this.revokeSession(used);
    return null;
  }

  /** Ends one login session: its refresh tokens and its access tokens. */
  async revokeSession(sid: string): Promise<void> {
    await this.repo.revokeSession(sid);
    this.checked.clear();
  }

  /** Ends the session a refresh token belongs to (logout), used or not. */
  async endSessionOf(raw: string): Promise<void> {
    const row = await this.repo.sessionOfRefresh(sha256(raw));
    if (row?.session_id) await this.revokeSession(row.session_id);
    else await this.repo.revokeRefresh(sha256(raw));
  }

  /** Forgets cached answers (after a change made on this node, so that it takes effect at once here). */
  forget(): void {
    this.checked.clear();
  }

  /** Verifies an access or wall-screen token; null when invalid, expired or revoked. */
  async verify(token: string): Promise<Principal | null> {
    return (await this.verifyRef(token))?.principal ?? null;
  }

  /** Verifies a token; with the session it belongs to, to check again later (open sockets). */
  async verifyRef(token: string): Promise<{ principal: Principal; ref: SessionRef } | null> {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.secret, { issuer: 'situation-centre', algorithms: ['HS256'] }));
    } catch {
      return null;
    }
    const role = payload.role as Role;
    if (!roles.includes(role) || typeof payload.sub !== 'string') return null;
    const kind = payload.knd === 'wall_token' ? 'wall_token' : 'user';
    let ref: SessionRef;
    if (kind === 'wall_token') {
      if (role !== 'wall_screen' || typeof payload.jti !== 'string') return null;
      ref = { kind, sub: payload.sub, jti: payload.jti };
    } else {
      if (payload.exp === undefined || typeof payload.ver !== 'number' || !/^\d{1,18}$/.test(payload.sub)) return null;
      ref = { kind, sub: payload.sub, ver: payload.ver, sid: typeof payload.sid === 'string' ? payload.sid : undefined };
    }
    if (!(await this.valid(ref))) return null;
    return {
      principal: {
        sub: payload.sub,
        username: String(payload.usr ?? ''),
        role,
        districts: Array.isArray(payload.dst) ? (payload.dst as string[]) : null,
        organisations: Array.isArray(payload.org) ? (payload.org as string[]) : [],
        kind,
      },
      ref,
    };
  }

  /**
   * Is the session still valid (account there and enabled, same token version, session not ended)? While the
   * database does not answer (nothing can be revoked then), the last answer holds for up to ACCESS_TTL_S; a
   * session never checked before is refused.
   */
  async valid(ref: SessionRef): Promise<boolean> {
    const key = refKey(ref);
    const hit = this.checked.get(key);
    if (hit && Date.now() - hit.at < REVOCATION_CACHE_MS) return hit.ok;
    let ok: boolean;
    try {
      ok = !(await timeout(this.revoked([ref]), CHECK_TIMEOUT_MS)).has(key);
    } catch {
      ok = !!hit?.ok && Date.now() - (hit.checkedAt ?? hit.at) < ACCESS_TTL_S * 1000;
      // answer the next requests from this for a moment instead of piling up queries on a dead connection
      this.checked.set(key, { ok, at: Date.now(), checkedAt: hit?.checkedAt ?? hit?.at ?? 0 });
      return ok;
    }
    if (this.checked.size > 50_000) this.checked.clear();
    this.checked.set(key, { ok, at: Date.now() });
    return ok;
  }

  /** The keys of the sessions among `refs` that are no longer valid: three queries for any number of sessions. */
  async revoked(refs: SessionRef[]): Promise<Set<string>> {
    const users = [...new Set(refs.filter((r) => r.kind === 'user').map((r) => r.sub))];
    const sids = [...new Set(refs.filter((r) => r.kind === 'user' && r.sid).map((r) => r.sid!))];
    const walls = [...new Set(refs.filter((r) => r.kind === 'wall_token').map((r) => r.jti!))];
    const [u, s, w] = await Promise.all([
      users.length ? this.repo.enabledUsers(users) : [],
      sids.length ? this.repo.liveSessions(sids) : [],
      walls.length ? this.repo.liveWallTokens(walls) : [],
    ]);
    const version = new Map(u.map((r) => [String(r.id), Number(r.token_version)]));
    const liveSessions = new Set(s.map((r) => r.id));
    const liveWalls = new Set(w.map((r) => r.id));
    const out = new Set<string>();
    for (const r of refs) {
      const ok = r.kind === 'wall_token' ? liveWalls.has(r.jti!) : version.get(r.sub) === r.ver && (!r.sid || liveSessions.has(r.sid));
      if (!ok) out.add(refKey(r));
    }
    return out;
  }
}
