import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { callScript } from '../../support/call-script.js';
import { writePackFiles } from '../../support/packs.js';
import { runCli } from '../../support/run-cli.js';

const pack = (version: string, match: string) =>
  `id: team\nversion: ${version}\nlanguage: zh-CN\nrules:\n  - id: team.buguan\n    category: forbidden_phrase\n    kind: phrase\n    nudge: x\n    match: ${match}\n    examples: { hit: ['不关我的事'] }\n`;

describe('callcoach rules diff with a git revision', () => {
  it('backtests the committed version of a pack against the working copy (rev:path)', () => {
    const repo = writePackFiles({});
    const git = (...args: string[]) => spawnSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], { cwd: repo, encoding: 'utf8' });
    mkdirSync(join(repo, 'packs', 'team'), { recursive: true });
    writeFileSync(join(repo, 'packs', 'team', 'pack.yaml'), pack('1.0.0', "['不关我的事']"));
    expect(git('init', '-q').status).toBe(0);
    git('add', '.');
    expect(git('commit', '-qm', 'v1').status).toBe(0);
    writeFileSync(join(repo, 'packs', 'team', 'pack.yaml'), pack('1.1.0', "['不(关|管)我的事']"));
    const calls = join(repo, 'calls.jsonl');
    writeFileSync(calls, callScript('c1').agent('您好').agent('不管我的事').end().events.map((e) => JSON.stringify(e)).join('\n') + '\n');

    const { code, stdout, stderr } = runCli(['rules', 'diff', 'HEAD:packs/team', 'packs/team', '--against', calls], repo);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain('backtest: team@1.0.0 → team@1.1.0 on 1 zh-CN calls');
    expect(stdout).toMatch(/\+ c1 u2 @[\d.]+s {2}"不管我的事"/);

    const missing = runCli(['rules', 'diff', 'nope:packs/team', 'packs/team', '--against', calls], repo);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('cannot read nope:packs/team from git');
  });
});
