import { describe, expect, it } from '@jest/globals';
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveShippedPack } from '../../../rules/packs/shipped-packs.js';
import { REPO_ROOT, runCli } from '../../support/run-cli.js';

// The labelled development corpus beside the repository (shared/eval-dev); a backtest is meant to run on such calls.
const EVAL_DEV = join(REPO_ROOT, '..', 'shared', 'eval-dev', 'calls.jsonl');

/** The shipped zh-CN pack copied to a temp folder with one change: the 推诿 rule zh.forbidden.bu_guan_wo switched off. */
function changedPack(): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'callcoach-diff-')), 'zh-new');
  cpSync(join(resolveShippedPack('zh-CN-standard') as string, '..'), dir, { recursive: true });
  const pack = join(dir, 'pack.yaml');
  writeFileSync(pack, readFileSync(pack, 'utf8').replace(/^version: .*$/m, 'version: 9.9.9'));
  const forbidden = join(dir, 'forbidden.yaml');
  const text = readFileSync(forbidden, 'utf8');
  expect(text).toContain('  - id: zh.forbidden.bu_guan_wo\n');
  writeFileSync(forbidden, text.replace('  - id: zh.forbidden.bu_guan_wo\n', '  - id: zh.forbidden.bu_guan_wo\n    enabled: false\n'));
  return dir;
}

describe('callcoach rules diff', () => {
  it('backtests a rule change on eval-dev calls: +N per rule with call, utterance and evidence', () => {
    expect(existsSync(EVAL_DEV)).toBe(true);
    // Two calls of the corpus where the agent says 不管我的事 (不关我的事, misheard), plus one call without it.
    const wanted = new Set(['zh-0019', 'zh-0089', 'zh-0001']);
    const lines = readFileSync(EVAL_DEV, 'utf8')
      .split('\n')
      .filter((l) => l && wanted.has((JSON.parse(l) as { callId: string }).callId));
    const calls = join(mkdtempSync(join(tmpdir(), 'callcoach-calls-')), 'calls.jsonl');
    writeFileSync(calls, lines.join('\n') + '\n');

    const labels = join(mkdtempSync(join(tmpdir(), 'callcoach-labels-')), 'labels.jsonl');
    writeFileSync(labels, readFileSync(join(EVAL_DEV, '..', 'labels.jsonl'), 'utf8').split('\n').filter((l) => l && wanted.has((JSON.parse(l) as { callId: string }).callId)).join('\n') + '\n');

    const { code, stdout, stderr } = runCli(['rules', 'diff', 'zh-CN-standard', changedPack(), '--against', calls, '--labels', labels]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain('backtest: zh-CN-standard@1.0.0 → zh-CN-standard@9.9.9 on 3 zh-CN calls');
    expect(stdout).toMatch(/zh\.forbidden\.bu_guan_wo\s+removed\s+2\s+0\s+\+0\s+−2/);
    expect(stdout).toMatch(/− zh-0019 u18 @[\d.]+s {2}"不管我的事" {2}\[labelled\]/);
    expect(stdout).toContain('−2: 2 labelled violations, 0 not labelled');
    expect(stdout).toContain('total: ');
  });

  it('refuses to run without calls to backtest on', () => {
    const { code, stderr } = runCli(['rules', 'diff', 'zh-CN-standard', 'zh-CN-standard']);
    expect(code).toBe(1);
    expect(stderr).toContain('--against');
  });
});
