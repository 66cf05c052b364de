import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { AUTH_ERROR_CODES } from '../../../adapters/auth/auth-error.js';
import { Authenticator } from '../../../adapters/auth/authenticator.js';
import { hashPassword, verifyPassword } from '../../../adapters/auth/user-directory.js';
import { parseDurationSeconds } from '../../../adapters/auth/parse-duration.js';

describe('Authenticator with an identity provider’s JWKS file', () => {
  it('accepts an ES256 token signed by a listed key, checks issuer and audience, and refuses an unlisted key', async () => {
    const { publicKey, privateKey } = await generateKeyPair('ES256');
    const other = await generateKeyPair('ES256');
    const jwk = { ...(await exportJWK(publicKey)), kid: 'idp-1', alg: 'ES256', use: 'sig' };
    const file = join(mkdtempSync(join(tmpdir(), 'callcoach-jwks-')), 'jwks.json');
    writeFileSync(file, JSON.stringify({ keys: [jwk] }));
    const auth = Authenticator.create({ jwks: file, issuer: 'https://idp.example', audience: 'callcoach' });
    const sign = (key: Parameters<SignJWT['sign']>[0], claims: Record<string, unknown>, issuer = 'https://idp.example') =>
      new SignJWT(claims).setProtectedHeader({ alg: 'ES256', kid: 'idp-1' }).setSubject('sup-7').setIssuer(issuer).setAudience('callcoach').setExpirationTime('1h').sign(key);
    expect(await auth.verify(await sign(privateKey, { role: 'supervisor', team_id: 'T9' }))).toMatchObject({ subject: 'sup-7', role: 'supervisor', teamId: 'T9' });
    await expect(auth.verify(await sign(privateKey, { role: 'supervisor', team_id: 'T9' }, 'https://other.example'))).rejects.toMatchObject({ code: AUTH_ERROR_CODES.INVALID, message: expect.stringContaining('iss') });
    await expect(auth.verify(await sign(other.privateKey, { role: 'admin' }))).rejects.toMatchObject({ code: AUTH_ERROR_CODES.INVALID });
    await expect(auth.verify(await sign(privateKey, { role: 'supervisor' }))).rejects.toMatchObject({ code: AUTH_ERROR_CODES.CLAIMS, message: expect.stringContaining('team_id') });
  });

  it('refuses a short secret and a JWKS file that is not one, saying which', () => {
    expect(() => Authenticator.create({ secret: new Uint8Array(8) })).toThrow('at least 32');
    const file = join(mkdtempSync(join(tmpdir(), 'callcoach-jwks-')), 'bad.json');
    writeFileSync(file, '{"not":"keys"}');
    expect(() => Authenticator.create({ jwks: file })).toThrow('needs a "keys" array');
  });
});

describe('passwords and durations', () => {
  it('hashes with scrypt and a salt, and verifies only the right password', async () => {
    const a = await hashPassword('a long pass phrase', { n: 2 ** 12 });
    const b = await hashPassword('a long pass phrase', { n: 2 ** 12 });
    expect(a).not.toBe(b);
    expect(a).toMatch(/^scrypt\$4096\$8\$1\$/);
    expect(await verifyPassword('a long pass phrase', a)).toBe(true);
    expect(await verifyPassword('a long pass phrasE', a)).toBe(false);
  });

  it('reads 90s, 30m, 8h and 7d, and nothing else', () => {
    expect([parseDurationSeconds('90s'), parseDurationSeconds('30m'), parseDurationSeconds('8h'), parseDurationSeconds('7d')]).toEqual([90, 1800, 28_800, 604_800]);
    expect([parseDurationSeconds('8'), parseDurationSeconds('-1h'), parseDurationSeconds('0h'), parseDurationSeconds('1w')]).toEqual([undefined, undefined, undefined, undefined]);
  });
});
