import { describe, expect, it } from '@jest/globals';
import { runCli } from '../../support/run-cli.js';
import { writePackFiles } from '../../support/packs.js';

const header = 'id: p\nversion: 1.0.0\nlanguage: zh-CN\n';

describe('callcoach rules lint', () => {
  it('exits 0 on the shipped packs and prints a summary per pack', () => {
    const { code, stdout } = runCli(['rules', 'lint']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/✓ zh-CN-standard@\d+\.\d+\.\d+: 0 errors/);
    expect(stdout).toMatch(/✓ en-US-standard@\d+\.\d+\.\d+: 0 errors/);
  });

  it('exits 1 on errors, naming file:line:column, code and rule, without a stack trace', () => {
    const dir = writePackFiles({ 'pack.yaml': `${header}rules:\n  - id: r1\n    category: forbidden_phrase\n    kind: phrase\n    nudge: x\n    macth: ['不关我的事']\n` });
    const { code, stdout, stderr } = runCli(['rules', 'lint', dir]);
    expect(code).toBe(1);
    expect(stdout).toContain('pack.yaml:9:5: error CALLCOACH_RULES_UNKNOWN_KEY [r1]: unknown key "macth"; did you mean "match"?');
    expect(stdout).toContain('1 error');
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('fails on warnings with --strict', () => {
    const dir = writePackFiles({ 'pack.yaml': `${header}rules:\n  - id: r1\n    category: forbidden_phrase\n    kind: phrase\n    match: ['不关我的事']\n    examples: { hit: ['不关我的事'] }\n` });
    expect(runCli(['rules', 'lint', dir]).code).toBe(0);
    expect(runCli(['rules', 'lint', '--strict', dir]).code).toBe(1);
  });

  it('says so when a pack does not exist', () => {
    const { code, stderr } = runCli(['rules', 'lint', 'no-such-pack']);
    expect(code).toBe(1);
    expect(stderr).toContain('"no-such-pack" is neither a pack file or folder nor a shipped pack id');
  });

  it('checks that the committed JSON Schema is fresh', () => {
    expect(runCli(['rules', 'schema', '--check']).code).toBe(0);
  });
});
