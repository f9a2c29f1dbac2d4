// User accounts in the database; passwords hashed with argon2id. Each change may carry its audit row, written by
// the same statement (target `user:<id>`): the change and its audit row commit together or not at all.
import argon2 from 'argon2';
import type { AuditEntry } from '../audit';
import { Semaphore } from '../http/semaphore';
import type { Principal } from '../access/principal';
import type { Role } from '../access/roles';
import type { AuthRepository, UserChanges, UserRow } from './repository';

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

const toUser = (r: UserRow): User => ({
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
    private repo: AuthRepository,
    /** bounds concurrent argon2 work; throws `Busy` when too many wait */
    private hashing = new Semaphore(2, 20),
  ) {}

  hash(password: string): Promise<string> {
    return this.hashing.run(() => argon2.hash(password, { type: argon2.argon2id }));
  }

  async list(): Promise<User[]> {
    return (await this.repo.listUsers()).map(toUser);
  }

  async get(id: string): Promise<User | null> {
    const r = await this.repo.userById(id);
    return r ? toUser(r) : null;
  }

  async byUsername(username: string): Promise<User | null> {
    const r = await this.repo.userByUsername(username);
    return r ? toUser(r) : null;
  }

  /** The user when the password matches and the account is enabled. */
  async check(username: string, password: string): Promise<User | null> {
    return (await this.login(username, password)).user;
  }

  /** Checks a login; `exists` says whether the username is an account (for auditing, never for the response). */
  async login(username: string, password: string): Promise<{ user: User | null; exists: boolean }> {
    const r = await this.repo.userForLogin(username);
    if (!r) {
      dummyHash ??= argon2.hash('not-a-password', { type: argon2.argon2id });
      await this.hashing.run(async () => argon2.verify(await dummyHash!, password).catch(() => false));
      return { user: null, exists: false };
    }
    const ok = await this.hashing.run(() => argon2.verify(r.password_hash, password).catch(() => false));
    return { user: ok && !r.disabled ? toUser(r) : null, exists: true };
  }

  async create(u: { username: string; password: string; role: Role; displayName?: string; districts?: string[] | null; organisations?: string[] }, audit?: AuditEntry): Promise<User> {
    const row = await this.repo.insertUser(
      { username: u.username, displayName: u.displayName ?? null, passwordHash: await this.hash(u.password), role: u.role, districts: u.districts ?? null, organisations: u.organisations ?? [] },
      audit,
    );
    return toUser(row);
  }

  async update(
    id: string,
    patch: { password?: string; role?: Role; displayName?: string | null; districts?: string[] | null; organisations?: string[]; disabled?: boolean },
    audit?: AuditEntry,
  ): Promise<User | null> {
    const changes: UserChanges = {
      password_hash: patch.password !== undefined ? await this.hash(patch.password) : undefined,
      role: patch.role,
      display_name: patch.displayName,
      districts: patch.districts,
      organisations: patch.organisations,
      disabled: patch.disabled,
    };
    const row = await this.repo.updateUser(
      id,
      changes,
      {
        // what a session was granted changes: its access tokens end (a refresh gives new ones, if still allowed)
        endsAccess: patch.password !== undefined || patch.role !== undefined || patch.districts !== undefined || patch.organisations !== undefined || patch.disabled === true,
        // a new password or a disabled account: every session ends, refresh tokens included
        endsSessions: patch.password !== undefined || patch.disabled === true,
      },
      audit,
    );
    return row ? toUser(row) : null;
  }

  async remove(id: string, audit?: AuditEntry): Promise<boolean> {
    return this.repo.deleteUser(id, audit);
  }
}
