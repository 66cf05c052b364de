import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './support/run-cli.js';

describe('the README’s "Embed callcoach" example', () => {
  it('runs as written, importing callcoach by its package name, and masks the customer’s number', () => {
    const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Embed callcoach'));
    const code = /```js\n([\s\S]*?)```/.exec(section)?.[1];
    expect(code).toBeDefined();
    // Inside the package, Node resolves its own name through package.json "exports" (self-reference).
    const dir = join(REPO_ROOT, 'dist', 'embed-example');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, 'example.mjs');
    writeFileSync(file, code as string);
    const run = spawnSync(process.execPath, [file], { encoding: 'utf8', cwd: REPO_ROOT, timeout: 60_000 });
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('nudge: 请勿反问');
    expect(run.stdout).toContain('stored as: 我的手机号是[电话 ••5678]');
    expect(run.stdout).not.toContain('13812345678');
  });
});
