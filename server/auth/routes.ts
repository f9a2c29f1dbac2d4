// /api/auth (login, refresh, logout, me), /api/users (accounts), /api/wall-tokens (kiosk tokens).
import { randomBytes } from 'node:crypto';
import { Router } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import { z } from 'zod';
import { districtIds } from '../../maps/districts';
import type { Request } from 'express';
import type { Config } from '../config';
import { HttpError, parseOr400 } from '../http/errors';
import { Busy } from '../http/semaphore';
import { requirePerm } from '../access/guard';
import { roles } from '../access/roles';
import type { AuditEntry, RecordAudit } from '../audit';
import type { UnknownLoginFailures } from './failures';
import type { AuthRepository } from './repository';
import { ACCESS_TTL_S, type Tokens } from './tokens';
import { principalOf, type Users } from './users';

const username = z.string().regex(/^[a-z0-9._-]{3,40}$/, '3–40 of a-z 0-9 . _ -');
const password = z.string().min(10, 'at least 10 characters').max(200);
const districts = z.array(z.enum(districtIds as [string, ...string[]])).min(1).nullable();
const organisations = z.array(z.string().min(1).max(100)).max(50);

const loginBody = z.object({ username: z.string().min(1).max(100), password: z.string().min(1).max(200) });
const refreshBody = z.object({ refreshToken: z.string().min(10).max(200) });
const newUser = z.object({ username, password, role: z.enum(roles), displayName: z.string().max(200).optional(), districts: districts.optional(), organisations: organisations.optional() }).strict();
const patchUser = z
  .object({ password: password.optional(), role: z.enum(roles).optional(), displayName: z.string().max(200).nullable().optional(), districts: districts.optional(), organisations: organisations.optional(), disabled: z.boolean().optional() })
  .strict();
const idParam = z.object({ id: z.string().regex(/^\d{1,18}$/, 'numeric id') });
const newWallToken = z.object({ name: z.string().min(1).max(100), districts: districts.optional() }).strict();

const LOGINS_IN_FLIGHT_PER_IP = 2;

export interface AuthRoutesDeps {
  config: Pick<Config, 'LOGIN_RATE_LIMIT' | 'LOGIN_IP_RATE_LIMIT'>;
  users: Users;
  tokens: Tokens;
  repo: Pick<AuthRepository, 'listWallTokens' | 'insertWallToken' | 'revokeWallToken'>;
  record: RecordAudit;
  loginFailures: Pick<UnknownLoginFailures, 'count'>;
}

