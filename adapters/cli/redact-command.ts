import { userInfo } from 'node:os';
import { redactStore } from '../store/redact-store.js';
import { openFindingStore } from '../store/open-finding-store.js';
import { CliError } from './cli-error.js';
import { parseCliArgs } from './parse-cli-args.js';
import { parseRedaction } from './serve-command.js';

const USAGE = 'callcoach redact --store file.sqlite|postgres://… [--redaction all|kind,kind] [--keep-last 0-4] [--dry-run]';

/**
 * `callcoach redact`: masks the personal data in a store written before redaction was on (or with it off), rewrites
 * it in place and rebuilds the files (SQLite VACUUM, PostgreSQL VACUUM FULL) so the old text is gone from disk too.
 */
export async function redactCommand(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseCliArgs('redact', argv, { store: { type: 'string' }, redaction: { type: 'string' }, 'keep-last': { type: 'string' }, 'dry-run': { type: 'boolean' } }, USAGE);
  if (positionals.length > 0) throw new CliError(`redact: unexpected argument ${positionals[0]}\nusage: ${USAGE}`);
  const target = values.store ?? process.env.CALLCOACH_STORE;
  if (!target) throw new CliError(`redact: name the store to clean with --store\nusage: ${USAGE}`);
  const policy = parseRedaction('redact', values.redaction, values['keep-last']);
  if (policy?.redact === 'off') throw new CliError("redact: --redaction off would clean nothing; name the kinds to mask, or 'all'");
  const store = await openFindingStore(target);
  try {
    const report = await redactStore(store, policy, { subject: `cli:${userInfo().username}`, role: 'admin' }, { dryRun: values['dry-run'] === true });
    process.stdout.write(`${values['dry-run'] ? 'would change' : 'changed'} ${report.linesChanged} transcript lines and ${report.findingsChanged} findings in ${report.calls} calls${values['dry-run'] ? '' : `; ${store.kind === 'sqlite' ? 'VACUUM' : 'VACUUM FULL'} done`}\n`);
    return 0;
  } finally {
    await store.close();
  }
}
