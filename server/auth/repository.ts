// All SQL of the auth feature: accounts (`users`), login sessions and refresh tokens (`auth_sessions`,
// `refresh_tokens`), wall-screen tokens (`wall_tokens`) and the signing secret (`settings`). Plain parameterised
// SQL, typed rows. A change may carry its audit row in the same statement (`withAudit`, given by the audit module).
import type { Db, Stmt } from '../dialects';
import type { Role } from '../access/roles';
import type { AuditApi, AuditEntry } from '../audit';

export interface UserRow {
  id: string | number;
  username: string;
  display_name: string | null;
  role: Role;
  districts: string[] | null;
  organisations: string[] | null;
  disabled: boolean;
  created_at: Date | string;
  token_version: number | string | null;
}

export interface UserLoginRow extends UserRow {
  password_hash: string;
}

export interface WallTokenRow {
  id: string;
  name: string;
  districts: string[] | null;
  created_by: string | null;
  created_at: Date | string;
  revoked_at: Date | string | null;
}

/** The columns an account change may set (a password already hashed). */
export interface UserChanges {
  password_hash?: string;
  role?: Role;
  display_name?: string | null;
  districts?: string[] | null;
  organisations?: string[];
  disabled?: boolean;
}

const userCols = `id, username, display_name, role, districts, organisations, disabled, created_at, token_version`;

export class AuthRepository {
  constructor(
    private db: Db,
    /** the audit module's same-statement audit row */
    private withAudit: AuditApi['withAudit'],
  ) {}

  private run<R>(s: Stmt, audit: AuditEntry | undefined, target: string): Promise<R[]> {
    const q = audit ? this.withAudit(s, audit, target) : s;
    return this.db.query<R>(q.sql, q.params);
  }

  // ---- users

  listUsers(): Promise<UserRow[]> {
    return this.db.query<UserRow>(`SELECT ${userCols} FROM users ORDER BY username`);
  }

  async userById(id: string): Promise<UserRow | undefined> {
    return (await this.db.query<UserRow>(`SELECT ${userCols} FROM users WHERE id = $1`, [id]))[0];
  }

  async userByUsername(username: string): Promise<UserRow | undefined> {
    return (await this.db.query<UserRow>(`SELECT ${userCols} FROM users WHERE username = $1`, [username]))[0];
  }

  /** The account with its password hash (a login only). */
  async userForLogin(username: string): Promise<UserLoginRow | undefined> {
    return (await this.db.query<UserLoginRow>(`SELECT ${userCols}, password_hash FROM users WHERE username = $1`, [username]))[0];
  }

  /** Creates an account; with its audit row (target `user:<id>`) when given. */
  async insertUser(
    u: { username: string; displayName: string | null; passwordHash: string; role: Role; districts: string[] | null; organisations: string[] },
    audit?: AuditEntry,
  ): Promise<UserRow> {
    const rows = await this.run<UserRow>(
      {
        sql: `INSERT INTO users (username, display_name, password_hash, role, districts, organisations)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${userCols}`,
        params: [u.username, u.displayName, u.passwordHash, u.role, u.districts, u.organisations],
      },
      audit,
      `'user:' || changed.id`,
    );
    return rows[0];
  }

  /**
   * Changes an account, all in one transaction: `endsAccess` bumps its token version (its access tokens end),
   * `endsSessions` revokes its sessions and refresh tokens too. Nothing to change: the account as it is.
   */
  async updateUser(id: string, changes: UserChanges, o: { endsAccess: boolean; endsSessions: boolean }, audit?: AuditEntry): Promise<UserRow | undefined> {
    const sets: string[] = [];
    const params: unknown[] = [];
    for (const [col, v] of Object.entries(changes)) {
      if (v === undefined) continue;
      params.push(v);
      sets.push(`${col} = $${params.length}`);
    }
    if (!sets.length) return this.userById(id);
    if (o.endsAccess) sets.push('token_version = token_version + 1');
    params.push(id);
    const update: Stmt = { sql: `UPDATE users SET ${sets.join(', ')}, updated_at = now() WHERE id = $${params.length} RETURNING ${userCols}`, params };
    const stmts = [audit ? this.withAudit(update, audit, `'user:' || changed.id`) : update];
    if (o.endsSessions)
      stmts.push(
        { sql: `UPDATE refresh_tokens SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL`, params: [id] },
        { sql: `UPDATE auth_sessions SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL`, params: [id] },
      );
    const [rows] = await this.db.transaction(stmts);
    return rows[0] as UserRow | undefined;
  }

  async deleteUser(id: string, audit?: AuditEntry): Promise<boolean> {
    return (await this.run<{ id: string }>({ sql: `DELETE FROM users WHERE id = $1 RETURNING id`, params: [id] }, audit, `'user:' || changed.id`)).length > 0;
  }

  // ---- sessions and refresh tokens

