/** Why a request was refused. Every code is documented in adapters/README.md (Sign-in and roles). */
export const AUTH_ERROR_CODES = {
  /** No token in the Authorization header or the session cookie. */
  MISSING: 'CALLCOACH_AUTH_MISSING',
  /** The token's exp has passed. */
  EXPIRED: 'CALLCOACH_AUTH_EXPIRED',
  /** Bad signature, wrong issuer or audience, not a JWT, or an algorithm this server does not accept. */
  INVALID: 'CALLCOACH_AUTH_INVALID',
  /** Signed correctly but without the claims callcoach needs (role, agent_id for agents, team_id for supervisors). */
  CLAIMS: 'CALLCOACH_AUTH_CLAIMS',
  /** A valid token whose role may not do this. */
  FORBIDDEN: 'CALLCOACH_AUTH_FORBIDDEN',
  /** A browser request from another site, or a state change without the CSRF token. */
  ORIGIN: 'CALLCOACH_AUTH_ORIGIN',
  /** Wrong user name or password at the login form. */
  LOGIN: 'CALLCOACH_AUTH_LOGIN',
} as const;

export type AuthErrorCode = (typeof AUTH_ERROR_CODES)[keyof typeof AUTH_ERROR_CODES];

/** A refused request: 401 for who-are-you problems, 403 for may-not. */
export class AuthError extends Error {
  override readonly name = 'AuthError';
  constructor(
    readonly code: AuthErrorCode,
    message: string,
  ) {
    super(message);
  }

  get status(): 401 | 403 {
    return this.code === AUTH_ERROR_CODES.FORBIDDEN || this.code === AUTH_ERROR_CODES.ORIGIN ? 403 : 401;
  }
}
