// The auth feature: accounts, login sessions, access/refresh/wall tokens, the `authenticate` middleware that
// turns a bearer token into `req.principal`, failed-login counting, the first admin, and the /api/auth,
// /api/users and /api/wall-tokens routes. Its SQL is in repository.ts. Roles, principals and `requirePerm` are
// shared by every feature and live in server/access/. Other modules import only types from this file.
import { createHmac } from 'node:crypto';
import type { Logger } from 'pino';
import type { Config } from '../config';
import type { Db } from '../dialects';
import type { Mount } from '../module';
import type { SessionRef } from '../access/guard';
import type { AuditApi } from '../audit';
import { Semaphore } from '../http/semaphore';
import { ensureAdmin } from './bootstrap';
import { UnknownLoginFailures } from './failures';
import { authenticate } from './middleware';
import { AuthRepository } from './repository';
import { authRoutes } from './routes';
import { loadSecret, refKey, Tokens } from './tokens';
import { Users } from './users';

export type { SessionRef };
export type { Tokens, Users, UnknownLoginFailures };

export interface AuthDeps {
  db: Db;
  log: Logger;
  config: Pick<Config, 'PASSWORD_HASH_CONCURRENCY' | 'AUTH_SECRET' | 'ADMIN_PASSWORD' | 'LOGIN_RATE_LIMIT' | 'LOGIN_IP_RATE_LIMIT'>;
  audit: Pick<AuditApi, 'record' | 'withAudit'>;
}

/** What the live sockets need: verify a handshake token, and find the sessions that ended since. */
export interface SessionPort {
  verifyRef: Tokens['verifyRef'];
  revoked: Tokens['revoked'];
  /** the key `revoked` answers with for a session */
  key(ref: SessionRef): string;
}

export interface AuthApi {
  users: Users;
  tokens: Tokens;
  sessions: SessionPort;
  /** counts failed logins of unknown usernames, audited once a minute */
  loginFailures: UnknownLoginFailures;
  /** set on the very first start: the generated admin password, printed once */
  adminPassword?: string;
  /** a key for signing URLs of one purpose (e.g. `photo-url`), derived from the auth secret: the same on every node */
  urlKey(purpose: string): Uint8Array;
}

export const mountAuth: Mount<AuthDeps, AuthApi> = async (app, _io, { db, log, config, audit }) => {
  const repo = new AuthRepository(db, audit.withAudit);
  const users = new Users(repo, new Semaphore(config.PASSWORD_HASH_CONCURRENCY, 10 * config.PASSWORD_HASH_CONCURRENCY));
  const secret = await loadSecret(repo, config.AUTH_SECRET);
  const tokens = new Tokens(repo, secret);
  const loginFailures = new UnknownLoginFailures(audit.record, log);
  const admin = await ensureAdmin(users, log, config.ADMIN_PASSWORD);

  // every later route sees `req.principal` (server/access/guard.ts)
  app.use(authenticate(tokens));
  app.use(authRoutes({ config, users, tokens, repo, record: audit.record, loginFailures }));

  return {
    api: {
      users,
      tokens,
      sessions: { verifyRef: (t) => tokens.verifyRef(t), revoked: (refs) => tokens.revoked(refs), key: refKey },
      loginFailures,
      adminPassword: admin.password,
      urlKey: (purpose) => createHmac('sha256', secret).update(`url-key:${purpose}`).digest(),
    },
    stop: () => loginFailures.stop(),
  };
};