  async insertSession(sid: string, userId: string): Promise<void> {
    await this.db.query(`INSERT INTO auth_sessions (id, user_id) VALUES ($1, $2)`, [sid, userId]);
  }

  async insertRefresh(hash: string, userId: string, sid: string, ttlSeconds: number): Promise<void> {
    await this.db.query(`INSERT INTO refresh_tokens (hash, user_id, session_id, expires_at) VALUES ($1, $2, $3, now() + make_interval(secs => $4))`, [
      hash,
      userId,
      sid,
      ttlSeconds,
    ]);
  }

  /** Uses up a refresh token that is unused, unexpired and of a live session; its user and session if it was. */
  async consumeRefresh(hash: string): Promise<{ user_id: string | number; session_id: string | null } | undefined> {
    const rows = await this.db.query<{ user_id: string | number; session_id: string | null }>(
      `UPDATE refresh_tokens SET revoked_at = now()
        WHERE hash = $1 AND revoked_at IS NULL AND expires_at > now()
          AND NOT EXISTS (SELECT 1 FROM auth_sessions s WHERE s.id = refresh_tokens.session_id AND s.revoked_at IS NOT NULL)
        RETURNING user_id, session_id`,
      [hash],
    );
    return rows[0];
  }

  /** The session of a refresh token that was already used (a replay), if it has one. */
  async sessionOfUsedRefresh(hash: string): Promise<string | null> {
    const rows = await this.db.query<{ session_id: string | null }>(`SELECT session_id FROM refresh_tokens WHERE hash = $1 AND revoked_at IS NOT NULL`, [hash]);
    return rows[0]?.session_id ?? null;
  }

  /** The session of a refresh token, used or not; undefined when there is no such token. */
  async sessionOfRefresh(hash: string): Promise<{ session_id: string | null } | undefined> {
    return (await this.db.query<{ session_id: string | null }>(`SELECT session_id FROM refresh_tokens WHERE hash = $1`, [hash]))[0];
  }

  async revokeRefresh(hash: string): Promise<void> {
    await this.db.query(`UPDATE refresh_tokens SET revoked_at = now() WHERE hash = $1 AND revoked_at IS NULL`, [hash]);
  }

  /** Ends one login session: the session and its refresh tokens, in one transaction. */
  async revokeSession(sid: string): Promise<void> {
    await this.db.transaction([
      { sql: `UPDATE auth_sessions SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL`, params: [sid] },
      { sql: `UPDATE refresh_tokens SET revoked_at = now() WHERE session_id = $1 AND revoked_at IS NULL`, params: [sid] },
    ]);
  }

  // ---- revocation checks (three queries for any number of sessions)

  enabledUsers(ids: string[]): Promise<{ id: string | number; token_version: number | string }[]> {
    return this.db.query(`SELECT id, token_version FROM users WHERE id = ANY($1::bigint[]) AND NOT disabled`, [ids]);
  }

  liveSessions(sids: string[]): Promise<{ id: string }[]> {
    return this.db.query(`SELECT id FROM auth_sessions WHERE id = ANY($1::text[]) AND revoked_at IS NULL`, [sids]);
  }

  liveWallTokens(ids: string[]): Promise<{ id: string }[]> {
    return this.db.query(`SELECT id FROM wall_tokens WHERE id = ANY($1::text[]) AND revoked_at IS NULL`, [ids]);
  }

  // ---- wall-screen tokens

  listWallTokens(): Promise<WallTokenRow[]> {
    return this.db.query<WallTokenRow>(`SELECT id, name, districts, created_by, created_at, revoked_at FROM wall_tokens ORDER BY created_at DESC`);
  }

  async insertWallToken(t: { id: string; name: string; districts: string[] | null; createdBy: string }, audit: AuditEntry): Promise<void> {
    const s = this.withAudit(
      { sql: `INSERT INTO wall_tokens (id, name, districts, created_by) VALUES ($1, $2, $3, $4) RETURNING id`, params: [t.id, t.name, t.districts, t.createdBy] },
      audit,
    );
    await this.db.query(s.sql, s.params);
  }

  /** Revokes an active wall token; false when there is none with that id. */
  async revokeWallToken(id: string, audit: AuditEntry): Promise<boolean> {
    const s = this.withAudit({ sql: `UPDATE wall_tokens SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL RETURNING id`, params: [id] }, audit);
    return (await this.db.query<{ id: string }>(s.sql, s.params)).length > 0;
  }

  // ---- the signing secret

  /** The stored secret; `fresh` is stored first when there is none yet (the first node to start wins). */
  async secret(fresh: string): Promise<string> {
    await this.db.query(`INSERT INTO settings (key, value) VALUES ('jwt_secret', $1) ON CONFLICT (key) DO NOTHING`, [fresh]);
    const [{ value }] = await this.db.query<{ value: string }>(`SELECT value FROM settings WHERE key = 'jwt_secret'`);
    return value;
  }
}
