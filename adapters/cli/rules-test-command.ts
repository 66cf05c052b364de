import { existsSync } from 'node:fs';
import { relative } from 'node:path';
import { performance } from 'node:perf_hooks';
import { compilePack } from '../../rules/compiler/compile-pack.js';
import { loadPack } from '../../rules/compiler/load-pack.js';
import { PackError } from '../../rules/compiler/pack-problem.js';
import { resolveShippedPack } from '../../rules/packs/shipped-packs.js';
import { runRuleExamples } from '../../rules/testing/run-rule-examples.js';
import { fixtureFilesOf, runFixtureFile } from '../../rules/testing/run-fixture-file.js';
import { runLabelledCalls } from '../../rules/testing/run-labelled-calls.js';
import { CliError } from './cli-error.js';
import { formatProblemHere } from './format-problem-here.js';
import { packRefsOrShipped } from './resolve-pack-ref.js';
import { parseCliArgs } from './parse-cli-args.js';

const USAGE = 'callcoach rules test [<pack>...] [--failures] [--rule <id-glob>] [--against <calls.jsonl>... --labels <labels.jsonl>]   (no pack: every shipped pack)';

/**
 * `callcoach rules test`: every rule's examples, then the fixture calls in <pack>/fixtures/*.jsonl, through the real
 * engine; ✓/✗ per case and a summary; exit 1 when anything fails (or the pack does not compile).
 */
export async function rulesTestCommand(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseCliArgs(
    'rules test',
    argv,
    { failures: { type: 'boolean' }, rule: { type: 'string' }, against: { type: 'string', multiple: true }, labels: { type: 'string' } },
    USAGE,
  );
  const against = values.against ?? [];
  if ((against.length > 0) !== (values.labels !== undefined)) throw new CliError(`rules test: --against and --labels go together (recorded calls and their QA labels)\nusage: ${USAGE}`);
  for (const file of [...against, ...(values.labels ? [values.labels] : [])]) if (!existsSync(file)) throw new CliError(`rules test: ${file}: no such file`);
  const started = performance.now();
  const ruleFilter = values.rule ? new RegExp(`^${values.rule.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`) : undefined;
  let passed = 0;
  let failed = 0;
  const out = (line: string) => process.stdout.write(line + '\n');
  const show = (ok: boolean, line: string, details: readonly string[] = []) => {
    if (ok) passed++;
    else failed++;
    if (ok && values.failures) return;
    out(`    ${ok ? '✓' : '✗'} ${line}`);
    for (const d of details) out(`        ${d}`);
  };

  for (const ref of packRefsOrShipped('rules test', positionals)) {
    let loaded;
    let pack;
    try {
      loaded = loadPack(ref, resolveShippedPack);
      pack = compilePack(loaded).pack;
    } catch (err) {
      if (!(err instanceof PackError)) throw err;
      out(`✗ ${ref}: the pack does not compile`);
      for (const p of err.problems) out(`    ${formatProblemHere(p)}`);
      failed++;
      continue;
    }
    out(`${pack.id}@${pack.version}`);
    const rules = loaded.rules.map((r) => r.rule).filter((r) => !ruleFilter || ruleFilter.test(r.id));
    out('  examples');
    for (const r of runRuleExamples(pack, rules)) {
      show(r.passed, `${r.ruleId} ${r.expect} ${JSON.stringify(r.text)}`, r.passed ? [] : [r.expect === 'hit' ? 'expected a finding, got none' : `expected no finding, got one: ${r.detail}`]);
    }
    for (const file of fixtureFilesOf(loaded.file)) {
      out(`  ${relative(process.cwd(), file)}`);
      for (const r of runFixtureFile(pack, file)) show(r.passed, `${r.callId}${r.title ? ` ${r.title}` : ''}`, r.failures);
    }
    if (values.labels) {
      out(`  labelled calls (${relative(process.cwd(), values.labels)})`);
      for (const r of runLabelledCalls(pack, against, values.labels)) show(r.passed, r.callId, r.failures);
    }
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  out(`\n${passed} passed, ${failed} failed (${seconds} s)`);
  return failed > 0 ? 1 : 0;
}
