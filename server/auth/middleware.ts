// Authentication: a Bearer token → the request's principal and session (server/access/guard.ts declares them
// and checks permissions). `requirePerm` and `bearer` are re-exported for the imports that still name this file.
import type { RequestHandler } from 'express';
import { bearer } from '../access/guard';
import type { Tokens } from './tokens';

export { bearer, requirePerm } from '../access/guard';

export function authenticate(tokens: Pick<Tokens, 'verifyRef'>): RequestHandler {
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
