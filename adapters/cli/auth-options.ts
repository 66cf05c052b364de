import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Authenticator, type AuthSettings } from '../auth/authenticator.js';
import { loadUserDirectory } from '../auth/user-directory.js';
import { CliError } from './cli-error.js';

/** Sign-in flags shared by serve, start and token. Secrets come from a file or the environment, never the command line. */
export const AUTH_OPTIONS = {
  'auth-secret-file': { type: 'string' },
  'auth-jwks': { type: 'string' },
  'auth-issuer': { type: 'string' },
  'auth-audience': { type: 'string' },
  users: { type: 'string' },
  'allowed-origin': { type: 'string', multiple: true },
} as const;

export type AuthValues = { 'auth-secret-file'?: string; 'auth-jwks'?: string; 'auth-issuer'?: string; 'auth-audience'?: string; users?: string; 'allowed-origin'?: string[] };

/** The sign-in a command runs with, and whether its secret was generated for this run (loopback demo only). */
export interface ResolvedAuth {
  readonly auth: Authenticator;
  readonly generated: boolean;
}

/** The HS256 secret configured by --auth-secret-file or CALLCOACH_AUTH_SECRET, if any. */
export function configuredSecret(command: string, values: AuthValues): Uint8Array | undefined {
  const file = values['auth-secret-file'] ?? process.env.CALLCOACH_AUTH_SECRET_FILE;
  if (file) {
    try {
      return new Uint8Array(Buffer.from(readFileSync(file, 'utf8').trim(), 'utf8'));
    } catch (err) {
      throw new CliError(`${command}: cannot read --auth-secret-file ${file}: ${(err as Error).message}`);
    }
  }
  const env = process.env.CALLCOACH_AUTH_SECRET;
  return env ? new Uint8Array(Buffer.from(env, 'utf8')) : undefined;
}

/**
 * Sign-in for a server on `host`. With nothing configured, a loopback server gets a secret generated for this run (the
 * demo opens with a printed link); any other address refuses to start, because anyone on the network could then
 * read every call.
 */
export function resolveAuth(command: string, values: AuthValues, host: string): ResolvedAuth {
  const secret = configuredSecret(command, values);
  const jwks = values['auth-jwks'] ?? process.env.CALLCOACH_AUTH_JWKS;
  const usersFile = values.users ?? process.env.CALLCOACH_USERS_FILE;
  const generated = !secret && !jwks;
  if (generated && !isLoopback(host)) {
    throw new CliError(
      `${command}: refusing to listen on ${host} without sign-in: anyone who can reach it could read every call and send events. ` +
        'Set CALLCOACH_AUTH_SECRET (32+ random bytes) or --auth-secret-file, or --auth-jwks <url|file> for your identity provider; or bind to 127.0.0.1.',
    );
  }
  const settings: AuthSettings = {
    secret: secret ?? new Uint8Array(randomBytes(48)),
    ...(jwks ? { jwks } : {}),
    ...((values['auth-issuer'] ?? process.env.CALLCOACH_AUTH_ISSUER) ? { issuer: values['auth-issuer'] ?? process.env.CALLCOACH_AUTH_ISSUER } : {}),
    ...((values['auth-audience'] ?? process.env.CALLCOACH_AUTH_AUDIENCE) ? { audience: values['auth-audience'] ?? process.env.CALLCOACH_AUTH_AUDIENCE } : {}),
  };
  // Only a configured secret may sign tokens; with only a JWKS, the generated key signs this process's password sessions.
  if (jwks && !secret) delete (settings as { secret?: Uint8Array }).secret;
  try {
    return { auth: Authenticator.create({ ...settings, ...(usersFile ? { users: loadUserDirectory(usersFile) } : {}) }), generated };
  } catch (err) {
    throw new CliError(`${command}: ${(err as Error).message}`);
  }
}

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}
