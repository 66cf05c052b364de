import type { IncomingMessage } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import { AUTH_ERROR_CODES, AuthError } from './auth-error.js';
import { cookiesOf, CSRF_COOKIE, CSRF_HEADER, type Credentials } from './request-credentials.js';

/**
 * A browser's request must come from our own pages: its Origin (sent on every WebSocket upgrade and state change) must
 * be this server or one the operator allowed. Requests without an Origin are programs, not pages, and carry a bearer token.
 */
export function checkOrigin(request: IncomingMessage, allowedOrigins: readonly string[]): void {
  const origin = request.headers.origin;
  if (origin === undefined) return;
  const host = request.headers.host;
  const own = host ? [`http://${host}`, `https://${host}`] : [];
  if (![...own, ...allowedOrigins].includes(origin)) throw new AuthError(AUTH_ERROR_CODES.ORIGIN, `requests from ${origin} are not allowed (this server accepts its own pages${allowedOrigins.length ? ` and ${allowedOrigins.join(', ')}` : ''})`);
}

/** Double-submit CSRF check for state-changing requests signed in by cookie: the header must repeat the CSRF cookie. */
export function checkCsrf(request: IncomingMessage, credentials: Credentials): void {
  if (credentials.via !== 'cookie') return;
  const cookie = cookiesOf(request).get(CSRF_COOKIE);
  const header = request.headers[CSRF_HEADER];
  const sent = Array.isArray(header) ? header[0] : header;
  if (!cookie || !sent || cookie.length !== sent.length || !timingSafeEqual(Buffer.from(cookie), Buffer.from(sent))) {
    throw new AuthError(AUTH_ERROR_CODES.ORIGIN, `a change signed in by cookie must repeat the ${CSRF_COOKIE} cookie in the ${CSRF_HEADER} header`);
  }
}
