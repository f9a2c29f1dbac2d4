// Authentication (Bearer token → principal) and authorisation (permission) for express routes.
import type { RequestHandler } from 'express';
import type { Principal } from './principal';
import { may } from './principal';
import type { Permission } from './roles';
import type { SessionRef, Tokens } from './tokens';

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

export function authenticate(tokens: Tokens): RequestHandler {
  return async (req, _res, next) => {
    const t = bearer(req.headers.authorization);
    const v = t ? await tokens.verifyRef(t) : null;
    if (v) {
      req.principal = v.principal;
      req.sessionRef = v.ref;
    }
    next();
  };
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