export function authRoutes(c: AuthRoutesDeps): Router {
  const r = Router();
  // the audit row of a change, written in the change's own statement
  const audit = (req: Request, action: string, target?: string, details?: Record<string, unknown>): AuditEntry => ({
    actor: req.principal?.username ?? 'anonymous',
    role: req.principal?.role,
    action,
    target,
    ip: req.ip,
    details,
  });

  const loginLimiter = rateLimit({
    windowMs: 5 * 60_000,
    limit: c.config.LOGIN_RATE_LIMIT,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    keyGenerator: (req) => `${ipKeyGenerator(req.ip ?? '')}|${String(req.body?.username ?? '').toLowerCase()}`,
    handler: (_req, res) => res.status(429).json({ error: 'too_many_requests', message: 'too many login attempts; try again in a few minutes' }),
  });

  // every failed attempt from an IP, whatever the username (random usernames are not limited per username)
  const ipLimiter = rateLimit({
    windowMs: 5 * 60_000,
    limit: c.config.LOGIN_IP_RATE_LIMIT,
    skipSuccessfulRequests: true,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    keyGenerator: (req) => `ip|${ipKeyGenerator(req.ip ?? '')}`,
    handler: (_req, res) => res.status(429).json({ error: 'too_many_requests', message: 'too many failed logins from your address; try again in a few minutes' }),
  });

  // password checks in flight per IP: one address cannot fill the bounded hashing queue (server/http/semaphore.ts)
  const inFlight = new Map<string, number>();

  r.post('/api/auth/login', ipLimiter, loginLimiter, async (req, res) => {
    const body = parseOr400(loginBody, req.body);
    const ip = ipKeyGenerator(req.ip ?? '');
    if ((inFlight.get(ip) ?? 0) >= LOGINS_IN_FLIGHT_PER_IP) {
      res.status(429).set('retry-after', '1').json({ error: 'too_many_requests', message: 'too many logins at once from your address; try again in a moment' });
      return;
    }
    inFlight.set(ip, (inFlight.get(ip) ?? 0) + 1);
    let login: Awaited<ReturnType<typeof c.users.login>>;
    try {
      login = await c.users.login(body.username, body.password);
    } catch (err) {
      if (!(err instanceof Busy)) throw err;
      res.status(503).set('retry-after', '1').json({ error: 'busy', message: 'too many logins at once; try again in a moment' });
      return;
    } finally {
      const n = inFlight.get(ip)! - 1;
      if (n > 0) inFlight.set(ip, n);
      else inFlight.delete(ip);
    }
    const user = login.user;
    if (!user) {
      if (login.exists) await c.record({ actor: body.username, action: 'auth.login_failed', ip: req.ip });
      else c.loginFailures.count(req.ip ?? '');
      res.status(401).json({ error: 'unauthorized', message: 'wrong username or password' });
      return;
    }
    const p = principalOf(user);
    await c.record({ actor: user.username, role: user.role, action: 'auth.login', ip: req.ip });
    const sid = await c.tokens.session(user.id);
    res.json({ token: await c.tokens.access(p, { ver: user.tokenVersion, sid }), refreshToken: await c.tokens.refresh(user.id, sid), expiresIn: ACCESS_TTL_S, user });
  });

  r.post('/api/auth/refresh', async (req, res) => {
    const { refreshToken } = parseOr400(refreshBody, req.body);
    const s = await c.tokens.consumeRefresh(refreshToken);
    const user = s ? await c.users.get(s.userId) : null;
    if (!s || !user || user.disabled) {
      res.status(401).json({ error: 'unauthorized', message: 'refresh token invalid or expired' });
      return;
    }
    res.json({ token: await c.tokens.access(principalOf(user), { ver: user.tokenVersion, sid: s.sid }), refreshToken: await c.tokens.refresh(user.id, s.sid), expiresIn: ACCESS_TTL_S });
  });

  r.post('/api/auth/logout', async (req, res) => {
    // ends the session: its refresh tokens, and its access tokens on REST and sockets within a second
    const b = refreshBody.safeParse(req.body);
    if (b.success) await c.tokens.endSessionOf(b.data.refreshToken);
    if (req.sessionRef?.sid) await c.tokens.revokeSession(req.sessionRef.sid);
    res.status(204).end();
  });

  r.get('/api/auth/me', (req, res) => {
    if (!req.principal) {
      res.status(401).json({ error: 'unauthorized', message: 'a valid bearer token is required' });
      return;
    }
    res.json(req.principal);
  });

  // ---- users
  r.get('/api/users', requirePerm('users:manage'), async (_req, res) => {
    res.json({ items: await c.users.list() });
  });
  r.post('/api/users', requirePerm('users:manage'), async (req, res) => {
    const body = parseOr400(newUser, req.body);
    if (await c.users.byUsername(body.username)) throw new HttpError(409, `username ${body.username} is taken`, 'username');
    const user = await c.users.create(body, audit(req, 'user.create', undefined, { username: body.username, role: body.role, districts: body.districts ?? null }));
    res.status(201).json(user);
  });
  r.patch('/api/users/:id', requirePerm('users:manage'), async (req, res) => {
    const { id } = parseOr400(idParam, req.params);
    const body = parseOr400(patchUser, req.body);
    const user = await c.users.update(id, body, audit(req, 'user.update', undefined, { ...body, password: body.password ? '(changed)' : undefined }));
    if (!user) throw new HttpError(404, `no user ${id}`, 'id');
    c.tokens.forget();
    res.json(user);
  });
  r.delete('/api/users/:id', requirePerm('users:manage'), async (req, res) => {
    const { id } = parseOr400(idParam, req.params);
    if (req.principal!.sub === id) throw new HttpError(400, 'you cannot delete your own account', 'id');
    if (!(await c.users.remove(id, audit(req, 'user.delete')))) throw new HttpError(404, `no user ${id}`, 'id');
    c.tokens.forget();
    res.status(204).end();
  });

  // ---- wall-screen tokens: long-lived, read-only, revocable
  r.get('/api/wall-tokens', requirePerm('tokens:manage'), async (_req, res) => {
    res.json({ items: await c.repo.listWallTokens() });
  });
  r.post('/api/wall-tokens', requirePerm('tokens:manage'), async (req, res) => {
    const body = parseOr400(newWallToken, req.body);
    const id = randomBytes(9).toString('base64url');
    await c.repo.insertWallToken(
      { id, name: body.name, districts: body.districts ?? null, createdBy: req.principal!.username },
      audit(req, 'wall_token.create', `wall_token:${id}`, { name: body.name, districts: body.districts ?? null }),
    );
    res.status(201).json({ id, name: body.name, token: await c.tokens.wall(id, body.name, body.districts ?? null) });
  });
  r.delete('/api/wall-tokens/:id', requirePerm('tokens:manage'), async (req, res) => {
    const id = parseOr400(z.string().regex(/^[A-Za-z0-9_-]{6,40}$/, 'token id'), req.params.id);
    if (!(await c.repo.revokeWallToken(id, audit(req, 'wall_token.revoke', `wall_token:${id}`)))) throw new HttpError(404, `no active wall token ${id}`, 'id');
    c.tokens.forget();
    res.status(204).end();
  });
  return r;
}
