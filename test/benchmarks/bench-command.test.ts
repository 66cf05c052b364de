import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Run as a command (the build is part of `npm test`): nothing imports benchmarks/.
const bench = (...args: string[]) => spawnSync(process.execPath, ['bin/bench.js', ...args], { encoding: 'utf8' });

describe('npm run bench', () => {
  it('writes one section per suite, and says so when the corpus is missing', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'callcoach-bench-')), 'RESULTS.md');
    const run = bench('--quick', '--corpus', join(tmpdir(), 'no-such-corpus'), '--out', out);
    expect(run.status).toBe(0);
    const results = readFileSync(out, 'utf8');
    for (const suite of ['phrase-matchers', 'noise-robustness', 'held-out-phrasings', 'provisional-policy', 'partial-analysis']) expect(results).toContain(`suite \`${suite}\``);
    expect(results).toContain('Skipped: no corpus');
    // The hand-written phrasings ship with the repository, so that suite runs without the corpus.
    expect(results).toMatch(/\| set-\w+ \| zh \| innocent near misses \| \d+\/\d+ \|/);
  });

  it('refuses an unknown suite name', () => {
    const run = bench('no-such-suite');
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('unknown suite no-such-suite');
  });
});
