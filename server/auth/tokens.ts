// Short-lived access tokens (JWT, HS256, jose), opaque rotating refresh tokens, and long-lived revocable
// wall-screen tokens. The signing secret comes from AUTH_SECRET or, when unset, is generated once and kept in
// the database so that restarts and other nodes accept the same tokens.
import { createHash, randomBytes } from 'node:crypto';
import { SignJWT, jwtVerify } from 'jose';
import type { Db } from '../dialects';
import type { Principal } from './principal';
import { roles, type Role } from './roles';

export const ACCESS_TTL_S = 15 * 60;
export const REFRESH_TTL_S = 7 * 24 * 3600;

export const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

export async function loadSecret(db: Db, fromEnv?: string): Promise<Uint8Array> {
  if (fromEnv) return new TextEncoder().encode(fromEnv);
  const fresh = randomBytes(48).toString('base64url');
  await db.query(`INSERT INTO settings (key, value) VALUES ('jwt_secret', $1) ON CONFLICT (key) DO NOTHING`, [fresh]);
  const [{ value }] = await db.query<{ value: string }>(`SELECT value FROM settings WHERE key = 'jwt_secret'`);
  return new TextEncoder().encode(value);
}

export class Tokens {
  /** wall-token ids revoked, refreshed from the database every few seconds (several nodes) */
  private revoked = new Set<string>();
  private revokedAt = 0;

  constructor(
    private db: Db,
    private secret: Uint8Array,
  ) {}

  async access(p: Principal): Promise<string> {
    return new SignJWT({ usr: p.username, role: p.role, dst: p.districts, org: p.organisations, knd: p.kind })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(p.sub)
      .setIssuedAt()
      .setExpirationTime(`${ACCESS_TTL_S}s`)
      .setIssuer('situation-centre')
      .sign(this.secret);
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

  async refresh(userId: string): Promise<string> {
    const raw = randomBytes(32).toString('base64url');
    await this.db.query(`INSERT INTO refresh_tokens (hash, user_id, expires_at) VALUES ($1, $2, now() + make_interval(secs => $3))`, [
      sha256(raw),
      userId,
      REFRESH_TTL_S,
    ]);
    return raw;
  }

  /** Uses up a refresh token; returns its user id if it was valid. */
  async consumeRefresh(raw: string): Promise<string | null> {
    const rows = await this.db.query<{ user_id: string }>(
      `UPDATE refresh_tokens SET revoked_at = now() WHERE hash = $1 AND revoked_at IS NULL AND expires_at > now() RETURNING user_id`,
      [sha256(raw)],
    );
    return rows[0] ? String(rows[0].user_id) : null;
  }

  private async revokedSet(): Promise<Set<string>> {
    if (Date.now() - this.revokedAt > 5000) {
      const rows = await this.db.query<{ id: string }>(`SELECT id FROM wall_tokens WHERE revoked_at IS NOT NULL`);
      this.revoked = new Set(rows.map((r) => r.id));
      this.revokedAt = Date.now();
    }
    return this.revoked;
  }

  markRevoked(id: string): void {
    this.revoked.add(id);
  }

  /** Verifies an access or wall-screen token; null when invalid, expired or revoked. */
  async verify(token: string): Promise<Principal | null> {
    try {
      const { payload } = await jwtVerify(token, this.secret, { issuer: 'situation-centre', algorithms: ['HS256'] });
      const role = payload.role as Role;
      if (!roles.includes(role) || typeof payload.sub !== 'string') return null;
      const kind = payload.knd === 'wall_token' ? 'wall_token' : 'user';
      if (kind === 'wall_token') {
        if (role !== 'wall_screen' || !payload.jti || (await this.revokedSet()).has(payload.jti)) return null;
      } else if (payload.exp === undefined) return null;
      return {
        sub: payload.sub,
        username: String(payload.usr ?? ''),
        role,
        districts: Array.isArray(payload.dst) ? (payload.dst as string[]) : null,
        organisations: Array.isArray(payload.org) ? (payload.org as string[]) : [],
        kind,
      };
    } catch {
      return null;
    }
  }
}
