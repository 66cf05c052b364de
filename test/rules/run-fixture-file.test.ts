import { describe, expect, it } from '@jest/globals';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixtureFilesOf, runFixtureFile } from '../../rules/testing/run-fixture-file.js';
import { callScript } from '../support/call-script.js';
import { packFromYaml, writePackFiles } from '../support/packs.js';

const pack = packFromYaml(
  "id: p\nversion: 1.0.0\nlanguage: zh-CN\nrules:\n  - id: p.buguan\n    category: forbidden_phrase\n    kind: phrase\n    nudge: x\n    match: ['不关我的事']\n  - id: p.hangup\n    category: agent_hangup_first\n    kind: hangup\n",
);

function fixture(lines: ReadonlyArray<string | object>): string {
  const dir = writePackFiles({ 'pack.yaml': '' });
  mkdirSync(join(dir, 'fixtures'));
  const file = join(dir, 'fixtures', 'calls.jsonl');
  writeFileSync(file, lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n') + '\n');
  return file;
}

const rude = callScript('c1').agent('您好').agent('这不关我的事。').end('agent').events;

describe('runFixtureFile', () => {
  it('passes when the findings are exactly the expected ones', () => {
    const file = fixture([{ expect: 'c1', title: 't', findings: [{ rule: 'p.buguan', utterance: 'u2' }, { rule: 'p.hangup' }] }, ...rude]);
    expect(runFixtureFile(pack, file)).toEqual([{ file, line: 1, callId: 'c1', title: 't', passed: true, failures: [] }]);
  });

  it('fails on a missing finding and on an unexpected one in scope, saying which', () => {
    const file = fixture([{ expect: 'c1', findings: [{ rule: 'p.buguan', utterance: 'u1' }] }, ...rude]);
    const [result] = runFixtureFile(pack, file);
    expect(result?.passed).toBe(false);
    expect(result?.failures).toEqual([
      'expected p.buguan at u1, but it was not flagged there (it was flagged at u2)',
      expect.stringContaining('unexpected p.buguan at u2'),
      expect.stringContaining('unexpected p.hangup'),
    ]);
  });

  it('ignores findings of rules outside the scope', () => {
    const file = fixture([{ expect: 'c1', findings: [{ rule: 'p.buguan' }], scope: ['p.bu*'] }, ...rude]);
    expect(runFixtureFile(pack, file)[0]?.passed).toBe(true);
  });

  it('reports broken lines and calls without expectations with their line', () => {
    const file = fixture([{ expect: 'c1', findings: 'none' }, 'not json', ...callScript('c2').agent('您好').end().events]);
    const results = runFixtureFile(pack, file);
    expect(results.map((r) => [r.line, r.passed, r.failures[0]])).toEqual([
      [1, false, expect.stringContaining('"findings" must be a list')],
      [1, false, 'call c2 has events but no {"expect":"c2", …} record'],
      [2, false, 'line 2 is not JSON'],
    ]);
  });

  it('finds fixture files beside a pack', () => {
    const file = fixture([]);
    expect(fixtureFilesOf(join(file, '..', '..', 'pack.yaml'))).toEqual([file]);
  });
});
