import { performance } from 'node:perf_hooks';
import { lintPack, type LintReport } from '../../rules/lint/lint-pack.js';
import { resolveShippedPack } from '../../rules/packs/shipped-packs.js';
import { formatProblemHere } from './format-problem-here.js';
import { packRefsOrShipped } from './resolve-pack-ref.js';
import { parseCliArgs } from './parse-cli-args.js';

const USAGE = 'callcoach rules lint [<pack>...] [--strict] [--include-base] [--json]   (no pack: every shipped pack)';

/** `callcoach rules lint`: every error and warning with file:line:column; exit 1 on errors (or warnings with --strict). */
export async function rulesLintCommand(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseCliArgs('rules lint', argv, { strict: { type: 'boolean' }, 'include-base': { type: 'boolean' }, json: { type: 'boolean' } }, USAGE);
  const refs = packRefsOrShipped('rules lint', positionals);
  const reports: Array<LintReport & { durationMs: number }> = [];
  for (const ref of refs) {
    const started = performance.now();
    const report = lintPack(ref, resolveShippedPack, { includeBase: values['include-base'] === true });
    reports.push({ ...report, durationMs: Math.round(performance.now() - started) });
  }
  if (values.json) process.stdout.write(JSON.stringify(reports, null, 2) + '\n');
  else {
    for (const r of reports) {
      for (const p of r.problems) process.stdout.write(formatProblemHere(p) + '\n');
      const name = r.packId ? `${r.packId}@${r.version}` : r.file;
      process.stdout.write(`${r.errors === 0 ? '✓' : '✗'} ${name}: ${plural(r.errors, 'error')}, ${plural(r.warnings, 'warning')} (${r.durationMs} ms)\n`);
    }
  }
  const failed = reports.some((r) => r.errors > 0 || (values.strict === true && r.warnings > 0));
  return failed ? 1 : 0;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
