import { describe, expect, it } from '@jest/globals';
import { runCli } from '../../support/run-cli.js';

describe('callcoach rules explain', () => {
  it('prints the compiled form of a shipped pack rule by rule', () => {
    const { code, stdout } = runCli(['rules', 'explain', 'zh-CN-standard', '--rule', 'zh.forbidden.bu_guan_wo']);
    expect(code).toBe(0);
    expect(stdout).toContain('zh.forbidden.bu_guan_wo  phrase · forbidden_phrase');
    expect(stdout).toContain('4 variants: 不关我们的事 · 不关我们事 · 不关我的事 · 不关我事');
  });

  it('asks for a pack when none is given', () => {
    const { code, stderr } = runCli(['rules', 'explain']);
    expect(code).toBe(1);
    expect(stderr).toContain('name a pack');
  });
});
