// User accounts in the database; passwords hashed with argon2id. Each change may carry its audit row, written by
// the same statement (target `user:<id>`): the change and its audit row commit together or not at all.
import argon2 from 'argon2';
import type { Db, Stmt } from '../dialects';
import { withAudit, type AuditEntry } from '../audit/log';
import { Semaphore } from './hashing';
import type { Principal } from './principal';
import type { Role } from './roles';

export interface User {
  id: string;
  username: string;
  displayName: string | null;
  role: Role;
  districts: string[] | null;
  organisations: string[];
  disabled: boolean;
  createdAt: string;
  /** bumped whenever the account's access must end (server/auth/tokens.ts) */
  tokenVersion: number;
}

const cols = `id, username, display_name, role, districts, organisations, disabled, created_at, token_version`;
const toUser = (r: any): User => ({
  id: String(r.id),
  username: r.username,
  displayName: r.display_name,
  role: r.role,
  districts: r.districts,
  organisations: r.organisations ?? [],
  disabled: r.disabled,
  createdAt: r.created_at instanceof Date ? r.created_at.toISOString() : new Date(r.created_at).toISOString(),
  tokenVersion: Number(r.token_version ?? 0),
});

export const principalOf = (u: User): Principal => ({
  sub: u.id,
  username: u.username,
  role: u.role,
  districts: u.districts,
  organisations: u.organisations,
  kind: 'user',
});

// A fixed hash to verify against when the user does not exist, so that timing does not reveal usernames.
let dummyHash: Promise<string> | null = null;

export class Users {
  constructor(
    private db: Db,
    /** bounds concurrent argon2 work; throws `Busy` when too many wait */
    private hashing = new Semaphore(2, 20),
  ) {}

  hash(password: string): Promise<string> {
    return this.hashing.run(() => argon2.hash(password, { type: argon2.argon2id }));
  }

  async list(): Promise<User[]> {
    return (await this.db.query(`SELECT ${cols} FROM users ORDER BY username`)).map(toUser);
  }

  async get(id: string): Promise<User | null> {
    const r = await this.db.query(`SELECT ${cols} FROM users WHERE id = $1`, [id]);
    return r[0] ? toUser(r[0]) : null;
  }

  async byUsername(username: string): Promise<User | null> {
    const r = await this.db.query(`SELECT ${cols} FROM users WHERE username = $1`, [username]);
    return r[0] ? toUser(r[0]) : null;
  }

  /** The user when the password matches and the account is enabled. */
  async check(username: string, password: string): Promise<User | null> {
    return (await this.login(username, password)).user;
  }

  /** Checks a login; `exists` says whether the username is an account (for auditing, never for the response). */
  async login(username: string, password: string): Promise<{ user: User | null; exists: boolean }> {
    const r = await this.db.query<any>(`SELECT ${cols}, password_hash FROM users WHERE username = $1`, [username]);
    if (!r[0]) {
      dummyHash ??= argon2.hash('not-a-password', { type: argon2.argon2id });
      await this.hashing.run(async () => argon2.verify(await dummyHash!, password).catch(() => false));
      return { user: null, exists: false };
    }
    const ok = await this.hashing.run(() => argon2.verify(r[0].password_hash, password).catch(() => false));
    return { user: ok && !r[0].disabled ? toUser(r[0]) : null, exists: true };
  }

  /** Runs a change (`… RETURNING`), with its audit row when given. */
  private run(s: Stmt, audit?: AuditEntry): Promise<any[]> {
    const q = audit ? withAudit(s, audit, `'user:' || changed.id`) : s;
    return this.db.query(q.sql, q.params);
  }

  async create(u: { username: string; password: string; role: Role; displayName?: string; districts?: string[] | null; organisations?: string[] }, audit?: AuditEntry): Promise<User> {
    const r = await this.run(
      {
        sql: `INSERT INTO users (username, display_name, password_hash, role, districts, organisations)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${cols}`,
        params: [u.username, u.displayName ?? null, await this.hash(u.password), u.role, u.districts ?? null, u.organisations ?? []],
      },
      audit,
    );
    return toUser(r[0]);
  }

  async update(
    id: string,
    patch: { password?: string; role?: Role; displayName?: string | null; districts?: string[] | null; organisations?: string[]; disabled?: boolean },
    audit?: AuditEntry,
  ): Promise<User | null> {
    const sets: string[] = [];
    const params: unknown[] = [];
    const add = (col: string, v: unknown) => {
      params.push(v);
      sets.push(`${col} = $${params.length}`);
    };
    if (patch.password !== undefined) add('password_hash', await this.hash(patch.password));
    if (patch.role !== undefined) add('role', patch.role);
    if (patch.displayName !== undefined) add('display_name', patch.displayName);
    if (patch.districts !== undefined) add('districts', patch.districts);
    if (patch.organisations !== undefined) add('organisations', patch.organisations);
    if (patch.disabled !== undefined) add('disabled', patch.disabled);
    if (!sets.length) return this.get(id);
    // what a session was granted changes: its access tokens end (a refresh gives new ones, if still allowed)
    const ends = patch.password !== undefined || patch.role !== undefined || patch.districts !== undefined || patch.organisations !== undefined || patch.disabled === true;
    if (ends) sets.push('token_version = token_version + 1');
    params.push(id);
    const update: Stmt = { sql: `UPDATE users SET ${sets.join(', ')}, updated_at = now() WHERE id = $${params.length} RETURNING ${cols}`, params };
    const stmts = [audit ? withAudit(update, audit, `'user:' || changed.id`) : update];
    // a new password or a disabled account: every session ends, refresh tokens included
    if (patch.password !== undefined || patch.disabled === true)
      stmts.push(
        { sql: `UPDATE refresh_tokens SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL`, params: [id] },
        { sql: `UPDATE auth_sessions SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL`, params: [id] },
      );
    const [r] = await this.db.transaction(stmts);
    return r[0] ? toUser(r[0]) : null;
  }

  async remove(id: string, audit?: AuditEntry): Promise<boolean> {
    return (await this.run({ sql: `DELETE FROM users WHERE id = $1 RETURNING id`, params: [id] }, audit)).length > 0;
  }
}
