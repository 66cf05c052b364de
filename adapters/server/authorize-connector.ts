import type { IncomingMessage } from 'node:http';
import { AuthError, AUTH_ERROR_CODES } from '../auth/auth-error.js';
import type { Authenticator } from '../auth/authenticator.js';
import { credentialsOf } from '../auth/request-credentials.js';
import { mayIngest, type Principal } from '../auth/roles.js';
import type { AudioConnector } from './audio-connector.js';

/**
 * Signs a connector's upgrade in: an ingest token as `Authorization: Bearer` or as `X-API-KEY` (the header AudioHook
 * sends its configured API key in). An in-band connector may go on without one, and must sign in with its first
 * message; any credential given is checked here all the same. Browser cookies never count: telephony is no browser.
 */
export async function authorizeConnector(request: IncomingMessage, connector: AudioConnector, auth: Authenticator): Promise<Principal | undefined> {
  const credentials = credentialsOf(request);
  const apiKey = request.headers['x-api-key'];
  const token = credentials.via === 'bearer' ? credentials.token : typeof apiKey === 'string' && apiKey.length > 0 ? apiKey : undefined;
  if (token === undefined) {
    if (connector.signIn === 'in-band') return undefined;
    throw new AuthError(AUTH_ERROR_CODES.MISSING, `the ${connector.name} connector needs an ingest token as Authorization: Bearer or X-API-KEY`);
  }
  const principal = await auth.verify(token);
  if (!mayIngest(principal)) throw new AuthError(AUTH_ERROR_CODES.FORBIDDEN, `only an ingest token may stream calls (this one is ${principal.role})`);
  return principal;
}
