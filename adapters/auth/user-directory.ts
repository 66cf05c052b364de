import { randomBytes, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { isRole, type Role } from './roles.js';

/** One person who signs in with a password. */
export interface UserRecord {
  readonly username: string;
  /** "scrypt$N$r$p$salt$hash" (base64url), from `callcoach user hash`. */
  readonly password: string;
  readonly role: Role;
  readonly agentId?: string;
  readonly teamId?: string;
}

/** The users file: people, their roles and password hashes (never the passwords). */
export interface UserDirectory {
  /** The user when the password is right; undefined otherwise (same time either way). */
  check(username: string, password: string): Promise<UserRecord | undefined>;
}

// OWASP's scrypt floor (N=2^17, r=8, p=1) costs 128 MiB per hash: fine for a login form, too slow to brute-force.
const N = 2 ** 17;
const R = 8;
const P = 1;
const KEY_BYTES = 32;

function scrypt(password: string, salt: Buffer, n: number, r: number, p: number): Promise<Buffer> {
  const options: ScryptOptions = { N: n, r, p, maxmem: 256 * n * r };
  return new Promise((resolve, reject) => scryptCallback(password, salt, KEY_BYTES, options, (err, key) => (err ? reject(err) : resolve(key))));
}

/** A password hash for the users file. */
export async function hashPassword(password: string, cost: { n?: number } = {}): Promise<string> {
  const salt = randomBytes(16);
  const n = cost.n ?? N;
  const key = await scrypt(password, salt, n, R, P);
  return ['scrypt', n, R, P, salt.toString('base64url'), key.toString('base64url')].join('$');
}

export async function verifyPassword(password: string, hash: string): Promise<boolean> {
  const [scheme, n, r, p, salt, key] = hash.split('$');
  if (scheme !== 'scrypt' || !salt || !key) return false;
  const expected = Buffer.from(key, 'base64url');
  const actual = await scrypt(password, Buffer.from(salt, 'base64url'), Number(n), Number(r), Number(p));
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** Reads a users file (JSON: {"users": [...]}) and says which entry is wrong if one is. */
export function loadUserDirectory(file: string): UserDirectory {
  let parsed: { users?: unknown };
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8')) as { users?: unknown };
  } catch (err) {
    throw new Error(`cannot read the users file ${file}: ${(err as Error).message}`, { cause: err });
  }
  if (!Array.isArray(parsed.users)) throw new Error(`${file}: expected {"users": [...]}`);
  const users = new Map<string, UserRecord>();
  parsed.users.forEach((u: Partial<UserRecord>, i: number) => {
    const where = `${file}: users[${i}]`;
    if (typeof u.username !== 'string' || !u.username) throw new Error(`${where}: username is missing`);
    if (typeof u.password !== 'string' || !u.password.startsWith('scrypt$')) throw new Error(`${where} (${u.username}): password must be a scrypt hash from \`callcoach user hash\`, never the password itself`);
    if (!isRole(u.role)) throw new Error(`${where} (${u.username}): role must be agent, supervisor, qa or admin`);
    if (u.role === 'agent' && !u.agentId) throw new Error(`${where} (${u.username}): an agent needs an agentId`);
    if (u.role === 'supervisor' && !u.teamId) throw new Error(`${where} (${u.username}): a supervisor needs a teamId`);
    users.set(u.username, u as UserRecord);
  });
  // Checked against when the user is unknown, so a wrong name costs the same time as a wrong password.
  const decoy = `scrypt$${N}$${R}$${P}$${randomBytes(16).toString('base64url')}$${randomBytes(KEY_BYTES).toString('base64url')}`;
  return {
    check: async (username, password) => {
      const user = users.get(username);
      const ok = await verifyPassword(password, user?.password ?? decoy);
      return ok && user ? user : undefined;
    },
  };
}
