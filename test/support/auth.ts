import { Authenticator, type TokenClaims } from '../../adapters/auth/authenticator.js';

/** The sign-in secret of every test server (and of spawned CLI servers, through CALLCOACH_AUTH_SECRET). */
export const TEST_AUTH_SECRET = 'callcoach-test-secret-0123456789-abcdefghijklmnop';

export const testAuth = Authenticator.create({ secret: new Uint8Array(Buffer.from(TEST_AUTH_SECRET, 'utf8')) });

/** A token for tests: role plus agent/team claims, one hour. */
export function tokenFor(role: TokenClaims['role'], claims: Partial<Omit<TokenClaims, 'role'>> = {}): Promise<string> {
  const subject = claims.subject ?? claims.agentId ?? `test-${role}`;
  return testAuth.issue({ subject, role, ...(claims.agentId ? { agentId: claims.agentId } : {}), ...(claims.teamId ? { teamId: claims.teamId } : {}) }, 3600);
}

/** ws/fetch headers carrying a bearer token. */
export async function bearer(role: TokenClaims['role'], claims: Partial<Omit<TokenClaims, 'role'>> = {}): Promise<{ authorization: string }> {
  return { authorization: `Bearer ${await tokenFor(role, claims)}` };
}
