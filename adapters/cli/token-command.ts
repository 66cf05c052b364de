import { Authenticator } from '../auth/authenticator.js';
import { parseDurationSeconds } from '../auth/parse-duration.js';
import { isRole, ROLES } from '../auth/roles.js';
import { hashPassword } from '../auth/user-directory.js';
import { configuredSecret } from './auth-options.js';
import { CliError } from './cli-error.js';
import { parseCliArgs } from './parse-cli-args.js';

const USAGE = 'callcoach token create --role agent|supervisor|qa|admin|ingest [--agent A1] [--team T1] [--subject name] [--ttl 8h] [--auth-secret-file f]\n       callcoach user hash   (reads a password on stdin, prints its scrypt hash for the users file)';

/** `callcoach token create`: a signed token for an operator to hand out (HS256, with CALLCOACH_AUTH_SECRET). */
export async function tokenCommand(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseCliArgs(
    'token',
    argv,
    {
      role: { type: 'string' },
      agent: { type: 'string' },
      team: { type: 'string' },
      subject: { type: 'string' },
      ttl: { type: 'string', default: '8h' },
      'auth-secret-file': { type: 'string' },
      'auth-issuer': { type: 'string' },
      'auth-audience': { type: 'string' },
    },
    USAGE,
  );
  if (positionals[0] !== 'create' || positionals.length > 1) throw new CliError(`token: expected "token create"\nusage: ${USAGE}`);
  if (!isRole(values.role)) throw new CliError(`token create: --role must be one of ${ROLES.join(', ')}`);
  const ttl = parseDurationSeconds(values.ttl ?? '8h');
  if (ttl === undefined) throw new CliError('token create: --ttl must be a duration such as 90s, 30m, 8h or 7d');
  if (ttl > 90 * 86_400) throw new CliError('token create: --ttl may be at most 90d; hand out a new token instead of one that never expires');
  if (values.role === 'agent' && !values.agent) throw new CliError('token create: an agent token needs --agent <agent id>');
  if (values.role === 'supervisor' && !values.team) throw new CliError('token create: a supervisor token needs --team <team id>');
  const secret = configuredSecret('token create', values);
  if (!secret) throw new CliError('token create: no signing secret: set CALLCOACH_AUTH_SECRET or pass --auth-secret-file (the same one the server uses)');
  let auth: Authenticator;
  try {
    auth = Authenticator.create({ secret, ...(values['auth-issuer'] ? { issuer: values['auth-issuer'] } : {}), ...(values['auth-audience'] ? { audience: values['auth-audience'] } : {}) });
  } catch (err) {
    throw new CliError(`token create: ${(err as Error).message}`);
  }
  const subject = values.subject ?? values.agent ?? `${values.role}${values.team ? `@${values.team}` : ''}`;
  const token = await auth.issue({ subject, role: values.role, ...(values.agent ? { agentId: values.agent } : {}), ...(values.team ? { teamId: values.team } : {}) }, ttl);
  process.stdout.write(token + '\n');
  return 0;
}

/** `callcoach user hash`: the password comes on stdin so it never shows in the process list or shell history. */
export async function userCommand(argv: readonly string[]): Promise<number> {
  if (argv[0] !== 'hash' || argv.length > 1) throw new CliError(`user: expected "user hash"\nusage: ${USAGE}`);
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const password = Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
  if (password.length < 12) throw new CliError('user hash: use a password of at least 12 characters');
  process.stdout.write((await hashPassword(password)) + '\n');
  return 0;
}
