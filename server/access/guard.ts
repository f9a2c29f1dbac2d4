// Authorisation for express routes: who is asking (`req.principal`, set by the auth module's `authenticate`
// middleware from a bearer token) and may they (`requirePerm`). Every feature's routes use this; it holds no
// state and reads no table, so it sits outside the features (server/access/), next to roles and principals.
import type { RequestHandler } from 'express';
import { may, type Principal } from './principal';
import type { Permission } from './roles';

/** The session a bearer token belongs to, to check again later (open sockets) and to end it (logout). */
export interface SessionRef {
  kind: 'user' | 'wall_token';
  /** user id, or `token:<id>` */
  sub: string;
  /** the user's token version when the token was issued */
  ver?: number;
  /** the login session (refresh-token family) */
  sid?: string;
  /** wall-token id */
  jti?: string;
}

declare module 'express-serve-static-core' {
  interface Request {
    principal?: Principal;
    /** the session the bearer token belongs to (logout ends it) */
    sessionRef?: SessionRef;
  }
}

export function bearer(header: string | undefined): string | null {
  const m = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  return m ? m[1] : null;
}

export function requirePerm(perm: Permission): RequestHandler {
  return (req, res, next) => {
    if (!req.principal) {
      res.status(401).json({ error: 'unauthorized', message: 'a valid bearer token is required' });
      return;
    }
    if (!may(req.principal, perm)) {
      res.status(403).json({ error: 'forbidden', message: `role ${req.principal.role} lacks ${perm}` });
      return;
    }
    next();
  };
}
