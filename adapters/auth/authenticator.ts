import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createLocalJWKSet, createRemoteJWKSet, decodeProtectedHeader, errors, jwtVerify, SignJWT, type JSONWebKeySet, type JWTPayload } from 'jose';
import { AUTH_ERROR_CODES, AuthError } from './auth-error.js';
import { isRole, type Principal, type Role } from './roles.js';
import type { UserDirectory } from './user-directory.js';

/** Where sign-in keys come from. At least one of secret and jwks, or the server refuses to start off loopback. */
export interface AuthSettings {
  /** HS256 shared secret (at least 32 bytes): tokens from `callcoach token create`, and session tokens. */
  readonly secret?: Uint8Array;
  /** An identity provider's keys: an https URL or a local JWKS file (RS256/ES256/EdDSA tokens). */
  readonly jwks?: string;
  readonly issuer?: string;
  readonly audience?: string;
  /** People who sign in with a password at /login. */
  readonly users?: UserDirectory;
}

/** Claims of a token this server issues. */
export interface TokenClaims {
  readonly subject: string;
  readonly role: Role;
  readonly agentId?: string;
  readonly teamId?: string;
}

const MIN_SECRET_BYTES = 32;
const ASYMMETRIC = ['RS256', 'RS384', 'RS512', 'PS256', 'ES256', 'ES384', 'EdDSA'];

/** Verifies tokens (and issues session tokens) for the server and the CLI. */
export class Authenticator {
  private constructor(
    private readonly sessionKey: Uint8Array,
    private readonly keySet: ReturnType<typeof createRemoteJWKSet> | undefined,
    private readonly settings: AuthSettings,
  ) {}

  static create(settings: AuthSettings): Authenticator {
    if (settings.secret && settings.secret.length < MIN_SECRET_BYTES) throw new Error(`the sign-in secret is ${settings.secret.length} bytes; use at least ${MIN_SECRET_BYTES} random bytes (e.g. openssl rand -base64 48)`);
    // Password sign-ins need a key to sign sessions with; with only an identity provider's JWKS, a per-process one.
    const sessionKey = settings.secret ?? new Uint8Array(randomBytes(MIN_SECRET_BYTES));
    return new Authenticator(sessionKey, settings.jwks ? openKeySet(settings.jwks) : undefined, settings);
  }

  get users(): UserDirectory | undefined {
    return this.settings.users;
  }

  /** A verified principal, or an AuthError saying what was wrong with the token. */
  async verify(token: string | undefined): Promise<Principal> {
    if (!token) throw new AuthError(AUTH_ERROR_CODES.MISSING, 'sign in first: send "Authorization: Bearer <token>" or open /login');
    let alg: string | undefined;
    try {
      alg = decodeProtectedHeader(token).alg;
    } catch {
      throw new AuthError(AUTH_ERROR_CODES.INVALID, 'the token is not a JWT (expected three base64url parts)');
    }
    const options = { ...(this.settings.issuer ? { issuer: this.settings.issuer } : {}), ...(this.settings.audience ? { audience: this.settings.audience } : {}) };
    let payload: JWTPayload;
    try {
      if (alg === 'HS256') payload = (await jwtVerify(token, this.sessionKey, { ...options, algorithms: ['HS256'] })).payload;
      else if (this.keySet && alg && ASYMMETRIC.includes(alg)) payload = (await jwtVerify(token, this.keySet, { ...options, algorithms: ASYMMETRIC })).payload;
      else throw new AuthError(AUTH_ERROR_CODES.INVALID, `tokens signed with ${alg ?? 'no algorithm'} are not accepted here${this.keySet ? '' : ' (no JWKS is configured)'}`);
    } catch (err) {
      throw describeJoseError(err);
    }
    return principalOf(payload);
  }

  /** A signed HS256 token for these claims, valid for ttlSeconds. */
  async issue(claims: TokenClaims, ttlSeconds: number): Promise<string> {
    const jwt = new SignJWT({ role: claims.role, ...(claims.agentId ? { agent_id: claims.agentId } : {}), ...(claims.teamId ? { team_id: claims.teamId } : {}) })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(claims.subject)
      .setIssuedAt()
      .setExpirationTime(Math.floor(Date.now() / 1000) + ttlSeconds);
    if (this.settings.issuer) jwt.setIssuer(this.settings.issuer);
    if (this.settings.audience) jwt.setAudience(this.settings.audience);
    return jwt.sign(this.sessionKey);
  }
}

function openKeySet(jwks: string): ReturnType<typeof createRemoteJWKSet> {
  if (/^https?:\/\//.test(jwks)) return createRemoteJWKSet(new URL(jwks));
  let parsed: JSONWebKeySet;
  try {
    parsed = JSON.parse(readFileSync(jwks, 'utf8')) as JSONWebKeySet;
  } catch (err) {
    throw new Error(`cannot read the JWKS file ${jwks}: ${(err as Error).message}`, { cause: err });
  }
  if (!Array.isArray(parsed.keys)) throw new Error(`${jwks} is not a JWKS: it needs a "keys" array`);
  return createLocalJWKSet(parsed) as ReturnType<typeof createRemoteJWKSet>;
}

function principalOf(payload: JWTPayload): Principal {
  const role = payload.role;
  if (!isRole(role)) throw new AuthError(AUTH_ERROR_CODES.CLAIMS, `the token's role claim must be one of agent, supervisor, qa, admin, ingest (got ${JSON.stringify(role ?? null)})`);
  if (typeof payload.sub !== 'string' || payload.sub === '') throw new AuthError(AUTH_ERROR_CODES.CLAIMS, 'the token has no subject (sub claim)');
  if (typeof payload.exp !== 'number') throw new AuthError(AUTH_ERROR_CODES.CLAIMS, 'the token has no expiry (exp claim); callcoach accepts only tokens that expire');
  const agentId = typeof payload.agent_id === 'string' ? payload.agent_id : undefined;
  const teamId = typeof payload.team_id === 'string' ? payload.team_id : undefined;
  if (role === 'agent' && !agentId) throw new AuthError(AUTH_ERROR_CODES.CLAIMS, 'an agent token needs an agent_id claim');
  if (role === 'supervisor' && !teamId) throw new AuthError(AUTH_ERROR_CODES.CLAIMS, 'a supervisor token needs a team_id claim');
  return { subject: payload.sub, role, ...(agentId ? { agentId } : {}), ...(teamId ? { teamId } : {}), expiresAt: payload.exp };
}

function describeJoseError(err: unknown): AuthError {
  if (err instanceof AuthError) return err;
  if (err instanceof errors.JWTExpired) return new AuthError(AUTH_ERROR_CODES.EXPIRED, 'the token has expired; sign in again');
  if (err instanceof errors.JWTClaimValidationFailed) return new AuthError(AUTH_ERROR_CODES.INVALID, `the token's ${err.claim} claim is wrong for this server (${err.reason})`);
  if (err instanceof errors.JWSSignatureVerificationFailed) return new AuthError(AUTH_ERROR_CODES.INVALID, 'the token signature does not verify: it was not issued for this server');
  if (err instanceof errors.JWKSNoMatchingKey) return new AuthError(AUTH_ERROR_CODES.INVALID, "no key in the identity provider's JWKS matches the token's kid");
  if (err instanceof errors.JOSEError) return new AuthError(AUTH_ERROR_CODES.INVALID, `the token was refused (${err.code})`);
  return new AuthError(AUTH_ERROR_CODES.INVALID, 'the token could not be verified');
}
