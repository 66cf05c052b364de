import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody } from '../server/read-body.js';
import { AUTH_ERROR_CODES, AuthError } from './auth-error.js';
import type { Authenticator } from './authenticator.js';
import { checkOrigin } from './browser-guard.js';
import { CSRF_COOKIE, SESSION_COOKIE } from './request-credentials.js';
import type { Principal } from './roles.js';

const SESSION_TTL_SECONDS = 8 * 3600;
// Password guessing: a few tries per address per minute, then wait.
const LOGIN_FAILURES_PER_MINUTE = 5;

/** Where each role lands after signing in. */
export function homeOf(principal: Principal): string {
  if (principal.role === 'qa') return '/review';
  if (principal.role === 'supervisor' || principal.role === 'admin') return '/live';
  return '/';
}

/**
 * Browser sign-in: POST /auth/session {"token"} (a pasted or linked token), POST /auth/login {"username","password"}
 * (the users file), POST /auth/logout. A session is the verified token in an HttpOnly, SameSite=Strict cookie, with a
 * second, readable cookie the pages repeat in a header on every change (CSRF). Returns false for other paths.
 */
export function createSessionRoutes(auth: Authenticator, allowedOrigins: readonly string[], now: () => number = Date.now) {
  const failures = new Map<string, number[]>();

  return async (request: IncomingMessage, response: ServerResponse): Promise<boolean> => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (!url.pathname.startsWith('/auth/')) return false;
    const json = (status: number, body: unknown, cookies: readonly string[] = []) => {
      response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...(cookies.length ? { 'set-cookie': [...cookies] } : {}) });
      response.end(JSON.stringify(body));
      return true;
    };
    if (request.method !== 'POST') return json(405, { error: 'use POST' });
    try {
      checkOrigin(request, allowedOrigins);
      const secure = isHttps(request);
      if (url.pathname === '/auth/logout') return json(200, { ok: true }, clearCookies(secure));
      const body = parseJson(await readBody(request, 8 * 1024));
      if (url.pathname === '/auth/session') {
        const token = typeof body.token === 'string' ? body.token.trim() : undefined;
        const principal = await auth.verify(token);
        return json(200, describe(principal), sessionCookies(token as string, principal.expiresAt - Math.floor(now() / 1000), secure));
      }
      if (url.pathname === '/auth/login') {
        if (!auth.users) return json(404, { code: AUTH_ERROR_CODES.LOGIN, error: 'password sign-in is not configured on this server (start it with --users <file>); paste a token instead' });
        const address = request.socket.remoteAddress ?? '?';
        const recent = (failures.get(address) ?? []).filter((t) => now() - t < 60_000);
        if (recent.length >= LOGIN_FAILURES_PER_MINUTE) return json(429, { code: AUTH_ERROR_CODES.LOGIN, error: 'too many failed sign-ins from this address; wait a minute' });
        const user = typeof body.username === 'string' && typeof body.password === 'string' ? await auth.users.check(body.username, body.password) : undefined;
        if (!user) {
          failures.set(address, [...recent, now()]);
          return json(401, { code: AUTH_ERROR_CODES.LOGIN, error: 'wrong user name or password' });
        }
        failures.delete(address);
        const claims = { subject: user.username, role: user.role, ...(user.agentId ? { agentId: user.agentId } : {}), ...(user.teamId ? { teamId: user.teamId } : {}) };
        const token = await auth.issue(claims, SESSION_TTL_SECONDS);
        const principal = await auth.verify(token);
        return json(200, describe(principal), sessionCookies(token, SESSION_TTL_SECONDS, secure));
      }
      return json(404, { error: 'unknown sign-in path' });
    } catch (err) {
      if (err instanceof AuthError) return json(err.status, { code: err.code, error: err.message });
      if (err instanceof SyntaxError) return json(400, { error: 'the body must be JSON' });
      throw err;
    }
  };
}

/** What a page needs to know about who is signed in. */
export function describe(principal: Principal) {
  return { subject: principal.subject, role: principal.role, agentId: principal.agentId, teamId: principal.teamId, expiresAt: principal.expiresAt, home: homeOf(principal) };
}

function parseJson(text: string): Record<string, unknown> {
  const value = JSON.parse(text) as unknown;
  if (typeof value !== 'object' || value === null) throw new SyntaxError('not an object');
  return value as Record<string, unknown>;
}

function isHttps(request: IncomingMessage): boolean {
  return (request.socket as { encrypted?: boolean }).encrypted === true || request.headers['x-forwarded-proto'] === 'https';
}

function sessionCookies(token: string, maxAgeSeconds: number, secure: boolean): string[] {
  const flags = `Path=/; SameSite=Strict; Max-Age=${Math.max(0, maxAgeSeconds)}${secure ? '; Secure' : ''}`;
  return [`${SESSION_COOKIE}=${token}; HttpOnly; ${flags}`, `${CSRF_COOKIE}=${randomBytes(24).toString('base64url')}; ${flags}`];
}

function clearCookies(secure: boolean): string[] {
  const flags = `Path=/; SameSite=Strict; Max-Age=0${secure ? '; Secure' : ''}`;
  return [`${SESSION_COOKIE}=; HttpOnly; ${flags}`, `${CSRF_COOKIE}=; ${flags}`];
}
