import { describe, expect, it } from '@jest/globals';
import { runCli } from '../../support/run-cli.js';
import { writePackFiles } from '../../support/packs.js';

describe('callcoach rules test', () => {
  it('passes on the shipped packs, examples and fixture calls, with a runner-style summary', () => {
    const { code, stdout } = runCli(['rules', 'test']);
    expect(code).toBe(0);
    expect(stdout).toContain('✓ zh.forbidden.bu_guan_wo hit "不关我的事！"');
    expect(stdout).toContain('rules/packs/zh-CN-standard/fixtures/calls.jsonl');
    expect(stdout).toContain('✓ fx-en-02 passing the buck');
    expect(stdout).toMatch(/\n\d+ passed, 0 failed \(/);
  });

  it('exits 1 and marks the failing case when an example contradicts its rule', () => {
    const dir = writePackFiles({
      'pack.yaml': "id: p\nversion: 1.0.0\nlanguage: zh-CN\nrules:\n  - id: r1\n    category: forbidden_phrase\n    kind: phrase\n    match: ['不关我的事']\n    examples: { hit: ['不关我的事', '不归我管'] }\n",
    });
    const { code, stdout } = runCli(['rules', 'test', '--failures', dir]);
    expect(code).toBe(1);
    expect(stdout).toContain('✗ r1 hit "不归我管"');
    expect(stdout).not.toContain('✓');
    expect(stdout).toMatch(/1 passed, 1 failed/);
  });

  it('asks for --against and --labels together', () => {
    const { code, stderr } = runCli(['rules', 'test', 'zh-CN-standard', '--labels', 'labels.jsonl']);
    expect(code).toBe(1);
    expect(stderr).toContain('--against and --labels go together');
  });

  it('exits 1 with the problems when the pack does not compile', () => {
    const dir = writePackFiles({ 'pack.yaml': 'id: p\nversion: one\nlanguage: zh-CN\n' });
    const { code, stdout } = runCli(['rules', 'test', dir]);
    expect(code).toBe(1);
    expect(stdout).toContain('pack.yaml:2:10: error CALLCOACH_RULES_SCHEMA');
  });
});
