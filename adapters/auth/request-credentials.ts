import type { IncomingMessage } from 'node:http';

export const SESSION_COOKIE = 'callcoach_session';
export const CSRF_COOKIE = 'callcoach_csrf';
export const CSRF_HEADER = 'x-callcoach-csrf';

/** How a request proved who it is: a bearer header (a program) or the session cookie (a browser, so CSRF applies). */
export interface Credentials {
  readonly token: string | undefined;
  readonly via: 'bearer' | 'cookie' | 'none';
}

export function credentialsOf(request: IncomingMessage): Credentials {
  const header = request.headers.authorization;
  const bearer = header && /^Bearer\s+(\S+)$/i.exec(header)?.[1];
  if (bearer) return { token: bearer, via: 'bearer' };
  const session = cookiesOf(request).get(SESSION_COOKIE);
  return session ? { token: session, via: 'cookie' } : { token: undefined, via: 'none' };
}

export function cookiesOf(request: IncomingMessage): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    try {
      cookies.set(name, decodeURIComponent(part.slice(eq + 1).trim()));
    } catch {
      // A cookie that is not ours and not URI-encoded: ignore it.
    }
  }
  return cookies;
}
